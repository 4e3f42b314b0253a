"""The least an asyncio client can spend per awaited call: 64 coroutines await N futures that
are resolved in batches from the loop itself (no HTTP, no threads). A native client whose
completions reach the loop in batches approaches this floor; one that wakes the loop and takes
the GIL from another thread per completion (pyo3-async-runtimes' future_into_py) does not.

usage: python bench/probes/asyncio_floor.py [N]
"""

import asyncio
import sys
import time


async def main(n: int, c: int = 64) -> None:
    loop = asyncio.get_running_loop()
    pending: list[asyncio.Future[int]] = []

    def complete_batch() -> None:
        batch, pending[:] = list(pending), []
        for f in batch:
            if not f.cancelled():
                f.set_result(1)
        if batch or remaining[0]:
            loop.call_soon(complete_batch)

    async def call() -> int:
        f = loop.create_future()
        pending.append(f)
        return await f

    async def worker(k: int) -> None:
        for _ in range(k):
            await call()
        remaining[0] -= 1

    remaining = [c]
    loop.call_soon(complete_batch)
    t = time.perf_counter()
    await asyncio.gather(*(worker(n // c) for _ in range(c)))
    dt = time.perf_counter() - t
    print(f"{n} awaited futures, {c} in flight: {dt:.3f} s, {dt / n * 1e6:.1f} µs per call")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000))
