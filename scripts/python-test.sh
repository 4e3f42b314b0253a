#!/usr/bin/env bash
# Python package tests: ruff (lint, format), then the release wheel built and installed into
# .venv, pytest, the typing checks (mypy --strict on the package and a typing-test file;
# stubtest of the native module's .pyi), the notebook, the abi3 wheel on every CPython 3.9-3.13
# pyenv has, the wheel in a fresh venv with no Rust on PATH, as a user would after `pip install`
# (its console script meeting the CLI's expected --json transcript, tests/cli), and the sdist
# built from source in another fresh venv.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh"
section() { echo "== $* (at ${SECONDS}s)"; }
ensure_venv
cd "$ROOT"

# Before the slow build: lint findings need no wheel.
section "ruff check + ruff format --check (python/, tests/python/, examples/)"
ruff check --no-cache python tests/python examples
ruff format --check --no-cache python tests/python examples

build_wheel
section "auditwheel show (the wheel's platform tag)"
check_wheel_platform
install_wheel
WHEEL="$(wheel_path)"

section "pytest"
bash "$ROOT/scripts/s3s-fs.sh"  # the staging tests' S3 server
bash -c 'source "$1/scripts/node-lib.sh" && ensure_node_modules' _ "$ROOT"  # Azurite (Azure staging test)
python -m pytest -q -p no:cacheprovider tests/python

section "mypy --strict (package + tests/python/typing_usage.py)"
python -m mypy --strict --no-incremental python/seedance_assets tests/python/typing_usage.py

section "stubtest (python/seedance_assets/_native.pyi against the built module)"
(cd "$(mktemp -d)" && python -m mypy.stubtest seedance_assets._native)

section "notebook examples/quickstart.ipynb (nbclient)"
python - "$ROOT/examples/quickstart.ipynb" <<'PY'
import sys

import nbformat
from nbclient import NotebookClient

notebook = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
print(f"   {sum(c.cell_type == 'code' for c in notebook.cells)} code cells ran")
PY

SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
cp "$ROOT/examples/quickstart.py" "$SCRATCH/quickstart.py"
cp "$ROOT/tests/python/coroutine_smoke.py" "$SCRATCH/coroutine_smoke.py"

section "abi3 wheel on every CPython 3.9-3.13 pyenv has (quickstart, coroutine smoke test)"
tested=0
if command -v pyenv >/dev/null 2>&1; then
    PYENV_ROOT="$(pyenv root)"
    for version in $(pyenv versions --bare --skip-aliases 2>/dev/null); do
        [[ "$version" =~ ^3\.(9|10|11|12|13)\.[0-9]+$ ]] || continue
        interpreter="$PYENV_ROOT/versions/$version/bin/python"
        [[ -x "$interpreter" ]] || continue
        smoke_venv="$VENV/smoke-$version"
        [[ -x "$smoke_venv/bin/python" ]] || "$interpreter" -m venv "$smoke_venv"
        "$smoke_venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --no-deps --force-reinstall "$WHEEL"
        (cd "$SCRATCH" && "$smoke_venv/bin/python" quickstart.py >/dev/null)
        (cd "$SCRATCH" && "$smoke_venv/bin/python" -W error coroutine_smoke.py)
        echo "   CPython $version: ok"
        tested=$((tested + 1))
    done
fi
echo "   $tested interpreter(s) tested"
if ((tested == 0)); then
    echo "error: pyenv has no CPython 3.9-3.13: the abi3 wheel was checked on none" >&2
    exit 1
fi

section "the wheel in a fresh venv, no Rust on PATH"
USER_PYTHON="$(base_python)"
"$USER_PYTHON" -m venv "$SCRATCH/venv"
(
    cd "$SCRATCH"
    export PATH="$SCRATCH/venv/bin:/usr/local/bin:/usr/bin:/bin"
    unset VIRTUAL_ENV CARGO_TARGET_DIR SEEDANCE_API_KEY CRUN_API_KEY SEEDANCE_BASE_URL
    if command -v cargo >/dev/null 2>&1 || command -v rustc >/dev/null 2>&1; then
        echo "error: Rust is still on PATH" >&2
        exit 1
    fi
    python -m pip install --quiet --disable-pip-version-check --no-index "$WHEEL"
    python quickstart.py | tail -n 1
    # The console script the wheel installs, and python -m, run the core's CLI: the scripted
    # session's --json transcript is the one the Rust binary and the npm bin give.
    node "$ROOT/tests/cli/transcript.mjs" -- seedance-assets
    node "$ROOT/tests/cli/transcript.mjs" -- python -m seedance_assets
)
section "the sdist in a fresh venv: built from source (Rust on PATH), then the quickstart"
SDIST_DIR="$SCRATCH/sdist"
(cd "$ROOT" && maturin sdist --out "$SDIST_DIR" >/dev/null)
"$USER_PYTHON" -m venv "$SCRATCH/sdist-venv"
(
    cd "$SCRATCH"
    export PATH="$SCRATCH/sdist-venv/bin:$PATH"
    unset VIRTUAL_ENV SEEDANCE_API_KEY CRUN_API_KEY SEEDANCE_BASE_URL
    # The build backend pinned as in requirements-dev.txt; the sdist must hold everything else.
    python -m pip install --quiet --disable-pip-version-check "$(grep '^maturin==' "$ROOT/requirements-dev.txt")"
    # What is checked here is that the sdist builds, not the release build's size: an unoptimised
    # build in its own target dir (kept between runs) keeps this to a minute or two.
    CARGO_TARGET_DIR="$ROOT/target/sdist" CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_LTO=false \
        CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}" \
        python -m pip install --quiet --disable-pip-version-check --no-build-isolation "$SDIST_DIR"/seedance_assets-*.tar.gz
    python quickstart.py | tail -n 1
    seedance-assets --version
)
echo "== Python: all checks passed in ${SECONDS}s"
