#!/usr/bin/env bash
# The soak of issue 11 through each binding: SOAK_SCALE x 10,000 uploads + waits at SOAK_CHAOS
# (default 0.2) faults against a chaos simulator; fails on any duplicate, lost or unfinished
# operation, or growing RSS / descriptors. `make soak` runs it at full size; `make test` at 1 %.
# Builds the release wheel and addon only when stale (test-python / test-node leave them fresh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh"
source "$(dirname "${BASH_SOURCE[0]}")/node-lib.sh"
cd "$ROOT"
export SOAK_SCALE=${SOAK_SCALE:-1}
ensure_venv
if ! "$VENV/bin/python" -c "import seedance_assets.testing as t; t.Simulator.set_chaos" 2>/dev/null \
    || [[ "${SOAK_REBUILD:-0}" == 1 ]]; then
    build_wheel
    install_wheel
fi
ensure_node_modules
build_addon release
echo "== soak, Python (SOAK_SCALE=$SOAK_SCALE)"
"$VENV/bin/python" bench/soak.py "$@"
echo "== soak, Node (SOAK_SCALE=$SOAK_SCALE)"
(unset SEEDANCE_API_KEY CRUN_API_KEY SEEDANCE_BASE_URL; node bench/soak.mjs "$@")
