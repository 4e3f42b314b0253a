//! How `wait_for_asset` spaces its polls.

use std::sync::Arc;
use std::time::Duration;

use rand::Rng;

use crate::errors::Error;
use crate::models::AssetStatus;
use crate::surface::{options, Lang};

/// What happened during a wait, as it happens: so a long stall is never silent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PollEvent {
    /// A poll answered; the asset is not finished yet (or just finished).
    Polled {
        /// Its status as answered.
        status: AssetStatus,
        /// Time since the wait began.
        elapsed: Duration,
        /// The sleep before the next poll (zero when finished).
        next_poll_in: Duration,
    },
    /// A poll failed with a transient error and will be sent again.
    Retrying {
        /// The error's stable code (`ERR_…`).
        code: &'static str,
        /// What happened.
        reason: String,
        /// The sleep before trying again (a `Retry-After` included).
        delay: Duration,
    },
    /// The client-side rate limit held a poll back.
    Queued {
        /// How long it was held.
        waited: Duration,
    },
}

/// A callback for [`PollEvent`]s; called on the runtime's threads, so keep it short.
pub type PollCallback = Arc<dyn Fn(&PollEvent) + Send + Sync>;

/// Settings for waiting until an asset is `Active`.
#[derive(Clone)]
pub struct WaitOptions {
    /// One overall deadline for every poll, retry and sleep (default 600 s).
    pub timeout: Duration,
    /// A fixed poll interval; when `None` the interval backs off.
    pub poll_interval: Option<Duration>,
    /// The first backoff interval (default 1 s).
    pub initial_interval: Duration,
    /// The largest backoff interval (default 10 s).
    pub max_interval: Duration,
    /// Growth of the backoff interval per poll (default 1.5).
    pub multiplier: f64,
    /// Called for every poll, retry and rate-limit wait.
    pub on_poll: Option<PollCallback>,
}

impl std::fmt::Debug for WaitOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WaitOptions")
            .field("timeout", &self.timeout)
            .field("poll_interval", &self.poll_interval)
            .field("initial_interval", &self.initial_interval)
            .field("max_interval", &self.max_interval)
            .field("multiplier", &self.multiplier)
            .field("on_poll", &self.on_poll.is_some())
            .finish()
    }
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            timeout: options::WAIT_TIMEOUT.default_duration(),
            poll_interval: None,
            initial_interval: options::INITIAL_INTERVAL.default_duration(),
            max_interval: options::MAX_INTERVAL.default_duration(),
            multiplier: 1.5,
            on_poll: None,
        }
    }
}

impl WaitOptions {
    /// Defaults with this overall deadline.
    pub fn with_timeout(timeout: Duration) -> Self {
        Self {
            timeout,
            ..Self::default()
        }
    }

    /// These options with a fixed poll interval.
    pub fn poll_every(mut self, interval: Duration) -> Self {
        self.poll_interval = Some(interval);
        self
    }

    /// These options with a callback for every poll, retry and rate-limit wait.
    pub fn on_poll(mut self, callback: impl Fn(&PollEvent) + Send + Sync + 'static) -> Self {
        self.on_poll = Some(Arc::new(callback));
        self
    }

    pub(crate) fn emit(&self, event: PollEvent) {
        if let Some(callback) = &self.on_poll {
            callback(&event);
        }
    }

    /// Refuses durations outside their bounds, naming each as `lang` spells it.
    pub fn check(&self, lang: Lang) -> Result<(), Error> {
        options::WAIT_TIMEOUT.check_duration(lang, self.timeout)?;
        if let Some(every) = self.poll_interval {
            options::POLL_INTERVAL.check_duration(lang, every)?;
        }
        options::INITIAL_INTERVAL.check_duration(lang, self.initial_interval)?;
        options::MAX_INTERVAL.check_duration(lang, self.max_interval)?;
        if !self.multiplier.is_finite() || self.multiplier < 1.0 {
            return Err(Error::invalid(
                "multiplier",
                format!("must be a finite number >= 1 (got {})", self.multiplier),
            ));
        }
        Ok(())
    }
}

/// The sleeps between polls: fixed, or growing by `multiplier` to `max_interval`, each ±10 % jittered.
pub(crate) struct PollSchedule {
    next: Duration,
    fixed: bool,
    max: Duration,
    multiplier: f64,
}

impl PollSchedule {
    pub fn new(options: &WaitOptions) -> Self {
        match options.poll_interval {
            Some(fixed) => Self {
                next: fixed,
                fixed: true,
                max: fixed,
                multiplier: 1.0,
            },
            None => Self {
                next: options.initial_interval,
                fixed: false,
                max: options.max_interval.max(options.initial_interval),
                multiplier: if options.multiplier.is_finite() {
                    options.multiplier.max(1.0)
                } else {
                    1.0
                },
            },
        }
    }

    /// The sleep before the next poll.
    pub fn next_delay(&mut self) -> Duration {
        let current = self.next;
        if self.fixed {
            return current;
        }
        self.next = current.mul_f64(self.multiplier).min(self.max);
        current.mul_f64(rand::rng().random_range(0.9..=1.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_to_the_cap() {
        let mut s = PollSchedule::new(&WaitOptions::default());
        let delays: Vec<Duration> = (0..12).map(|_| s.next_delay()).collect();
        assert!(delays[0] >= Duration::from_millis(900) && delays[0] <= Duration::from_millis(1100));
        assert!(delays[3] > delays[0]);
        for d in &delays {
            assert!(*d <= Duration::from_secs(11), "{d:?}");
        }
        assert!(delays[11] >= Duration::from_secs(9));
    }

    #[test]
    fn fixed_interval_is_fixed() {
        let mut s = PollSchedule::new(&WaitOptions::default().poll_every(Duration::from_millis(250)));
        for _ in 0..5 {
            assert_eq!(s.next_delay(), Duration::from_millis(250));
        }
    }
}
