//! `Client::diagnose`: one lookup of a made-up asset id tells a good key (404) from a bad one
//! (401), an unreachable service, and the clock skew from the `Date` header.

mod common;

use common::*;
use seedance_assets::Client;

#[tokio::test]
async fn a_good_key_is_a_404_with_the_servers_clock() {
    let sim = simulator().await;
    let d = client(&sim).diagnose().await;
    assert!(d.reachable);
    assert!(!d.tls, "the simulator is plain http");
    assert_eq!(d.http_status, Some(404));
    assert_eq!(d.key_accepted, Some(true));
    assert_eq!(d.answer_code, Some("ERR_NOT_FOUND"));
    assert!(d.problem.is_none(), "{:?}", d.problem);
    assert!(d.server_time.is_some());
    // Same machine: the skew is the Date header's one-second resolution at most, plus slack.
    assert!(
        d.clock_skew_seconds.unwrap().abs() < 5.0,
        "{:?}",
        d.clock_skew_seconds
    );
    assert_eq!(sim.total_requests(), 1, "one request, no retry");
}

#[tokio::test]
async fn a_bad_key_is_refused_and_not_shown() {
    let sim = simulator().await;
    let client = Client::builder()
        .api_key("sk-not-the-key-qwertyuiop")
        .base_url(sim.url())
        .build()
        .unwrap();
    let d = client.diagnose().await;
    assert_eq!(d.http_status, Some(401));
    assert_eq!(d.key_accepted, Some(false));
    let problem = d.problem.expect("a problem");
    assert!(!problem.contains("qwertyuiop"), "{problem}");
}

#[tokio::test]
async fn an_unreachable_service_is_reported_without_a_status() {
    let sim = simulator().await;
    let url = sim.url();
    sim.shutdown().await;
    let client = Client::builder().api_key("k").base_url(url).build().unwrap();
    let d = client.diagnose().await;
    assert!(!d.reachable);
    assert_eq!(d.http_status, None);
    assert_eq!(d.key_accepted, None);
    assert!(d.problem.is_some());
}
