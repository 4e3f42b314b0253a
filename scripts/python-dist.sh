#!/usr/bin/env bash
# Release artefacts of the Python package into dist/: the abi3 wheel (cp39-abi3, tagged
# manylinux_2_34 = this host's glibc; older glibc needs a manylinux container or zig) and an sdist.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh"
ensure_venv
build_wheel
rm -f "$DIST"/seedance_assets-*.tar.gz
(cd "$ROOT" && maturin sdist --out "$DIST" >/dev/null)
ls -1 "$DIST"/seedance_assets-*
