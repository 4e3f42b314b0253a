#!/usr/bin/env bash
# Release artefacts of the Python package into dist/: the abi3 wheel (cp39-abi3, manylinux2014,
# linked against glibc 2.17 with zig; auditwheel checks the tag) and an sdist.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh"
ensure_venv
build_wheel
check_wheel_platform
rm -f "$DIST"/seedance_assets-*.tar.gz
(cd "$ROOT" && maturin sdist --out "$DIST" >/dev/null)
ls -1 "$DIST"/seedance_assets-*
