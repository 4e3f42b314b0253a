//! One item's upload within a run: paced at the run's rate (slowed by each 429, recovering with
//! each accepted upload), refusals tried again, an upload that may have happened never resent.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use super::{OnboardEvent, Onboarding, ADAPTIVE_CEILING, ADAPTIVE_START, ADAPTIVE_STEP};
use crate::client::Client;
use crate::errors::{Error, ErrorCode};
use crate::models::UploadAsset;
use crate::pacer::Pacer;
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

/// The run's upload pace.
pub(super) struct UploadPace {
    /// The pacer this run waits on itself (`None`: the client's own upload limit paces every
    /// request already, and is the one adjusted).
    own: Option<Arc<Pacer>>,
    /// The pacer slowed on 429s and sped up on accepted uploads.
    adjusted: Arc<Pacer>,
    /// The shortest interval it may reach: the configured rate, never exceeded.
    fastest: Duration,
    /// When the pace was last halved: the 429s of uploads already in flight then are one
    /// signal, not one each.
    slowed_at: std::sync::Mutex<Option<Instant>>,
}

impl UploadPace {
    pub(super) fn new(client: &Client, onboarding: &Onboarding) -> Self {
        match (onboarding.upload_rate, client.upload_pacer()) {
            (Some(rate), _) => {
                let interval = with_margin(rate.interval());
                let pacer = Arc::new(Pacer::new(interval));
                Self {
                    own: Some(Arc::clone(&pacer)),
                    adjusted: pacer,
                    fastest: interval,
                    slowed_at: Default::default(),
                }
            }
            (None, Some(client_pacer)) => Self {
                fastest: client_pacer.interval(),
                own: None,
                adjusted: client_pacer,
                slowed_at: Default::default(),
            },
            (None, None) => {
                let pacer = Arc::new(Pacer::new(ADAPTIVE_START.interval()));
                Self {
                    own: Some(Arc::clone(&pacer)),
                    adjusted: pacer,
                    fastest: ADAPTIVE_CEILING.interval(),
                    slowed_at: Default::default(),
                }
            }
        }
    }

    async fn acquire(&self) {
        if let Some(pacer) = &self.own {
            pacer.acquire().await;
        }
    }

    fn accepted(&self) {
        let faster = self.adjusted.interval().div_f64(ADAPTIVE_STEP).max(self.fastest);
        if faster < self.adjusted.interval() {
            self.adjusted.set_interval(faster, None);
        }
    }

    fn refused(&self, retry_after: Option<Duration>) {
        let now = Instant::now();
        let interval = self.adjusted.interval();
        let hold = retry_after.map(|d| now + d);
        let Ok(mut slowed_at) = self.slowed_at.lock() else {
            return;
        };
        let recently = slowed_at.is_some_and(|at| now.duration_since(at) < interval.max(SLOWDOWN_QUIET));
        let slower = if recently {
            interval
        } else {
            *slowed_at = Some(now);
            (interval * 2).min(SLOWEST_INTERVAL.max(self.fastest))
        };
        self.adjusted.set_interval(slower, hold);
    }
}

/// The interval kept between uploads at the account's own rate: a little longer, so requests
/// that travel at different speeds still never arrive faster than the quota upstream counts.
fn with_margin(interval: Duration) -> Duration {
    interval.mul_f64(1.01) + Duration::from_millis(2)
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
    let mut request = UploadAsset::new(&item.name, item.asset_type, &item.asset_url).group_id(group_id);
    request.key = item.key.clone();
    let mut transient_tries = 0;
    loop {
        if tokio::time::timeout_at(deadline, pace.acquire()).await.is_err() {
            return Ok(Uploaded::OutOfTime);
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
        let error = match once.upload_counted(&request).await {
            Ok((uploaded, sent)) => {
                if sent {
                    counts.sent.fetch_add(1, Ordering::Relaxed);
                    pace.accepted();
                }
                return Ok(Uploaded::Id(uploaded.asset_id));
            }
            Err(error) => error,
        };
        let delay = match error.code() {
            ErrorCode::RateLimited if matches!(error, Error::Api(_)) => {
                counts.sent.fetch_add(1, Ordering::Relaxed);
                counts.rate_limited.fetch_add(1, Ordering::Relaxed);
                pace.refused(error.retry_after());
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
