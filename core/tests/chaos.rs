//! A short soak: uploads and waits through a simulator in chaos mode, checked against the
//! simulator's own records.

mod common;

use std::time::Duration;

use common::*;
use seedance_assets::{
    AssetType, ErrorCode, ItemStatus, OnboardItem, Onboarding, OnboardingReport, RateLimit, UploadAsset,
    WaitOptions,
};
use seedance_assets_simulator::{ChaosConfig, ChaosField, Simulator, SimulatorConfig};

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

/// Onboards 100 assets (the last one's URL forces `download-failed`) one at a time, so the
/// draws meet the uploads in order, against a simulator failing `share` of them from `seed`.
async fn onboard_with_failures(chaos: ChaosConfig) -> (Simulator, OnboardingReport) {
    let sim = simulator_with(
        SimulatorConfig::default()
            .with_processing_delay(Duration::from_millis(10), Duration::from_millis(10))
            .with_chaos(chaos),
    )
    .await;
    let group = validated_group(&sim, &client(&sim)).await;
    let items = (0..100)
        .map(|i| {
            let url = match i {
                99 => "https://cdn.example/share/download-failed.jpg".to_string(),
                i => format!("https://cdn.example/share/{i}.jpg"),
            };
            OnboardItem::new(format!("shot {i}"), AssetType::Image, url)
        })
        .collect();
    let run = Onboarding::for_group(group, items)
        .concurrency(1)
        .upload_rate(RateLimit::parse("upload_rate", "200/s").expect("rate"));
    let report = client(&sim).onboard(&run).await.expect("onboarded");
    (sim, report)
}

/// Each item's status and error code, in item order.
fn outcomes(report: &OnboardingReport) -> Vec<(ItemStatus, Option<String>)> {
    report
        .items
        .iter()
        .map(|i| (i.status, i.error_code.clone()))
        .collect()
}

#[tokio::test]
async fn a_failure_share_fails_that_share_of_uploads_with_the_reason_drawn_and_a_seed_repeats_it() {
    let chaos = || {
        ChaosConfig::new(0.0, None, Some(7))
            .and_then(|c| c.with_failures(0.3, Some(&["face_mismatch"])))
            .expect("chaos")
    };
    let (sim, report) = onboard_with_failures(chaos()).await;
    let failed = report.with_status(ItemStatus::Failed);
    let drawn = sim.failures_drawn();
    assert!(
        (15..=45).contains(&failed.len()),
        "{} of 100 failed at a share of 0.3",
        failed.len()
    );
    assert_eq!(report.count(ItemStatus::Active) + failed.len(), 100);
    // The keyword forces its own reason; only the drawn ones are counted as drawn.
    let forced = &report.items[99];
    assert_eq!(forced.status, ItemStatus::Failed);
    assert_eq!(
        forced.error_code.as_deref(),
        Some("InvalidParameter.DownloadFailed")
    );
    assert_eq!(drawn.get("face_mismatch"), Some(&(failed.len() - 1)), "{drawn:?}");
    assert_eq!(drawn.len(), 1, "only the kind asked for is drawn: {drawn:?}");
    let records = sim.assets();
    for item in &report.items {
        let id = item.asset_id.as_deref().expect("every item was uploaded");
        let record = records
            .iter()
            .find(|r| r.asset_id == id)
            .expect("the simulator has it");
        assert_eq!(record.status, item.status.as_str(), "{}", item.item.name);
        assert_eq!(record.error_code, item.error_code, "{}", item.item.name);
        if item.status == ItemStatus::Failed && item.item.name != "shot 99" {
            assert_eq!(item.error_code.as_deref(), Some("FaceMismatch"));
            assert_eq!(
                item.error_message.as_deref(),
                Some("Face consistency verification failed.")
            );
        }
    }

    let (_, again) = onboard_with_failures(chaos()).await;
    assert_eq!(
        outcomes(&again),
        outcomes(&report),
        "the same seed fails the same uploads"
    );
    let other = ChaosConfig::new(0.0, None, Some(8))
        .and_then(|c| c.with_failures(0.3, None))
        .expect("chaos");
    let (sim, other) = onboard_with_failures(other).await;
    assert_ne!(
        outcomes(&other),
        outcomes(&report),
        "another seed, other failures"
    );
    let codes: Vec<_> = other.items[..99]
        .iter()
        .filter_map(|i| i.error_code.as_deref())
        .collect();
    assert!(
        codes.contains(&"FaceMismatch") && codes.contains(&"InvalidParameter.DownloadFailed"),
        "both kinds are drawn by default: {codes:?} {:?}",
        sim.failures_drawn()
    );
}

#[test]
fn failure_settings_are_checked_naming_the_field() {
    let base = ChaosConfig::new(0.0, None, None).expect("no faults");
    assert!(!base.is_active(), "neither faults nor failures: nothing to do");
    for share in [-0.1, 1.5, f64::NAN] {
        let refused = base
            .clone()
            .with_failures(share, None)
            .expect_err("outside [0, 1]");
        assert_eq!(refused.field, ChaosField::FailureShare);
        assert!(refused.to_string().contains("failure_share"), "{refused}");
        assert!(refused
            .naming("chaos.failureShare")
            .starts_with("chaos.failureShare"));
    }
    let refused = base
        .clone()
        .with_failures(0.2, Some(&["face-mismatch"]))
        .expect_err("unknown kind");
    assert_eq!(refused.field, ChaosField::FailureKinds);
    assert!(
        refused.to_string().contains("face_mismatch, download_failed"),
        "{refused}"
    );
    assert!(base.clone().with_failures(0.2, Some(&[])).is_err());
    let chaos = base
        .with_failures(1.0, Some(&["download_failed"]))
        .expect("valid");
    assert!(chaos.is_active() && chaos.failure_kinds.len() == 1);
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
