"""The four steps, blocking and awaitable, as the README shows them."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

import seedance_assets
from seedance_assets import AssetStatus, AssetType
from seedance_assets.testing import Simulator

from conftest import CALLBACK_URL, IMAGE_URL


def test_four_steps_blocking(sim: Simulator, client: seedance_assets.Client) -> None:
    session = client.create_validation_session(CALLBACK_URL, language="en")
    assert session.callback_url == CALLBACK_URL
    assert "lng=en" in session.h5_link
    assert not session.is_expired()
    assert (session.expires_at - session.created_at).total_seconds() == pytest.approx(120)

    callback = session.verify_callback(sim.complete_validation(session.byted_token))
    assert callback.passed and callback.byted_token == session.byted_token

    group = client.get_validation_result(callback.byted_token)
    assert group.group_id

    uploaded = client.upload_asset(
        name="portrait", asset_type=AssetType.IMAGE, asset_url=IMAGE_URL, group_id=group.group_id
    )
    assert uploaded.reference == f"asset://{uploaded.asset_id}"

    asset = client.wait_for_asset(uploaded.asset_id, timeout=30, poll_interval=0.05)
    assert asset.status is AssetStatus.ACTIVE and asset.status == "Active"
    assert asset.is_active()
    assert asset.asset_type is AssetType.IMAGE
    assert asset.name == "portrait"
    assert asset.reference == uploaded.reference
    assert asset.raw["AssetId"] == uploaded.asset_id
    assert asset == client.get_asset(uploaded.asset_id)


async def test_four_steps_async(sim: Simulator) -> None:
    async with sim.async_client(rate_limits=False) as client:
        session = await client.create_validation_session(CALLBACK_URL)
        callback = session.verify_callback(sim.complete_validation(session.byted_token))
        group = await client.get_validation_result(callback.byted_token)
        uploaded = await client.upload_asset(
            name="voice", asset_type="audio", asset_url="https://example.com/v.mp3", group_id=group.group_id
        )
        first = await client.get_asset(uploaded.asset_id)
        assert first.asset_id == uploaded.asset_id
        assert first.name == "voice"
        asset = await client.wait_for_asset(uploaded.asset_id, timeout=30, poll_interval=0.05)
        assert asset.status is AssetStatus.ACTIVE
        assert asset.asset_type is AssetType.AUDIO


@pytest.mark.parametrize("time_format", ["iso", "unix"])
def test_times_are_utc_datetimes_in_either_wire_format(
    sim: Simulator, client: seedance_assets.Client, time_format: str
) -> None:
    sim.set_time_format(time_format)  # type: ignore[arg-type]
    uploaded = client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    asset = client.get_asset(uploaded.asset_id)
    assert isinstance(asset.create_time, datetime)
    assert asset.create_time.tzinfo is not None
    assert asset.create_time.utcoffset() == timezone.utc.utcoffset(None)
    assert abs((datetime.now(timezone.utc) - asset.create_time).total_seconds()) < 300


def test_envelope_only_errors_are_read_from_the_envelope(sim: Simulator, fast_client: seedance_assets.Client) -> None:
    sim.set_status_mode("envelope_only")
    with pytest.raises(seedance_assets.NotFoundError) as caught:
        fast_client.get_asset("no-such-asset")
    assert caught.value.status_code == 200
    assert caught.value.code == 404


def test_unknown_status_is_kept_as_a_plain_string(sim: Simulator, client: seedance_assets.Client) -> None:
    uploaded = client.upload_asset(name="a", asset_type="Video", asset_url="https://example.com/a.mp4")
    sim.set_asset_status(uploaded.asset_id, "Reviewing")
    asset = client.get_asset(uploaded.asset_id)
    assert asset.status == "Reviewing"
    assert not isinstance(asset.status, AssetStatus)
    assert not asset.is_active()


def test_h5_link_language_and_expiry(sim: Simulator, client: seedance_assets.Client) -> None:
    session = client.create_validation_session(CALLBACK_URL)
    assert "lng=zh-Hant" in session.h5_link_for("zh-Hant")
    assert "lng=en" in session.h5_link_for("EN")
    with pytest.raises(seedance_assets.InvalidArgumentError):
        session.h5_link_for("klingon")


def test_client_from_environment(sim: Simulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEEDANCE_API_KEY", sim.api_key)
    monkeypatch.setenv("SEEDANCE_BASE_URL", sim.url)
    with seedance_assets.Client() as client:
        assert client.base_url.startswith(sim.url)
        client.create_validation_session(CALLBACK_URL)
    monkeypatch.delenv("SEEDANCE_API_KEY")
    monkeypatch.setenv("CRUN_API_KEY", sim.api_key)
    with seedance_assets.Client() as client:
        client.create_validation_session(CALLBACK_URL)
    assert sim.session_count == 2  # both keys were accepted


def test_with_options_shares_the_client(sim: Simulator, client: seedance_assets.Client) -> None:
    quick = client.with_options(timeout=5, max_retries=0, deadline=10)
    assert "max_retries=0" in repr(quick)
    assert quick.base_url == client.base_url
    sim.inject_fault("create_validation_session", "service_unavailable")
    with pytest.raises(seedance_assets.ServiceUnavailableError):
        quick.create_validation_session(CALLBACK_URL)
    assert sim.request_count("create_validation_session") == 1  # its max_retries=0 applied
    sim.inject_fault("create_validation_session", "service_unavailable")
    client.create_validation_session(CALLBACK_URL)  # the original still retries
    assert sim.request_count("create_validation_session") == 3
    assert sim.session_count == 1


def test_closed_client_refuses_calls(sim: Simulator) -> None:
    client = sim.client()
    with client:
        pass
    with pytest.raises(seedance_assets.ClientClosedError, match="closed") as caught:
        client.get_asset("x")
    assert isinstance(caught.value, seedance_assets.SeedanceError)
    assert isinstance(caught.value, RuntimeError)
    assert caught.value.error_code == "ERR_CLOSED"


def test_rate_limits_option_forms(sim: Simulator) -> None:
    for limits in (True, False, None, {"get_asset": 50, "upload_asset": (10, 60.0), "create_validation_session": None}):
        with sim.client(rate_limits=limits) as client:
            client.create_validation_session(CALLBACK_URL)
    assert sim.session_count == 4
    with pytest.raises(seedance_assets.InvalidArgumentError):
        sim.client(rate_limits={"nope": 1})


async def test_async_close_is_awaitable_and_idempotent(sim: Simulator) -> None:
    client = sim.async_client()
    await client.close()
    await client.close()
    with pytest.raises(seedance_assets.ClientClosedError, match="closed"):
        await client.get_asset("asset-1")


def test_async_client_can_be_closed_outside_a_loop(sim: Simulator) -> None:
    client = sim.async_client()
    client.close()  # no running loop needed
    assert "closed=True" in repr(client)
