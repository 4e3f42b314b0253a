# Sourced by the scripts/python-*.sh: the project-local .venv, the Rust toolchain on PATH, and
# building/installing the release wheel. Not meant to be run on its own.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"
export MATURIN_NO_INSTALL_RUST=1 # never let a pip build download a Rust toolchain
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
VENV="$ROOT/.venv"
DIST="$ROOT/dist"

# The interpreter new venvs are made with (3.11 preferred; any CPython >= 3.9 works).
base_python() {
    local candidate
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1; then
            "$candidate" -c 'import sys; print(sys.executable)'
            return
        fi
    done
    echo "error: no python3.11 or python3 on PATH" >&2
    return 1
}

# Creates .venv if missing and installs requirements-dev.txt when it changed.
ensure_venv() {
    if [[ ! -x "$VENV/bin/python" ]]; then
        echo "== creating $VENV"
        "$(base_python)" -m venv "$VENV"
    fi
    local stamp="$VENV/.requirements-dev.sha256"
    local want
    want="$(sha256sum "$ROOT/requirements-dev.txt" | cut -d' ' -f1)"
    if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
        echo "== installing requirements-dev.txt into .venv"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/requirements-dev.txt"
        echo "$want" >"$stamp"
    fi
    export VIRTUAL_ENV="$VENV"
    export PATH="$VENV/bin:$PATH"
}

# The wheel's platform: manylinux2014 = glibc 2.17 (Amazon Linux 2, RHEL/Rocky 8, Debian 11, …).
WHEEL_POLICY=manylinux_2_17_x86_64

# Builds the release wheel (abi3, cp39+, manylinux2014: linked against glibc 2.17 by zig, from
# PyPI's `ziglang`) into directory $1 (default dist/), replacing older ones of this package.
# The tests, the bench and `make dist` all use this one build.
build_wheel() {
    local out="${1:-$DIST}"
    echo "== building the release wheel (zig, manylinux2014)"
    mkdir -p "$out"
    rm -f "$out"/seedance_assets-*.whl
    (cd "$ROOT" && maturin build --release --zig --compatibility manylinux2014 --out "$out" --quiet)
    [[ "$out" != "$DIST" ]] || wheel_path >/dev/null
}

# Fails unless auditwheel (PyPI) finds the dist/ wheel consistent with manylinux2014.
check_wheel_platform() {
    local wheel report
    wheel="$(wheel_path)"
    report="$(auditwheel show "$wheel")"
    # Its verdict, not the file name that heads the report (which names the tag it was given).
    if ! tr -s ' \n' ' ' <<<"$report" | grep -q "constrains the platform tag to \"$WHEEL_POLICY\""; then
        echo "error: auditwheel does not place $(basename "$wheel") on $WHEEL_POLICY:" >&2
        echo "$report" >&2
        return 1
    fi
    echo "   auditwheel: $(basename "$wheel") is consistent with $WHEEL_POLICY"
}

# The one release wheel in dist/.
wheel_path() {
    local wheels=("$DIST"/seedance_assets-*-cp39-abi3-*.whl)
    if [[ ${#wheels[@]} -ne 1 || ! -f "${wheels[0]}" ]]; then
        echo "error: expected exactly one seedance_assets abi3 wheel in $DIST" >&2
        return 1
    fi
    echo "${wheels[0]}"
}

# Installs the dist/ wheel into .venv unless that very wheel is already installed.
install_wheel() {
    local wheel stamp want
    wheel="$(wheel_path)"
    stamp="$VENV/.seedance-wheel.sha256"
    want="$(sha256sum "$wheel" | cut -d' ' -f1)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && python -c 'import seedance_assets' 2>/dev/null; then
        return
    fi
    echo "== installing $(basename "$wheel") into .venv"
    python -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall "$wheel"
    echo "$want" >"$stamp"
}
