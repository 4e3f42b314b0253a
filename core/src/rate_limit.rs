//! Client-side pacing per endpoint, so bulk callers meet fewer 429s from the shared upstream.

use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use crate::endpoint::Endpoint;

/// At most `max_requests` per `per`, with bursts up to `max_requests`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per period (and the burst size).
    pub max_requests: u32,
    /// The period.
    pub per: Duration,
}

impl RateLimit {
    /// `n` requests per second.
    pub fn per_second(n: u32) -> Self {
        Self {
            max_requests: n,
            per: Duration::from_secs(1),
        }
    }

    /// `n` requests per minute.
    pub fn per_minute(n: u32) -> Self {
        Self {
            max_requests: n,
            per: Duration::from_secs(60),
        }
    }

    fn quota(self) -> Option<Quota> {
        let burst = NonZeroU32::new(self.max_requests)?;
        let interval = self.per.checked_div(self.max_requests)?;
        Some(Quota::with_period(interval)?.allow_burst(burst))
    }
}

/// The limit for each endpoint; `None` means unlimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// `visual-validate-session` (upstream: 3 per second).
    pub create_session: Option<RateLimit>,
    /// `visual-validate-result` (upstream: 3 per second).
    pub validation_result: Option<RateLimit>,
    /// `asset-upload` (upstream tiers range from 3 to 300 per minute; off by default).
    pub upload_asset: Option<RateLimit>,
    /// `asset-info` (upstream: 100 per second).
    pub asset_info: Option<RateLimit>,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            create_session: Some(RateLimit::per_second(3)),
            validation_result: Some(RateLimit::per_second(3)),
            upload_asset: None,
            asset_info: Some(RateLimit::per_second(100)),
        }
    }
}

impl RateLimits {
    /// No client-side limits at all.
    pub fn disabled() -> Self {
        Self {
            create_session: None,
            validation_result: None,
            upload_asset: None,
            asset_info: None,
        }
    }

    fn get(&self, endpoint: Endpoint) -> Option<RateLimit> {
        match endpoint {
            Endpoint::CreateSession => self.create_session,
            Endpoint::ValidationResult => self.validation_result,
            Endpoint::UploadAsset => self.upload_asset,
            Endpoint::AssetInfo => self.asset_info,
        }
    }
}

/// One token bucket per limited endpoint, shared by every clone of a client.
#[derive(Clone, Default)]
pub(crate) struct Limiters {
    buckets: [Option<Arc<DefaultDirectRateLimiter>>; 4],
}

impl Limiters {
    pub fn new(limits: &RateLimits) -> Self {
        let buckets = Endpoint::ALL.map(|e| {
            limits
                .get(e)
                .and_then(RateLimit::quota)
                .map(|q| Arc::new(RateLimiter::direct(q)))
        });
        Self { buckets }
    }

    /// Waits until `endpoint` may send; returns at once when it is unlimited.
    pub async fn acquire(&self, endpoint: Endpoint) {
        if let Some(bucket) = &self.buckets[endpoint.index()] {
            bucket.until_ready().await;
        }
    }
}

impl fmt::Debug for Limiters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Limiters").finish_non_exhaustive()
    }
}
