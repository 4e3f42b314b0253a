"""One surface: the hierarchy, option names and checks are the core's, the same as Node's."""

from __future__ import annotations

import re
import time

import pytest

import seedance_assets as sa
from seedance_assets.testing import Simulator

from conftest import CALLBACK_URL, IMAGE_URL


def test_one_hierarchy_with_the_core_codes() -> None:
    assert issubclass(sa.APITimeoutError, sa.APIConnectionError)
    assert issubclass(sa.RateLimitError, sa.APIStatusError)
    assert issubclass(sa.InvalidArgumentError, ValueError)
    assert issubclass(sa.CallbackError, ValueError)
    assert sa.RateLimitError.default_error_code == "ERR_RATE_LIMITED"
    assert "InternalError" in sa.__all__


def test_durations_in_the_wrong_unit_are_refused_with_a_hint(sim: Simulator) -> None:
    with pytest.raises(sa.InvalidArgumentError, match=r"seconds: did you mean 30\?") as caught:
        sim.client(timeout=30000)
    assert caught.value.field == "timeout"
    with pytest.raises(sa.InvalidArgumentError, match="not None") as caught:
        sim.client(timeout=None)  # type: ignore[arg-type]
    assert caught.value.field == "timeout"
    with pytest.raises(sa.InvalidArgumentError, match="not a bool"):
        sim.client(max_retries=True)
    with pytest.raises(sa.InvalidArgumentError) as caught:
        sim.client(rate_limits=False).wait_for_asset("asset-1", timeout=0)
    assert caught.value.field == "timeout"
    assert sim.request_count() == 0


def test_rate_limit_keys_are_method_names_with_a_hint(sim: Simulator) -> None:
    with pytest.raises(sa.InvalidArgumentError, match='did you mean "get_asset"') as caught:
        sim.client(rate_limits={"get_aset": 10})
    assert caught.value.field == "rate_limits"
    with pytest.raises(sa.InvalidArgumentError, match="max_requests"):
        sim.client(rate_limits={"upload_asset": 0})


def test_time_queued_by_the_client_side_limit_is_reported_as_local(sim: Simulator) -> None:
    with sim.client(rate_limits={"get_asset": "1/min"}) as client:
        session = client.create_validation_session(CALLBACK_URL)
        client.get_validation_result(sim_complete(sim, session.byted_token))
        uploaded = client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
        client.get_asset(uploaded.asset_id)
        with pytest.raises(sa.RateLimitError, match="queued locally") as caught:
            client.with_options(deadline=0.3).get_asset(uploaded.asset_id)
    assert caught.value.status_code is None
    assert caught.value.waited is not None and caught.value.waited >= 0.25
    assert sim.request_count("get_asset") == 1


def test_a_wait_honours_the_call_deadline(sim: Simulator, client: sa.Client) -> None:
    sim.set_processing_delay(3600)
    uploaded = client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    started = time.monotonic()
    with pytest.raises(sa.WaitTimeoutError) as caught:
        client.with_options(deadline=0.5).wait_for_asset(uploaded.asset_id)
    waited = time.monotonic() - started
    assert 0.45 <= waited < 5, waited
    assert re.search(r"not ready after (\d+ ms|\d+(\.\d)? s)", str(caught.value)), str(caught.value)


def test_a_session_knows_the_ttl_of_its_service() -> None:
    with Simulator(link_ttl=1.0) as sim, sim.client(rate_limits=False) as client:
        session = client.create_validation_session(CALLBACK_URL)
        assert (session.expires_at - session.created_at).total_seconds() == pytest.approx(1.0)
        time.sleep(1.2)
        assert session.is_expired()
        with pytest.raises(sa.UnprocessableError, match="expired: create a new session"):
            client.get_validation_result(session.byted_token)


def sim_complete(sim: Simulator, token: str) -> str:
    sim.complete_validation(token, passed=True)
    return token


def test_a_reference_passed_for_an_id_gets_a_hint(sim: Simulator, client: sa.Client) -> None:
    with pytest.raises(sa.InvalidArgumentError, match='pass "asset-1"') as caught:
        client.get_asset("asset://asset-1")
    assert caught.value.field == "asset_id"
    with pytest.raises(sa.InvalidArgumentError, match="%20") as caught:
        client.upload_asset(name="a", asset_type="Image", asset_url="https://cdn.example/my photo.jpg")
    assert caught.value.field == "asset_url"
    assert sim.request_count() == 0
