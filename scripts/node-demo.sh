#!/usr/bin/env bash
# Runs examples/quickstart.mjs (on the local simulator unless SEEDANCE_API_KEY is set).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-lib.sh"

ensure_node_modules
build_addon release
node examples/quickstart.mjs
