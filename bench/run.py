"""The benchmark driver: starts the simulator, runs every workload for the project and its
baselines, alternating, for several rounds, and reports medians, spreads and per-round ratios.

Run through ``bench/run.sh`` (which builds the release artefacts and sets the paths below).
Standard library only. Every measurement runs in a fresh subprocess; the driver reads that
process's CPU time and peak RSS with ``os.wait4`` (the simulator is a separate process, so its
CPU is never counted).

Environment:
  BENCH_SCALE      multiplies every workload size (default 1; the smoke run uses 0.01)
  BENCH_ROUNDS     rounds per workload (default 5)
  BENCH_ONLY       comma list of workloads to run (w1,w2,w3,w3info,footprint,w4,w5,multi; default all)
  BENCH_W3_DELAY_MS   simulator processing delay range for W3, "MIN,MAX" (default 1000,5000)
  BENCH_W3_POLL_S  fixed poll interval of W3 (default 0.5)
  BENCH_SMOKE      1: exit non-zero if any measurement fails; targets are reported, not enforced
  BENCH_RESULTS    where to write the JSON (default bench/results.json)
  BENCH_SIM, BENCH_LIMIT, BENCH_PYTHON, BENCH_NODE, BENCH_WHEEL, BENCH_NODE_ADDON: set by run.sh
  the onboarding workloads' own knobs (W4, W5, multi): see onboarding.py
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import onboarding
from harness import (
    HERE,
    NODE,
    NODE_ADDON,
    PYTHON,
    ROOT,
    Run,
    Simulator,
    contestant_name,
    fmt_range,
    median,
    node_env,
    run_worker,
    summarize,
)

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
ONLY = {w for w in os.environ.get("BENCH_ONLY", "").split(",") if w}
SMOKE = os.environ.get("BENCH_SMOKE", "") == "1"
RESULTS = Path(os.environ.get("BENCH_RESULTS", str(HERE / "results.json")))
W3_DELAY = tuple(int(x) for x in os.environ.get("BENCH_W3_DELAY_MS", "1000,5000").split(","))
W3_POLL = float(os.environ.get("BENCH_W3_POLL_S", "0.5"))
LIMIT = os.environ.get("BENCH_LIMIT", str(HERE / "rust-limit/target/release/rust-limit"))
WHEEL = os.environ.get("BENCH_WHEEL", "")
PY_WORKER = str(HERE / "workers/py_worker.py")
NODE_WORKER = str(HERE / "workers/node_worker.js")
TIMEOUT_S = 900


def scaled(n: int) -> int:
    return max(1, round(n * SCALE))


N_W1, N_W2, N_W3 = scaled(2000), scaled(20000), scaled(1000)
C_W2, C_W2_THREADS, C_W3 = 64, 16, 50


# --------------------------------------------------------------------------- contestants


@dataclass
class Contestant:
    key: str  # e.g. "py.project"
    label: str
    lang: str  # py | node | rust
    impl: str
    project: bool = False

    def command(self, sim: Simulator, workload: str, **kw: Any) -> list[str]:
        args = ["--workload", workload, "--impl", self.impl, "--base-url", sim.url, "--api-key", sim.api_key]
        for k, v in kw.items():
            args += [f"--{k.replace('_', '-')}", str(v)]
        if self.lang == "py":
            return [PYTHON, PY_WORKER, *args]
        if self.lang == "node":
            return [NODE, NODE_WORKER, *args]
        return [LIMIT, *args]


@dataclass
class Group:
    """Contestants measured against each other on one workload."""

    workload: str
    title: str
    n: int
    contestants: list[Contestant]
    kw: dict[str, Any] = field(default_factory=dict)
    # (project key, baseline key, "throughput" | "cpu") -> a ratio per round
    pairs: list[tuple[str, str, str]] = field(default_factory=list)


PY, NODE_L, RUST = "py", "node", "rust"


def groups() -> list[Group]:
    C = Contestant
    py_client = C("py.Client", "Python Client", PY, "project", True)
    py_requests = C("py.requests", "requests.Session", PY, "requests")
    py_httpx = C("py.httpx", "httpx.Client", PY, "httpx")
    py_async = C("py.AsyncClient", "Python AsyncClient", PY, "project-async", True)
    py_httpx_async = C("py.httpx.AsyncClient", "httpx.AsyncClient", PY, "httpx-async")
    py_aiohttp = C("py.aiohttp", "aiohttp", PY, "aiohttp")
    py_threads = C("py.Client.threads", "Python Client, 16 threads", PY, "project-threads", True)
    py_req_threads = C("py.requests.threads", "requests, 16 threads", PY, "requests-threads")
    node_client = C("node.Client", "Node Client", NODE_L, "project", True)
    node_fetch = C("node.fetch", "fetch", NODE_L, "fetch")
    rust = C("rust.reqwest", "Rust reqwest (limit)", RUST, "reqwest")
    w1_kw = {"n": N_W1, "warmup": min(50, N_W1)}
    w2_kw = {"n": N_W2, "concurrency": C_W2, "warmup": min(256, N_W2)}
    w2t_kw = {"n": N_W2, "concurrency": C_W2_THREADS, "warmup": min(256, N_W2)}
    w3_kw = {"n": N_W3, "concurrency": C_W3, "poll_interval": W3_POLL}
    return [
        Group("w1", "W1 sequential get_asset (Python)", N_W1, [py_client, py_requests, py_httpx, rust], w1_kw,
              [("py.Client", "py.requests", "throughput"), ("py.Client", "py.httpx", "throughput"),
               ("py.Client", "rust.reqwest", "throughput")]),
        Group("w1", "W1 sequential getAsset (Node)", N_W1, [node_client, node_fetch], w1_kw,
              [("node.Client", "node.fetch", "throughput")]),
        Group("w2", "W2 concurrent, 64 in flight (Python asyncio)", N_W2,
              [py_async, py_httpx_async, py_aiohttp, rust], w2_kw,
              [("py.AsyncClient", "py.httpx.AsyncClient", "throughput"), ("py.AsyncClient", "py.aiohttp", "throughput"),
               ("py.AsyncClient", "rust.reqwest", "throughput")]),
        Group("w2", "W2 concurrent, 16-thread pool (Python)", N_W2, [py_threads, py_req_threads], w2t_kw,
              [("py.Client.threads", "py.requests.threads", "throughput")]),
        Group("w2", "W2 concurrent, 64 in flight (Node)", N_W2, [node_client, node_fetch, rust], w2_kw,
              [("node.Client", "node.fetch", "throughput"), ("node.Client", "rust.reqwest", "throughput")]),
        Group("w3", "W3 onboarding, client CPU (Python)", N_W3, [py_async, py_httpx_async], w3_kw,
              [("py.AsyncClient", "py.httpx.AsyncClient", "cpu")]),
        Group("w3", "W3 onboarding, client CPU (Node)", N_W3, [node_client, node_fetch], w3_kw,
              [("node.Client", "node.fetch", "cpu")]),
    ]


# --------------------------------------------------------------------------- workloads


def run_group(sim: Simulator, g: Group, failures: list[str], log: Any) -> dict[str, Any]:
    per: dict[str, list[Run]] = {c.key: [] for c in g.contestants}
    requests_per_asset: dict[str, list[float]] = {c.key: [] for c in g.contestants}
    kw = dict(g.kw)
    if g.workload in ("w1", "w2"):
        kw["asset_id"] = sim.upload()  # processing delay 0: Active at once
    rounds = ROUNDS
    for r in range(rounds):
        order = g.contestants if r % 2 == 0 else list(reversed(g.contestants))
        for c in order:
            if g.workload == "w3":
                sim.set_delay(*W3_DELAY)
                sim.reset_counters()
            env = node_env() if c.lang == NODE_L else None
            run = run_worker(c.command(sim, g.workload, **kw), env)
            if g.workload == "w3":
                requests_per_asset[c.key].append(sim.requests_total() / g.n)
                sim.set_delay(0, 0)
            per[c.key].append(run)
            if run.ok:
                o = run.out
                log(f"  [{g.title}] round {r + 1}/{rounds} {c.label}: wall {o['wall_s']:.3f} s, "
                    f"cpu {o.get('cpu_s', float('nan')):.3f} s, rss {run.maxrss_mb:.0f} MB")
            else:
                failures.append(f"{g.title} / {c.label}: {run.error}")
                log(f"  [{g.title}] round {r + 1}/{rounds} {c.label}: FAILED {run.error}")
    result: dict[str, Any] = {"workload": g.workload, "title": g.title, "n": g.n, "params": kw,
                              "contestants": {}, "ratios": []}
    for c in g.contestants:
        runs = [x for x in per[c.key] if x.ok]
        entry: dict[str, Any] = {
            "label": c.label,
            "project": c.project,
            "rounds_ok": len(runs),
            "rounds_failed": len(per[c.key]) - len(runs),
            "wall_s": summarize([x.out["wall_s"] for x in runs]),
            "cpu_s": summarize([x.out["cpu_s"] for x in runs if "cpu_s" in x.out]),
            "process_cpu_s": summarize([x.proc_cpu_s for x in runs]),
            "peak_rss_mb": summarize([x.maxrss_mb for x in runs]),
            "throughput_rps": summarize([g.n / x.out["wall_s"] for x in runs]),
        }
        if g.workload == "w3":
            entry["requests_per_asset"] = summarize(requests_per_asset[c.key])
            ok_rounds = [(x, q) for x, q in zip(per[c.key], requests_per_asset[c.key]) if x.ok]
            entry["cpu_us_per_request"] = summarize([x.out["cpu_s"] * 1e6 / (q * g.n) for x, q in ok_rounds])
        result["contestants"][c.key] = entry
    for proj, base, kind in g.pairs:
        ratios = []
        for a, b in zip(per[proj], per[base]):
            if not (a.ok and b.ok):
                continue
            if kind == "throughput":  # project throughput / baseline throughput
                ratios.append(b.out["wall_s"] / a.out["wall_s"])
            else:  # project CPU / baseline CPU
                ratios.append(a.out["cpu_s"] / b.out["cpu_s"])
        result["ratios"].append({"project": proj, "baseline": base, "kind": kind, **summarize(ratios)})
    return result


def run_w3info(sim: Simulator, failures: list[str], log: Any) -> dict[str, Any]:
    """Detection lag and requests per asset of the default (backoff) wait, for information."""
    n = N_W3
    out: dict[str, Any] = {"workload": "w3info", "n": n, "delays_ms": list(W3_DELAY), "contestants": {}}
    for c in (Contestant("py.AsyncClient", "Python AsyncClient", PY, "project-async", True),
              Contestant("node.Client", "Node Client", NODE_L, "project", True)):
        sim.reset_counters()
        run = run_worker(c.command(sim, "w3info", n=n, delays_ms=f"{W3_DELAY[0]},{W3_DELAY[1]}"),
                         node_env() if c.lang == NODE_L else None)
        total = sim.requests_total()
        sim.set_delay(0, 0)
        if not run.ok:
            failures.append(f"W3 default wait / {c.label}: {run.error}")
            log(f"  [W3 default wait] {c.label}: FAILED {run.error}")
            continue
        lags = run.out["lags_s"]
        # The simulator counts job-API requests only (not /_sim/ control calls): n uploads + polls.
        polls = total - n
        q = statistics.quantiles(lags, n=20, method="inclusive") if len(lags) >= 2 else [lags[0]] * 19
        out["contestants"][c.key] = {
            "label": c.label,
            "lag_s": {"median": median(lags), "p95": q[18], "max": max(lags), "mean": statistics.fmean(lags)},
            "polls_per_asset": polls / n,
            "requests_per_asset": (polls + n) / n,
            "wall_s": run.out["wall_s"],
            "cpu_s": run.out["cpu_s"],
        }
        log(f"  [W3 default wait] {c.label}: lag median {median(lags):.2f} s, polls/asset {polls / n:.2f}")
    return out


def footprint(log: Any) -> dict[str, Any]:
    reps = 7 if not SMOKE else 2
    py_code = ("import time; t = time.perf_counter(); import {mod}; "
               "print((time.perf_counter() - t) * 1000)")
    node_code = ("const t = process.hrtime.bigint(); require({mod}); "
                 "console.log(Number(process.hrtime.bigint() - t) / 1e6)")
    node_pkg = os.environ.get("BENCH_NODE_PACKAGE", str(ROOT))

    def times(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
        ms = []
        for _ in range(reps):
            p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
            if p.returncode != 0:
                raise RuntimeError(p.stderr.strip()[-400:])
            ms.append(float(p.stdout.strip().splitlines()[-1]))
        return summarize(ms)

    out: dict[str, Any] = {"import_ms": {}, "sizes_bytes": {}}
    for mod in ("seedance_assets", "requests", "httpx", "aiohttp"):
        out["import_ms"][f"python: import {mod}"] = times([PYTHON, "-c", py_code.format(mod=mod)])
    out["import_ms"]["node: require('seedance-assets')"] = times(
        [NODE, "-e", node_code.format(mod=json.dumps(node_pkg))], node_env())
    if WHEEL and Path(WHEEL).exists():
        out["sizes_bytes"]["wheel"] = Path(WHEEL).stat().st_size
    so = subprocess.run([PYTHON, "-c", "import seedance_assets._native as m; print(m.__file__)"],
                        capture_output=True, text=True)
    if so.returncode == 0:
        out["sizes_bytes"]["python extension (.so)"] = Path(so.stdout.strip()).stat().st_size
    addon = NODE_ADDON or os.environ.get("BENCH_NODE_ADDON_SIZE_OF", "")
    if addon and Path(addon).exists():
        out["sizes_bytes"][".node addon"] = Path(addon).stat().st_size
    for k, v in out["import_ms"].items():
        log(f"  [footprint] {k}: {v['median']:.1f} ms")
    return out


# --------------------------------------------------------------------------- targets and report


TARGETS = [
    # (description, group title prefix, project, baseline, op, threshold)
    ("Python Client ≥ 3× requests (W1)", "W1 sequential get_asset (Python)", "py.Client", "py.requests", ">=", 3.0),
    ("AsyncClient ≥ 3× httpx.AsyncClient (W2)", "W2 concurrent, 64 in flight (Python asyncio)",
     "py.AsyncClient", "py.httpx.AsyncClient", ">=", 3.0),
    ("AsyncClient ≥ 1.5× aiohttp (W2)", "W2 concurrent, 64 in flight (Python asyncio)",
     "py.AsyncClient", "py.aiohttp", ">=", 1.5),
    ("threaded Client ≥ 3× threaded requests (W2)", "W2 concurrent, 16-thread pool (Python)",
     "py.Client.threads", "py.requests.threads", ">=", 3.0),
    ("Node ≥ 1.2× fetch (W2)", "W2 concurrent, 64 in flight (Node)", "node.Client", "node.fetch", ">=", 1.2),
    ("Python AsyncClient ≥ 0.8× Rust limit (W2)", "W2 concurrent, 64 in flight (Python asyncio)",
     "py.AsyncClient", "rust.reqwest", ">=", 0.8),
    ("Node ≥ 0.8× Rust limit (W2)", "W2 concurrent, 64 in flight (Node)", "node.Client", "rust.reqwest", ">=", 0.8),
    ("W3 client CPU ≤ 0.33× httpx pipeline", "W3 onboarding, client CPU (Python)",
     "py.AsyncClient", "py.httpx.AsyncClient", "<=", 0.33),
    ("W3 client CPU ≤ 0.5× fetch pipeline", "W3 onboarding, client CPU (Node)", "node.Client", "node.fetch", "<=", 0.5),
]


def evaluate(results: dict[str, Any]) -> list[dict[str, Any]]:
    verdicts = []
    by_title = {g["title"]: g for g in results["groups"]}
    for desc, title, proj, base, op, thr in TARGETS:
        g = by_title.get(title)
        ratio = None
        if g:
            for r in g["ratios"]:
                if r["project"] == proj and r["baseline"] == base and r["values"]:
                    ratio = r["median"]
        met = None if ratio is None else (ratio >= thr if op == ">=" else ratio <= thr)
        verdicts.append({"target": desc, "ratio_median": ratio, "threshold": thr, "op": op, "met": met})
    fp = results.get("footprint", {}).get("import_ms", {})
    for k in ("python: import seedance_assets", "node: require('seedance-assets')"):
        if k in fp:
            v = fp[k]["median"]
            verdicts.append({"target": f"{k} ≤ 50 ms", "value_ms": v, "threshold": 50.0, "op": "<=", "met": v <= 50.0})
    return verdicts


def markdown(results: dict[str, Any]) -> str:
    lines = [f"## Benchmark results ({results['machine']['summary']})", ""]
    lines.append(f"Rounds: {results['rounds']} (W1–W3; W4, W5 and multi name their own), scale {results['scale']}; "
                 "median (min–max) over rounds; ratio = project/baseline computed per round.")
    lines.append("")
    for g in results["groups"]:
        w3 = g["workload"] == "w3"
        lines.append(f"### {g['title']} — n = {g['n']}")
        lines.append("")
        if w3:
            lines.append("| client | client CPU s (pipeline) | CPU µs/request | process CPU s | wall s "
                         "| requests/asset | peak RSS MB |")
            lines.append("|---|---|---|---|---|---|---|")
        else:
            lines.append("| client | requests/s | wall s | process CPU s | peak RSS MB |")
            lines.append("|---|---|---|---|---|")
        for c in g["contestants"].values():
            name = contestant_name(c)
            if w3:
                lines.append(f"| {name} | {fmt_range(c['cpu_s'], '.2f')} | "
                             f"{fmt_range(c['cpu_us_per_request'], '.0f')} | {fmt_range(c['process_cpu_s'], '.2f')} | "
                             f"{fmt_range(c['wall_s'], '.2f')} | {fmt_range(c['requests_per_asset'], '.2f')} | "
                             f"{c['peak_rss_mb']['median']:.0f} |")
            else:
                lines.append(f"| {name} | {fmt_range(c['throughput_rps'], ',.0f')} | {fmt_range(c['wall_s'], '.3f')} | "
                             f"{fmt_range(c['process_cpu_s'], '.2f')} | {c['peak_rss_mb']['median']:.0f} |")
        for r in g["ratios"]:
            what = "CPU" if r["kind"] == "cpu" else "throughput"
            pl = g["contestants"][r["project"]]["label"]
            bl = g["contestants"][r["baseline"]]["label"]
            lines.append(f"\n{what} ratio {pl} / {bl}: **{fmt_range(r, '.2f')}**")
        if w3:
            lines.append("\n(requests/asset below the project's = that pipeline could not keep its 0.5 s poll pace: "
                         "it was CPU-bound; CPU µs/request compares the work per request.)")
        lines.append("")
    info = results.get("w3info")
    if info and info["contestants"]:
        lines.append(f"### W3, default (backoff) wait — for information; n = {info['n']}, "
                     f"delays {info['delays_ms'][0]}–{info['delays_ms'][1]} ms")
        lines.append("")
        lines.append("| client | detection lag median s | p95 s | max s | polls/asset | requests/asset |")
        lines.append("|---|---|---|---|---|---|")
        for c in info["contestants"].values():
            lag = c["lag_s"]
            lines.append(f"| {c['label']} | {lag['median']:.2f} | {lag['p95']:.2f} | {lag['max']:.2f} | "
                         f"{c['polls_per_asset']:.2f} | {c['requests_per_asset']:.2f} |")
        lines.append("")
    fp = results.get("footprint")
    if fp:
        lines.append("### Footprint")
        lines.append("")
        lines.append("| what | value |")
        lines.append("|---|---|")
        for k, v in fp["import_ms"].items():
            lines.append(f"| {k} | {fmt_range(v, '.1f')} ms |")
        for k, v in fp["sizes_bytes"].items():
            lines.append(f"| size of {k} | {v / 1e6:.1f} MB |")
        lines.append("")
    lines += onboarding.markdown(results.get("onboarding", {}))
    lines.append("### Targets")
    lines.append("")
    lines.append("| target | measured | met |")
    lines.append("|---|---|---|")
    for v in results["targets"]:
        if "measured" in v:
            m = v["measured"]
        elif "ratio_median" in v:
            m = "–" if v["ratio_median"] is None else f"{v['ratio_median']:.2f}×"
        else:
            m = f"{v['value_ms']:.1f} ms"
        met = {True: "yes", False: "**no**", None: "not run"}[v["met"]]
        lines.append(f"| {v['target']} | {m} | {met} |")
    return "\n".join(lines) + "\n"


def machine() -> dict[str, Any]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()
    node_v = subprocess.run([NODE, "--version"], capture_output=True, text=True).stdout.strip()
    py_v = subprocess.run([PYTHON, "-c", "import platform; print(platform.python_version())"],
                          capture_output=True, text=True).stdout.strip()
    summary = (f"{os.cpu_count()} cores, {cpu}, Linux {platform.release()}, CPython {py_v}, "
               f"Node {node_v}, load avg at start {load[0]:.2f}")
    return {"cpus": os.cpu_count(), "cpu": cpu, "kernel": platform.release(), "python": py_v,
            "node": node_v, "loadavg_start": load, "summary": summary}


def main() -> int:
    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    want = ONLY or {"w1", "w2", "w3", "w3info", "footprint", "w4", "w5", "multi"}
    results: dict[str, Any] = {"scale": SCALE, "rounds": ROUNDS, "machine": machine(),
                               "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "groups": []}
    failures: list[str] = []
    sim = Simulator()
    log(f"simulator at {sim.url}; {results['machine']['summary']}")
    try:
        for g in groups():
            if g.workload in want:
                log(f"== {g.title} (n={g.n}, {ROUNDS} rounds)")
                results["groups"].append(run_group(sim, g, failures, log))
        if "w3info" in want:
            log("== W3 default wait (information)")
            results["w3info"] = run_w3info(sim, failures, log)
        if "footprint" in want:
            log("== Footprint")
            try:
                results["footprint"] = footprint(log)
            except Exception as e:
                failures.append(f"footprint: {e}")
    finally:
        sim.stop()
    results["onboarding"] = onboarding.run(want, failures, log)
    results["machine"]["loadavg_end"] = os.getloadavg()
    results["targets"] = evaluate(results) + onboarding.targets(results["onboarding"])
    results["failures"] = failures
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(markdown(results))
    if SMOKE:
        ok = sum(c["rounds_ok"] for g in results["groups"] for c in g["contestants"].values())
        ok += len(results.get("w3info", {}).get("contestants", {})) + (1 if "footprint" in results else 0)
        ok += onboarding.passed(results["onboarding"])
        print(f"bench smoke: {ok} passed, {len(failures)} failed")
    if failures:
        log("FAILED measurements:\n  " + "\n  ".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
