//! One poller for every pending asset of a run: each asset is looked at on its own backoff
//! (a thousand pending assets do not cost a thousand requests a second), with a bounded number
//! of polls in flight, all within the client's asset-info limit — or, when the client has none,
//! within upstream's published one, so a run never floods the service with looks.

use std::sync::Arc;

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::client::Client;
use crate::endpoint::Endpoint;
use crate::errors::Error;
use crate::models::Asset;
use crate::pacer::Pacer;
use crate::rate_limit::RateLimits;
use crate::transport::CallOptions;

/// The first look at a fresh upload, and after each look the wait grows by a quarter (an asset
/// is seen at most a quarter of its processing time late; the look budget bounds the cost) …
const FIRST_LOOK: Duration = Duration::from_millis(500);
const GROWTH: f64 = 1.25;
/// … up to this.
const LONGEST_WAIT: Duration = Duration::from_secs(30);
/// Polls in flight at once.
const IN_FLIGHT: usize = 16;

/// The assets waiting for their next look.
pub(super) struct Poller {
    due: BinaryHeap<Reverse<(Instant, usize)>>,
    waits: Vec<Duration>,
    asset_ids: Vec<Option<String>>,
    in_flight: JoinSet<(usize, Result<Asset, Error>)>,
    /// The run's own look budget, when the client paces asset-info requests not itself.
    budget: Option<Arc<Pacer>>,
}

impl Poller {
    pub(super) fn new(items: usize, client: &Client) -> Self {
        let budget = match client.pacer(Endpoint::AssetInfo) {
            Some(_) => None,
            None => RateLimits::default()
                .asset_info
                .map(|limit| Arc::new(Pacer::new(limit.interval()))),
        };
        Self {
            due: BinaryHeap::new(),
            waits: vec![FIRST_LOOK; items],
            asset_ids: vec![None; items],
            in_flight: JoinSet::new(),
            budget,
        }
    }

    /// Starts watching item `index`, uploaded as `asset_id`.
    pub(super) fn watch(&mut self, index: usize, asset_id: String) {
        self.asset_ids[index] = Some(asset_id);
        self.due.push(Reverse((Instant::now() + FIRST_LOOK, index)));
    }

    /// Looks again at item `index` later, each time a little later than the last.
    pub(super) fn again(&mut self, index: usize) {
        let wait = self.waits[index];
        self.waits[index] = wait.mul_f64(GROWTH).min(LONGEST_WAIT);
        self.due.push(Reverse((Instant::now() + wait, index)));
    }

    /// When the next look is due, if there is room for it.
    pub(super) fn next_due(&self) -> Option<Instant> {
        (self.in_flight.len() < IN_FLIGHT)
            .then(|| self.due.peek().map(|Reverse((at, _))| *at))
            .flatten()
    }

    /// Starts the looks that are due, as many as there is room for.
    pub(super) fn start_due(&mut self, client: &Client, deadline: Instant) {
        let now = Instant::now();
        while self.in_flight.len() < IN_FLIGHT {
            match self.due.peek() {
                Some(Reverse((at, _))) if *at <= now => {}
                _ => break,
            }
            let Some(Reverse((_, index))) = self.due.pop() else {
                break;
            };
            let Some(asset_id) = self.asset_ids[index].clone() else {
                continue;
            };
            let looker = client.with_options(CallOptions {
                max_retries: Some(0),
                deadline: Some(
                    deadline
                        .saturating_duration_since(now)
                        .max(Duration::from_millis(1)),
                ),
                ..CallOptions::default()
            });
            let budget = self.budget.clone();
            self.in_flight.spawn(async move {
                if let Some(budget) = budget {
                    budget.acquire().await;
                }
                (index, looker.get_asset(&asset_id).await)
            });
        }
    }

    /// The next finished look (`None` when none is in flight).
    pub(super) async fn finished(&mut self) -> Option<(usize, Result<Asset, Error>)> {
        loop {
            match self.in_flight.join_next().await? {
                Ok(done) => return Some(done),
                // A look that panicked leaves its item unsettled: it ends `Pending`, not lost.
                Err(_) => continue,
            }
        }
    }

    /// Whether any look is in flight.
    pub(super) fn busy(&self) -> bool {
        !self.in_flight.is_empty()
    }

    /// The asset id of item `index`, once uploaded.
    pub(super) fn asset_id(&self, index: usize) -> Option<&String> {
        self.asset_ids[index].as_ref()
    }
}
