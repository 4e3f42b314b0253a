//! One item's upload within a run: paced at the run's rate (slowed by each 429, recovering with
//! each accepted upload), refusals tried again, an upload that may have happened never resent.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use super::{OnboardEvent, OnboardItem, Onboarding, ADAPTIVE_CEILING, ADAPTIVE_START, ADAPTIVE_STEP};
use crate::client::Client;
use crate::endpoint::Endpoint;
use crate::errors::{Error, ErrorCode};
use crate::journal::uploads::Peek;
use crate::journal::{pace, Journal};
use crate::models::UploadAsset;
use crate::pacer::Pacer;
use crate::rate_limit::RateLimit;
use crate::transport::CallOptions;

/// Tries of an upload refused by a transient fault other than 429 (maintenance, no connection).
const TRANSIENT_TRIES: u32 = 5;
/// The first wait after such a refusal; it doubles per try up to [`TRANSIENT_MAX_DELAY`].
const TRANSIENT_DELAY: Duration = Duration::from_secs(1);
const TRANSIENT_MAX_DELAY: Duration = Duration::from_secs(30);
/// 429s within this long of a halving (or one interval, if longer) do not halve it again.
const SLOWDOWN_QUIET: Duration = Duration::from_secs(1);
/// The slowest the adaptive rate goes (one upload in two minutes, below every published tier).
const SLOWEST_INTERVAL: Duration = Duration::from_secs(120);
/// After a 429 the pace recovers only up to this share of the rate that was refused: each
/// refusal lowers the ceiling, so a rate set too high settles below the quota in a few steps
/// instead of climbing back into it after every recovery.
const CEILING_AFTER_429: f64 = 0.75;
/// How early a request may arrive at the service (network jitter) and still be counted in the
/// window the pace meant it for: a window of the quota's length spans this much more.
const ARRIVAL_JITTER: Duration = Duration::from_millis(10);
/// How often a worker looks again at an item another worker is uploading.
const IN_FLIGHT_POLL: Duration = Duration::from_millis(100);

/// The run's upload pace.
pub(super) struct UploadPace {
    pace: Pace,
    /// The shortest interval it may reach: the configured rate, never exceeded.
    fastest: Duration,
    /// The shortest interval it recovers to now: `fastest`, lengthened by each 429.
    ceiling: std::sync::Mutex<Duration>,
    /// When the pace was last halved: the 429s of uploads already in flight then are one
    /// signal, not one each.
    slowed_at: std::sync::Mutex<Option<Instant>>,
    /// How many times it was slowed: a slot booked before a slowdown is booked again.
    slowdowns: AtomicU64,
}

/// Where the pace is kept.
enum Pace {
    /// In this process: `own` is waited on by the run itself (`None`: the client's own upload
    /// limit paces every request already, and is the one adjusted).
    Local {
        own: Option<Arc<Pacer>>,
        adjusted: Arc<Pacer>,
    },
    /// In the journal's database, shared by every process using it (they keep to the rate
    /// together); `start` is the interval a new pace row starts at.
    Shared { journal: Journal, start: Duration },
}

/// The name of the account's upload pace in a journal.
const SHARED_PACE: &str = "asset-upload";

impl UploadPace {
    pub(super) fn new(client: &Client, onboarding: &Onboarding) -> Self {
        let (start, fastest, client_pacer) =
            match (onboarding.upload_rate, client.pacer(Endpoint::UploadAsset)) {
                (Some(rate), _) => (with_margin(rate), with_margin(rate), None),
                (None, Some(pacer)) => (pacer.interval(), pacer.interval(), Some(pacer)),
                (None, None) => (ADAPTIVE_START.interval(), ADAPTIVE_CEILING.interval(), None),
            };
        let pace = match (client.journal(), client_pacer) {
            (Some(journal), _) => Pace::Shared {
                journal: journal.clone(),
                start,
            },
            (None, Some(pacer)) => Pace::Local {
                own: None,
                adjusted: pacer,
            },
            (None, None) => {
                let pacer = Arc::new(Pacer::new(start));
                Pace::Local {
                    own: Some(Arc::clone(&pacer)),
                    adjusted: pacer,
                }
            }
        };
        Self {
            pace,
            fastest,
            ceiling: std::sync::Mutex::new(fastest),
            slowed_at: Default::default(),
            slowdowns: AtomicU64::new(0),
        }
    }

    /// Waits for this upload's slot; a slot booked before the pace was slowed (by a 429 of
    /// another upload meanwhile) is given up and a new one booked at the slower pace.
    async fn acquire(&self) -> Result<(), Error> {
        loop {
            let booked_at = self.slowdowns.load(Ordering::Acquire);
            self.acquire_slot().await?;
            if self.slowdowns.load(Ordering::Acquire) == booked_at {
                return Ok(());
            }
        }
    }

    /// Waits for the next slot of the pace.
    async fn acquire_slot(&self) -> Result<(), Error> {
        match &self.pace {
            Pace::Local { own, .. } => {
                if let Some(pacer) = own {
                    pacer.acquire().await;
                }
            }
            Pace::Shared { journal, start } => {
                let start_ms = millis(*start);
                let fastest_ms = millis(self.fastest);
                let slot = journal
                    .write(move |tx| {
                        // A pace left faster than this run's rate (by another run) is slowed to it.
                        if pace::interval(tx, SHARED_PACE)?.is_some_and(|i| i < fastest_ms) {
                            pace::set_interval(tx, SHARED_PACE, fastest_ms, None)?;
                        }
                        pace::book(tx, SHARED_PACE, start_ms, now_ms())
                    })
                    .await?;
                let wait = u64::try_from(slot - now_ms()).unwrap_or(0);
                tokio::time::sleep(Duration::from_millis(wait)).await;
            }
        }
        Ok(())
    }

    async fn interval(&self) -> Result<Duration, Error> {
        Ok(match &self.pace {
            Pace::Local { adjusted, .. } => adjusted.interval(),
            Pace::Shared { journal, start } => {
                let ms = journal.read(|tx| pace::interval(tx, SHARED_PACE)).await?;
                ms.map_or(*start, |ms| Duration::from_millis(u64::try_from(ms).unwrap_or(0)))
            }
        })
    }

    async fn set_interval(&self, interval: Duration, hold: Option<Duration>) -> Result<(), Error> {
        match &self.pace {
            Pace::Local { adjusted, .. } => adjusted.set_interval(interval, hold.map(|d| Instant::now() + d)),
            Pace::Shared { journal, .. } => {
                let (ms, hold_ms) = (millis(interval), hold.map(|d| now_ms() + millis(d)));
                journal
                    .write(move |tx| pace::set_interval(tx, SHARED_PACE, ms, hold_ms))
                    .await?;
            }
        }
        Ok(())
    }

    async fn accepted(&self) -> Result<(), Error> {
        let interval = self.interval().await?;
        let ceiling = self.ceiling.lock().map_or(self.fastest, |c| *c);
        let faster = interval.div_f64(ADAPTIVE_STEP).max(ceiling);
        if faster < interval {
            self.set_interval(faster, None).await?;
        }
        Ok(())
    }

    async fn refused(&self, retry_after: Option<Duration>) -> Result<(), Error> {
        let now = Instant::now();
        let interval = self.interval().await?;
        let slower = {
            let Ok(mut slowed_at) = self.slowed_at.lock() else {
                return Ok(());
            };
            let recently = slowed_at.is_some_and(|at| now.duration_since(at) < interval.max(SLOWDOWN_QUIET));
            if recently {
                interval
            } else {
                *slowed_at = Some(now);
                if let Ok(mut ceiling) = self.ceiling.lock() {
                    let refused = interval.div_f64(CEILING_AFTER_429);
                    *ceiling = (*ceiling).max(refused).min(SLOWEST_INTERVAL.max(self.fastest));
                }
                self.slowdowns.fetch_add(1, Ordering::AcqRel);
                (interval * 2).min(SLOWEST_INTERVAL.max(self.fastest))
            }
        };
        self.set_interval(slower, retry_after).await
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The interval kept between uploads at the account's own rate: a little longer, so that any
/// `max_requests + 1` uploads span the quota's period plus [`ARRIVAL_JITTER`] and requests that
/// travel at different speeds still never arrive faster than the quota upstream counts.
fn with_margin(rate: RateLimit) -> Duration {
    rate.interval() + ARRIVAL_JITTER / rate.max_requests.max(1)
}

/// Counts shared by a run's uploads.
#[derive(Default)]
pub(super) struct UploadCounts {
    pub(super) sent: AtomicUsize,
    pub(super) rate_limited: AtomicUsize,
}

/// How one item's upload ended.
pub(super) enum Uploaded {
    /// Answered (or recorded in the journal) with this asset id.
    Id(String),
    /// Refused for good: code and message.
    Refused(String, String),
    /// It may have happened; not sent again.
    Ambiguous(String),
    /// The run's time ran out before it could be sent.
    OutOfTime,
    /// Preflight refused it; never sent. What it found.
    Rejected(String),
}

/// Uploads item `index`, trying transient refusals again until the run's deadline. A failure
/// that dooms the whole run (key, credits, journal, …) is the `Err`.
pub(super) async fn upload_item(
    client: &Client,
    onboarding: &Onboarding,
    group_id: &str,
    index: usize,
    pace: &UploadPace,
    counts: &UploadCounts,
    deadline: Instant,
) -> Result<Uploaded, Error> {
    let item = &onboarding.assets[index];
    if onboarding.preflight {
        // Before the pace: a rejected item spends none of the account's uploads.
        // A staged file is judged on disk: no network, and the same bytes as staged.
        let preflight = async {
            match &item.file {
                Some(path) => client.preflight_file(path, item.asset_type).await,
                None => client.preflight(&item.asset_url, item.asset_type).await,
            }
        };
        match tokio::time::timeout_at(deadline, preflight).await {
            Err(_) => return Ok(Uploaded::OutOfTime),
            Ok(Ok(report)) if !report.ok => return Ok(Uploaded::Rejected(report.summary())),
            Ok(Ok(_)) => {}
            Ok(Err(error)) => return Ok(Uploaded::Rejected(error.to_string())),
        }
    }
    let request = upload_request(item, group_id);
    let mut transient_tries = 0;
    loop {
        // A slot is booked only for an upload that will be sent: on a shared journal, the items
        // other workers recorded or are sending cost no slot of the account's rate.
        match client.upload_plan(&request, false).await? {
            Peek::InFlight => {
                if Instant::now() + IN_FLIGHT_POLL >= deadline {
                    return Ok(Uploaded::OutOfTime);
                }
                tokio::time::sleep(IN_FLIGHT_POLL).await;
                continue;
            }
            Peek::Settled => {}
            Peek::Send => match tokio::time::timeout_at(deadline, pace.acquire()).await {
                Err(_) => return Ok(Uploaded::OutOfTime),
                Ok(acquired) => acquired?,
            },
        }
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Ok(Uploaded::OutOfTime);
        }
        // Refusals are handled here, against the run's pace, not by the call's own retries.
        let once = client.with_options(CallOptions {
            max_retries: Some(0),
            deadline: Some(remaining),
            ..CallOptions::default()
        });
        // A recorded `Failed` upload is reported from its record, not sent again: a rerun or a
        // fellow process continues the onboarding, it does not redo what already ended.
        let error = match once.upload_counted(&request, false).await {
            Ok((uploaded, sent)) => {
                if sent {
                    counts.sent.fetch_add(1, Ordering::Relaxed);
                    pace.accepted().await?;
                }
                return Ok(Uploaded::Id(uploaded.asset_id));
            }
            Err(error) => error,
        };
        let delay = match error.code() {
            ErrorCode::RateLimited if matches!(error, Error::Api(_)) => {
                counts.sent.fetch_add(1, Ordering::Relaxed);
                counts.rate_limited.fetch_add(1, Ordering::Relaxed);
                pace.refused(error.retry_after()).await?;
                error.retry_after().unwrap_or_default()
            }
            ErrorCode::RateLimited => continue,
            ErrorCode::ServiceUnavailable | ErrorCode::Connection | ErrorCode::Timeout
                if transient_tries < TRANSIENT_TRIES =>
            {
                transient_tries += 1;
                (TRANSIENT_DELAY * 2u32.pow(transient_tries - 1)).min(TRANSIENT_MAX_DELAY)
            }
            ErrorCode::OutcomeUnknown => return Ok(Uploaded::Ambiguous(error.to_string())),
            ErrorCode::Authentication
            | ErrorCode::InsufficientCredits
            | ErrorCode::FeatureDisabled
            | ErrorCode::Configuration
            | ErrorCode::Journal
            | ErrorCode::Closed
            | ErrorCode::Internal => return Err(error),
            code => {
                let code = error
                    .api_error()
                    .and_then(|a| a.envelope_code.map(|c| c.to_string()))
                    .unwrap_or_else(|| code.as_str().to_string());
                return Ok(Uploaded::Refused(code, error.to_string()));
            }
        };
        onboarding.emit(OnboardEvent::Retrying {
            index,
            reason: error.to_string(),
            delay,
        });
        if Instant::now() + delay >= deadline {
            return Ok(Uploaded::OutOfTime);
        }
        tokio::time::sleep(delay).await;
    }
}

/// The upload an onboarding item makes under `group_id` (its journal key included).
pub(crate) fn upload_request(item: &OnboardItem, group_id: &str) -> UploadAsset {
    let mut request = UploadAsset::new(&item.name, item.asset_type, &item.asset_url).group_id(group_id);
    request.key = item.key.clone();
    request
}
