//! The retry rules: what is resent, what never is, Retry-After, and the per-call deadline.

mod common;

use std::time::{Duration, Instant};

use common::*;
use seedance_assets::{CallOptions, CreateSession, Error, ErrorCode};
use seedance_assets_simulator::{Endpoint as SimEndpoint, Fault};

#[tokio::test]
async fn get_is_retried_after_5xx_timeouts_and_dropped_connections() {
    let sim = simulator().await;
    let client = builder(&sim).timeout(Duration::from_millis(400)).build().unwrap();
    let group = validated_group(&sim, &client).await;
    let id = client.upload_asset(&photo(&group)).await.unwrap().asset_id;
    for fault in [
        Fault::ServerErrorBeforeEffect,
        Fault::HtmlError { http_status: 503 },
        Fault::ServiceUnavailable,
        Fault::DropConnection,
        Fault::Slow {
            delay: Duration::from_secs(3),
        },
    ] {
        assert_one_fault_is_retried(&sim, &client, &id, fault).await;
    }
}

#[tokio::test]
async fn retries_stop_at_max_retries() {
    let sim = simulator().await;
    let client = builder(&sim).max_retries(2).build().unwrap();
    sim.inject_fault(SimEndpoint::AssetInfo, Fault::ServerErrorBeforeEffect, 10);
    let err = client.get_asset("asset-1").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Server);
    assert_eq!(sim.request_count(SimEndpoint::AssetInfo), 3);
}

#[tokio::test]
async fn definitive_errors_are_never_retried() {
    let sim = simulator().await;
    let client = client(&sim);
    for code in [401, 402, 404, 422, 501, 505] {
        sim.reset_counters();
        sim.inject_fault(SimEndpoint::AssetInfo, Fault::Status { code }, 1);
        client.get_asset("asset-1").await.unwrap_err();
        assert_eq!(sim.request_count(SimEndpoint::AssetInfo), 1, "code {code}");
    }
}

#[tokio::test]
async fn retry_after_is_waited_at_least() {
    let sim = simulator().await;
    let client = client(&sim);
    sim.inject_fault(
        SimEndpoint::AssetInfo,
        Fault::RateLimited { retry_after_secs: 1 },
        1,
    );
    let started = Instant::now();
    let err = client.get_asset("asset-1").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound, "the retry got through: {err}");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(sim.request_count(SimEndpoint::AssetInfo), 2);
}

#[tokio::test]
async fn upload_answered_500_after_its_effect_is_not_duplicated() {
    let sim = simulator().await;
    let client = client(&sim);
    let group = validated_group(&sim, &client).await;
    sim.inject_fault(SimEndpoint::UploadAsset, Fault::ServerErrorAfterEffect, 1);
    let err = client.upload_asset(&photo(&group)).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::OutcomeUnknown, "{err}");
    assert_eq!(err.http_status(), Some(500), "the cause's status is kept");
    match &err {
        Error::OutcomeUnknown { operation, cause } => {
            assert_eq!(*operation, "asset-upload");
            assert_eq!(cause.code(), ErrorCode::Server);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), 1);
    assert_eq!(sim.asset_count(), 1);
}

#[tokio::test]
async fn posts_are_not_resent_after_timeouts_drops_or_unreadable_answers() {
    let sim = simulator().await;
    let client = builder(&sim).timeout(Duration::from_millis(300)).build().unwrap();
    for fault in [
        Fault::Slow {
            delay: Duration::from_secs(2),
        },
        Fault::DropConnection,
        Fault::ServerErrorBeforeEffect,
        Fault::MalformedBody,
    ] {
        sim.reset_counters();
        sim.inject_fault(SimEndpoint::CreateSession, fault.clone(), 1);
        let err = client
            .create_validation_session(&CreateSession::new(CALLBACK))
            .await
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::OutcomeUnknown, "{fault:?}: {err}");
        assert_eq!(sim.request_count(SimEndpoint::CreateSession), 1, "{fault:?}");
    }
}

#[tokio::test]
async fn posts_are_retried_when_refused_with_429_or_455() {
    let sim = simulator().await;
    let client = client(&sim);
    let group = validated_group(&sim, &client).await;
    sim.inject_fault(
        SimEndpoint::UploadAsset,
        Fault::RateLimited { retry_after_secs: 0 },
        1,
    );
    sim.inject_fault(SimEndpoint::UploadAsset, Fault::ServiceUnavailable, 1);
    client.upload_asset(&photo(&group)).await.unwrap();
    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), 3);
    assert_eq!(sim.asset_count(), 1);
}

#[tokio::test]
async fn a_consumed_token_after_a_lost_answer_is_outcome_unknown() {
    let sim = simulator().await;
    let client = client(&sim);
    let session = client
        .create_validation_session(&CreateSession::new(CALLBACK))
        .await
        .unwrap();
    sim.complete_validation(&session.byted_token, true).unwrap();
    // The first exchange consumes the token but its answer is lost; the retry finds it used.
    sim.inject_fault(SimEndpoint::ValidationResult, Fault::ServerErrorAfterEffect, 1);
    let err = client
        .get_validation_result(&session.byted_token)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::OutcomeUnknown, "{err}");
    assert_eq!(sim.request_count(SimEndpoint::ValidationResult), 2);
}

#[tokio::test]
async fn a_token_is_single_use() {
    let sim = simulator().await;
    let client = client(&sim);
    let session = client
        .create_validation_session(&CreateSession::new(CALLBACK))
        .await
        .unwrap();
    let err = client
        .get_validation_result(&session.byted_token)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unprocessable, "not validated yet: {err}");
    sim.complete_validation(&session.byted_token, true).unwrap();
    client.get_validation_result(&session.byted_token).await.unwrap();
    let again = client
        .get_validation_result(&session.byted_token)
        .await
        .unwrap_err();
    assert_eq!(again.code(), ErrorCode::Unprocessable, "{again}");
}

#[tokio::test]
async fn the_deadline_bounds_attempts_and_sleeps() {
    let sim = simulator().await;
    let client = builder(&sim).max_retries(50).build().unwrap();
    sim.inject_fault(
        SimEndpoint::AssetInfo,
        Fault::Slow {
            delay: Duration::from_secs(30),
        },
        100,
    );
    let started = Instant::now();
    let err = client
        .with_options(CallOptions {
            deadline: Some(Duration::from_millis(800)),
            ..Default::default()
        })
        .get_asset("asset-1")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Timeout, "{err}");
    assert!(started.elapsed() >= Duration::from_millis(800));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_deadline_is_not_waited_for() {
    let sim = simulator().await;
    let client = client(&sim);
    sim.inject_fault(
        SimEndpoint::AssetInfo,
        Fault::RateLimited { retry_after_secs: 30 },
        1,
    );
    let started = Instant::now();
    let err = client
        .with_options(CallOptions {
            deadline: Some(Duration::from_secs(2)),
            ..Default::default()
        })
        .get_asset("asset-1")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn client_side_rate_limit_paces_requests() {
    let sim = simulator().await;
    let limits = seedance_assets::RateLimits {
        asset_info: Some(seedance_assets::RateLimit::per_second(5)),
        ..seedance_assets::RateLimits::disabled()
    };
    let client = builder(&sim).rate_limits(limits).build().unwrap();
    let started = Instant::now();
    for _ in 0..10 {
        let _ = client.get_asset("asset-1").await;
    }
    // A burst of 5 passes at once; the other 5 need at least ~1 s at 5/s.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(sim.request_count(SimEndpoint::AssetInfo), 10);
}
