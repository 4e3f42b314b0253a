#!/usr/bin/env bash
# The release artefacts on an older Linux (`make test-compat`, part of `make test`): in a Debian 11
# (bullseye: glibc 2.31, python3 3.9.2) root filesystem (tests/compat/rootfs.sh, cached outside
# the repo), the wheel installed into a venv of Debian's own python3 runs the Python quickstart,
# and this machine's `node` with the packed npm tarballs runs the Node quickstart (ESM and
# CommonJS). Any output on stderr fails, and so does an artefact needing a glibc symbol newer
# than 2.17 (`objdump -T`). Reuses the wheel (dist/) and addon (native/) the Python and Node
# tests built; builds them when missing. Needs root (debootstrap, chroot).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/../../scripts/python-venv.sh"
source "$HERE/../../scripts/node-lib.sh"
source "$HERE/rootfs.sh"
cd "$ROOT"
MAX_GLIBC=2.17
section() { echo "== compat: $* (at ${SECONDS}s)"; }

section "root filesystem ($COMPAT_SUITE)"
ensure_rootfs
echo "   $COMPAT_ROOTFS: $(chroot "$COMPAT_ROOTFS" /usr/bin/ldd --version | head -n1), $(chroot "$COMPAT_ROOTFS" /usr/bin/python3 --version)"

ensure_venv
wheel_path >/dev/null 2>&1 || build_wheel
WHEEL="$(wheel_path)"
ensure_node_modules
build_addon release

# Everything of this run lives in one folder inside the root filesystem, removed at the end.
RUN_NAME="seedance-compat-run.$$"
RUN="$COMPAT_ROOTFS/$RUN_NAME"
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/seedance-compat.XXXXXX")"
trap 'rm -rf "$RUN" "$SCRATCH"' EXIT
mkdir -p "$RUN/bin" "$RUN/python" "$RUN/node"

# The highest GLIBC_ symbol version file $1 needs must be <= MAX_GLIBC.
check_glibc() {
    local file="$1" label="$2" newest
    newest="$(objdump -T "$file" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n1)"
    if [[ "$(printf '%s\n%s\n' "$newest" "$MAX_GLIBC" | sort -V | tail -n1)" != "$MAX_GLIBC" ]]; then
        echo "error: $label needs GLIBC_$newest, newer than $MAX_GLIBC" >&2
        return 1
    fi
    echo "   $label: newest symbol GLIBC_$newest (<= $MAX_GLIBC), $(du -h "$file" | cut -f1)"
}

# Runs command $@ in the root filesystem with a clean environment; fails on any stderr output.
run_inside() {
    local err="$SCRATCH/stderr" status=0
    chroot "$COMPAT_ROOTFS" /usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH="/$RUN_NAME/bin:/usr/local/bin:/usr/bin:/bin" \
        "$@" 2>"$err" || status=$?
    if [[ -s "$err" || "$status" -ne 0 ]]; then
        echo "error: '$*' in $COMPAT_SUITE exited with $status and wrote to stderr:" >&2
        cat "$err" >&2
        return 1
    fi
}

section "GLIBC symbol versions (objdump -T)"
unzip -q -o "$WHEEL" 'seedance_assets/*.so' -d "$SCRATCH/wheel"
check_glibc "$(ls "$SCRATCH"/wheel/seedance_assets/*.so)" "wheel: $(basename "$WHEEL")"
check_glibc "$ADDON" "addon: $(basename "$ADDON")"

section "Python: the wheel in a venv of Debian's python3, the quickstart"
cp "$WHEEL" "$RUN/python/"
cp examples/quickstart.py "$RUN/python/"
run_inside python3 -m venv "/$RUN_NAME/python/venv"
run_inside "/$RUN_NAME/python/venv/bin/python" -m pip install --quiet --no-index --disable-pip-version-check \
    "/$RUN_NAME/python/$(basename "$WHEEL")"
run_inside /bin/sh -c "cd /$RUN_NAME/python && venv/bin/python quickstart.py" >"$SCRATCH/python.out"
tail -n 1 "$SCRATCH/python.out" | sed 's/^/   /'

section "Node: this machine's node with the packed tarballs, the quickstart (import and require)"
cp "$(command -v node)" "$RUN/bin/node"
mapfile -t tarballs < <(pack_into "$SCRATCH/npm")
printf '{ "name": "compat-backend", "version": "1.0.0", "private": true }\n' >"$RUN/node/package.json"
# npm runs here (Debian has none in a minbase system); the packages have no install scripts.
npm install --prefix "$RUN/node" --no-audit --no-fund --loglevel=error "${tarballs[@]}"
cp examples/quickstart.mjs examples/quickstart.cjs "$RUN/node/"
run_inside /bin/sh -c "cd /$RUN_NAME/node && node quickstart.mjs" >"$SCRATCH/node-esm.out"
tail -n 1 "$SCRATCH/node-esm.out" | sed 's/^/   /'
run_inside /bin/sh -c "cd /$RUN_NAME/node && node quickstart.cjs" >"$SCRATCH/node-cjs.out"
tail -n 1 "$SCRATCH/node-cjs.out" | sed 's/^/   /'

echo "== compat: $COMPAT_SUITE passed in ${SECONDS}s"
