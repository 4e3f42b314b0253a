#!/usr/bin/env bash
# Every benchmark workload at a tiny size, once: part of `make test`, after test-python and
# test-node, whose release wheel (dist/) and addon (native/) it reuses.
# Fails if any measurement errors (a client call failed, a worker crashed, a pipeline did not end
# Active); the speed targets are printed but not enforced (debug builds, tiny sizes, a busy box).
# The workloads take ~15 s; builds are incremental (cold: the Rust limit adds ~40 s once).
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_ARTEFACTS=${BENCH_ARTEFACTS:-reuse}
export BENCH_SCALE=${BENCH_SCALE:-0.01}
export BENCH_ROUNDS=${BENCH_ROUNDS:-1}
export BENCH_W3_DELAY_MS=${BENCH_W3_DELAY_MS:-100,300}
export BENCH_SMOKE=1
export BENCH_RESULTS=${BENCH_RESULTS:-bench/.build/smoke-results.json}
mkdir -p bench/.build
exec bench/run.sh
