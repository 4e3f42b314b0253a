"""Progress and logs of a slow wait: ``on_poll`` events and the ``SEEDANCE_LOG`` switch."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from typing import Any

import pytest

import seedance_assets
from seedance_assets.testing import Simulator

from conftest import IMAGE_URL

SECRET = "sk-live-logging-0123456789abcdef"


def rate_limited_asset(sim: Simulator, client: seedance_assets.Client) -> str:
    """An uploaded asset whose first poll answers 429 (Retry-After: 1 s)."""
    asset_id = client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL).asset_id
    sim.inject_fault("get_asset", "rate_limited", retry_after=1)
    return asset_id


def test_on_poll_hears_of_the_retry_before_the_final_active_poll(
    sim: Simulator, client: seedance_assets.Client
) -> None:
    events: list[dict[str, Any]] = []
    asset = client.wait_for_asset(
        rate_limited_asset(sim, client), timeout=30, poll_interval=0.05, on_poll=events.append
    )
    assert asset.is_active()
    kinds = [e["kind"] for e in events]
    assert "retrying" in kinds, events
    retry = events[kinds.index("retrying")]
    assert retry["code"] == "ERR_RATE_LIMITED"
    assert retry["delay"] >= 0.9
    assert isinstance(retry["reason"], str)
    assert events[-1]["kind"] == "polled"
    assert events[-1]["status"] == "Active"
    assert isinstance(events[-1]["elapsed"], float)
    assert kinds.index("retrying") < len(events) - 1


async def test_async_on_poll_gets_the_same_events(sim: Simulator) -> None:
    events: list[dict[str, Any]] = []
    async with sim.async_client(rate_limits=False) as client:
        uploaded = await client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
        sim.inject_fault("get_asset", "rate_limited", retry_after=1)
        await client.wait_for_asset(uploaded.asset_id, timeout=30, poll_interval=0.05, on_poll=events.append)
    assert events[0]["kind"] == "retrying", events
    assert events[-1]["status"] == "Active"


def test_a_raising_on_poll_does_not_break_the_wait(
    sim: Simulator, client: seedance_assets.Client, caplog: pytest.LogCaptureFixture
) -> None:
    calls = 0

    def on_poll(event: dict[str, Any]) -> None:
        nonlocal calls
        calls += 1
        raise ValueError("callback bug")

    with caplog.at_level("WARNING", logger="seedance_assets"):
        asset = client.wait_for_asset(rate_limited_asset(sim, client), timeout=30, poll_interval=0.05, on_poll=on_poll)
    assert asset.is_active()
    assert calls >= 2
    assert any("on_poll raised" in r.getMessage() for r in caplog.records)


def test_on_poll_must_be_callable(sim: Simulator, client: seedance_assets.Client) -> None:
    with pytest.raises(seedance_assets.InvalidArgumentError, match="on_poll"):
        client.wait_for_asset("asset-1", on_poll="yes")  # type: ignore[arg-type]


def test_seedance_log_info_writes_the_retry_line_to_stderr_without_the_key() -> None:
    script = textwrap.dedent(
        f"""
        from seedance_assets.testing import Simulator
        with Simulator(api_key={SECRET!r}, processing_delay=0.05) as sim:
            with sim.client(rate_limits=False) as client:
                asset_id = client.upload_asset(name="a", asset_type="Image", asset_url={IMAGE_URL!r}).asset_id
                sim.inject_fault("get_asset", "rate_limited", retry_after=1)
                client.wait_for_asset(asset_id, timeout=30, poll_interval=0.05)
        """
    )
    env = {**os.environ, "SEEDANCE_LOG": "info"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert "seedance_assets.http INFO retrying after a transient failure" in result.stderr, result.stderr
    assert "ERR_RATE_LIMITED" in result.stderr
    assert SECRET not in result.stderr + result.stdout
    assert " DEBUG " not in result.stderr
