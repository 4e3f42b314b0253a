//! Chaos mode: every request may draw a fault at random, from a chosen set of kinds, seeded
//! for repeatable runs (soak tests).

use std::sync::Mutex;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::faults::{Fault, FaultParams};
use crate::locking::lock;

/// The kinds chaos draws from when none are named: every transient fault a client must ride
/// out, before and after the side effect.
pub const DEFAULT_CHAOS_KINDS: [&str; 7] = [
    "rate_limited",
    "service_unavailable",
    "server_error_before",
    "server_error_after",
    "drop_connection",
    "truncated_body",
    "slow",
];

/// The delay of a `slow` fault drawn by chaos: enough to reorder answers, short enough to stay
/// under a client's attempt timeout.
const CHAOS_SLOW_DELAY: Duration = Duration::from_millis(50);

/// The `Retry-After` of a `rate_limited` fault drawn by chaos, in seconds (0: retry at once,
/// so a long soak is not dominated by sleeping).
const CHAOS_RETRY_AFTER_SECS: u64 = 0;

/// How often requests get a random fault, and which.
#[derive(Debug, Clone, PartialEq)]
pub struct ChaosConfig {
    /// The chance, in `[0, 1]`, that a request gets a fault.
    pub probability: f64,
    /// The faults drawn from, each equally likely.
    pub kinds: Vec<Fault>,
    /// The seed of the draws: the same seed and the same request order give the same faults.
    pub seed: Option<u64>,
}

impl ChaosConfig {
    /// Chaos at `probability` with fault kinds named as in the control API (`None`: the
    /// defaults, [`DEFAULT_CHAOS_KINDS`]); refuses a probability outside `[0, 1]` or an
    /// unknown kind.
    pub fn new(probability: f64, kinds: Option<&[&str]>, seed: Option<u64>) -> Result<Self, String> {
        if !(0.0..=1.0).contains(&probability) {
            return Err(format!("chaos probability must be in [0, 1] (got {probability})"));
        }
        let names = kinds.unwrap_or(&DEFAULT_CHAOS_KINDS);
        if names.is_empty() {
            return Err("chaos needs at least one fault kind".to_string());
        }
        let params = FaultParams {
            retry_after_secs: Some(CHAOS_RETRY_AFTER_SECS),
            delay: Some(CHAOS_SLOW_DELAY),
            ..FaultParams::default()
        };
        let kinds = names
            .iter()
            .map(|name| Fault::from_kind(name, params))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            probability,
            kinds,
            seed,
        })
    }
}

/// The live chaos setting with its random source.
#[derive(Debug, Default)]
pub(crate) struct Chaos {
    state: Mutex<Option<(ChaosConfig, StdRng)>>,
}

impl Chaos {
    /// Switches chaos on (or off with `None`), restarting the draws from the seed.
    pub(crate) fn set(&self, config: Option<ChaosConfig>) {
        *lock(&self.state) = config.map(|c| {
            let rng = match c.seed {
                Some(seed) => StdRng::seed_from_u64(seed),
                None => StdRng::from_rng(&mut rand::rng()),
            };
            (c, rng)
        });
    }

    /// The fault for this request, if chaos draws one.
    pub(crate) fn draw(&self) -> Option<Fault> {
        let mut state = lock(&self.state);
        let (config, rng) = state.as_mut()?;
        if config.kinds.is_empty() || !rng.random_bool(config.probability) {
            return None;
        }
        let at = rng.random_range(0..config.kinds.len());
        config.kinds.get(at).cloned()
    }
}
