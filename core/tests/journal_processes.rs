//! The journal shared by several processes (SQLite file and PostgreSQL), and processes killed
//! with SIGKILL at each step of an upload and of a validation exchange: nothing lost, nothing
//! sent twice. The processes are this test binary run again as a worker (`worker` below).

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::{builder, simulator, simulator_with, CALLBACK};
use seedance_assets::journal::status;
use seedance_assets::{
    AssetType, CallOptions, Client, CreateSession, Endpoint, Error, ErrorCode, Journal, OnboardItem,
    Onboarding, RateLimit, RateLimits, UploadAsset,
};
use seedance_assets_simulator::{Endpoint as SimEndpoint, Fault, Simulator};
use serde_json::{json, Value};

const WORKER_ENV: &str = "SEEDANCE_JOURNAL_TEST_WORKER";
/// Generous: a worker's client builds in milliseconds, but a loaded CI box is slow.
const PATIENCE: Duration = Duration::from_secs(60);

/// The worker: reads its job from the environment, prints one `RESULT <json>` line per call.
#[tokio::test]
#[ignore = "the worker process of the multi-process tests, started by them"]
async fn worker() {
    let Ok(job) = std::env::var(WORKER_ENV) else {
        panic!("run by the multi-process tests only ({WORKER_ENV} unset)");
    };
    let job: Value = serde_json::from_str(&job).expect("job is JSON");
    let text = |name: &str| job[name].as_str().unwrap_or_default().to_string();
    if text("action") == "churn" {
        // Waits for the moment the test gave every worker, then opens the journal, reads it and
        // closes it, again and again: reports every failure.
        let start_at = UNIX_EPOCH + Duration::from_millis(job["start_at_ms"].as_u64().unwrap_or(0));
        if let Ok(wait) = start_at.duration_since(SystemTime::now()) {
            std::thread::sleep(wait);
        }
        for _ in 0..job["rounds"].as_u64().unwrap_or(1) {
            let outcome = match Journal::open(text("journal")).await {
                Ok(journal) => journal.people().await.map(|_| ()),
                Err(e) => Err(e),
            };
            report(json!({ "error": outcome.err().map(|e| e.to_string()) }));
        }
        return;
    }
    let journal = Journal::open(text("journal")).await.expect("journal opens");
    let mut client = Client::builder()
        .api_key(text("api_key"))
        .base_url(text("base_url"))
        .retry_policy(common::quick_retries())
        .journal(journal);
    let mut limits = RateLimits::disabled();
    if let Some(per_minute) = job["uploads_per_minute"].as_u64() {
        limits.set(
            Endpoint::UploadAsset,
            Some(RateLimit::new(per_minute, Duration::from_secs(60)).expect("limit")),
        );
    }
    client = client.rate_limits(limits);
    if let Some(ms) = job["timeout_ms"].as_u64() {
        client = client.timeout(Duration::from_millis(ms));
    }
    let mut client = client.build().expect("client");
    if let Some(ms) = job["deadline_ms"].as_u64() {
        client = client.with_options(CallOptions {
            deadline: Some(Duration::from_millis(ms)),
            ..CallOptions::default()
        });
    }
    match text("action").as_str() {
        "complete" => {
            let calls = (0..job["calls"].as_u64().unwrap_or(1)).map(|_| {
                let (client, url) = (client.clone(), text("redirect"));
                tokio::spawn(async move { client.complete_validation(&url).await })
            });
            for call in calls.collect::<Vec<_>>() {
                let outcome = call.await.expect("task");
                report(
                    json!({ "group_id": outcome.as_ref().ok().map(|p| p.group_id.clone()), "error": outcome.err().map(|e| e.to_string()) }),
                );
            }
        }
        "fill" => {
            // Uploads with long names until the journal cannot grow (the test limits the file
            // size this process may write); reports every outcome, stops at the first error.
            for i in 0..100_000 {
                let key = format!("fill-{i}-{}", "x".repeat(200));
                let request = UploadAsset::new(
                    &key[..200],
                    AssetType::Image,
                    format!("https://cdn.example/{i}.jpg"),
                )
                .key(&key);
                let outcome = client.upload_asset(&request).await;
                let failed = outcome.is_err();
                let reason = outcome.err().map(|e| match e {
                    Error::Journal { problem, .. } => problem.as_str(),
                    other => other.code().as_str(),
                });
                report(json!({ "key": key, "reason": reason }));
                if failed {
                    break;
                }
            }
        }
        "onboard" => {
            let items = (0..job["items"].as_u64().unwrap_or(0))
                .map(|i| {
                    OnboardItem::new(
                        format!("shot {i}"),
                        AssetType::Image,
                        format!("https://cdn.example/shared/{i}.jpg"),
                    )
                })
                .collect();
            let rate = RateLimit::parse("upload_rate", &text("upload_rate")).expect("rate");
            let run = Onboarding::for_reference(text("reference"), items).upload_rate(rate);
            let done = client.onboard(&run).await.expect("onboarded");
            let statuses: Vec<&str> = done.items.iter().map(|i| i.status.as_str()).collect();
            report(json!({ "statuses": statuses, "sent": done.uploads_sent }));
        }
        "upload" => {
            for key in job["keys"].as_array().into_iter().flatten() {
                let key = key.as_str().unwrap_or_default();
                let request =
                    UploadAsset::new(key, AssetType::Image, format!("https://cdn.example/{key}.jpg"))
                        .key(key);
                let outcome = client.upload_asset(&request).await;
                report(
                    json!({ "key": key, "asset_id": outcome.as_ref().ok().map(|a| a.asset_id.clone()), "error": outcome.err().map(|e| e.to_string()) }),
                );
            }
            // Held here, alive, until the test kills it.
            tokio::time::sleep(PATIENCE).await;
        }
        other => panic!("unknown action {other:?}"),
    }
}

/// A session for `reference`, passed: the URL the person's browser comes back to.
async fn passed_redirect(sim: &Simulator, client: &Client, reference: &str) -> String {
    let session = client
        .create_validation_session(&CreateSession::new(CALLBACK).reference(reference))
        .await
        .expect("session");
    sim.complete_validation(&session.byted_token, true)
        .expect("redirect")
}

fn report(value: Value) {
    println!("RESULT {value}");
}

fn start_worker(job: Value) -> Child {
    start_worker_limited(job, None)
}

/// A worker that may write files of at most `max_file_kib` KiB (`ulimit -f`; SIGXFSZ ignored,
/// so a write past it fails as on a full disk).
fn start_worker_limited(job: Value, max_file_kib: Option<u64>) -> Child {
    let exe = std::env::current_exe().expect("test binary");
    let mut command = match max_file_kib {
        Some(kib) => {
            let mut sh = Command::new("sh");
            let script = format!("trap '' XFSZ; ulimit -f {kib}; exec \"$0\" \"$@\"");
            sh.args(["-c", &script, exe.to_str().expect("utf-8 path")]);
            sh
        }
        None => Command::new(exe),
    };
    command
        .args([
            "worker",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(WORKER_ENV, job.to_string())
        .env_remove("SEEDANCE_JOURNAL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("worker starts")
}

/// Every `RESULT` line of a worker that runs to its end.
fn results(child: Child) -> Vec<Value> {
    let output = child.wait_with_output().expect("worker ends");
    assert!(output.status.success(), "worker failed: {output:?}");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        // The harness may print "test worker ... " on the same line as the first result.
        .filter_map(|l| l.split_once("RESULT ").map(|(_, result)| result))
        .map(|l| serde_json::from_str(l).expect("result is JSON"))
        .collect()
}

fn job(sim: &Simulator, journal: &str, action: &str) -> Value {
    json!({ "journal": journal, "api_key": sim.api_key(), "base_url": sim.url(), "action": action })
}

async fn wait_until<F: std::future::Future<Output = bool>>(what: &str, mut check: impl FnMut() -> F) {
    let started = Instant::now();
    while !check().await {
        assert!(started.elapsed() < PATIENCE, "gave up waiting: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Four (SQLite) or two (PostgreSQL) processes, eight `complete_validation` calls in all.
async fn concurrent_callbacks_from_processes(location: &str, processes: u64) {
    let sim = simulator().await;
    let journal = Journal::open(location).await.expect("journal");
    let client = builder(&sim).journal(journal.clone()).build().expect("client");
    let redirect = passed_redirect(&sim, &client, "user-mp").await;
    // Every answer is slow, so the processes all arrive while the exchange is open.
    sim.inject_fault(
        SimEndpoint::ValidationResult,
        Fault::Slow {
            delay: Duration::from_millis(400),
        },
        8,
    );
    let mut job = job(&sim, location, "complete");
    job["redirect"] = json!(redirect);
    job["calls"] = json!(8 / processes);
    let workers: Vec<Child> = (0..processes).map(|_| start_worker(job.clone())).collect();
    let groups: Vec<Value> = workers.into_iter().flat_map(results).collect();
    assert_eq!(groups.len(), 8);
    let person = journal.person("user-mp").await.expect("query").expect("person");
    for outcome in &groups {
        assert_eq!(outcome["group_id"], json!(person.group_id), "{outcome}");
    }
    assert_eq!(sim.request_count(SimEndpoint::ValidationResult), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_callbacks_from_four_processes_on_sqlite_make_one_exchange() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("shared.sqlite3");
    concurrent_callbacks_from_processes(path.to_str().expect("utf-8"), 4).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_callbacks_from_two_processes_on_postgres_make_one_exchange() {
    let schema = common::postgres::Schema::create();
    concurrent_callbacks_from_processes(&schema.url, 2).await;
}

/// Crowds of processes open one SQLite journal at the same moment, a new file or one whose
/// last crowd was killed: SQLite answers "busy" at once, without waiting its busy timeout, to a
/// process switching a new file to WAL while another does, or opening it while another
/// recovers from a killed connection. Every open and read succeeds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn processes_opening_one_sqlite_journal_at_once_all_get_in() {
    let dir = tempfile::tempdir().expect("dir");
    let mut outcomes = Vec::new();
    for crowd in 0..16u64 {
        // Even crowds open a new file and are killed holding it; odd ones open that file then.
        let killed = crowd % 2 == 0;
        let path = dir.path().join(format!("crowd-{}.sqlite3", crowd / 2));
        let start_at = SystemTime::now() + Duration::from_millis(400);
        let job = json!({
            "journal": path.to_string_lossy(), "action": "churn",
            "rounds": if killed { 1_000_000 } else { 50 },
            "start_at_ms": start_at.duration_since(UNIX_EPOCH).expect("clock").as_millis() as u64,
        });
        let workers: Vec<Child> = (0..6).map(|_| start_worker(job.clone())).collect();
        if killed {
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        for mut worker in workers {
            if killed {
                worker.kill().expect("SIGKILL");
            }
            let output = worker.wait_with_output().expect("reaped");
            outcomes.extend(
                String::from_utf8_lossy(&output.stdout)
                    .lines()
                    .filter_map(|l| l.split_once("RESULT ").map(|(_, r)| r.to_string()))
                    .filter_map(|r| serde_json::from_str::<Value>(&r).ok()),
            );
        }
    }
    assert!(outcomes.len() >= 16 * 6, "only {} opens ran", outcomes.len());
    let failures: Vec<&Value> = outcomes.iter().filter(|o| !o["error"].is_null()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} opens failed: {failures:?}",
        failures.len(),
        outcomes.len()
    );
}

async fn upload_status(journal: &Journal, key: &str) -> Option<String> {
    journal.asset(key).await.expect("query").map(|a| a.status)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_killed_at_each_step_of_an_upload_loses_nothing_and_sends_nothing_twice() {
    let sim = simulator().await;
    let dir = tempfile::tempdir().expect("dir");
    let location = dir
        .path()
        .join("killed.sqlite3")
        .to_str()
        .expect("utf-8")
        .to_string();
    let journal = Journal::open(&location).await.expect("journal");
    let client = builder(&sim).journal(journal.clone()).build().expect("client");

    // 1. Upload in flight: the simulator holds the answer; the intent is on disk.
    sim.inject_fault(
        SimEndpoint::UploadAsset,
        Fault::Slow {
            delay: Duration::from_secs(30),
        },
        1,
    );
    let mut job1 = job(&sim, &location, "upload");
    job1["keys"] = json!(["in-flight"]);
    // A short deadline makes a short upload lease: the restarted process waits that long for a
    // worker that might still be alive before calling its upload unresolved.
    job1["deadline_ms"] = json!(3000);
    let mut worker = start_worker(job1);
    wait_until("the upload reaches the simulator", || async {
        sim.request_count(SimEndpoint::UploadAsset) == 1
    })
    .await;
    assert_eq!(
        upload_status(&journal, "in-flight").await.as_deref(),
        Some(status::UPLOADING)
    );
    worker.kill().expect("SIGKILL");
    worker.wait().expect("reaped");

    // 2. Held by a saturated limiter: one upload a minute, the second one waits, unsent.
    let mut job2 = job(&sim, &location, "upload");
    job2["keys"] = json!(["first", "limited"]);
    job2["deadline_ms"] = json!(3000);
    job2["uploads_per_minute"] = json!(1);
    let mut worker = start_worker(job2);
    wait_until("the second upload's intent is written", || async {
        upload_status(&journal, "limited").await.is_some()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        sim.request_count(SimEndpoint::UploadAsset),
        2,
        "in-flight and first only"
    );
    worker.kill().expect("SIGKILL");
    worker.wait().expect("reaped");

    // 3. Answer received: the asset id is recorded, then the process dies.
    let mut job3 = job(&sim, &location, "upload");
    job3["keys"] = json!(["answered"]);
    let mut worker = start_worker(job3);
    wait_until("the answer is recorded", || async {
        upload_status(&journal, "answered").await.as_deref() == Some(status::PROCESSING)
    })
    .await;
    worker.kill().expect("SIGKILL");
    worker.wait().expect("reaped");
    let sent = sim.request_count(SimEndpoint::UploadAsset);
    assert_eq!(sent, 3);

    // A new process on the same journal: the recorded ones come back without a request, the
    // unresolved ones are refused without a request.
    let again = |key: &str| {
        UploadAsset::new(key, AssetType::Image, format!("https://cdn.example/{key}.jpg")).key(key)
    };
    for key in ["first", "answered"] {
        let uploaded = client.upload_asset(&again(key)).await.expect("recorded");
        let recorded = journal.asset(key).await.expect("query").expect("asset");
        assert_eq!(recorded.asset_id, Some(uploaded.asset_id));
    }
    for key in ["in-flight", "limited"] {
        let error = client.upload_asset(&again(key)).await.expect_err("unresolved");
        assert!(
            matches!(&error, Error::UploadUnresolved { key: k, .. } if k == key),
            "{error}"
        );
    }
    assert_eq!(
        sim.request_count(SimEndpoint::UploadAsset),
        sent,
        "nothing sent twice"
    );
    let pending: Vec<String> = journal
        .pending()
        .await
        .expect("query")
        .into_iter()
        .filter(|a| a.is_unresolved())
        .map(|a| a.key)
        .collect();
    assert_eq!(pending, ["in-flight", "limited"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_killed_mid_exchange_leaves_the_outcome_unknown_and_it_is_never_asked_again() {
    let sim = simulator().await;
    let dir = tempfile::tempdir().expect("dir");
    let location = dir
        .path()
        .join("exchange.sqlite3")
        .to_str()
        .expect("utf-8")
        .to_string();
    let journal = Journal::open(&location).await.expect("journal");
    let client = builder(&sim).journal(journal.clone()).build().expect("client");
    let redirect = passed_redirect(&sim, &client, "user-k").await;

    sim.inject_fault(
        SimEndpoint::ValidationResult,
        Fault::Slow {
            delay: Duration::from_secs(30),
        },
        1,
    );
    let mut job = job(&sim, &location, "complete");
    job["redirect"] = json!(redirect);
    // The exchange's lease is its deadline plus a margin: a short one keeps this test short.
    job["deadline_ms"] = json!(1000);
    let mut worker = start_worker(job);
    wait_until("the exchange reaches the simulator", || async {
        sim.request_count(SimEndpoint::ValidationResult) == 1
    })
    .await;
    worker.kill().expect("SIGKILL");
    worker.wait().expect("reaped");

    let error = client.complete_validation(&redirect).await.expect_err("lost");
    assert_eq!(error.code(), ErrorCode::OutcomeUnknown, "{error}");
    let again = client
        .complete_validation(&redirect)
        .await
        .expect_err("still lost");
    assert_eq!(again.code(), ErrorCode::OutcomeUnknown);
    assert_eq!(
        sim.request_count(SimEndpoint::ValidationResult),
        1,
        "never asked again"
    );
    assert_eq!(journal.person("user-k").await.expect("query"), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_is_a_clear_error_that_sends_nothing_and_keeps_what_was_recorded() {
    let sim = simulator().await;
    let dir = tempfile::tempdir().expect("dir");
    let location = dir
        .path()
        .join("full.sqlite3")
        .to_str()
        .expect("utf-8")
        .to_string();
    drop(Journal::open(&location).await.expect("created"));
    let outcomes = results(start_worker_limited(job(&sim, &location, "fill"), Some(2048)));
    let (last, recorded) = outcomes.split_last().expect("outcomes");
    assert!(recorded.len() > 10, "only {} uploads fit", recorded.len());
    assert!(recorded.iter().all(|o| o["reason"].is_null()), "{recorded:?}");
    assert_eq!(last["reason"], json!("disk_full"), "{last}");
    // The upload whose intent could not be written was not sent.
    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), recorded.len());

    let journal = Journal::open(&location).await.expect("reopens");
    for outcome in recorded {
        let key = outcome["key"].as_str().expect("key");
        let asset = journal.asset(key).await.expect("query").expect("kept");
        assert_eq!(asset.status, status::PROCESSING);
    }
}

/// Three processes onboard the same person's 45 assets on one PostgreSQL journal at once: every
/// asset is uploaded once, and together they keep to the rate (the pace lives in the journal).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_processes_onboarding_on_postgres_share_the_work_and_the_rate() {
    let schema = common::postgres::Schema::create();
    let sim = simulator_with(
        seedance_assets_simulator::SimulatorConfig::default()
            .with_processing_delay(Duration::from_millis(50), Duration::from_millis(200)),
    )
    .await;
    let journal = Journal::open(&schema.url).await.expect("journal");
    let client = builder(&sim).journal(journal.clone()).build().expect("client");
    let redirect = passed_redirect(&sim, &client, "actor-3").await;
    client.complete_validation(&redirect).await.expect("validated");

    let mut job = job(&sim, &schema.url, "onboard");
    job["items"] = json!(45);
    job["reference"] = json!("actor-3");
    job["upload_rate"] = json!("15/s");
    let workers: Vec<Child> = (0..3).map(|_| start_worker(job.clone())).collect();
    let reports: Vec<Value> = workers.into_iter().flat_map(results).collect();
    assert_eq!(reports.len(), 3);
    for report in &reports {
        let statuses = report["statuses"].as_array().expect("statuses");
        assert_eq!(statuses.len(), 45);
        assert!(statuses.iter().all(|s| s == "Active"), "{report}");
    }
    let per_url = sim.uploads_per_url();
    assert_eq!(per_url.len(), 45);
    assert!(
        per_url.values().all(|n| *n == 1),
        "an asset uploaded twice: {per_url:?}"
    );
    let sent: u64 = reports.iter().map(|r| r["sent"].as_u64().unwrap_or(0)).sum();
    assert_eq!(sent, 45, "the processes split the uploads");
    let most = sim.max_in_window(
        seedance_assets_simulator::Endpoint::UploadAsset,
        Duration::from_secs(1),
    );
    assert!(
        most <= 15,
        "{most} uploads within one second from three processes at 15/s together"
    );
}

/// A process killed while an onboarding upload is in flight holds up a rerun for that upload's
/// attempt (its timeout and the journal's margin), not for the killed run's whole time: the
/// rerun finishes, the cut-off upload honestly Ambiguous, nothing sent twice.
#[tokio::test]
async fn an_onboarding_killed_mid_upload_holds_a_rerun_up_for_one_attempt_only() {
    let sim = simulator().await;
    let dir = tempfile::tempdir().expect("dir");
    let location = dir.path().join("j.sqlite3").to_string_lossy().into_owned();
    let journal = Journal::open(&location).await.expect("journal");
    let client = builder(&sim).journal(journal.clone()).build().expect("client");
    let redirect = passed_redirect(&sim, &client, "actor-k").await;
    client.complete_validation(&redirect).await.expect("validated");
    // The first upload hangs in flight until the worker is killed.
    sim.inject_fault(SimEndpoint::UploadAsset, Fault::Slow { delay: PATIENCE }, 1);

    let mut job = job(&sim, &location, "onboard");
    job["items"] = json!(3);
    job["reference"] = json!("actor-k");
    job["upload_rate"] = json!("50/s");
    job["timeout_ms"] = json!(2000);
    let mut worker = start_worker(job);
    wait_until("the three uploads were sent", || async {
        sim.request_count(SimEndpoint::UploadAsset) >= 3 && sim.uploads_per_url().len() >= 2
    })
    .await;
    worker.kill().expect("SIGKILL");
    worker.wait().expect("reaped");

    let started = Instant::now();
    let run = Onboarding::for_reference(
        "actor-k",
        (0..3)
            .map(|i| {
                OnboardItem::new(
                    format!("shot {i}"),
                    AssetType::Image,
                    format!("https://cdn.example/shared/{i}.jpg"),
                )
            })
            .collect(),
    )
    .timeout(PATIENCE);
    let report = client.onboard(&run).await.expect("rerun");
    let waited = started.elapsed();
    assert!(
        waited < Duration::from_secs(30),
        "the rerun waited {waited:?} for an upload whose attempt was bounded at 2 s"
    );
    let statuses: Vec<&str> = report.items.iter().map(|i| i.status.as_str()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == "Ambiguous").count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == "Active").count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(
        report.uploads_sent, 0,
        "what the killed run sent is not sent again"
    );
    assert!(sim.uploads_per_url().values().all(|n| *n == 1));
}
