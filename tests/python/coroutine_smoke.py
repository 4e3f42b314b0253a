"""AsyncClient coroutines with every asyncio tool, run by scripts/python-test.sh on each CPython
3.9-3.13 (with warnings as errors): the coroutine protocol asyncio drives differs between
versions (3.12 deprecated the three-argument throw(), 3.11 added TaskGroup), and pytest runs
on one. Not collected by pytest; `python coroutine_smoke.py` exits non-zero on a failure."""

from __future__ import annotations

import asyncio
import sys

from seedance_assets import AsyncClient, errors
from seedance_assets.testing import Simulator

CALLBACK_URL = "https://example.com/seedance/callback"
IMAGE_URL = "https://example.com/media/person.jpg"


async def cancelled(awaitable: asyncio.Future[object]) -> bool:
    try:
        await awaitable
    except asyncio.CancelledError:
        return True
    return False


async def calls(sim: Simulator, client: AsyncClient) -> None:
    unawaited = client.get_asset("asset-1")
    assert asyncio.iscoroutine(unawaited)
    unawaited.close()
    assert sim.total_requests == 0, "a closed call sent a request"

    task = asyncio.create_task(client.create_validation_session(CALLBACK_URL))
    assert (await task).callback_url == CALLBACK_URL

    session, refused = await asyncio.gather(
        client.create_validation_session(CALLBACK_URL), client.get_asset(""), return_exceptions=True
    )
    assert not isinstance(session, BaseException), session
    assert isinstance(refused, errors.InvalidArgumentError), refused

    uploaded = await client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    sim.set_asset_status(uploaded.asset_id, "Reviewing")  # never finishes
    forever = client.wait_for_asset(uploaded.asset_id, timeout=60, poll_interval=0.05)
    try:
        await asyncio.wait_for(forever, timeout=0.3)
    except asyncio.TimeoutError:
        pass
    else:
        raise AssertionError("wait_for did not time out")

    task = asyncio.create_task(client.wait_for_asset(uploaded.asset_id, timeout=60, poll_interval=0.05))
    await asyncio.sleep(0.2)
    task.cancel()
    assert await cancelled(task)
    await asyncio.sleep(0.1)  # a poll already on the wire may still land
    polls = sim.request_count("get_asset")
    await asyncio.sleep(0.4)
    assert sim.request_count("get_asset") == polls, "polling went on after cancellation"

    before = sim.total_requests
    task = asyncio.create_task(client.create_validation_session(CALLBACK_URL))
    task.cancel()
    assert await cancelled(task)
    assert sim.total_requests == before, "a task cancelled before it ran sent a request"

    if sys.version_info >= (3, 11):
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(client.create_validation_session(CALLBACK_URL)) for _ in range(3)]
        assert len({t.result().byted_token for t in tasks}) == 3


async def main() -> None:
    with Simulator(processing_delay=0.05) as sim:
        async with sim.async_client(rate_limits=False) as client:
            await calls(sim, client)


if __name__ == "__main__":
    asyncio.run(main())
