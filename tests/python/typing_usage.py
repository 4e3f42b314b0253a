"""Checked by `mypy --strict` in the test command (not run by pytest): the stubs must accept
what the README shows and give these types, so they cannot drift from the module."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine, Iterator
from datetime import datetime
from typing import Any, Optional, Union

from typing_extensions import assert_type

import seedance_assets
from seedance_assets import (
    Asset,
    AssetStatus,
    AssetType,
    AsyncClient,
    AsyncJournal,
    CallbackResult,
    Client,
    ItemReport,
    Journal,
    JournaledAsset,
    OnboardingReport,
    Person,
    UploadedAsset,
    ValidationResult,
    ValidationSession,
    errors,
    parse_callback,
)
from seedance_assets.testing import AssetRecord, Simulator


def failing_simulator() -> None:
    with Simulator(chaos={"failure_share": 0.3, "failure_kinds": ["face_mismatch"], "seed": 7}) as sim:
        sim.set_chaos(0.1, failure_share=0.2, failure_kinds=["download_failed"])
        assert_type(sim.failures_drawn(), dict[str, int])
        records = sim.assets()
        assert_type(records, list[AssetRecord])
        assert_type(records[0]["error_code"], Optional[str])


def blocking(sim: Simulator) -> None:
    with sim.client(max_retries=0) as client:
        assert_type(client, Client)
        session = client.create_validation_session("https://example.com/cb", language="en")
        assert_type(session, ValidationSession)
        assert_type(session.expires_at, datetime)
        assert_type(session.is_expired(), bool)
        assert_type(session.h5_link_for("zh-Hant"), str)
        assert_type(session.qr_svg(), str)
        assert_type(session._repr_html_(), str)
        assert_type(session.request_id, Optional[str])
        callback = session.verify_callback(sim.complete_validation(session.byted_token, passed=True))
        assert_type(callback, CallbackResult)
        assert_type(callback.extra, dict[str, str])
        group = client.get_validation_result(callback.byted_token)
        assert_type(group, ValidationResult)
        uploaded = client.upload_asset(
            name="a", asset_type=AssetType.IMAGE, asset_url="https://example.com/a.jpg", group_id=group.group_id
        )
        assert_type(uploaded, UploadedAsset)
        assert_type(uploaded.request_id, Optional[str])
        asset = client.with_options(timeout=5.0, deadline=30).wait_for_asset(
            uploaded.asset_id, timeout=60, on_poll=lambda event: print(event["kind"])
        )
        assert_type(asset, Asset)
        assert_type(asset.status, Union[AssetStatus, str])
        assert_type(asset.create_time, Optional[datetime])
        assert_type(asset.reference, str)
        # Models travel: restored from their dicts (plain or JSON form), hashable.
        assert_type(ValidationSession.from_dict(json.loads(json.dumps(session.to_dict(json=True)))), ValidationSession)
        assert_type(Asset.from_dict(asset.to_dict()), Asset)
        assert_type(CallbackResult.from_dict(callback.to_dict(json=True)), CallbackResult)
        assert_type(hash(asset) ^ hash(session) ^ hash(callback), int)
        # `asset_type` takes the canonical names as literals, or the enum.
        video = client.upload_asset(name="v", asset_type="Video", asset_url="https://example.com/v.mp4")
        assert_type(video, UploadedAsset)
        sim.inject_fault("get_asset", "status", code=404)
        try:
            client.get_asset(uploaded.asset_id)
        except errors.NotFoundError as error:
            assert_type(error.status_code, Optional[int])
            assert_type(error.code, Optional[int])
            assert_type(error.request_id, Optional[str])
            assert_type(error.message, str)
        except seedance_assets.AssetFailedError as failed:
            assert_type(failed.asset, Optional[Asset])
        except seedance_assets.WaitTimeoutError as late:
            assert_type(late.last, Optional[Asset])
    assert_type(parse_callback("bytedToken=x&resultCode=10000", expected_token=None), CallbackResult)


async def awaitable(sim: Simulator) -> None:
    async with AsyncClient(sim.api_key, base_url=sim.url, rate_limits={"get_asset": (10, 1.0)}) as client:
        assert_type(client, AsyncClient)
        session = await client.create_validation_session("https://example.com/cb")
        assert_type(session, ValidationSession)
        asset = await asyncio.wait_for(client.get_asset("asset-1"), timeout=10)
        assert_type(asset, Asset)
        call = assert_type(client.wait_for_asset("asset-1", timeout=5), Coroutine[Any, Any, Asset])
        task = asyncio.create_task(call)
        assert_type(task, asyncio.Task[Asset])
        assert_type(await task, Asset)
        results = await asyncio.gather(client.get_asset("a"), client.get_validation_result("t"))
        assert_type(results, tuple[Asset, ValidationResult])
        await client.close()


def journaled(sim: Simulator, path: str) -> None:
    journal = Journal(path)
    assert_type(journal.location, str)
    with sim.client(journal=journal) as client:
        session = client.create_validation_session("https://example.com/cb", reference="user-42", consent="form 7")
        person = client.complete_validation(sim.complete_validation(session.byted_token))
        assert_type(person, Person)
        assert_type(person.reference, Optional[str])
        assert_type(person.validated_at, datetime)
        uploaded = client.upload_asset(
            name="a", asset_type="Image", asset_url="https://example.com/a.jpg", group_id=person.group_id, key="a"
        )
        try:
            client.upload_asset(
                name="b", asset_type="Image", asset_url="https://example.com/b.jpg", allow_duplicate=True
            )
        except errors.OutcomeUnknownError as unknown:
            assert_type(unknown.key, Optional[str])
            assert_type(journal.resolve(unknown.key or "", uploaded.asset_id), Optional[JournaledAsset])
    assert_type(journal.person("user-42"), Optional[Person])
    assert_type(journal.people(), list[Person])
    records = journal.assets(reference="user-42", status=AssetStatus.ACTIVE)
    assert_type(records, list[JournaledAsset])
    for record in records + journal.pending():
        assert_type(record.asset_id, Optional[str])
        assert_type(record.reference_uri, Optional[str])
        assert_type(record.status, Union[AssetStatus, str])
        assert_type(record.asset_type, AssetType)
        assert_type(record.attempts, int)
        assert_type(record.updated_at, datetime)
        assert_type(JournaledAsset.from_dict(record.to_dict(json=True)), JournaledAsset)
    assert_type(journal.asset("a"), Optional[JournaledAsset])
    assert_type(journal.export(), Iterator[dict[str, Any]])
    assert_type(journal.forget("user-42"), int)
    assert_type(Journal(path, read_only=True), Journal)


async def journaled_async(sim: Simulator, path: str) -> None:
    journal = assert_type(AsyncJournal(path), AsyncJournal)
    opened = assert_type(await AsyncJournal.open(path, read_only=True), AsyncJournal)
    async with AsyncClient(sim.api_key, base_url=sim.url, journal=journal) as client:
        session = await client.create_validation_session("https://example.com/cb", reference="user-7")
        person = await client.complete_validation(sim.complete_validation(session.byted_token))
        assert_type(person, Person)
        await client.upload_asset(name="a", asset_type="Image", asset_url="https://example.com/a.jpg", key="a")
    assert_type(await journal.person("user-7"), Optional[Person])
    assert_type(await opened.people(), list[Person])
    assert_type(await journal.assets(group_id=person.group_id), list[JournaledAsset])
    assert_type(await journal.pending(), list[JournaledAsset])
    assert_type(await journal.asset("a"), Optional[JournaledAsset])
    assert_type(await journal.resolve("a"), Optional[JournaledAsset])
    assert_type(await journal.export(), Iterator[dict[str, Any]])
    assert_type(await journal.forget("user-7"), int)
    # A blocking client takes either journal.
    assert_type(Client(sim.api_key, base_url=sim.url, journal=journal), Client)


def onboarding(sim: Simulator, group_id: str) -> None:
    sim.set_quota("upload_asset", "20/s")
    with sim.client() as client:
        items: list[dict[str, str]] = [{"name": "a", "asset_type": "Image", "asset_url": "https://example.com/a.jpg"}]
        report = client.onboard(
            group_id=group_id, assets=items, upload_rate="20/s", concurrency=4, timeout=60, on_progress=print
        )
        assert_type(report, OnboardingReport)
        assert_type(report.items, list[ItemReport])
        assert_type(report.active, list[ItemReport])
        assert_type(report.uploads_sent, int)
        assert_type(report.all_active, bool)
        for item in report.failed + report.ambiguous + report.pending + report.rejected:
            assert_type(item.reference, Optional[str])
            assert_type(item.asset_type, AssetType)
            assert_type(item.error_code, Optional[str])
            print(item.status == "Failed", item.name, item.asset_url, item.asset_id, item.key)
        assert_type(OnboardingReport.from_dict(report.to_dict(json=True)), OnboardingReport)
    assert_type(sim.max_in_window("upload_asset", 1.0), int)
    assert_type(sim.quota_refusals("upload_asset"), int)
    sim.set_quota("upload_asset", None)


async def onboarding_async(sim: Simulator, group_id: str) -> None:
    async with sim.async_client() as client:
        call = assert_type(
            client.onboard(group_id=group_id, assets=[{"name": "a", "asset_type": AssetType.IMAGE, "asset_url": "u"}]),
            Coroutine[Any, Any, OnboardingReport],
        )
        assert_type(await call, OnboardingReport)


def main() -> None:
    with Simulator(processing_delay=0.0) as sim:
        blocking(sim)
        asyncio.run(awaitable(sim))
        journaled(sim, "journal.sqlite3")
        asyncio.run(journaled_async(sim, "journal.sqlite3"))
        onboarding(sim, "group-1")
        asyncio.run(onboarding_async(sim, "group-1"))
    with Simulator(quotas={"upload_asset": "600/min", "get_asset": "10/s"}) as sim:
        onboarding(sim, "group-1")
