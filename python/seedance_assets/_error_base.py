"""How every error of the package is built; the classes themselves are generated from the
core's table into ``errors.py``."""

from __future__ import annotations

from typing import Any


class ErrorBase(Exception):
    """Carries ``message``, ``error_code`` and the details the native module passes."""

    default_error_code = "ERR_UNKNOWN"

    def __init__(
        self,
        display: str,
        *,
        message: str | None = None,
        error_code: str | None = None,
        **details: Any,
    ) -> None:
        super().__init__(display)
        #: The service's message (or a description of the failure).
        self.message: str = message if message is not None else display
        #: The stable ``ERR_…`` name of the failure.
        self.error_code: str = error_code or type(self).default_error_code
        for name, value in details.items():
            setattr(self, name, value)
