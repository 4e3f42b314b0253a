//! `Client::onboard`: uploads at the run's pace by a few workers, one shared poller for what
//! was uploaded, one report at the end.

use std::collections::VecDeque;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::poller::Poller;
use super::uploader::{upload_item, upload_request, UploadCounts, UploadPace, Uploaded};
use super::{ItemReport, ItemStatus, OnboardEvent, Onboarding, OnboardingReport};
use crate::client::Client;
use crate::errors::{Error, ErrorCode};
use crate::journal::uploads::Peek;
use crate::models::{Asset, AssetStatus};
use crate::surface::{options, Lang};
use crate::validate;

impl Client {
    /// Onboards a person's assets: uploads them at the account's rate (never exceeded; with no
    /// rate given or configured, adaptive — see [`super::ADAPTIVE_START`]), waits for all of
    /// them with one shared poller, and reports each item (`Active` with its `asset://`
    /// reference, `Failed`, `Ambiguous`, `Pending`). Per-item failures never raise; a failure
    /// of the whole run (key, credits, configuration, journal) does. With a journal attached,
    /// running it again after a crash or cancel continues: recorded uploads are not sent again.
    ///
    /// Items with a `file` are staged in the client's bucket before anything is uploaded (a
    /// bucket that refuses fails the run with nothing sent upstream); their preflight reads the
    /// file, and their reports show the staged URL without its signature. With the staging
    /// option `cleanup`, a staged copy is deleted once its asset is `Active`.
    pub async fn onboard(&self, onboarding: &Onboarding) -> Result<OnboardingReport, Error> {
        check_items(onboarding)?;
        if self.journal.is_none() && onboarding.assets.iter().any(|item| item.key.is_some()) {
            return Err(Error::Configuration(
                "an item `key` needs a journal: attach one to the client".into(),
            ));
        }
        let group_id = self.onboarding_group(onboarding).await?;
        if !onboarding.assets.iter().any(|item| item.file.is_some()) {
            return self.onboard_urls(onboarding, group_id).await;
        }
        // Everything that can refuse the run is checked before the first file is put: the
        // bucket, the person (above), and every file (a bad item late in the list stages nothing).
        let staging = self.staging()?;
        let mut files = Vec::with_capacity(onboarding.assets.len());
        for (index, item) in onboarding.assets.iter().enumerate() {
            files.push(match &item.file {
                Some(path) => Some(
                    self.check_local_file(path, item.asset_type)
                        .map_err(|e| in_item(index, &item.name, e))?,
                ),
                None => None,
            });
        }
        let mut resolved = onboarding.clone();
        let mut staged_keys = vec![None; onboarding.assets.len()];
        for (index, (item, file)) in resolved.assets.iter_mut().zip(&files).enumerate() {
            let Some(file) = file else { continue };
            let mut staged = staging
                .sign_inspected(file)
                .await
                .map_err(|e| in_item(index, &item.name, e))?;
            item.asset_url = staged.url.clone();
            // A rerun does not touch the bucket for what the journal settled (or another
            // worker is sending, which stored it): only a file about to be uploaded is stored.
            if let Peek::Send = self.upload_plan(&upload_request(item, &group_id), false).await? {
                staging
                    .store_signed(&mut staged)
                    .await
                    .map_err(|e| in_item(index, &item.name, e))?;
            }
            staged_keys[index] = Some(staged.key);
        }
        let mut report = self.onboard_urls(&resolved, group_id).await?;
        for (item, key) in report.items.iter_mut().zip(&staged_keys) {
            if key.is_some() {
                item.item.asset_url = crate::journal::uploads::url_without_query(&item.item.asset_url);
            }
        }
        if let Some(staging) = self.staging.as_ref().filter(|s| s.cleans_up()) {
            for key in copies_no_longer_needed(&report, &staged_keys) {
                // Upstream has its copies. A failed delete only leaves a file.
                if let Err(error) = staging.remove(key).await {
                    tracing::warn!(target: "seedance_assets::staging", key = %key, error = %error, "staged copy not deleted");
                }
            }
        }
        Ok(report)
    }

    /// The run over public URLs (local files already staged), for the checked `group_id`.
    async fn onboard_urls(
        &self,
        onboarding: &Onboarding,
        group_id: String,
    ) -> Result<OnboardingReport, Error> {
        let started = Instant::now();
        let limit = self
            .options
            .deadline
            .map_or(onboarding.timeout, |d| d.min(onboarding.timeout));
        let deadline = started + limit;
        let shared = Arc::new(Run {
            client: self.clone(),
            onboarding: onboarding.clone(),
            group_id: group_id.clone(),
            pace: UploadPace::new(self, onboarding),
            counts: UploadCounts::default(),
            queue: Mutex::new((0..onboarding.assets.len()).collect()),
            deadline,
        });
        let (done_tx, mut done_rx) = mpsc::unbounded_channel();
        let mut workers = JoinSet::new();
        for _ in 0..onboarding.concurrency {
            let (run, done) = (Arc::clone(&shared), done_tx.clone());
            workers.spawn(async move { run.work(done).await });
        }
        drop(done_tx);

        let mut reports = Reports::new(onboarding);
        let mut poller = Poller::new(onboarding.assets.len(), self);
        let mut uploads_open = true;
        while reports.unsettled > 0 {
            let next_look = poller.next_due();
            tokio::select! {
                message = done_rx.recv(), if uploads_open => match message {
                    Some((index, Ok(Uploaded::Id(asset_id)))) => {
                        onboarding.emit(OnboardEvent::Uploaded { index, asset_id: asset_id.clone() });
                        poller.watch(index, asset_id);
                    }
                    Some((index, Ok(Uploaded::Refused(code, message)))) => {
                        reports.settle(index, shared.report(index, None, ItemStatus::Failed, Some(code), Some(message)));
                    }
                    Some((index, Ok(Uploaded::Ambiguous(message)))) => {
                        let code = ErrorCode::OutcomeUnknown.as_str().to_string();
                        reports.settle(index, shared.report(index, None, ItemStatus::Ambiguous, Some(code), Some(message)));
                    }
                    Some((_, Ok(Uploaded::OutOfTime))) => {}
                    Some((index, Ok(Uploaded::Rejected(message)))) => {
                        let code = ErrorCode::Preflight.as_str().to_string();
                        reports.settle(index, shared.report(index, None, ItemStatus::Rejected, Some(code), Some(message)));
                    }
                    Some((_, Err(fatal))) => return Err(fatal),
                    None => uploads_open = false,
                },
                Some((index, looked)) = poller.finished(), if poller.busy() => match looked {
                    Ok(asset) if asset.status.is_terminal() => reports.settle(index, shared.settled(index, &asset)),
                    Ok(_) => poller.again(index),
                    Err(error) if error.is_retryable() || error.code() == ErrorCode::RateLimited => poller.again(index),
                    Err(error) if is_fatal(&error) => return Err(error),
                    Err(error) => {
                        let id = poller.asset_id(index).cloned();
                        let code = error.code().as_str().to_string();
                        reports.settle(index, shared.report(index, id, ItemStatus::Failed, Some(code), Some(error.to_string())));
                    }
                },
                _ = sleep_until_some(next_look) => poller.start_due(self, deadline),
                _ = tokio::time::sleep_until(deadline) => break,
                else => break,
            }
        }
        workers.abort_all();
        let items = reports
            .slots
            .into_iter()
            .enumerate()
            .map(|(index, report)| {
                report.unwrap_or_else(|| {
                    let id = poller.asset_id(index).cloned();
                    let message = match &id {
                        Some(_) => "still processing when the run's time ran out",
                        None => "not uploaded before the run's time ran out",
                    };
                    shared.report(index, id, ItemStatus::Pending, None, Some(message.to_string()))
                })
            })
            .collect();
        Ok(OnboardingReport {
            group_id,
            items,
            uploads_sent: shared.counts.sent.load(Ordering::Relaxed),
            rate_limited: shared.counts.rate_limited.load(Ordering::Relaxed),
        })
    }

    /// The group the run uploads to: given, or the journaled person's.
    async fn onboarding_group(&self, onboarding: &Onboarding) -> Result<String, Error> {
        match (&onboarding.reference, &onboarding.group_id) {
            (Some(_), Some(_)) => Err(Error::invalid(
                "reference",
                "give a reference or a group_id, not both",
            )),
            (None, None) => Err(Error::invalid(
                "group_id",
                "give the person's reference or group_id",
            )),
            (None, Some(group_id)) => {
                validate::identifier("group_id", group_id)?;
                Ok(group_id.clone())
            }
            (Some(reference), None) => {
                validate::label("reference", reference)?;
                let journal = self.journal.as_ref().ok_or_else(|| {
                    Error::Configuration(
                        "onboarding by reference needs a journal: attach one, or pass group_id".into(),
                    )
                })?;
                let person = journal.person(reference).await?.ok_or_else(|| {
                    Error::invalid(
                        "reference",
                        format!("no validated person {reference:?} in the journal"),
                    )
                })?;
                Ok(person.group_id)
            }
        }
    }
}

/// Each item's report once it has settled, and how many have not (counted, not searched for:
/// a run of ten thousand items settles one per event).
struct Reports<'a> {
    onboarding: &'a Onboarding,
    slots: Vec<Option<ItemReport>>,
    unsettled: usize,
}

impl<'a> Reports<'a> {
    fn new(onboarding: &'a Onboarding) -> Self {
        Self {
            onboarding,
            slots: vec![None; onboarding.assets.len()],
            unsettled: onboarding.assets.len(),
        }
    }

    /// Records item `index`'s final report and tells the caller's progress callback.
    fn settle(&mut self, index: usize, report: ItemReport) {
        self.onboarding.emit(match report.status {
            ItemStatus::Active => OnboardEvent::Active {
                index,
                asset_id: report.asset_id.clone().unwrap_or_default(),
            },
            ItemStatus::Ambiguous => OnboardEvent::Ambiguous { index },
            _ => OnboardEvent::Failed {
                index,
                code: report.error_code.clone().unwrap_or_default(),
                message: report.error_message.clone().unwrap_or_default(),
            },
        });
        if self.slots[index].replace(report).is_none() {
            self.unsettled -= 1;
        }
    }
}

/// What every worker and the report share.
struct Run {
    client: Client,
    onboarding: Onboarding,
    group_id: String,
    pace: UploadPace,
    counts: UploadCounts,
    queue: Mutex<VecDeque<usize>>,
    deadline: Instant,
}

type Done = mpsc::UnboundedSender<(usize, Result<Uploaded, Error>)>;

impl Run {
    /// Takes items off the queue and uploads them until none is left.
    async fn work(&self, done: Done) {
        loop {
            let next = self.queue.lock().ok().and_then(|mut q| q.pop_front());
            let Some(index) = next else {
                return;
            };
            let outcome = upload_item(
                &self.client,
                &self.onboarding,
                &self.group_id,
                index,
                &self.pace,
                &self.counts,
                self.deadline,
            )
            .await;
            let fatal = outcome.is_err();
            if done.send((index, outcome)).is_err() || fatal {
                return;
            }
        }
    }

    fn report(
        &self,
        index: usize,
        asset_id: Option<String>,
        status: ItemStatus,
        error_code: Option<String>,
        error_message: Option<String>,
    ) -> ItemReport {
        ItemReport {
            item: self.onboarding.assets[index].clone(),
            asset_id,
            status,
            error_code,
            error_message,
        }
    }

    fn settled(&self, index: usize, asset: &Asset) -> ItemReport {
        let status = if asset.status == AssetStatus::Active {
            ItemStatus::Active
        } else {
            ItemStatus::Failed
        };
        let failed = status == ItemStatus::Failed;
        self.report(
            index,
            Some(asset.asset_id.clone()),
            status,
            asset.error_code.clone().filter(|_| failed),
            asset.error_message.clone().filter(|_| failed),
        )
    }
}

/// Refuses a run whose items are malformed before anything is sent, naming the item.
fn check_items(onboarding: &Onboarding) -> Result<(), Error> {
    if onboarding.assets.is_empty() {
        return Err(Error::invalid("assets", "must hold at least one asset"));
    }
    options::ONBOARD_TIMEOUT.check_duration(Lang::Rust, onboarding.timeout)?;
    options::CONCURRENCY.count(Lang::Rust, onboarding.concurrency as f64)?;
    for (i, item) in onboarding.assets.iter().enumerate() {
        let source = match &item.file {
            Some(_) if !item.asset_url.is_empty() => Err(Error::invalid(
                "asset_url",
                "give either asset_url or file, not both",
            )),
            Some(_) => Ok(()),
            None => validate::http_url("asset_url", &item.asset_url),
        };
        let checked = validate::name("name", &item.name)
            .and(source)
            .and_then(|()| item.key.as_deref().map_or(Ok(()), |k| validate::label("key", k)));
        if let Err(Error::InvalidArgument { field, reason }) = checked {
            return Err(Error::invalid(
                "assets",
                format!("item {i} ({:?}): {field}: {reason}", item.name),
            ));
        }
    }
    Ok(())
}

fn is_fatal(error: &Error) -> bool {
    matches!(
        error.code(),
        ErrorCode::Authentication
            | ErrorCode::InsufficientCredits
            | ErrorCode::FeatureDisabled
            | ErrorCode::Configuration
            | ErrorCode::Closed
            | ErrorCode::Internal
    )
}

/// Sleeps until `at`, or forever when there is nothing to wait for.
async fn sleep_until_some(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// An item's argument error as one of `assets`, naming the item.
fn in_item(index: usize, name: &str, error: Error) -> Error {
    match error {
        Error::InvalidArgument { field, reason } => {
            Error::invalid("assets", format!("item {index} ({name:?}): {field}: {reason}"))
        }
        other => other,
    }
}

/// The staged copies every item made from them is `Active` with: one file given twice is one
/// copy, and an item still pending, failed or ambiguous (a rerun sends it again) keeps it.
fn copies_no_longer_needed<'a>(report: &OnboardingReport, staged_keys: &'a [Option<String>]) -> Vec<&'a str> {
    let mut all_active: std::collections::BTreeMap<&str, bool> = std::collections::BTreeMap::new();
    for (item, key) in report.items.iter().zip(staged_keys) {
        if let Some(key) = key {
            *all_active.entry(key).or_insert(true) &= item.status == ItemStatus::Active;
        }
    }
    all_active
        .into_iter()
        .filter(|(_, active)| *active)
        .map(|(key, _)| key)
        .collect()
}
