"""AsyncClient calls are real coroutines: nothing is sent until awaited, and every asyncio tool
(tasks, task groups, gather, wait_for, cancellation) takes them."""

from __future__ import annotations

import asyncio
import collections.abc
import gc
import inspect
import sys
from collections.abc import AsyncIterator, Coroutine
from typing import Any

import pytest

import seedance_assets
from seedance_assets import errors
from seedance_assets.testing import Simulator

from conftest import CALLBACK_URL, IMAGE_URL

# A request already on the wire when its call was cancelled may still land: the same allowance
# as the core's `dropping_the_wait_stops_polling`.
IN_FLIGHT_ALLOWANCE = 0.1


@pytest.fixture
async def aclient(sim: Simulator) -> AsyncIterator[seedance_assets.AsyncClient]:
    async with sim.async_client(rate_limits=False) as client:
        yield client


def every_call(client: seedance_assets.AsyncClient) -> list[Coroutine[Any, Any, object]]:
    """One un-awaited call of each method."""
    return [
        client.create_validation_session(CALLBACK_URL),
        client.get_validation_result("token-1234567890"),
        client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL),
        client.get_asset("asset-1"),
        client.wait_for_asset("asset-1", timeout=5),
    ]


async def never_active(sim: Simulator, client: seedance_assets.AsyncClient) -> str:
    """An uploaded asset that stays in an unfinished status, so waiting for it polls forever."""
    uploaded = await client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    sim.set_asset_status(uploaded.asset_id, "Reviewing")
    return uploaded.asset_id


async def assert_polling_stopped(sim: Simulator) -> None:
    await asyncio.sleep(IN_FLIGHT_ALLOWANCE)
    polls = sim.request_count("get_asset")
    await asyncio.sleep(0.5)
    assert sim.request_count("get_asset") == polls, "no polls after the call was cancelled"


async def test_every_call_is_a_coroutine(sim: Simulator, aclient: seedance_assets.AsyncClient) -> None:
    calls = every_call(aclient)
    for call in calls:
        assert asyncio.iscoroutine(call)
        assert isinstance(call, collections.abc.Coroutine)
        assert inspect.isawaitable(call)
        call.close()
    assert sim.total_requests == 0


async def test_a_coroutine_is_named_after_its_method(aclient: seedance_assets.AsyncClient) -> None:
    call = aclient.get_asset("asset-1")
    assert call.__qualname__ == "AsyncClient.get_asset"  # type: ignore[attr-defined]
    assert "AsyncClient.get_asset" in repr(call)
    call.close()


async def test_nothing_is_sent_until_awaited(sim: Simulator, aclient: seedance_assets.AsyncClient) -> None:
    call = aclient.create_validation_session(CALLBACK_URL)
    await asyncio.sleep(0.3)
    assert sim.total_requests == 0
    session = await call
    assert session.callback_url == CALLBACK_URL
    assert sim.request_count("create_validation_session") == 1


async def test_closed_or_dropped_calls_send_nothing(sim: Simulator, aclient: seedance_assets.AsyncClient) -> None:
    for call in every_call(aclient):
        call.close()
    dropped = every_call(aclient)
    del dropped
    gc.collect()
    await asyncio.sleep(0.3)
    assert sim.total_requests == 0


def test_calls_can_be_made_and_closed_outside_a_loop(sim: Simulator) -> None:
    client = sim.async_client()
    for call in every_call(client):
        assert asyncio.iscoroutine(call)
        call.close()
    assert sim.total_requests == 0
    session = asyncio.run(client.create_validation_session(CALLBACK_URL))
    assert session.callback_url == CALLBACK_URL
    assert sim.total_requests == 1


async def test_refused_arguments_are_raised_when_awaited(sim: Simulator, aclient: seedance_assets.AsyncClient) -> None:
    call = aclient.wait_for_asset("asset-1", timeout=-1)  # refused, but not raised yet
    with pytest.raises(errors.InvalidArgumentError) as caught:
        await call
    assert caught.value.field == "timeout"
    assert sim.total_requests == 0


async def test_a_coroutine_cannot_be_awaited_twice(aclient: seedance_assets.AsyncClient) -> None:
    call = aclient.create_validation_session(CALLBACK_URL)
    await call
    with pytest.raises(RuntimeError, match="already awaited"):
        await call


async def test_create_task(sim: Simulator, aclient: seedance_assets.AsyncClient) -> None:
    uploaded = await aclient.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    task = asyncio.create_task(aclient.get_asset(uploaded.asset_id))
    assert (await task).asset_id == uploaded.asset_id
    assert sim.request_count("get_asset") == 1


@pytest.mark.skipif(sys.version_info < (3, 11), reason="asyncio.TaskGroup is new in 3.11")
async def test_task_group(sim: Simulator, aclient: seedance_assets.AsyncClient) -> None:
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(aclient.create_validation_session(CALLBACK_URL)) for _ in range(5)]
    assert len({task.result().byted_token for task in tasks}) == 5
    assert sim.session_count == 5


async def test_gather_keeps_each_calls_outcome(sim: Simulator, aclient: seedance_assets.AsyncClient) -> None:
    uploaded = await aclient.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    asset, refused, missing = await asyncio.gather(
        aclient.get_asset(uploaded.asset_id),
        aclient.get_asset(""),
        aclient.with_options(max_retries=0).get_asset("no-such-asset"),
        return_exceptions=True,
    )
    assert isinstance(asset, seedance_assets.Asset) and asset.asset_id == uploaded.asset_id
    assert isinstance(refused, errors.InvalidArgumentError)
    assert isinstance(missing, errors.NotFoundError)
    assert sim.request_count("get_asset") == 2  # the refused one never went out


async def test_wait_for_timeout_cancels_the_call(sim: Simulator, aclient: seedance_assets.AsyncClient) -> None:
    asset_id = await never_active(sim, aclient)
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(aclient.wait_for_asset(asset_id, timeout=60, poll_interval=0.05), timeout=0.4)
    assert sim.request_count("get_asset") >= 2
    await assert_polling_stopped(sim)


async def test_wait_for_returns_in_time(aclient: seedance_assets.AsyncClient) -> None:
    session = await asyncio.wait_for(aclient.create_validation_session(CALLBACK_URL), timeout=30)
    assert session.callback_url == CALLBACK_URL


async def test_cancelling_a_task_aborts_its_request(sim: Simulator, aclient: seedance_assets.AsyncClient) -> None:
    asset_id = await never_active(sim, aclient)
    task = asyncio.create_task(aclient.wait_for_asset(asset_id, timeout=60, poll_interval=0.05))
    await asyncio.sleep(0.3)
    assert task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert task.cancelled()
    await assert_polling_stopped(sim)


async def test_a_task_cancelled_before_it_ran_sends_nothing(
    sim: Simulator, aclient: seedance_assets.AsyncClient
) -> None:
    task = asyncio.create_task(aclient.create_validation_session(CALLBACK_URL))
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await asyncio.sleep(0.3)
    assert sim.total_requests == 0


async def test_closing_a_started_call_cancels_it(sim: Simulator, aclient: seedance_assets.AsyncClient) -> None:
    asset_id = await never_active(sim, aclient)

    async def wait() -> None:
        await aclient.wait_for_asset(asset_id, timeout=60, poll_interval=0.05)

    waiting = wait()
    pending = waiting.send(None)  # started: suspended on the call's future
    assert isinstance(pending, asyncio.Future)
    await asyncio.sleep(0.3)
    waiting.close()  # closes the call it awaits
    assert pending.cancelled()
    assert sim.request_count("get_asset") >= 2
    await assert_polling_stopped(sim)


async def test_throwing_into_an_unstarted_call_sends_nothing(
    sim: Simulator, aclient: seedance_assets.AsyncClient
) -> None:
    call = aclient.create_validation_session(CALLBACK_URL)
    with pytest.raises(ValueError, match="stop"):
        call.throw(ValueError("stop"))
    with pytest.raises(RuntimeError, match="already awaited"):
        await call
    await asyncio.sleep(0.3)
    assert sim.total_requests == 0
