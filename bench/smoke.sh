#!/usr/bin/env bash
# Every benchmark workload at a tiny size, once: part of `make test`, after test-python and
# test-node, whose release wheel (dist/) and addon (native/) it reuses.
# Fails if any measurement errors (a client call failed, a worker crashed, a pipeline did not end
# Active) or the multi-worker run uploads an asset twice or exceeds the quota; the speed targets
# are printed but not enforced (debug builds, tiny sizes, a busy box).
# The onboarding workloads run small but still cross several quota windows: 20 (W4), 100 (W5) and
# 30 (multi, 3 people) assets, a 20/s quota, 50-200 ms processing.
# The workloads take ~60 s (W1-W3 ~15 s, W4/W5/multi ~45 s); builds are incremental (cold: the
# Rust limit adds ~40 s once).
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_ARTEFACTS=${BENCH_ARTEFACTS:-reuse}
export BENCH_SCALE=${BENCH_SCALE:-0.01}
export BENCH_ROUNDS=${BENCH_ROUNDS:-1}
export BENCH_W3_DELAY_MS=${BENCH_W3_DELAY_MS:-100,300}
export BENCH_QUOTA=${BENCH_QUOTA:-20/s}
export BENCH_W4_DELAY_MS=${BENCH_W4_DELAY_MS:-50,200}
export BENCH_W5_DELAY_MS=${BENCH_W5_DELAY_MS:-50,200}
export BENCH_SMOKE=1
export BENCH_RESULTS=${BENCH_RESULTS:-bench/.build/smoke-results.json}
mkdir -p bench/.build
exec bench/run.sh
