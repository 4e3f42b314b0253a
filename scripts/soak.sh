#!/usr/bin/env bash
# The soak of issue 11 through each binding: SOAK_SCALE x 10,000 uploads + waits at SOAK_CHAOS
# (default 0.2) faults against a chaos simulator; fails on any duplicate, lost or unfinished
# operation, or growing RSS / descriptors. Then issue 13's: SOAK_SCALE x 1,000 items (at least
# 10) onboarded by worker processes killed at random, on a SQLite journal (and a PostgreSQL
# one when SEEDANCE_TEST_POSTGRES_URL is set), checked against the simulator's records. `make soak` runs them at full size; `make test` at 1 %.
# Builds the release wheel and addon only when stale (test-python / test-node leave them fresh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh"
source "$(dirname "${BASH_SOURCE[0]}")/node-lib.sh"
cd "$ROOT"
export SOAK_SCALE=${SOAK_SCALE:-1}
ensure_venv
if ! "$VENV/bin/python" -c "import seedance_assets.testing as t; t.Simulator.failures_drawn" 2>/dev/null \
    || [[ "${SOAK_REBUILD:-0}" == 1 ]]; then
    build_wheel
    install_wheel
fi
ensure_node_modules
build_addon release
echo "== soak, Python (SOAK_SCALE=$SOAK_SCALE)"
"$VENV/bin/python" bench/soak.py "$@"
# The onboarding soaks also run on a PostgreSQL journal when a test server is named (the
# Makefile and CI name one); each run uses a schema of its own, dropped after.
journals=(sqlite)
if [[ -n "${SEEDANCE_TEST_POSTGRES_URL:-}" ]]; then
    journals+=(postgres)
else
    echo "(SEEDANCE_TEST_POSTGRES_URL unset: the onboarding soaks run on SQLite only)"
fi
for journal in "${journals[@]}"; do
    echo "== onboarding soak, Python, $journal journal (SOAK_SCALE=$SOAK_SCALE)"
    "$VENV/bin/python" bench/soak_onboard.py --journal "$journal"
done
echo "== soak, Node (SOAK_SCALE=$SOAK_SCALE)"
(unset SEEDANCE_API_KEY CRUN_API_KEY SEEDANCE_BASE_URL; node bench/soak.mjs "$@")
for journal in "${journals[@]}"; do
    echo "== onboarding soak, Node, $journal journal (SOAK_SCALE=$SOAK_SCALE)"
    (unset SEEDANCE_API_KEY CRUN_API_KEY SEEDANCE_BASE_URL; node bench/soak_onboard.mjs --journal "$journal")
done
