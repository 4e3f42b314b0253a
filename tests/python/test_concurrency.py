"""Threads, running event loops, cancellation, Ctrl-C, fork and interpreter exit."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable

import pytest

import seedance_assets
from seedance_assets.testing import Simulator

from conftest import CALLBACK_URL, IMAGE_URL


def test_many_threads_share_one_client(sim: Simulator, client: seedance_assets.Client) -> None:
    uploaded = client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)

    def work(i: int) -> str:
        if i % 2:
            return client.get_asset(uploaded.asset_id).asset_id
        return client.create_validation_session(CALLBACK_URL).callback_url

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(work, range(64)))
    assert results.count(uploaded.asset_id) == 32
    assert sim.session_count == 32


def test_blocking_calls_release_the_gil(sim: Simulator, client: seedance_assets.Client) -> None:
    sim.inject_fault("get_asset", "slow", times=1, delay=1.0)
    uploaded = client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    ticks = 0
    done = threading.Event()

    def count() -> None:
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.01)

    counter = threading.Thread(target=count)
    counter.start()
    client.get_asset(uploaded.asset_id)
    done.set()
    counter.join()
    assert ticks >= 10  # Python kept running during the 1 s call


async def test_blocking_client_inside_a_running_loop(sim: Simulator, client: seedance_assets.Client) -> None:
    assert asyncio.get_running_loop().is_running()
    session = client.create_validation_session(CALLBACK_URL)  # as in a Jupyter cell
    assert session.callback_url == CALLBACK_URL
    assert sim.session_count == 1


async def test_many_concurrent_async_calls(sim: Simulator) -> None:
    async with sim.async_client(rate_limits=False) as client:
        sessions = await asyncio.gather(*(client.create_validation_session(CALLBACK_URL) for _ in range(40)))
    assert len({s.byted_token for s in sessions}) == 40


def test_ctrl_c_interrupts_a_blocking_wait(sim: Simulator, client: seedance_assets.Client) -> None:
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals are delivered to the main thread")
    uploaded = client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    sim.set_asset_status(uploaded.asset_id, "Reviewing")
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            client.wait_for_asset(uploaded.asset_id, timeout=60, poll_interval=0.1)
    finally:
        timer.cancel()
    elapsed = time.monotonic() - started
    assert elapsed < 5  # interrupted ~0.1 s after the signal, far before the 60 s deadline
    # A poll already on the wire when the future was dropped may still land (the same
    # allowance as the core's `dropping_the_wait_stops_polling`).
    time.sleep(0.1)
    polls = sim.request_count("get_asset")
    time.sleep(0.5)
    assert sim.request_count("get_asset") == polls  # the Rust future was cancelled


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _exit_status_of_child(child: Callable[[], None]) -> int:
    """Runs ``child`` in a forked process; its exit code is 0 when it returned without raising."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            child()
            code = 0
        finally:
            os._exit(code)
    deadline = time.monotonic() + 30
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung")
        time.sleep(0.05)


@needs_fork
def test_forked_child_can_create_and_use_a_client(sim: Simulator, client: seedance_assets.Client) -> None:
    client.create_validation_session(CALLBACK_URL)  # the parent's runtime is running

    def child() -> None:
        with seedance_assets.Client(sim.api_key, base_url=sim.url) as child_client:
            child_client.create_validation_session(CALLBACK_URL)
        client.create_validation_session(CALLBACK_URL)  # the inherited client too

    assert _exit_status_of_child(child) == 0
    assert sim.session_count == 3
    client.create_validation_session(CALLBACK_URL)  # the parent still works


@needs_fork
def test_forked_child_can_await_calls(sim: Simulator) -> None:
    async def one_session(client: seedance_assets.AsyncClient) -> None:
        await client.create_validation_session(CALLBACK_URL)

    parent_client = sim.async_client(rate_limits=False)
    asyncio.run(one_session(parent_client))  # the parent's runtime and loop bridge exist

    def child() -> None:
        asyncio.run(one_session(sim.async_client(rate_limits=False)))
        asyncio.run(one_session(parent_client))

    assert _exit_status_of_child(child) == 0
    assert sim.session_count == 3
    asyncio.run(one_session(parent_client))  # the parent still works


def test_many_event_loops_leak_no_file_descriptors(sim: Simulator) -> None:
    client = sim.async_client(rate_limits=False)

    async def calls() -> None:
        await asyncio.gather(*(client.create_validation_session(CALLBACK_URL) for _ in range(3)))

    def open_fds() -> int:
        gc.collect()
        return len(os.listdir("/proc/self/fd"))

    asyncio.run(calls())  # first use sets up the runtime and connection pool
    before = open_fds()
    for _ in range(60):
        asyncio.run(calls())
    assert open_fds() <= before + 6, "each loop's completion channel is closed with it"
    assert sim.session_count == 183


def test_interpreter_exit_with_calls_in_flight(sim: Simulator) -> None:
    script = textwrap.dedent(
        f"""
        import asyncio, threading, time
        import seedance_assets
        client = seedance_assets.Client({sim.api_key!r}, base_url={sim.url!r})
        aclient = seedance_assets.AsyncClient({sim.api_key!r}, base_url={sim.url!r})
        asset = client.upload_asset(name="a", asset_type="Image", asset_url="https://example.com/a.jpg")
        def wait():
            client.wait_for_asset(asset.asset_id, timeout=60, poll_interval=0.05)
        for _ in range(4):
            threading.Thread(target=wait, daemon=True).start()
        async def main():
            asyncio.ensure_future(aclient.wait_for_asset(asset.asset_id, timeout=60, poll_interval=0.05))
            await asyncio.sleep(0.3)
        asyncio.run(main())
        time.sleep(0.3)
        print("exiting")
        """
    )
    sim.set_processing_delay(60)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "exiting" in result.stdout
    assert "panicked" not in result.stderr and "fatal" not in result.stderr.lower(), result.stderr


def test_the_native_module_imports_threading_on_the_importing_thread() -> None:
    # Python before 3.9.5 (Debian 11's python3 3.9.2) takes the first thread to import `threading`
    # for the main thread, and prints "Exception ignored in: <module 'threading'> ... assert
    # tlock.locked()" at exit when that was another one (bpo-1596321): the native module, whose
    # logging bridge runs on runtime threads, imports it itself, on the thread importing it.
    script = textwrap.dedent(
        """
        import _thread, glob, importlib.util, os, sys
        package = importlib.util.find_spec("seedance_assets").submodule_search_locations[0]
        (path,) = glob.glob(os.path.join(package, "_native*.so"))
        assert "threading" not in sys.modules
        main = _thread.get_ident()
        # The extension alone, without the Python layer (which imports `logging` itself).
        spec = importlib.util.spec_from_file_location("seedance_assets._native", path)
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
        imported = "threading" in sys.modules
        import threading
        print(imported, threading._main_thread.ident == main)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"], result.stdout + result.stderr
