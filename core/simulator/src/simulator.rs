//! The [`Simulator`] handle: start, inspect, steer and stop a running simulator.

use std::collections::{BTreeMap, HashMap};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::chaos::ChaosConfig;
use crate::config::{SimulatorConfig, StatusMode, TimeFormat};
use crate::endpoint::Endpoint;
use crate::error::SimulatorError;
use crate::faults::Fault;
use crate::locking::lock;
use crate::quotas::Quota;
use crate::records::AssetRecord;
use crate::routes;
use crate::server;
use crate::shared::Shared;

/// The part dropped when the last handle goes away, which stops the server.
#[derive(Debug)]
struct Inner {
    shared: Arc<Shared>,
    addr: SocketAddr,
    url: String,
    stop: watch::Sender<bool>,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// A running simulator; cheap to clone, and stops when the last clone is dropped.
#[derive(Debug, Clone)]
pub struct Simulator {
    inner: Arc<Inner>,
}

/// The base URL clients should use for a bound address.
fn base_url(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        format!("http://{}", SocketAddr::from((Ipv4Addr::LOCALHOST, addr.port())))
    } else {
        format!("http://{addr}")
    }
}

impl Simulator {
    /// Binds `config.bind`, spawns the server on the current tokio runtime and returns once listening.
    ///
    /// A `bind` address that is not loopback is refused (`InvalidInput`) unless
    /// `config.allow_non_loopback` is set.
    pub async fn start(config: SimulatorConfig) -> std::io::Result<Simulator> {
        if !config.bind.ip().is_loopback() && !config.allow_non_loopback {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "refusing to listen on {}: the simulator accepts a well-known API key, so it \
                     listens on loopback only unless allow_non_loopback is set",
                    config.bind
                ),
            ));
        }
        let listener = TcpListener::bind(config.bind).await?;
        let addr = listener.local_addr()?;
        let url = base_url(addr);
        let shared = Arc::new(Shared::new(&config, url.clone())?);
        let router = routes::router(Arc::clone(&shared));
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(server::run(listener, router, stopped));
        tracing::debug!(%url, "simulator listening");
        Ok(Simulator {
            inner: Arc::new(Inner {
                shared,
                addr,
                url,
                stop,
                task: Mutex::new(Some(task)),
            }),
        })
    }

    /// Starts a simulator with the default configuration.
    pub async fn start_default() -> std::io::Result<Simulator> {
        Self::start(SimulatorConfig::default()).await
    }

    fn shared(&self) -> &Shared {
        &self.inner.shared
    }

    /// Base URL, e.g. `http://127.0.0.1:40123`; the job API lives under `/api/v1/client/job/`.
    pub fn url(&self) -> String {
        self.inner.url.clone()
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.inner.addr
    }

    /// The API key the server accepts.
    pub fn api_key(&self) -> &str {
        &self.inner.shared.api_key
    }

    /// How long an H5 link stays usable (its clients' session TTL).
    pub fn link_ttl(&self) -> std::time::Duration {
        self.shared().settings.link_ttl()
    }

    /// Completes a session as the H5 page would and returns the callback URL the browser is sent to.
    pub fn complete_validation(&self, byted_token: &str, passed: bool) -> Result<String, SimulatorError> {
        let ttl = self.shared().settings.link_ttl();
        self.shared().state().complete(byted_token, passed, ttl)
    }

    /// Queues `fault` for the next `times` requests to `endpoint` (FIFO per endpoint).
    pub fn inject_fault(&self, endpoint: Endpoint, fault: Fault, times: usize) {
        self.shared().faults.push(endpoint, fault, times);
    }

    /// Drops every queued fault.
    pub fn clear_faults(&self) {
        self.shared().faults.clear();
    }

    /// Faults still queued for `endpoint`.
    pub fn pending_faults(&self, endpoint: Endpoint) -> usize {
        self.shared().faults.pending(endpoint)
    }

    /// Requests that reached `endpoint`'s handler (faulted or unauthorized included).
    pub fn request_count(&self, endpoint: Endpoint) -> usize {
        self.shared().counters.get(endpoint)
    }

    /// Requests that reached any of the four job endpoints.
    pub fn total_requests(&self) -> usize {
        self.shared().counters.total()
    }

    /// Sets every request counter to zero and forgets the records
    /// ([`Self::uploads_per_url`], [`Self::faults_injected`], [`Self::failures_drawn`]).
    pub fn reset_counters(&self) {
        self.shared().counters.reset();
        self.shared().records.clear();
        self.shared().quotas.reset();
        self.shared().media.reset();
    }

    /// Serves `bytes` at [`Self::media_url`]`(name)` as an asset host would (HEAD, byte
    /// ranges; the content type from the name's extension). Variants of the same file:
    /// `/media/private/<name>` (403), `/media/expired/<name>` (404), `/media/login/<name>` (an
    /// HTML sign-in page), `/media/slow/<name>` (answers after 30 s), and
    /// `/media/redirect?to=<url>` (a 302 to any URL).
    pub fn add_media(&self, name: &str, bytes: Vec<u8>) -> String {
        self.shared().media.add(name, bytes);
        self.media_url(name)
    }

    /// The URL of the media file `name` (see [`Self::add_media`]).
    pub fn media_url(&self, name: &str) -> String {
        format!("{}/media/{name}", self.inner.url)
    }

    /// Body bytes sent per `/media/` request path (e.g. `/media/large.mp4`) since the start or
    /// the last [`Self::reset_counters`]; also `media_bytes_served` of `/_sim/stats`.
    pub fn media_bytes_served(&self) -> HashMap<String, u64> {
        self.shared().media.served()
    }

    /// Switches chaos mode on (random faults on every request) or off (`None`); a seed
    /// restarts its draws.
    pub fn set_chaos(&self, chaos: Option<ChaosConfig>) {
        self.shared().chaos.set(chaos);
    }

    /// How many assets were actually created for each `asset_url`: the upstream side effects,
    /// whatever the clients were told.
    pub fn uploads_per_url(&self) -> HashMap<String, usize> {
        self.shared().records.uploads()
    }

    /// How many faults of each kind were applied (queued and chaos ones alike).
    pub fn faults_injected(&self) -> BTreeMap<String, usize> {
        self.shared().records.faults()
    }

    /// Download mode's fetches of asset URLs so far: (answered with media, failed).
    pub fn downloads(&self) -> (usize, usize) {
        self.shared().records.downloads()
    }

    /// How many uploads chaos made end `Failed`, per failure kind (`face_mismatch`, …); failures
    /// forced by an asset URL's keyword are not drawn, so not counted.
    pub fn failures_drawn(&self) -> BTreeMap<String, usize> {
        self.shared().records.failures()
    }

    /// Every asset created (since start: [`Self::reset_counters`] keeps them) as it stands now,
    /// in no particular order: what a client's report can be checked against.
    pub fn assets(&self) -> Vec<AssetRecord> {
        self.shared().state().asset_records()
    }

    /// The `x-request-id` of the last answer outside the control API (`/_sim/…`), if any; also
    /// `last_request_id` of `GET /_sim/stats`.
    pub fn last_request_id(&self) -> Option<String> {
        self.shared().last_request_id()
    }

    /// Assets actually created (failed ones included).
    pub fn asset_count(&self) -> usize {
        self.shared().state().asset_count()
    }

    /// Validation sessions actually created.
    pub fn session_count(&self) -> usize {
        self.shared().state().session_count()
    }

    /// Limits `endpoint` server-side to `quota` from now on (`None` lifts it).
    pub fn set_quota(&self, endpoint: Endpoint, quota: Option<Quota>) {
        self.shared().quotas.set(endpoint, quota);
    }

    /// The most requests `endpoint` accepted in any window of length `per` (requests refused by
    /// a quota are not counted): a client that kept to a rate of n per `per` shows at most n.
    pub fn max_in_window(&self, endpoint: Endpoint, per: Duration) -> usize {
        self.shared().quotas.max_in_window(endpoint, per)
    }

    /// Requests `endpoint` refused with 429 because of its quota.
    pub fn quota_refusals(&self, endpoint: Endpoint) -> usize {
        self.shared().quotas.refused(endpoint)
    }

    /// Changes how error statuses are sent.
    pub fn set_status_mode(&self, mode: StatusMode) {
        self.shared().settings.set_status_mode(mode);
    }

    /// Changes how asset timestamps are written.
    pub fn set_time_format(&self, format: TimeFormat) {
        self.shared().settings.set_time_format(format);
    }

    /// Changes the processing delay range for assets uploaded from now on.
    pub fn set_processing_delay(&self, min: Duration, max: Duration) {
        self.shared().settings.set_processing_delay(min, max);
    }

    /// Changes the H5 link lifetime (existing sessions included).
    pub fn set_link_ttl(&self, ttl: Duration) {
        self.shared().settings.set_link_ttl(ttl);
    }

    /// Forces an asset's status to any string (e.g. `"Reviewing"`) from now on.
    pub fn set_asset_status(&self, asset_id: &str, status: &str) -> Result<(), SimulatorError> {
        self.shared().state().force_status(asset_id, status)
    }

    /// Stops accepting, lets in-flight requests finish (bounded), and waits for the server task.
    pub async fn shutdown(self) {
        let _ = self.inner.stop.send(true);
        let task = lock(&self.inner.task).take();
        if let Some(task) = task {
            if let Err(err) = task.await {
                tracing::debug!(%err, "simulator task ended abnormally");
            }
        }
    }
}
