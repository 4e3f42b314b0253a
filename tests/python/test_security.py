"""Security promises through the Python API: hostile servers on 127.0.0.1 only."""

from __future__ import annotations

import http.server
import resource
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

import seedance_assets as sa
from seedance_assets.testing import Simulator

from conftest import CALLBACK_URL, IMAGE_URL

KEY = "sk-live-QQ7d2f0c9a8b7e6d5c4b3a2f1e0d9c8b7a6"


def runs_of_six(secret: str) -> list[str]:
    return [secret[i : i + 6] for i in range(len(secret) - 5)]


def assert_hidden(secret: str, *texts: str) -> None:
    for text in texts:
        for run in runs_of_six(secret):
            assert run not in text, f"{run!r} of the secret shown in {text!r}"


@contextmanager
def serve(handle: type[http.server.BaseHTTPRequestHandler]) -> Iterator[tuple[str, list[str]]]:
    """A one-purpose HTTP server on 127.0.0.1; yields its URL and the paths it was asked for."""
    seen: list[str] = []

    class Recording(handle):  # type: ignore[misc, valid-type]
        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            seen.append(self.path)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recording)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def error_of_get_asset(url: str, **options: int) -> sa.SeedanceError:
    """What `get_asset` raises against the server at `url`."""
    with sa.Client(KEY, base_url=url, **options) as client:
        try:
            client.get_asset("asset-1")
        except sa.SeedanceError as err:
            return err
    raise AssertionError("get_asset succeeded")


class Quiet(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")


def redirect_to(target: str) -> type[http.server.BaseHTTPRequestHandler]:
    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", f"{target}/steal?key=1")
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Redirect


def test_a_redirect_is_not_followed_and_the_other_origin_sees_nothing() -> None:
    with serve(Quiet) as (other, other_seen), serve(redirect_to(other)) as (url, _):
        err = error_of_get_asset(url, max_retries=3)
    assert isinstance(err, sa.APIStatusError), repr(err)
    assert err.status_code == 302
    assert other in str(err)
    assert "/steal" not in str(err)
    assert other_seen == []


def test_plain_http_to_a_remote_host_needs_an_explicit_opt_in() -> None:
    with pytest.raises(sa.ConfigurationError, match="allow_insecure_http"):
        sa.Client(KEY, base_url="http://api.example.com")
    sa.Client(KEY, base_url="http://api.example.com", allow_insecure_http=True).close()


def test_credentials_in_the_base_url_are_refused_without_echoing_them() -> None:
    with pytest.raises(sa.ConfigurationError) as caught:
        sa.Client(KEY, base_url="https://user:pw-SECRET-value@api.example.com")
    assert "pw-SECRET" not in str(caught.value) and "pw-SECRET" not in repr(caught.value)


def test_the_response_size_limit_is_an_option_and_names_itself(sim: Simulator) -> None:
    with sim.client(max_response_bytes=64) as small, pytest.raises(sa.OutcomeUnknownError, match="64-byte limit"):
        small.create_validation_session(CALLBACK_URL)
    with pytest.raises(sa.InvalidArgumentError) as caught:
        sim.client(max_response_bytes=0)
    assert caught.value.field == "max_response_bytes"


class Endless(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(1 << 30))
        self.end_headers()
        chunk = b" " * (1 << 16)
        try:
            for _ in range((1 << 30) // len(chunk)):
                self.wfile.write(chunk)
        except OSError:
            pass


def test_a_1_gib_answer_is_refused_with_bounded_memory() -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with serve(Endless) as (url, seen):
        err = error_of_get_asset(url, max_retries=0)
    assert isinstance(err, sa.DecodeError), repr(err)
    assert "limit" in str(err)
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mib < 64, f"peak RSS grew by {grown_mib:.0f} MiB"
    assert len(seen) == 1


def key_echo(body_prefix: int) -> type[http.server.BaseHTTPRequestHandler]:
    class Echo(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = ("x" * body_prefix + f"bad key {self.headers['x-api-key']} refused").encode()
            self.send_response(401)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Echo


@pytest.mark.parametrize("offset", [0, 150, 155, 160, 400])
def test_the_key_echoed_in_an_error_body_never_shows(offset: int) -> None:
    with serve(key_echo(offset)) as (url, _):
        err = error_of_get_asset(url)
    assert isinstance(err, sa.AuthenticationError), repr(err)
    assert_hidden(KEY, str(err), repr(err), err.message)


def test_tokens_show_their_last_four_characters(sim: Simulator, client: sa.Client) -> None:
    session = client.create_validation_session(CALLBACK_URL)
    token = session.byted_token
    assert f"…{token[-4:]}" in repr(session)
    assert_hidden(token[-20:], repr(session), str(session))
    other = client.create_validation_session(CALLBACK_URL)
    with pytest.raises(sa.CallbackError) as caught:
        session.verify_callback(sim.complete_validation(other.byted_token))
    assert token[-4:] in str(caught.value) and other.byted_token[-4:] in str(caught.value)


@pytest.mark.parametrize(
    ("field", "call"),
    [
        ("name", lambda c: c.upload_asset(name="a\r\nb", asset_type="Image", asset_url=IMAGE_URL)),
        (
            "asset_url",
            lambda c: c.upload_asset(name="a", asset_type="Image", asset_url="https://u:p@cdn.example/a.jpg"),
        ),
        ("asset_id", lambda c: c.get_asset("x" * 1_000_000)),
        ("callback_url", lambda c: c.create_validation_session("ftp://example.com/cb")),
        ("name", lambda c: c.upload_asset(name="a\ud800b", asset_type="Image", asset_url=IMAGE_URL)),
        ("asset_id", lambda c: c.get_asset("asset-\udfff")),
    ],
)
def test_hostile_arguments_are_refused_by_name_and_nothing_is_sent(
    sim: Simulator, client: sa.Client, field: str, call: object
) -> None:
    with pytest.raises(sa.InvalidArgumentError) as caught:
        call(client)  # type: ignore[operator]
    assert caught.value.field == field
    assert sim.request_count() == 0
