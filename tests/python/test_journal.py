"""The journal from Python: people and uploads kept across restarts and processes, callbacks
exchanged once, ambiguous uploads held for the caller, erasure, exports without secrets, and the
files it refuses — on SQLite, and a smoke run on PostgreSQL."""

from __future__ import annotations

import asyncio
import copy
import json
import os
import pickle
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

import seedance_assets
from seedance_assets import (
    AssetStatus,
    AssetType,
    AsyncJournal,
    CallbackError,
    ConfigurationError,
    InvalidArgumentError,
    Journal,
    JournaledAsset,
    JournalError,
    OutcomeUnknownError,
    Person,
)
from seedance_assets.testing import Simulator

from conftest import CALLBACK_URL

CLIP_URL = "https://cdn.example/clip.mp4"


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.sqlite3"


@pytest.fixture
def journal(journal_path: Path) -> Journal:
    return Journal(journal_path)


@pytest.fixture
def jclient(sim: Simulator, journal: Journal) -> Iterator[seedance_assets.Client]:
    with sim.client(rate_limits=False, journal=journal) as c:
        yield c


def passed_callback(sim: Simulator, client: seedance_assets.Client, reference: str) -> str:
    """A session for `reference` and the URL the person's browser comes back to."""
    session = client.create_validation_session(CALLBACK_URL, reference=reference, consent="signed form 7")
    return sim.complete_validation(session.byted_token)


def validated(sim: Simulator, client: seedance_assets.Client, reference: str) -> Person:
    return client.complete_validation(passed_callback(sim, client, reference))


def test_a_new_journal_on_the_same_file_sees_the_person_and_the_assets(
    sim: Simulator, jclient: seedance_assets.Client, journal_path: Path
) -> None:
    person = validated(sim, jclient, "user-42")
    assert isinstance(person, Person)
    assert person.reference == "user-42"
    assert isinstance(person.validated_at, datetime)
    uploaded = jclient.upload_asset(
        name="front", asset_type=AssetType.IMAGE, asset_url="https://cdn.example/front.jpg", group_id=person.group_id
    )
    jclient.close()

    reopened = Journal(journal_path)
    assert reopened.location == str(journal_path)
    assert reopened.person("user-42") == person
    assert reopened.people() == [person]
    [recorded] = reopened.assets(reference="user-42")
    assert recorded.asset_id == uploaded.asset_id
    assert recorded.reference_uri == uploaded.reference
    assert recorded.group_id == person.group_id
    assert recorded.asset_type is AssetType.IMAGE
    assert recorded.status == AssetStatus.PROCESSING
    assert reopened.asset(recorded.key) == recorded
    assert reopened.assets(group_id=person.group_id) == [recorded]
    assert reopened.assets(status="Active") == []
    assert reopened.person("user-nobody") is None


def test_a_callback_delivered_twice_is_exchanged_once(sim: Simulator, jclient: seedance_assets.Client) -> None:
    redirect = passed_callback(sim, jclient, "user-2")
    first = jclient.complete_validation(redirect)
    again = jclient.complete_validation(redirect)
    assert first == again
    assert hash(first) == hash(again)
    assert sim.request_count("get_validation_result") == 1


_CHILD = textwrap.dedent(
    """
    import json, sys
    from concurrent.futures import ThreadPoolExecutor
    import seedance_assets

    url, key, path, redirect = sys.argv[1:5]
    journal = seedance_assets.Journal(path)
    with seedance_assets.Client(key, base_url=url, journal=journal, rate_limits=False) as client:
        with ThreadPoolExecutor(2) as pool:
            people = list(pool.map(lambda _: client.complete_validation(redirect), range(2)))
    print(json.dumps([p.group_id for p in people]))
    """
)


def test_eight_callbacks_from_four_processes_make_one_exchange(
    sim: Simulator, jclient: seedance_assets.Client, journal: Journal, journal_path: Path
) -> None:
    redirect = passed_callback(sim, jclient, "user-8")
    # A slow answer keeps the first exchange open while the other callers arrive.
    sim.inject_fault("get_validation_result", "slow", delay=2.0)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, sim.url, sim.api_key, str(journal_path), redirect],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    groups: list[str] = []
    for child in children:
        out, err = child.communicate(timeout=90)
        assert child.returncode == 0, err
        groups += json.loads(out)
    assert len(groups) == 8
    assert set(groups) == {journal.person("user-8").group_id}  # type: ignore[union-attr]
    assert sim.request_count("get_validation_result") == 1


def test_unknown_failed_and_malformed_callbacks_make_no_request(
    sim: Simulator, jclient: seedance_assets.Client, client: seedance_assets.Client, journal: Journal
) -> None:
    # A session made without the journal: its token is unknown to it.
    foreign = client.create_validation_session(CALLBACK_URL)
    with pytest.raises(CallbackError) as unknown:
        jclient.complete_validation(sim.complete_validation(foreign.byted_token))
    assert unknown.value.reason == "unknown_token"
    assert foreign.byted_token not in str(unknown.value)

    session = jclient.create_validation_session(CALLBACK_URL, reference="user-f")
    with pytest.raises(CallbackError) as failed:
        jclient.complete_validation(sim.complete_validation(session.byted_token, passed=False))
    assert failed.value.reason == "not_passed"

    with pytest.raises(CallbackError) as malformed:
        jclient.complete_validation("https://app.example/cb?resultCode=10000")
    assert malformed.value.reason == "malformed"

    assert sim.request_count("get_validation_result") == 0
    assert journal.person("user-f") is None


def test_an_ambiguous_upload_raises_with_its_key_until_resolved(
    sim: Simulator, jclient: seedance_assets.Client, journal: Journal
) -> None:
    upload = {"name": "clip", "asset_type": "Video", "asset_url": CLIP_URL, "key": "actor-7/clip"}
    sim.inject_fault("upload_asset", "server_error_after")
    with pytest.raises(OutcomeUnknownError) as first:
        jclient.upload_asset(**upload)  # type: ignore[arg-type]
    assert first.value.key == "actor-7/clip"
    with pytest.raises(OutcomeUnknownError) as again:
        jclient.upload_asset(**upload)  # type: ignore[arg-type]
    assert again.value.key == "actor-7/clip"
    assert sim.request_count("upload_asset") == 1

    [pending] = journal.pending()
    assert pending.key == "actor-7/clip"
    assert pending.status == "Ambiguous"
    assert pending.is_unresolved()
    assert pending.asset_id is None and pending.reference_uri is None

    # The caller says it did not happen: the record goes, and the next upload is sent.
    assert journal.resolve("actor-7/clip") is None
    uploaded = jclient.upload_asset(**upload)  # type: ignore[arg-type]
    assert sim.request_count("upload_asset") == 2
    with pytest.raises(InvalidArgumentError):
        journal.resolve("actor-7/clip", "asset-x")
    kept = journal.asset("actor-7/clip")
    assert kept is not None and kept.asset_id == uploaded.asset_id


def test_resolved_asset_id_and_allow_duplicate(
    sim: Simulator, jclient: seedance_assets.Client, journal: Journal
) -> None:
    voice = {"name": "voice", "asset_type": AssetType.AUDIO, "asset_url": "https://cdn.example/voice.mp3"}
    sim.inject_fault("upload_asset", "truncated_body")
    with pytest.raises(OutcomeUnknownError) as lost:
        jclient.upload_asset(**voice)  # type: ignore[arg-type]
    key = lost.value.key
    assert key is not None
    resolved = journal.resolve(key, "asset-known")
    assert resolved is not None and resolved.status == AssetStatus.PROCESSING
    assert jclient.upload_asset(**voice).asset_id == "asset-known"  # type: ignore[arg-type]

    other = {"name": "voice2", "asset_type": "Audio", "asset_url": "https://cdn.example/voice2.mp3"}
    sim.inject_fault("upload_asset", "truncated_body")
    with pytest.raises(OutcomeUnknownError):
        jclient.upload_asset(**other)  # type: ignore[arg-type]
    forced = jclient.upload_asset(**other, allow_duplicate=True)  # type: ignore[arg-type]
    assert forced.asset_id
    # The two first attempts and the forced one; the resolved key sent nothing.
    assert sim.request_count("upload_asset") == 3


def test_the_same_upload_is_sent_once_and_waiting_keeps_its_status(
    sim: Simulator, jclient: seedance_assets.Client, journal: Journal
) -> None:
    group = validated(sim, jclient, "user-u").group_id
    first, second = (
        jclient.upload_asset(
            name="front",
            asset_type="Image",
            asset_url=f"https://cdn.example/front.jpg?X-Amz-Signature={sig}",
            group_id=group,
        )
        for sig in ("one", "two")
    )
    assert first.asset_id == second.asset_id
    assert sim.request_count("upload_asset") == 1
    [recorded] = journal.assets(reference="user-u")
    assert recorded.asset_url == "https://cdn.example/front.jpg"
    assert recorded.attempts == 1
    jclient.wait_for_asset(first.asset_id, timeout=30)
    active = journal.asset(recorded.key)
    assert active is not None and active.status is AssetStatus.ACTIVE


def test_forget_erases_a_person_and_export_holds_no_secrets(
    sim: Simulator, jclient: seedance_assets.Client, journal: Journal
) -> None:
    session = jclient.create_validation_session(CALLBACK_URL, reference="user-e")
    group = jclient.complete_validation(sim.complete_validation(session.byted_token)).group_id
    jclient.upload_asset(
        name="a", asset_type="Image", asset_url="https://cdn.example/a.jpg?sig=SECRETSIG", group_id=group
    )
    pending = jclient.create_validation_session(CALLBACK_URL, reference="user-p")

    records = list(journal.export())
    assert {r["kind"] for r in records} >= {"person", "session", "asset", "history"}
    dumped = json.dumps(records)  # JSON-ready as given
    for secret in (session.byted_token, pending.byted_token, "SECRETSIG"):
        assert secret not in dumped
    assert "user-e" in dumped
    [person] = [r for r in records if r["kind"] == "person"]
    assert datetime.fromisoformat(person["validated_at"].replace("Z", "+00:00"))

    assert journal.forget("user-e") >= 3
    assert journal.person("user-e") is None
    dumped = json.dumps(list(journal.export()))
    assert "user-e" not in dumped and group not in dumped
    assert "user-p" in dumped


def test_a_read_only_journal_reads_and_refuses_writes(
    sim: Simulator, jclient: seedance_assets.Client, journal_path: Path
) -> None:
    validated(sim, jclient, "user-ro")
    read_only = Journal(journal_path, read_only=True)
    assert "read_only=True" in repr(read_only)
    assert read_only.person("user-ro") is not None
    with pytest.raises(JournalError) as refused:
        read_only.forget("user-ro")
    assert refused.value.reason == "read_only"

    sim.reset_counters()
    with sim.client(rate_limits=False, journal=read_only) as ro_client, pytest.raises(JournalError) as no_intent:
        ro_client.upload_asset(name="a", asset_type="Image", asset_url="https://cdn.example/ro.jpg")
    assert no_intent.value.reason == "read_only"
    assert sim.total_requests == 0


async def test_a_corrupt_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite3"
    garbage = b"this is not a database, it is a shopping list\n" * 200
    path.write_bytes(garbage)
    with pytest.raises(JournalError) as corrupt:
        Journal(path)
    assert corrupt.value.reason == "corrupt"
    assert isinstance(corrupt.value, OSError)

    lazy = AsyncJournal(str(path))  # opens nothing yet
    with pytest.raises(JournalError) as on_first_call:
        await lazy.people()
    assert on_first_call.value.reason == "corrupt"
    with pytest.raises(JournalError):
        await AsyncJournal.open(path)
    assert path.read_bytes() == garbage


async def test_async_journal_with_async_client(sim: Simulator, journal_path: Path) -> None:
    journal = AsyncJournal(journal_path)
    async with sim.async_client(rate_limits=False, journal=journal) as client:
        session = await client.create_validation_session(CALLBACK_URL, reference="user-a")
        redirect = sim.complete_validation(session.byted_token)
        call = client.complete_validation(redirect)
        assert asyncio.iscoroutine(call)
        people = await asyncio.gather(call, *(client.complete_validation(redirect) for _ in range(3)))
        assert len(set(people)) == 1
        person = people[0]
        assert sim.request_count("get_validation_result") == 1
        uploaded = await client.upload_asset(
            name="a", asset_type="Image", asset_url="https://cdn.example/a.jpg", group_id=person.group_id, key="a"
        )
        again = await client.upload_asset(name="a", asset_type="Image", asset_url=CLIP_URL, key="a")
        assert again.asset_id == uploaded.asset_id

    assert await journal.person("user-a") == person
    assert await journal.people() == [person]
    [recorded] = await journal.assets(reference="user-a")
    assert await journal.asset("a") == recorded
    assert await journal.pending() == [recorded]  # still under review
    assert any(r["kind"] == "asset" for r in await journal.export())
    assert journal.location == str(journal_path)

    opened = await AsyncJournal.open(journal_path, read_only=True)
    assert await opened.person("user-a") == person
    with pytest.raises(JournalError):
        await opened.forget("user-a")
    assert await journal.forget("user-a") >= 2

    # A blocking client takes an AsyncJournal too.
    with sim.client(rate_limits=False, journal=journal) as blocking:
        assert validated(sim, blocking, "user-b").reference == "user-b"
    assert (await journal.person("user-b")) is not None


def test_without_a_journal(sim: Simulator, client: seedance_assets.Client) -> None:
    with pytest.raises(ConfigurationError):
        client.complete_validation("https://app.example/cb?bytedToken=abc&resultCode=10000")
    with pytest.raises(ConfigurationError):
        client.create_validation_session(CALLBACK_URL, reference="user-1")
    with pytest.raises(ConfigurationError):
        client.upload_asset(name="a", asset_type="Image", asset_url="https://cdn.example/a.jpg", key="k")
    assert sim.total_requests == 0
    with pytest.raises(InvalidArgumentError) as wrong:
        sim.client(journal="journal.sqlite3")
    assert "journal" in str(wrong.value)


def test_bad_arguments_name_their_field(journal: Journal, tmp_path: Path) -> None:
    for call, field in (
        (lambda: journal.person(""), "reference"),
        (lambda: journal.forget(" x"), "reference"),
        (lambda: journal.resolve(""), "key"),
        (lambda: Journal("  "), "path_or_url"),
        (lambda: AsyncJournal(""), "path_or_url"),
        (lambda: Journal(42), "path_or_url"),  # type: ignore[arg-type]
    ):
        with pytest.raises(InvalidArgumentError) as refused:
            call()
        assert field in str(refused.value)


def test_models_compare_hash_pickle_and_travel(
    sim: Simulator, jclient: seedance_assets.Client, journal: Journal
) -> None:
    person = validated(sim, jclient, "user-m")
    jclient.upload_asset(name="m", asset_type="Image", asset_url="https://cdn.example/m.jpg", group_id=person.group_id)
    [asset] = journal.assets()
    for model in (person, asset):
        assert pickle.loads(pickle.dumps(model)) == model
        assert copy.deepcopy(model) == model
        assert hash(copy.copy(model)) == hash(model)
        assert type(model).from_dict(json.loads(json.dumps(model.to_dict(json=True)))) == model  # type: ignore[attr-defined]
    assert Person.from_dict(person.to_dict()) == person
    assert JournaledAsset.from_dict(asset.to_dict()) == asset
    assert asset.to_dict()["reference_uri"] == f"asset://{asset.asset_id}"
    assert repr(person).startswith("Person(reference='user-m', group_id=")
    assert repr(asset).startswith("JournaledAsset(key=")
    assert repr(journal) == f"Journal(location={journal.location!r})"


def _exit_status_of_forked(child: Callable[[], None]) -> int:
    """Runs ``child`` in a forked process; 0 when it returned without raising."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            child()
            code = 0
        finally:
            os._exit(code)
    deadline = time.monotonic() + 60
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung")
        time.sleep(0.05)


def _journal_survives_fork(sim: Simulator, journal: Journal) -> None:
    """A forked child uses the inherited journal and client over its own connection; the
    parent's keeps working."""
    with sim.client(rate_limits=False, journal=journal) as client:
        parent = validated(sim, client, "user-parent")
        # The simulator serves from the parent's threads: the child is given a finished callback.
        redirect = passed_callback(sim, client, "user-child")

        def child() -> None:
            assert journal.person("user-parent") == parent
            assert client.complete_validation(redirect).reference == "user-child"

        assert _exit_status_of_forked(child) == 0
        assert journal.person("user-child") is not None
        assert validated(sim, client, "user-after").reference == "user-after"
    assert sim.request_count("get_validation_result") == 3


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_opens_its_own_journal(sim: Simulator, journal: Journal) -> None:
    _journal_survives_fork(sim, journal)


# PostgreSQL: the same journal API on a database. Runs whenever the server answers.


def test_postgres_smoke(sim: Simulator, postgres_url: str) -> None:
    journal = Journal(postgres_url)
    assert journal.location.startswith("postgresql://") and "search_path" not in journal.location
    with sim.client(rate_limits=False, journal=journal) as client:
        redirect = passed_callback(sim, client, "user-pg")
        person = client.complete_validation(redirect)
        assert client.complete_validation(redirect) == person
        assert sim.request_count("get_validation_result") == 1
        client.upload_asset(
            name="pg", asset_type="Image", asset_url="https://cdn.example/pg.jpg", group_id=person.group_id, key="pg"
        )
        sim.inject_fault("upload_asset", "server_error_after")
        with pytest.raises(OutcomeUnknownError) as lost:
            client.upload_asset(name="pg2", asset_type="Image", asset_url="https://cdn.example/pg2.jpg", key="pg2")
        assert lost.value.key == "pg2"
    assert journal.resolve("pg2") is None

    reopened = Journal(postgres_url)
    assert reopened.person("user-pg") == person
    assert [a.key for a in reopened.assets(reference="user-pg")] == ["pg"]
    assert any(r["kind"] == "person" for r in reopened.export())
    assert reopened.forget("user-pg") >= 2
    assert journal.person("user-pg") is None


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_postgres_a_forked_child_opens_its_own_connection(sim: Simulator, postgres_url: str) -> None:
    _journal_survives_fork(sim, Journal(postgres_url))


async def test_postgres_async_smoke(sim: Simulator, postgres_url: str) -> None:
    journal = AsyncJournal(postgres_url)
    async with sim.async_client(rate_limits=False, journal=journal) as client:
        session = await client.create_validation_session(CALLBACK_URL, reference="user-apg")
        redirect = sim.complete_validation(session.byted_token)
        people = await asyncio.gather(*(client.complete_validation(redirect) for _ in range(4)))
        assert len(set(people)) == 1
        assert sim.request_count("get_validation_result") == 1
    assert await journal.person("user-apg") == people[0]
