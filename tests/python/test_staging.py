"""Local files from Python (mirrors core/tests/staging.rs): a folder of media staged in a real
S3-protocol server (s3s-fs on 127.0.0.1, signatures checked) and fetched by the simulator in
download mode through the presigned URLs until Active; a bucket refusing the credentials, a
missing or unreadable file and a non-media file are clear errors with nothing uploaded."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import seedance_assets
from azurite import azurite
from s3_server import BUCKET, S3Server, s3_server
from seedance_assets import ConfigurationError, InvalidArgumentError, PreflightError, StagingError
from seedance_assets.testing import Simulator

from conftest import validated_group

FIXTURES = Path(__file__).resolve().parents[2] / "core" / "tests" / "fixtures" / "media"
MEDIA = ["image-ok.jpg", "image-ok.png", "video-ok.mp4", "audio-ok.wav"]


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[S3Server]:
    with s3_server() as server:
        for name, value in server.environment().items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("SEEDANCE_STAGING", raising=False)
        yield server


@pytest.fixture
def downloading() -> Iterator[Simulator]:
    with Simulator(processing_delay=0.05, download_assets=True) as simulator:
        yield simulator


def test_a_folder_of_media_goes_active_through_presigned_urls(
    s3: S3Server, downloading: Simulator, tmp_path: Path
) -> None:
    for name in MEDIA:
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "notes.txt").write_text("not media")
    with downloading.client(rate_limits=False, staging=f"s3://{BUCKET}/people/42") as client:
        group = validated_group(downloading, client)
        # A folder with another file is refused, naming it, before anything is staged.
        with pytest.raises(InvalidArgumentError, match=r"notes\.txt") as refused:
            client.folder_assets(tmp_path)
        assert refused.value.field == "dir"
        assert s3.objects("people/42") == []

        assets = client.folder_assets(tmp_path, skip_other_files=True)
        assert [(a["name"], a["asset_type"]) for a in assets] == [
            ("audio-ok", "Audio"),
            ("image-ok", "Image"),
            ("image-ok", "Image"),
            ("video-ok", "Video"),
        ]
        assert [Path(a["file"]).name for a in assets] == sorted(MEDIA)
        report = client.onboard(group_id=group, assets=assets, preflight=True, timeout=60)

        assert [item.status for item in report.items] == ["Active"] * 4, report.items
        for item in report.items:
            assert item.asset_url.startswith(s3.endpoint)
            assert "?" not in item.asset_url  # the signature is never kept
        assert len(s3.objects("people/42")) == 4
        assert {a["status"] for a in downloading.assets()} == {"Active"}

        # One more, through upload_asset with a file and its type read from the content.
        uploaded = client.upload_asset(name="again", file=str(FIXTURES / "image-ok.webp"), group_id=group)
        asset = client.wait_for_asset(uploaded.asset_id, timeout=30)
        assert asset.status == "Active"
        assert asset.asset_type == seedance_assets.AssetType.IMAGE


def test_stage_returns_a_presigned_url_and_puts_a_file_once(s3: S3Server, downloading: Simulator) -> None:
    with downloading.client(staging=f"s3://{BUCKET}/once") as client:
        first = client.stage(FIXTURES / "image-ok.png")
        second = client.stage(str(FIXTURES / "image-ok.png"))
    assert first.startswith(f"{s3.endpoint}/{BUCKET}/once/")
    assert "X-Amz-Signature=" in first and "X-Amz-Signature=" in second
    assert "X-Amz-Expires=86400" in first  # valid for the default 24 h
    with downloading.client(staging=f"s3://{BUCKET}/once", staging_url_ttl=3600.0) as client:
        assert "X-Amz-Expires=3600&" in client.stage(FIXTURES / "image-ok.png")
    assert first.split("?")[0] == second.split("?")[0]
    assert len(s3.objects("once")) == 1


def test_a_bucket_that_refuses_the_credentials_is_a_staging_error(
    s3: S3Server, downloading: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    wrong = "wrongsecret-zqxjvkpmwtrl"
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", wrong)
    with downloading.client(rate_limits=False, staging=f"s3://{BUCKET}/refused") as client:
        group = validated_group(downloading, client)
        with pytest.raises(StagingError) as raised:
            client.upload_asset(name="front", file=FIXTURES / "image-ok.jpg", group_id=group)
        assert "refused the credentials" in str(raised.value)
        assert wrong not in str(raised.value) and wrong not in repr(raised.value)
        assert raised.value.error_code == "ERR_STAGING"
        with pytest.raises(StagingError):
            client.onboard(group_id=group, assets=[{"name": "front", "file": str(FIXTURES / "image-ok.jpg")}])
    assert downloading.request_count("upload_asset") == 0
    assert downloading.uploads_per_url() == {}
    assert s3.objects("refused") == []


# Run by a process that may not read the file: both calls' errors, one JSON line.
UNREADABLE_CHILD = textwrap.dedent("""
    import json, sys
    import seedance_assets
    url, key, path = sys.argv[1:4]
    seen = []
    with seedance_assets.Client(key, base_url=url, staging="s3://assets/never") as client:
        for call in (lambda: client.upload_asset(name="x", group_id="g-1", file=path), lambda: client.stage(path)):
            try:
                call()
                seen.append({"ok": True})
            except seedance_assets.InvalidArgumentError as error:
                seen.append({"field": error.field, "message": str(error)})
    print(json.dumps(seen))
""")


def test_an_unreadable_file_names_the_field_and_nothing_is_sent(
    s3: S3Server, downloading: Simulator, tmp_path: Path
) -> None:
    photo = tmp_path / "photo.jpg"
    shutil.copy(FIXTURES / "image-ok.jpg", photo)
    photo.chmod(0)
    command = [sys.executable, "-c", UNREADABLE_CHILD, downloading.url, downloading.api_key, str(photo)]
    if os.access(photo, os.R_OK):
        # Root reads any file: the child runs without the capabilities that allow it.
        command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert len(seen) == 2
    for error in seen:
        assert error.get("field") == "file", error
        assert "permission denied" in error["message"] and str(photo) in error["message"]
    assert downloading.request_count("upload_asset") == 0
    assert s3.objects("never") == []


def test_missing_unreadable_and_non_media_files_name_the_field(
    s3: S3Server, downloading: Simulator, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a picture\n")
    dangling = tmp_path / "gone.jpg"
    dangling.symlink_to(tmp_path / "nowhere.jpg")
    with downloading.client(staging=f"s3://{BUCKET}/never") as client:
        for path, why in [
            (tmp_path / "missing.jpg", "no such file"),
            (dangling, "no such file"),
            (tmp_path, "is a directory"),
            (notes, "not an image, video or audio file"),
        ]:
            with pytest.raises(InvalidArgumentError) as raised:
                client.upload_asset(name="x", asset_type="Image", file=path)
            assert raised.value.field == "file"
            assert why in str(raised.value) and str(path) in str(raised.value)
            with pytest.raises(InvalidArgumentError):
                client.stage(path)
        with pytest.raises(InvalidArgumentError) as raised:
            client.upload_asset(name="x", file=notes)  # no type given: read from the content
        assert raised.value.field == "file"
        with pytest.raises(InvalidArgumentError) as raised:
            client.upload_asset(name="x", asset_url="https://cdn.example/x.jpg", file=FIXTURES / "image-ok.jpg")
        assert raised.value.field == "asset_url"
        with pytest.raises(InvalidArgumentError) as raised:
            client.upload_asset(name="x", asset_type="Image")
        assert raised.value.field == "asset_url"
        # Preflight reads the file itself, before anything is staged.
        too_long = FIXTURES / "video-duration-15.5-out.mp4"
        with pytest.raises(PreflightError) as preflight:
            client.upload_asset(name="x", file=too_long, preflight=True)
        assert any(v.limit == "video.max_duration" for v in preflight.value.report.violations)
        with pytest.raises(InvalidArgumentError) as raised:
            client.onboard(group_id="g-1", assets=[{"name": "notes", "file": notes}])
        assert "notes.txt" in str(raised.value)
    with downloading.client() as unstaged, pytest.raises(ConfigurationError, match="SEEDANCE_STAGING"):
        unstaged.stage(FIXTURES / "image-ok.jpg")
    assert downloading.request_count("upload_asset") == 0
    assert s3.objects("never") == []


def test_the_simulator_fetches_urls_as_upstream_does(downloading: Simulator) -> None:
    photo = downloading.add_media("photo.png", (FIXTURES / "image-ok.png").read_bytes())
    base = photo.removesuffix("/media/photo.png")
    not_media = {
        "403": f"{base}/media/private/photo.png",
        "404": f"{base}/media/expired/photo.png",
        "sign-in page": f"{base}/media/login/photo.png",
    }
    with downloading.client() as client:
        uploaded = client.upload_asset(name="photo", asset_type="Image", asset_url=photo)
        assert client.wait_for_asset(uploaded.asset_id, timeout=30).status == "Active"
        for what, url in not_media.items():
            uploaded = client.upload_asset(name=what, asset_type="Image", asset_url=url)
            with pytest.raises(seedance_assets.AssetFailedError) as raised:
                client.wait_for_asset(uploaded.asset_id, timeout=30)
            assert raised.value.asset.error_code == "InvalidParameter.DownloadFailed", what


async def test_async_folder_assets_reads_a_folder_without_the_network(tmp_path: Path) -> None:
    for name in MEDIA:
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    with Simulator() as simulator:
        async with simulator.async_client() as client:
            with pytest.raises(InvalidArgumentError, match=r"\.DS_Store"):
                await client.folder_assets(tmp_path)
            assets = await client.folder_assets(str(tmp_path), skip_other_files=True)
        assert sorted(a["asset_type"] for a in assets) == ["Audio", "Image", "Image", "Video"]
        assert simulator.request_count() == 0


def test_a_file_goes_active_through_azure_blob_storage_configured_by_the_environment(
    downloading: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    with azurite() as emulator:
        for name, value in emulator.environment().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("SEEDANCE_STAGING", "az://assets/py")
        with downloading.client(rate_limits=False) as client:
            group = validated_group(downloading, client)
            staged = client.stage(FIXTURES / "image-ok.jpg")
            assert staged.startswith(f"{emulator.endpoint}/assets/py/") and "sig=" in staged
            uploaded = client.upload_asset(name="front", group_id=group, file=FIXTURES / "audio-ok.wav")
            asset = client.wait_for_asset(uploaded.asset_id, timeout=30)
            # Active: the simulator fetched the SAS URL from Azurite and found the media.
            assert asset.status == "Active"
    assert downloading.request_count("upload_asset") == 1
