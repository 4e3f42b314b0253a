//! What the simulator did, for checking a client from the outside: side effects per upload URL
//! and faults injected per kind.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use crate::locking::lock;

/// The simulator's own account of a run.
#[derive(Debug, Default)]
pub(crate) struct Records {
    uploads: Mutex<HashMap<String, usize>>,
    faults: Mutex<BTreeMap<&'static str, usize>>,
}

impl Records {
    /// One asset was created from `asset_url`.
    pub(crate) fn upload(&self, asset_url: &str) {
        *lock(&self.uploads).entry(asset_url.to_string()).or_default() += 1;
    }

    /// One fault of `kind` was applied.
    pub(crate) fn fault(&self, kind: &'static str) {
        *lock(&self.faults).entry(kind).or_default() += 1;
    }

    /// Assets created per `asset_url`.
    pub(crate) fn uploads(&self) -> HashMap<String, usize> {
        lock(&self.uploads).clone()
    }

    /// Faults applied per kind.
    pub(crate) fn faults(&self) -> BTreeMap<String, usize> {
        lock(&self.faults)
            .iter()
            .map(|(k, v)| ((*k).to_string(), *v))
            .collect()
    }

    /// Forgets everything recorded.
    pub(crate) fn clear(&self) {
        lock(&self.uploads).clear();
        lock(&self.faults).clear();
    }
}
