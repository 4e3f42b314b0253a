#!/usr/bin/env bash
# Runs the coverage-guided fuzz targets of fuzz/ (cargo-fuzz + libFuzzer), each for
# FUZZ_SECONDS (default 60): `scripts/fuzz.sh [TARGET...]`, or `make fuzz`.
#
# Idempotent: installs cargo-fuzz from crates.io only when missing. The machine has a stable
# toolchain, so the sanitizer is off (`--sanitizer none`, which needs no nightly flags) and
# RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass the -Z flags it still uses for coverage instrumentation.
# New interesting inputs go to fuzz/corpus-work/<target> (not committed); the committed seeds in
# fuzz/corpus/<target> are read too. A crash leaves a reproducer in fuzz/artifacts/<target>:
# copy it into fuzz/corpus/<target>/ so `cargo test` (core/tests/fuzz_corpus.rs) replays it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
export RUSTC_BOOTSTRAP=1
SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
CARGO_FUZZ_VERSION="0.13.2"

if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
    echo "== installing cargo-fuzz $CARGO_FUZZ_VERSION from crates.io"
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

cd "$ROOT/fuzz"
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi

summary=()
for target in "${targets[@]}"; do
    mkdir -p "corpus-work/$target" "corpus/$target"
    log="corpus-work/$target.log"
    echo "== fuzzing $target for ${SECONDS_PER_TARGET}s"
    status=0
    cargo fuzz run --sanitizer none "$target" "corpus-work/$target" "corpus/$target" -- \
        -max_total_time="$SECONDS_PER_TARGET" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 >"$log" 2>&1 || status=$?
    runs="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo '?')"
    tail -n 3 "$log"
    if [ "$status" -ne 0 ]; then
        echo "!! $target: finding (exit $status), see fuzz/$log and fuzz/artifacts/$target/"
        summary+=("$target: $runs executions, FINDING")
    else
        summary+=("$target: $runs executions, no finding")
    fi
done

echo "== fuzz summary (${SECONDS_PER_TARGET}s per target)"
printf '%s\n' "${summary[@]}"
if printf '%s\n' "${summary[@]}" | grep -q FINDING; then
    exit 1
fi
