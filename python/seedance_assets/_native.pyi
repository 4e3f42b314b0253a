# Type stubs of the native module (bindings-python). Checked by mypy.stubtest in the test
# command, so they cannot drift from the module.

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from os import PathLike
from types import TracebackType
from typing import Any, Literal, final

from ._enums import AssetStatus, AssetType

__all__ = [
    "__version__",
    "Client",
    "AsyncClient",
    "ValidationSession",
    "CallbackResult",
    "ValidationResult",
    "UploadedAsset",
    "Asset",
    "Journal",
    "AsyncJournal",
    "Person",
    "JournaledAsset",
    "_Simulator",
    "parse_callback",
    "verify_callback",
    "_shutdown",
]

__version__: str

_Language = Literal["zh", "en", "zh-Hant"]
_RateLimitSpec = str | int | tuple[int, float] | None
_RateLimitsArg = bool | Mapping[str, _RateLimitSpec] | None
# Run time also accepts any letter case ("image"); the type names the canonical spelling.
_AssetTypeArg = Literal["Image", "Video", "Audio"] | AssetType
_JournalPath = str | PathLike[str] | None
# A recorded upload's status: the service's, or the journal's own `Uploading` / `Ambiguous`.
_JournalStatus = Literal["Uploading", "Ambiguous", "Processing", "Active", "Failed"] | AssetStatus | str

@final
class ValidationSession:
    """A validation session: send the person to ``h5_link`` within 120 s.

    ``to_dict()`` is the export for storage (it carries the secrets a restore needs; never log
    it) and ``ValidationSession.from_dict`` the restore, for a web backend that keeps the session
    between two requests. ``repr``/``str`` show the token by its last four characters and mask
    the link's credentials. Sessions pickle, copy, hash and compare by value.
    """

    @property
    def byted_token(self) -> str:
        """The single-use token to exchange for the GroupId (secret)."""
    @property
    def h5_link(self) -> str:
        """The page the person opens; it embeds temporary credentials (secret). Its language is
        upstream's default, ``zh``, unless ``language=`` was given to the call or the client."""
    @property
    def callback_url(self) -> str:
        """The callback URL the service echoed."""
    @property
    def created_at(self) -> datetime:
        """When this client received the session (UTC)."""
    @property
    def expires_at(self) -> datetime:
        """When the H5 link stops working (``created_at`` + 120 s, UTC)."""
    @property
    def request_id(self) -> str | None:
        """The service's id of the answer (``x-request-id``), for support requests; not part of
        ``==`` or ``hash``."""
    def is_expired(self) -> bool:
        """Whether the H5 link has expired by now."""
    def h5_link_for(self, language: _Language | str) -> str:
        """The H5 link with its page language (``lng``) set to ``zh``, ``en`` or ``zh-Hant``."""
    def verify_callback(self, url: str) -> CallbackResult:
        """Checks a callback URL (or query) against this session: same token, and passed;
        raises ``CallbackError`` otherwise."""
    def to_dict(self, *, json: bool = False) -> dict[str, Any]:
        """Every field as a plain dict, secrets included (this is data for storage, not
        display). With ``json=True`` the times are ISO-8601 strings, ready for ``json.dumps``."""
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ValidationSession:
        """Rebuilds a session from ``to_dict()``, or from ``to_dict(json=True)`` after
        ``json.loads``; times may be aware ``datetime`` objects or ISO-8601 strings. Raises
        ``InvalidArgumentError`` for a missing or unreadable field."""
    def __hash__(self) -> int:
        """By value, consistent with ``==``."""

@final
class CallbackResult:
    """The query parameters of the validation callback (the browser's redirect to
    ``callback_url``). ``repr`` shows the token by its last four characters."""

    @property
    def byted_token(self) -> str:
        """The session's token (secret)."""
    @property
    def result_code(self) -> str:
        """``10000`` means passed."""
    @property
    def algorithm_base_resp_code(self) -> str | None:
        """The service's sub-code."""
    @property
    def verify_type(self) -> str | None:
        """Currently always ``real_time``."""
    @property
    def passed(self) -> bool:
        """Whether the person passed validation (``result_code == "10000"``)."""
    @property
    def extra(self) -> dict[str, str]:
        """Every other query parameter, as sent."""
    def to_dict(self, *, json: bool = False) -> dict[str, Any]:
        """Every field as a plain dict, the token included (all values are JSON-safe)."""
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CallbackResult:
        """Rebuilds a callback result from ``to_dict()`` (``passed`` is recomputed)."""
    def __hash__(self) -> int:
        """By value, consistent with ``==``."""

@final
class ValidationResult:
    """Step 2's answer: the validated person's asset group."""

    @property
    def group_id(self) -> str:
        """The group id; keep it, it cannot be recovered."""
    @property
    def request_id(self) -> str | None:
        """The service's id of the answer (``x-request-id``), for support requests; not part of
        ``==`` or ``hash``."""
    def to_dict(self, *, json: bool = False) -> dict[str, Any]:
        """``{"group_id": ..., "request_id": ...}`` (JSON-safe either way)."""
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ValidationResult:
        """Rebuilds the result from ``to_dict()``."""
    def __hash__(self) -> int:
        """By value, consistent with ``==``."""

@final
class UploadedAsset:
    """Step 3's answer: the new asset's id."""

    @property
    def asset_id(self) -> str:
        """The asset id; keep it, the service does not list assets."""
    @property
    def reference(self) -> str:
        """``asset://<asset_id>``, for generation requests."""
    @property
    def request_id(self) -> str | None:
        """The service's id of the answer (``x-request-id``), for support requests; not part of
        ``==`` or ``hash``."""
    def to_dict(self, *, json: bool = False) -> dict[str, Any]:
        """``{"asset_id": ..., "reference": ..., "request_id": ...}`` (JSON-safe either way)."""
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UploadedAsset:
        """Rebuilds the answer from ``to_dict()`` (``reference`` is derived)."""
    def __hash__(self) -> int:
        """By value, consistent with ``==``."""

@final
class Asset:
    """An asset as ``asset-info`` reports it."""

    @property
    def asset_id(self) -> str:
        """The asset id."""
    @property
    def name(self) -> str | None:
        """The label given at upload."""
    @property
    def asset_type(self) -> AssetType | None:
        """The media kind, when the service sent a known one."""
    @property
    def status(self) -> AssetStatus | str:
        """``AssetStatus.PROCESSING``, ``.ACTIVE``, ``.FAILED``, or any other status as a plain
        ``str`` (one the service added later: treat it as not finished)."""
    @property
    def create_time(self) -> datetime | None:
        """When the asset was created (UTC)."""
    @property
    def update_time(self) -> datetime | None:
        """When the asset last changed (UTC)."""
    @property
    def error_code(self) -> str | None:
        """The failure code (e.g. ``FaceMismatch``)."""
    @property
    def error_message(self) -> str | None:
        """The failure message."""
    @property
    def reference(self) -> str:
        """``asset://<asset_id>``, for generation requests."""
    @property
    def raw(self) -> dict[str, Any]:
        """The ``data`` object exactly as received, unknown fields included."""
    @property
    def request_id(self) -> str | None:
        """The service's id of the answer (``x-request-id``), for support requests; not part of
        ``==`` or ``hash``."""
    def is_active(self) -> bool:
        """Whether the asset is usable (``status == "Active"``)."""
    def to_dict(self, *, json: bool = False) -> dict[str, Any]:
        """Every field as a plain dict (``raw`` included), with ``datetime`` and enum values.
        With ``json=True`` the times are ISO-8601 strings and ``asset_type``/``status`` plain
        strings, ready for ``json.dumps``."""
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Asset:
        """Rebuilds an asset from ``to_dict()`` or ``to_dict(json=True)`` (``reference`` is
        derived)."""
    def __hash__(self) -> int:
        """By value, consistent with ``==``."""

@final
class Person:
    """A validated person as the journal keeps them. Persons pickle, copy, hash and compare by
    value."""

    @property
    def reference(self) -> str | None:
        """The application's own id for the person, as given to ``create_validation_session``."""
    @property
    def group_id(self) -> str:
        """The GroupId their assets are uploaded under."""
    @property
    def validated_at(self) -> datetime:
        """When the GroupId was received (UTC)."""
    def to_dict(self, *, json: bool = False) -> dict[str, Any]:
        """``{"reference": ..., "group_id": ..., "validated_at": ...}``; with ``json=True`` the
        time is an ISO-8601 string."""
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Person:
        """Rebuilds a person from ``to_dict()`` or ``to_dict(json=True)``."""
    def __hash__(self) -> int:
        """By value, consistent with ``==``."""

@final
class JournaledAsset:
    """An upload as the journal recorded it. Records pickle, copy, hash and compare by value."""

    @property
    def key(self) -> str:
        """The upload's key: the caller's ``key``, else derived from the group, the name and the
        URL without its query string."""
    @property
    def asset_id(self) -> str | None:
        """The service's asset id; ``None`` while the upload's outcome is unknown."""
    @property
    def name(self) -> str:
        """The asset's name."""
    @property
    def asset_type(self) -> AssetType:
        """The media kind."""
    @property
    def asset_url(self) -> str:
        """The source URL without its query string (presigned signatures are not kept)."""
    @property
    def group_id(self) -> str | None:
        """The group it was uploaded under."""
    @property
    def reference(self) -> str | None:
        """The person's reference, when the group belongs to a journaled person (not the
        ``asset://`` URI: that is ``reference_uri``)."""
    @property
    def status(self) -> AssetStatus | str:
        """``AssetStatus.PROCESSING``, ``.ACTIVE``, ``.FAILED``, or another status as a plain
        ``str``: ``"Uploading"`` (being sent, or its process died sending it), ``"Ambiguous"``
        (may have reached the service: see ``Journal.resolve``), or one the service sent."""
    @property
    def error_code(self) -> str | None:
        """The service's error code, for a ``Failed`` asset."""
    @property
    def error_message(self) -> str | None:
        """The service's error message, for a ``Failed`` asset."""
    @property
    def attempts(self) -> int:
        """How many upload requests were sent (or attempted) under this key."""
    @property
    def updated_at(self) -> datetime:
        """When the record last changed (UTC)."""
    @property
    def reference_uri(self) -> str | None:
        """``asset://<asset_id>`` once the asset id is known, for generation requests."""
    def is_unresolved(self) -> bool:
        """Whether the upload waits for someone to say whether it happened
        (``Journal.resolve``)."""
    def to_dict(self, *, json: bool = False) -> dict[str, Any]:
        """Every field as a plain dict (``reference_uri`` included). With ``json=True`` the time
        is an ISO-8601 string and ``asset_type``/``status`` plain strings."""
    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JournaledAsset:
        """Rebuilds a record from ``to_dict()`` or ``to_dict(json=True)``."""
    def __hash__(self) -> int:
        """By value, consistent with ``==``."""

@final
class Journal:
    """Durable state for the flow: validated people, their sessions and uploads, in a SQLite
    file (a path; created on first use) or a PostgreSQL database (a ``postgresql://`` URL, for
    several processes or machines). ``path_or_url`` omitted: ``SEEDANCE_JOURNAL``, else a file
    in the user's data directory (the CLI's default too).

    Opened at once: a file or database that cannot be used raises ``JournalError`` here
    (``reason``: ``corrupt``, ``incompatible``, ``unavailable``, …). With ``read_only=True``
    queries work and every change raises ``JournalError`` (``reason="read_only"``). Attach it
    with ``Client(..., journal=journal)``. Thread-safe; a forked child opens its own connection.
    """

    def __new__(cls, path_or_url: _JournalPath = None, *, read_only: bool = False) -> Journal:
        """Opens (creating or upgrading it) the journal."""
    @property
    def location(self) -> str:
        """Where the journal is: a path, or the database URL without user, password or
        options."""
    def person(self, reference: str) -> Person | None:
        """The person last validated under ``reference``, or ``None``."""
    def people(self) -> list[Person]:
        """Every person, most recently validated first."""
    def assets(
        self, *, reference: str | None = None, group_id: str | None = None, status: _JournalStatus | None = None
    ) -> list[JournaledAsset]:
        """The recorded uploads, oldest first; each filter left out matches everything."""
    def pending(self) -> list[JournaledAsset]:
        """The work not finished: uploads whose outcome is unknown (``Uploading``,
        ``Ambiguous``) or still under review."""
    def asset(self, key: str) -> JournaledAsset | None:
        """The upload recorded under ``key``, or ``None``."""
    def resolve(self, key: str, asset_id: str | None = None) -> JournaledAsset | None:
        """Settles an unresolved upload (after an ``OutcomeUnknownError``, whose ``.key`` this
        is): ``asset_id`` if it happened (the record becomes ``Processing``), ``None`` if it did
        not (the record is removed, returned ``None``; uploading the key again sends it).
        ``InvalidArgumentError`` for a key that is not unresolved."""
    def forget(self, reference: str) -> int:
        """Erases everything recorded about the person (people, sessions, uploads, history);
        returns how many records were removed."""
    def export(self) -> Iterator[dict[str, Any]]:
        """Everything recorded, one JSON-ready dict per record (``kind``: ``person``,
        ``session``, ``asset``, ``history``); no tokens, no URL query strings. Times are
        ISO-8601 strings."""

@final
class AsyncJournal:
    """The journal with awaitable methods (see ``Journal``); attach it with
    ``AsyncClient(..., journal=journal)`` (a ``Client`` takes it too).

    Constructing it reads and writes nothing, so it never blocks an event loop: the journal is
    opened on the first awaited call, on a worker thread, and a file or database that cannot be
    used raises ``JournalError`` from that call. ``await AsyncJournal.open(...)`` opens it at
    once instead.
    """

    def __new__(cls, path_or_url: _JournalPath = None, *, read_only: bool = False) -> AsyncJournal:
        """The journal, opened on its first awaited call."""
    @classmethod
    async def open(cls, path_or_url: _JournalPath = None, *, read_only: bool = False) -> AsyncJournal:
        """Opens the journal now: errors are raised here rather than on the first call."""
    @property
    def location(self) -> str:
        """Where the journal is: a path, or the database URL without user, password or
        options."""
    async def person(self, reference: str) -> Person | None:
        """The person last validated under ``reference``, or ``None``."""
    async def people(self) -> list[Person]:
        """Every person, most recently validated first."""
    async def assets(
        self, *, reference: str | None = None, group_id: str | None = None, status: _JournalStatus | None = None
    ) -> list[JournaledAsset]:
        """The recorded uploads, oldest first; each filter left out matches everything."""
    async def pending(self) -> list[JournaledAsset]:
        """The work not finished: uploads whose outcome is unknown or still under review."""
    async def asset(self, key: str) -> JournaledAsset | None:
        """The upload recorded under ``key``, or ``None``."""
    async def resolve(self, key: str, asset_id: str | None = None) -> JournaledAsset | None:
        """As ``Journal.resolve``."""
    async def forget(self, reference: str) -> int:
        """As ``Journal.forget``."""
    async def export(self) -> Iterator[dict[str, Any]]:
        """As ``Journal.export``."""

@final
class Client:
    """A blocking client; calls release the GIL and never touch an asyncio loop.

    ``api_key`` defaults to ``SEEDANCE_API_KEY`` (or ``CRUN_API_KEY``) from the environment.
    Times are in seconds.

    ``rate_limits`` paces requests on the client side, per method:

    - ``None`` or ``True``: the service's documented limits (the default);
    - ``False``: no client-side limits;
    - a dict keyed by method name (``"create_validation_session"``,
      ``"get_validation_result"``, ``"upload_asset"``, ``"get_asset"``); each value is ``None``
      (no limit for that method), a rate string such as ``"120/min"`` or ``"3/s"``, an ``int``
      ``n`` (``n`` requests per second), or ``(n, seconds)``. Methods not named keep their
      default. An unknown name raises ``InvalidArgumentError`` with a suggestion.

    The H5 page's language is upstream's default, ``zh``, unless ``language=`` is given: to
    the client (``"zh"``, ``"en"`` or ``"zh-Hant"``), the default of all its sessions, or to
    ``create_validation_session``, which wins for that call; an existing session's link can be
    switched with ``session.h5_link_for(language)``.

    ``journal=`` (a ``Journal`` or an ``AsyncJournal``) records sessions, validated people and
    uploads: needed by ``complete_validation`` and by ``reference``/``consent``/``key``, and
    makes uploads keyed and never silently duplicated.
    """

    def __new__(
        cls,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = ...,
        connect_timeout: float = ...,
        max_retries: int = ...,
        rate_limits: _RateLimitsArg = None,
        user_agent: str | None = None,
        session_ttl: float = ...,
        max_response_bytes: int = ...,
        allow_insecure_http: bool = False,
        language: _Language | str | None = None,
        journal: Journal | AsyncJournal | None = None,
    ) -> Client:
        """A client; the options are described in the class docstring."""
    @property
    def base_url(self) -> str:
        """The service's base URL this client sends to."""
    def with_options(
        self,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
    ) -> Client:
        """A client sharing this one's connections and limits, with other per-call settings
        (``deadline`` bounds a whole call, retries included); ``None`` keeps a setting."""
    def create_validation_session(
        self,
        callback_url: str,
        *,
        language: _Language | str | None = None,
        reference: str | None = None,
        consent: str | None = None,
    ) -> ValidationSession:
        """Step 1: a validation session for a person, who is sent to ``session.h5_link``. The
        page is in upstream's default language, ``zh``, unless ``language`` is given
        (``"zh"``, ``"en"`` or ``"zh-Hant"``). With a journal attached the session is recorded,
        under ``reference`` (the application's id for the person) with a ``consent`` note;
        either without a journal raises ``ConfigurationError``."""
    def complete_validation(self, redirected_url: str) -> Person:
        """Steps 1½-2 with a journal: checks the URL the person's browser was redirected to
        and exchanges its token for the GroupId exactly once, however often or concurrently the
        callback arrives (across processes sharing the journal); the person is kept in the
        journal. ``CallbackError`` without any request for a malformed URL, a token this journal
        did not issue (``reason="unknown_token"``), a person who did not pass, or a token the
        service refused earlier (``"expired"``). ``ConfigurationError`` without a journal."""
    def get_validation_result(self, byted_token: str) -> ValidationResult:
        """Step 2: after the callback passed, exchanges the token for the person's group."""
    def upload_asset(
        self,
        *,
        name: str,
        asset_type: _AssetTypeArg,
        asset_url: str,
        group_id: str | None = None,
        key: str | None = None,
        allow_duplicate: bool = False,
    ) -> UploadedAsset:
        """Step 3: uploads a file the service downloads from ``asset_url``, bound to the
        validated person's ``group_id``. ``asset_type`` is an ``AssetType`` or its name in any
        letter case (``"Image"``, ``"image"``).

        With a journal attached the upload is recorded under ``key`` (default: the group, the
        name and the URL without its query string): the same key again returns the recorded
        asset without a request (a ``Failed`` one is sent again); one whose outcome is unknown
        raises ``OutcomeUnknownError`` (with ``.key``) without a request until
        ``Journal.resolve`` settles it, unless ``allow_duplicate=True``. ``key`` without a
        journal raises ``ConfigurationError``."""
    def get_asset(self, asset_id: str) -> Asset:
        """The asset's current state (``asset-info``)."""
    def wait_for_asset(
        self,
        asset_id: str,
        *,
        timeout: float = ...,
        poll_interval: float | None = None,
        on_poll: Callable[[dict[str, Any]], object] | None = None,
    ) -> Asset:
        """Polls until ``Active`` (returned) or ``Failed`` (``AssetFailedError``) within one
        deadline of ``timeout`` seconds (default 600; a ``with_options(deadline=…)`` that ends
        earlier wins), backing off from 1 s to 10 s unless ``poll_interval`` is fixed.
        ``on_poll`` receives a dict per poll, retry and rate-limit hold (``kind``: ``polled``,
        ``retrying``, ``queued``)."""
    def close(self) -> None:
        """Closes the client; later calls raise ``ClientClosedError``. Idempotent."""
    def __enter__(self) -> Client:
        """Returns the client; leaving the ``with`` block closes it."""
    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        tb: TracebackType | None = None,
        /,
    ) -> None:
        """Closes the client."""

@final
class AsyncClient:
    """An asyncio client: each call is a coroutine that sends nothing until awaited; cancelling
    the awaiting task cancels the request.

    ``api_key`` defaults to ``SEEDANCE_API_KEY`` (or ``CRUN_API_KEY``) from the environment.
    Times are in seconds.

    ``rate_limits`` paces requests on the client side, per method:

    - ``None`` or ``True``: the service's documented limits (the default);
    - ``False``: no client-side limits;
    - a dict keyed by method name (``"create_validation_session"``,
      ``"get_validation_result"``, ``"upload_asset"``, ``"get_asset"``); each value is ``None``
      (no limit for that method), a rate string such as ``"120/min"`` or ``"3/s"``, an ``int``
      ``n`` (``n`` requests per second), or ``(n, seconds)``. Methods not named keep their
      default. An unknown name raises ``InvalidArgumentError`` with a suggestion.

    The H5 page's language is upstream's default, ``zh``, unless ``language=`` is given: to
    the client (``"zh"``, ``"en"`` or ``"zh-Hant"``), the default of all its sessions, or to
    ``create_validation_session``, which wins for that call; an existing session's link can be
    switched with ``session.h5_link_for(language)``.

    ``journal=`` (a ``Journal`` or an ``AsyncJournal``) records sessions, validated people and
    uploads: needed by ``complete_validation`` and by ``reference``/``consent``/``key``, and
    makes uploads keyed and never silently duplicated.
    """

    def __new__(
        cls,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = ...,
        connect_timeout: float = ...,
        max_retries: int = ...,
        rate_limits: _RateLimitsArg = None,
        user_agent: str | None = None,
        session_ttl: float = ...,
        max_response_bytes: int = ...,
        allow_insecure_http: bool = False,
        language: _Language | str | None = None,
        journal: Journal | AsyncJournal | None = None,
    ) -> AsyncClient:
        """A client; the options are described in the class docstring."""
    @property
    def base_url(self) -> str:
        """The service's base URL this client sends to."""
    def with_options(
        self,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
    ) -> AsyncClient:
        """A client sharing this one's connections and limits, with other per-call settings
        (``deadline`` bounds a whole call, retries included); ``None`` keeps a setting."""
    async def create_validation_session(
        self,
        callback_url: str,
        *,
        language: _Language | str | None = None,
        reference: str | None = None,
        consent: str | None = None,
    ) -> ValidationSession:
        """Step 1: a validation session for a person, who is sent to ``session.h5_link``. The
        page is in upstream's default language, ``zh``, unless ``language`` is given
        (``"zh"``, ``"en"`` or ``"zh-Hant"``). With a journal attached the session is recorded,
        under ``reference`` (the application's id for the person) with a ``consent`` note;
        either without a journal raises ``ConfigurationError``."""
    async def complete_validation(self, redirected_url: str) -> Person:
        """Steps 1½-2 with a journal: checks the URL the person's browser was redirected to
        and exchanges its token for the GroupId exactly once, however often or concurrently the
        callback arrives (across processes sharing the journal); the person is kept in the
        journal. ``CallbackError`` without any request for a malformed URL, a token this journal
        did not issue (``reason="unknown_token"``), a person who did not pass, or a token the
        service refused earlier (``"expired"``). ``ConfigurationError`` without a journal."""
    async def get_validation_result(self, byted_token: str) -> ValidationResult:
        """Step 2: after the callback passed, exchanges the token for the person's group."""
    async def upload_asset(
        self,
        *,
        name: str,
        asset_type: _AssetTypeArg,
        asset_url: str,
        group_id: str | None = None,
        key: str | None = None,
        allow_duplicate: bool = False,
    ) -> UploadedAsset:
        """Step 3: uploads a file the service downloads from ``asset_url``, bound to the
        validated person's ``group_id``. ``asset_type`` is an ``AssetType`` or its name in any
        letter case (``"Image"``, ``"image"``).

        With a journal attached the upload is recorded under ``key`` (default: the group, the
        name and the URL without its query string): the same key again returns the recorded
        asset without a request (a ``Failed`` one is sent again); one whose outcome is unknown
        raises ``OutcomeUnknownError`` (with ``.key``) without a request until
        ``Journal.resolve`` settles it, unless ``allow_duplicate=True``. ``key`` without a
        journal raises ``ConfigurationError``."""
    async def get_asset(self, asset_id: str) -> Asset:
        """The asset's current state (``asset-info``)."""
    async def wait_for_asset(
        self,
        asset_id: str,
        *,
        timeout: float = ...,
        poll_interval: float | None = None,
        on_poll: Callable[[dict[str, Any]], object] | None = None,
    ) -> Asset:
        """As ``Client.wait_for_asset``; cancelling the awaiting task stops the polling."""
    async def close(self) -> None:
        """Closes the client; later calls raise ``ClientClosedError``. Idempotent."""
    async def __aenter__(self) -> AsyncClient:
        """Returns the client; leaving the ``async with`` block closes it."""
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        tb: TracebackType | None = None,
        /,
    ) -> None:
        """Closes the client."""

def parse_callback(url: str, expected_token: str | None = None) -> CallbackResult:
    """Parses a validation callback (full URL, path with query, or bare query). With
    ``expected_token``, a callback for another token raises ``CallbackError``; a callback that did
    not pass is returned (check ``.passed``)."""

def verify_callback(url: str, expected_token: str | None = None) -> CallbackResult:
    """Like ``ValidationSession.verify_callback``, for when only the token was kept: raises
    ``CallbackError`` unless the callback is for ``expected_token`` (when given) and passed."""

def _shutdown() -> None:
    """Stops the native runtime (registered with ``atexit``)."""

@final
class _Simulator:
    """The core's simulator, wrapped by ``seedance_assets.testing.Simulator``."""

    def __new__(
        cls,
        *,
        api_key: str | None = None,
        processing_delay: float | None = None,
        link_ttl: float | None = None,
        status_mode: str = "mirrored",
        time_format: str = "iso",
    ) -> _Simulator:
        """Starts a simulator on 127.0.0.1."""
    @property
    def url(self) -> str:
        """The base URL."""
    @property
    def link_ttl(self) -> float:
        """H5 link lifetime in seconds."""
    @property
    def api_key(self) -> str:
        """The API key the simulator accepts."""
    @property
    def closed(self) -> bool:
        """Whether the server was stopped."""
    def complete_validation(self, byted_token: str, passed: bool = True) -> str:
        """Completes a session as the H5 page would; returns the callback URL."""
    def inject_fault(
        self,
        endpoint: str,
        kind: str,
        times: int = 1,
        *,
        retry_after: int | None = None,
        code: int | None = None,
        http_status: int | None = None,
        delay: float | None = None,
    ) -> None:
        """Makes the next ``times`` requests to ``endpoint`` misbehave."""
    def set_chaos(self, probability: float, kinds: Sequence[str] | None = None, seed: int | None = None) -> None:
        """Chaos mode: each request gets a random fault with ``probability`` (0: off)."""
    def uploads_per_url(self) -> dict[str, int]:
        """Assets actually created per ``asset_url``."""
    def faults_injected(self) -> dict[str, int]:
        """Faults applied per kind."""
    def clear_faults(self) -> None:
        """Drops every queued fault."""
    def pending_faults(self, endpoint: str) -> int:
        """Faults still queued for ``endpoint``."""
    def request_count(self, endpoint: str | None = None) -> int:
        """Requests that reached ``endpoint`` (all endpoints when ``None``)."""
    def reset_counters(self) -> None:
        """Sets every request counter to zero."""
    def asset_count(self) -> int:
        """Assets actually created."""
    def session_count(self) -> int:
        """Validation sessions actually created."""
    def set_status_mode(self, mode: str) -> None:
        """``mirrored`` or ``envelope_only``."""
    def set_time_format(self, format: str) -> None:
        """``iso`` or ``unix`` asset timestamps."""
    def set_processing_delay(self, minimum: float, maximum: float | None = None) -> None:
        """Processing time of assets uploaded from now on."""
    def set_link_ttl(self, ttl: float) -> None:
        """H5 link lifetime (existing sessions included)."""
    def set_asset_status(self, asset_id: str, status: str) -> None:
        """Forces an asset's status."""
    def close(self) -> None:
        """Stops the server. Idempotent."""
