//! Server-side rate limits per endpoint, as upstream enforces them: a sliding window of the
//! accepted requests' times; a request over the limit gets 429 with `Retry-After` and no effect.
//! Accepted times are kept so a test can check a client never exceeded a rate.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::endpoint::Endpoint;
use crate::locking::lock;

/// At most `max_requests` accepted in any window of length `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// Requests accepted per window.
    pub max_requests: u32,
    /// The window.
    pub per: Duration,
}

impl Quota {
    /// Reads `"600/min"`, `"3/s"`, `"10/sec"`, `"1000/h"`, `"5/10s"`.
    pub fn parse(text: &str) -> Result<Quota, String> {
        let bad = || format!("{text:?} is not a rate: write requests/period, e.g. \"120/min\"");
        let (count, period) = text.trim().split_once('/').ok_or_else(bad)?;
        let max_requests: u32 = count.trim().parse().map_err(|_| bad())?;
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
            _ => return Err(bad()),
        };
        let per = Duration::try_from_secs_f64(amount * unit_secs).map_err(|_| bad())?;
        if max_requests == 0 || per.is_zero() {
            return Err(bad());
        }
        Ok(Quota { max_requests, per })
    }
}

/// The quota and the accepted times of each endpoint.
#[derive(Debug, Default)]
pub(crate) struct Quotas {
    endpoints: [Mutex<Window>; 4],
}

#[derive(Debug, Default)]
struct Window {
    quota: Option<Quota>,
    /// Accepted request times, oldest first (all of them: tests read the whole history).
    accepted: VecDeque<Instant>,
    /// Requests refused with 429.
    refused: usize,
}

impl Quotas {
    /// Sets (or with `None` lifts) an endpoint's quota.
    pub(crate) fn set(&self, endpoint: Endpoint, quota: Option<Quota>) {
        lock(&self.endpoints[endpoint.index()]).quota = quota;
    }

    /// Admits a request now, or says how long until it would be admitted.
    pub(crate) fn admit(&self, endpoint: Endpoint) -> Result<(), Duration> {
        let mut window = lock(&self.endpoints[endpoint.index()]);
        let now = Instant::now();
        if let Some(quota) = window.quota {
            let start = now.checked_sub(quota.per).unwrap_or(now);
            let in_window = window.accepted.iter().rev().take_while(|t| **t > start).count();
            if in_window >= quota.max_requests as usize {
                window.refused += 1;
                let oldest = window.accepted[window.accepted.len() - in_window];
                return Err((oldest + quota.per).saturating_duration_since(now));
            }
        }
        window.accepted.push_back(now);
        Ok(())
    }

    /// The most requests accepted in any window of length `per` so far.
    pub(crate) fn max_in_window(&self, endpoint: Endpoint, per: Duration) -> usize {
        let window = lock(&self.endpoints[endpoint.index()]);
        let times: Vec<Instant> = window.accepted.iter().copied().collect();
        let mut most = 0;
        let mut first = 0;
        for (last, t) in times.iter().enumerate() {
            while *t - times[first] >= per {
                first += 1;
            }
            most = most.max(last - first + 1);
        }
        most
    }

    /// Requests refused with 429 by the quota.
    pub(crate) fn refused(&self, endpoint: Endpoint) -> usize {
        lock(&self.endpoints[endpoint.index()]).refused
    }

    /// Forgets accepted times and refusals (quotas stay).
    pub(crate) fn reset(&self) {
        for window in &self.endpoints {
            let mut window = lock(window);
            window.accepted.clear();
            window.refused = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quota_reads_like_the_accounts_terms() {
        assert_eq!(
            Quota::parse("600/min"),
            Ok(Quota {
                max_requests: 600,
                per: Duration::from_secs(60)
            })
        );
        assert_eq!(Quota::parse("5/10s").map(|q| q.per), Ok(Duration::from_secs(10)));
        assert!(Quota::parse("0/min").is_err() && Quota::parse("3").is_err());
    }

    #[test]
    fn the_window_admits_up_to_the_quota_then_refuses() {
        let quotas = Quotas::default();
        quotas.set(
            Endpoint::UploadAsset,
            Some(Quota {
                max_requests: 2,
                per: Duration::from_secs(60),
            }),
        );
        assert!(quotas.admit(Endpoint::UploadAsset).is_ok());
        assert!(quotas.admit(Endpoint::UploadAsset).is_ok());
        let wait = quotas.admit(Endpoint::UploadAsset).expect_err("over quota");
        assert!(wait > Duration::from_secs(59));
        assert_eq!(quotas.refused(Endpoint::UploadAsset), 1);
        assert_eq!(
            quotas.max_in_window(Endpoint::UploadAsset, Duration::from_secs(60)),
            2
        );
        assert!(
            quotas.admit(Endpoint::AssetInfo).is_ok(),
            "other endpoints are not limited"
        );
    }
}
