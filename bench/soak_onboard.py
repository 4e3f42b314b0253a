"""Soak (issue 13): onboarding killed at random. Worker processes onboard the same person's
assets on one journal against a simulator (in this process) with request faults, a failure
share and an upload quota; each is killed with SIGKILL at a random moment and started again
until one run finishes. Its report is then checked against the simulator's own records.

usage: python bench/soak_onboard.py [--items N] [--workers W] [--chaos P] [--failure-share S]
       [--per-second R] [--seed S] [--max-kills K] [--journal sqlite|postgres]
Defaults: 1,000 x SOAK_SCALE items (at least 10), 3 workers, 10 % faults, 20 % failures,
20 uploads/s. Prints a table; exits 1 on a URL uploaded twice, an Active item the simulator does not
hold as Active, a Failed one without the simulator's drawn reason, an item missing or
unfinished, or a worker that died on its own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from typing import Any

from soak_table import print_table

from seedance_assets import Client, Journal
from seedance_assets.testing import Simulator

JOB_ENV = "SEEDANCE_SOAK_ONBOARD_JOB"
#: One HTTP attempt's limit in the workers: an upload cut off by a kill is given up on (and
#: reported Ambiguous by the run that finds it) once this and the journal's margin have passed.
ATTEMPT_TIMEOUT = 5.0


def items(job: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {"name": f"shot {i}", "asset_type": "Image", "asset_url": f"https://cdn.example.com/{job['run']}/{i}.jpg"}
        for i in range(job["items"])
    ]


def worker(job: dict[str, Any]) -> int:
    """One onboarding run; prints its report as one JSON line."""
    with Client(
        job["api_key"],
        base_url=job["url"],
        journal=Journal(job["journal"]),
        rate_limits=False,
        timeout=ATTEMPT_TIMEOUT,
    ) as client:
        report = client.onboard(group_id=job["group_id"], assets=items(job), upload_rate=job["rate"], timeout=600.0)
    print("REPORT " + json.dumps(report.to_dict(json=True)), flush=True)
    return 0


def postgres_journal(run: str) -> tuple[str, str]:
    """A URL whose search_path is a new schema, and the server's URL (to drop it after)."""
    import psycopg

    base = os.environ.get("SEEDANCE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{run}"')
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{run}&sslmode=disable", base


def run_workers(job: dict[str, Any], args: argparse.Namespace, rng: random.Random) -> tuple[dict[str, Any], int, int]:
    """Keeps `args.workers` workers running, killing each at a random moment (while kills are
    left), until one finishes; returns its report, the kills and the starts."""
    env = {**os.environ, JOB_ENV: json.dumps(job)}
    # Kills land within the time the uploads alone take (at the quota), so most hit a run.
    expected = job["items"] / args.per_second
    kills_left, kills, starts = args.max_kills, 0, 0
    running: list[tuple[subprocess.Popen[str], float | None]] = []

    def start() -> None:
        nonlocal kills_left, starts
        child = subprocess.Popen([sys.executable, __file__], env=env, stdout=subprocess.PIPE, text=True)
        starts += 1
        kill_at = None
        if kills_left > 0:
            kills_left -= 1
            kill_at = time.monotonic() + rng.uniform(0.3, 0.3 + 1.2 * expected)
        running.append((child, kill_at))

    for _ in range(args.workers):
        start()
    try:
        while True:
            time.sleep(0.05)
            for entry in list(running):
                child, kill_at = entry
                if child.poll() is None:
                    if kill_at is not None and time.monotonic() >= kill_at:
                        child.send_signal(signal.SIGKILL)
                        child.wait()
                        kills += 1
                        running.remove(entry)
                        start()
                    continue
                out = child.stdout.read() if child.stdout else ""
                running.remove(entry)
                if child.returncode != 0:
                    raise RuntimeError(f"a worker died on its own (exit {child.returncode}): {out[-2000:]}")
                line = next(line for line in out.splitlines() if line.startswith("REPORT "))
                return json.loads(line[len("REPORT ") :]), kills, starts
    finally:
        for child, _ in running:
            child.kill()
            child.wait()


def soak(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    run = f"soak_onboard_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    quota = f"{args.per_second}/s"
    sim = Simulator(processing_delay=0.05, quotas={"upload_asset": quota})
    with sim.client(rate_limits=False) as client:
        session = client.create_validation_session("https://app.example.com/done")
        sim.complete_validation(session.byted_token)
        group = client.get_validation_result(session.byted_token).group_id
    sim.reset_counters()
    sim.set_chaos(args.chaos, seed=args.seed, failure_share=args.failure_share)
    scratch = tempfile.TemporaryDirectory(prefix="seedance-soak-onboard-")
    admin = None
    if args.journal == "postgres":
        location, admin = postgres_journal(run)
    else:
        location = os.path.join(scratch.name, "journal.sqlite3")
    job = {"url": sim.url, "api_key": sim.api_key, "journal": location, "group_id": group}
    job |= {"items": args.items, "run": run, "rate": quota}
    started = time.monotonic()
    try:
        report, kills, starts = run_workers(job, args, rng)
    finally:
        wall = time.monotonic() - started
        if admin is not None:
            import psycopg

            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{run}" CASCADE')
        scratch.cleanup()
    uploads = sim.uploads_per_url()
    records = {r["asset_id"]: r for r in sim.assets()}
    drawn = sim.failures_drawn()
    faults = sim.faults_injected()
    most = sim.max_in_window("upload_asset", 1.0)
    refusals = sim.quota_refusals("upload_asset")
    sim.close()

    wanted = {i["asset_url"] for i in items(job)}
    duplicates = sorted(url for url, n in uploads.items() if n > 1)
    wrong: list[str] = []
    ambiguous = Counter[str]()
    for item in report["items"]:
        record = records.get(item["asset_id"] or "")
        status, url = item["status"], item["asset_url"]
        if status == "Ambiguous":
            ambiguous["took effect" if uploads.get(url) else "no effect"] += 1
        elif status not in ("Active", "Failed") or record is None or record["asset_url"] != url:
            wrong.append(f"{url}: {status} {item['asset_id']} (simulator: {record})")
        elif record["status"] != status or record["error_code"] != item["error_code"]:
            wrong.append(f"{url}: {status} {item['error_code']} (simulator: {record['status']} {record['error_code']})")
    missing = sorted(wanted - {i["asset_url"] for i in report["items"]})
    tally = Counter(i["status"] for i in report["items"])
    rows = [
        ("binding", f"python, journal {args.journal}"),
        (
            "items",
            f"{args.items} ({args.workers} workers, {args.chaos:.0%} faults, {args.failure_share:.0%} failures,"
            f" quota {quota}, seed {args.seed})",
        ),
        ("kills (SIGKILL) / starts", f"{kills} / {starts}"),
        ("final report", ", ".join(f"{k} {v}" for k, v in sorted(tally.items()))),
        ("failures drawn (simulator)", ", ".join(f"{k} {v}" for k, v in sorted(drawn.items())) or "none"),
        ("faults injected", str(sum(faults.values()))),
        ("ambiguous", f"{sum(ambiguous.values())} " + (str(dict(ambiguous)) if ambiguous else "")),
        ("duplicates", str(len(duplicates))),
        ("wrong (report vs simulator)", str(len(wrong))),
        ("missing", str(len(missing))),
        ("uploads at the simulator", f"{sum(uploads.values())} (most in one window {most}, quota refusals {refusals})"),
        ("wall time", f"{wall:.1f} s"),
    ]
    print_table("onboarding soak", rows)
    violations = [n for n, bad in (("duplicates", duplicates), ("wrong", wrong), ("missing", missing)) if bad]
    if violations:
        print(f"ONBOARDING SOAK FAILED: {', '.join(violations)}", file=sys.stderr)
        for line in (duplicates + wrong + missing)[:10]:
            print(f"  {line} (uploaded {uploads.get(line.split(':')[0], 0)}x)", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    if JOB_ENV in os.environ:
        return worker(json.loads(os.environ[JOB_ENV]))
    scale = float(os.environ.get("SOAK_SCALE", "1"))
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--items", type=int, default=max(10, round(1000 * scale)))
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--chaos", type=float, default=0.1)
    parser.add_argument("--failure-share", type=float, default=0.2)
    parser.add_argument("--per-second", type=int, default=20, help="the upload quota and the workers' rate")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("SOAK_SEED", "11")))
    parser.add_argument("--max-kills", type=int, default=None)
    parser.add_argument("--journal", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args()
    if args.max_kills is None:
        args.max_kills = max(2 * args.workers, args.items // 50)
    return soak(args)


if __name__ == "__main__":
    sys.exit(main())
