"""Onboarding from Python (mirrors core/tests/onboard.rs): a person's asset set uploaded at a
rate the simulator's quota proves was kept, 429s recovered from, per-item outcomes reported
rather than raised, a run by journaled reference, a cancelled run resumed without duplicates,
bad input refused before any request, and progress events as dicts."""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import pickle
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

import seedance_assets
from seedance_assets import (
    AssetType,
    ConfigurationError,
    InvalidArgumentError,
    ItemReport,
    Journal,
    OnboardingReport,
)
from seedance_assets.testing import AssetRecord, Chaos, Simulator

from conftest import CALLBACK_URL, validated_group


def assets(n: int, prefix: str = "p") -> list[dict[str, Any]]:
    return [
        {"name": f"photo {i}", "asset_type": "Image", "asset_url": f"https://cdn.example/{prefix}/{i}.jpg"}
        for i in range(n)
    ]


def summary(report: OnboardingReport) -> str:
    return " ".join(f"{i.name}:{i.status}({i.error_code})" for i in report.items)


@pytest.fixture
def quota_sim() -> Iterator[Simulator]:
    with Simulator(processing_delay=0.05, quotas={"upload_asset": "20/s"}) as simulator:
        yield simulator


def group_of(sim: Simulator) -> str:
    """A validated person's group on `sim`; the counters are reset after making it."""
    with sim.client(rate_limits=False) as c:
        group = validated_group(sim, c)
    sim.reset_counters()
    return group


def test_every_asset_ends_active_and_the_quota_is_kept(quota_sim: Simulator) -> None:
    group = group_of(quota_sim)
    events: list[dict[str, Any]] = []
    with quota_sim.client() as client:
        started = time.monotonic()
        report = client.onboard(group_id=group, assets=assets(30), upload_rate="20/s", on_progress=events.append)
        elapsed = time.monotonic() - started

    assert report.all_active, summary(report)
    assert isinstance(report, OnboardingReport)
    assert report.group_id == group
    # Paced at the quota, a request now and then can meet a 429 when a loaded machine delays one and
    # the next arrives in the same window; a pace that overshoots meets them every window.
    assert report.rate_limited <= 2 and report.uploads_sent == 30 + report.rate_limited
    assert len(report.active) == 30 and report.failed == [] and report.pending == []
    assert report.counts == {"Active": 30, "Failed": 0, "Ambiguous": 0, "Pending": 0, "Rejected": 0}
    assert quota_sim.max_in_window("upload_asset", 1.0) <= 20
    assert quota_sim.quota_refusals("upload_asset") == report.rate_limited
    assert elapsed >= 1.4, "30 uploads at 20/s cannot take less than 29 intervals"
    for i, item in enumerate(report.items):
        assert isinstance(item, ItemReport)
        assert item.name == f"photo {i}" and item.asset_url == f"https://cdn.example/p/{i}.jpg"
        assert item.asset_type == AssetType.IMAGE and item.status == "Active"
        assert item.asset_id and item.reference == f"asset://{item.asset_id}"
        assert item.error_code is None and item.error_message is None and item.key is None
    kinds = [e["kind"] for e in events]
    assert kinds.count("uploaded") == 30 and kinds.count("active") == 30
    uploaded = next(e for e in events if e["kind"] == "uploaded")
    assert set(uploaded) == {"kind", "index", "asset_id"}
    assert isinstance(uploaded["index"], int) and uploaded["asset_id"]


def test_a_rate_above_the_quota_meets_429s_and_recovers() -> None:
    with Simulator(processing_delay=0.05, quotas={"upload_asset": "10/s"}) as sim:
        group = group_of(sim)
        events: list[dict[str, Any]] = []
        with sim.client() as client:
            report = client.onboard(group_id=group, assets=assets(20), upload_rate="20/s", on_progress=events.append)
        assert report.all_active, summary(report)
        assert report.rate_limited > 0
        assert report.rate_limited == sim.quota_refusals("upload_asset")
        assert sim.asset_count == 20, "a refused upload is sent again, an accepted one never"
        retrying = [e for e in events if e["kind"] == "retrying"]
        assert retrying and isinstance(retrying[0]["delay"], float) and retrying[0]["reason"]


def test_each_item_reports_its_own_failure(sim: Simulator) -> None:
    group = group_of(sim)
    items = [
        *assets(2),
        {"name": "wrong face", "asset_type": "Image", "asset_url": "https://cdn.example/face-mismatch.jpg"},
        {"name": "private", "asset_type": AssetType.VIDEO, "asset_url": "https://cdn.example/download-failed.mp4"},
    ]
    events: list[dict[str, Any]] = []
    with sim.client() as client:
        report = client.onboard(group_id=group, assets=items, upload_rate="50/s", on_progress=events.append)
    assert len(report.active) == 2, summary(report)
    assert [i.name for i in report.failed] == ["wrong face", "private"]
    codes = [i.error_code or "" for i in report.failed]
    assert "FaceMismatch" in codes and any("DownloadFailed" in c for c in codes)
    assert all(i.reference is None and i.error_message for i in report.failed)
    failed = [e for e in events if e["kind"] == "failed"]
    assert len(failed) == 2 and {"code", "message"} <= set(failed[0])


def test_an_upload_that_may_have_happened_is_ambiguous(sim: Simulator) -> None:
    group = group_of(sim)
    sim.inject_fault("upload_asset", "server_error_after")
    with sim.client() as client:
        report = client.onboard(group_id=group, assets=assets(4), upload_rate="50/s", concurrency=1)
    assert len(report.ambiguous) == 1 and len(report.active) == 3, summary(report)
    assert report.ambiguous[0].error_code == "ERR_OUTCOME_UNKNOWN"
    assert sim.request_count("upload_asset") == 4, "not sent again"


def test_items_unfinished_at_the_timeout_are_pending() -> None:
    with Simulator(processing_delay=30) as sim:
        group = group_of(sim)
        with sim.client() as client:
            report = client.onboard(group_id=group, assets=assets(3), upload_rate="50/s", timeout=1.0)
    assert len(report.pending) == 3, summary(report)
    assert all(i.asset_id and i.reference is None for i in report.pending)


def test_by_reference_through_a_journal(sim: Simulator, tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    with sim.client(rate_limits=False, journal=journal) as client:
        session = client.create_validation_session(CALLBACK_URL, reference="user-42")
        person = client.complete_validation(sim.complete_validation(session.byted_token))
        items = assets(3)
        items[0]["key"] = "portrait"
        report = client.onboard(reference="user-42", assets=items, upload_rate="50/s")
        assert report.all_active and report.group_id == person.group_id, summary(report)
        assert report.items[0].key == "portrait"
        again = client.onboard(reference="user-42", assets=items, upload_rate="50/s")
    assert again.all_active and again.uploads_sent == 0, "recorded uploads are not sent again"
    assert [i.asset_id for i in again.items] == [i.asset_id for i in report.items]
    recorded = journal.assets(reference="user-42")
    assert {a.key for a in recorded} >= {"portrait"} and len(recorded) == 3


async def test_a_cancelled_run_resumes_from_its_journal_without_duplicates(sim: Simulator, tmp_path: Path) -> None:
    group = group_of(sim)
    journal = Journal(tmp_path / "j.sqlite3")
    items = assets(20)
    async with sim.async_client(rate_limits=False, journal=journal) as client:
        task = asyncio.ensure_future(client.onboard(group_id=group, assets=items, upload_rate="10/s"))
        await asyncio.sleep(0.7)
        assert not task.done(), "the run was still going"
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        sent_before = sim.request_count("upload_asset")
        assert 0 < sent_before < 20
        await asyncio.sleep(0.3)
        assert sim.request_count("upload_asset") == sent_before, "the cancelled run stopped"

        report = await client.onboard(group_id=group, assets=items, upload_rate="20/s")
    per_url = sim.uploads_per_url()
    assert per_url and all(n == 1 for n in per_url.values()), f"no asset uploaded twice: {per_url}"
    assert len(report.active) + len(report.ambiguous) == 20, summary(report)
    assert len(report.ambiguous) <= 1
    assert report.uploads_sent <= 20 - sent_before + 1


@pytest.mark.parametrize(
    ("kwargs", "field", "says"),
    [
        (
            {"assets": [{"name": "x", "asset_type": "Image", "asset_ur": "https://a.example/x.jpg"}]},
            "assets",
            "asset_url",
        ),
        ({"assets": [{"name": "x", "asset_type": "Image"}]}, "assets", "asset_url is missing"),
        (
            {"assets": [{"name": "x", "asset_type": "Photo", "asset_url": "https://a.example/x.jpg"}]},
            "assets",
            "item 0",
        ),
        ({"assets": [*assets(2), {"name": "x", "asset_type": "Image", "asset_url": "ftp://a/x"}]}, "assets", "item 2"),
        ({"assets": ["https://a.example/x.jpg"]}, "assets", "item 0"),
        ({"assets": "https://a.example/x.jpg"}, "assets", "sequence"),
        ({"assets": []}, "assets", "at least one"),
        ({"assets": assets(1), "concurrency": 0}, "concurrency", "1 to 64"),
        ({"assets": assets(1), "concurrency": 65}, "concurrency", "1 to 64"),
        ({"assets": assets(1), "timeout": 0}, "timeout", "greater than zero"),
        ({"assets": assets(1), "timeout": None}, "timeout", "None"),
        ({"assets": assets(1), "upload_rate": "fast"}, "upload_rate", ""),
        ({"assets": assets(1), "on_progress": 3}, "on_progress", "callable"),
    ],
)
def test_bad_input_is_refused_before_any_request(sim: Simulator, kwargs: dict[str, Any], field: str, says: str) -> None:
    with sim.client() as client, pytest.raises(InvalidArgumentError) as raised:
        client.onboard(group_id="g-1", **kwargs)
    assert raised.value.field == field, raised.value
    assert says in str(raised.value)
    assert sim.total_requests == 0


def test_an_unknown_item_key_gets_a_suggestion(sim: Simulator) -> None:
    with sim.client() as client, pytest.raises(InvalidArgumentError, match='did you mean "asset_type"'):
        client.onboard(group_id="g-1", assets=[{"name": "x", "asset_typ": "Image", "asset_url": "https://a/x"}])


def test_the_person_must_be_named_once(sim: Simulator) -> None:
    with sim.client() as client:
        with pytest.raises(InvalidArgumentError) as raised:
            client.onboard(assets=assets(1))
        assert raised.value.field == "group_id"
        with pytest.raises(InvalidArgumentError) as raised:
            client.onboard(reference="u", group_id="g", assets=assets(1))
        assert raised.value.field == "reference"
        with pytest.raises(ConfigurationError):
            client.onboard(reference="u", assets=assets(1))
    assert sim.total_requests == 0


def test_a_raising_on_progress_is_logged_and_the_run_goes_on(sim: Simulator, caplog: pytest.LogCaptureFixture) -> None:
    group = group_of(sim)
    calls = 0

    def on_progress(event: dict[str, Any]) -> None:
        nonlocal calls
        calls += 1
        raise ValueError("callback bug")

    with caplog.at_level(logging.WARNING, logger="seedance_assets"), sim.client() as client:
        report = client.onboard(group_id=group, assets=assets(2), upload_rate="50/s", on_progress=on_progress)
    assert report.all_active
    assert calls == 4
    assert any("on_progress raised" in r.getMessage() for r in caplog.records)


async def test_the_async_client_onboards(sim: Simulator) -> None:
    group = group_of(sim)
    async with sim.async_client() as client:
        call = client.onboard(group_id=group, assets=assets(3), upload_rate="50/s")
        assert asyncio.iscoroutine(call)
        report = await call
        assert report.all_active
        with pytest.raises(InvalidArgumentError):
            await client.onboard(group_id=group, assets=assets(1), concurrency=65)


def test_reports_compare_export_and_travel(sim: Simulator) -> None:
    group = group_of(sim)
    with sim.client() as client:
        report = client.onboard(
            group_id=group,
            assets=[*assets(1), {"name": "bad", "asset_type": "Audio", "asset_url": "https://x/face-mismatch.mp3"}],
            upload_rate="50/s",
        )
    assert "OnboardingReport(group_id=" in repr(report) and "failed=1" in repr(report)
    assert "ItemReport(name='bad', status='Failed'" in repr(report.failed[0])
    exported = report.to_dict(json=True)
    assert json.loads(json.dumps(exported)) == exported
    assert exported["items"][1]["asset_type"] == "Audio" and exported["items"][1]["status"] == "Failed"
    assert set(exported["items"][0]) == {
        "name",
        "asset_url",
        "asset_type",
        "asset_id",
        "status",
        "reference",
        "error_code",
        "error_message",
        "key",
    }
    assert OnboardingReport.from_dict(exported) == report
    assert OnboardingReport.from_dict(report.to_dict()) == report
    assert ItemReport.from_dict(report.items[0].to_dict()) == report.items[0]
    assert pickle.loads(pickle.dumps(report)) == report
    assert copy.deepcopy(report.items[1]) == report.items[1]
    assert hash(OnboardingReport.from_dict(exported)) == hash(report)


def test_simulator_quotas_are_set_and_lifted(sim: Simulator) -> None:
    with pytest.raises(ValueError):
        Simulator(quotas={"upload_assets": "1/s"})
    with pytest.raises(InvalidArgumentError):
        Simulator(quotas={"upload_asset": "often"})
    sim.set_quota("get_asset", "1/min")
    with sim.client(rate_limits=False, max_retries=0) as client:
        group = validated_group(sim, client)
        asset = client.upload_asset(name="a", asset_type="Image", asset_url="https://x/a.jpg", group_id=group)
        client.get_asset(asset.asset_id)
        with pytest.raises(seedance_assets.RateLimitError):
            client.get_asset(asset.asset_id)
        assert sim.quota_refusals("get_asset") == 1
        sim.set_quota("get_asset", None)
        client.get_asset(asset.asset_id)
    assert sim.max_in_window("asset-info", 60) == 2


def _onboard_with_failures(chaos: Chaos) -> tuple[OnboardingReport, dict[str, int], list[AssetRecord]]:
    """100 assets (the last one's URL forces ``download-failed``) onboarded one at a time, so
    the simulator's draws meet the uploads in order; the report, the failures drawn, its assets."""
    with Simulator(processing_delay=0.01, chaos=chaos) as sim:
        group = group_of(sim)
        items = assets(99, prefix="share")
        items.append({"name": "forced", "asset_type": "Image", "asset_url": "https://cdn.example/download-failed.jpg"})
        with sim.client() as client:
            report = client.onboard(group_id=group, assets=items, upload_rate="200/s", concurrency=1)
        return report, sim.failures_drawn(), sim.assets()


def test_a_failure_share_fails_that_share_with_the_reason_drawn_and_a_seed_repeats_it() -> None:
    chaos: Chaos = {"failure_share": 0.3, "failure_kinds": ["face_mismatch"], "seed": 7}
    report, drawn, records = _onboard_with_failures(chaos)
    assert 15 <= len(report.failed) <= 45, summary(report)
    assert len(report.active) + len(report.failed) == 100
    assert report.items[-1].error_code == "InvalidParameter.DownloadFailed", "the keyword still forces its reason"
    assert drawn == {"face_mismatch": len(report.failed) - 1}
    by_id = {r["asset_id"]: r for r in records}
    for item in report.items:
        assert item.asset_id in by_id, item
        assert by_id[item.asset_id]["status"] == item.status
        assert by_id[item.asset_id]["error_code"] == item.error_code
    assert all(i.error_code == "FaceMismatch" for i in report.failed[:-1] if i.name != "forced")

    again, _, _ = _onboard_with_failures(chaos)
    assert [(i.status, i.error_code) for i in again.items] == [(i.status, i.error_code) for i in report.items]
    other, drawn, _ = _onboard_with_failures({"probability": 0.0, "failure_share": 0.3, "seed": 8})
    assert set(drawn) == {"face_mismatch", "download_failed"}, "both kinds are drawn by default"
    assert [i.status for i in other.items] != [i.status for i in report.items]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"failure_share": 1.5}, "failure_share"),
        ({"failure_share": -0.1}, "failure_share"),
        ({"failure_share": 0.2, "failure_kinds": ["face-mismatch"]}, "failure_kinds"),
        ({"failure_share": 0.2, "failure_kinds": []}, "failure_kinds"),
        ({"probability": 2.0}, "probability"),
    ],
)
def test_bad_failure_settings_are_refused_naming_the_argument(
    sim: Simulator, kwargs: dict[str, Any], field: str
) -> None:
    probability = kwargs.pop("probability", 0.0)
    with pytest.raises(InvalidArgumentError) as raised:
        sim.set_chaos(probability, **kwargs)
    assert raised.value.field == field, raised.value
    with pytest.raises(InvalidArgumentError):
        Simulator(chaos=cast(Chaos, {"probability": probability, **kwargs}))
