//! Answers lost on the way (cut short, not JSON) versus answers that are well-formed but wrong:
//! the first are transient for the GETs, the second fail at once.

mod common;

use std::time::Duration;

use common::*;
use seedance_assets::{AssetStatus, AssetType, CreateSession, ErrorCode, WaitOptions};
use seedance_assets_simulator::{Endpoint as SimEndpoint, Fault};

fn fast(timeout: Duration) -> WaitOptions {
    WaitOptions::with_timeout(timeout).poll_every(Duration::from_millis(50))
}

#[tokio::test]
async fn a_cut_short_or_non_json_get_answer_is_asked_again() {
    let sim = simulator().await;
    let client = client(&sim);
    let group = validated_group(&sim, &client).await;
    let id = client.upload_asset(&photo(&group)).await.unwrap().asset_id;
    for fault in [
        Fault::TruncatedBody,
        Fault::MalformedBody,
        Fault::HtmlError { http_status: 200 },
    ] {
        assert_one_fault_is_retried(&sim, &client, &id, fault).await;
    }
}

#[tokio::test]
async fn a_garbled_answer_that_persists_is_a_decode_error_after_the_retries() {
    let sim = simulator().await;
    let client = builder(&sim).max_retries(2).build().unwrap();
    sim.inject_fault(SimEndpoint::AssetInfo, Fault::MalformedBody, 10);
    let err = client.get_asset("asset-1").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Decode, "{err}");
    assert_eq!(sim.request_count(SimEndpoint::AssetInfo), 3);
}

#[tokio::test]
async fn a_wait_rides_through_truncated_and_malformed_answers() {
    let sim = simulator().await;
    // No retries inside a poll: the wait itself must carry on.
    let client = builder(&sim).max_retries(0).build().unwrap();
    let id = uploaded_id(&client, AssetType::Image, "https://cdn.example/x.jpg").await;
    sim.inject_fault(SimEndpoint::AssetInfo, Fault::TruncatedBody, 2);
    sim.inject_fault(SimEndpoint::AssetInfo, Fault::MalformedBody, 2);
    let asset = client
        .wait_for_asset(&id, &fast(Duration::from_secs(30)))
        .await
        .unwrap();
    assert_eq!(asset.status, AssetStatus::Active);
    assert!(sim.request_count(SimEndpoint::AssetInfo) >= 5);
}

#[tokio::test]
async fn a_well_formed_envelope_with_wrong_data_fails_at_once() {
    let sim = simulator().await;
    let client = client(&sim);
    sim.inject_fault(SimEndpoint::AssetInfo, Fault::MissingData, 3);
    let err = client.get_asset("asset-1").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Decode, "{err}");
    assert_eq!(sim.request_count(SimEndpoint::AssetInfo), 1);
    let err = client
        .wait_for_asset("asset-1", &fast(Duration::from_secs(30)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Decode, "{err}");
    assert_eq!(sim.request_count(SimEndpoint::AssetInfo), 2);
}

#[tokio::test]
async fn a_lost_validation_result_stays_outcome_unknown() {
    let sim = simulator().await;
    let client = client(&sim);
    for fault in [Fault::TruncatedBody, Fault::MalformedBody] {
        let session = client
            .create_validation_session(&CreateSession::new(CALLBACK))
            .await
            .unwrap();
        sim.complete_validation(&session.byted_token, true).unwrap();
        sim.inject_fault(SimEndpoint::ValidationResult, fault.clone(), 1);
        let err = client
            .get_validation_result(&session.byted_token)
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::OutcomeUnknown, "{fault:?}: {err}");
    }
}

#[tokio::test]
async fn a_truncated_upload_answer_is_outcome_unknown_and_not_resent() {
    let sim = simulator().await;
    let client = client(&sim);
    let group = validated_group(&sim, &client).await;
    sim.reset_counters();
    sim.inject_fault(SimEndpoint::UploadAsset, Fault::TruncatedBody, 1);
    let err = client.upload_asset(&photo(&group)).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::OutcomeUnknown, "{err}");
    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), 1);
    assert_eq!(sim.asset_count(), 1, "the upload took effect");
}
