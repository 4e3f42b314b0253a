//! The journal through the public API: the validation lifecycle, uploads as intents, queries,
//! erasure, and the files it refuses — each case on an SQLite file and on a PostgreSQL schema
//! (`sqlite::…`, `postgres::…`). Several processes and `kill -9`: `journal_processes.rs`.

mod common;

use std::time::Duration;

use common::{builder, simulator, CALLBACK};
use seedance_assets::journal::{status, upload_key};
use seedance_assets::{
    AssetFilter, AssetType, CallOptions, CallbackFailure, Client, CreateSession, Error, ErrorCode, Journal,
    JournalOptions, JournalProblem, UploadAsset,
};
use seedance_assets_simulator::{Endpoint as SimEndpoint, Fault, Simulator};

fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Where a test's journal lives: the same cases run on an SQLite file and a PostgreSQL schema.
enum Place {
    Sqlite(tempfile::TempDir),
    Postgres(common::postgres::Schema),
}

impl Place {
    fn location(&self) -> String {
        match self {
            Place::Sqlite(dir) => dir
                .path()
                .join("journal.sqlite3")
                .to_str()
                .expect("utf-8 path")
                .to_string(),
            Place::Postgres(schema) => schema.url.clone(),
        }
    }

    async fn open(&self) -> Journal {
        Journal::open(self.location()).await.expect("journal opens")
    }
}

/// Each case once per backend: `sqlite::case` and `postgres::case`.
macro_rules! on_both {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    super::$case(super::Place::Sqlite(super::scratch())).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    super::$case(super::Place::Postgres(crate::common::postgres::Schema::create())).await
                }
            )*
        }
    };
}

on_both!(
    a_journal_of_an_older_minor_is_upgraded_and_keeps_its_records,
    a_callback_is_exchanged_once_and_the_person_is_kept,
    eight_concurrent_callbacks_make_one_exchange,
    unknown_failed_and_malformed_callbacks_make_no_request,
    a_second_question_mark_callback_is_accepted,
    a_lost_exchange_answer_is_never_asked_again,
    a_refused_token_is_not_asked_again_and_an_unsent_one_is,
    the_same_upload_is_sent_once_and_a_resigned_url_is_the_same_asset,
    an_ambiguous_upload_waits_for_the_caller,
    allow_duplicate_and_a_resolved_asset_id,
    a_failed_asset_is_uploaded_again_and_its_failure_stays_in_the_history,
    a_refused_upload_leaves_no_record,
    forget_erases_a_person_and_export_holds_no_secrets,
    read_only_refuses_writes,
    a_newer_major_is_refused_and_a_newer_minor_is_used
);

fn journaled_client(sim: &Simulator, journal: &Journal) -> Client {
    builder(sim)
        .journal(journal.clone())
        .build()
        .expect("client builds")
}

/// A session for `reference` and the URL the person's browser comes back to.
async fn passed_callback(sim: &Simulator, client: &Client, reference: &str) -> String {
    let session = client
        .create_validation_session(
            &CreateSession::new(CALLBACK)
                .reference(reference)
                .consent("signed form 7"),
        )
        .await
        .expect("session");
    sim.complete_validation(&session.byted_token, true)
        .expect("redirect")
}

fn journal_problem(error: &Error) -> Option<JournalProblem> {
    match error {
        Error::Journal { problem, .. } => Some(*problem),
        _ => None,
    }
}

fn callback_failure(error: &Error) -> Option<CallbackFailure> {
    match error {
        Error::Callback { failure, .. } => Some(*failure),
        _ => None,
    }
}

async fn a_callback_is_exchanged_once_and_the_person_is_kept(place: Place) {
    let sim = simulator().await;
    let journal = place.open().await;
    let client = journaled_client(&sim, &journal);
    let redirect = passed_callback(&sim, &client, "user-42").await;

    let first = client.complete_validation(&redirect).await.expect("validated");
    let again = client.complete_validation(&redirect).await.expect("repeat");
    assert_eq!(first, again);
    assert_eq!(first.reference.as_deref(), Some("user-42"));
    assert_eq!(sim.request_count(SimEndpoint::ValidationResult), 1);
    let stored = journal.person("user-42").await.expect("query").expect("person");
    assert_eq!(stored.group_id, first.group_id);

    // A new handle on the same database (as a restarted process opens) sees the same person.
    drop(client);
    drop(journal);
    let reopened = place.open().await;
    assert_eq!(reopened.person("user-42").await.expect("query"), Some(first));
}

async fn eight_concurrent_callbacks_make_one_exchange(place: Place) {
    let sim = simulator().await;
    let journal = place.open().await;
    let client = journaled_client(&sim, &journal);
    let redirect = passed_callback(&sim, &client, "user-8").await;
    // Slow answers keep the exchange open while the others arrive.
    sim.inject_fault(
        SimEndpoint::ValidationResult,
        Fault::Slow {
            delay: Duration::from_millis(300),
        },
        1,
    );
    let calls = (0..8).map(|_| {
        let (client, redirect) = (client.clone(), redirect.clone());
        tokio::spawn(async move { client.complete_validation(&redirect).await })
    });
    let people: Vec<_> = futures_join(calls).await;
    let group = people[0].group_id.clone();
    assert!(people.iter().all(|p| p.group_id == group));
    assert_eq!(sim.request_count(SimEndpoint::ValidationResult), 1);
}

#[tokio::test]
async fn a_caller_gone_mid_exchange_leaves_the_person_for_the_next_callback() {
    let sim = simulator().await;
    let journal = Place::Sqlite(scratch()).open().await;
    let client = journaled_client(&sim, &journal);
    let redirect = passed_callback(&sim, &client, "user-gone").await;
    sim.inject_fault(
        SimEndpoint::ValidationResult,
        Fault::Slow {
            delay: Duration::from_millis(800),
        },
        1,
    );
    // The caller stops waiting (a timeout, an abort, a cancelled task) while the answer is on its way.
    let gone = tokio::time::timeout(Duration::from_millis(150), client.complete_validation(&redirect)).await;
    assert!(gone.is_err(), "the call was still waiting");
    let person = tokio::time::timeout(Duration::from_secs(20), client.complete_validation(&redirect))
        .await
        .expect("not held until the lease ends")
        .expect("the stored person");
    assert_eq!(person.reference.as_deref(), Some("user-gone"));
    assert_eq!(sim.request_count(SimEndpoint::ValidationResult), 1);
}

async fn futures_join<T: Send + 'static>(
    handles: impl Iterator<Item = tokio::task::JoinHandle<Result<T, Error>>>,
) -> Vec<T> {
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.expect("task").expect("call succeeds"));
    }
    out
}

async fn unknown_failed_and_malformed_callbacks_make_no_request(place: Place) {
    let sim = simulator().await;
    let journal = place.open().await;
    let client = journaled_client(&sim, &journal);

    // A session made without the journal: its token is unknown to it.
    let other = common::client(&sim)
        .create_validation_session(&CreateSession::new(CALLBACK))
        .await
        .expect("session");
    let foreign = sim
        .complete_validation(&other.byted_token, true)
        .expect("redirect");
    let error = client
        .complete_validation(&foreign)
        .await
        .expect_err("unknown token");
    assert_eq!(callback_failure(&error), Some(CallbackFailure::UnknownToken));

    let session = client
        .create_validation_session(&CreateSession::new(CALLBACK).reference("user-f"))
        .await
        .expect("session");
    let failed = sim
        .complete_validation(&session.byted_token, false)
        .expect("redirect");
    let error = client.complete_validation(&failed).await.expect_err("not passed");
    assert_eq!(callback_failure(&error), Some(CallbackFailure::NotPassed));

    let error = client
        .complete_validation("https://app.example/cb?resultCode=10000")
        .await
        .expect_err("malformed");
    assert_eq!(callback_failure(&error), Some(CallbackFailure::Malformed));
    assert_eq!(sim.request_count(SimEndpoint::ValidationResult), 0);
    assert_eq!(journal.person("user-f").await.expect("query"), None);
}

async fn a_second_question_mark_callback_is_accepted(place: Place) {
    let sim = simulator().await;
    let journal = place.open().await;
    let client = journaled_client(&sim, &journal);
    let session = client
        .create_validation_session(&CreateSession::new(CALLBACK).reference("user-q"))
        .await
        .expect("session");
    sim.complete_validation(&session.byted_token, true)
        .expect("passed");
    let joined = format!(
        "https://app.example/seedance/callback?user=42?bytedToken={}&resultCode=10000",
        session.byted_token
    );
    let person = client.complete_validation(&joined).await.expect("validated");
    assert_eq!(person.reference.as_deref(), Some("user-q"));
}

async fn a_lost_exchange_answer_is_never_asked_again(place: Place) {
    let sim = simulator().await;
    let journal = place.open().await;
    let client = journaled_client(&sim, &journal);
    let redirect = passed_callback(&sim, &client, "user-lost").await;
    sim.inject_fault(SimEndpoint::ValidationResult, Fault::TruncatedBody, 1);

    let error = client
        .complete_validation(&redirect)
        .await
        .expect_err("answer lost");
    assert_eq!(error.code(), ErrorCode::OutcomeUnknown);
    assert!(error.to_string().contains("validate the person again"), "{error}");
    sim.reset_counters();
    let again = client
        .complete_validation(&redirect)
        .await
        .expect_err("still lost");
    assert_eq!(again.code(), ErrorCode::OutcomeUnknown);
    assert_eq!(sim.request_count(SimEndpoint::ValidationResult), 0);
}

async fn a_refused_token_is_not_asked_again_and_an_unsent_one_is(place: Place) {
    let sim = simulator().await;
    let journal = place.open().await;
    let client = journaled_client(&sim, &journal);
    let redirect = passed_callback(&sim, &client, "user-r").await;

    // Maintenance answers are refusals before any effect: the claim is given back.
    let no_retries = client.with_options(CallOptions {
        max_retries: Some(0),
        ..CallOptions::default()
    });
    sim.inject_fault(SimEndpoint::ValidationResult, Fault::ServiceUnavailable, 1);
    let error = no_retries
        .complete_validation(&redirect)
        .await
        .expect_err("maintenance");
    assert_eq!(error.code(), ErrorCode::ServiceUnavailable);
    assert!(client.complete_validation(&redirect).await.is_ok());

    let redirect = passed_callback(&sim, &client, "user-r2").await;
    sim.inject_fault(SimEndpoint::ValidationResult, Fault::Status { code: 404 }, 1);
    let error = client.complete_validation(&redirect).await.expect_err("refused");
    assert_eq!(error.code(), ErrorCode::NotFound);
    sim.reset_counters();
    let error = client
        .complete_validation(&redirect)
        .await
        .expect_err("refused before");
    assert_eq!(callback_failure(&error), Some(CallbackFailure::Expired));
    assert_eq!(sim.request_count(SimEndpoint::ValidationResult), 0);
}

#[tokio::test]
async fn complete_validation_and_labels_need_a_journal() {
    let sim = simulator().await;
    let client = common::client(&sim);
    let error = client
        .complete_validation("https://app.example/cb?bytedToken=abc&resultCode=10000")
        .await
        .expect_err("no journal");
    assert_eq!(error.code(), ErrorCode::Configuration);
    let error = client
        .create_validation_session(&CreateSession::new(CALLBACK).reference("user-1"))
        .await
        .expect_err("no journal");
    assert_eq!(error.code(), ErrorCode::Configuration);
    let error = client
        .upload_asset(&UploadAsset::new("a", AssetType::Image, "https://cdn.example/a.jpg").key("k"))
        .await
        .expect_err("no journal");
    assert_eq!(error.code(), ErrorCode::Configuration);
    assert_eq!(sim.total_requests(), 0);
}

async fn validated(sim: &Simulator, client: &Client, reference: &str) -> String {
    let redirect = passed_callback(sim, client, reference).await;
    client
        .complete_validation(&redirect)
        .await
        .expect("validated")
        .group_id
}

async fn the_same_upload_is_sent_once_and_a_resigned_url_is_the_same_asset(place: Place) {
    let sim = simulator().await;
    let journal = place.open().await;
    let client = journaled_client(&sim, &journal);
    let group = validated(&sim, &client, "user-u").await;
    let upload = |sig: &str| {
        UploadAsset::new(
            "front",
            AssetType::Image,
            format!("https://cdn.example/front.jpg?X-Amz-Signature={sig}"),
        )
        .group_id(&group)
    };
    let first = client.upload_asset(&upload("one")).await.expect("upload");
    let second = client.upload_asset(&upload("two")).await.expect("recorded");
    assert_eq!(first.asset_id, second.asset_id);
    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), 1);

    let recorded = journal
        .assets(&AssetFilter {
            reference: Some("user-u".into()),
            ..AssetFilter::default()
        })
        .await
        .expect("query");
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].asset_url, "https://cdn.example/front.jpg");
    assert_eq!(
        recorded[0].key,
        upload_key(Some(&group), "front", "https://cdn.example/front.jpg?x=1")
    );
    assert_eq!(recorded[0].status, status::PROCESSING);

    // Waiting keeps the recorded status current.
    sim.set_asset_status(&first.asset_id, "Active").expect("status");
    client
        .wait_for_asset(&first.asset_id, &Default::default())
        .await
        .expect("active");
    let active = journal
        .asset(&recorded[0].key)
        .await
        .expect("query")
        .expect("asset");
    assert_eq!(active.status, status::ACTIVE);
}

async fn an_ambiguous_upload_waits_for_the_caller(place: Place) {
    let sim = simulator().await;
    let journal = place.open().await;
    let client = journaled_client(&sim, &journal);
    let request =
        UploadAsset::new("clip", AssetType::Video, "https://cdn.example/clip.mp4").key("actor-7/clip");

    sim.inject_fault(SimEndpoint::UploadAsset, Fault::ServerErrorAfterEffect, 1);
    let error = client.upload_asset(&request).await.expect_err("ambiguous");
    assert_eq!(error.code(), ErrorCode::OutcomeUnknown);
    let again = client.upload_asset(&request).await.expect_err("still ambiguous");
    assert!(
        matches!(&again, Error::UploadUnresolved { key, .. } if key == "actor-7/clip"),
        "{again}"
    );
    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), 1);
    let pending = journal.pending().await.expect("query");
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].status, status::AMBIGUOUS);

    // The caller says it did not happen: the next upload is sent.
    assert_eq!(
        journal.resolve("actor-7/clip", None).await.expect("resolve"),
        None
    );
    let uploaded = client.upload_asset(&request).await.expect("sent again");
    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), 2);

    // Resolving a settled key is refused and changes nothing.
    let error = journal
        .resolve("actor-7/clip", Some("asset-x"))
        .await
        .expect_err("not unresolved");
    assert!(matches!(error, Error::InvalidArgument { field: "key", .. }));
    let kept = journal
        .asset("actor-7/clip")
        .await
        .expect("query")
        .expect("asset");
    assert_eq!(kept.asset_id.as_deref(), Some(uploaded.asset_id.as_str()));
}

async fn allow_duplicate_and_a_resolved_asset_id(place: Place) {
    let sim = simulator().await;
    let journal = place.open().await;
    let client = journaled_client(&sim, &journal);
    let request = UploadAsset::new("voice", AssetType::Audio, "https://cdn.example/voice.mp3");
    let key = upload_key(None, "voice", "https://cdn.example/voice.mp3");

    sim.inject_fault(SimEndpoint::UploadAsset, Fault::TruncatedBody, 1);
    assert!(client.upload_asset(&request).await.is_err());
    let resolved = journal
        .resolve(&key, Some("asset-known"))
        .await
        .expect("resolve")
        .expect("record");
    assert_eq!(resolved.status, status::PROCESSING);
    let recorded = client.upload_asset(&request).await.expect("recorded");
    assert_eq!(recorded.asset_id, "asset-known");

    sim.inject_fault(SimEndpoint::UploadAsset, Fault::TruncatedBody, 1);
    let other = UploadAsset::new("voice2", AssetType::Audio, "https://cdn.example/voice2.mp3");
    assert!(client.upload_asset(&other).await.is_err());
    let forced = client
        .upload_asset(&other.clone().allow_duplicate(true))
        .await
        .expect("duplicate allowed");
    assert!(!forced.asset_id.is_empty());
    // The two first attempts and the forced one; the resolved key sent nothing.
    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), 3);
}

async fn a_failed_asset_is_uploaded_again_and_its_failure_stays_in_the_history(place: Place) {
    let sim = simulator().await;
    let journal = place.open().await;
    let client = journaled_client(&sim, &journal);
    let request = UploadAsset::new("bad", AssetType::Image, "https://cdn.example/bad.jpg").key("bad");
    let first = client.upload_asset(&request).await.expect("upload");
    sim.set_asset_status(&first.asset_id, "Failed").expect("status");
    assert!(client.get_asset(&first.asset_id).await.is_ok());
    assert_eq!(
        journal.asset("bad").await.expect("q").expect("a").status,
        status::FAILED
    );

    let second = client.upload_asset(&request).await.expect("uploaded again");
    assert_ne!(first.asset_id, second.asset_id);
    let record = journal.asset("bad").await.expect("q").expect("a");
    assert_eq!(record.attempts, 2);
    let history: Vec<_> = journal
        .export()
        .await
        .expect("export")
        .into_iter()
        .filter(|r| r["kind"] == "history" && r["key"] == "bad")
        .map(|r| r["status"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(history.contains(&"Failed".to_string()), "{history:?}");
}

async fn a_refused_upload_leaves_no_record(place: Place) {
    let sim = simulator().await;
    let journal = place.open().await;
    let client = journaled_client(&sim, &journal);
    sim.inject_fault(SimEndpoint::UploadAsset, Fault::Status { code: 422 }, 1);
    let request = UploadAsset::new("x", AssetType::Image, "https://cdn.example/x.jpg").key("x");
    assert_eq!(
        client.upload_asset(&request).await.expect_err("refused").code(),
        ErrorCode::Unprocessable
    );
    assert_eq!(journal.asset("x").await.expect("query"), None);
    assert!(client.upload_asset(&request).await.is_ok());
}

async fn forget_erases_a_person_and_export_holds_no_secrets(place: Place) {
    let sim = simulator().await;
    let journal = place.open().await;
    let client = journaled_client(&sim, &journal);
    let session = client
        .create_validation_session(&CreateSession::new(CALLBACK).reference("user-e"))
        .await
        .expect("session");
    let redirect = sim
        .complete_validation(&session.byted_token, true)
        .expect("redirect");
    let group = client
        .complete_validation(&redirect)
        .await
        .expect("validated")
        .group_id;
    client
        .upload_asset(
            &UploadAsset::new("a", AssetType::Image, "https://cdn.example/a.jpg?sig=SECRETSIG")
                .group_id(&group),
        )
        .await
        .expect("upload");
    let pending = client
        .create_validation_session(&CreateSession::new(CALLBACK).reference("user-p"))
        .await
        .expect("session");

    let lines = journal.export_json_lines().await.expect("export");
    assert!(!lines.contains(&session.byted_token));
    assert!(!lines.contains(&pending.byted_token));
    assert!(!lines.contains("SECRETSIG"));
    assert!(lines.contains("user-e"));

    let removed = journal.forget("user-e").await.expect("forget");
    assert!(removed >= 3, "{removed}");
    assert_eq!(journal.person("user-e").await.expect("query"), None);
    let lines = journal.export_json_lines().await.expect("export");
    assert!(!lines.contains("user-e") && !lines.contains(&group), "{lines}");
    assert!(lines.contains("user-p"));
}

#[tokio::test]
async fn a_corrupt_or_foreign_file_is_refused_untouched() {
    let dir = scratch();
    let path = dir.path().join("garbage.sqlite3");
    let garbage = b"this is not a database, it is a shopping list\n".repeat(200);
    std::fs::write(&path, &garbage).expect("write");
    let error = Journal::open(path.to_str().expect("utf-8"))
        .await
        .expect_err("corrupt");
    assert_eq!(journal_problem(&error), Some(JournalProblem::Corrupt), "{error}");
    assert_eq!(std::fs::read(&path).expect("read"), garbage);

    let foreign = dir.path().join("other.db");
    {
        let other = rusqlite::Connection::open(&foreign).expect("open");
        other
            .execute_batch("CREATE TABLE invoices (id INTEGER)")
            .expect("create");
    }
    let error = Journal::open(foreign.to_str().expect("utf-8"))
        .await
        .expect_err("foreign");
    assert_eq!(journal_problem(&error), Some(JournalProblem::Corrupt), "{error}");
}

/// Runs `sql` on the journal's database directly, as another package version would.
fn run_sql(place: &Place, sql: &str) {
    match place {
        Place::Sqlite(_) => {
            let db = rusqlite::Connection::open(place.location()).expect("open");
            db.execute_batch(sql).expect("statement");
        }
        Place::Postgres(schema) => schema.run(sql),
    }
}

/// Sets the schema version recorded in the journal, as a newer package would have.
fn set_version(place: &Place, version: &str) {
    run_sql(
        place,
        &format!("UPDATE seedance_meta SET value = '{version}' WHERE name = 'schema'"),
    );
}

/// A journal as the first release left it (schema 1.0) is upgraded in place, records kept.
async fn a_journal_of_an_older_minor_is_upgraded_and_keeps_its_records(place: Place) {
    let sim = simulator().await;
    let journal = place.open().await;
    let client = journaled_client(&sim, &journal);
    let group = validated(&sim, &client, "user-old").await;
    drop(client);
    drop(journal);
    run_sql(
        &place,
        "DROP TABLE seedance_pace; ALTER TABLE seedance_assets DROP COLUMN lease_until; \
         UPDATE seedance_meta SET value = '1.0' WHERE name = 'schema'",
    );
    let journal = place.open().await;
    assert_eq!(
        journal
            .person("user-old")
            .await
            .expect("query")
            .expect("kept")
            .group_id,
        group
    );
    let client = journaled_client(&sim, &journal);
    let upload = UploadAsset::new("a", AssetType::Image, "https://cdn.example/old.jpg").group_id(&group);
    client
        .upload_asset(&upload)
        .await
        .expect("the upgraded journal records uploads");
    let recorded = journal
        .assets(&AssetFilter {
            group_id: Some(group),
            ..AssetFilter::default()
        })
        .await
        .expect("query");
    assert_eq!(recorded.len(), 1);
}

async fn a_newer_major_is_refused_and_a_newer_minor_is_used(place: Place) {
    drop(place.open().await);
    set_version(&place, "1.7");
    assert!(
        Journal::open(place.location()).await.is_ok(),
        "a newer minor is compatible"
    );
    set_version(&place, "2.0");
    let error = Journal::open(place.location()).await.expect_err("newer major");
    assert_eq!(
        journal_problem(&error),
        Some(JournalProblem::Incompatible),
        "{error}"
    );
    assert!(error.to_string().contains("2.0"), "{error}");
}

async fn read_only_refuses_writes(place: Place) {
    let sim = simulator().await;
    let writable = place.open().await;
    let client = journaled_client(&sim, &writable);
    validated(&sim, &client, "user-ro").await;

    let read_only = Journal::open_with(Some(&place.location()), JournalOptions { read_only: true })
        .await
        .expect("opens read-only");
    assert!(read_only.person("user-ro").await.expect("reads").is_some());
    let error = read_only.forget("user-ro").await.expect_err("no writes");
    assert_eq!(journal_problem(&error), Some(JournalProblem::ReadOnly), "{error}");
    let ro_client = journaled_client(&sim, &read_only);
    sim.reset_counters();
    let error = ro_client
        .upload_asset(&UploadAsset::new(
            "a",
            AssetType::Image,
            "https://cdn.example/ro.jpg",
        ))
        .await
        .expect_err("no intent, no upload");
    assert_eq!(journal_problem(&error), Some(JournalProblem::ReadOnly), "{error}");
    assert_eq!(sim.total_requests(), 0);
    assert!(writable.person("user-ro").await.expect("reads").is_some());
}

#[tokio::test]
async fn bad_arguments_name_their_field() {
    let journal = Place::Sqlite(scratch()).open().await;

    for (error, field) in [
        (journal.person("").await.expect_err("empty"), "reference"),
        (journal.forget(" x").await.expect_err("padded"), "reference"),
        (journal.resolve("", None).await.expect_err("empty"), "key"),
        (Journal::open("  ").await.expect_err("empty"), "path_or_url"),
    ] {
        assert!(
            matches!(error, Error::InvalidArgument { field: f, .. } if f == field),
            "{error}"
        );
    }
}

#[tokio::test]
async fn a_lazily_opened_journal_opens_on_first_use() {
    let dir = scratch();
    let path = dir.path().join("lazy.sqlite3");
    let journal = Journal::open_lazily(path.to_str(), JournalOptions::default()).expect("arguments are fine");
    assert!(!path.exists(), "nothing is written before the first use");
    assert_eq!(journal.location(), path.display().to_string());
    assert!(journal.people().await.expect("opens").is_empty());
    assert!(path.exists());

    let garbage_path = dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage_path, b"not a database\n".repeat(100)).expect("write");
    let garbage =
        Journal::open_lazily(garbage_path.to_str(), JournalOptions::default()).expect("not opened yet");
    for _ in 0..2 {
        let error = garbage.people().await.expect_err("corrupt, every time");
        assert_eq!(journal_problem(&error), Some(JournalProblem::Corrupt), "{error}");
    }
    assert!(matches!(
        Journal::open_lazily(Some(" "), JournalOptions::default()),
        Err(Error::InvalidArgument {
            field: "path_or_url",
            ..
        })
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caller_waiting_for_another_exchange_keeps_its_own_deadline() {
    let sim = simulator().await;
    let journal = Place::Sqlite(scratch()).open().await;
    let client = journaled_client(&sim, &journal);
    let redirect = passed_callback(&sim, &client, "user-w").await;
    sim.inject_fault(
        SimEndpoint::ValidationResult,
        Fault::Slow {
            delay: Duration::from_secs(8),
        },
        1,
    );
    let holder = {
        let (client, redirect) = (client.clone(), redirect.clone());
        tokio::spawn(async move { client.complete_validation(&redirect).await })
    };
    while sim.request_count(SimEndpoint::ValidationResult) == 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let impatient = client.with_options(CallOptions {
        deadline: Some(Duration::from_millis(300)),
        ..CallOptions::default()
    });
    let started = std::time::Instant::now();
    let error = impatient
        .complete_validation(&redirect)
        .await
        .expect_err("gave up");
    assert_eq!(error.code(), ErrorCode::Timeout, "{error}");
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
    let person = holder.await.expect("task").expect("the holder's exchange ends");
    assert_eq!(
        client.complete_validation(&redirect).await.expect("stored"),
        person
    );
    assert_eq!(sim.request_count(SimEndpoint::ValidationResult), 1);
}
