"""Preflight from Python (mirrors core/tests/preflight.rs): every fixture judged as its name
says, measurements, the byte budget on a large video, private hosts refused unless allowed,
pages and errors where media was expected, and preflight before upload and onboarding."""

from __future__ import annotations

import asyncio
import struct
from pathlib import Path

import pytest

import seedance_assets
from seedance_assets import InvalidArgumentError, PreflightError, PreflightReport
from seedance_assets.testing import Simulator

from conftest import validated_group

FIXTURES = Path(__file__).resolve().parents[2] / "core" / "tests" / "fixtures" / "media"
HEAD_BYTES = 128 * 1024

# (file, asset type, expectation): "pass", "warn:<limit>" or "out:<limit>".
CASES = [
    ("image-ok.png", "Image", "pass"),
    ("image-ok.jpg", "Image", "pass"),
    ("image-ok.webp", "Image", "pass"),
    ("image-ok.bmp", "Image", "pass"),
    ("image-ok.tiff", "Image", "pass"),
    ("image-ok.gif", "Image", "pass"),
    ("image-ok.heic", "Image", "pass"),
    ("image-side-300-in.png", "Image", "pass"),
    ("image-side-299-out.png", "Image", "out:image.min_side"),
    ("image-side-6000-in.png", "Image", "pass"),
    ("image-side-6001-out.png", "Image", "out:image.max_side"),
    ("image-ratio-0.4-in.png", "Image", "pass"),
    ("image-ratio-0.399-out.png", "Image", "out:image.min_ratio"),
    ("image-ratio-2.5-in.png", "Image", "pass"),
    ("image-ratio-2.501-out.png", "Image", "out:image.max_ratio"),
    ("video-ok.mp4", "Video", "pass"),
    ("video-ok-faststart.mp4", "Video", "pass"),
    ("video-ok.mov", "Video", "pass"),
    ("video-duration-2.1-in.mp4", "Video", "pass"),
    ("video-duration-1.9-out.mp4", "Video", "out:video.min_duration"),
    ("video-duration-14.9-in.mp4", "Video", "pass"),
    ("video-duration-15.5-out.mp4", "Video", "out:video.max_duration"),
    ("video-fps-23.976-strict.mp4", "Video", "warn:video.min_fps"),
    ("video-fps-23.5-out.mp4", "Video", "out:video.min_fps"),
    ("video-fps-60-in.mp4", "Video", "pass"),
    ("video-fps-62-out.mp4", "Video", "out:video.max_fps"),
    ("video-pixels-408320-out.mp4", "Video", "out:video.min_pixels"),
    ("video-pixels-921600-in.mp4", "Video", "pass"),
    ("video-pixels-2073600-strict.mp4", "Video", "warn:video.max_pixels"),
    ("video-pixels-2088960-out.mp4", "Video", "out:video.max_pixels"),
    ("video-ratio-0.4-in.mp4", "Video", "warn:video.max_pixels"),
    ("video-ratio-0.397-out.mp4", "Video", "out:video.min_ratio"),
    ("video-ratio-2.5-in.mp4", "Video", "warn:video.max_pixels"),
    ("video-ratio-2.506-out.mp4", "Video", "out:video.max_ratio"),
    ("audio-ok.wav", "Audio", "pass"),
    ("audio-ok.mp3", "Audio", "pass"),
    ("audio-duration-2.1-in.wav", "Audio", "pass"),
    ("audio-duration-1.9-out.wav", "Audio", "out:audio.min_duration"),
    ("audio-duration-14.9-in.wav", "Audio", "pass"),
    ("audio-duration-15.5-out.wav", "Audio", "out:audio.max_duration"),
    ("audio-duration-1.5-out.mp3", "Audio", "out:audio.min_duration"),
    ("audio-duration-16-out.mp3", "Audio", "out:audio.max_duration"),
]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def media_warnings(report: PreflightReport) -> list[str]:
    """Warnings about the media (the simulator is plain http on loopback: those two always are)."""
    return [w.limit for w in report.warnings if w.limit not in ("scheme", "host")]


def test_every_fixture_is_listed() -> None:
    on_disk = {p.name for p in FIXTURES.iterdir() if p.suffix != ".sh"}
    assert on_disk == {name for name, _, _ in CASES}


@pytest.mark.parametrize(("name", "asset_type", "expect"), CASES)
def test_each_fixture_is_judged_as_its_name_says(
    sim: Simulator, client: seedance_assets.Client, name: str, asset_type: str, expect: str
) -> None:
    report = client.preflight(sim.add_media(name, fixture(name)), asset_type)
    assert isinstance(report, PreflightReport)
    violations = [v.limit for v in report.violations]
    verdict, _, limit = expect.partition(":")
    if verdict == "pass":
        assert report.ok and violations == [] and media_warnings(report) == [], repr(report)
    elif verdict == "warn":
        assert report.ok and media_warnings(report) == [limit], repr(report)
    else:
        assert not report.ok and violations == [limit], repr(report)
    assert report.profile == "published-2026-11"
    assert report.http_status == 206
    assert report.size_bytes == len(fixture(name))


def test_measurements_and_findings(sim: Simulator, client: seedance_assets.Client) -> None:
    mov = client.preflight(sim.add_media("a.mov", fixture("video-ok.mov")), "video")
    assert (mov.format, mov.width, mov.height, mov.pixels) == ("mov", 640, 640, 409_600)
    assert mov.duration == pytest.approx(3.0, abs=0.05)
    assert mov.fps == pytest.approx(30.0, abs=0.1)
    assert mov.asset_type == "Video"

    slow = client.preflight(sim.add_media("b.mp4", fixture("video-fps-23.5-out.mp4")), "Video")
    (violation,) = slow.violations
    assert (violation.limit, violation.expected, violation.actual) == (
        "video.min_fps",
        "at least 23.8 fps",
        "23.5 fps",
    )
    assert "video.min_fps" in str(violation) and "video.min_fps" in repr(slow)


def large_video() -> bytes:
    """video-ok.mp4 (index at the end) grown past 50 MB by a `free` box before its index."""
    small = fixture("video-ok.mp4")
    offset = 0
    while small[offset + 4 : offset + 8] != b"moov":
        offset += struct.unpack(">I", small[offset : offset + 4])[0]
    padding = 55 * 1024 * 1024
    return small[:offset] + struct.pack(">I", padding) + b"free" + bytes(padding - 8) + small[offset:]


def test_a_large_video_is_read_only_in_part(sim: Simulator, client: seedance_assets.Client) -> None:
    data = large_video()
    report = client.preflight(sim.add_media("large.mp4", data), "Video")
    assert [v.limit for v in report.violations] == ["video.max_bytes"]
    assert report.size_bytes == len(data)
    assert report.duration == pytest.approx(3.0, abs=0.05)
    served = sim.media_bytes_served()["/media/large.mp4"]
    assert served == report.bytes_read
    assert served < HEAD_BYTES + 4096, served


def test_private_hosts_are_refused_unless_allowed(sim: Simulator) -> None:
    url = sim.add_media("a.png", fixture("image-ok.png"))
    with sim.client(allow_private_hosts=False) as strict:
        for target in (url, url.replace("127.0.0.1", "localhost"), "http://169.254.169.254/latest/meta-data/"):
            report = strict.preflight(target, "Image")
            assert not report.ok
            assert [v.limit for v in report.violations] == ["host"], repr(report)
        assert sim.media_bytes_served() == {}
        allowed = strict.preflight(url, "Image", allow_private_hosts=True)
        assert allowed.ok and "host" in [w.limit for w in allowed.warnings]


def test_pages_and_errors_where_media_was_expected(sim: Simulator, client: seedance_assets.Client) -> None:
    sim.add_media("a.png", fixture("image-ok.png"))
    login = client.preflight(f"{sim.url}/media/login/a.png", "Image")
    assert [v.limit for v in login.violations] == ["content_type"]
    for path, status in (("private", 403), ("expired", 404)):
        report = client.preflight(f"{sim.url}/media/{path}/a.png", "Image")
        assert [v.limit for v in report.violations] == ["reachable"]
        assert report.http_status == status


def test_a_profile_from_overrides_or_a_file_judges_instead(
    sim: Simulator, client: seedance_assets.Client, tmp_path: Path
) -> None:
    url = sim.add_media("long.mp4", fixture("video-duration-15.5-out.mp4"))
    assert not client.preflight(url, "Video").ok
    report = client.preflight(url, "Video", profile={"video": {"max_duration": 30}})
    assert report.ok and report.profile == "published-2026-11+overrides"
    limits = tmp_path / "long-videos.toml"
    limits.write_text("[video]\nmax_duration = 30\n")
    for given in (limits, str(limits)):
        report = client.preflight(url, "Video", profile=given)
        assert report.ok and report.profile == "long-videos"
    with pytest.raises(InvalidArgumentError) as caught:
        client.preflight(url, "Video", profile={"video": {"max_durations": 30}})
    assert caught.value.field == "profile" and "max_durations" in str(caught.value)


def test_a_malformed_url_is_an_invalid_argument(client: seedance_assets.Client) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        client.preflight("not a url", "Image")
    assert caught.value.field == "asset_url"


def test_upload_with_preflight_refuses_before_any_upload(sim: Simulator, client: seedance_assets.Client) -> None:
    short = sim.add_media("short.mp4", fixture("video-duration-1.9-out.mp4"))
    sim.reset_counters()
    with pytest.raises(PreflightError) as caught:
        client.upload_asset(name="clip", asset_type="Video", asset_url=short, preflight=True)
    error = caught.value
    assert isinstance(error, InvalidArgumentError) and isinstance(error, ValueError)
    assert error.error_code == "ERR_PREFLIGHT"
    assert error.report is not None
    assert [v.limit for v in error.report.violations] == ["video.min_duration"]
    assert sim.request_count("upload_asset") == 0

    good = sim.add_media("good.mp4", fixture("video-ok.mp4"))
    client.upload_asset(name="clip", asset_type="Video", asset_url=good, preflight=True)
    assert sim.request_count("upload_asset") == 1


def test_onboard_with_preflight_rejects_failing_items(sim: Simulator, client: seedance_assets.Client) -> None:
    group = validated_group(sim, client)
    good = sim.add_media("good.png", fixture("image-ok.png"))
    small = sim.add_media("small.png", fixture("image-side-299-out.png"))
    sim.reset_counters()
    report = client.onboard(
        group_id=group,
        assets=[
            {"name": "good", "asset_type": "Image", "asset_url": good},
            {"name": "small", "asset_type": "Image", "asset_url": small},
        ],
        preflight=True,
        timeout=60,
    )
    assert [i.status for i in report.items] == ["Active", "Rejected"]
    (rejected,) = report.rejected
    assert rejected.error_code == "ERR_PREFLIGHT"
    assert "image.min_side" in (rejected.error_message or "")
    assert sim.request_count("upload_asset") == 1


def test_the_async_client_preflights_too(sim: Simulator) -> None:
    url = sim.add_media("a.wav", fixture("audio-ok.wav"))

    async def main() -> PreflightReport:
        async with sim.async_client() as client:
            return await client.preflight(url, "Audio")

    report = asyncio.run(main())
    assert report.ok and report.format == "wav"
    assert report.duration == pytest.approx(3.0, abs=0.01)
