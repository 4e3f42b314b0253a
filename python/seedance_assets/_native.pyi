# Type stubs of the native module (bindings-python). Checked by mypy.stubtest in the test
# command, so they cannot drift from the module.

from collections.abc import Callable, Mapping
from datetime import datetime
from types import TracebackType
from typing import Any, Literal, final

from ._enums import AssetStatus, AssetType

__version__: str
__all__ = [
    "__version__",
    "Client",
    "AsyncClient",
    "ValidationSession",
    "CallbackResult",
    "ValidationResult",
    "UploadedAsset",
    "Asset",
    "_Simulator",
    "parse_callback",
    "verify_callback",
    "_shutdown",
]

_Language = Literal["zh", "en", "zh-Hant"]
_RateLimitSpec = str | int | tuple[int, float] | None
_RateLimitsArg = bool | Mapping[str, _RateLimitSpec] | None

@final
class ValidationSession:
    """A validation session: send the person to ``h5_link`` within 120 s."""

    @property
    def byted_token(self) -> str: ...
    @property
    def h5_link(self) -> str: ...
    @property
    def callback_url(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def expires_at(self) -> datetime: ...
    def is_expired(self) -> bool: ...
    def h5_link_for(self, language: _Language | str) -> str: ...
    def verify_callback(self, url: str) -> CallbackResult: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class CallbackResult:
    """The query parameters of the validation callback."""

    @property
    def byted_token(self) -> str: ...
    @property
    def result_code(self) -> str: ...
    @property
    def algorithm_base_resp_code(self) -> str | None: ...
    @property
    def verify_type(self) -> str | None: ...
    @property
    def passed(self) -> bool: ...
    @property
    def extra(self) -> dict[str, str]: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class ValidationResult:
    """Step 2's answer."""

    @property
    def group_id(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __hash__(self) -> int: ...

@final
class UploadedAsset:
    """Step 3's answer."""

    @property
    def asset_id(self) -> str: ...
    @property
    def reference(self) -> str: ...
    def to_dict(self) -> dict[str, Any]: ...
    def __hash__(self) -> int: ...

@final
class Asset:
    """An asset as ``asset-info`` reports it."""

    @property
    def asset_id(self) -> str: ...
    @property
    def name(self) -> str | None: ...
    @property
    def asset_type(self) -> AssetType | None: ...
    @property
    def status(self) -> AssetStatus | str: ...
    @property
    def create_time(self) -> datetime | None: ...
    @property
    def update_time(self) -> datetime | None: ...
    @property
    def error_code(self) -> str | None: ...
    @property
    def error_message(self) -> str | None: ...
    @property
    def reference(self) -> str: ...
    @property
    def raw(self) -> dict[str, Any]: ...
    def is_active(self) -> bool: ...
    def to_dict(self) -> dict[str, Any]: ...

@final
class Client:
    """A blocking client; calls release the GIL and never touch an asyncio loop."""

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
    ) -> Client: ...
    @property
    def base_url(self) -> str: ...
    def with_options(
        self,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
    ) -> Client: ...
    def create_validation_session(
        self, callback_url: str, *, language: _Language | str | None = None
    ) -> ValidationSession: ...
    def get_validation_result(self, byted_token: str) -> ValidationResult: ...
    def upload_asset(
        self,
        *,
        name: str,
        asset_type: AssetType | str,
        asset_url: str,
        group_id: str | None = None,
    ) -> UploadedAsset: ...
    def get_asset(self, asset_id: str) -> Asset: ...
    def wait_for_asset(
        self,
        asset_id: str,
        *,
        timeout: float = ...,
        poll_interval: float | None = None,
        on_poll: Callable[[dict[str, Any]], object] | None = None,
    ) -> Asset: ...
    def close(self) -> None: ...
    def __enter__(self) -> Client: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        tb: TracebackType | None = None,
        /,
    ) -> None: ...

@final
class AsyncClient:
    """An asyncio client: each call is a coroutine that sends nothing until awaited; cancelling
    the awaiting task cancels the request."""

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
    ) -> AsyncClient: ...
    @property
    def base_url(self) -> str: ...
    def with_options(
        self,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
    ) -> AsyncClient: ...
    async def create_validation_session(
        self, callback_url: str, *, language: _Language | str | None = None
    ) -> ValidationSession: ...
    async def get_validation_result(self, byted_token: str) -> ValidationResult: ...
    async def upload_asset(
        self,
        *,
        name: str,
        asset_type: AssetType | str,
        asset_url: str,
        group_id: str | None = None,
    ) -> UploadedAsset: ...
    async def get_asset(self, asset_id: str) -> Asset: ...
    async def wait_for_asset(
        self,
        asset_id: str,
        *,
        timeout: float = ...,
        poll_interval: float | None = None,
        on_poll: Callable[[dict[str, Any]], object] | None = None,
    ) -> Asset: ...
    async def close(self) -> None: ...
    async def __aenter__(self) -> AsyncClient: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc: BaseException | None = None,
        tb: TracebackType | None = None,
        /,
    ) -> None: ...

def parse_callback(url: str, expected_token: str | None = None) -> CallbackResult: ...
def verify_callback(url: str, expected_token: str | None = None) -> CallbackResult: ...
def _shutdown() -> None: ...

@final
class _Simulator:
    def __new__(
        cls,
        *,
        api_key: str | None = None,
        processing_delay: float | None = None,
        link_ttl: float | None = None,
        status_mode: str = "mirrored",
        time_format: str = "iso",
    ) -> _Simulator: ...
    @property
    def url(self) -> str: ...
    @property
    def link_ttl(self) -> float: ...
    @property
    def api_key(self) -> str: ...
    @property
    def closed(self) -> bool: ...
    def complete_validation(self, byted_token: str, passed: bool = True) -> str: ...
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
    ) -> None: ...
    def clear_faults(self) -> None: ...
    def pending_faults(self, endpoint: str) -> int: ...
    def request_count(self, endpoint: str | None = None) -> int: ...
    def reset_counters(self) -> None: ...
    def asset_count(self) -> int: ...
    def session_count(self) -> int: ...
    def set_status_mode(self, mode: str) -> None: ...
    def set_time_format(self, format: str) -> None: ...
    def set_processing_delay(self, minimum: float, maximum: float | None = None) -> None: ...
    def set_link_ttl(self, ttl: float) -> None: ...
    def set_asset_status(self, asset_id: str, status: str) -> None: ...
    def close(self) -> None: ...
