"""Onboarding across processes (mirrors core/tests/journal_processes.rs through the Python
package): a run killed with SIGKILL mid-way is finished by a rerun on its SQLite journal
without sending anything twice, and three processes onboarding one person's assets on one
PostgreSQL journal split the work and keep to the rate together."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from seedance_assets.testing import Simulator

from conftest import validated_group

#: The child: onboards the job's items on its journal, prints each upload as it is answered
#: (so the parent can kill it mid-run) and its report as the last line.
CHILD = """
import json, os, sys
from seedance_assets import Client, Journal
job = json.loads(os.environ["ONBOARD_JOB"])
assets = [
    {"name": f"shot {i}", "asset_type": "Image", "asset_url": f"https://cdn.example/{job['run']}/{i}.jpg"}
    for i in range(job["items"])
]
def progress(event):
    if event["kind"] == "uploaded":
        print("UPLOADED", event["index"], flush=True)
with Client(job["api_key"], base_url=job["url"], journal=Journal(job["journal"]), rate_limits=False, timeout=5.0) as c:
    report = c.onboard(group_id=job["group_id"], assets=assets, upload_rate=job["rate"], on_progress=progress)
print("REPORT", json.dumps(report.to_dict(json=True)), flush=True)
"""

#: Bound on any one child: the runs below take seconds.
CHILD_TIMEOUT = 120


def start_child(sim: Simulator, group: str, journal: str, items: int, rate: str, run: str) -> subprocess.Popen[str]:
    job = {"api_key": sim.api_key, "url": sim.url, "journal": journal, "group_id": group}
    job |= {"items": items, "rate": rate, "run": run}
    env = {**os.environ, "ONBOARD_JOB": json.dumps(job)}
    return subprocess.Popen([sys.executable, "-c", CHILD], env=env, stdout=subprocess.PIPE, text=True)


def report_of(child: subprocess.Popen[str]) -> dict[str, Any]:
    out, _ = child.communicate(timeout=CHILD_TIMEOUT)
    assert child.returncode == 0, out
    line = next(line for line in out.splitlines() if line.startswith("REPORT "))
    report: dict[str, Any] = json.loads(line[len("REPORT ") :])
    return report


def statuses(report: dict[str, Any]) -> list[str]:
    return [item["status"] for item in report["items"]]


def test_a_run_killed_mid_way_is_finished_by_a_rerun_without_duplicates(tmp_path: Path) -> None:
    with Simulator(processing_delay=0.05, quotas={"upload_asset": "5/s"}) as sim:
        with sim.client(rate_limits=False) as client:
            group = validated_group(sim, client)
        sim.reset_counters()
        journal = str(tmp_path / "journal.sqlite3")
        child = start_child(sim, group, journal, 20, "5/s", "killed")
        assert child.stdout is not None
        uploaded = 0
        for line in child.stdout:
            uploaded += line.startswith("UPLOADED ")
            if uploaded == 4:
                break
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=CHILD_TIMEOUT)
        child.stdout.close()
        assert child.returncode == -signal.SIGKILL
        before = sim.request_count("upload_asset")
        assert 4 <= before < 20, f"killed mid-run: {before} uploads sent"

        report = report_of(start_child(sim, group, journal, 20, "5/s", "killed"))
        per_url = sim.uploads_per_url()
        ambiguous = [i for i in report["items"] if i["status"] == "Ambiguous"]
        assert all(n == 1 for n in per_url.values()), f"an asset uploaded twice: {per_url}"
        assert len(ambiguous) <= 1, "only an upload the kill cut off may be unknown"
        assert statuses(report).count("Active") == 20 - len(ambiguous), report
        assert len(per_url) >= 20 - len(ambiguous), "every item but an unknown one reached the service"
        # What the killed run had sent is not sent again: the two runs together sent each once, but
        # for a 429 now and then on a loaded machine (counted as sent, then sent again).
        refused = sim.quota_refusals("upload_asset")
        assert refused <= 2, f"{refused} uploads refused"
        assert report["uploads_sent"] + before == sum(per_url.values()) + refused


def test_three_processes_onboarding_on_postgres_share_the_work_and_the_rate(postgres_url: str) -> None:
    with Simulator(processing_delay=0.05, quotas={"upload_asset": "10/s"}) as sim:
        with sim.client(rate_limits=False) as client:
            group = validated_group(sim, client)
        sim.reset_counters()
        children = [start_child(sim, group, postgres_url, 30, "10/s", "shared") for _ in range(3)]
        reports = [report_of(child) for child in children]
        for report in reports:
            assert statuses(report) == ["Active"] * 30, report
        per_url = sim.uploads_per_url()
        assert len(per_url) == 30 and all(n == 1 for n in per_url.values()), per_url
        refused = sim.quota_refusals("upload_asset")
        assert refused <= 2, f"{refused} uploads refused: the processes did not share the rate"
        assert sum(r["uploads_sent"] for r in reports) == 30 + refused, "the processes split the uploads"
        assert sim.max_in_window("upload_asset", 1.0) <= 10, "together they kept to the rate"
