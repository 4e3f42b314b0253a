"""Bad input never reaches the service; secrets never reach repr, str or logs."""

from __future__ import annotations

import logging
from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

import pytest

import seedance_assets
from seedance_assets import errors
from seedance_assets.testing import Simulator

from conftest import CALLBACK_URL, IMAGE_URL

BAD_CALLS: list[tuple[str, Callable[[seedance_assets.Client], Any]]] = [
    ("relative callback", lambda c: c.create_validation_session("/callback")),
    ("ftp callback", lambda c: c.create_validation_session("ftp://example.com/cb")),
    ("bad language", lambda c: c.create_validation_session(CALLBACK_URL, language="xx")),
    ("empty token", lambda c: c.get_validation_result("")),
    ("empty name", lambda c: c.upload_asset(name="", asset_type="Image", asset_url=IMAGE_URL)),
    ("bad type", lambda c: c.upload_asset(name="a", asset_type="pdf", asset_url=IMAGE_URL)),
    ("bad url", lambda c: c.upload_asset(name="a", asset_type="Image", asset_url="not a url")),
    ("empty asset id", lambda c: c.get_asset("")),
    ("negative timeout", lambda c: c.wait_for_asset("asset-1", timeout=-1)),
    ("zero poll", lambda c: c.wait_for_asset("asset-1", poll_interval=0)),
    ("nan timeout", lambda c: c.with_options(timeout=float("nan"))),
    ("negative retries", lambda c: c.with_options(max_retries=-1)),
]


@pytest.mark.parametrize(("label", "call"), BAD_CALLS, ids=[label for label, _ in BAD_CALLS])
def test_bad_input_sends_nothing(
    sim: Simulator, client: seedance_assets.Client, label: str, call: Callable[[seedance_assets.Client], Any]
) -> None:
    with pytest.raises(errors.InvalidArgumentError) as caught:
        call(client)
    assert isinstance(caught.value, ValueError)
    assert sim.total_requests == 0, label


async def test_bad_input_sends_nothing_async(sim: Simulator) -> None:
    async with sim.async_client() as client:
        with pytest.raises(errors.InvalidArgumentError):
            await client.get_asset("")
        with pytest.raises(errors.InvalidArgumentError):
            await client.upload_asset(name="a", asset_type="Image", asset_url="nope")
    assert sim.total_requests == 0


def test_bad_client_options() -> None:
    with pytest.raises(errors.InvalidArgumentError):
        seedance_assets.Client("k", timeout=0)
    with pytest.raises(errors.InvalidArgumentError):
        seedance_assets.Client("k", connect_timeout=-3)
    with pytest.raises(errors.InvalidArgumentError, match="not str") as caught:
        seedance_assets.Client("k", timeout="soon")  # type: ignore[arg-type]
    assert caught.value.field == "timeout"


def test_key_and_token_never_shown(sim: Simulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="seedance_assets")
    key = sim.api_key
    shown: list[str] = []
    with sim.client() as client:
        shown += [repr(client), str(client), repr(client.with_options(timeout=3))]
        session = client.create_validation_session(CALLBACK_URL)
        token = session.byted_token
        shown += [repr(session), str(session)]
        url = sim.complete_validation(token)
        callback = session.verify_callback(url)
        shown.append(repr(callback))
        sim.inject_fault("get_validation_result", "server_error_before")
        client.get_validation_result(token)
        sim.inject_fault("get_asset", "malformed_body", times=3)
        with pytest.raises(errors.DecodeError) as caught:
            client.get_asset("asset-1")
        shown += [str(caught.value), repr(caught.value)]
    with seedance_assets.Client("wrong-secret-key", base_url=sim.url, max_retries=0) as wrong:
        shown.append(repr(wrong))
        with pytest.raises(errors.AuthenticationError) as denied:
            wrong.get_asset("asset-1")
        shown.append(str(denied.value))

    messages = [record.getMessage() for record in caplog.records]
    assert any(record.name == "seedance_assets.http" for record in caplog.records), messages
    for text in shown + messages:
        assert key not in text
        assert "wrong-secret-key" not in text
        assert token not in text
    credentials = parse_qs(urlsplit(session.h5_link).query)
    assert credentials["secretAccessKey"][0]  # the accessor gives the link in full
    for name in ("accessKeyId", "secretAccessKey", "sessionToken"):
        assert credentials[name][0] not in repr(session), name
    assert "redacted" in repr(session)


def test_logging_follows_the_python_level(sim: Simulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="seedance_assets")
    with sim.client() as client:
        client.create_validation_session(CALLBACK_URL)
    assert not [r for r in caplog.records if r.name.startswith("seedance_assets")]
    caplog.set_level(logging.DEBUG, logger="seedance_assets")
    with sim.client() as client:
        client.create_validation_session(CALLBACK_URL)
    http = [r for r in caplog.records if r.name == "seedance_assets.http"]
    assert http and http[0].levelno == logging.DEBUG
    assert "visual-validate-session" in http[0].getMessage()
