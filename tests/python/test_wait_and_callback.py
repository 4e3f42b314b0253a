"""Waiting for an asset, and reading the validation callback."""

from __future__ import annotations

import time

import pytest

import seedance_assets
from seedance_assets import CallbackError, parse_callback, verify_callback
from seedance_assets.testing import Simulator

from conftest import CALLBACK_URL, IMAGE_URL


def test_wait_respects_its_deadline(sim: Simulator, client: seedance_assets.Client) -> None:
    sim.set_processing_delay(60)
    uploaded = client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    started = time.monotonic()
    with pytest.raises(seedance_assets.WaitTimeoutError):
        client.wait_for_asset(uploaded.asset_id, timeout=1.5)
    elapsed = time.monotonic() - started
    assert 1.0 <= elapsed < 10


def test_wait_polls_through_transient_failures(sim: Simulator, client: seedance_assets.Client) -> None:
    uploaded = client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    sim.inject_fault("get_asset", "service_unavailable", times=2)
    asset = client.wait_for_asset(uploaded.asset_id, timeout=30, poll_interval=0.05)
    assert asset.is_active()


async def test_async_wait_failure(sim: Simulator) -> None:
    async with sim.async_client() as client:
        uploaded = await client.upload_asset(
            name="a", asset_type="Image", asset_url="https://example.com/face-mismatch.png"
        )
        with pytest.raises(seedance_assets.AssetFailedError) as caught:
            await client.wait_for_asset(uploaded.asset_id, timeout=30, poll_interval=0.05)
    assert caught.value.asset is not None and caught.value.asset.error_code == "FaceMismatch"


def test_wait_zero_timeout_is_invalid(sim: Simulator, client: seedance_assets.Client) -> None:
    with pytest.raises(seedance_assets.InvalidArgumentError):
        client.wait_for_asset("asset-1", timeout=0)
    assert sim.total_requests == 0


def test_callback_verification(sim: Simulator, client: seedance_assets.Client) -> None:
    session = client.create_validation_session(CALLBACK_URL)
    other = client.create_validation_session(CALLBACK_URL)
    url = sim.complete_validation(session.byted_token)

    result = session.verify_callback(url)
    assert result.passed and result.result_code == "10000"
    assert result == parse_callback(url, expected_token=session.byted_token)
    assert verify_callback(url, session.byted_token).passed

    with pytest.raises(CallbackError) as mismatch:
        other.verify_callback(url)
    assert mismatch.value.reason == "token_mismatch"
    assert other.byted_token not in str(mismatch.value)

    with pytest.raises(CallbackError) as malformed:
        parse_callback("https://example.com/callback?nothing=here")
    assert malformed.value.reason == "malformed"


def test_not_passed_callback_is_returned_by_parse_and_refused_by_verify(
    sim: Simulator, client: seedance_assets.Client
) -> None:
    session = client.create_validation_session(CALLBACK_URL)
    url = sim.complete_validation(session.byted_token, passed=False)
    result = parse_callback(url)
    assert not result.passed
    with pytest.raises(CallbackError) as caught:
        session.verify_callback(url)
    assert caught.value.reason == "not_passed"
    assert caught.value.result_code == result.result_code


def test_callback_keeps_extra_parameters() -> None:
    result = parse_callback("bytedToken=tok123456789&resultCode=10000&verify_type=real_time&foo=bar")
    assert result.extra == {"foo": "bar"}
    assert result.verify_type == "real_time"
    assert result.to_dict()["extra"] == {"foo": "bar"}
