//! The core's simulator for tests and demos (`seedance-assets/testing`).

use std::str::FromStr;
use std::time::Duration;

use napi::bindgen_prelude::Either;
use napi::Status;
use napi_derive::napi;
use std::collections::{BTreeMap, HashMap};

use seedance_assets::simulator::{
    ChaosConfig, Endpoint, Fault, FaultParams, Quota, Simulator, SimulatorConfig, StatusMode, TimeFormat,
};

/// Options of `Simulator.start(…)`.
#[napi(object)]
pub struct SimulatorOptions {
    pub api_key: Option<String>,
    pub port: Option<u32>,
    pub link_ttl_ms: Option<f64>,
    /// One delay, or `[min, max]` drawn uniformly per asset.
    pub processing_delay_ms: Option<Either<f64, Vec<f64>>>,
    /// `"mirrored"` (HTTP status = envelope code) or `"envelope_only"` (always HTTP 200).
    pub status_mode: Option<String>,
    /// `"iso"` or `"unix"` asset timestamps.
    pub time_format: Option<String>,
    /// Random faults on every request.
    pub chaos: Option<ChaosOptions>,
    /// Server-side quotas by endpoint or operation name (`uploadAsset`), e.g. `'600/min'`.
    pub quotas: Option<HashMap<String, String>>,
    /// Fetch each upload's asset URL as upstream does; not media: `Failed` (`DownloadFailed`).
    pub download_assets: Option<bool>,
}

/// Chaos mode: every request gets a random fault with `probability`, and `failureShare` of the
/// uploads that take effect end `Failed`.
#[napi(object)]
pub struct ChaosOptions {
    /// The chance in `[0, 1]` that a request gets a fault (default 0).
    pub probability: Option<f64>,
    /// The fault kinds drawn from (default: the simulator's `DEFAULT_CHAOS_KINDS`).
    pub kinds: Option<Vec<String>>,
    /// A seed for repeatable draws (a non-negative integer).
    pub seed: Option<f64>,
    /// The share in `[0, 1]` of uploads whose processing ends `Failed` (default 0).
    pub failure_share: Option<f64>,
    /// The reasons such a failure is drawn from (default: every `FailureKind`).
    pub failure_kinds: Option<Vec<String>>,
}

/// One asset as the simulator holds it.
#[napi(object)]
pub struct AssetRecord {
    /// Its AssetId.
    pub asset_id: String,
    /// The name it was uploaded with.
    pub name: String,
    /// The URL it was uploaded from.
    pub asset_url: String,
    /// As asset-info would answer now: `Processing`, `Active`, `Failed` or a forced status.
    pub status: String,
    /// The error code asset-info reports when `Failed`; absent otherwise.
    pub error_code: Option<String>,
}

/// Kind names as the core takes them.
fn names(list: &Option<Vec<String>>) -> Option<Vec<&str>> {
    list.as_ref().map(|l| l.iter().map(String::as_str).collect())
}

/// The core's chaos setting for `options`; `None` when it does nothing (both shares 0).
fn chaos(options: &ChaosOptions) -> napi::Result<Option<ChaosConfig>> {
    let seed = match options.seed {
        None => None,
        // A JS number is exact up to 2^53; anything else is not an integer seed.
        Some(s) if s.is_finite() && s >= 0.0 && s.fract() == 0.0 && s <= 9_007_199_254_740_991.0 => {
            Some(s as u64)
        }
        Some(s) => {
            return Err(failure(format!(
                "chaos.seed must be a non-negative integer (got {s})"
            )))
        }
    };
    let (kinds, failure_kinds) = (names(&options.kinds), names(&options.failure_kinds));
    let settings = ChaosConfig::new(options.probability.unwrap_or(0.0), kinds.as_deref(), seed)
        .and_then(|c| c.with_failures(options.failure_share.unwrap_or(0.0), failure_kinds.as_deref()))
        .map_err(|e| failure(e.naming(&format!("chaos.{}", e.field.camel_name()))))?;
    Ok(settings.is_active().then_some(settings))
}

/// Parameters of a fault; which ones apply depends on the kind.
#[napi(object)]
#[derive(Default)]
pub struct FaultOptions {
    /// How many following requests get the fault (default 1).
    pub times: Option<u32>,
    /// `rate_limited`: the `Retry-After` in seconds (default 1).
    pub retry_after_secs: Option<u32>,
    /// `status`: the envelope code (and HTTP status when mirrored).
    pub code: Option<u32>,
    /// `html_error`: the HTTP status of the HTML page (default 502).
    pub http_status: Option<u32>,
    /// `slow`: the delay before answering (default 1000).
    pub delay_ms: Option<f64>,
}

/// A running simulator; the JS `Simulator` class wraps it.
#[napi]
pub struct NativeSimulator {
    inner: Simulator,
}

fn failure(message: impl Into<String>) -> napi::Error {
    napi::Error::new(Status::InvalidArg, message.into())
}

fn duration(field: &str, ms: f64) -> napi::Result<Duration> {
    if !ms.is_finite() || ms < 0.0 {
        return Err(failure(format!(
            "{field} must be a non-negative number of milliseconds"
        )));
    }
    Duration::try_from_secs_f64(ms / 1000.0).map_err(|_| failure(format!("{field} is too large")))
}

fn quota(rate: &str) -> napi::Result<Quota> {
    Quota::parse(rate).map_err(failure)
}

fn parse<T: FromStr<Err = String>>(value: &str) -> napi::Result<T> {
    value.parse().map_err(failure)
}

/// Accepts the wire name (`asset-upload`) or the operation's name (`uploadAsset`).
fn endpoint(name: &str) -> napi::Result<Endpoint> {
    parse(name)
}

/// The fault of the control API's name `kind` (`rate_limited`, `server_error_after`, …).
fn fault(kind: &str, options: &FaultOptions) -> napi::Result<Fault> {
    let status = |value: Option<u32>, field: &str| {
        value
            .map(|v| u16::try_from(v).map_err(|_| failure(format!("{field} must be an HTTP status"))))
            .transpose()
    };
    let params = FaultParams {
        retry_after_secs: options.retry_after_secs.map(u64::from),
        code: status(options.code, "code")?,
        http_status: status(options.http_status, "httpStatus")?,
        delay: options.delay_ms.map(|ms| duration("delayMs", ms)).transpose()?,
    };
    Fault::from_kind(kind, params).map_err(failure)
}

fn config(options: SimulatorOptions) -> napi::Result<SimulatorConfig> {
    let mut config = SimulatorConfig::default();
    if let Some(key) = options.api_key {
        config = config.with_api_key(key);
    }
    if let Some(port) = options.port {
        let port = u16::try_from(port).map_err(|_| failure("port must be at most 65535"))?;
        config = config.with_port(port);
    }
    if let Some(ttl) = options.link_ttl_ms {
        config = config.with_link_ttl(duration("linkTtlMs", ttl)?);
    }
    match options.processing_delay_ms {
        None => {}
        Some(Either::A(ms)) => {
            let delay = duration("processingDelayMs", ms)?;
            config = config.with_processing_delay(delay, delay);
        }
        Some(Either::B(range)) => {
            let [min, max] = range[..] else {
                return Err(failure("processingDelayMs must be a number or [min, max]"));
            };
            config = config.with_processing_delay(
                duration("processingDelayMs", min)?,
                duration("processingDelayMs", max)?,
            );
        }
    }
    if let Some(mode) = options.status_mode {
        config = config.with_status_mode(parse::<StatusMode>(&mode)?);
    }
    if let Some(format) = options.time_format {
        config = config.with_time_format(parse::<TimeFormat>(&format)?);
    }
    if let Some(settings) = options.chaos.as_ref().map(chaos).transpose()?.flatten() {
        config = config.with_chaos(settings);
    }
    for (name, rate) in options.quotas.unwrap_or_default() {
        config = config.with_quota(endpoint(&name)?, quota(&rate)?);
    }
    Ok(config.with_download_assets(options.download_assets.unwrap_or(false)))
}

/// Starts a simulator on 127.0.0.1 (a free port unless `port` is given).
#[napi(catch_unwind)]
pub async fn start_simulator(options: Option<SimulatorOptions>) -> napi::Result<NativeSimulator> {
    let config = match options {
        Some(options) => config(options)?,
        None => SimulatorConfig::default(),
    };
    let inner = Simulator::start(config)
        .await
        .map_err(|e| napi::Error::new(Status::GenericFailure, format!("cannot start the simulator: {e}")))?;
    Ok(NativeSimulator { inner })
}

#[napi]
impl NativeSimulator {
    /// The base URL, e.g. `http://127.0.0.1:40123`.
    #[napi(getter)]
    pub fn url(&self) -> String {
        self.inner.url()
    }

    /// How long its H5 links stay usable, in milliseconds (its clients' `sessionTtlMs`).
    #[napi(getter)]
    pub fn link_ttl_ms(&self) -> f64 {
        self.inner.link_ttl().as_secs_f64() * 1000.0
    }

    /// The API key the simulator accepts.
    #[napi(getter)]
    pub fn api_key(&self) -> String {
        self.inner.api_key().to_string()
    }

    /// Completes a session as the H5 page would; returns the callback URL the browser gets.
    #[napi]
    pub fn complete_validation(&self, byted_token: String, passed: bool) -> napi::Result<String> {
        self.inner
            .complete_validation(&byted_token, passed)
            .map_err(|e| napi::Error::new(Status::GenericFailure, e.to_string()))
    }

    /// Queues a fault for the next `times` requests to `endpoint`.
    #[napi]
    pub fn inject_fault(
        &self,
        endpoint_name: String,
        kind: String,
        options: Option<FaultOptions>,
    ) -> napi::Result<()> {
        let options = options.unwrap_or_default();
        let fault = fault(&kind, &options)?;
        let times = options.times.unwrap_or(1) as usize;
        self.inner.inject_fault(endpoint(&endpoint_name)?, fault, times);
        Ok(())
    }

    #[napi]
    pub fn clear_faults(&self) {
        self.inner.clear_faults();
    }

    #[napi]
    pub fn pending_faults(&self, endpoint_name: String) -> napi::Result<u32> {
        Ok(self.inner.pending_faults(endpoint(&endpoint_name)?) as u32)
    }

    /// Requests that reached `endpoint`, or every endpoint when it is left out.
    #[napi]
    pub fn request_count(&self, endpoint_name: Option<String>) -> napi::Result<u32> {
        Ok(match endpoint_name {
            Some(name) => self.inner.request_count(endpoint(&name)?),
            None => self.inner.total_requests(),
        } as u32)
    }

    #[napi]
    pub fn total_requests(&self) -> u32 {
        self.inner.total_requests() as u32
    }

    #[napi]
    pub fn reset_counters(&self) {
        self.inner.reset_counters();
    }

    /// Switches chaos mode on, or off with `null` or probability 0.
    #[napi]
    pub fn set_chaos(&self, options: Option<ChaosOptions>) -> napi::Result<()> {
        let settings = options.as_ref().map(chaos).transpose()?.flatten();
        self.inner.set_chaos(settings);
        Ok(())
    }

    /// Assets actually created per `asset_url`.
    #[napi]
    pub fn uploads_per_url(&self) -> HashMap<String, u32> {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.inner
            .uploads_per_url()
            .into_iter()
            .map(|(url, n)| (url, count(n)))
            .collect()
    }

    /// Uploads chaos made end `Failed`, per failure kind.
    #[napi]
    pub fn failures_drawn(&self) -> BTreeMap<String, u32> {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.inner
            .failures_drawn()
            .into_iter()
            .map(|(kind, n)| (kind, count(n)))
            .collect()
    }

    /// Every asset as the simulator holds it now.
    #[napi]
    pub fn assets(&self) -> Vec<AssetRecord> {
        self.inner
            .assets()
            .into_iter()
            .map(|a| AssetRecord {
                asset_id: a.asset_id,
                name: a.name,
                asset_url: a.asset_url,
                status: a.status,
                error_code: a.error_code,
            })
            .collect()
    }

    /// Faults applied per kind.
    #[napi]
    pub fn faults_injected(&self) -> BTreeMap<String, u32> {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.inner
            .faults_injected()
            .into_iter()
            .map(|(kind, n)| (kind, count(n)))
            .collect()
    }

    /// Serves `data` at `/media/<name>` (HEAD, byte ranges); returns its URL.
    #[napi]
    pub fn add_media(&self, name: String, data: napi::bindgen_prelude::Buffer) -> String {
        self.inner.add_media(&name, data.to_vec())
    }

    /// Body bytes sent per `/media/` request path.
    #[napi]
    pub fn media_bytes_served(&self) -> HashMap<String, f64> {
        self.inner
            .media_bytes_served()
            .into_iter()
            .map(|(path, n)| (path, n as f64))
            .collect()
    }

    #[napi]
    pub fn asset_count(&self) -> u32 {
        self.inner.asset_count() as u32
    }

    #[napi]
    pub fn session_count(&self) -> u32 {
        self.inner.session_count() as u32
    }

    /// Limits `endpoint` server-side to `rate` (`'600/min'`) from now on; `null` lifts it.
    #[napi]
    pub fn set_quota(&self, endpoint_name: String, rate: Option<String>) -> napi::Result<()> {
        let limit = rate.as_deref().map(quota).transpose()?;
        self.inner.set_quota(endpoint(&endpoint_name)?, limit);
        Ok(())
    }

    /// The most requests `endpoint` accepted in any window of `per_ms` milliseconds so far.
    #[napi]
    pub fn max_in_window(&self, endpoint_name: String, per_ms: f64) -> napi::Result<u32> {
        let per = duration("perMs", per_ms)?;
        let most = self.inner.max_in_window(endpoint(&endpoint_name)?, per);
        Ok(u32::try_from(most).unwrap_or(u32::MAX))
    }

    /// Requests `endpoint` refused with 429 because of its quota.
    #[napi]
    pub fn quota_refusals(&self, endpoint_name: String) -> napi::Result<u32> {
        let refused = self.inner.quota_refusals(endpoint(&endpoint_name)?);
        Ok(u32::try_from(refused).unwrap_or(u32::MAX))
    }

    #[napi]
    pub fn set_status_mode(&self, mode: String) -> napi::Result<()> {
        self.inner.set_status_mode(parse(&mode)?);
        Ok(())
    }

    #[napi]
    pub fn set_time_format(&self, format: String) -> napi::Result<()> {
        self.inner.set_time_format(parse(&format)?);
        Ok(())
    }

    #[napi]
    pub fn set_processing_delay(&self, min_ms: f64, max_ms: Option<f64>) -> napi::Result<()> {
        let min = duration("minMs", min_ms)?;
        let max = duration("maxMs", max_ms.unwrap_or(min_ms))?;
        self.inner.set_processing_delay(min, max);
        Ok(())
    }

    #[napi]
    pub fn set_link_ttl(&self, ttl_ms: f64) -> napi::Result<()> {
        self.inner.set_link_ttl(duration("ttlMs", ttl_ms)?);
        Ok(())
    }

    #[napi]
    pub fn set_asset_status(&self, asset_id: String, status: String) -> napi::Result<()> {
        self.inner
            .set_asset_status(&asset_id, &status)
            .map_err(|e| napi::Error::new(Status::GenericFailure, e.to_string()))
    }

    /// Stops the server (in-flight requests finish, bounded); later requests fail to connect.
    #[napi(catch_unwind)]
    pub async fn close(&self) -> napi::Result<()> {
        self.inner.clone().shutdown().await;
        Ok(())
    }
}
