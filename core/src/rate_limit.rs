//! Client-side pacing per endpoint, so bulk callers meet fewer 429s from the shared upstream.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::endpoint::Endpoint;
use crate::errors::Error;
use crate::pacer::Pacer;
use crate::surface::{options, Lang};

/// At most `max_requests` per `per`, evenly spaced: no window of length `per` ever holds more
/// (requests go one `per / max_requests` apart, without bursts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per period.
    pub max_requests: u32,
    /// The period.
    pub per: Duration,
}

impl RateLimit {
    /// `max_requests` per `per`, checked: both must be greater than zero (a zero limit is an
    /// error, never "unlimited"; leave the operation out or use `None` for that).
    pub fn new(max_requests: u64, per: Duration) -> Result<Self, Error> {
        options::RATE_REQUESTS.count(Lang::Rust, max_requests as f64)?;
        options::RATE_PERIOD.check_duration(Lang::Rust, per)?;
        Ok(Self {
            max_requests: u32::try_from(max_requests).unwrap_or(u32::MAX),
            per,
        })
    }

    /// Reads a rate in the account's terms: `"120/min"`, `"3/s"`, `"10/sec"`, `"1000/h"`,
    /// `"5/10s"`; `field` names it in errors.
    pub fn parse(field: &'static str, text: &str) -> Result<Self, Error> {
        let bad = || {
            Error::invalid(
                field,
                format!("{text:?} is not a rate: write requests/period, e.g. \"120/min\" or \"3/s\""),
            )
        };
        let (count, period) = text.trim().split_once('/').ok_or_else(bad)?;
        let count: u64 = count.trim().parse().map_err(|_| bad())?;
        let period = period.trim();
        let split = period.find(|c: char| c.is_ascii_alphabetic()).ok_or_else(bad)?;
        let (amount, unit) = period.split_at(split);
        let amount: f64 = if amount.trim().is_empty() {
            1.0
        } else {
            amount.trim().parse().map_err(|_| bad())?
        };
        let unit_secs = match unit {
            "ms" => 0.001,
            "s" | "sec" | "second" | "seconds" => 1.0,
            "m" | "min" | "minute" | "minutes" => 60.0,
            "h" | "hour" | "hours" => 3600.0,
            "d" | "day" | "days" => 86_400.0,
            _ => return Err(bad()),
        };
        let per = Duration::try_from_secs_f64(amount * unit_secs).map_err(|_| bad())?;
        let limit = Self::new(count, per).map_err(|e| match e {
            Error::InvalidArgument { reason, .. } => Error::invalid(field, reason),
            other => other,
        })?;
        Ok(limit)
    }

    /// Checks a limit built field by field.
    pub(crate) fn check(self) -> Result<Self, Error> {
        Self::new(u64::from(self.max_requests), self.per)
    }

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

    /// The time between two requests.
    pub fn interval(self) -> Duration {
        self.per.checked_div(self.max_requests.max(1)).unwrap_or(self.per)
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

    /// Sets the limit of `endpoint` (`None`: unlimited).
    pub fn set(&mut self, endpoint: Endpoint, limit: Option<RateLimit>) {
        match endpoint {
            Endpoint::CreateSession => self.create_session = limit,
            Endpoint::ValidationResult => self.validation_result = limit,
            Endpoint::UploadAsset => self.upload_asset = limit,
            Endpoint::AssetInfo => self.asset_info = limit,
        }
    }

    /// Checks every limit that is set.
    pub(crate) fn check(&self) -> Result<(), Error> {
        for endpoint in Endpoint::ALL {
            if let Some(limit) = self.get(endpoint) {
                limit.check()?;
            }
        }
        Ok(())
    }

    /// The limit of `endpoint` (`None`: unlimited).
    pub fn get(&self, endpoint: Endpoint) -> Option<RateLimit> {
        match endpoint {
            Endpoint::CreateSession => self.create_session,
            Endpoint::ValidationResult => self.validation_result,
            Endpoint::UploadAsset => self.upload_asset,
            Endpoint::AssetInfo => self.asset_info,
        }
    }
}

/// One pacer per limited endpoint, shared by every clone of a client.
#[derive(Clone, Default)]
pub(crate) struct Limiters {
    pacers: [Option<Arc<Pacer>>; 4],
}

impl Limiters {
    pub fn new(limits: &RateLimits) -> Self {
        let pacers = Endpoint::ALL.map(|e| limits.get(e).map(|l| Arc::new(Pacer::new(l.interval()))));
        Self { pacers }
    }

    /// Waits until `endpoint` may send; returns at once when it is unlimited.
    pub async fn acquire(&self, endpoint: Endpoint) {
        if let Some(pacer) = &self.pacers[endpoint.index()] {
            pacer.acquire().await;
        }
    }

    /// The pacer of `endpoint`, if it is limited.
    pub fn pacer(&self, endpoint: Endpoint) -> Option<&Arc<Pacer>> {
        self.pacers[endpoint.index()].as_ref()
    }
}

impl fmt::Debug for Limiters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Limiters").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_in_the_accounts_terms() {
        assert_eq!(
            RateLimit::parse("r", "120/min").unwrap(),
            RateLimit::per_minute(120)
        );
        assert_eq!(RateLimit::parse("r", " 3/s ").unwrap(), RateLimit::per_second(3));
        assert_eq!(
            RateLimit::parse("r", "5/10s").unwrap().per,
            Duration::from_secs(10)
        );
        for bad in ["", "120", "0/min", "x/min", "3/fortnight", "3/0s"] {
            let err = RateLimit::parse("upload_rate", bad).unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::InvalidArgument {
                        field: "upload_rate",
                        ..
                    }
                ),
                "{bad}: {err}"
            );
        }
    }
}
