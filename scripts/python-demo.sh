#!/usr/bin/env bash
# The Python quickstart: the four steps on the built-in simulator, or on the real service when
# SEEDANCE_API_KEY is set (it then asks you to open the H5 link and paste the callback URL).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh"
ensure_venv
build_wheel
install_wheel
python "$ROOT/examples/quickstart.py"
