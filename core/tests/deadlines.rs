//! Deadlines mean what they say: a call's deadline bounds a wait, and time spent queued by the
//! client-side rate limit is reported as such, not as a server timeout.

mod common;

use std::time::{Duration, Instant};

use common::*;
use seedance_assets::{AssetType, CallOptions, Error, ErrorCode, RateLimit, RateLimits, WaitOptions};
use seedance_assets_simulator::Endpoint as SimEndpoint;

#[tokio::test]
async fn the_call_deadline_bounds_a_wait_when_it_is_earlier() {
    let sim = simulator().await;
    sim.set_processing_delay(Duration::from_secs(3600), Duration::from_secs(3600));
    let client = client(&sim);
    let id = uploaded_id(&client, AssetType::Image, "https://cdn.example/a.jpg").await;
    let started = Instant::now();
    let err = client
        .with_options(CallOptions {
            deadline: Some(Duration::from_millis(500)),
            ..Default::default()
        })
        .wait_for_asset(&id, &WaitOptions::default())
        .await
        .unwrap_err();
    let waited = started.elapsed();
    assert_eq!(err.code(), ErrorCode::WaitTimeout, "{err}");
    assert!(waited >= Duration::from_millis(450), "{waited:?}");
    // Before the fix this ran for the wait's own 600 s (the first backoff sleep alone is 1 s).
    assert!(waited < Duration::from_secs(5), "{waited:?}");
}

#[tokio::test]
async fn time_queued_by_the_client_side_limit_is_reported_as_local() {
    let sim = simulator().await;
    let mut limits = RateLimits::disabled();
    limits.set(
        seedance_assets::Endpoint::AssetInfo,
        Some(RateLimit::new(1, Duration::from_secs(60)).unwrap()),
    );
    let client = builder(&sim).rate_limits(limits).build().unwrap();
    let id = uploaded_id(&client, AssetType::Image, "https://cdn.example/a.jpg").await;
    client.get_asset(&id).await.unwrap();
    let err = client
        .with_options(CallOptions {
            deadline: Some(Duration::from_millis(300)),
            ..Default::default()
        })
        .get_asset(&id)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::RateLimited, "{err}");
    assert_eq!(err.http_status(), None, "no response was involved");
    match &err {
        Error::QueuedLocally { waited, operation } => {
            assert!(*waited >= Duration::from_millis(250), "{waited:?}");
            assert_eq!(*operation, "asset-info");
        }
        other => panic!("{other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.contains("queued locally") && text.contains("client-side rate limit"),
        "{text}"
    );
    assert!(!text.contains("Duration") && !text.contains("ms,"), "{text}");
    assert_eq!(
        sim.request_count(SimEndpoint::AssetInfo),
        1,
        "the queued call sent nothing"
    );
}

#[tokio::test]
async fn durations_in_messages_read_as_people_write_them() {
    let err = Error::WaitTimeout {
        asset_id: "asset-1".into(),
        waited: Duration::from_millis(1_500_910),
        last: None,
    };
    assert!(err.to_string().contains("after 25 min"), "{err}");
    let err = Error::Timeout {
        elapsed: Duration::from_nanos(1_500_910_114),
    };
    assert_eq!(err.to_string(), "request timed out after 1.5 s");
}

#[tokio::test]
async fn out_of_range_options_are_refused_before_anything_is_sent() {
    let sim = simulator().await;
    let too_long = builder(&sim)
        .timeout(Duration::from_secs(30_000))
        .build()
        .unwrap_err();
    assert!(
        matches!(too_long, Error::InvalidArgument { field: "timeout", .. }),
        "{too_long}"
    );
    let client = client(&sim);
    let err = client
        .with_options(CallOptions {
            deadline: Some(Duration::ZERO),
            ..Default::default()
        })
        .get_asset("asset-1")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidArgument {
                field: "deadline",
                ..
            }
        ),
        "{err}"
    );
    let zero_rate = RateLimit::new(0, Duration::from_secs(1)).unwrap_err();
    assert!(
        matches!(
            zero_rate,
            Error::InvalidArgument {
                field: "max_requests",
                ..
            }
        ),
        "{zero_rate}"
    );
    assert_eq!(sim.request_count(SimEndpoint::AssetInfo), 0);
}

#[tokio::test]
async fn a_session_knows_its_ttl_and_an_expired_exchange_says_so() {
    use seedance_assets::CreateSession;
    use seedance_assets_simulator::{Simulator, SimulatorConfig};
    let sim = Simulator::start(SimulatorConfig::default().with_link_ttl(Duration::from_secs(1)))
        .await
        .unwrap();
    let client = builder(&sim).session_ttl(Duration::from_secs(1)).build().unwrap();
    let session = client
        .create_validation_session(&CreateSession::new(CALLBACK))
        .await
        .unwrap();
    let ttl = session.expires_at - session.created_at;
    assert_eq!(ttl.num_milliseconds(), 1000);
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert!(session.is_expired());
    let err = client
        .get_validation_result(&session.byted_token)
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Unprocessable, "{err}");
    assert!(err.to_string().contains("expired: create a new session"), "{err}");
}
