"""One benchmark measurement in Python, in a fresh process: the project's client or a baseline.

usage: py_worker.py --workload w1|w2|w3|w3info --impl NAME --base-url U --api-key K
                    [--asset-id A] [--n N] [--concurrency C] [--warmup W]
                    [--poll-interval S] [--delays-ms MIN,MAX]

Prints one JSON line: {"ok": true, "n": N, "wall_s": …, "cpu_s": …, …}. `cpu_s` is the
user+sys CPU time of this whole process (every thread, the native runtime's included) over the
timed section only (``RUSAGE_SELF``); the parent also reads the process total with ``wait4``.

Baselines are written the way their docs recommend: one Session/Client reused (per thread for
``requests``, whose Session is not documented as thread-safe), JSON decoded, envelope ``code``
checked. The project's client-side rate limits are off (the baselines have none).

Implementations:
  w1:     project (Client), requests (Session), httpx (Client)
  w2:     project-async (AsyncClient), httpx-async, aiohttp                -- C coroutines
          project-threads (Client), requests-threads (Session per thread)  -- C threads
  w3:     project-async (upload_asset + wait_for_asset(poll_interval=P)), httpx-async (same pipeline)
  w3info: project-async with the default (backoff) wait; reports detection lag per asset
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import random
import resource
import sys
import threading
import time
import urllib.parse
from collections.abc import Awaitable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

ASSET_INFO = "/api/v1/client/job/asset-info"
ASSET_UPLOAD = "/api/v1/client/job/asset-upload"


class BenchError(Exception):
    pass


def cpu_now() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def check_envelope(body: Any) -> Any:
    """The envelope's ``data`` after checking ``code`` (200 = success)."""
    if not isinstance(body, dict) or body.get("code") != 200:
        raise BenchError(f"envelope error: {str(body)[:200]}")
    return body["data"]


def shares(n: int, c: int) -> list[int]:
    """n calls split over c workers as evenly as possible."""
    return [n // c + (1 if i < n % c else 0) for i in range(c)]


# --------------------------------------------------------------------------- project's client


def project_client(args: argparse.Namespace, asynchronous: bool) -> Any:
    import seedance_assets

    cls = seedance_assets.AsyncClient if asynchronous else seedance_assets.Client
    return cls(api_key=args.api_key, base_url=args.base_url, rate_limits=False)


def project_get_blocking(client: Any, asset_id: str) -> None:
    asset = client.get_asset(asset_id)
    if not asset.status:
        raise BenchError("asset without status")


async def project_get_async(client: Any, asset_id: str) -> None:
    asset = await client.get_asset(asset_id)
    if not asset.status:
        raise BenchError("asset without status")


# --------------------------------------------------------------------------- baselines


def requests_session(args: argparse.Namespace) -> Any:
    import requests

    session = requests.Session()
    session.headers["x-api-key"] = args.api_key
    return session


def requests_get(session: Any, base_url: str, asset_id: str) -> None:
    r = session.get(base_url + ASSET_INFO, params={"asset_id": asset_id}, timeout=30)
    data = check_envelope(r.json())
    if not data["Status"]:
        raise BenchError("asset without status")


def httpx_get(client: Any, asset_id: str) -> None:
    r = client.get(ASSET_INFO, params={"asset_id": asset_id})
    data = check_envelope(r.json())
    if not data["Status"]:
        raise BenchError("asset without status")


async def httpx_get_async(client: Any, asset_id: str) -> None:
    r = await client.get(ASSET_INFO, params={"asset_id": asset_id})
    data = check_envelope(r.json())
    if not data["Status"]:
        raise BenchError("asset without status")


async def aiohttp_get(session: Any, asset_id: str) -> None:
    async with session.get(ASSET_INFO, params={"asset_id": asset_id}) as r:
        data = check_envelope(await r.json())
    if not data["Status"]:
        raise BenchError("asset without status")


# --------------------------------------------------------------------------- drivers


def run_sequential(call: Callable[[], None], n: int, warmup: int) -> float:
    for _ in range(warmup):
        call()
    started = time.perf_counter()
    for _ in range(n):
        call()
    return time.perf_counter() - started


async def run_coroutines(call: Callable[[], Awaitable[None]], n: int, c: int, warmup: int) -> float:
    async def worker(count: int) -> None:
        for _ in range(count):
            await call()

    if warmup:
        await asyncio.gather(*(worker(k) for k in shares(warmup, min(c, warmup))))
    started = time.perf_counter()
    await asyncio.gather(*(worker(k) for k in shares(n, c)))
    return time.perf_counter() - started


def run_threads(call: Callable[[], None], n: int, c: int, warmup: int) -> float:
    def worker(count: int) -> None:
        for _ in range(count):
            call()

    with ThreadPoolExecutor(max_workers=c) as pool:
        if warmup:
            list(pool.map(worker, shares(warmup, min(c, warmup))))
        started = time.perf_counter()
        list(pool.map(worker, shares(n, c)))
        return time.perf_counter() - started


def w1(args: argparse.Namespace) -> dict[str, Any]:
    aid = args.asset_id
    if args.impl == "project":
        client = project_client(args, asynchronous=False)
        wall = run_sequential(lambda: project_get_blocking(client, aid), args.n, args.warmup)
    elif args.impl == "requests":
        session = requests_session(args)
        wall = run_sequential(lambda: requests_get(session, args.base_url, aid), args.n, args.warmup)
    elif args.impl == "httpx":
        import httpx

        with httpx.Client(base_url=args.base_url, headers={"x-api-key": args.api_key}) as client:
            wall = run_sequential(lambda: httpx_get(client, aid), args.n, args.warmup)
    else:
        raise BenchError(f"unknown w1 impl {args.impl}")
    return {"wall_s": wall}


async def w2_async(args: argparse.Namespace) -> float:
    aid, n, c, warmup = args.asset_id, args.n, args.concurrency, args.warmup
    if args.impl == "project-async":
        client = project_client(args, asynchronous=True)
        return await run_coroutines(lambda: project_get_async(client, aid), n, c, warmup)
    if args.impl == "httpx-async":
        import httpx

        # Default pool limits (100 connections) already exceed the 64 in flight.
        async with httpx.AsyncClient(base_url=args.base_url, headers={"x-api-key": args.api_key}) as client:
            return await run_coroutines(lambda: httpx_get_async(client, aid), n, c, warmup)
    if args.impl == "aiohttp":
        import aiohttp

        # Default connector limit (100) exceeds the 64 in flight.
        async with aiohttp.ClientSession(base_url=args.base_url, headers={"x-api-key": args.api_key}) as session:
            return await run_coroutines(lambda: aiohttp_get(session, aid), n, c, warmup)
    raise BenchError(f"unknown w2 impl {args.impl}")


def w2(args: argparse.Namespace) -> dict[str, Any]:
    aid, n, c, warmup = args.asset_id, args.n, args.concurrency, args.warmup
    if args.impl == "project-threads":
        client = project_client(args, asynchronous=False)  # one client, shared by the threads
        wall = run_threads(lambda: project_get_blocking(client, aid), n, c, warmup)
    elif args.impl == "requests-threads":
        local = threading.local()

        def call() -> None:
            session = getattr(local, "session", None)
            if session is None:
                session = local.session = requests_session(args)
            requests_get(session, args.base_url, aid)

        wall = run_threads(call, n, c, warmup)
    else:
        wall = asyncio.run(w2_async(args))
    return {"wall_s": wall}


# --------------------------------------------------------------------------- W3 onboarding


def asset_url(i: int) -> str:
    return f"https://cdn.example/bench/{i}.jpg"


async def w3_project(args: argparse.Namespace) -> list[str]:
    client = project_client(args, asynchronous=True)
    sem = asyncio.Semaphore(args.concurrency)

    async def upload(i: int) -> str:
        async with sem:
            up = await client.upload_asset(name=f"a{i}", asset_type="Image", asset_url=asset_url(i))
            return str(up.asset_id)

    ids = await asyncio.gather(*(upload(i) for i in range(args.n)))

    async def wait(asset_id: str) -> str:
        asset = await client.wait_for_asset(asset_id, timeout=600.0, poll_interval=args.poll_interval)
        return str(asset.status)

    statuses = await asyncio.gather(*(wait(a) for a in ids))
    if any(s != "Active" for s in statuses):
        raise BenchError("an asset did not end Active")
    return list(ids)


async def w3_httpx(args: argparse.Namespace) -> list[str]:
    import httpx

    # Default pool limits; the 5 s default timeout would fire while 1,000 waiters queue for the
    # pool's 100 connections, so it gets the same 30 s as the project's client.
    async with httpx.AsyncClient(base_url=args.base_url, headers={"x-api-key": args.api_key}, timeout=30.0) as client:
        sem = asyncio.Semaphore(args.concurrency)

        async def upload(i: int) -> str:
            async with sem:
                body = {"name": f"a{i}", "asset_type": "Image", "asset_url": asset_url(i)}
                r = await client.post(ASSET_UPLOAD, json=body)
                return str(check_envelope(r.json())["AssetId"])

        ids = await asyncio.gather(*(upload(i) for i in range(args.n)))

        async def wait(asset_id: str) -> str:
            deadline = time.monotonic() + 600.0
            while True:
                r = await client.get(ASSET_INFO, params={"asset_id": asset_id})
                data = check_envelope(r.json())
                status = data["Status"]
                if status == "Active":
                    return str(status)
                if status == "Failed":
                    raise BenchError(f"asset {asset_id} failed: {data.get('Error')}")
                if time.monotonic() + args.poll_interval > deadline:
                    raise BenchError(f"asset {asset_id} not ready in time")
                await asyncio.sleep(args.poll_interval)

        statuses = await asyncio.gather(*(wait(a) for a in ids))
        if any(s != "Active" for s in statuses):
            raise BenchError("an asset did not end Active")
        return list(ids)


def w3(args: argparse.Namespace) -> dict[str, Any]:
    pipeline = {"project-async": w3_project, "httpx-async": w3_httpx}.get(args.impl)
    if pipeline is None:
        raise BenchError(f"unknown w3 impl {args.impl}")
    started = time.perf_counter()
    ids = asyncio.run(pipeline(args))
    return {"wall_s": time.perf_counter() - started, "assets": len(ids)}


def set_sim_delay(conn: http.client.HTTPConnection, ms: int) -> None:
    body = json.dumps({"processing_delay_ms": [ms, ms]})
    conn.request("POST", "/_sim/config", body=body, headers={"content-type": "application/json"})
    r = conn.getresponse()
    r.read()
    if r.status != 200:
        raise BenchError(f"/_sim/config answered {r.status}")


async def w3info_project(args: argparse.Namespace) -> dict[str, Any]:
    """Upload one by one, each with a known processing delay, and wait with the default settings."""
    client = project_client(args, asynchronous=True)
    lo, hi = args.delays_ms
    rng = random.Random(5)
    delays = [rng.randint(lo, hi) for _ in range(args.n)]
    parsed = urllib.parse.urlsplit(args.base_url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port)
    lags: list[float] = []

    async def wait(asset_id: str, ready_at: float) -> None:
        asset = await client.wait_for_asset(asset_id, timeout=600.0)
        if str(asset.status) != "Active":
            raise BenchError("asset did not end Active")
        lags.append(time.perf_counter() - ready_at)

    tasks = []
    for i, delay in enumerate(delays):
        set_sim_delay(conn, delay)  # sequential: nothing else uploads meanwhile
        up = await client.upload_asset(name=f"a{i}", asset_type="Image", asset_url=asset_url(i))
        ready_at = time.perf_counter() + delay / 1000.0
        tasks.append(asyncio.ensure_future(wait(str(up.asset_id), ready_at)))
    await asyncio.gather(*tasks)
    conn.close()
    return {"lags_s": sorted(lags)}


def w3info(args: argparse.Namespace) -> dict[str, Any]:
    if args.impl != "project-async":
        raise BenchError(f"unknown w3info impl {args.impl}")
    started = time.perf_counter()
    out = asyncio.run(w3info_project(args))
    out["wall_s"] = time.perf_counter() - started
    return out


def preimport(impl: str) -> None:
    if impl.startswith("project"):
        import seedance_assets  # noqa: F401
    elif impl.startswith("requests"):
        import requests  # noqa: F401
    elif impl.startswith("httpx"):
        import httpx  # noqa: F401
    elif impl == "aiohttp":
        import aiohttp  # noqa: F401


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--workload", required=True)
    p.add_argument("--impl", required=True)
    p.add_argument("--base-url", required=True)
    p.add_argument("--api-key", required=True)
    p.add_argument("--asset-id", default="")
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--concurrency", type=int, default=1)
    p.add_argument("--warmup", type=int, default=0)
    p.add_argument("--poll-interval", type=float, default=0.5)
    p.add_argument("--delays-ms", type=lambda s: tuple(int(x) for x in s.split(",")), default=(1000, 5000))
    args = p.parse_args()
    args.base_url = args.base_url.rstrip("/")
    run = {"w1": w1, "w2": w2, "w3": w3, "w3info": w3info}.get(args.workload)
    if run is None:
        print(json.dumps({"ok": False, "error": f"unknown workload {args.workload}"}))
        return 2
    try:
        preimport(args.impl)  # imports are Footprint's business, not the timed section's
        cpu0 = cpu_now()
        out = run(args)
        out["cpu_s"] = cpu_now() - cpu0
    except Exception as e:  # report any failure as a failed measurement
        print(json.dumps({"ok": False, "error": f"{type(e).__name__}: {e}"}))
        return 1
    out.update(ok=True, n=args.n)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
