//! How `wait_for_asset` spaces its polls.

use std::time::Duration;

use rand::Rng;

/// Settings for waiting until an asset is `Active`.
#[derive(Debug, Clone, Copy, PartialEq)]
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
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(600),
            poll_interval: None,
            initial_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(10),
            multiplier: 1.5,
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
