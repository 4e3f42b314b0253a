//! Many requests at high concurrency: every one answered, every one counted.
//! `SIM_LOAD_REQUESTS=20000 cargo test --release --test load -- --nocapture` for the benchmark size.

mod common;

use std::sync::Arc;
use std::time::Instant;

use common::start;
use seedance_assets_simulator::Endpoint;
use tokio::sync::Semaphore;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_at_64_in_flight() {
    let total: usize = std::env::var("SIM_LOAD_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let h = start().await;
    let id = h.upload("https://e.com/a.jpg").await;
    let url = format!("{}?asset_id={id}", h.api("asset-info"));
    let key = h.sim.api_key().to_owned();
    let permits = Arc::new(Semaphore::new(64));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(total);
    for _ in 0..total {
        let permit = Arc::clone(&permits).acquire_owned().await.expect("permit");
        let (http, url, key) = (h.http.clone(), url.clone(), key.clone());
        tasks.push(tokio::spawn(async move {
            let resp = http.get(url).header("x-api-key", key).send().await.expect("sent");
            drop(permit);
            resp.status().as_u16()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.expect("task"), 200);
    }
    let elapsed = started.elapsed();
    println!(
        "{total} requests in {elapsed:?} ({:.0}/s)",
        total as f64 / elapsed.as_secs_f64()
    );
    assert_eq!(h.sim.request_count(Endpoint::AssetInfo), total);
}
