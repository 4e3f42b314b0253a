"""Retries: what is resent, what is not, and how long it waits."""

from __future__ import annotations

import time

import pytest

import seedance_assets
from seedance_assets import errors
from seedance_assets.testing import Simulator

from conftest import CALLBACK_URL, IMAGE_URL


@pytest.mark.parametrize("kind", ["service_unavailable", "server_error_before", "drop_connection"])
def test_get_is_retried_after_transient_failures(sim: Simulator, client: seedance_assets.Client, kind: str) -> None:
    uploaded = client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    sim.reset_counters()
    sim.inject_fault("get_asset", kind)
    assert client.get_asset(uploaded.asset_id).asset_id == uploaded.asset_id
    assert sim.request_count("get_asset") == 2


def test_refused_post_is_retried(sim: Simulator, client: seedance_assets.Client) -> None:
    sim.inject_fault("create_validation_session", "service_unavailable")
    client.create_validation_session(CALLBACK_URL)
    assert sim.request_count("create_validation_session") == 2
    assert sim.session_count == 1


def test_retries_give_up_after_max_retries(sim: Simulator, client: seedance_assets.Client) -> None:
    sim.inject_fault("get_asset", "service_unavailable", times=5)
    with pytest.raises(errors.ServiceUnavailableError):
        client.get_asset("asset-1")
    assert sim.request_count("get_asset") == 3  # max_retries=2 by default


@pytest.mark.parametrize(
    ("kind", "created"),
    [("server_error_after", 1), ("server_error_before", 0), ("malformed_body", 0)],
)
def test_upload_that_may_have_arrived_is_never_resent(
    sim: Simulator, client: seedance_assets.Client, kind: str, created: int
) -> None:
    sim.inject_fault("upload_asset", kind)
    with pytest.raises(errors.OutcomeUnknownError):
        client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    assert sim.request_count("upload_asset") == 1
    assert sim.asset_count == created  # whatever the simulator did, the client did not add to it


def test_never_retried_statuses(sim: Simulator, client: seedance_assets.Client) -> None:
    for status in (401, 402, 404, 422, 501, 505):
        sim.reset_counters()
        sim.inject_fault("get_asset", "status", code=status)
        with pytest.raises(errors.APIStatusError):
            client.get_asset("asset-1")
        assert sim.request_count("get_asset") == 1, status


def test_retry_after_is_honoured_as_a_lower_bound(sim: Simulator, client: seedance_assets.Client) -> None:
    sim.inject_fault("create_validation_session", "rate_limited", retry_after=1)
    started = time.monotonic()
    client.create_validation_session(CALLBACK_URL)
    elapsed = time.monotonic() - started
    assert elapsed >= 0.9
    assert elapsed < 20
    assert sim.request_count("create_validation_session") == 2


def test_rate_limited_after_retries_carries_retry_after(sim: Simulator, fast_client: seedance_assets.Client) -> None:
    sim.inject_fault("get_asset", "rate_limited", retry_after=7)
    with pytest.raises(errors.RateLimitError) as caught:
        fast_client.get_asset("asset-1")
    assert caught.value.retry_after == pytest.approx(7)


def test_deadline_bounds_the_whole_call(sim: Simulator, client: seedance_assets.Client) -> None:
    sim.inject_fault("get_asset", "slow", times=5, delay=2)
    started = time.monotonic()
    with pytest.raises(errors.APITimeoutError):
        client.with_options(deadline=0.5).get_asset("asset-1")
    assert time.monotonic() - started < 10
