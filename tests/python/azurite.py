"""Azurite's blob service on 127.0.0.1 for the Azure staging test, started through
``scripts/azurite.mjs`` (Azurite and the Azure SDK from the npm lockfile), which checks every
request's Shared Key or SAS signature. Missing ``node_modules`` fails the test: never skipped."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from queue import Empty, Queue

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT = "devstoreaccount1"
# The emulator account's well-known key (public: Azurite's documentation).
ACCOUNT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
CONTAINER = "assets"


@dataclass
class Azurite:
    endpoint: str

    def environment(self) -> dict[str, str]:
        """The store's usual environment for this emulator (the client reads it)."""
        return {
            "AZURE_STORAGE_ACCOUNT_NAME": ACCOUNT,
            "AZURE_STORAGE_ACCOUNT_KEY": ACCOUNT_KEY,
            "AZURE_STORAGE_ENDPOINT": self.endpoint,
            "AZURE_ALLOW_HTTP": "true",
        }


@contextmanager
def azurite() -> Iterator[Azurite]:
    """Starts Azurite with container ``assets``; stops it on exit."""
    child = subprocess.Popen(
        ["node", str(ROOT / "scripts" / "azurite.mjs"), CONTAINER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    lines: Queue[str] = Queue()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            lines.put(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        endpoint = None
        while endpoint is None:
            try:
                line = lines.get(timeout=90)
            except Empty:
                raise RuntimeError("Azurite did not start: run `npm ci`") from None
            if line.startswith("READY "):
                endpoint = line.split()[1]
        yield Azurite(endpoint)
    finally:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.close()
        child.wait(timeout=30)
        reader.join(timeout=30)
        child.stdout.close()
