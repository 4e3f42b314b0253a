//! Settings that can change while the simulator runs, stored in atomics for cheap reads.

use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::time::Duration;

use rand::Rng;

use crate::config::{SimulatorConfig, StatusMode, TimeFormat};

/// Runtime-adjustable knobs read on every request.
#[derive(Debug)]
pub(crate) struct Settings {
    status_mode: AtomicU8,
    time_format: AtomicU8,
    delay_min_ns: AtomicU64,
    delay_max_ns: AtomicU64,
    link_ttl_ns: AtomicU64,
}

/// Saturating conversion of a duration to nanoseconds.
fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

impl Settings {
    /// Initial settings taken from the start-up config.
    pub(crate) fn from_config(config: &SimulatorConfig) -> Self {
        let s = Settings {
            status_mode: AtomicU8::new(0),
            time_format: AtomicU8::new(0),
            delay_min_ns: AtomicU64::new(0),
            delay_max_ns: AtomicU64::new(0),
            link_ttl_ns: AtomicU64::new(nanos(config.link_ttl)),
        };
        s.set_status_mode(config.status_mode);
        s.set_time_format(config.time_format);
        s.set_processing_delay(config.processing_delay.0, config.processing_delay.1);
        s
    }

    /// Current status mode.
    pub(crate) fn status_mode(&self) -> StatusMode {
        match self.status_mode.load(Ordering::Relaxed) {
            1 => StatusMode::EnvelopeOnly,
            _ => StatusMode::Mirrored,
        }
    }

    /// Changes the status mode.
    pub(crate) fn set_status_mode(&self, mode: StatusMode) {
        let v = match mode {
            StatusMode::Mirrored => 0,
            StatusMode::EnvelopeOnly => 1,
        };
        self.status_mode.store(v, Ordering::Relaxed);
    }

    /// Current time format.
    pub(crate) fn time_format(&self) -> TimeFormat {
        match self.time_format.load(Ordering::Relaxed) {
            1 => TimeFormat::Unix,
            _ => TimeFormat::Iso,
        }
    }

    /// Changes the time format.
    pub(crate) fn set_time_format(&self, format: TimeFormat) {
        let v = match format {
            TimeFormat::Iso => 0,
            TimeFormat::Unix => 1,
        };
        self.time_format.store(v, Ordering::Relaxed);
    }

    /// Current processing delay range.
    pub(crate) fn processing_delay(&self) -> (Duration, Duration) {
        (
            Duration::from_nanos(self.delay_min_ns.load(Ordering::Relaxed)),
            Duration::from_nanos(self.delay_max_ns.load(Ordering::Relaxed)),
        )
    }

    /// Changes the processing delay range (swapped if `min > max`).
    pub(crate) fn set_processing_delay(&self, min: Duration, max: Duration) {
        let (lo, hi) = (nanos(min.min(max)), nanos(min.max(max)));
        self.delay_min_ns.store(lo, Ordering::Relaxed);
        self.delay_max_ns.store(hi, Ordering::Relaxed);
    }

    /// Draws one processing delay uniformly from the configured range.
    pub(crate) fn draw_processing_delay(&self) -> Duration {
        let lo = self.delay_min_ns.load(Ordering::Relaxed);
        let hi = self.delay_max_ns.load(Ordering::Relaxed).max(lo);
        if lo == hi {
            return Duration::from_nanos(lo);
        }
        Duration::from_nanos(rand::rng().random_range(lo..=hi))
    }

    /// Current H5 link lifetime.
    pub(crate) fn link_ttl(&self) -> Duration {
        Duration::from_nanos(self.link_ttl_ns.load(Ordering::Relaxed))
    }

    /// Changes the H5 link lifetime (applies to existing sessions too).
    pub(crate) fn set_link_ttl(&self, ttl: Duration) {
        self.link_ttl_ns.store(nanos(ttl), Ordering::Relaxed);
    }
}
