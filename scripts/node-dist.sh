#!/usr/bin/env bash
# Release build of the Node addon (glibc 2.17) and the npm tarballs into dist/: the main
# package and the per-platform one (scripts/npm-pack.mjs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-lib.sh"

ensure_node_modules
build_addon release
rm -f dist/seedance-assets-*.tgz
while read -r tarball; do
  log "packed $tarball ($(du -h "$tarball" | cut -f1))"
done < <(pack_into "$ROOT/dist")
