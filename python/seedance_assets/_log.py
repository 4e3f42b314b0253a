"""``SEEDANCE_LOG=debug|info|warn``: a stderr handler on the ``seedance_assets`` logger.

The package always logs through the standard ``logging`` module (logger ``seedance_assets``
and its children ``.http``, ``.wait``, …): each HTTP attempt at DEBUG, retries and rate-limit
waits at INFO. This switch only saves wiring a handler by hand; when the variable is unset,
nothing is configured. Secrets never appear in these records.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings

_LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warn": logging.WARNING,
    "warning": logging.WARNING,
    "error": logging.ERROR,
}


def configure_from_env() -> None:
    """Attaches a stderr handler at ``SEEDANCE_LOG``'s level, if it is set (read at import)."""
    value = os.environ.get("SEEDANCE_LOG", "").strip().lower()
    if value in ("", "off"):
        return
    level = _LEVELS.get(value)
    if level is None:
        # A typo must not break the import; say what is accepted instead.
        warnings.warn(
            f"SEEDANCE_LOG={value!r} is not one of {', '.join(_LEVELS)}, off; ignored",
            RuntimeWarning,
            stacklevel=2,
        )
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    logger = logging.getLogger("seedance_assets")
    logger.addHandler(handler)
    # The logger's own level gates before any handler; raise its verbosity, never lower it.
    if logger.level == logging.NOTSET or logger.level > level:
        logger.setLevel(level)
