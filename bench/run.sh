#!/usr/bin/env bash
# `make bench`: build the release artefacts, start the simulator, run every workload for the
# project and its baselines (alternating, several rounds) and print the markdown table; the
# full numbers go to bench/results.json.
#
#   bench/run.sh                              # the real run (about 10 minutes on 2 cores)
#   BENCH_SCALE=0.1 BENCH_ROUNDS=3 bench/run.sh
#   BENCH_ONLY=w2,footprint bench/run.sh      # a subset (w1,w2,w3,w3info,footprint)
#   BENCH_PROFILE=debug bench/run.sh          # debug artefacts (what bench/smoke.sh uses)
#   BENCH_SKIP_BUILD=1 bench/run.sh           # reuse the artefacts of the previous run
#
# Artefacts: the wheel is built into bench/.build/wheels and installed into bench/.venv (with the
# pinned baselines of bench/requirements.txt); the `.node` is built into bench/.build/node and
# loaded through NAPI_RS_NATIVE_LIBRARY_PATH, so the package's own native/ is left alone; the
# Rust limit is its own cargo project with its own target dir (bench/rust-limit/target).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
export MATURIN_NO_INSTALL_RUST=1
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
JOBS=${JOBS:-2}
export CARGO_BUILD_JOBS=$JOBS
PROFILE=${BENCH_PROFILE:-release}
PYTHON_BIN=${PYTHON:-python3}
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
VENV=$ROOT/bench/.venv
BUILD=$ROOT/bench/.build

case "$PROFILE" in
  release) CARGO_PROFILE=(--release); PROFILE_DIR=release ;;
  debug) CARGO_PROFILE=(); PROFILE_DIR=debug ;;
  *) echo "BENCH_PROFILE must be release or debug" >&2; exit 2 ;;
esac
say() { echo "== $*" >&2; }

# --- the bench venv: pinned baselines + maturin (reinstalled only when requirements change)
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
say "building the simulator ($PROFILE)"
skip || cargo build -q -j"$JOBS" "${CARGO_PROFILE[@]}" -p seedance-assets-simulator --bin seedance-simulator
export BENCH_SIM=$TARGET_DIR/$PROFILE_DIR/seedance-simulator

# --- the Python wheel
say "building the wheel ($PROFILE)"
if ! skip; then
  rm -rf "$BUILD/wheels"
  MATURIN_ARGS=(build -q -j "$JOBS" --out "$BUILD/wheels")
  [[ $PROFILE == release ]] && MATURIN_ARGS+=(--release)
  "$VENV/bin/maturin" "${MATURIN_ARGS[@]}" >&2
fi
WHEEL=$(ls "$BUILD"/wheels/seedance_assets-*.whl | head -n1)
skip || "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps --force-reinstall "$WHEEL"
export BENCH_WHEEL=$WHEEL BENCH_PYTHON=$VENV/bin/python

# --- the Node addon
if [[ ! -x node_modules/.bin/napi ]]; then
  say "npm ci (for @napi-rs/cli)"
  npm ci --no-audit --no-fund --silent
fi
if [[ $PROFILE == debug && -n $(ls native/*.node 2>/dev/null) && -z ${BENCH_REBUILD_NODE:-} ]]; then
  # Smoke runs reuse the addon the Node tests already built (napi always rebuilds the crate).
  say "using the existing $(ls native/*.node | head -n1)"
  unset BENCH_NODE_ADDON
else
  say "building the .node addon ($PROFILE)"
  if ! skip; then
    rm -rf "$BUILD/node"
    NAPI_ARGS=(build --platform --manifest-path bindings-node/Cargo.toml --package-json-path package.json
      --output-dir "$BUILD/node")
    [[ $PROFILE == release ]] && NAPI_ARGS+=(--release)
    node_modules/.bin/napi "${NAPI_ARGS[@]}" >&2
  fi
  BENCH_NODE_ADDON=$(ls "$BUILD"/node/*.node | head -n1)
  export BENCH_NODE_ADDON
fi

# --- the Rust limit (own workspace and target dir: never part of `make test`'s builds)
say "building the Rust limit ($PROFILE)"
skip || CARGO_TARGET_DIR=$ROOT/bench/rust-limit/target cargo build -q -j"$JOBS" "${CARGO_PROFILE[@]}" \
  --manifest-path bench/rust-limit/Cargo.toml
export BENCH_LIMIT=$ROOT/bench/rust-limit/target/$PROFILE_DIR/rust-limit

say "running (scale ${BENCH_SCALE:-1}, ${BENCH_ROUNDS:-5} rounds)"
exec "$VENV/bin/python" bench/run.py
