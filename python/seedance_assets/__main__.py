"""The ``seedance-assets`` command line: ``python -m seedance_assets`` and the console script.

The command line itself is the package's native core (the same one ``cargo install`` and the
npm package's ``bin`` run); this only hands it the arguments.
"""

from __future__ import annotations

import sys

from ._native import cli_main

#: The exit code of a run ended by Ctrl-C.
INTERRUPTED = 130


def main() -> int:
    """Runs the command line with ``sys.argv`` and returns its exit code."""
    try:
        return cli_main(["seedance-assets", *sys.argv[1:]])
    except KeyboardInterrupt:
        return INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
