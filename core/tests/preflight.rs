//! Preflight through the public API, against media files the simulator serves: every limit
//! and every fixture, the byte budget on a large video, server-side request forgery, pages
//! and errors where media was expected, profiles, and preflight before upload and onboarding.

mod common;

use std::time::{Duration, Instant};

use common::{builder, simulator};
use seedance_assets::preflight::{PreflightOptions, Profile, HEAD_BYTES};
use seedance_assets::{
    AssetType, Client, Error, ErrorCode, ItemStatus, OnboardItem, Onboarding, PreflightReport, UploadAsset,
};
use seedance_assets_simulator::{Endpoint as SimEndpoint, Simulator};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/media");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A client of `sim` whose preflights may fetch from loopback, where the simulator is.
fn client(sim: &Simulator) -> Client {
    builder(sim)
        .allow_private_hosts(true)
        .build()
        .expect("client builds")
}

/// The same client without the allowance.
fn strict_client(sim: &Simulator) -> Client {
    builder(sim).build().expect("client builds")
}

fn limits(findings: &[seedance_assets::Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.limit.as_str()).collect()
}

/// Warnings about the asset itself (the simulator is plain http on loopback: those two are
/// always there).
fn media_warnings(report: &PreflightReport) -> Vec<&str> {
    limits(&report.warnings)
        .into_iter()
        .filter(|l| *l != "scheme" && *l != "host")
        .collect()
}

#[derive(Debug, Clone, Copy)]
enum Expect {
    /// No violation and no warning about the media.
    Pass,
    /// No violation; a warning on this limit (outside its strict reading only).
    Warn(&'static str),
    /// This one violation.
    Out(&'static str),
}

const CASES: &[(&str, AssetType, Expect)] = &[
    ("image-ok.png", AssetType::Image, Expect::Pass),
    ("image-ok.jpg", AssetType::Image, Expect::Pass),
    ("image-ok.webp", AssetType::Image, Expect::Pass),
    ("image-ok.bmp", AssetType::Image, Expect::Pass),
    ("image-ok.tiff", AssetType::Image, Expect::Pass),
    ("image-ok.gif", AssetType::Image, Expect::Pass),
    ("image-ok.heic", AssetType::Image, Expect::Pass),
    ("image-side-300-in.png", AssetType::Image, Expect::Pass),
    (
        "image-side-299-out.png",
        AssetType::Image,
        Expect::Out("image.min_side"),
    ),
    ("image-side-6000-in.png", AssetType::Image, Expect::Pass),
    (
        "image-side-6001-out.png",
        AssetType::Image,
        Expect::Out("image.max_side"),
    ),
    ("image-ratio-0.4-in.png", AssetType::Image, Expect::Pass),
    (
        "image-ratio-0.399-out.png",
        AssetType::Image,
        Expect::Out("image.min_ratio"),
    ),
    ("image-ratio-2.5-in.png", AssetType::Image, Expect::Pass),
    (
        "image-ratio-2.501-out.png",
        AssetType::Image,
        Expect::Out("image.max_ratio"),
    ),
    ("video-ok.mp4", AssetType::Video, Expect::Pass),
    ("video-ok-faststart.mp4", AssetType::Video, Expect::Pass),
    ("video-ok.mov", AssetType::Video, Expect::Pass),
    ("video-duration-2.1-in.mp4", AssetType::Video, Expect::Pass),
    (
        "video-duration-1.9-out.mp4",
        AssetType::Video,
        Expect::Out("video.min_duration"),
    ),
    ("video-duration-14.9-in.mp4", AssetType::Video, Expect::Pass),
    (
        "video-duration-15.5-out.mp4",
        AssetType::Video,
        Expect::Out("video.max_duration"),
    ),
    (
        "video-fps-23.976-strict.mp4",
        AssetType::Video,
        Expect::Warn("video.min_fps"),
    ),
    (
        "video-fps-23.5-out.mp4",
        AssetType::Video,
        Expect::Out("video.min_fps"),
    ),
    ("video-fps-60-in.mp4", AssetType::Video, Expect::Pass),
    (
        "video-fps-62-out.mp4",
        AssetType::Video,
        Expect::Out("video.max_fps"),
    ),
    (
        "video-pixels-408320-out.mp4",
        AssetType::Video,
        Expect::Out("video.min_pixels"),
    ),
    ("video-pixels-921600-in.mp4", AssetType::Video, Expect::Pass),
    (
        "video-pixels-2073600-strict.mp4",
        AssetType::Video,
        Expect::Warn("video.max_pixels"),
    ),
    (
        "video-pixels-2088960-out.mp4",
        AssetType::Video,
        Expect::Out("video.max_pixels"),
    ),
    // 640 × 1600 is also above the strict pixel reading: a warning beside the ratio's verdict.
    (
        "video-ratio-0.4-in.mp4",
        AssetType::Video,
        Expect::Warn("video.max_pixels"),
    ),
    (
        "video-ratio-0.397-out.mp4",
        AssetType::Video,
        Expect::Out("video.min_ratio"),
    ),
    (
        "video-ratio-2.5-in.mp4",
        AssetType::Video,
        Expect::Warn("video.max_pixels"),
    ),
    (
        "video-ratio-2.506-out.mp4",
        AssetType::Video,
        Expect::Out("video.max_ratio"),
    ),
    ("audio-ok.wav", AssetType::Audio, Expect::Pass),
    ("audio-ok.mp3", AssetType::Audio, Expect::Pass),
    ("audio-duration-2.1-in.wav", AssetType::Audio, Expect::Pass),
    (
        "audio-duration-1.9-out.wav",
        AssetType::Audio,
        Expect::Out("audio.min_duration"),
    ),
    ("audio-duration-14.9-in.wav", AssetType::Audio, Expect::Pass),
    (
        "audio-duration-15.5-out.wav",
        AssetType::Audio,
        Expect::Out("audio.max_duration"),
    ),
    (
        "audio-duration-1.5-out.mp3",
        AssetType::Audio,
        Expect::Out("audio.min_duration"),
    ),
    (
        "audio-duration-16-out.mp3",
        AssetType::Audio,
        Expect::Out("audio.max_duration"),
    ),
];

#[tokio::test]
async fn every_fixture_is_judged_as_its_name_says() {
    let sim = simulator().await;
    let client = client(&sim);
    let mut failures = Vec::new();
    for (name, asset_type, expect) in CASES {
        let url = sim.add_media(name, fixture(name));
        let report = client.preflight(&url, *asset_type).await.expect("preflight runs");
        let violations = limits(&report.violations);
        let warnings = media_warnings(&report);
        let as_expected = match expect {
            Expect::Pass => report.ok && violations.is_empty() && warnings.is_empty(),
            Expect::Warn(limit) => report.ok && warnings == [*limit],
            Expect::Out(limit) => !report.ok && violations == [*limit],
        };
        if !as_expected {
            failures.push(format!("{name}: expected {expect:?}, got {report:?}"));
        }
        assert_eq!(report.profile, "published-2026-11");
        assert_eq!(report.http_status, Some(206), "{name}");
        assert!(report.size_bytes.is_some(), "{name}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn measurements_are_reported() {
    let sim = simulator().await;
    let client = client(&sim);

    let png = client
        .preflight(&sim.add_media("a.png", fixture("image-ok.png")), AssetType::Image)
        .await
        .expect("preflight");
    assert_eq!(png.format.as_deref(), Some("png"));
    assert_eq!((png.width, png.height), (Some(640), Some(480)));
    assert_eq!(png.size_bytes, Some(fixture("image-ok.png").len() as u64));
    assert_eq!(png.content_type.as_deref(), Some("image/png"));

    let mov = client
        .preflight(&sim.add_media("a.mov", fixture("video-ok.mov")), AssetType::Video)
        .await
        .expect("preflight");
    assert_eq!(mov.format.as_deref(), Some("mov"));
    assert_eq!(
        (mov.width, mov.height, mov.pixels),
        (Some(640), Some(640), Some(409_600))
    );
    assert!((mov.duration.expect("duration") - 3.0).abs() < 0.05, "{mov:?}");
    assert!((mov.fps.expect("fps") - 30.0).abs() < 0.1, "{mov:?}");

    let film = client
        .preflight(
            &sim.add_media("b.mp4", fixture("video-fps-23.976-strict.mp4")),
            AssetType::Video,
        )
        .await
        .expect("preflight");
    assert!((film.fps.expect("fps") - 23.976).abs() < 0.01, "{film:?}");
    let warning = &film
        .warnings
        .iter()
        .find(|w| w.limit == "video.min_fps")
        .expect("warning");
    assert!(
        warning.expected.contains("24") && warning.actual.contains("23.976"),
        "{warning:?}"
    );

    let mp3 = client
        .preflight(&sim.add_media("a.mp3", fixture("audio-ok.mp3")), AssetType::Audio)
        .await
        .expect("preflight");
    assert_eq!(mp3.format.as_deref(), Some("mp3"));
    // MP3 counts whole frames (72 ms at 8 kHz) including the encoder's delay: within 0.2 s.
    assert!((mp3.duration.expect("duration") - 3.0).abs() < 0.2, "{mp3:?}");

    let slow_fps = client
        .preflight(
            &sim.add_media("c.mp4", fixture("video-fps-23.5-out.mp4")),
            AssetType::Video,
        )
        .await
        .expect("preflight");
    let violation = &slow_fps.violations[0];
    assert_eq!(violation.expected, "at least 23.8 fps");
    assert_eq!(violation.actual, "23.5 fps");
}

#[tokio::test]
async fn a_file_of_another_kind_or_format_is_a_format_violation() {
    let sim = simulator().await;
    let client = client(&sim);
    let png = sim.add_media("photo.png", fixture("image-ok.png"));
    let report = client.preflight(&png, AssetType::Video).await.expect("preflight");
    assert_eq!(limits(&report.violations), ["video.formats"]);
    assert_eq!(report.format.as_deref(), Some("png"));

    let text = sim.add_media("notes.wav", b"just some text, not a sound".to_vec());
    let report = client
        .preflight(&text, AssetType::Audio)
        .await
        .expect("preflight");
    assert_eq!(limits(&report.violations), ["audio.formats"]);
    assert_eq!(report.format.as_deref(), Some("unknown"));
}

#[tokio::test]
async fn a_file_over_the_size_limit_is_a_violation_read_only_in_part() {
    let sim = simulator().await;
    let client = client(&sim);
    // Valid headers, padded past the limit (30 MB images, 15 MB audio; video: the large one below).
    for (name, asset_type, size, limit) in [
        (
            "image-ok.png",
            AssetType::Image,
            31 * 1024 * 1024,
            "image.max_bytes",
        ),
        (
            "audio-ok.wav",
            AssetType::Audio,
            16 * 1024 * 1024,
            "audio.max_bytes",
        ),
    ] {
        let mut big = fixture(name);
        big.resize(size, 0);
        let url = sim.add_media(&format!("big-{name}"), big);
        let report = client.preflight(&url, asset_type).await.expect("preflight");
        assert_eq!(limits(&report.violations), [limit], "{report:?}");
        assert_eq!(report.size_bytes, Some(size as u64));
        assert!(report.bytes_read <= HEAD_BYTES, "{report:?}");
    }
}

/// `video-ok.mp4` (index at the end) grown past 50 MB by a `free` box before its index: still a
/// valid file, and the index stays at the end.
fn large_video() -> (Vec<u8>, u64) {
    let small = fixture("video-ok.mp4");
    let mut offset = 0;
    let moov = loop {
        let size = u32::from_be_bytes(small[offset..offset + 4].try_into().expect("size")) as usize;
        if &small[offset + 4..offset + 8] == b"moov" {
            break offset;
        }
        offset += size;
    };
    let padding = 55 * 1024 * 1024;
    let mut large = small[..moov].to_vec();
    large.extend_from_slice(&(padding as u32).to_be_bytes());
    large.extend_from_slice(b"free");
    large.resize(large.len() + padding - 8, 0);
    large.extend_from_slice(&small[moov..]);
    (large, (small.len() - moov) as u64)
}

#[tokio::test]
async fn a_large_video_with_its_index_at_the_end_is_read_only_in_part() {
    let sim = simulator().await;
    let client = client(&sim);
    let (large, moov_len) = large_video();
    let total = large.len() as u64;
    let url = sim.add_media("large.mp4", large);
    let report = client.preflight(&url, AssetType::Video).await.expect("preflight");

    assert_eq!(limits(&report.violations), ["video.max_bytes"], "{report:?}");
    assert_eq!(report.size_bytes, Some(total));
    assert!(
        (report.duration.expect("duration") - 3.0).abs() < 0.05,
        "{report:?}"
    );
    assert!((report.fps.expect("fps") - 30.0).abs() < 0.1);
    let served = sim.media_bytes_served()["/media/large.mp4"];
    // The head, a few box headers, the index: nowhere near the 55 MB.
    let bound = HEAD_BYTES + 4 * 16 + moov_len;
    assert!(
        served <= bound,
        "served {served} of {total} bytes (bound {bound})"
    );
    assert_eq!(report.bytes_read, served);
    eprintln!("large video: {total} bytes, {served} served, index {moov_len} bytes");
}

#[tokio::test]
async fn private_hosts_are_refused_before_any_connection_unless_allowed() {
    let sim = simulator().await;
    let url = sim.add_media("a.png", fixture("image-ok.png"));
    let by_name = url.replace("127.0.0.1", "localhost");
    let strict = strict_client(&sim);
    for target in [url.as_str(), by_name.as_str()] {
        let report = strict
            .preflight(target, AssetType::Image)
            .await
            .expect("preflight");
        assert!(!report.ok);
        assert_eq!(limits(&report.violations), ["host"], "{report:?}");
        assert!(report.violations[0].actual.contains("loopback"), "{report:?}");
    }
    assert!(sim.media_bytes_served().is_empty(), "nothing was requested");

    // Never connected to: these answer nothing here, so a connection attempt would time out.
    for target in [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/a.png",
        "http://[::ffff:169.254.169.254]/a.png",
        "http://[fd00::1]/a.png",
        "http://0.0.0.0/a.png",
    ] {
        let started = Instant::now();
        let report = strict
            .preflight(target, AssetType::Image)
            .await
            .expect("preflight");
        assert_eq!(limits(&report.violations), ["host"], "{target}: {report:?}");
        assert_eq!(report.http_status, None);
        assert!(started.elapsed() < Duration::from_secs(5), "{target}");
    }

    // Allowed: per call, or by the client; then it is a warning.
    let options = PreflightOptions {
        allow_private_hosts: Some(true),
        ..PreflightOptions::default()
    };
    let report = strict
        .preflight_with(&by_name, AssetType::Image, &options)
        .await
        .expect("preflight");
    assert!(report.ok, "{report:?}");
    assert!(limits(&report.warnings).contains(&"host"));
    assert!(
        limits(&report.warnings).contains(&"scheme"),
        "plain http is a warning"
    );
}

#[tokio::test]
async fn link_local_stays_refused_with_the_allowance_and_every_redirect_hop_is_checked() {
    let sim = simulator().await;
    let client = client(&sim);
    let to_metadata = format!(
        "{}/media/redirect?to=http://169.254.169.254/latest/meta-data/",
        sim.url()
    );
    let report = client
        .preflight(&to_metadata, AssetType::Image)
        .await
        .expect("preflight");
    assert_eq!(limits(&report.violations), ["host"], "{report:?}");
    assert!(report.violations[0].actual.contains("169.254.169.254"));
    assert_eq!(report.redirects, 1);

    // A redirect to a file is followed.
    let file = sim.add_media("b.png", fixture("image-ok.png"));
    let hop = format!("{}/media/redirect?to={file}", sim.url());
    let report = client.preflight(&hop, AssetType::Image).await.expect("preflight");
    assert!(report.ok, "{report:?}");
    assert_eq!(report.redirects, 1);

    // Redirects are bounded.
    let mut chain = file.clone();
    for _ in 0..7 {
        chain = format!("{}/media/redirect?to={}", sim.url(), urlencode(&chain));
    }
    let report = client
        .preflight(&chain, AssetType::Image)
        .await
        .expect("preflight");
    assert_eq!(limits(&report.violations), ["redirects"], "{report:?}");
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn pages_and_errors_where_media_was_expected_are_violations() {
    let sim = simulator().await;
    let client = client(&sim);
    sim.add_media("a.png", fixture("image-ok.png"));
    let base = sim.url();

    let login = client
        .preflight(&format!("{base}/media/login/a.png"), AssetType::Image)
        .await
        .expect("preflight");
    assert_eq!(limits(&login.violations), ["content_type"], "{login:?}");

    // An HTML body behind a media content type is caught by its first bytes.
    let disguised = sim.add_media(
        "page.png",
        b"<!DOCTYPE html><html><body>Sign in</body></html>".to_vec(),
    );
    let report = client
        .preflight(&disguised, AssetType::Image)
        .await
        .expect("preflight");
    assert_eq!(limits(&report.violations), ["content_type"], "{report:?}");

    for (path, status) in [("private", "HTTP 403"), ("expired", "HTTP 404")] {
        let report = client
            .preflight(&format!("{base}/media/{path}/a.png"), AssetType::Image)
            .await
            .expect("preflight");
        assert_eq!(limits(&report.violations), ["reachable"], "{report:?}");
        assert_eq!(report.violations[0].actual, status);
    }
}

#[tokio::test]
async fn a_slow_host_is_given_up_on_within_the_time_budget() {
    let sim = simulator().await;
    let client = client(&sim);
    sim.add_media("a.png", fixture("image-ok.png"));
    let options = PreflightOptions {
        timeout: Some(Duration::from_secs(1)),
        ..PreflightOptions::default()
    };
    let started = Instant::now();
    let report = client
        .preflight_with(
            &format!("{}/media/slow/a.png", sim.url()),
            AssetType::Image,
            &options,
        )
        .await
        .expect("preflight");
    let elapsed = started.elapsed();
    assert_eq!(limits(&report.violations), ["time_budget"], "{report:?}");
    assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
}

#[tokio::test]
async fn a_profile_from_overrides_or_a_file_judges_instead() {
    let sim = simulator().await;
    let url = sim.add_media("long.mp4", fixture("video-duration-15.5-out.mp4"));
    let longer = Profile::published()
        .with_overrides(&serde_json::json!({"video": {"max_duration": 30}}))
        .expect("profile");
    let options = PreflightOptions {
        profile: Some(longer),
        ..PreflightOptions::default()
    };
    let report = client(&sim)
        .preflight_with(&url, AssetType::Video, &options)
        .await
        .expect("preflight");
    assert!(report.ok, "{report:?}");
    assert_eq!(report.profile, "published-2026-11+overrides");

    let folder = tempfile::tempdir().expect("tempdir");
    let toml = folder.path().join("long-videos.toml");
    std::fs::write(&toml, "[video]\nmax_duration = 30\n").expect("write");
    let json = folder.path().join("lenient.json");
    std::fs::write(
        &json,
        r#"{"name": "lenient-fps", "video": {"max_duration": 16, "min_fps": 20}}"#,
    )
    .expect("write");
    for (path, name) in [(&toml, "long-videos"), (&json, "lenient-fps")] {
        let profile = Profile::from_file(path).expect("profile file");
        let client = builder(&sim)
            .allow_private_hosts(true)
            .preflight_profile(profile)
            .build()
            .expect("client");
        let report = client.preflight(&url, AssetType::Video).await.expect("preflight");
        assert!(report.ok, "{report:?}");
        assert_eq!(report.profile, name);
    }

    std::fs::write(&toml, "[video]\nmax_durations = 30\n").expect("write");
    let refused = Profile::from_file(&toml).expect_err("unknown key");
    assert_eq!(refused.code(), ErrorCode::InvalidArgument);
    assert!(refused.to_string().contains("max_durations"), "{refused}");
}

#[tokio::test]
async fn a_malformed_url_is_an_invalid_argument() {
    let sim = simulator().await;
    let error = client(&sim)
        .preflight("not a url", AssetType::Image)
        .await
        .expect_err("refused");
    assert!(
        matches!(
            error,
            Error::InvalidArgument {
                field: "asset_url",
                ..
            }
        ),
        "{error}"
    );
}

#[tokio::test]
async fn upload_with_preflight_refuses_a_failing_asset_before_any_upload() {
    let sim = simulator().await;
    let client = client(&sim);
    let short = sim.add_media("short.mp4", fixture("video-duration-1.9-out.mp4"));
    sim.reset_counters();
    let request = UploadAsset::new("clip", AssetType::Video, &short).with_preflight();
    let error = client.upload_asset(&request).await.expect_err("refused");
    assert_eq!(error.code(), ErrorCode::Preflight);
    assert_eq!(error.code().kind().parent, Some(ErrorCode::InvalidArgument));
    let Error::Preflight { report } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(limits(&report.violations), ["video.min_duration"]);
    assert!(error.to_string().contains("video.min_duration"), "{error}");
    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), 0);

    let good = sim.add_media("good.mp4", fixture("video-ok.mp4"));
    let request = UploadAsset::new("clip", AssetType::Video, &good).with_preflight();
    client.upload_asset(&request).await.expect("uploaded");
    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), 1);
}

#[tokio::test]
async fn onboarding_with_preflight_rejects_failing_items_without_uploading_them() {
    let sim = simulator().await;
    let client = client(&sim);
    let group = common::validated_group(&sim, &client).await;
    let good = sim.add_media("good.png", fixture("image-ok.png"));
    let small = sim.add_media("small.png", fixture("image-side-299-out.png"));
    sim.reset_counters();
    let run = Onboarding::for_group(
        group,
        vec![
            OnboardItem::new("good", AssetType::Image, good),
            OnboardItem::new("small", AssetType::Image, small),
        ],
    )
    .with_preflight(true)
    .timeout(Duration::from_secs(60));
    let report = client.onboard(&run).await.expect("onboarded");
    assert_eq!(report.items[0].status, ItemStatus::Active, "{report:?}");
    let rejected = &report.items[1];
    assert_eq!(rejected.status, ItemStatus::Rejected, "{report:?}");
    assert_eq!(rejected.error_code.as_deref(), Some("ERR_PREFLIGHT"));
    assert!(rejected
        .error_message
        .as_deref()
        .unwrap_or_default()
        .contains("image.min_side"));
    assert_eq!(report.uploads_sent, 1);
    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), 1);
}

#[tokio::test]
async fn a_run_whose_items_are_all_rejected_ends_without_waiting_for_its_timeout() {
    let sim = simulator().await;
    let client = client(&sim);
    let group = common::validated_group(&sim, &client).await;
    let small = sim.add_media("small.png", fixture("image-side-299-out.png"));
    let run = Onboarding::for_group(group, vec![OnboardItem::new("small", AssetType::Image, small)])
        .with_preflight(true)
        .timeout(Duration::from_secs(600));
    // The last item settling as Rejected must end the run, not leave it waiting for the deadline.
    let report = tokio::time::timeout(Duration::from_secs(60), client.onboard(&run))
        .await
        .expect("the run ended once every item had settled")
        .expect("onboarded");
    assert_eq!(report.items[0].status, ItemStatus::Rejected, "{report:?}");
    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), 0);
}
