//! `stage` and `onboard DIR`: local files put in a real S3-protocol server (s3s-fs on 127.0.0.1,
//! signatures checked) and fetched by the simulator through their presigned URLs, as upstream
//! fetches them; a folder with other files is refused before anything is staged or uploaded;
//! `doctor` checking the bucket.

// The core's staging tests' S3 server; the CLI configures the bucket through the environment,
// so the helpers that build a `Staging` for a client go unused here.
#[allow(dead_code)]
#[path = "../../tests/common/s3.rs"]
mod s3;
mod support;

use std::path::{Path, PathBuf};

use seedance_assets::simulator::{Endpoint as SimEndpoint, SimulatorConfig};
use support::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/media")
        .join(name)
}

/// The CLI configured for `server`'s bucket through the environment, as a user would.
fn staged(setup: &Setup, server: &s3::S3Server, args: &[&str]) -> tokio::process::Command {
    let mut command = setup.command(args);
    command
        .env("SEEDANCE_STAGING", format!("s3://{}/cli", s3::BUCKET))
        .env("AWS_ACCESS_KEY_ID", s3::ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", s3::SECRET_KEY)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ENDPOINT_URL", &server.endpoint)
        .env("AWS_ALLOW_HTTP", "true");
    command
}

async fn downloading() -> Setup {
    Setup::with(
        SimulatorConfig::default()
            .with_processing_delay(
                std::time::Duration::from_millis(50),
                std::time::Duration::from_millis(50),
            )
            .with_download_assets(true),
    )
    .await
}

#[tokio::test]
async fn stage_prints_a_presigned_url_per_file_and_puts_the_same_content_once() {
    let setup = downloading().await;
    let server = s3::S3Server::start();
    let jpg = fixture("image-ok.jpg");
    let wav = fixture("audio-ok.wav");
    let args = ["--json", "stage", jpg.to_str().unwrap(), wav.to_str().unwrap()];
    let (code, stdout, stderr) = output(staged(&setup, &server, &args)).await;
    assert_eq!(code, 0, "{stderr}");
    let answer: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON document");
    let files = answer["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["asset_type"], "Image");
    assert_eq!(files[1]["asset_type"], "Audio");
    for file in files {
        assert_eq!(file["uploaded"], true);
        let url = file["url"].as_str().expect("url");
        assert!(
            url.starts_with(&server.endpoint) && url.contains("X-Amz-Signature="),
            "{url}"
        );
    }
    assert_eq!(server.objects("cli").len(), 2);

    let (code, stdout, _) = output(staged(&setup, &server, &args)).await;
    assert_eq!(code, 0);
    let again: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON document");
    assert!(again["files"]
        .as_array()
        .expect("files")
        .iter()
        .all(|f| f["uploaded"] == false));
    assert_eq!(server.objects("cli").len(), 2);
    assert_eq!(
        setup.sim.request_count(SimEndpoint::UploadAsset),
        0,
        "staging sends nothing upstream"
    );
}

#[tokio::test]
async fn onboard_a_folder_stages_every_file_and_ends_active() {
    let setup = downloading().await;
    let server = s3::S3Server::start();
    let group = validated_group(&setup).await;
    let folder = tempfile::tempdir().expect("folder");
    for name in ["image-ok.jpg", "image-ok.png", "audio-ok.wav", "video-ok.mp4"] {
        std::fs::copy(fixture(name), folder.path().join(name)).expect("copy");
    }
    let dir = folder.path().to_str().unwrap();
    let (code, stdout, stderr) = output(staged(
        &setup,
        &server,
        &["--json", "onboard", "--group-id", &group, dir],
    ))
    .await;
    assert_eq!(code, 0, "{stdout} {stderr}");
    let report: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON document");
    assert_eq!(report["counts"]["active"], 4, "{report}");
    // The simulator fetched each file through its presigned URL, and each was the media.
    assert_eq!(setup.sim.downloads(), (4, 0));
    assert_eq!(server.objects("cli").len(), 4);
}

#[tokio::test]
async fn a_folder_with_other_files_is_refused_unless_they_are_left_out() {
    let setup = downloading().await;
    let server = s3::S3Server::start();
    let group = validated_group(&setup).await;
    let folder = tempfile::tempdir().expect("folder");
    std::fs::copy(fixture("image-ok.jpg"), folder.path().join("face.jpg")).expect("copy");
    std::fs::write(folder.path().join("notes.txt"), "not media").expect("write");
    let dir = folder.path().to_str().unwrap();

    let (code, _, stderr) = output(staged(&setup, &server, &["onboard", "--group-id", &group, dir])).await;
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("notes.txt"), "{stderr}");
    assert!(server.objects("cli").is_empty(), "nothing staged");
    assert_eq!(
        setup.sim.request_count(SimEndpoint::UploadAsset),
        0,
        "nothing uploaded"
    );

    let args = ["onboard", "--group-id", &group, "--skip-other-files", dir];
    let (code, stdout, stderr) = output(staged(&setup, &server, &args)).await;
    assert_eq!(code, 0, "{stdout} {stderr}");
    assert!(
        stderr.contains("Leaving out") && stderr.contains("notes.txt"),
        "{stderr}"
    );
    assert_eq!(setup.sim.request_count(SimEndpoint::UploadAsset), 1);
}

/// A person validated on the simulator (their GroupId).
async fn validated_group(setup: &Setup) -> String {
    let client = setup.client().await;
    let session = client
        .create_validation_session(&seedance_assets::CreateSession::new("https://app.example/done"))
        .await
        .expect("session");
    let redirect = setup
        .sim
        .complete_validation(&session.byted_token, true)
        .expect("passed");
    client
        .complete_validation(&redirect)
        .await
        .expect("exchanged")
        .group_id
}

#[tokio::test]
async fn doctor_checks_the_bucket_and_names_the_settings_it_refuses() {
    let setup = Setup::new().await;
    let server = s3::S3Server::start();
    let (code, stdout, stderr) = output(staged(&setup, &server, &["--json", "doctor"])).await;
    assert_eq!(code, 0, "{stdout}{stderr}");
    let doc: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON document");
    let staging = doc["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["name"] == "staging")
        .expect("a staging check")
        .clone();
    assert_eq!(staging["ok"], true, "{doc}");
    assert!(
        staging["detail"]
            .as_str()
            .unwrap()
            .starts_with(&format!("s3://{}/cli: credentials accepted", s3::BUCKET)),
        "{doc}"
    );

    let wrong_secret = "wrongsecret-doctorkqzmvx";
    let mut command = staged(&setup, &server, &["doctor", "--staging", "s3://assets/other"]);
    command.env("AWS_SECRET_ACCESS_KEY", wrong_secret);
    let (code, stdout, stderr) = output(command).await;
    assert_eq!(code, 1, "{stdout}");
    let line = stdout
        .lines()
        .find(|l| l.contains("staging"))
        .unwrap_or_else(|| panic!("a staging line: {stdout}"));
    assert!(line.starts_with("FAIL"), "{line}");
    assert!(
        line.contains("s3://assets/other") && line.contains("AWS_SECRET_ACCESS_KEY"),
        "{line}"
    );
    assert!(!stdout.contains(wrong_secret) && !stderr.contains(wrong_secret));
    assert!(server.objects("").is_empty(), "nothing written");
}
