"""Models travel: they pickle (Celery/RQ), deepcopy, hash, dump to JSON, and a stored
ValidationSession comes back working (a web backend keeps it between two requests)."""

from __future__ import annotations

import copy
import json
import pickle
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from typing import Any, Union

import pytest

import seedance_assets
from seedance_assets import (
    Asset,
    AssetStatus,
    AssetType,
    CallbackResult,
    UploadedAsset,
    ValidationResult,
    ValidationSession,
)
from seedance_assets.testing import Simulator

from conftest import CALLBACK_URL, IMAGE_URL

Model = Union[ValidationSession, CallbackResult, ValidationResult, UploadedAsset, Asset]


@pytest.fixture
def models(sim: Simulator, client: seedance_assets.Client) -> list[Model]:
    """One of each model, as the four steps return them."""
    session = client.create_validation_session(CALLBACK_URL)
    callback = session.verify_callback(sim.complete_validation(session.byted_token))
    result = client.get_validation_result(session.byted_token)
    uploaded = client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL, group_id=result.group_id)
    asset = client.get_asset(uploaded.asset_id)
    return [session, callback, result, uploaded, asset]


def test_every_model_pickles(models: list[Model]) -> None:
    for model in models:
        for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
            restored = pickle.loads(pickle.dumps(model, protocol=protocol))
            assert type(restored) is type(model)
            assert restored == model, type(model).__name__
            assert restored.to_dict() == model.to_dict()


def test_a_pickled_session_works_in_another_process(models: list[Model]) -> None:
    session = models[0]
    assert isinstance(session, ValidationSession)
    script = (
        "import pickle, sys\n"
        "s = pickle.loads(sys.stdin.buffer.read())\n"
        "print(type(s).__name__, s.is_expired(), s.byted_token[-4:])\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", script], input=pickle.dumps(session), capture_output=True, check=True
    ).stdout.decode()
    assert shown.split() == ["ValidationSession", "False", session.byted_token[-4:]]


def test_every_model_copies_and_deepcopies(models: list[Model]) -> None:
    for model in models:
        assert copy.copy(model) == model
        assert copy.deepcopy(model) == model
    # Inside the containers a task queue passes around, too.
    nested = {"models": list(models)}
    assert copy.deepcopy(nested) == nested


def test_every_model_is_hashable_consistently_with_equality(models: list[Model]) -> None:
    for model in models:
        twin = pickle.loads(pickle.dumps(model))
        assert twin == model and hash(twin) == hash(model), type(model).__name__
    assert len(set(models) | {copy.deepcopy(m) for m in models}) == len(models)
    assert {model: type(model).__name__ for model in models}[models[-1]] == "Asset"


def test_to_dict_json_is_json_safe_and_restores(models: list[Model]) -> None:
    for model in models:
        dumped = json.dumps(model.to_dict(json=True))
        restored = type(model).from_dict(json.loads(dumped))
        assert restored == model, type(model).__name__
        assert restored.to_dict() == model.to_dict()


def test_json_form_uses_strings_and_plain_form_keeps_python_types(models: list[Model]) -> None:
    session, asset = models[0], models[-1]
    assert isinstance(asset, Asset) and isinstance(session, ValidationSession)
    plain, as_json = asset.to_dict(), asset.to_dict(json=True)
    assert plain["asset_type"] is AssetType.IMAGE and isinstance(plain["status"], AssetStatus)
    assert isinstance(plain["create_time"], datetime)
    assert as_json["asset_type"] == "Image" and type(as_json["asset_type"]) is str
    assert type(as_json["status"]) is str
    assert datetime.fromisoformat(as_json["create_time"]) == plain["create_time"]
    assert datetime.fromisoformat(session.to_dict(json=True)["expires_at"]) == session.expires_at


def test_a_stored_session_is_restored_after_json(sim: Simulator, client: seedance_assets.Client) -> None:
    session = client.create_validation_session(CALLBACK_URL)
    stored = json.dumps(session.to_dict(json=True))  # request 1 ends here

    restored = ValidationSession.from_dict(json.loads(stored))  # request 2
    assert restored == session and hash(restored) == hash(session)
    assert restored.expires_at == session.expires_at and not restored.is_expired()
    assert restored.h5_link_for("en") == session.h5_link_for("en")
    callback = restored.verify_callback(sim.complete_validation(session.byted_token))
    assert callback.passed and callback.byted_token == session.byted_token
    assert client.get_validation_result(restored.byted_token).group_id
    # Restoring does not weaken display: repr still redacts.
    assert session.byted_token not in repr(restored) and "redacted" in repr(restored)
    assert ValidationSession.from_dict(session.to_dict()) == session  # the plain form too


def test_a_restored_session_knows_it_expired(client: seedance_assets.Client) -> None:
    stored: dict[str, Any] = client.create_validation_session(CALLBACK_URL).to_dict()
    long_ago = datetime.now(timezone.utc) - timedelta(hours=1)
    stored.update(created_at=long_ago, expires_at=long_ago + timedelta(seconds=120))
    assert ValidationSession.from_dict(stored).is_expired()
    # Other offsets are the same instant.
    stored["expires_at"] = stored["expires_at"].astimezone(timezone(timedelta(hours=8)))
    assert ValidationSession.from_dict(stored).expires_at == long_ago + timedelta(seconds=120)


def test_from_dict_refuses_what_it_cannot_restore(client: seedance_assets.Client) -> None:
    stored = client.create_validation_session(CALLBACK_URL).to_dict()
    missing = {k: v for k, v in stored.items() if k != "byted_token"}
    with pytest.raises(seedance_assets.InvalidArgumentError, match="byted_token"):
        ValidationSession.from_dict(missing)
    with pytest.raises(ValueError, match="expires_at"):
        ValidationSession.from_dict({**stored, "expires_at": datetime(2030, 1, 1)})  # naive
    with pytest.raises(ValueError, match="created_at"):
        ValidationSession.from_dict({**stored, "created_at": "yesterday"})
    with pytest.raises(ValueError, match="asset_type"):
        Asset.from_dict({"asset_id": "a", "status": "Active", "asset_type": "Hologram"})
