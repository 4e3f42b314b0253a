"""Shared fixtures: a fresh simulator per test, and clients pointed at it."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

import seedance_assets
from seedance_assets.testing import Simulator

CALLBACK_URL = "https://example.com/seedance/callback"
IMAGE_URL = "https://example.com/media/person.jpg"


@pytest.fixture
def sim() -> Iterator[Simulator]:
    with Simulator(processing_delay=0.05) as simulator:
        yield simulator


@pytest.fixture
def client(sim: Simulator) -> Iterator[seedance_assets.Client]:
    # No client-side pacing, so tests measure only what they mean to.
    with sim.client(rate_limits=False) as c:
        yield c


@pytest.fixture
def fast_client(sim: Simulator) -> Iterator[seedance_assets.Client]:
    """No retries: every fault surfaces as its exception."""
    with sim.client(rate_limits=False, max_retries=0) as c:
        yield c


@pytest.fixture(autouse=True)
def _no_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("SEEDANCE_API_KEY", "CRUN_API_KEY", "SEEDANCE_BASE_URL"):
        monkeypatch.delenv(var, raising=False)


def validated_group(sim: Simulator, client: seedance_assets.Client) -> str:
    """Steps 1-2 on the simulator: a validated person's group id."""
    session = client.create_validation_session(CALLBACK_URL)
    callback = session.verify_callback(sim.complete_validation(session.byted_token))
    return client.get_validation_result(callback.byted_token).group_id


# PostgreSQL: runs whenever the server answers; with SEEDANCE_TEST_POSTGRES_URL set (as the
# Makefile and CI do) an unreachable server is an error, never a skip.


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh schema on the test server, as a URL whose search_path is that schema."""
    base = os.environ.get("SEEDANCE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    parts = urlsplit(base)
    if "SEEDANCE_TEST_POSTGRES_URL" not in os.environ:
        try:
            socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5432), timeout=2).close()
        except OSError:
            pytest.skip(f"no PostgreSQL server at {parts.hostname}:{parts.port} (set SEEDANCE_TEST_POSTGRES_URL)")
    import psycopg

    schema = f"seedance_py_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    options = f"options=-csearch_path%3D{schema}"
    if "sslmode=" not in parts.query:
        # A local test server's certificate is self-signed; the journal verifies certificates.
        options += "&sslmode=disable"
    try:
        yield f"{base}{'&' if parts.query else '?'}{options}"
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
