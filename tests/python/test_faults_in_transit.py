"""Answers lost on the way (cut short, not JSON) are transient for the GETs; well-formed
envelopes with wrong data are not; and the simulator's chaos mode keeps its own records."""

from __future__ import annotations

import asyncio

import pytest

import seedance_assets
from seedance_assets import errors
from seedance_assets.testing import Simulator

from conftest import CALLBACK_URL, IMAGE_URL


@pytest.mark.parametrize("kind", ["truncated_body", "malformed_body"])
def test_cut_short_get_answer_is_asked_again(sim: Simulator, client: seedance_assets.Client, kind: str) -> None:
    uploaded = client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    sim.reset_counters()
    sim.inject_fault("get_asset", kind)
    assert client.get_asset(uploaded.asset_id).asset_id == uploaded.asset_id
    assert sim.request_count("get_asset") == 2
    assert sim.faults_injected() == {kind: 1}


def test_wait_rides_through_truncated_and_malformed_answers(
    sim: Simulator, fast_client: seedance_assets.Client
) -> None:
    uploaded = fast_client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    sim.inject_fault("get_asset", "truncated_body", 2)
    sim.inject_fault("get_asset", "malformed_body", 2)
    asset = fast_client.wait_for_asset(uploaded.asset_id, timeout=30, poll_interval=0.05)
    assert asset.status == "Active"


def test_lost_validation_result_stays_outcome_unknown(sim: Simulator, client: seedance_assets.Client) -> None:
    session = client.create_validation_session(CALLBACK_URL)
    sim.complete_validation(session.byted_token)
    sim.inject_fault("get_validation_result", "malformed_body")
    with pytest.raises(errors.OutcomeUnknownError):
        client.get_validation_result(session.byted_token)


def test_well_formed_envelope_with_wrong_data_fails_at_once(sim: Simulator, client: seedance_assets.Client) -> None:
    sim.inject_fault("get_asset", "missing_data", 3)
    with pytest.raises(errors.DecodeError):
        client.wait_for_asset("asset-1", timeout=30, poll_interval=0.05)
    assert sim.request_count("get_asset") == 1


def test_chaos_records_side_effects_and_faults() -> None:
    async def run(sim: Simulator) -> list[str]:
        async with sim.async_client(rate_limits=False, max_retries=6) as client:

            async def one(n: int) -> str | None:
                url = f"https://cdn.example/chaos-{n}.jpg"
                try:
                    uploaded = await client.upload_asset(name="c", asset_type="Image", asset_url=url)
                except errors.OutcomeUnknownError:
                    return None
                except (errors.RateLimitError, errors.ServiceUnavailableError, errors.ServerError):
                    return None  # refused before any effect
                await client.wait_for_asset(uploaded.asset_id, timeout=60, poll_interval=0.02)
                return url

            done = await asyncio.gather(*(one(n) for n in range(40)))
            return [url for url in done if url is not None]

    with Simulator(processing_delay=0.02, chaos={"probability": 0.3, "seed": 11}) as sim:
        accepted = asyncio.run(run(sim))
        assert accepted, "no upload went through: nothing was checked"
        uploads = sim.uploads_per_url()
        assert all(count == 1 for count in uploads.values()), uploads
        assert all(uploads.get(url) == 1 for url in accepted)
        assert sum(sim.faults_injected().values()) > 0
        sim.set_chaos(0)
        sim.reset_counters()
        assert sim.faults_injected() == {}
        with pytest.raises(ValueError, match="unknown fault"):
            sim.set_chaos(0.2, kinds=["nope"])
