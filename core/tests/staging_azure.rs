//! Local files staged in Azure Blob Storage (Azurite on 127.0.0.1, which checks every Shared
//! Key and SAS signature) and fetched by the simulator in download mode through their SAS URLs,
//! as upstream fetches them: the same flow as `staging.rs` over S3, with the Azure store.

mod common;

use std::time::Duration;

use common::azurite::{Azurite, CONTAINER};
use common::media::{downloading, fixture, silence_wav};
use common::{builder, simulator_with};
use seedance_assets::{AssetType, ErrorCode, ItemStatus, Onboarding, WaitOptions};

#[tokio::test]
async fn the_check_looks_the_container_up_and_writes_nothing() {
    let azurite = Azurite::start();
    azurite
        .staging("checked")
        .check()
        .await
        .expect("the container answers");
    assert!(azurite.objects("checked").await.is_empty());
}

#[tokio::test]
async fn a_folder_of_media_goes_from_disk_to_active_through_sas_urls() {
    let azurite = Azurite::start();
    let sim = simulator_with(downloading()).await;
    let client = builder(&sim)
        .staging(azurite.staging("people/42"))
        .build()
        .expect("client");
    let group = common::validated_group(&sim, &client).await;
    let dir = tempfile::tempdir().expect("folder");
    for name in ["image-ok.jpg", "video-ok.mp4", "audio-ok.wav"] {
        std::fs::copy(fixture(name), dir.path().join(name)).expect("copy");
    }

    let found = client.folder_items(dir.path()).expect("folder items");
    let run = Onboarding::for_group(&group, found.items).with_preflight(true);
    let report = client.onboard(&run).await.expect("onboarded");
    for item in &report.items {
        assert_eq!(item.status, ItemStatus::Active, "{item:?}");
        // The report keeps the staged copy's address, never its signature.
        assert!(
            item.item.asset_url.starts_with(&azurite.endpoint),
            "{}",
            item.item.asset_url
        );
        assert!(!item.item.asset_url.contains('?'), "{}", item.item.asset_url);
    }
    assert_eq!(
        sim.downloads(),
        (3, 0),
        "the simulator fetched each file as media"
    );
    let objects = azurite.objects("people/42").await;
    assert_eq!(
        objects.len(),
        3,
        "{:?}",
        objects.iter().map(|o| &o.0).collect::<Vec<_>>()
    );
    for (name, content) in &objects {
        let original = name.rsplit('/').next().expect("name");
        let ext = original.rsplit('.').next().expect("extension");
        let source = ["image-ok.jpg", "video-ok.mp4", "audio-ok.wav"]
            .into_iter()
            .find(|f| f.ends_with(ext) || (ext == "jpeg" && f.ends_with("jpg")))
            .expect("source file");
        assert_eq!(
            content,
            &std::fs::read(dir.path().join(source)).expect("read"),
            "{name}"
        );
    }

    // The same file again: found in the container, not put twice.
    let again = client
        .stage(dir.path().join("image-ok.jpg"))
        .await
        .expect("staged");
    assert!(!again.uploaded);

    // Azurite checks the SAS: a URL whose signature was tampered with is not the media.
    let signature_at = again.url.find("sig=").expect("a SAS URL") + "sig=".len();
    let mut forged = again.url.clone();
    let flipped = if &forged[signature_at..=signature_at] == "A" {
        "B"
    } else {
        "A"
    };
    forged.replace_range(signature_at..=signature_at, flipped);
    let id = common::uploaded_id(&client, AssetType::Image, &forged).await;
    let waiting = WaitOptions {
        timeout: Duration::from_secs(30),
        ..WaitOptions::default()
    };
    let error = client.wait_for_asset(&id, &waiting).await.expect_err("forged");
    assert_eq!(error.code(), ErrorCode::AssetFailed);
    assert_eq!(
        error.asset().and_then(|a| a.error_code.as_deref()),
        Some("InvalidParameter.DownloadFailed")
    );
    assert_eq!(sim.downloads(), (3, 1));
}

#[tokio::test]
async fn a_large_file_is_put_in_blocks_and_fetched_whole() {
    let azurite = Azurite::start();
    let sim = simulator_with(downloading()).await;
    let client = builder(&sim)
        .staging(azurite.staging("large"))
        .build()
        .expect("client");
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("long.wav");
    let content = silence_wav(12 * 1024 * 1024);
    std::fs::write(&path, &content).expect("write");

    let staged = client.stage(&path).await.expect("staged");
    assert!(staged.uploaded);
    let objects = azurite.objects("large").await;
    assert_eq!(objects.len(), 1);
    assert!(objects[0].1 == content, "the stored blob is the file");
    let id = common::uploaded_id(&client, AssetType::Audio, &staged.url).await;
    let waiting = WaitOptions {
        timeout: Duration::from_secs(30),
        ..WaitOptions::default()
    };
    client
        .wait_for_asset(&id, &waiting)
        .await
        .expect("fetched as media");
    assert_eq!(sim.downloads(), (1, 0));
}

#[tokio::test]
async fn a_container_that_refuses_the_key_is_a_staging_error_and_nothing_is_uploaded() {
    let azurite = Azurite::start();
    let sim = simulator_with(downloading()).await;
    // A well-formed key that is not the account's.
    let wrong_key = "d3Jvbmcta2V5LW5vdC10aGUtYWNjb3VudHMtcXB6bXdsdnhrcmhqenF4anZrcG13dHJs";
    let client = builder(&sim)
        .staging(azurite.staging_with_key("refused", wrong_key))
        .build()
        .expect("client");
    common::media::refused_before_any_upload(
        &sim,
        &client,
        &format!("az://{CONTAINER}/refused"),
        "AZURE_STORAGE_ACCOUNT_KEY",
        wrong_key,
    )
    .await;
    assert!(azurite.objects("refused").await.is_empty());
}
