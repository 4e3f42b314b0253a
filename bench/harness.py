"""What every benchmark workload shares: the simulator process, one measurement in a fresh worker
process (its CPU and peak RSS read with ``wait4``), and the statistics of the report.

Standard library only (``bench/run.py`` imports it; see that file for the environment).
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIM = os.environ.get("BENCH_SIM", str(ROOT / "target/release/seedance-simulator"))
PYTHON = os.environ.get("BENCH_PYTHON", str(HERE / ".venv/bin/python"))
NODE = os.environ.get("BENCH_NODE", "node")
NODE_ADDON = os.environ.get("BENCH_NODE_ADDON", "")
CALLBACK_URL = "https://app.example/seedance/callback"


# --------------------------------------------------------------------------- the simulator


class Simulator:
    """The release simulator binary on an ephemeral port (a separate process: its CPU is never
    counted). ``quotas`` maps an endpoint (``"asset-upload"``) to a rate (``"10/s"``)."""

    def __init__(self, delay_ms: tuple[int, int] = (0, 0), quotas: dict[str, str] | None = None) -> None:
        cmd = [SIM, "--port", "0", "--processing-delay-ms", f"{delay_ms[0]},{delay_ms[1]}"]
        for endpoint, rate in (quotas or {}).items():
            cmd += ["--quota", f"{endpoint}={rate}"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()  # "listening on URL api_key=K"
        if not line.startswith("listening on "):
            self.proc.kill()
            raise RuntimeError(f"simulator did not start: {line!r}")
        url, key = line[len("listening on ") :].split(" api_key=")
        self.url, self.api_key = url.rstrip("/"), key

    def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("content-type", "application/json")
        req.add_header("x-api-key", self.api_key)
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())

    def set_delay(self, lo: int, hi: int) -> None:
        self.control("POST", "/_sim/config", {"processing_delay_ms": [lo, hi]})

    def reset_counters(self) -> None:
        self.control("POST", "/_sim/reset-counters", {})

    def stats(self) -> dict[str, Any]:
        """``requests`` per endpoint (since the last reset), ``total``, ``assets`` created."""
        return dict(self.control("GET", "/_sim/stats"))

    def requests_total(self) -> int:
        return int(self.stats()["total"])

    def upload(self) -> str:
        body = {"name": "bench", "asset_type": "Image", "asset_url": "https://cdn.example/bench.jpg"}
        answer = self.control("POST", "/api/v1/client/job/asset-upload", body)
        assert answer["code"] == 200, answer
        return str(answer["data"]["AssetId"])

    def group(self) -> str:
        """A validated person's GroupId, through the job API and the H5 page's control route."""
        job = "/api/v1/client/job"
        session = self.control("POST", f"{job}/visual-validate-session", {"callback_url": CALLBACK_URL})
        token = session["data"]["BytedToken"]
        self.control("POST", f"/_sim/validations/{token}/complete", {"passed": True})
        answer = self.control("GET", f"{job}/visual-validate-result?byted_token={token}")
        assert answer["code"] == 200, answer
        return str(answer["data"]["GroupId"])

    def stop(self) -> dict[str, dict[str, int]]:
        """Stops it; returns what it printed at exit of each quota: ``refused`` (429s) and
        ``max_in_window`` (the most uploads it accepted in any window of the quota's length)."""
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        quotas: dict[str, dict[str, int]] = {}
        assert self.proc.stdout is not None
        for line in self.proc.stdout.read().splitlines():
            # "quota asset-upload refused=N max_in_window=M"
            if line.startswith("quota "):
                endpoint, *fields = line.split()[1:]
                quotas[endpoint] = {k: int(v) for k, v in (f.split("=") for f in fields)}
        return quotas


# --------------------------------------------------------------------------- one measurement


@dataclass
class Run:
    ok: bool
    out: dict[str, Any]
    proc_cpu_s: float
    maxrss_mb: float
    error: str = ""


def node_env() -> dict[str, str]:
    env = dict(os.environ)
    if NODE_ADDON:
        env["NAPI_RS_NATIVE_LIBRARY_PATH"] = NODE_ADDON
    return env


def _result(status: int, usage: Any, stdout: bytes, stderr: bytes, started: float) -> Run:
    """A reaped worker's measurement: its last stdout line (JSON) and its own rusage."""
    returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    rss_mb = usage.ru_maxrss / 1024.0  # KiB on Linux
    text = stdout.decode(errors="replace").strip().splitlines()
    try:
        out = json.loads(text[-1]) if text else {}
    except json.JSONDecodeError:
        out = {}
    if returncode != 0 or not out.get("ok"):
        err = out.get("error") or stderr.decode(errors="replace").strip()[-500:] or f"exit {returncode}"
        return Run(False, out, cpu, rss_mb, err)
    out["process_wall_s"] = time.monotonic() - started
    return Run(True, out, cpu, rss_mb)


def run_worker(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    """One worker, alone; reaped with wait4, which gives exactly this child's rusage."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    # The worker prints a single short line; stderr is drained after it exits (small).
    started = time.monotonic()
    stdout = b""
    while True:
        chunk = proc.stdout.read()
        stdout += chunk
        if not chunk:
            break
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return _result(status, usage, stdout, stderr, started)


def run_workers_together(cmds: list[tuple[list[str], dict[str, str] | None]]) -> list[Run]:
    """Several workers at once; their output goes to files, so none blocks on a full pipe."""
    started = time.monotonic()
    running: list[tuple[subprocess.Popen[bytes], IO[bytes], IO[bytes]]] = []
    for cmd, env in cmds:
        out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()  # noqa: SIM115 (closed once reaped)
        running.append((subprocess.Popen(cmd, stdout=out, stderr=err, env=env), out, err))
    runs = []
    for proc, out, err in running:
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        with out, err:
            out.seek(0)
            err.seek(0)
            runs.append(_result(status, usage, out.read(), err.read(), started))
    return runs


# --------------------------------------------------------------------------- statistics


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def spread(xs: list[float]) -> tuple[float, float]:
    return (min(xs), max(xs)) if xs else (float("nan"), float("nan"))


def summarize(xs: list[float]) -> dict[str, Any]:
    lo, hi = spread(xs)
    return {"median": median(xs), "min": lo, "max": hi, "values": xs}


def contestant_name(c: dict[str, Any]) -> str:
    """A table row's client: bold for the project's own, with its failed rounds if any."""
    name = f"**{c['label']}**" if c["project"] else c["label"]
    if c["rounds_failed"]:
        name += f" ({c['rounds_failed']} failed)"
    return name


def fmt_range(s: dict[str, Any], f: str) -> str:
    if not s["values"]:
        return "–"
    return f"{s['median']:{f}} ({s['min']:{f}}–{s['max']:{f}})"
