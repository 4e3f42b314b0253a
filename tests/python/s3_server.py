"""A real S3-protocol server on 127.0.0.1 for the staging tests: ``s3s-fs`` (installed by
``scripts/s3s-fs.sh``), which checks every request's SigV4 signature against one key pair,
presigned URLs included. A missing binary fails the test: it is never skipped."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from queue import Empty, Queue

ACCESS_KEY = "stagingtestaccess"
SECRET_KEY = "stagingtestsecret-qpzmwlvxkrhj"
BUCKET = "assets"


@dataclass
class S3Server:
    endpoint: str
    root: Path

    def objects(self, prefix: str) -> list[str]:
        folder = self.root / BUCKET / prefix
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))

    def environment(self, secret: str = SECRET_KEY) -> dict[str, str]:
        """The store's usual environment for this server (the client reads it)."""
        return {
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": secret,
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_ALLOW_HTTP": "true",
        }


def _binary() -> str:
    given = os.environ.get("SEEDANCE_TEST_S3S_FS")
    if given:
        return given
    cargo_bin = Path.home() / ".cargo" / "bin" / "s3s-fs"
    if cargo_bin.is_file():
        return str(cargo_bin)
    found = shutil.which("s3s-fs")
    if found is None:
        raise RuntimeError("s3s-fs not found: install it with `bash scripts/s3s-fs.sh`")
    return found


@contextmanager
def s3_server() -> Iterator[S3Server]:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / BUCKET).mkdir()
        args = [_binary(), "--host", "127.0.0.1", "--port", "0"]
        args += ["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY, str(root)]
        env = {**os.environ, "RUST_LOG": "s3s_fs=info"}
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        found: Queue[str] = Queue()

        def read() -> None:
            # Read to the end: the server's log must not fill the pipe and block it.
            assert process.stdout is not None
            for line in process.stdout:
                at = line.find("http://127.0.0.1:")
                if at >= 0:
                    found.put(line[at:].split()[0])

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            try:
                endpoint = found.get(timeout=30)
            except Empty:
                raise RuntimeError("s3s-fs did not say where it listens") from None
            yield S3Server(endpoint=endpoint, root=root)
        finally:
            process.kill()
            process.wait()
            reader.join(timeout=10)
            if process.stdout is not None:
                process.stdout.close()
