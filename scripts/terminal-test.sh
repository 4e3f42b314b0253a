#!/usr/bin/env bash
# The terminal test (tests/terminal): the CLI driven in tmux (installed when missing), its
# screen read back.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/cli-lib.sh"

ensure_debian_package tmux tmux
ensure_node_modules
build_cli
log "the CLI's scripted --json session (tests/cli/transcript.expected.json), from the Rust binary"
node tests/cli/transcript.mjs -- "$SEEDANCE_CLI"
log "node --test tests/terminal/ (screens in tests/terminal/artifacts/)"
node --test tests/terminal/
