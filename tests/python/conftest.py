"""Shared fixtures: a fresh simulator per test, and clients pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

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
