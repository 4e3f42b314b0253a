"""Test your own code against a local simulator of the service (no network, no key).

>>> from seedance_assets.testing import Simulator
>>> with Simulator() as sim, sim.client() as client:
...     session = client.create_validation_session("https://example.com/done")
...     callback_url = sim.complete_validation(session.byted_token)
...     group = client.get_validation_result(session.verify_callback(callback_url).byted_token)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, Literal, TypedDict, cast

from ._fault_kinds import FailureKind, FaultKind
from ._native import AsyncClient, Client, _Simulator

__all__ = ["Simulator", "Endpoint", "FaultKind", "FailureKind", "Chaos", "AssetRecord"]

#: An endpoint, by client method or wire name.
Endpoint = Literal[
    "create_validation_session",
    "get_validation_result",
    "upload_asset",
    "get_asset",
    "visual-validate-session",
    "visual-validate-result",
    "asset-upload",
    "asset-info",
]


class Chaos(TypedDict, total=False):
    """Chaos mode settings (see ``Simulator.set_chaos``): ``probability`` (default 0),
    ``kinds``, ``seed``, ``failure_share`` (default 0), ``failure_kinds``."""

    probability: float
    kinds: Sequence[FaultKind | str] | None
    seed: int | None
    failure_share: float
    failure_kinds: Sequence[FailureKind | str] | None


class AssetRecord(TypedDict):
    """One asset as the simulator holds it (``Simulator.assets()``)."""

    asset_id: str
    name: str
    asset_url: str
    #: As asset-info would answer now: ``Processing``, ``Active``, ``Failed`` or a forced one.
    status: str
    #: The error code asset-info reports when ``Failed`` (e.g. ``FaceMismatch``), else None.
    error_code: str | None


class Simulator:
    """The core's simulator of the Seedance asset endpoints, listening on 127.0.0.1.

    Uploads whose ``asset_url`` contains ``face-mismatch`` or ``download-failed`` end ``Failed``;
    others become ``Active`` after ``processing_delay`` seconds (default: the simulator's, 0.2).
    H5 links expire after ``link_ttl`` seconds (default: upstream's 120); its clients know that
    TTL. ``chaos`` (a probability, or a ``Chaos`` dict) gives every request a random fault and,
    with ``failure_share``, a share of uploads a ``Failed`` outcome; see ``set_chaos``.
    ``quotas`` gives endpoints server-side rate limits as upstream enforces them (a request over
    one gets 429 with ``Retry-After`` and no effect), keyed by the client's method names:
    ``{"upload_asset": "600/min"}``; see ``set_quota``. ``download_assets=True`` fetches each
    upload's asset URL as upstream does (bounded in bytes and time): an answer that is not the
    media itself (an HTML page, a 403 from a bad signature, a 404) ends the asset ``Failed``
    with ``InvalidParameter.DownloadFailed``.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        processing_delay: float | None = None,
        link_ttl: float | None = None,
        status_mode: Literal["mirrored", "envelope_only"] = "mirrored",
        time_format: Literal["iso", "unix"] = "iso",
        chaos: float | Chaos | None = None,
        quotas: Mapping[Endpoint | str, str] | None = None,
        download_assets: bool = False,
    ) -> None:
        """Starts the simulator; stop it with ``close()`` or a ``with`` block."""
        self._native = _Simulator(
            api_key=api_key,
            processing_delay=processing_delay,
            link_ttl=link_ttl,
            status_mode=status_mode,
            time_format=time_format,
            quotas=None if quotas is None else dict(quotas),
            download_assets=download_assets,
        )
        if isinstance(chaos, dict):
            self.set_chaos(
                chaos.get("probability", 0.0),
                chaos.get("kinds"),
                chaos.get("seed"),
                failure_share=chaos.get("failure_share", 0.0),
                failure_kinds=chaos.get("failure_kinds"),
            )
        elif chaos is not None:
            self.set_chaos(chaos)

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:40123``."""
        return self._native.url

    @property
    def api_key(self) -> str:
        """The API key the simulator accepts."""
        return self._native.api_key

    def client(self, **options: Any) -> Client:
        """A blocking ``Client`` pointed at this simulator (options as for ``Client``;
        ``allow_private_hosts`` defaults to True, so preflight reaches the simulator's media)."""
        options.setdefault("session_ttl", self._native.link_ttl)
        options.setdefault("allow_private_hosts", True)
        return Client(self.api_key, base_url=self.url, **options)

    def async_client(self, **options: Any) -> AsyncClient:
        """An ``AsyncClient`` pointed at this simulator (options as for ``AsyncClient``;
        ``allow_private_hosts`` defaults to True)."""
        options.setdefault("session_ttl", self._native.link_ttl)
        options.setdefault("allow_private_hosts", True)
        return AsyncClient(self.api_key, base_url=self.url, **options)

    def complete_validation(self, byted_token: str, passed: bool = True) -> str:
        """Completes a session as the H5 page would; returns the callback URL the browser gets."""
        return self._native.complete_validation(byted_token, passed)

    def inject_fault(
        self,
        endpoint: Endpoint | str,
        kind: FaultKind | str,
        times: int = 1,
        *,
        retry_after: int | None = None,
        code: int | None = None,
        http_status: int | None = None,
        delay: float | None = None,
    ) -> None:
        """Makes the next ``times`` requests to ``endpoint`` misbehave.

        Parameters: ``retry_after`` (seconds, ``rate_limited``), ``code`` (envelope code,
        ``status``), ``http_status`` (``html_error``), ``delay`` (seconds, ``slow``).
        """
        self._native.inject_fault(
            endpoint,
            kind,
            times,
            retry_after=retry_after,
            code=code,
            http_status=http_status,
            delay=delay,
        )

    def set_chaos(
        self,
        probability: float,
        kinds: Sequence[FaultKind | str] | None = None,
        seed: int | None = None,
        *,
        failure_share: float = 0.0,
        failure_kinds: Sequence[FailureKind | str] | None = None,
    ) -> None:
        """Chaos mode: each request gets a fault with ``probability``, and ``failure_share`` of
        the uploads that take effect end ``Failed`` (both 0 switch it off).

        The fault is drawn from ``kinds`` (default: rate_limited, service_unavailable,
        server_error_before, server_error_after, drop_connection, truncated_body, slow); a
        failure's reason from ``failure_kinds`` (default: face_mismatch, download_failed, with
        the codes and messages of the URL keywords ``face-mismatch`` and ``download-failed``,
        which still force theirs). A ``seed`` makes both repeatable (for the same request
        order). A value outside [0, 1] or an unknown kind raises ``InvalidArgumentError``
        naming the argument.
        """
        self._native.set_chaos(
            probability,
            None if kinds is None else list(kinds),
            seed,
            failure_share=failure_share,
            failure_kinds=None if failure_kinds is None else list(failure_kinds),
        )

    def uploads_per_url(self) -> dict[str, int]:
        """How many assets were actually created for each ``asset_url`` (since the last
        ``reset_counters``): the side effects, whatever the clients were told."""
        return self._native.uploads_per_url()

    def faults_injected(self) -> dict[str, int]:
        """How many faults of each kind were applied (queued and chaos ones)."""
        return self._native.faults_injected()

    def failures_drawn(self) -> dict[str, int]:
        """How many uploads chaos made end ``Failed``, per failure kind (since the last
        ``reset_counters``); failures forced by a URL keyword are not drawn, so not counted."""
        return self._native.failures_drawn()

    def assets(self) -> list[AssetRecord]:
        """Every asset created, as it stands now (in no particular order): the simulator's own
        record, to check a client's report against."""
        # The native side returns exactly these keys; only error_code may be None.
        return cast("list[AssetRecord]", self._native.assets())

    def clear_faults(self) -> None:
        """Drops every queued fault."""
        self._native.clear_faults()

    def pending_faults(self, endpoint: Endpoint | str) -> int:
        """Faults still queued for ``endpoint``."""
        return self._native.pending_faults(endpoint)

    def request_count(self, endpoint: Endpoint | str | None = None) -> int:
        """Requests that reached ``endpoint`` (all four endpoints when ``None``)."""
        return self._native.request_count(endpoint)

    @property
    def total_requests(self) -> int:
        """Requests that reached any endpoint."""
        return self._native.request_count(None)

    def add_media(self, name: str, data: bytes) -> str:
        """Serves ``data`` as an asset host would (HEAD, byte ranges) and returns its URL.

        Variants of the same file: ``/media/private/<name>`` (403), ``/media/expired/<name>``
        (404), ``/media/login/<name>`` (an HTML sign-in page), ``/media/slow/<name>`` (answers
        after 30 s), and ``/media/redirect?to=<url>`` (a 302 to any URL).
        """
        return self._native.add_media(name, data)

    def media_url(self, name: str) -> str:
        """The URL of the media file ``name`` (see ``add_media``)."""
        return self._native.media_url(name)

    def media_bytes_served(self) -> dict[str, int]:
        """Body bytes sent per ``/media/`` request path (e.g. ``/media/large.mp4``)."""
        return self._native.media_bytes_served()

    def reset_counters(self) -> None:
        """Sets every request counter to zero and forgets the records."""
        self._native.reset_counters()

    @property
    def asset_count(self) -> int:
        """Assets actually created (failed ones included)."""
        return self._native.asset_count()

    @property
    def session_count(self) -> int:
        """Validation sessions actually created."""
        return self._native.session_count()

    def set_processing_delay(self, minimum: float, maximum: float | None = None) -> None:
        """Processing time (seconds) of assets uploaded from now on, drawn from [min, max]."""
        self._native.set_processing_delay(minimum, maximum)

    def set_status_mode(self, mode: Literal["mirrored", "envelope_only"]) -> None:
        """``mirrored``: HTTP status = envelope code; ``envelope_only``: errors in a 200."""
        self._native.set_status_mode(mode)

    def set_time_format(self, time_format: Literal["iso", "unix"]) -> None:
        """How asset timestamps are written."""
        self._native.set_time_format(time_format)

    def set_link_ttl(self, seconds: float) -> None:
        """H5 link lifetime (existing sessions included)."""
        self._native.set_link_ttl(seconds)

    def set_asset_status(self, asset_id: str, status: str) -> None:
        """Forces an asset's status to any string from now on (e.g. ``"Reviewing"``)."""
        self._native.set_asset_status(asset_id, status)

    def set_quota(self, operation: Endpoint | str, rate: str | None) -> None:
        """Sets the server-side quota of ``operation`` (a rate such as ``"600/min"`` or
        ``"20/s"``), or lifts it (``None``)."""
        self._native.set_quota(operation, rate)

    def max_in_window(self, operation: Endpoint | str, seconds: float) -> int:
        """The most requests to ``operation`` accepted within any window of ``seconds`` (since
        the last ``reset_counters``): proof that a client kept a rate."""
        return self._native.max_in_window(operation, seconds)

    def quota_refusals(self, operation: Endpoint | str) -> int:
        """Requests to ``operation`` its quota refused with 429 (since the last
        ``reset_counters``)."""
        return self._native.quota_refusals(operation)

    def close(self) -> None:
        """Stops the server. Idempotent."""
        self._native.close()

    @property
    def closed(self) -> bool:
        """Whether ``close()`` was called."""
        return self._native.closed

    def __enter__(self) -> Simulator:
        """Returns the simulator; leaving the block stops it."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Stops the simulator."""
        self.close()

    def __repr__(self) -> str:
        """``Simulator(<url>)``, or ``Simulator(closed)``."""
        state = "closed" if self.closed else self.url
        return f"Simulator({state})"
