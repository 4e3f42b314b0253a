//! Onboarding progress: one bar per phase (uploaded, settled), live on a terminal only.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};
use seedance_assets::OnboardEvent;

use crate::output::Output;

/// The two phases' bars, fed by onboarding events.
#[derive(Clone)]
pub struct Phases {
    inner: Option<Arc<Bars>>,
}

struct Bars {
    _multi: MultiProgress,
    uploaded: ProgressBar,
    settled: ProgressBar,
    seen: Mutex<Seen>,
}

#[derive(Default)]
struct Seen {
    uploaded: HashSet<usize>,
    settled: HashSet<usize>,
}

impl Phases {
    /// Bars for `total` items when the output is live; otherwise nothing is drawn.
    pub fn new(out: &Output, total: usize) -> Self {
        if !out.live {
            return Self { inner: None };
        }
        let multi = MultiProgress::new();
        let bar = |label: &str| {
            let bar = multi.add(ProgressBar::new(total as u64));
            if let Ok(style) = ProgressStyle::with_template(&format!(
                "{label:<9} [{{bar:32}}] {{pos:>4}}/{{len}} {{percent:>3}}%"
            )) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        };
        let uploaded = bar("uploaded");
        let settled = bar("settled");
        Self {
            inner: Some(Arc::new(Bars {
                _multi: multi,
                uploaded,
                settled,
                seen: Mutex::new(Seen::default()),
            })),
        }
    }

    /// Moves the bars for one event (each item counts once per phase).
    pub fn event(&self, event: &OnboardEvent) {
        let Some(bars) = &self.inner else { return };
        let mut seen = bars.seen.lock().unwrap_or_else(|p| p.into_inner());
        let (uploaded, settled) = match event {
            OnboardEvent::Uploaded { index, .. } => (Some(*index), None),
            OnboardEvent::Active { index, .. } | OnboardEvent::Failed { index, .. } => {
                (Some(*index), Some(*index))
            }
            OnboardEvent::Ambiguous { index } => (Some(*index), Some(*index)),
            _ => (None, None),
        };
        if let Some(index) = uploaded {
            if seen.uploaded.insert(index) {
                bars.uploaded.inc(1);
            }
        }
        if let Some(index) = settled {
            if seen.settled.insert(index) {
                bars.settled.inc(1);
            }
        }
    }

    /// Leaves the bars on screen where the events took them (an unfinished run's stay short).
    pub fn finish(&self) {
        if let Some(bars) = &self.inner {
            bars.uploaded.abandon();
            bars.settled.abandon();
        }
    }
}
