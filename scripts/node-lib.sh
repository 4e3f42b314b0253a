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

# A hash of everything the addon is built from.
sources_hash() {
  {
    find bindings-node core -type f \( -name '*.rs' -o -name 'Cargo.toml' \) -not -path '*/target/*' -print0 \
      | sort -z | xargs -0 sha256sum
    sha256sum Cargo.toml Cargo.lock package.json
  } | sha256sum | cut -d' ' -f1
}

# Builds the addon with `napi build` unless the one in native/ was built from these sources
# with this profile (napi always recompiles the binding crate, ~20 s in release).
build_addon() {
  local profile="${1:-release}" want
  want="$profile $(sources_hash)"
  if [[ -f "$ADDON" && -f "$NATIVE_DIR/index.js" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
    log "addon up to date ($profile)"
    return
  fi
  local flags=(--platform --manifest-path bindings-node/Cargo.toml --package-json-path package.json --output-dir native)
  [[ "$profile" == release ]] && flags+=(--release)
  log "napi build ($profile, target dir $CARGO_TARGET_DIR)"
  rm -f "$STAMP"
  napi build "${flags[@]}"
  # Symbols only matter for debugging; the release addon ships without them (~2 MB less).
  if [[ "$profile" == release ]] && command -v strip > /dev/null; then
    strip --strip-unneeded "$ADDON"
  fi
  echo "$want" > "$STAMP"
}

# Packs the package (release addon) into directory $1; prints the tarball's path.
pack_into() {
  local dest="$1" name
  mkdir -p "$dest"
  name="$(npm pack --silent --pack-destination "$dest" | tail -n1)"
  echo "$dest/$name"
}
