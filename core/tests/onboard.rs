//! Onboarding through the public API: quota kept, 429s recovered from, per-item outcomes,
//! cancellation and resumption with a journal, bad input refused before any request.
//! (A process killed mid-run: `journal_processes.rs`.)

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{builder, simulator, simulator_with};
use seedance_assets::{
    AssetType, Client, Error, ErrorCode, ItemStatus, Journal, OnboardEvent, OnboardItem, Onboarding,
    RateLimit,
};
use seedance_assets_simulator::{Endpoint as SimEndpoint, Fault, Quota, SimulatorConfig};

fn items(n: usize) -> Vec<OnboardItem> {
    (0..n)
        .map(|i| {
            OnboardItem::new(
                format!("photo {i}"),
                AssetType::Image,
                format!("https://cdn.example/p/{i}.jpg"),
            )
        })
        .collect()
}

fn fast_processing() -> SimulatorConfig {
    SimulatorConfig::default().with_processing_delay(Duration::from_millis(50), Duration::from_millis(300))
}

/// A validated person's group (the counters are reset after making it).
async fn group(sim: &seedance_assets_simulator::Simulator) -> String {
    let group = common::validated_group(sim, &common::client(sim)).await;
    sim.reset_counters();
    group
}

fn rate(text: &str) -> RateLimit {
    RateLimit::parse("upload_rate", text).expect("rate")
}

#[tokio::test]
async fn every_asset_ends_active_and_the_quota_is_never_exceeded() {
    let sim = simulator_with(
        fast_processing().with_quota(SimEndpoint::UploadAsset, Quota::parse("20/s").expect("q")),
    )
    .await;
    let client = common::client(&sim);
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&events);
    let run = Onboarding::for_group(group(&sim).await, items(30))
        .upload_rate(rate("20/s"))
        .on_progress(move |e| seen.lock().expect("lock").push(e.clone()));
    let started = Instant::now();
    let report = client.onboard(&run).await.expect("onboarded");

    assert!(report.all_active(), "{}", summary(&report));
    // Paced at the quota, a request now and then can meet a 429 when a loaded machine delays one
    // and the next arrives in the same window; a pace that overshoots meets them every window.
    assert!(
        report.rate_limited <= 2,
        "{} uploads refused",
        report.rate_limited
    );
    assert_eq!(report.uploads_sent, 30 + report.rate_limited);
    let most = sim.max_in_window(SimEndpoint::UploadAsset, Duration::from_secs(1));
    assert!(most <= 20, "{most} uploads arrived within one second");
    // 30 uploads at 20/s cannot take less than 29 intervals.
    assert!(started.elapsed() >= Duration::from_millis(1400));
    assert!(report
        .items
        .iter()
        .all(|i| i.reference().is_some_and(|r| r.starts_with("asset://"))));
    let events = events.lock().expect("lock");
    let count = |f: fn(&OnboardEvent) -> bool| events.iter().filter(|e| f(e)).count();
    assert_eq!(count(|e| matches!(e, OnboardEvent::Uploaded { .. })), 30);
    assert_eq!(count(|e| matches!(e, OnboardEvent::Active { .. })), 30);
    // One shared poller, not a wait loop per asset: a handful of looks per asset at most.
    assert!(
        sim.request_count(SimEndpoint::AssetInfo) <= 30 * 4,
        "{}",
        sim.request_count(SimEndpoint::AssetInfo)
    );
}

#[tokio::test]
async fn a_rate_set_too_high_meets_429s_and_recovers() {
    let sim = simulator_with(
        fast_processing().with_quota(SimEndpoint::UploadAsset, Quota::parse("10/s").expect("q")),
    )
    .await;
    let client = common::client(&sim);
    let run = Onboarding::for_group(group(&sim).await, items(30)).upload_rate(rate("20/s"));
    let report = client.onboard(&run).await.expect("onboarded");

    assert!(report.all_active(), "{}", summary(&report));
    assert!(report.rate_limited > 0, "the quota was hit");
    assert_eq!(report.rate_limited, sim.quota_refusals(SimEndpoint::UploadAsset));
    assert_eq!(
        sim.asset_count(),
        30,
        "a refused upload is sent again, an accepted one never"
    );
}

#[tokio::test]
async fn a_rate_twice_the_quota_settles_under_it_after_a_few_429s() {
    let sim = simulator_with(
        fast_processing().with_quota(SimEndpoint::UploadAsset, Quota::parse("10/s").expect("q")),
    )
    .await;
    let client = common::client(&sim);
    let run = Onboarding::for_group(group(&sim).await, items(150)).upload_rate(rate("20/s"));
    let report = client.onboard(&run).await.expect("onboarded");

    assert!(report.all_active(), "{}", summary(&report));
    // Recovering to the rate that was refused would meet the quota again every few seconds
    // (dozens of 429s over 150 uploads); recovering only below it costs a handful.
    assert!(
        report.rate_limited <= 6,
        "{} uploads of 150 refused: the pace went back into the quota",
        report.rate_limited
    );
    assert_eq!(sim.asset_count(), 150);
}

#[tokio::test]
async fn without_a_rate_it_starts_slow_and_meets_no_429() {
    let sim = simulator_with(
        fast_processing().with_quota(SimEndpoint::UploadAsset, Quota::parse("3/s").expect("q")),
    )
    .await;
    let client = common::client(&sim);
    let report = client
        .onboard(&Onboarding::for_group(group(&sim).await, items(5)))
        .await
        .expect("onboarded");
    assert!(report.all_active(), "{}", summary(&report));
    assert_eq!(report.rate_limited, 0);
}

#[tokio::test]
async fn each_item_reports_its_own_failure_and_the_run_goes_on() {
    let sim = simulator_with(fast_processing()).await;
    let client = common::client(&sim);
    let mut assets = items(3);
    assets.push(OnboardItem::new(
        "wrong face",
        AssetType::Image,
        "https://cdn.example/face-mismatch.jpg",
    ));
    assets.push(OnboardItem::new(
        "private",
        AssetType::Video,
        "https://cdn.example/download-failed.mp4",
    ));
    sim.inject_fault(SimEndpoint::UploadAsset, Fault::Status { code: 422 }, 1);
    let report = client
        .onboard(
            &Onboarding::for_group(group(&sim).await, assets)
                .upload_rate(rate("50/s"))
                .concurrency(1),
        )
        .await
        .expect("per-item failures do not raise");

    assert_eq!(report.count(ItemStatus::Active), 2, "{}", summary(&report));
    assert_eq!(report.count(ItemStatus::Failed), 3);
    let codes: Vec<_> = report
        .with_status(ItemStatus::Failed)
        .iter()
        .map(|i| i.error_code.clone().unwrap_or_default())
        .collect();
    assert!(codes.contains(&"422".to_string()), "{codes:?}");
    assert!(codes.contains(&"FaceMismatch".to_string()), "{codes:?}");
    assert!(codes.iter().any(|c| c.contains("DownloadFailed")), "{codes:?}");
}

#[tokio::test]
async fn an_upload_that_may_have_happened_is_ambiguous_and_not_sent_again() {
    let sim = simulator_with(fast_processing()).await;
    let client = common::client(&sim);
    sim.inject_fault(SimEndpoint::UploadAsset, Fault::ServerErrorAfterEffect, 1);
    let report = client
        .onboard(
            &Onboarding::for_group(group(&sim).await, items(4))
                .upload_rate(rate("50/s"))
                .concurrency(1),
        )
        .await
        .expect("onboarded");
    assert_eq!(report.count(ItemStatus::Ambiguous), 1, "{}", summary(&report));
    assert_eq!(report.count(ItemStatus::Active), 3);
    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), 4);
}

#[tokio::test]
async fn items_unfinished_at_the_deadline_are_pending() {
    let sim = simulator_with(
        SimulatorConfig::default().with_processing_delay(Duration::from_secs(30), Duration::from_secs(30)),
    )
    .await;
    let client = common::client(&sim);
    let run = Onboarding::for_group(group(&sim).await, items(3))
        .upload_rate(rate("50/s"))
        .timeout(Duration::from_secs(1));
    let report = client.onboard(&run).await.expect("report");
    assert_eq!(report.count(ItemStatus::Pending), 3, "{}", summary(&report));
    assert!(report.items.iter().all(|i| i.asset_id.is_some()));
}

#[tokio::test]
async fn a_cancelled_run_resumes_from_its_journal_without_duplicates() {
    let sim = simulator_with(fast_processing()).await;
    let dir = tempfile::tempdir().expect("dir");
    let journal = Journal::open(dir.path().join("j.sqlite3").to_str().expect("utf-8"))
        .await
        .expect("journal");
    let client = builder(&sim).journal(journal.clone()).build().expect("client");
    let run = Onboarding::for_group(group(&sim).await, items(20)).upload_rate(rate("10/s"));

    // Cancelled part-way (the future dropped), as a task cancel or an AbortSignal does.
    let cancelled = tokio::time::timeout(Duration::from_millis(700), client.onboard(&run)).await;
    assert!(cancelled.is_err(), "the run was still going");
    let sent_before = sim.request_count(SimEndpoint::UploadAsset);
    assert!(sent_before > 0 && sent_before < 20, "{sent_before}");

    let report = client.onboard(&run).await.expect("resumed");
    let per_url = sim.uploads_per_url();
    assert!(
        per_url.values().all(|n| *n == 1),
        "no asset uploaded twice: {per_url:?}"
    );
    // An upload cut off mid-request is ambiguous, never resent; everything else is Active.
    assert_eq!(
        report.count(ItemStatus::Active) + report.count(ItemStatus::Ambiguous),
        20,
        "{report:?}"
    );
    assert!(report.count(ItemStatus::Ambiguous) <= 1);
    assert!(report.uploads_sent <= 20 - sent_before + 1);
}

#[tokio::test]
async fn a_whole_run_failure_raises() {
    let sim = simulator().await;
    let client = Client::builder()
        .api_key("sk-wrong")
        .base_url(sim.url())
        .build()
        .expect("client");
    let error = client
        .onboard(&Onboarding::for_group(group(&sim).await, items(3)).upload_rate(rate("50/s")))
        .await
        .expect_err("bad key");
    assert_eq!(error.code(), ErrorCode::Authentication);
}

#[tokio::test]
async fn bad_input_is_refused_before_any_request() {
    let sim = simulator().await;
    let client = common::client(&sim);
    let mut assets = items(3);
    assets[2].asset_url = "ftp://cdn.example/x.jpg".into();
    let cases = [
        (Onboarding::for_group("g", assets), "assets", "item 2"),
        (Onboarding::for_group("g", Vec::new()), "assets", "at least one"),
        (
            Onboarding::for_group("g", items(1)).concurrency(0),
            "concurrency",
            "",
        ),
        (Onboarding::for_group("bad group", items(1)), "group_id", ""),
    ];
    for (run, field, says) in cases {
        let error = client.onboard(&run).await.expect_err("refused");
        assert!(
            matches!(&error, Error::InvalidArgument { field: f, reason } if *f == field && reason.contains(says)),
            "{error}"
        );
    }
    let error = client
        .onboard(&Onboarding::for_reference("user-1", items(1)))
        .await
        .expect_err("no journal");
    assert_eq!(error.code(), ErrorCode::Configuration);
    let dir = tempfile::tempdir().expect("dir");
    let journal = Journal::open(dir.path().join("j.sqlite3").to_str().expect("utf-8"))
        .await
        .expect("journal");
    let journaled = builder(&sim).journal(journal).build().expect("client");
    let error = journaled
        .onboard(&Onboarding::for_reference("nobody", items(1)))
        .await
        .expect_err("unknown person");
    assert!(
        matches!(
            error,
            Error::InvalidArgument {
                field: "reference",
                ..
            }
        ),
        "{error}"
    );
    assert_eq!(sim.total_requests(), 0);
}

/// The report's statuses in one line, for assertion messages.
/// A rerun (or a fellow process) on the same journal continues the onboarding: an item that
/// ended `Failed` is reported from its record with its reason, not uploaded again (a single
/// `upload_asset` of it still is: the journal's rule for one upload).
#[tokio::test]
async fn a_rerun_reports_a_recorded_failure_without_uploading_it_again() {
    let sim = simulator_with(fast_processing()).await;
    let dir = tempfile::tempdir().expect("dir");
    let journal = Journal::open(dir.path().join("j.sqlite3").to_str().expect("utf-8"))
        .await
        .expect("journal");
    let client = builder(&sim).journal(journal).build().expect("client");
    let group = group(&sim).await;
    let wrong = "https://cdn.example/p/face-mismatch.jpg";
    let mut assets = items(3);
    assets.push(OnboardItem::new("wrong face", AssetType::Image, wrong));
    let run = Onboarding::for_group(group.clone(), assets).upload_rate(rate("50/s"));
    let first = client.onboard(&run).await.expect("first run");
    assert_eq!(first.count(ItemStatus::Failed), 1, "{}", summary(&first));

    let again = client.onboard(&run).await.expect("rerun");
    assert_eq!(again.uploads_sent, 0, "{}", summary(&again));
    let failed = &again.items[3];
    assert_eq!(failed.status, ItemStatus::Failed);
    assert_eq!(failed.error_code.as_deref(), Some("FaceMismatch"));
    assert_eq!(failed.asset_id, first.items[3].asset_id);
    assert!(
        sim.uploads_per_url().values().all(|n| *n == 1),
        "{:?}",
        sim.uploads_per_url()
    );

    let single = seedance_assets::UploadAsset::new("wrong face", AssetType::Image, wrong).group_id(group);
    client.upload_asset(&single).await.expect("sent again");
    assert_eq!(sim.uploads_per_url().get(wrong), Some(&2));
}

fn summary(report: &seedance_assets::OnboardingReport) -> String {
    report
        .items
        .iter()
        .map(|i| {
            format!(
                "{}:{}{}",
                i.item.name,
                i.status.as_str(),
                i.error_code
                    .as_deref()
                    .map(|c| format!("({c})"))
                    .unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}
