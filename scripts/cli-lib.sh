# Shared steps of the end-to-end CLI scripts (sourced): the built `seedance-assets` binary as
# SEEDANCE_CLI, the npm devDependencies, and Debian packages installed when missing.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
source "$ROOT/scripts/node-lib.sh"

# Installs the Debian package $2 when the command $1 is missing (the tests run as root; CI too).
ensure_debian_package() {
  local command="$1" package="$2" sudo=()
  command -v "$command" > /dev/null 2>&1 && return
  [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
  log "installing $package (apt-get)"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$package" > /dev/null
}

# Builds the CLI binary and exports its path.
build_cli() {
  log "cargo build -p seedance-assets-cli"
  cargo build -q -j"${CARGO_BUILD_JOBS:-2}" -p seedance-assets-cli
  export SEEDANCE_CLI="$CARGO_TARGET_DIR/debug/seedance-assets"
}
