//! The data every handler shares: key, URLs, settings, state, faults and counters.

use std::sync::{Mutex, MutexGuard};

use crate::chaos::Chaos;
use crate::config::SimulatorConfig;
use crate::counters::Counters;
use crate::faults::FaultQueues;
use crate::locking::lock;
use crate::media::MediaStore;
use crate::quotas::Quotas;
use crate::records::Records;
use crate::settings::Settings;
use crate::state::State;

/// Shared by the server tasks and every [`crate::Simulator`] handle.
#[derive(Debug)]
pub(crate) struct Shared {
    /// The accepted `x-api-key`.
    pub(crate) api_key: String,
    /// `http://127.0.0.1:<port>`, used to build H5 links.
    pub(crate) base_url: String,
    /// Runtime-adjustable settings.
    pub(crate) settings: Settings,
    /// Queued faults.
    pub(crate) faults: FaultQueues,
    /// Request counters.
    pub(crate) counters: Counters,
    /// Random faults, when chaos mode is on.
    pub(crate) chaos: Chaos,
    /// Side effects per upload URL and faults per kind.
    pub(crate) records: Records,
    /// Server-side rate limits and the times they accepted.
    pub(crate) quotas: Quotas,
    /// Media files served under `/media/`, and the bytes sent of each.
    pub(crate) media: MediaStore,
    /// Download mode's HTTP client: set when uploads' asset URLs are fetched (see `download`).
    pub(crate) downloader: Option<reqwest::Client>,
    state: Mutex<State>,
    /// The `x-request-id` of the last answer outside the control API.
    last_request_id: Mutex<Option<String>>,
}

impl Shared {
    /// Builds the shared data for a server reachable at `base_url`.
    pub(crate) fn new(config: &SimulatorConfig, base_url: String) -> std::io::Result<Self> {
        let downloader = match config.download_assets {
            true => Some(crate::download::client().map_err(std::io::Error::other)?),
            false => None,
        };
        let shared = Shared {
            downloader,
            api_key: config.api_key.clone(),
            base_url,
            settings: Settings::from_config(config),
            faults: FaultQueues::default(),
            counters: Counters::default(),
            chaos: Chaos::default(),
            records: Records::default(),
            quotas: Quotas::default(),
            media: MediaStore::default(),
            state: Mutex::new(State::default()),
            last_request_id: Mutex::new(None),
        };
        shared.chaos.set(config.chaos.clone());
        for (endpoint, quota) in &config.quotas {
            shared.quotas.set(*endpoint, Some(*quota));
        }
        Ok(shared)
    }

    /// The `x-request-id` of the last answer outside the control API, if any.
    pub(crate) fn last_request_id(&self) -> Option<String> {
        lock(&self.last_request_id).clone()
    }

    /// Records the `x-request-id` just sent.
    pub(crate) fn set_last_request_id(&self, id: String) {
        *lock(&self.last_request_id) = Some(id);
    }

    /// Locks the sessions/groups/assets state.
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}
