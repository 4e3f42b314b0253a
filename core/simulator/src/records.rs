//! What the simulator did, for checking a client from the outside: side effects per upload URL,
//! faults injected per kind, failed outcomes drawn per kind, and every asset as it stands.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use crate::failures::FailureKind;
use crate::locking::lock;

/// One asset as the simulator holds it: what a client's report can be checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetRecord {
    /// Its AssetId.
    pub asset_id: String,
    /// The name it was uploaded with.
    pub name: String,
    /// The URL it was uploaded from.
    pub asset_url: String,
    /// Its status as asset-info would answer now (`Processing`, `Active`, `Failed`, or a forced one).
    pub status: String,
    /// The error code asset-info reports when it is `Failed` (e.g. `FaceMismatch`).
    pub error_code: Option<String>,
}

/// The simulator's own account of a run.
#[derive(Debug, Default)]
pub(crate) struct Records {
    uploads: Mutex<HashMap<String, usize>>,
    faults: Mutex<BTreeMap<&'static str, usize>>,
    failures: Mutex<BTreeMap<&'static str, usize>>,
    /// Download mode's fetches: (media, not media or unreachable).
    downloads: Mutex<(usize, usize)>,
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

    /// Chaos drew a failed outcome of `kind` for an upload that took effect.
    pub(crate) fn failure(&self, kind: FailureKind) {
        *lock(&self.failures).entry(kind.name()).or_default() += 1;
    }

    /// Download mode fetched an asset URL: `ok` when the answer was media.
    pub(crate) fn download(&self, ok: bool) {
        let mut downloads = lock(&self.downloads);
        match ok {
            true => downloads.0 += 1,
            false => downloads.1 += 1,
        }
    }

    /// Download mode's fetches so far: (media, failed).
    pub(crate) fn downloads(&self) -> (usize, usize) {
        *lock(&self.downloads)
    }

    /// Failed outcomes drawn per failure kind.
    pub(crate) fn failures(&self) -> BTreeMap<String, usize> {
        lock(&self.failures)
            .iter()
            .map(|(k, v)| ((*k).to_string(), *v))
            .collect()
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
        lock(&self.failures).clear();
        *lock(&self.downloads) = (0, 0);
    }
}
