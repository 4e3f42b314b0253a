//! A short soak: uploads and waits through a simulator in chaos mode, checked against the
//! simulator's own records.

mod common;

use std::time::Duration;

use common::*;
use seedance_assets::{AssetType, ErrorCode, UploadAsset, WaitOptions};
use seedance_assets_simulator::{ChaosConfig, SimulatorConfig};

#[tokio::test]
async fn under_chaos_nothing_is_duplicated_lost_or_left_unfinished() {
    let chaos = ChaosConfig::new(0.3, None, Some(7)).unwrap();
    let sim = simulator_with(
        SimulatorConfig::default()
            .with_processing_delay(Duration::from_millis(20), Duration::from_millis(20))
            .with_chaos(chaos),
    )
    .await;
    let client = builder(&sim).max_retries(6).build().unwrap();
    let options = WaitOptions::with_timeout(Duration::from_secs(60)).poll_every(Duration::from_millis(20));
    let mut tasks = Vec::new();
    for n in 0..60 {
        let client = client.clone();
        let options = options.clone();
        tasks.push(tokio::spawn(async move {
            let url = format!("https://cdn.example/soak-{n}.jpg");
            let upload = UploadAsset::new("soak", AssetType::Image, &url);
            let waited = match client.upload_asset(&upload).await {
                Ok(created) => Some(client.wait_for_asset(&created.asset_id, &options).await),
                Err(error) => {
                    // Only a refusal before the effect, or an honest "unknown", may come back.
                    assert!(
                        error.code() == ErrorCode::OutcomeUnknown || error.is_retryable(),
                        "{url}: {error}"
                    );
                    None
                }
            };
            (url, waited)
        }));
    }
    let mut accepted = Vec::new();
    for task in tasks {
        let (url, waited) = task.await.unwrap();
        if let Some(waited) = waited {
            let asset = waited.unwrap_or_else(|e| panic!("{url}: wait ended in {e}"));
            assert!(asset.status.is_terminal());
            accepted.push(url);
        }
    }
    assert!(
        !accepted.is_empty(),
        "no upload went through: nothing was checked"
    );
    let uploads = sim.uploads_per_url();
    assert!(uploads.values().all(|&n| n == 1), "{uploads:?}");
    for url in &accepted {
        assert_eq!(uploads.get(url), Some(&1), "{url}");
    }
    let faults: usize = sim.faults_injected().values().sum();
    assert!(faults > 0, "chaos injected nothing");
    sim.set_chaos(None);
    sim.reset_counters();
    assert!(sim.faults_injected().is_empty());
}

#[test]
fn chaos_settings_are_checked() {
    assert!(ChaosConfig::new(1.5, None, None).is_err());
    assert!(ChaosConfig::new(0.2, Some(&["no_such_fault"]), None).is_err());
    assert!(ChaosConfig::new(0.2, Some(&[]), None).is_err());
    assert_eq!(
        ChaosConfig::new(0.2, Some(&["truncated_body"]), Some(1))
            .unwrap()
            .kinds
            .len(),
        1
    );
}
