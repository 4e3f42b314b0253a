//! `wait_for_asset`: Active, Failed, the deadline, transient errors, cancellation.

mod common;

use std::time::{Duration, Instant};

use common::*;
use seedance_assets::{AssetStatus, AssetType, Error, ErrorCode, UploadAsset, WaitOptions};
use seedance_assets_simulator::{Endpoint as SimEndpoint, Fault};

fn fast(timeout: Duration) -> WaitOptions {
    WaitOptions::with_timeout(timeout).poll_every(Duration::from_millis(50))
}

#[tokio::test]
async fn a_face_mismatch_ends_in_asset_failed_with_the_reason() {
    let sim = simulator().await;
    let client = client(&sim);
    let group = validated_group(&sim, &client).await;
    let req = UploadAsset::new(
        "other person",
        AssetType::Image,
        "https://cdn.example/face-mismatch.jpg",
    )
    .group_id(group);
    let id = client.upload_asset(&req).await.unwrap().asset_id;
    let err = client
        .wait_for_asset(&id, &fast(Duration::from_secs(30)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::AssetFailed);
    let asset = err.asset().expect("the failed asset is carried");
    assert_eq!(asset.status, AssetStatus::Failed);
    assert_eq!(asset.error_code.as_deref(), Some("FaceMismatch"));
    assert!(asset.error_message.is_some());
    assert!(err.to_string().contains("FaceMismatch"));
}

#[tokio::test]
async fn the_deadline_ends_the_wait_with_the_last_asset_seen() {
    let sim = simulator().await;
    sim.set_processing_delay(Duration::from_secs(3600), Duration::from_secs(3600));
    let client = client(&sim);
    let id = uploaded_id(&client, AssetType::Audio, "https://cdn.example/a.mp3").await;
    let started = Instant::now();
    let err = client
        .wait_for_asset(&id, &WaitOptions::with_timeout(Duration::from_millis(1500)))
        .await
        .unwrap_err();
    let waited = started.elapsed();
    assert_eq!(err.code(), ErrorCode::WaitTimeout, "{err}");
    assert!(waited >= Duration::from_millis(1500), "{waited:?}");
    assert!(waited < Duration::from_secs(15), "{waited:?}");
    match err {
        Error::WaitTimeout { last: Some(last), .. } => assert_eq!(last.status, AssetStatus::Processing),
        other => panic!("{other:?}"),
    }
    // Backoff starts at 1 s: a poll at 0 s, one at ~1 s, maybe one just before the deadline
    // (a fixed 50 ms interval would have made ~30).
    let polls = sim.request_count(SimEndpoint::AssetInfo);
    assert!((1..=4).contains(&polls), "{polls} polls");
}

#[tokio::test]
async fn transient_errors_while_polling_are_ridden_out() {
    let sim = simulator().await;
    let client = builder(&sim).max_retries(0).build().unwrap();
    let id = uploaded_id(&client, AssetType::Image, "https://cdn.example/x.jpg").await;
    sim.inject_fault(SimEndpoint::AssetInfo, Fault::ServerErrorBeforeEffect, 2);
    sim.inject_fault(SimEndpoint::AssetInfo, Fault::DropConnection, 1);
    let asset = client
        .wait_for_asset(&id, &fast(Duration::from_secs(30)))
        .await
        .unwrap();
    assert_eq!(asset.status, AssetStatus::Active);
    assert!(sim.request_count(SimEndpoint::AssetInfo) >= 4);
}

#[tokio::test]
async fn a_definitive_error_while_polling_ends_the_wait() {
    let sim = simulator().await;
    let client = client(&sim);
    let err = client
        .wait_for_asset("asset-20990101000000-nope0", &fast(Duration::from_secs(30)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(sim.request_count(SimEndpoint::AssetInfo), 1);
}

#[tokio::test]
async fn dropping_the_wait_stops_polling() {
    let sim = simulator().await;
    sim.set_processing_delay(Duration::from_secs(3600), Duration::from_secs(3600));
    let client = client(&sim);
    let id = uploaded_id(&client, AssetType::Image, "https://cdn.example/x.jpg").await;
    let options = fast(Duration::from_secs(600));
    let waiting = client.wait_for_asset(&id, &options);
    assert!(tokio::time::timeout(Duration::from_millis(300), waiting)
        .await
        .is_err());
    // A request already on the wire when the future was dropped may still land: let it.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let polls = sim.request_count(SimEndpoint::AssetInfo);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        sim.request_count(SimEndpoint::AssetInfo),
        polls,
        "no polls after the future was dropped"
    );
}

#[tokio::test]
async fn bad_wait_options_are_refused_before_any_request() {
    let sim = simulator().await;
    let client = client(&sim);
    let zero_interval = WaitOptions::default().poll_every(Duration::ZERO);
    let zero_timeout = WaitOptions::with_timeout(Duration::ZERO);
    for options in [zero_interval, zero_timeout] {
        let err = client.wait_for_asset("asset-1", &options).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
    }
    assert_eq!(sim.total_requests(), 0);
}
