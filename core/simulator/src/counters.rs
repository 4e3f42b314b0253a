//! Per-endpoint request counters.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::endpoint::Endpoint;

/// Lock-free request counts for the four endpoints.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    hits: [AtomicUsize; 4],
}

impl Counters {
    /// Records one request for the endpoint.
    pub(crate) fn hit(&self, endpoint: Endpoint) {
        self.hits[endpoint.index()].fetch_add(1, Ordering::Relaxed);
    }

    /// Requests seen by the endpoint since the last reset.
    pub(crate) fn get(&self, endpoint: Endpoint) -> usize {
        self.hits[endpoint.index()].load(Ordering::Relaxed)
    }

    /// Requests seen by all four endpoints since the last reset.
    pub(crate) fn total(&self) -> usize {
        Endpoint::ALL.into_iter().map(|e| self.get(e)).sum()
    }

    /// Sets every counter to zero.
    pub(crate) fn reset(&self) {
        self.hits.iter().for_each(|h| h.store(0, Ordering::Relaxed));
    }
}
