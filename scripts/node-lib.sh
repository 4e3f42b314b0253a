# Shared steps of the node-*.sh scripts (sourced, not run).
# Uses the Makefile's cargo target dir unless CARGO_TARGET_DIR is set; two build jobs.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
export RUST_BACKTRACE="${RUST_BACKTRACE:-0}"

NATIVE_DIR="$ROOT/native"
ADDON="$NATIVE_DIR/seedance-assets.linux-x64-gnu.node"
STAMP="$NATIVE_DIR/.build-stamp"

log() { printf '==> %s\n' "$*" >&2; }

# `npm ci` when node_modules is missing or was installed from another package-lock.json.
ensure_node_modules() {
  local want have=""
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  [[ -f node_modules/.seedance-lock-sha ]] && have="$(cat node_modules/.seedance-lock-sha)"
  if [[ ! -x node_modules/.bin/napi || ! -x node_modules/.bin/tsc || "$want" != "$have" ]]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > node_modules/.seedance-lock-sha
  fi
}

# The release toolchain: zig (PyPI `ziglang`) through cargo-zigbuild (PyPI), both pinned in
# requirements-dev.txt and installed into .venv, the same zig the wheel is linked with.
ensure_zig() {
  # shellcheck source=scripts/python-venv.sh
  source "$ROOT/scripts/python-venv.sh"
  ensure_venv >&2
}

# The cargo-zigbuild target of this platform's package (lib/platforms.js): the Rust target plus
# the glibc version to link against (`x86_64-unknown-linux-gnu.2.17`).
zig_target() {
  node -e "const p = require('./lib/platforms.js').SUPPORTED.find((p) => p.platform === process.platform && p.arch === process.arch); if (!p) process.exit(1); console.log(p.zigTarget)"
}

# A hash of everything the addon is built from.
sources_hash() {
  {
    find bindings-node core -type f \( -name '*.rs' -o -name 'Cargo.toml' \) -not -path '*/target/*' -print0 \
      | sort -z | xargs -0 sha256sum
    sha256sum Cargo.toml Cargo.lock package.json
  } | sha256sum | cut -d' ' -f1
}

# Builds an addon with `napi build` (profile $1, default release) into directory $2 (default
# native/) with the cargo features $3 (default none), unless the one there was built from these
# sources the same way (napi always recompiles the binding crate, ~20 s in release). Release
# builds link against glibc 2.17 with zig (`napi build -x` runs cargo-zigbuild): the addon that
# the tests load is the one that is packed.
build_addon() {
  local profile="${1:-release}" dir="${2:-$NATIVE_DIR}" features="${3:-}" want
  local addon="$dir/$(basename "$ADDON")" stamp="$dir/.build-stamp"
  want="$profile [$features] $(sources_hash)"
  if [[ -f "$addon" && -f "$dir/index.js" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    log "addon in ${dir#"$ROOT"/} up to date ($profile${features:+, $features})"
    return
  fi
  local flags=(--platform --manifest-path bindings-node/Cargo.toml --package-json-path package.json --output-dir "$dir")
  local target_dir="$CARGO_TARGET_DIR"
  if [[ "$profile" == release ]]; then
    ensure_zig
    flags+=(--release --cross-compile --target "$(zig_target)")
    # A target dir of its own: cargo-zigbuild's C compiler wrappers are not maturin's, so in a
    # shared one each build would recompile every crate with C code (and their dependants) that
    # the other built.
    target_dir="$CARGO_TARGET_DIR/zig-node"
  fi
  [[ -n "$features" ]] && flags+=(--features "$features")
  log "napi build ($profile${features:+, features $features}, target dir $target_dir)"
  rm -f "$stamp"
  CARGO_TARGET_DIR="$target_dir" napi build "${flags[@]}"
  # Symbols only matter for debugging; the release addon ships without them (~2 MB less).
  if [[ "$profile" == release ]] && command -v strip > /dev/null; then
    strip --strip-unneeded "$addon"
  fi
  echo "$want" > "$stamp"
}

# The addon with the panic hooks (`test-hooks` feature) for tests/node/panic.test.mjs; never packed.
build_test_addon() {
  build_addon release "$ROOT/native-test" test-hooks
}

# The declarations napi generated from the Rust code must equal the committed lib/native.d.ts,
# which the type test (tests/node/types-native.ts) checks the public lib/index.d.ts against.
check_native_dts() {
  if ! diff -u lib/native.d.ts "$NATIVE_DIR/index.d.ts" >&2; then
    log "lib/native.d.ts differs from the declarations napi generated (native/index.d.ts):"
    log "copy native/index.d.ts to lib/native.d.ts, check lib/index.d.ts still agrees, and commit"
    return 1
  fi
}

# Packs the main package and the per-platform one (release addon of native/) into directory
# $1; prints the tarballs' paths, the main package's first (scripts/npm-pack.mjs).
pack_into() {
  node "$ROOT/scripts/npm-pack.mjs" "$1" "$NATIVE_DIR"
}
