"""Client for the crun.ai Seedance real-person asset flow: validate a person, upload an asset
bound to them, wait until it is usable. A native (Rust) core with a blocking ``Client`` and an
awaitable ``AsyncClient``.

>>> from seedance_assets import Client
>>> with Client() as client:  # key from SEEDANCE_API_KEY
...     session = client.create_validation_session("https://example.com/done")

Logs go to the standard ``logging`` logger ``seedance_assets`` (each HTTP attempt at DEBUG,
retries and rate-limit waits at INFO); set ``SEEDANCE_LOG=debug|info|warn`` to have them
written to stderr without configuring anything.
"""

from __future__ import annotations

import atexit as _atexit

from . import _native, _travel
from . import errors as _errors
from ._enums import AssetStatus, AssetType
from ._log import configure_from_env as _configure_log
from ._native import (
    Asset,
    AsyncClient,
    AsyncJournal,
    CallbackResult,
    Client,
    ItemReport,
    Journal,
    JournaledAsset,
    OnboardingReport,
    Person,
    PreflightFinding,
    PreflightReport,
    UploadedAsset,
    ValidationResult,
    ValidationSession,
    parse_callback,
    verify_callback,
)
from .errors import *  # noqa: F403 (the generated hierarchy: errors.__all__ lists it)

__version__: str = _native.__version__

_travel.register(
    ValidationSession,
    CallbackResult,
    ValidationResult,
    UploadedAsset,
    Asset,
    Person,
    JournaledAsset,
    OnboardingReport,
    ItemReport,
)
_configure_log()

# Stop the native runtime (bounded) before the interpreter finalizes.
_atexit.register(_native._shutdown)

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
    "OnboardingReport",
    "ItemReport",
    "PreflightReport",
    "PreflightFinding",
    "AssetType",
    "AssetStatus",
    "parse_callback",
    "verify_callback",
]
__all__ += _errors.__all__
