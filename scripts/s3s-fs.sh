#!/usr/bin/env bash
# The S3-protocol server the staging tests run on 127.0.0.1 (core/tests/staging.rs,
# tests/python/test_staging.py, tests/node/staging.test.mjs): s3s-fs from crates.io, which
# checks SigV4 signatures (presigned URLs included) against one key pair, so a bucket refusing
# the credentials is real. Installed into ~/.cargo/bin once (~3-4 min cold on 2 cores); a
# later run finds it and returns at once. 0.14.1 is the newest that builds with rustc 1.95.
set -euo pipefail
VERSION=0.14.1
export PATH="$HOME/.cargo/bin:$PATH"
BIN="$HOME/.cargo/bin/s3s-fs"
if [[ -x "$BIN" ]] && [[ "$("$BIN" --version 2>/dev/null)" == "s3s-fs $VERSION" ]]; then
  exit 0
fi
echo "== installing s3s-fs $VERSION (the staging tests' S3 server)"
cargo install s3s-fs --version "$VERSION" --features binary --locked -j"${JOBS:-2}" --quiet
"$BIN" --version
