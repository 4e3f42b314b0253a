//! Shared setup for the integration tests: a simulator and a client pointed at it.
#![allow(dead_code)]

use std::time::Duration;

pub mod azurite;
pub mod media;
pub mod postgres;
pub mod s3;

use seedance_assets::{
    AssetType, Client, ClientBuilder, CreateSession, RateLimits, RetryPolicy, UploadAsset,
};
use seedance_assets_simulator::{Endpoint as SimEndpoint, Fault, Simulator, SimulatorConfig};

/// A fast retry policy so retry tests do not sleep for seconds.
pub fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_retry_after: Duration::from_secs(60),
    }
}

pub async fn simulator() -> Simulator {
    simulator_with(SimulatorConfig::default()).await
}

pub async fn simulator_with(config: SimulatorConfig) -> Simulator {
    Simulator::start(config).await.expect("simulator starts")
}

/// Builder pointed at `sim`, client-side rate limits off, quick retries.
pub fn builder(sim: &Simulator) -> ClientBuilder {
    Client::builder()
        .api_key(sim.api_key())
        .base_url(sim.url())
        .rate_limits(RateLimits::disabled())
        .retry_policy(quick_retries())
}

pub fn client(sim: &Simulator) -> Client {
    builder(sim).build().expect("client builds")
}

pub const CALLBACK: &str = "https://app.example/seedance/callback?user=42";

/// Steps 1 and 2 done: a validated person's GroupId.
pub async fn validated_group(sim: &Simulator, client: &Client) -> String {
    let session = client
        .create_validation_session(&CreateSession::new(CALLBACK))
        .await
        .expect("session");
    let callback = sim
        .complete_validation(&session.byted_token, true)
        .expect("complete");
    let cb = session.verify_callback(&callback).expect("callback passes");
    client
        .get_validation_result(&cb.byted_token)
        .await
        .expect("group")
        .group_id
}

pub fn photo(group_id: &str) -> UploadAsset {
    UploadAsset::new("front", AssetType::Image, "https://cdn.example/person/front.jpg").group_id(group_id)
}

/// Uploads an asset without a group and returns its id.
pub async fn uploaded_id(client: &Client, asset_type: AssetType, url: &str) -> String {
    let request = UploadAsset::new("test-asset", asset_type, url);
    client.upload_asset(&request).await.expect("upload").asset_id
}

/// Injects `fault` once on `asset-info` and checks `get_asset` rides it out: the asset comes
/// back after exactly two requests.
pub async fn assert_one_fault_is_retried(sim: &Simulator, client: &Client, id: &str, fault: Fault) {
    sim.reset_counters();
    sim.inject_fault(SimEndpoint::AssetInfo, fault.clone(), 1);
    let asset = client
        .get_asset(id)
        .await
        .unwrap_or_else(|e| panic!("{fault:?}: {e}"));
    assert_eq!(asset.asset_id, id);
    assert_eq!(sim.request_count(SimEndpoint::AssetInfo), 2, "{fault:?}");
}
