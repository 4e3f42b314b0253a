"""Models are immutable, comparable, printable and convertible to dicts."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

import seedance_assets
from seedance_assets import AssetStatus, AssetType
from seedance_assets.testing import Simulator

from conftest import CALLBACK_URL, IMAGE_URL, validated_group


def test_models_are_immutable(sim: Simulator, client: seedance_assets.Client) -> None:
    session = client.create_validation_session(CALLBACK_URL)
    uploaded = client.upload_asset(name="a", asset_type="Image", asset_url=IMAGE_URL)
    asset = client.get_asset(uploaded.asset_id)
    for obj, field in ((session, "byted_token"), (uploaded, "asset_id"), (asset, "status")):
        with pytest.raises(AttributeError):
            setattr(obj, field, "changed")
    assert not dataclasses.is_dataclass(asset)


def test_equality_hash_and_dicts(sim: Simulator, client: seedance_assets.Client) -> None:
    group_id = validated_group(sim, client)
    uploaded = client.upload_asset(name="a", asset_type="image", asset_url=IMAGE_URL, group_id=group_id)
    again = client.get_asset(uploaded.asset_id)
    assert again == client.get_asset(uploaded.asset_id)
    assert uploaded != again  # different classes
    assert uploaded.to_dict() == {
        "asset_id": uploaded.asset_id,
        "reference": f"asset://{uploaded.asset_id}",
        "request_id": uploaded.request_id,
    }
    as_dict = again.to_dict()
    assert as_dict["asset_id"] == uploaded.asset_id
    assert as_dict["asset_type"] is AssetType.IMAGE
    assert isinstance(as_dict["create_time"], datetime)
    assert as_dict["raw"]["Name"] == "a"

    session = client.create_validation_session(CALLBACK_URL)
    session_dict = session.to_dict()
    assert session_dict["byted_token"] == session.byted_token  # data, not display
    assert set(session_dict) == {"byted_token", "h5_link", "callback_url", "created_at", "expires_at", "request_id"}


def test_reprs_are_readable(sim: Simulator, client: seedance_assets.Client) -> None:
    uploaded = client.upload_asset(name="portrait", asset_type="Image", asset_url=IMAGE_URL)
    assert repr(uploaded) == f"UploadedAsset(asset_id='{uploaded.asset_id}')"
    asset = client.get_asset(uploaded.asset_id)
    assert repr(asset).startswith(f"Asset(asset_id='{uploaded.asset_id}', name='portrait'")


def test_enums_are_strings() -> None:
    assert AssetType.VIDEO == "Video" and str(AssetType.VIDEO) == "Video"
    assert AssetStatus("Active") is AssetStatus.ACTIVE
    assert isinstance(AssetStatus.FAILED, str)


def test_module_surface() -> None:
    assert seedance_assets.__version__
    assert seedance_assets.Client.__module__ == "seedance_assets"
    for name in seedance_assets.__all__:
        assert hasattr(seedance_assets, name), name
