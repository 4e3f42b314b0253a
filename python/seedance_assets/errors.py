"""The exception hierarchy. Every error carries ``status_code`` (HTTP status), ``code`` (the
service's envelope code), ``message``, ``request_id`` and ``error_code`` (the stable
``ERR_…`` name shared with the Node package); some classes add details (``asset``, ``last``,
``cause``, ``retry_after``, …). The native module maps each core error to exactly one class."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from ._native import Asset

__all__ = [
    "SeedanceError",
    "InvalidArgumentError",
    "ConfigurationError",
    "APIStatusError",
    "AuthenticationError",
    "InsufficientCreditsError",
    "NotFoundError",
    "UnprocessableError",
    "RateLimitError",
    "ServiceUnavailableError",
    "ServerError",
    "GenerationFailedError",
    "FeatureDisabledError",
    "APIConnectionError",
    "APITimeoutError",
    "OutcomeUnknownError",
    "DecodeError",
    "AssetFailedError",
    "WaitTimeoutError",
    "CallbackError",
]


class SeedanceError(Exception):
    """Base class of every error raised by seedance_assets."""

    default_error_code = "ERR_UNKNOWN"

    def __init__(
        self,
        display: str,
        *,
        message: Optional[str] = None,
        status_code: Optional[int] = None,
        code: Optional[int] = None,
        request_id: Optional[str] = None,
        error_code: Optional[str] = None,
        **details: Any,
    ) -> None:
        super().__init__(display)
        #: The service's message (or a description of the failure).
        self.message: str = message if message is not None else display
        #: The HTTP status of the response behind the error, if any.
        self.status_code: Optional[int] = status_code
        #: The envelope ``code`` of the response behind the error, if any.
        self.code: Optional[int] = code
        #: The request id the service sent, if any.
        self.request_id: Optional[str] = request_id
        #: The stable ``ERR_…`` name of the failure.
        self.error_code: str = error_code or type(self).default_error_code
        for name, value in details.items():
            setattr(self, name, value)


class InvalidArgumentError(SeedanceError, ValueError):
    """A bad argument, refused before any request was sent (``.field`` names it)."""

    default_error_code = "ERR_INVALID_ARGUMENT"
    field: Optional[str] = None


class ConfigurationError(SeedanceError):
    """Missing or unusable configuration (API key, base URL)."""

    default_error_code = "ERR_CONFIGURATION"


class APIStatusError(SeedanceError):
    """The service answered with an error (envelope code or HTTP status)."""

    default_error_code = "ERR_API"
    #: Seconds the service asked to wait before retrying (``Retry-After``), if any.
    retry_after: Optional[float] = None


class AuthenticationError(APIStatusError):
    """401: the API key was refused."""

    default_error_code = "ERR_AUTHENTICATION"


class InsufficientCreditsError(APIStatusError):
    """402: not enough credits."""

    default_error_code = "ERR_INSUFFICIENT_CREDITS"


class NotFoundError(APIStatusError):
    """404: no such token, session or asset."""

    default_error_code = "ERR_NOT_FOUND"


class UnprocessableError(APIStatusError):
    """422: the request was understood but refused."""

    default_error_code = "ERR_UNPROCESSABLE"


class RateLimitError(APIStatusError):
    """429: rate limited, still so after the retries (see ``retry_after``)."""

    default_error_code = "ERR_RATE_LIMITED"


class ServiceUnavailableError(APIStatusError):
    """455: the service is under maintenance."""

    default_error_code = "ERR_SERVICE_UNAVAILABLE"


class ServerError(APIStatusError):
    """500 or another 5xx."""

    default_error_code = "ERR_SERVER"


class GenerationFailedError(APIStatusError):
    """501: the service failed to process the request."""

    default_error_code = "ERR_GENERATION_FAILED"


class FeatureDisabledError(APIStatusError):
    """505: the feature is disabled for this account."""

    default_error_code = "ERR_FEATURE_DISABLED"


class APIConnectionError(SeedanceError):
    """The connection failed or gave no usable answer."""

    default_error_code = "ERR_CONNECTION"


class APITimeoutError(APIConnectionError):
    """A request timed out."""

    default_error_code = "ERR_TIMEOUT"


class OutcomeUnknownError(SeedanceError):
    """A POST may have reached the service but its outcome is unknown; it was not resent so an
    upload is never silently duplicated. ``cause`` (also ``__cause__``) is what happened."""

    default_error_code = "ERR_OUTCOME_UNKNOWN"
    operation: Optional[str] = None
    cause: Optional[SeedanceError] = None


class DecodeError(SeedanceError):
    """The response body is not the documented envelope."""

    default_error_code = "ERR_DECODE"


class AssetFailedError(SeedanceError):
    """The asset ended ``Failed`` while waiting; ``asset`` has its error code and message."""

    default_error_code = "ERR_ASSET_FAILED"
    asset: Optional["Asset"] = None


class WaitTimeoutError(SeedanceError, TimeoutError):
    """Waiting ran past its deadline; ``last`` is the asset as last seen (or ``None``)."""

    default_error_code = "ERR_WAIT_TIMEOUT"
    last: Optional["Asset"] = None
    asset_id: Optional[str] = None
    waited: Optional[float] = None


class CallbackError(SeedanceError, ValueError):
    """A validation callback was refused: ``reason`` is ``"malformed"``, ``"token_mismatch"``
    or ``"not_passed"``."""

    default_error_code = "ERR_CALLBACK"
    reason: Optional[str] = None
    result_code: Optional[str] = None
    algorithm_base_resp_code: Optional[str] = None
