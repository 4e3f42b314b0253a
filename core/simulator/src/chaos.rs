//! Chaos mode: every request may draw a fault at random, from a chosen set of kinds, and every
//! upload a failed outcome, from one random source seeded for repeatable runs (soak tests).

use std::sync::Mutex;
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::failures::FailureKind;
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

/// A chaos setting, by the field that was refused (its Rust and Python name is
/// [`ChaosField::name`], its Node name [`ChaosField::camel_name`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChaosField {
    /// [`ChaosConfig::probability`].
    Probability,
    /// [`ChaosConfig::kinds`].
    Kinds,
    /// [`ChaosConfig::failure_share`].
    FailureShare,
    /// [`ChaosConfig::failure_kinds`].
    FailureKinds,
}

impl ChaosField {
    /// The field's name in Rust and Python, e.g. `failure_share`.
    pub fn name(self) -> &'static str {
        match self {
            ChaosField::Probability => "probability",
            ChaosField::Kinds => "kinds",
            ChaosField::FailureShare => "failure_share",
            ChaosField::FailureKinds => "failure_kinds",
        }
    }

    /// The field's name in Node, e.g. `failureShare`.
    pub fn camel_name(self) -> &'static str {
        match self {
            ChaosField::Probability => "probability",
            ChaosField::Kinds => "kinds",
            ChaosField::FailureShare => "failureShare",
            ChaosField::FailureKinds => "failureKinds",
        }
    }
}

/// A chaos setting refused: which field, and why (the message names the field as Rust and
/// Python spell it; a binding with other spellings uses [`ChaosError::naming`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("chaos {}: {problem}", field.name())]
pub struct ChaosError {
    /// The field refused.
    pub field: ChaosField,
    /// What is wrong with it, e.g. `must be in [0, 1] (got 1.5)`.
    pub problem: String,
}

impl ChaosError {
    fn new(field: ChaosField, problem: impl Into<String>) -> Self {
        Self {
            field,
            problem: problem.into(),
        }
    }

    /// The message with the field named `name` (e.g. `chaos.failureShare` in Node).
    pub fn naming(&self, name: &str) -> String {
        format!("{name}: {}", self.problem)
    }
}

/// Refuses a share or probability outside `[0, 1]`.
fn unit_interval(field: ChaosField, value: f64) -> Result<f64, ChaosError> {
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(ChaosError::new(field, format!("must be in [0, 1] (got {value})")))
    }
}

/// How often requests get a random fault, and which; and how often an upload's processing
/// ends `Failed`, and why. One seeded random source draws both, so one seed repeats a run.
#[derive(Debug, Clone, PartialEq)]
pub struct ChaosConfig {
    /// The chance, in `[0, 1]`, that a request gets a fault.
    pub probability: f64,
    /// The faults drawn from, each equally likely.
    pub kinds: Vec<Fault>,
    /// The seed of the draws: the same seed and the same request order give the same faults
    /// and the same failed uploads.
    pub seed: Option<u64>,
    /// The share, in `[0, 1]`, of uploaded assets whose processing ends `Failed` (drawn when
    /// the upload takes effect; an asset URL with a failure keyword fails whatever the draw).
    pub failure_share: f64,
    /// The reasons such a failure is drawn from, each equally likely.
    pub failure_kinds: Vec<FailureKind>,
}

impl ChaosConfig {
    /// Chaos at `probability` with fault kinds named as in the control API (`None`: the
    /// defaults, [`DEFAULT_CHAOS_KINDS`]) and no failed uploads (see
    /// [`ChaosConfig::with_failures`]); refuses a probability outside `[0, 1]` or an unknown
    /// kind.
    pub fn new(probability: f64, kinds: Option<&[&str]>, seed: Option<u64>) -> Result<Self, ChaosError> {
        let probability = unit_interval(ChaosField::Probability, probability)?;
        let names = kinds.unwrap_or(&DEFAULT_CHAOS_KINDS);
        if names.is_empty() {
            return Err(ChaosError::new(
                ChaosField::Kinds,
                "needs at least one fault kind",
            ));
        }
        let params = FaultParams {
            retry_after_secs: Some(CHAOS_RETRY_AFTER_SECS),
            delay: Some(CHAOS_SLOW_DELAY),
            ..FaultParams::default()
        };
        let kinds = names
            .iter()
            .map(|name| Fault::from_kind(name, params))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|problem| ChaosError::new(ChaosField::Kinds, problem))?;
        Ok(Self {
            probability,
            kinds,
            seed,
            failure_share: 0.0,
            failure_kinds: FailureKind::ALL.to_vec(),
        })
    }

    /// Whether it does anything: a fault probability or a failure share above 0 (a binding
    /// switches chaos off for a setting that does not).
    pub fn is_active(&self) -> bool {
        self.probability > 0.0 || self.failure_share > 0.0
    }

    /// The same chaos, with `share` (in `[0, 1]`) of uploaded assets ending `Failed` for a
    /// reason drawn from `kinds` (names in [`FailureKind::NAMES`]; `None`: all of them).
    pub fn with_failures(mut self, share: f64, kinds: Option<&[&str]>) -> Result<Self, ChaosError> {
        self.failure_share = unit_interval(ChaosField::FailureShare, share)?;
        if let Some(names) = kinds {
            if names.is_empty() {
                return Err(ChaosError::new(
                    ChaosField::FailureKinds,
                    "needs at least one failure kind",
                ));
            }
            self.failure_kinds = names
                .iter()
                .map(|name| {
                    FailureKind::from_name(name).ok_or_else(|| {
                        ChaosError::new(
                            ChaosField::FailureKinds,
                            format!(
                                "unknown failure kind {name:?}: use {}",
                                FailureKind::NAMES.join(", ")
                            ),
                        )
                    })
                })
                .collect::<Result<_, _>>()?;
        }
        Ok(self)
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

    /// The fault for this request, if chaos draws one. A probability of 0 draws nothing from
    /// the random source, so failures alone repeat from their seed whatever else is requested.
    pub(crate) fn draw(&self) -> Option<Fault> {
        let mut state = lock(&self.state);
        let (config, rng) = state.as_mut()?;
        if config.kinds.is_empty() || config.probability <= 0.0 || !rng.random_bool(config.probability) {
            return None;
        }
        let at = rng.random_range(0..config.kinds.len());
        config.kinds.get(at).cloned()
    }

    /// Whether an upload taking effect now ends `Failed`, and why (a share of 0 draws nothing).
    pub(crate) fn draw_failure(&self) -> Option<FailureKind> {
        let mut state = lock(&self.state);
        let (config, rng) = state.as_mut()?;
        if config.failure_kinds.is_empty()
            || config.failure_share <= 0.0
            || !rng.random_bool(config.failure_share)
        {
            return None;
        }
        let at = rng.random_range(0..config.failure_kinds.len());
        config.failure_kinds.get(at).copied()
    }
}
