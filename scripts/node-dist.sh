#!/usr/bin/env bash
# Release build of the Node addon and `npm pack` into dist/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-lib.sh"

ensure_node_modules
build_addon release
rm -f dist/seedance-assets-*.tgz
tarball="$(pack_into "$ROOT/dist")"
log "packed $tarball ($(du -h "$tarball" | cut -f1))"
