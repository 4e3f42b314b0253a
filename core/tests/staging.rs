//! Local files staged in a real S3-protocol server (s3s-fs on 127.0.0.1, signatures checked)
//! and fetched by the simulator in download mode through their presigned URLs, as upstream
//! fetches them; and every way a file or a bucket can be refused before anything is uploaded.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::media::{downloading, fixture, silence_wav, MEDIA};
use common::s3::S3Server;
use common::{builder, simulator_with};
use seedance_assets::{
    AssetType, Client, Error, ErrorCode, ItemStatus, Journal, OnboardItem, Onboarding, UploadAsset,
    WaitOptions,
};
use seedance_assets_simulator::{Endpoint as SimEndpoint, Fault, Simulator};

fn staged_client(sim: &Simulator, s3: &S3Server, prefix: &str) -> Client {
    builder(sim).staging(s3.staging(prefix)).build().expect("client")
}

/// [`staged_client`] with a journal in `dir`.
async fn journaled_staged_client(sim: &Simulator, s3: &S3Server, prefix: &str, dir: &Path) -> Client {
    let journal = Journal::open(dir.join("j.sqlite").to_str().expect("utf-8"))
        .await
        .expect("journal");
    builder(sim)
        .staging(s3.staging(prefix))
        .journal(journal)
        .build()
        .expect("client")
}

/// A folder holding copies of `fixtures` (names in the fixtures folder).
fn folder(fixtures: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("folder");
    for name in fixtures {
        std::fs::copy(Path::new(MEDIA).join(name), dir.path().join(name)).expect("copy");
    }
    dir
}

fn waiting() -> WaitOptions {
    WaitOptions {
        timeout: Duration::from_secs(30),
        ..WaitOptions::default()
    }
}

#[tokio::test]
async fn a_folder_of_media_goes_from_disk_to_active_through_presigned_urls() {
    let s3 = S3Server::start();
    let sim = simulator_with(downloading()).await;
    let client = staged_client(&sim, &s3, "people/42");
    let group = common::validated_group(&sim, &client).await;
    let dir = folder(&["image-ok.jpg", "image-ok.png", "video-ok.mp4", "audio-ok.wav"]);

    let found = client.folder_items(dir.path()).expect("folder items");
    assert!(found.skipped.is_empty(), "{:?}", found.skipped);
    let types: Vec<AssetType> = found.items.iter().map(|i| i.asset_type).collect();
    assert_eq!(
        types,
        [
            AssetType::Audio,
            AssetType::Image,
            AssetType::Image,
            AssetType::Video
        ]
    );
    let run = Onboarding::for_group(&group, found.items).with_preflight(true);
    let report = client.onboard(&run).await.expect("onboarded");

    for item in &report.items {
        assert_eq!(item.status, ItemStatus::Active, "{item:?}");
        assert!(item.reference().is_some_and(|r| r.starts_with("asset://")));
        // The report keeps the staged copy's address, never its signature.
        assert!(
            item.item.asset_url.starts_with(&s3.endpoint),
            "{}",
            item.item.asset_url
        );
        assert!(!item.item.asset_url.contains('?'), "{}", item.item.asset_url);
    }
    assert_eq!(
        sim.downloads(),
        (4, 0),
        "the simulator fetched each file as media"
    );
    let objects = s3.objects("people/42");
    assert_eq!(objects.len(), 4, "{objects:?}");
    assert!(objects
        .iter()
        .all(|o| o.len() == 64 + 1 + o.rsplit('.').next().map_or(0, str::len)));
}

#[tokio::test]
async fn upload_asset_with_a_file_stages_it_once_and_the_journal_keys_it_by_content() {
    let s3 = S3Server::start();
    let sim = simulator_with(downloading()).await;
    let journal_dir = tempfile::tempdir().expect("dir");
    let client = journaled_staged_client(&sim, &s3, "once", journal_dir.path()).await;
    let group = common::validated_group(&sim, &client).await;
    let request = UploadAsset::from_file("front", AssetType::Image, fixture("image-ok.jpg")).group_id(&group);

    let first = client.upload_asset(&request).await.expect("uploaded");
    let asset = client
        .wait_for_asset(&first.asset_id, &waiting())
        .await
        .expect("active");
    assert!(asset.is_active());
    // The same content from another path: the journal's key names the content hash, not the
    // path nor the presigned URL (whose query changes), so nothing is sent again.
    let copy = folder(&["image-ok.jpg"]);
    let again =
        UploadAsset::from_file("front", AssetType::Image, copy.path().join("image-ok.jpg")).group_id(&group);
    let second = client.upload_asset(&again).await.expect("recorded");
    assert_eq!(second.asset_id, first.asset_id);
    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), 1);
    assert_eq!(s3.objects("once").len(), 1);

    let staged = client.stage(fixture("image-ok.jpg")).await.expect("staged");
    assert!(!staged.uploaded, "already in the bucket: not put again");
    assert_eq!(staged.sha256.len(), 64);
    assert_eq!(staged.asset_type(), AssetType::Image);
    let shown = format!("{staged:?}");
    assert!(!shown.contains("X-Amz-Signature"), "{shown}");
    assert!(staged.url.contains("X-Amz-Signature"), "a presigned URL");
    assert!(
        staged.url.contains("X-Amz-Expires=86400&"),
        "valid for the default 24 h: {}",
        staged.url
    );
}

#[tokio::test]
async fn the_simulator_fails_assets_whose_urls_do_not_answer_with_the_media() {
    let s3 = S3Server::start();
    let sim = simulator_with(downloading()).await;
    let client = staged_client(&sim, &s3, "bad");
    let staged = client.stage(fixture("image-ok.png")).await.expect("staged");
    let signature_at = staged.url.find("X-Amz-Signature=").expect("signed") + "X-Amz-Signature=".len();
    let mut forged = staged.url.clone();
    let flipped = if &forged[signature_at..=signature_at] == "0" {
        "1"
    } else {
        "0"
    };
    forged.replace_range(signature_at..=signature_at, flipped);
    let missing = format!(
        "{}/{}/bad/{}.png",
        s3.endpoint,
        common::s3::BUCKET,
        "0".repeat(64)
    );
    let page = format!("{}/h5/validate?bytedToken=none", sim.url());

    for url in [forged, missing, page] {
        let id = common::uploaded_id(&client, AssetType::Image, &url).await;
        let error = client.wait_for_asset(&id, &waiting()).await.expect_err(&url);
        let asset = error.asset().expect("the failed asset");
        assert_eq!(error.code(), ErrorCode::AssetFailed, "{url}");
        assert_eq!(
            asset.error_code.as_deref(),
            Some("InvalidParameter.DownloadFailed"),
            "{url}"
        );
    }
    assert_eq!(sim.downloads(), (0, 3));
}

#[tokio::test]
async fn the_check_looks_the_bucket_up_and_writes_nothing() {
    let s3 = S3Server::start();
    s3.staging("checked").check().await.expect("the bucket answers");
    assert!(s3.objects("checked").is_empty());
}

#[tokio::test]
async fn a_bucket_that_refuses_the_credentials_is_a_staging_error_and_nothing_is_uploaded() {
    let s3 = S3Server::start();
    let sim = simulator_with(downloading()).await;
    let wrong_secret = "wrongsecret-zqxjvkpmwtrl";
    let client = builder(&sim)
        .staging(s3.staging_with_secret("refused", wrong_secret))
        .build()
        .expect("client");
    common::media::refused_before_any_upload(
        &sim,
        &client,
        "s3://assets/refused",
        "AWS_SECRET_ACCESS_KEY",
        wrong_secret,
    )
    .await;
    assert!(s3.objects("refused").is_empty());
}

#[tokio::test]
async fn missing_unreadable_and_non_media_files_are_refused_naming_the_field() {
    let s3 = S3Server::start();
    let sim = simulator_with(downloading()).await;
    let client = staged_client(&sim, &s3, "never");
    let dir = folder(&["image-ok.jpg"]);
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a picture\n").expect("write");
    let dangling = dir.path().join("gone.jpg");
    std::os::unix::fs::symlink(dir.path().join("nowhere.jpg"), &dangling).expect("symlink");
    let subfolder = dir.path().join("more");
    std::fs::create_dir(&subfolder).expect("mkdir");

    let cases = [
        (dir.path().join("missing.jpg"), "no such file"),
        (dangling.clone(), "no such file"),
        (subfolder.clone(), "is a directory"),
        (text.clone(), "not an image, video or audio file"),
    ];
    for (path, why) in &cases {
        let request = UploadAsset::from_file("x", AssetType::Image, path);
        match client.upload_asset(&request).await {
            Err(Error::InvalidArgument { field, reason }) => {
                assert_eq!(field, "file");
                assert!(reason.contains(why), "{reason}");
                assert!(reason.contains(&path.display().to_string()), "{reason}");
            }
            other => panic!("{}: {other:?}", path.display()),
        }
        let error = client.stage(path).await.expect_err("refused");
        assert_eq!(error.code(), ErrorCode::InvalidArgument);
    }
    // A video given as an image, and a file given with an asset URL too.
    let wrong_type = UploadAsset::from_file("x", AssetType::Image, fixture("video-ok.mp4"));
    let error = client.upload_asset(&wrong_type).await.expect_err("refused");
    assert!(
        matches!(
            error,
            Error::InvalidArgument {
                field: "asset_type",
                ..
            }
        ),
        "{error}"
    );
    let mut both = UploadAsset::from_file("x", AssetType::Image, fixture("image-ok.jpg"));
    both.asset_url = "https://cdn.example/x.jpg".into();
    let error = client.upload_asset(&both).await.expect_err("refused");
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

    // A journal key without a journal: refused before the file is staged.
    let keyed = UploadAsset::from_file("x", AssetType::Image, fixture("image-ok.jpg")).key("front");
    let error = client.upload_asset(&keyed).await.expect_err("no journal");
    assert_eq!(error.code(), ErrorCode::Configuration, "{error}");

    // The folder: its media listed, everything else skipped with a reason.
    let found = client.folder_items(dir.path()).expect("folder");
    assert_eq!(found.items.len(), 1);
    let skipped: Vec<&Path> = found.skipped.iter().map(|s| s.path.as_path()).collect();
    assert_eq!(skipped, [dangling.as_path(), subfolder.as_path(), text.as_path()]);
    let error = found.all_media().expect_err("not all media");
    assert!(error.to_string().contains("notes.txt"), "{error}");
    // The same through the bindings' call: refused, or the other files left out.
    let error = client
        .folder_assets(dir.path(), false)
        .await
        .expect_err("refused");
    assert!(
        matches!(&error, Error::InvalidArgument { field, .. } if *field == "dir"),
        "{error}"
    );
    let media = client.folder_assets(dir.path(), true).await.expect("media only");
    assert_eq!(media.len(), 1);
    assert!(media[0].file.is_some() && media[0].asset_url.is_empty());
    // A bad item late in the list refuses the run before the good one before it is staged
    // (the bucket is checked empty at the end).
    let items = vec![
        OnboardItem::from_file("front", fixture("image-ok.jpg"), AssetType::Image),
        OnboardItem::from_file("notes", &text, AssetType::Image),
    ];
    let error = client
        .onboard(&Onboarding::for_group("g-1", items))
        .await
        .expect_err("refused");
    assert!(
        error.to_string().contains("item 1") && error.to_string().contains("notes.txt"),
        "{error}"
    );

    // No bucket configured at all.
    let unstaged = builder(&sim).build().expect("client");
    let error = unstaged
        .stage(fixture("image-ok.jpg"))
        .await
        .expect_err("no bucket");
    assert_eq!(error.code(), ErrorCode::Configuration);
    assert!(error.to_string().contains("SEEDANCE_STAGING"), "{error}");

    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), 0);
    assert!(s3.objects("never").is_empty());
}

const WORKER_ENV: &str = "SEEDANCE_STAGING_TEST_WORKER";

/// The worker of the unreadable-file test, run again by it as a process that may not read the
/// file: tries to upload and to stage it, prints one `RESULT <json>` line for each.
#[tokio::test]
#[ignore = "the worker process of the unreadable-file test, started by it"]
async fn unreadable_file_worker() {
    let Ok(job) = std::env::var(WORKER_ENV) else {
        panic!("run by the unreadable-file test only ({WORKER_ENV} unset)");
    };
    let job: serde_json::Value = serde_json::from_str(&job).expect("job is JSON");
    let text = |name: &str| job[name].as_str().unwrap_or_default().to_string();
    let client = Client::builder()
        .api_key(text("api_key"))
        .base_url(text("base_url"))
        .staging(common::s3::staging_at(
            &text("endpoint"),
            "never",
            common::s3::SECRET_KEY,
        ))
        .build()
        .expect("client");
    let path = PathBuf::from(text("path"));
    let outcomes = [
        client
            .upload_asset(&UploadAsset::from_file("x", AssetType::Image, &path).group_id("g-1"))
            .await
            .map(|_| ()),
        client.stage(&path).await.map(|_| ()),
    ];
    for outcome in outcomes {
        let result = match outcome {
            Ok(()) => serde_json::json!({ "ok": true }),
            Err(Error::InvalidArgument { field, reason }) => {
                serde_json::json!({ "field": field, "reason": reason })
            }
            Err(other) => serde_json::json!({ "error": other.to_string() }),
        };
        println!("RESULT {result}");
    }
}

/// A file this process may not read (mode 000; as root, run without the capabilities that
/// read any file) is refused naming the field, the path and why, and nothing is sent.
#[tokio::test]
async fn an_unreadable_file_is_refused_naming_it_and_nothing_is_sent() {
    use std::os::unix::fs::PermissionsExt;
    let s3 = S3Server::start();
    let sim = simulator_with(downloading()).await;
    let dir = folder(&["image-ok.jpg"]);
    let path = dir.path().join("image-ok.jpg");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let job = serde_json::json!({
        "api_key": sim.api_key(), "base_url": sim.url(), "endpoint": s3.endpoint,
        "path": path.to_string_lossy(),
    });
    // Root reads any file: its worker runs without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH.
    let privileged = std::fs::File::open(&path).is_ok();
    let exe = std::env::current_exe().expect("test binary");
    let mut command = if privileged {
        let mut setpriv = std::process::Command::new("setpriv");
        setpriv
            .arg("--bounding-set=-dac_override,-dac_read_search")
            .arg(exe);
        setpriv
    } else {
        std::process::Command::new(exe)
    };
    let output = command
        .args([
            "unreadable_file_worker",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(WORKER_ENV, job.to_string())
        .output()
        .expect("worker runs (setpriv is in util-linux)");
    assert!(output.status.success(), "worker failed: {output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let results: Vec<serde_json::Value> = stdout
        .lines()
        .filter_map(|l| l.split_once("RESULT ").map(|(_, r)| r))
        .map(|r| serde_json::from_str(r).expect("result is JSON"))
        .collect();
    assert_eq!(results.len(), 2, "{stdout}");
    for result in &results {
        assert_eq!(result["field"], "file", "{result}");
        let reason = result["reason"].as_str().unwrap_or_default();
        assert!(reason.contains("permission denied"), "{reason}");
        assert!(reason.contains(&path.display().to_string()), "{reason}");
    }
    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), 0);
    assert!(s3.objects("never").is_empty());
}

#[tokio::test]
async fn preflight_reads_a_local_file_without_the_network() {
    let sim = simulator_with(downloading()).await;
    let client = builder(&sim).build().expect("client");
    let report = client
        .preflight_file(fixture("video-ok.mp4"), AssetType::Video)
        .await
        .expect("report");
    assert!(report.ok, "{report:?}");
    assert_eq!(report.format.as_deref(), Some("mp4"));
    assert!(report.duration.is_some() && report.width.is_some());
    let out = client
        .preflight_file(fixture("video-duration-15.5-out.mp4"), AssetType::Video)
        .await
        .expect("report");
    assert!(!out.ok);
    assert!(
        out.violations.iter().any(|v| v.limit == "video.max_duration"),
        "{out:?}"
    );
}

#[tokio::test]
async fn cleanup_deletes_a_staged_copy_once_its_asset_is_active() {
    let s3 = S3Server::start();
    let sim = simulator_with(downloading()).await;
    let client = builder(&sim)
        .staging(s3.staging("tidy").cleanup(true))
        .build()
        .expect("client");
    let group = common::validated_group(&sim, &client).await;
    let items = vec![
        OnboardItem::from_file("front", fixture("image-ok.jpg"), AssetType::Image),
        OnboardItem::from_file("voice", fixture("audio-ok.wav"), AssetType::Audio),
    ];
    let report = client
        .onboard(&Onboarding::for_group(&group, items))
        .await
        .expect("onboarded");
    assert!(report.all_active(), "{:?}", report.items);
    assert_eq!(sim.downloads(), (2, 0));
    assert!(s3.objects("tidy").is_empty(), "{:?}", s3.objects("tidy"));
}

/// A rerun over a journal stores only what it will upload: the files the journal settled are
/// signed again but not looked up or put in the bucket (here their copies were removed between
/// the runs, as a lifecycle rule would, and stay absent), a new file is stored.
#[tokio::test]
async fn a_rerun_stores_only_the_files_it_uploads() {
    let s3 = S3Server::start();
    let sim = simulator_with(downloading()).await;
    let journal_dir = tempfile::tempdir().expect("dir");
    let client = journaled_staged_client(&sim, &s3, "rerun", journal_dir.path()).await;
    let group = common::validated_group(&sim, &client).await;
    let mut items = vec![
        OnboardItem::from_file("front", fixture("image-ok.jpg"), AssetType::Image),
        OnboardItem::from_file("voice", fixture("audio-ok.wav"), AssetType::Audio),
    ];
    let first = client
        .onboard(&Onboarding::for_group(&group, items.clone()))
        .await
        .expect("onboarded");
    assert!(first.all_active(), "{:?}", first.items);
    assert_eq!(first.uploads_sent, 2);
    let bucket = s3.root.path().join(common::s3::BUCKET).join("rerun");
    for name in s3.objects("rerun") {
        std::fs::remove_file(bucket.join(name)).expect("copy removed");
    }

    items.push(OnboardItem::from_file(
        "side",
        fixture("image-ok.png"),
        AssetType::Image,
    ));
    let second = client
        .onboard(&Onboarding::for_group(&group, items))
        .await
        .expect("rerun");
    assert!(second.all_active(), "{:?}", second.items);
    assert_eq!(second.uploads_sent, 1);
    let objects = s3.objects("rerun");
    assert_eq!(objects.len(), 1, "{objects:?}");
    assert!(objects[0].ends_with(".png"), "{objects:?}");
    assert_eq!(sim.downloads(), (3, 0));
}

/// One file given twice is one staged copy: it is kept while either item needs it (here one
/// upload is refused, so a rerun sends it again), and the other file's copy is deleted.
#[tokio::test]
async fn cleanup_keeps_a_copy_an_item_that_is_not_active_still_needs() {
    let s3 = S3Server::start();
    let sim = simulator_with(downloading()).await;
    let client = builder(&sim)
        .staging(s3.staging("shared").cleanup(true))
        .build()
        .expect("client");
    let group = common::validated_group(&sim, &client).await;
    let dir = folder(&["image-ok.jpg"]);
    let twin = dir.path().join("twin.jpg");
    std::fs::copy(fixture("image-ok.jpg"), &twin).expect("copy");
    // The first of the three uploads is refused (which item sends first is up to the run).
    sim.inject_fault(SimEndpoint::UploadAsset, Fault::Status { code: 400 }, 1);
    let items = vec![
        OnboardItem::from_file("voice", fixture("audio-ok.wav"), AssetType::Audio),
        OnboardItem::from_file("front", dir.path().join("image-ok.jpg"), AssetType::Image),
        OnboardItem::from_file("front again", &twin, AssetType::Image),
    ];
    let report = client
        .onboard(&Onboarding::for_group(&group, items).concurrency(1))
        .await
        .expect("onboarded");
    let statuses: Vec<ItemStatus> = report.items.iter().map(|i| i.status).collect();
    assert_eq!(
        statuses,
        [ItemStatus::Failed, ItemStatus::Active, ItemStatus::Active]
    );
    // The voice's copy was kept for its rerun; the photo's is gone with both its items Active.
    assert_eq!(s3.objects("shared").len(), 1, "{:?}", s3.objects("shared"));
    assert!(s3.objects("shared")[0].ends_with(".wav"));

    // Now the photo twice, one of them refused: its copy stays.
    sim.inject_fault(SimEndpoint::UploadAsset, Fault::Status { code: 400 }, 1);
    let items = vec![
        OnboardItem::from_file("front", dir.path().join("image-ok.jpg"), AssetType::Image),
        OnboardItem::from_file("front again", &twin, AssetType::Image),
    ];
    let report = client
        .onboard(&Onboarding::for_group(&group, items).concurrency(1))
        .await
        .expect("onboarded");
    let statuses: Vec<ItemStatus> = report.items.iter().map(|i| i.status).collect();
    assert_eq!(statuses, [ItemStatus::Failed, ItemStatus::Active]);
    let jpegs = s3
        .objects("shared")
        .into_iter()
        .filter(|o| o.ends_with(".jpeg") || o.ends_with(".jpg"))
        .count();
    assert_eq!(jpegs, 1, "{:?}", s3.objects("shared"));
}

#[tokio::test]
async fn a_large_file_is_put_in_parts_and_fetched_whole() {
    let s3 = S3Server::start();
    let sim = simulator_with(downloading()).await;
    let client = staged_client(&sim, &s3, "large");
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("long.wav");
    let content = silence_wav(12 * 1024 * 1024);
    std::fs::write(&path, &content).expect("write");

    let staged = client.stage(&path).await.expect("staged");
    assert!(staged.uploaded);
    let stored = s3.root.path().join(common::s3::BUCKET).join(&staged.key);
    assert_eq!(std::fs::read(&stored).expect("stored object"), content);
    let id = common::uploaded_id(&client, AssetType::Audio, &staged.url).await;
    client
        .wait_for_asset(&id, &waiting())
        .await
        .expect("fetched as media");
    assert_eq!(sim.downloads(), (1, 0));

    // Past the largest upstream limit (50 MB video): refused before a byte is read.
    let huge = dir.path().join("huge.wav");
    let file = std::fs::File::create(&huge).expect("create");
    file.set_len(60 * 1024 * 1024).expect("sparse file");
    let error = client.stage(&huge).await.expect_err("too large");
    assert!(
        error.to_string().contains("larger than upstream accepts"),
        "{error}"
    );
}
