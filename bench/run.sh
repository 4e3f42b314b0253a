#!/usr/bin/env bash
# `make bench`: build the release artefacts, start the simulator, run every workload for the
# project and its baselines (alternating, several rounds) and print the markdown table; the
# full numbers go to bench/results.json.
#
#   bench/run.sh                              # the real run (about 33 minutes on 2 cores)
#   BENCH_SCALE=0.1 BENCH_ROUNDS=3 bench/run.sh
#   BENCH_ONLY=w2,footprint bench/run.sh      # a subset (w1,w2,w3,w3info,footprint,w4,w5,multi)
#   BENCH_ONLY=w4 bench/run.sh                # onboarding against a quota alone (~11 min)
#   BENCH_ARTEFACTS=reuse bench/run.sh        # use the release wheel in dist/ and the addon in
#                                             # native/ that `make test` built (bench/smoke.sh)
#   BENCH_SKIP_BUILD=1 bench/run.sh           # reuse the artefacts of the previous run
#
# Artefacts (all release, built the way `make test` and `make dist` build them: zig, glibc 2.17):
# the wheel is built into bench/.build/wheels and installed into bench/.venv (with the pinned
# baselines of bench/requirements.txt); the `.node` is built into bench/.build/node and loaded through NAPI_RS_NATIVE_LIBRARY_PATH, so the package's own native/
# is left alone; the simulator comes from the workspace's target dir; the Rust limit is its own
# cargo project with its own target dir (bench/rust-limit/target).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
export MATURIN_NO_INSTALL_RUST=1
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
JOBS=${JOBS:-2}
export CARGO_BUILD_JOBS=$JOBS
ARTEFACTS=${BENCH_ARTEFACTS:-build}
PYTHON_BIN=${PYTHON:-python3}
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
VENV=$ROOT/bench/.venv
BUILD=$ROOT/bench/.build

say() { echo "== $*" >&2; }

# --- the bench venv: pinned baselines (reinstalled only when requirements change)
if [[ ! -x $VENV/bin/python ]]; then
  say "creating $VENV"
  "$PYTHON_BIN" -m venv "$VENV"
fi
STAMP=$VENV/.requirements.sha256
WANT=$(sha256sum bench/requirements.txt | cut -d' ' -f1)
if [[ ! -f $STAMP || $(cat "$STAMP") != "$WANT" ]]; then
  say "installing bench/requirements.txt"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r bench/requirements.txt
  echo "$WANT" >"$STAMP"
fi

SKIP=${BENCH_SKIP_BUILD:-}
skip() { [[ -n $SKIP ]]; }

# --- the simulator
say "building the simulator (release)"
skip || cargo build -q --release -p seedance-assets-simulator --bin seedance-simulator
export BENCH_SIM=$TARGET_DIR/release/seedance-simulator

# --- the Python wheel (BENCH_ARTEFACTS=reuse: the release wheel `make test` left in dist/)
REUSED_WHEEL=$(ls dist/seedance_assets-*-abi3-*.whl 2>/dev/null | head -n1 || true)
if [[ $ARTEFACTS == reuse && -n $REUSED_WHEEL ]]; then
  say "using $REUSED_WHEEL"
  WHEEL=$REUSED_WHEEL
else
  say "building the release wheel"
  if ! skip; then
    # The release build of scripts/python-venv.sh (zig, manylinux2014), into bench/.build.
    (source scripts/python-venv.sh && ensure_venv && build_wheel "$BUILD/wheels") >&2
  fi
  WHEEL=$(ls "$BUILD"/wheels/seedance_assets-*.whl | head -n1)
fi
WANT_WHEEL=$(sha256sum "$WHEEL" | cut -d' ' -f1)
if [[ ! -f $VENV/.wheel.sha256 || $(cat "$VENV/.wheel.sha256") != "$WANT_WHEEL" ]]; then
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps --force-reinstall "$WHEEL"
  echo "$WANT_WHEEL" >"$VENV/.wheel.sha256"
fi
export BENCH_WHEEL=$WHEEL BENCH_PYTHON=$VENV/bin/python

# --- the Node addon (reuse: the release addon `make test` left in native/; else our own build
# in bench/.build/node, loaded through NAPI_RS_NATIVE_LIBRARY_PATH so native/ is left alone)
REUSED_ADDON=native/seedance-assets.linux-x64-gnu.node
if [[ $ARTEFACTS == reuse && -f $REUSED_ADDON ]]; then
  say "using $REUSED_ADDON"
  export BENCH_NODE_ADDON_SIZE_OF=$ROOT/$REUSED_ADDON
  unset BENCH_NODE_ADDON
else
  say "building the release .node addon"
  if ! skip; then
    # The release build of scripts/node-lib.sh (zig, glibc 2.17, stripped), into bench/.build.
    (source scripts/node-lib.sh && ensure_node_modules && build_addon release "$BUILD/node") >&2
  fi
  BENCH_NODE_ADDON=$(ls "$BUILD"/node/*.node | head -n1)
  export BENCH_NODE_ADDON
fi

# --- the Rust limit (own workspace and target dir: never part of `make test`'s builds)
say "building the Rust limit (release)"
skip || CARGO_TARGET_DIR=$ROOT/bench/rust-limit/target cargo build -q --release \
  --manifest-path bench/rust-limit/Cargo.toml
export BENCH_LIMIT=$ROOT/bench/rust-limit/target/release/rust-limit

say "running (scale ${BENCH_SCALE:-1}, ${BENCH_ROUNDS:-5} rounds)"
exec "$VENV/bin/python" bench/run.py
