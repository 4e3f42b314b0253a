"""Every exception class, raised through the public API by simulator faults."""

from __future__ import annotations

import pickle

import pytest

import seedance_assets
from seedance_assets import errors
from seedance_assets.testing import Simulator

from conftest import CALLBACK_URL, IMAGE_URL

STATUS_CLASSES = [
    (401, errors.AuthenticationError, "ERR_AUTHENTICATION"),
    (402, errors.InsufficientCreditsError, "ERR_INSUFFICIENT_CREDITS"),
    (404, errors.NotFoundError, "ERR_NOT_FOUND"),
    (422, errors.UnprocessableError, "ERR_UNPROCESSABLE"),
    (429, errors.RateLimitError, "ERR_RATE_LIMITED"),
    (455, errors.ServiceUnavailableError, "ERR_SERVICE_UNAVAILABLE"),
    (500, errors.ServerError, "ERR_SERVER"),
    (502, errors.ServerError, "ERR_SERVER"),
    (501, errors.GenerationFailedError, "ERR_GENERATION_FAILED"),
    (505, errors.FeatureDisabledError, "ERR_FEATURE_DISABLED"),
    (400, errors.APIStatusError, "ERR_API"),
]


@pytest.mark.parametrize(("status", "cls", "error_code"), STATUS_CLASSES)
def test_each_status_has_its_class(
    sim: Simulator, fast_client: seedance_assets.Client, status: int, cls: type[Exception], error_code: str
) -> None:
    sim.inject_fault("get_asset", "status", code=status)
    with pytest.raises(cls) as caught:
        fast_client.get_asset("asset-1")
    error = caught.value
    assert type(error) is cls
    assert isinstance(error, errors.APIStatusError)
    assert isinstance(error, errors.SeedanceError)
    assert error.status_code == status
    assert error.code == status
    assert error.error_code == error_code
    assert error.message
    assert error.request_id and error.request_id.startswith("req-")


async def test_status_errors_from_the_async_client(sim: Simulator) -> None:
    sim.inject_fault("create_validation_session", "status", code=402)
    async with sim.async_client(max_retries=0) as client:
        with pytest.raises(errors.InsufficientCreditsError) as caught:
            await client.create_validation_session(CALLBACK_URL)
    assert caught.value.status_code == 402


def test_wrong_key_is_an_authentication_error(sim: Simulator) -> None:
    client = seedance_assets.Client("not-the-key", base_url=sim.url)
    with client, pytest.raises(errors.AuthenticationError) as caught:
        client.get_asset("asset-1")
    assert caught.value.status_code == 401
    assert "not-the-key" not in str(caught.value)


def test_missing_key_is_a_configuration_error() -> None:
    with pytest.raises(errors.ConfigurationError, match="SEEDANCE_API_KEY"):
        seedance_assets.Client()
    with pytest.raises(errors.ConfigurationError):
        seedance_assets.Client("key", base_url="ftp://nowhere")


def test_bad_argument_is_invalid_argument_and_value_error(client: seedance_assets.Client) -> None:
    with pytest.raises(errors.InvalidArgumentError) as caught:
        client.upload_asset(name="a", asset_type="Hologram", asset_url=IMAGE_URL)
    assert isinstance(caught.value, ValueError)
    assert caught.value.field == "asset_type"
    assert caught.value.error_code == "ERR_INVALID_ARGUMENT"


def test_connection_refused_is_a_connection_error() -> None:
    client = seedance_assets.Client("k", base_url="http://127.0.0.1:9", max_retries=0)
    with client, pytest.raises(errors.APIConnectionError) as caught:
        client.get_asset("asset-1")
    assert type(caught.value) is errors.APIConnectionError


def test_dropped_connection_on_a_get_is_a_connection_error(sim: Simulator, fast_client: seedance_assets.Client) -> None:
    sim.inject_fault("get_asset", "drop_connection")
    with pytest.raises(errors.APIConnectionError):
        fast_client.get_asset("asset-1")


def test_slow_answer_is_a_timeout(sim: Simulator) -> None:
    sim.inject_fault("get_asset", "slow", delay=3)
    with sim.client(timeout=0.3, max_retries=0) as client, pytest.raises(errors.APITimeoutError) as caught:
        client.get_asset("asset-1")
    assert isinstance(caught.value, errors.APIConnectionError)
    assert caught.value.error_code == "ERR_TIMEOUT"


@pytest.mark.parametrize("kind", ["malformed_body", "missing_data"])
def test_unreadable_body_is_a_decode_error(sim: Simulator, fast_client: seedance_assets.Client, kind: str) -> None:
    sim.inject_fault("get_asset", kind)
    with pytest.raises(errors.DecodeError) as caught:
        fast_client.get_asset("asset-1")
    assert caught.value.status_code == 200


def test_html_error_page_keeps_its_http_status(sim: Simulator, fast_client: seedance_assets.Client) -> None:
    sim.inject_fault("get_asset", "html_error", http_status=502)
    with pytest.raises(errors.ServerError) as caught:
        fast_client.get_asset("asset-1")
    assert caught.value.status_code == 502
    assert caught.value.message.startswith("HTTP 502")
    assert 'an HTML page, titled "502 Bad Gateway"' in caught.value.message  # summarised, not dumped
    assert "<center>" not in caught.value.message


def test_upload_answered_500_after_its_effect_is_outcome_unknown(
    sim: Simulator, client: seedance_assets.Client
) -> None:
    sim.inject_fault("upload_asset", "server_error_after")
    with pytest.raises(errors.OutcomeUnknownError) as caught:
        client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    error = caught.value
    assert sim.request_count("upload_asset") == 1  # not resent
    assert sim.asset_count == 1  # the one created by the lost answer, no duplicate
    assert isinstance(error.cause, errors.ServerError)
    assert error.__cause__ is error.cause
    assert error.operation == "asset-upload"
    assert error.status_code == 500


def test_asset_failed_carries_the_asset(sim: Simulator, client: seedance_assets.Client) -> None:
    uploaded = client.upload_asset(name="a", asset_type="Image", asset_url="https://example.com/face-mismatch.jpg")
    with pytest.raises(errors.AssetFailedError) as caught:
        client.wait_for_asset(uploaded.asset_id, timeout=30, poll_interval=0.05)
    asset = caught.value.asset
    assert asset is not None
    assert asset.asset_id == uploaded.asset_id
    assert asset.status == seedance_assets.AssetStatus.FAILED
    assert asset.error_code == "FaceMismatch"


def test_wait_timeout_carries_the_last_asset(sim: Simulator, client: seedance_assets.Client) -> None:
    sim.set_processing_delay(60)
    uploaded = client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    with pytest.raises(errors.WaitTimeoutError) as caught:
        client.wait_for_asset(uploaded.asset_id, timeout=1.0, poll_interval=0.1)
    error = caught.value
    assert isinstance(error, TimeoutError)
    assert error.last is not None and error.last.status == "Processing"
    assert error.asset_id == uploaded.asset_id
    assert error.waited is not None and error.waited >= 0.9


def test_callback_error_is_a_value_error(sim: Simulator, client: seedance_assets.Client) -> None:
    session = client.create_validation_session(CALLBACK_URL)
    with pytest.raises(errors.CallbackError) as caught:
        session.verify_callback(sim.complete_validation(session.byted_token, passed=False))
    assert isinstance(caught.value, ValueError)
    assert caught.value.reason == "not_passed"


def test_errors_can_be_built_and_pickled_by_users() -> None:
    error = errors.NotFoundError("no such asset", status_code=404, code=404, request_id="req-1")
    assert error.message == "no such asset" and error.error_code == "ERR_NOT_FOUND"
    assert str(error) == "no such asset"
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is errors.NotFoundError and str(copy) == "no such asset"


def test_every_public_error_class_is_exported() -> None:
    for name in errors.__all__:
        assert getattr(seedance_assets, name) is getattr(errors, name)
