"""One onboarding measurement in Python, in a fresh process (bench/onboarding.py starts it).

usage: onboard_py.py --workload w4|w5|multi|people --impl NAME --base-url U --api-key K
                     [--group-id G] [--n N] [--rate R] [--concurrency C]
                     [--journal URL] [--references R1,R2,…] [--start-at EPOCH]

Prints one JSON line: {"ok": true, "wall_s": …, "cpu_s": …, …}; `cpu_s` is this process's
user+sys CPU over the job only (``RUSAGE_SELF``: every thread, the native runtime's included).

  w4     project: AsyncClient.onboard(upload_rate=R); httpx: asyncio.gather + httpx.AsyncClient,
         uploads under a semaphore of C, each 429 retried after its Retry-After, then each asset
         polled in its own loop every second until Active or Failed
  w5     project: AsyncClient.onboard(upload_rate=R); wait: asyncio.gather of upload_asset (under
         a semaphore of C) + wait_for_asset per asset
  multi  project with the journal at URL: onboard(reference=…) for each person in the order given,
         starting at EPOCH (the other processes start then too); n is per person
  people setup of multi: validates each reference through the journal (the H5 page is the
         simulator's control route)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
import urllib.request
from typing import Any

ASSET_INFO = "/api/v1/client/job/asset-info"
ASSET_UPLOAD = "/api/v1/client/job/asset-upload"
CALLBACK_URL = "https://app.example/seedance/callback"
BASELINE_POLL_S = 1.0


class BenchError(Exception):
    pass


def cpu_now() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def items(n: int, person: str = "bench") -> list[dict[str, str]]:
    return [
        {"name": f"{person} photo {i}", "asset_type": "Image", "asset_url": f"https://cdn.example/{person}/{i}.jpg"}
        for i in range(n)
    ]


def all_active(report: Any) -> dict[str, Any]:
    if not report.all_active:
        first = next(i for i in report.items if i.status != "Active")
        raise BenchError(f"{len(report.items) - len(report.active)} items not Active, e.g. {first!r}")
    return {"uploads_sent": report.uploads_sent, "rate_limited": report.rate_limited}


def project_client(args: argparse.Namespace, journal: Any = None) -> Any:
    import seedance_assets

    # The client's own rate limits are off: the run's upload_rate is the only pace.
    return seedance_assets.AsyncClient(api_key=args.api_key, base_url=args.base_url, rate_limits=False, journal=journal)


async def onboard(args: argparse.Namespace) -> dict[str, Any]:
    client = project_client(args)
    report = await client.onboard(
        group_id=args.group_id, assets=items(args.n), upload_rate=args.rate, concurrency=args.concurrency
    )
    return all_active(report)


# --------------------------------------------------------------------------- W4 baseline


def retry_after_s(headers: Any) -> float:
    try:
        return max(0.0, float(headers.get("retry-after", "1")))
    except ValueError:
        return 1.0


async def w4_httpx(args: argparse.Namespace) -> dict[str, Any]:
    import httpx

    counts = {"http_429": 0}
    async with httpx.AsyncClient(base_url=args.base_url, headers={"x-api-key": args.api_key}, timeout=30.0) as client:
        sem = asyncio.Semaphore(args.concurrency)

        async def upload(item: dict[str, str]) -> str:
            async with sem:
                while True:
                    r = await client.post(ASSET_UPLOAD, json={**item, "group_id": args.group_id})
                    if r.status_code == 429:
                        counts["http_429"] += 1
                        await asyncio.sleep(retry_after_s(r.headers))
                        continue
                    return str(check_envelope(r.json())["AssetId"])

        async def onboard_one(item: dict[str, str]) -> str:
            asset_id = await upload(item)
            while True:
                await asyncio.sleep(BASELINE_POLL_S)
                r = await client.get(ASSET_INFO, params={"asset_id": asset_id})
                status = str(check_envelope(r.json())["Status"])
                if status in ("Active", "Failed"):
                    return status

        statuses = await asyncio.gather(*(onboard_one(item) for item in items(args.n)))
    if any(s != "Active" for s in statuses):
        raise BenchError("an asset did not end Active")
    return counts


def check_envelope(body: Any) -> Any:
    if not isinstance(body, dict) or body.get("code") != 200:
        raise BenchError(f"envelope error: {str(body)[:200]}")
    return body["data"]


# --------------------------------------------------------------------------- W5 baseline


async def w5_waits(args: argparse.Namespace) -> dict[str, Any]:
    client = project_client(args)
    sem = asyncio.Semaphore(args.concurrency)

    async def upload_and_wait(item: dict[str, str]) -> str:
        async with sem:
            up = await client.upload_asset(group_id=args.group_id, **item)
        asset = await client.wait_for_asset(up.asset_id, timeout=900.0)
        return str(asset.status)

    statuses = await asyncio.gather(*(upload_and_wait(item) for item in items(args.n)))
    if any(s != "Active" for s in statuses):
        raise BenchError("an asset did not end Active")
    return {}


# --------------------------------------------------------------------------- multi


def open_journal(args: argparse.Namespace) -> Any:
    from seedance_assets import Journal

    return Journal(args.journal)


async def multi(args: argparse.Namespace) -> dict[str, Any]:
    client = project_client(args, open_journal(args))
    await asyncio.sleep(max(0.0, args.start_at - time.time()))
    started = time.time()
    sent = limited = 0
    for person in args.references.split(","):
        report = await client.onboard(
            reference=person, assets=items(args.n, person), upload_rate=args.rate, concurrency=args.concurrency
        )
        counts = all_active(report)
        sent, limited = sent + counts["uploads_sent"], limited + counts["rate_limited"]
    return {"start_epoch": started, "end_epoch": time.time(), "uploads_sent": sent, "rate_limited": limited}


def complete_on_h5(args: argparse.Namespace, token: str) -> str:
    """What the person's browser does, through the simulator's control route: the callback URL."""
    req = urllib.request.Request(
        f"{args.base_url}/_sim/validations/{token}/complete",
        data=b"{}",
        method="POST",
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        return str(json.loads(r.read())["callback_url"])


async def people(args: argparse.Namespace) -> dict[str, Any]:
    client = project_client(args, open_journal(args))
    for person in args.references.split(","):
        session = await client.create_validation_session(CALLBACK_URL, reference=person)
        await client.complete_validation(complete_on_h5(args, session.byted_token))
    return {}


# --------------------------------------------------------------------------- main

JOBS = {
    ("w4", "project"): onboard,
    ("w4", "httpx"): w4_httpx,
    ("w5", "project"): onboard,
    ("w5", "wait"): w5_waits,
    ("multi", "project"): multi,
    ("people", "project"): people,
}


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--workload", required=True)
    p.add_argument("--impl", required=True)
    p.add_argument("--base-url", required=True)
    p.add_argument("--api-key", required=True)
    p.add_argument("--group-id", default="")
    p.add_argument("--n", type=int, default=10)
    p.add_argument("--rate", default=None)
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--journal", default="")
    p.add_argument("--references", default="")
    p.add_argument("--start-at", type=float, default=0.0)
    args = p.parse_args()
    args.base_url = args.base_url.rstrip("/")
    job = JOBS.get((args.workload, args.impl))
    if job is None:
        print(json.dumps({"ok": False, "error": f"unknown job {args.workload}/{args.impl}"}))
        return 2
    try:
        # Imports are Footprint's business, not the timed section's.
        import seedance_assets  # noqa: F401

        if args.impl == "httpx":
            import httpx  # noqa: F401
        cpu0, started = cpu_now(), time.perf_counter()
        out = asyncio.run(job(args))
        out.update(wall_s=time.perf_counter() - started, cpu_s=cpu_now() - cpu0)
    except Exception as e:  # report any failure as a failed measurement
        print(json.dumps({"ok": False, "error": f"{type(e).__name__}: {e}"}))
        return 1
    out.update(ok=True, n=args.n)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
