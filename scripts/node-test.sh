#!/usr/bin/env bash
# Lints the JS, builds the Node addon (and the test-hooks one), checks the generated native
# declarations, runs the node:test suites and the type checks, then installs the packed tarballs
# (the main package and the per-platform one) into a scratch project (no Rust there) and runs the
# quickstart via import and require.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-lib.sh"

ensure_node_modules

log "biome lint (biome.json)"
biome lint --error-on-warnings

build_addon release
check_native_dts
build_test_addon

bash "$(dirname "${BASH_SOURCE[0]}")/s3s-fs.sh"  # the staging tests' S3 server
log "node --test tests/node/"
(unset SEEDANCE_API_KEY CRUN_API_KEY SEEDANCE_BASE_URL; SEEDANCE_REQUIRE_TEST_HOOKS=1 node --test tests/node/)

log "tsc --noEmit (tests/node: the public types as a user writes them, and against lib/native.d.ts)"
tsc -p tests/node --noEmit

log "release check: npm pack, install into a scratch project, run the quickstart"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/seedance-node-scratch.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
mapfile -t tarballs < <(pack_into "$scratch")
(
  cd "$scratch"
  unset SEEDANCE_API_KEY CRUN_API_KEY SEEDANCE_BASE_URL
  printf '{ "name": "scratch-backend", "version": "1.0.0", "private": true }\n' > package.json
  # The main package and its per-platform package, as npm would fetch them from the registry.
  npm install --no-audit --no-fund --loglevel=error "${tarballs[@]}"
  [[ ! -e node_modules/seedance-assets/bindings-node ]] || { echo "package ships Rust sources" >&2; exit 1; }
  if compgen -G 'node_modules/seedance-assets/native/*.node' > /dev/null; then
    echo "the main package ships an addon (it belongs in the per-platform package)" >&2
    exit 1
  fi
  cp node_modules/seedance-assets/examples/quickstart.mjs node_modules/seedance-assets/examples/quickstart.cjs .
  node quickstart.mjs
  node quickstart.cjs
  node -e "const s = require('seedance-assets'); if (typeof s.Client !== 'function') process.exit(1)"
  node --input-type=module -e "import { Client } from 'seedance-assets'; import { Simulator } from 'seedance-assets/testing'; if (!Client || !Simulator) process.exit(1)"
  # The package's bin runs the core's CLI: the scripted session's --json transcript is the one
  # the Rust binary and the wheel's console script give.
  node "$ROOT/tests/cli/transcript.mjs" -- npx --no-install seedance-assets
)
log "node tests passed"
