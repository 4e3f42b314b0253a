"""Soak (issue 11): N uploads, each followed by wait_for_asset, through AsyncClient against a
simulator in chaos mode, checked against the simulator's own records.

usage: python bench/soak.py [--ops N] [--chaos P] [--concurrency C] [--seed S]
Defaults: 10,000 x SOAK_SCALE operations (SOAK_SCALE=1), 20 % faults, 48 in flight.
Prints a table; exits 1 on any violation: a URL uploaded twice, an upload that took effect
reported as a definite failure (only success or OutcomeUnknownError may say so), an accepted
asset that did not reach a final state, RSS or open file descriptors growing over the run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections import Counter

from soak_table import print_table

from seedance_assets import errors
from seedance_assets.testing import Simulator

# Growth allowed between the first and the last tenth of the run: generous, since the
# simulator (in this process) keeps every asset, and allocators keep what they took.
RSS_SLACK_BYTES = 96 * 1024 * 1024
RSS_SLACK_RATIO = 1.5
FD_SLACK = 64


def rss_bytes() -> int:
    """Resident set size of this process (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def open_fds() -> int:
    """Open file descriptors of this process (Linux /proc; 0 elsewhere)."""
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return 0


def code_of(error: BaseException) -> str:
    return str(getattr(error, "error_code", type(error).__name__))


async def soak(args: argparse.Namespace) -> int:
    sim = Simulator(
        processing_delay=0.05,
        chaos={"probability": args.chaos, "seed": args.seed},
    )
    run = f"py-{os.getpid()}-{int(time.time())}"
    outcome: dict[str, str] = {}  # url -> "active" | "failed" | "unknown" | "refused:CODE" | "wait:CODE"
    samples: list[tuple[int, int]] = []
    sample_every = max(1, args.ops // 10)
    done = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(args.ops):
        queue.put_nowait(n)
    started = time.monotonic()
    async with sim.async_client(rate_limits=False, max_retries=args.max_retries) as client:

        async def one(n: int) -> None:
            url = f"https://cdn.example.com/soak/{run}/{n}.jpg"
            try:
                created = await client.upload_asset(name=f"soak-{n}", asset_type="Image", asset_url=url)
            except errors.OutcomeUnknownError:
                outcome[url] = "unknown"
                return
            except errors.SeedanceError as error:
                outcome[url] = f"refused:{code_of(error)}"
                return
            try:
                await client.wait_for_asset(created.asset_id, timeout=args.wait_timeout, poll_interval=0.1)
                outcome[url] = "active"
            except errors.AssetFailedError:
                outcome[url] = "failed"
            except errors.SeedanceError as error:
                outcome[url] = f"wait:{code_of(error)}"

        async def worker() -> None:
            nonlocal done
            while not queue.empty():
                n = queue.get_nowait()
                await one(n)
                done += 1
                if done % sample_every == 0:
                    samples.append((rss_bytes(), open_fds()))

        samples.append((rss_bytes(), open_fds()))
        await asyncio.gather(*(worker() for _ in range(args.concurrency)))
    wall = time.monotonic() - started
    uploads = sim.uploads_per_url()
    faults = sim.faults_injected()
    requests = sim.total_requests
    sim.close()

    duplicates = sorted(url for url, count in uploads.items() if count > 1)
    lost = sorted(url for url in uploads if outcome.get(url, "").startswith("refused:"))
    phantom = sorted(url for url, o in outcome.items() if o in ("active", "failed") and url not in uploads)
    unfinished = sorted(url for url, o in outcome.items() if o.startswith("wait:"))
    tally = Counter(o.split(":")[0] for o in outcome.values())
    first, last = samples[0], samples[-1]
    # Compare the first and the last tenth: the first sample after warm-up against the last.
    base = samples[1] if len(samples) > 2 else first
    rss_ok = last[0] <= base[0] * RSS_SLACK_RATIO + RSS_SLACK_BYTES
    fd_ok = last[1] <= base[1] + FD_SLACK

    rows = [
        ("binding", "python (AsyncClient)"),
        ("operations", f"{args.ops} ({args.concurrency} in flight, {args.chaos:.0%} chaos, seed {args.seed})"),
        ("outcomes", ", ".join(f"{k} {v}" for k, v in sorted(tally.items()))),
        ("faults injected", ", ".join(f"{k} {v}" for k, v in sorted(faults.items())) or "none"),
        ("faults total", str(sum(faults.values()))),
        ("duplicates", str(len(duplicates))),
        ("lost (took effect, reported as failure)", str(len(lost))),
        ("phantom (reported, never created)", str(len(phantom))),
        (
            "unfinished waits",
            " ".join(
                [str(len(unfinished)), *([str(dict(Counter(outcome[u] for u in unfinished)))] if unfinished else [])]
            ),
        ),
        ("requests per operation", f"{requests / max(1, args.ops):.2f}"),
        ("RSS MiB (after first tenth -> end)", f"{base[0] >> 20} -> {last[0] >> 20}" + ("" if rss_ok else " GREW")),
        ("open fds (after first tenth -> end)", f"{base[1]} -> {last[1]}" + ("" if fd_ok else " GREW")),
        ("wall time", f"{wall:.1f} s"),
    ]
    print_table("soak", rows)
    violations = [
        name
        for name, bad in (
            ("duplicates", duplicates),
            ("lost", lost),
            ("phantom", phantom),
            ("unfinished", unfinished),
            ("rss", not rss_ok),
            ("fds", not fd_ok),
            ("incomplete", len(outcome) != args.ops),
        )
        if bad
    ]
    if violations:
        print(f"SOAK FAILED: {', '.join(violations)}", file=sys.stderr)
        for url in (duplicates + lost + phantom + unfinished)[:10]:
            print(f"  {url}: created {uploads.get(url, 0)}x, client saw {outcome.get(url)}", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    scale = float(os.environ.get("SOAK_SCALE", "1"))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=max(1, round(10_000 * scale)))
    parser.add_argument("--chaos", type=float, default=float(os.environ.get("SOAK_CHAOS", "0.2")))
    parser.add_argument("--concurrency", type=int, default=48)
    parser.add_argument("--seed", type=int, default=int(os.environ.get("SOAK_SEED", "11")))
    parser.add_argument("--max-retries", type=int, default=4)
    parser.add_argument("--wait-timeout", type=float, default=300.0)
    return asyncio.run(soak(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
