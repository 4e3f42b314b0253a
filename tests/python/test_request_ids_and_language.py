"""Request ids on successful results, and the client's default H5 page language (issue 10)."""

from __future__ import annotations

import asyncio
import json
import pickle
import re
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

import seedance_assets
from seedance_assets import Asset, UploadedAsset, ValidationSession
from seedance_assets.errors import InvalidArgumentError
from seedance_assets.testing import Simulator

from conftest import CALLBACK_URL, IMAGE_URL

SIMULATOR_ID = re.compile(r"req-[0-9a-f]{24}")


def last_request_id(sim: Simulator) -> str | None:
    """The ``x-request-id`` the simulator sent with its last answer (its control API)."""
    with urllib.request.urlopen(f"{sim.url}/_sim/stats", timeout=10) as response:
        value = json.load(response)["last_request_id"]
    assert value is None or isinstance(value, str)
    return value


def lng(link: str) -> list[str]:
    return parse_qs(urlsplit(link).query).get("lng", [])


def test_every_result_carries_the_request_id_its_answer_had(sim: Simulator, client: seedance_assets.Client) -> None:
    session = client.create_validation_session(CALLBACK_URL)
    assert session.request_id is not None and SIMULATOR_ID.fullmatch(session.request_id)
    assert session.request_id == last_request_id(sim)
    assert session.to_dict()["request_id"] == session.request_id

    session.verify_callback(sim.complete_validation(session.byted_token))
    result = client.get_validation_result(session.byted_token)
    assert result.request_id == last_request_id(sim)
    assert result.to_dict()["request_id"] == result.request_id

    uploaded = client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL, group_id=result.group_id)
    assert uploaded.request_id == last_request_id(sim)

    asset = client.get_asset(uploaded.asset_id)
    assert asset.request_id == last_request_id(sim)
    assert asset.request_id != uploaded.request_id
    assert asset.to_dict(json=True)["request_id"] == asset.request_id


def test_async_results_carry_request_ids_too(sim: Simulator) -> None:
    async def main() -> str | None:
        async with sim.async_client(rate_limits=False) as client:
            session = await client.create_validation_session(CALLBACK_URL)
            return session.request_id

    request_id = asyncio.run(main())
    assert request_id is not None and request_id == last_request_id(sim)


def test_request_ids_take_no_part_in_equality_and_travel(sim: Simulator, client: seedance_assets.Client) -> None:
    sim.set_processing_delay(3600)
    uploaded = client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    first, second = client.get_asset(uploaded.asset_id), client.get_asset(uploaded.asset_id)
    assert first.request_id != second.request_id
    assert first == second and hash(first) == hash(second)

    again = UploadedAsset.from_dict({**uploaded.to_dict(), "request_id": "other"})
    assert again == uploaded and hash(again) == hash(uploaded)
    assert again.request_id == "other"

    for model in (uploaded, first):
        restored = pickle.loads(pickle.dumps(model))
        assert restored.request_id == model.request_id
        assert type(model).from_dict(json.loads(json.dumps(model.to_dict(json=True)))).request_id == model.request_id

    # A dict stored before models had a request id still restores.
    old = first.to_dict(json=True)
    del old["request_id"]
    assert Asset.from_dict(old).request_id is None

    session = client.create_validation_session(CALLBACK_URL)
    stored = session.to_dict()
    stored["request_id"] = "id\x07\n" + "x" * 500
    restored = ValidationSession.from_dict(stored)
    assert restored == session
    assert restored.request_id is not None
    assert restored.request_id.startswith("idxx") and len(restored.request_id) == 128
    assert not any(ord(c) < 32 for c in restored.request_id)


def test_client_language_is_the_default_and_a_calls_language_wins(sim: Simulator) -> None:
    with sim.client(rate_limits=False) as plain:
        assert lng(plain.create_validation_session(CALLBACK_URL).h5_link) == ["zh"]
    with sim.client(rate_limits=False, language="en") as english:
        assert lng(english.create_validation_session(CALLBACK_URL).h5_link) == ["en"]
        assert lng(english.create_validation_session(CALLBACK_URL, language="zh-Hant").h5_link) == ["zh-Hant"]
        assert lng(english.with_options(timeout=5).create_validation_session(CALLBACK_URL).h5_link) == ["en"]

    async def main() -> list[str]:
        async with sim.async_client(rate_limits=False, language="zh-Hant") as client:
            return lng((await client.create_validation_session(CALLBACK_URL)).h5_link)

    assert asyncio.run(main()) == ["zh-Hant"]


def test_an_unknown_client_language_is_refused(sim: Simulator) -> None:
    with pytest.raises(InvalidArgumentError, match="language"):
        sim.client(language="fr")
