#!/usr/bin/env bash
# The browser end-to-end test (tests/browser): Debian's chromium (installed when missing)
# driven by playwright-core from the npm lockfile, against the CLI and its simulator.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/cli-lib.sh"

ensure_debian_package chromium chromium
export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium)}"
ensure_node_modules
build_cli
log "node --test tests/browser/ (screenshot in tests/browser/artifacts/)"
node --test tests/browser/
