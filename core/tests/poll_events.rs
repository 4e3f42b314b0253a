//! A wait reports every poll, retry and rate-limit hold to `on_poll`, so a stall is never silent.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use seedance_assets::{AssetStatus, AssetType, PollEvent, WaitOptions};
use seedance_assets_simulator::{Endpoint as SimEndpoint, Fault};

#[tokio::test]
async fn polls_and_retries_reach_the_callback_in_order() {
    let sim = simulator().await;
    // Long enough that a poll sees Processing even after a retry on a loaded machine.
    sim.set_processing_delay(Duration::from_secs(2), Duration::from_secs(2));
    let client = client(&sim);
    let id = uploaded_id(&client, AssetType::Image, "https://cdn.example/a.jpg").await;
    sim.inject_fault(
        SimEndpoint::AssetInfo,
        Fault::RateLimited { retry_after_secs: 0 },
        1,
    );
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&events);
    let options = WaitOptions::with_timeout(Duration::from_secs(30))
        .poll_every(Duration::from_millis(50))
        .on_poll(move |event| seen.lock().unwrap().push(event.clone()));
    let asset = client.wait_for_asset(&id, &options).await.unwrap();
    assert_eq!(asset.status, AssetStatus::Active);
    let events = events.lock().unwrap();
    assert!(
        matches!(
            events.first(),
            Some(PollEvent::Retrying {
                code: "ERR_RATE_LIMITED",
                ..
            })
        ),
        "{events:?}"
    );
    assert!(
        events.iter().any(|e| matches!(
            e,
            PollEvent::Polled {
                status: AssetStatus::Processing,
                ..
            }
        )),
        "{events:?}"
    );
    assert!(
        matches!(events.last(), Some(PollEvent::Polled { status: AssetStatus::Active, next_poll_in, .. }) if next_poll_in.is_zero()),
        "{events:?}"
    );
}
