//! Even spacing of requests: at most `n` per period with no burst, so no window of the period's
//! length ever holds more than `n` (a token bucket that bursts `n` and refills does exceed that
//! over a sliding window). The rate can be lowered and raised while in use (onboarding adapts it
//! to 429s).

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// One endpoint's pace, shared by every clone of a client.
#[derive(Debug)]
pub(crate) struct Pacer {
    state: Mutex<PaceState>,
}

#[derive(Debug)]
struct PaceState {
    /// The time between two requests.
    interval: Duration,
    /// The earliest time the next request may go.
    next: Instant,
}

impl Pacer {
    /// A pacer letting one request through every `interval`.
    pub(crate) fn new(interval: Duration) -> Self {
        Self {
            state: Mutex::new(PaceState {
                interval,
                next: Instant::now(),
            }),
        }
    }

    /// Waits for this caller's turn. Each caller books its slot before sleeping, so concurrent
    /// callers are spaced one interval apart in arrival order; a caller dropped while sleeping
    /// leaves its slot unused (a gap, never a burst).
    pub(crate) async fn acquire(&self) {
        let slot = {
            let Ok(mut state) = self.state.lock() else {
                return;
            };
            let now = Instant::now();
            let slot = state.next.max(now);
            state.next = slot + state.interval;
            slot
        };
        tokio::time::sleep_until(slot).await;
    }

    /// The current interval.
    pub(crate) fn interval(&self) -> Duration {
        self.state.lock().map_or(Duration::ZERO, |s| s.interval)
    }

    /// Changes the interval from now on; `hold_until` (a `Retry-After`) delays the next slot.
    pub(crate) fn set_interval(&self, interval: Duration, hold_until: Option<Instant>) {
        if let Ok(mut state) = self.state.lock() {
            // Slots already booked keep their times; the next one follows the new interval.
            let last_booked = state.next.checked_sub(state.interval).unwrap_or(state.next);
            state.interval = interval;
            state.next = (last_booked + interval).max(hold_until.unwrap_or(last_booked));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn callers_are_spaced_one_interval_apart() {
        let pacer = std::sync::Arc::new(Pacer::new(Duration::from_millis(100)));
        let start = Instant::now();
        let handles: Vec<_> = (0..5)
            .map(|_| {
                let pacer = pacer.clone();
                tokio::spawn(async move {
                    pacer.acquire().await;
                    Instant::now()
                })
            })
            .collect();
        let mut times = Vec::new();
        for handle in handles {
            times.push(handle.await.expect("task") - start);
        }
        times.sort();
        assert_eq!(times[0], Duration::ZERO);
        for pair in times.windows(2) {
            assert!(pair[1] - pair[0] >= Duration::from_millis(100), "{times:?}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_slower_interval_and_a_hold_apply_to_the_next_slot() {
        let pacer = Pacer::new(Duration::from_millis(100));
        pacer.acquire().await;
        let start = Instant::now();
        pacer.set_interval(Duration::from_millis(400), Some(start + Duration::from_secs(2)));
        pacer.acquire().await;
        assert!(Instant::now() - start >= Duration::from_secs(2));
        let second = Instant::now();
        pacer.acquire().await;
        assert!(Instant::now() - second >= Duration::from_millis(400));
    }
}
