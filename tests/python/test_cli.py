"""The command line from the Python package (the console script and ``python -m``) is the core's
one CLI; a session's QR code and notebook display."""

from __future__ import annotations

import html
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import seedance_assets
from seedance_assets.testing import Simulator

from conftest import CALLBACK_URL


def console_script() -> str:
    """The ``seedance-assets`` script pip installed next to this interpreter."""
    script = Path(sys.executable).parent / "seedance-assets"
    found = str(script) if script.exists() else shutil.which("seedance-assets")
    assert found, "the wheel installs a seedance-assets console script"
    return found


def run(args: list[str], sim: Simulator, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SEEDANCE_API_KEY": sim.api_key,
        "SEEDANCE_BASE_URL": sim.url,
        "SEEDANCE_JOURNAL": str(tmp_path / "journal.sqlite3"),
    }
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=60, check=False)


def test_console_script_and_module_print_the_package_version(sim: Simulator, tmp_path: Path) -> None:
    for command in ([console_script()], [sys.executable, "-m", "seedance_assets"]):
        done = run([*command, "--version"], sim, tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"seedance-assets {seedance_assets.__version__}"


def test_console_script_uploads_and_reads_status(sim: Simulator, tmp_path: Path) -> None:
    script = console_script()
    uploaded = run(
        [script, "--json", "upload", "--name", "face", "--type", "Image", "--url", "https://cdn.example/face.png"],
        sim,
        tmp_path,
    )
    assert uploaded.returncode == 0, uploaded.stdout + uploaded.stderr
    asset_id = json.loads(uploaded.stdout)["asset_id"]
    waited = run([script, "--json", "wait", asset_id, "--timeout", "30"], sim, tmp_path)
    assert waited.returncode == 0, waited.stdout
    status = json.loads(run([script, "--json", "status", asset_id], sim, tmp_path).stdout)
    assert status["status"] == "Active"
    assert status["reference"] == f"asset://{asset_id}"


def test_cli_errors_have_documented_exit_codes(sim: Simulator, tmp_path: Path) -> None:
    done = run([sys.executable, "-m", "seedance_assets", "upload", "--name", "x"], sim, tmp_path)
    assert done.returncode == 2
    assert "--type" in done.stderr


def test_cli_main_is_the_native_entry() -> None:
    from seedance_assets._native import cli_main

    assert cli_main(["seedance-assets", "journal", "--help"]) == 0


def test_qr_svg_and_notebook_display(client: seedance_assets.Client) -> None:
    session = client.create_validation_session(CALLBACK_URL)
    svg = session.qr_svg()
    assert svg.startswith("<?xml") or svg.startswith("<svg")
    assert "<svg" in svg
    assert session.qr_svg() == svg
    other = client.create_validation_session(CALLBACK_URL)
    assert other.qr_svg() != svg
    shown = session._repr_html_()
    assert "<svg" in shown
    assert html.escape(session.h5_link) in shown
    assert session.expires_at.strftime("%H:%M:%S") in shown


def test_ctrl_c_ends_the_console_script_with_130(sim: Simulator, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SEEDANCE_API_KEY": sim.api_key,
        "SEEDANCE_BASE_URL": sim.url,
        "SEEDANCE_JOURNAL": str(tmp_path / "journal.sqlite3"),
    }
    args = [console_script(), "--json", "validate", "--reference", "actor-1", "--listen", "127.0.0.1:0"]
    with subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        while json.loads(child.stdout.readline()).get("event") != "session":
            pass
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=30) == 130
