//! Simulator configuration: defaults, builder methods and the two wire-format switches.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::str::FromStr;
use std::time::Duration;

use crate::chaos::ChaosConfig;
use crate::endpoint::Endpoint;
use crate::quotas::Quota;

/// The API key a default simulator accepts. No digits or upper-case hex: the client refuses an
/// answer holding six characters of its key, and a run like `012345` turns up in BytedTokens
/// (a timestamp and hex) often enough to fail a test now and then.
pub const DEFAULT_API_KEY: &str = "sim-test-key-kqzvwxjmnrtp";

/// How the HTTP status of an error response relates to the envelope `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusMode {
    /// The HTTP status equals the envelope code (455, 501, 505 included).
    #[default]
    Mirrored,
    /// The HTTP status is always 200; the error is only in the envelope.
    EnvelopeOnly,
}

impl StatusMode {
    /// The control-API spelling: `"mirrored"` or `"envelope_only"`.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusMode::Mirrored => "mirrored",
            StatusMode::EnvelopeOnly => "envelope_only",
        }
    }
}

impl FromStr for StatusMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "mirrored" => Ok(StatusMode::Mirrored),
            "envelope_only" | "envelope-only" => Ok(StatusMode::EnvelopeOnly),
            other => Err(format!("unknown status mode {other:?} (mirrored|envelope_only)")),
        }
    }
}

impl fmt::Display for StatusMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How `CreateTime`/`UpdateTime` are written in asset-info.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeFormat {
    /// RFC 3339 UTC with seconds precision, e.g. `"2026-04-21T02:41:43Z"`.
    #[default]
    Iso,
    /// Integer unix seconds.
    Unix,
}

impl TimeFormat {
    /// The control-API spelling: `"iso"` or `"unix"`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeFormat::Iso => "iso",
            TimeFormat::Unix => "unix",
        }
    }
}

impl FromStr for TimeFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "iso" => Ok(TimeFormat::Iso),
            "unix" => Ok(TimeFormat::Unix),
            other => Err(format!("unknown time format {other:?} (iso|unix)")),
        }
    }
}

impl fmt::Display for TimeFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything a simulator needs to start; `Default` gives the documented defaults.
#[derive(Debug, Clone)]
pub struct SimulatorConfig {
    /// The only `x-api-key` value accepted.
    pub api_key: String,
    /// Where to listen; port 0 picks a free port. Loopback only unless `allow_non_loopback`.
    pub bind: SocketAddr,
    /// Allows a `bind` address other than loopback (default false): the simulator accepts a
    /// well-known key and serves fake credentials, so it stays on this machine unless asked.
    pub allow_non_loopback: bool,
    /// How long an H5 link stays usable after the session is created.
    pub link_ttl: Duration,
    /// An asset goes Processing -> Active/Failed after a delay drawn uniformly from `[min, max]`.
    pub processing_delay: (Duration, Duration),
    /// HTTP status policy for error envelopes.
    pub status_mode: StatusMode,
    /// Format of asset timestamps.
    pub time_format: TimeFormat,
    /// Random faults on every endpoint (default off).
    pub chaos: Option<ChaosConfig>,
    /// Server-side rate limits per endpoint, answered with 429 and `Retry-After` (default none).
    pub quotas: Vec<(Endpoint, Quota)>,
    /// Download mode: each upload's asset URL is fetched as upstream does, and the asset ends
    /// `Failed` (`DownloadFailed`) unless the answer is media (default false: URLs are only
    /// read for their keywords).
    pub download_assets: bool,
}

impl Default for SimulatorConfig {
    fn default() -> Self {
        SimulatorConfig {
            api_key: DEFAULT_API_KEY.to_owned(),
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            allow_non_loopback: false,
            link_ttl: Duration::from_secs(120),
            processing_delay: (Duration::from_millis(200), Duration::from_millis(200)),
            status_mode: StatusMode::Mirrored,
            time_format: TimeFormat::Iso,
            chaos: None,
            quotas: Vec::new(),
            download_assets: false,
        }
    }
}

impl SimulatorConfig {
    /// Same as `SimulatorConfig::default()`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the accepted API key.
    pub fn with_api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = key.into();
        self
    }

    /// Sets the listen address (a non-loopback one also needs [`Self::allowing_non_loopback`]).
    pub fn with_bind(mut self, bind: SocketAddr) -> Self {
        self.bind = bind;
        self
    }

    /// Allows listening on an address other than loopback (e.g. `0.0.0.0` in a container).
    pub fn allowing_non_loopback(mut self, allow: bool) -> Self {
        self.allow_non_loopback = allow;
        self
    }

    /// Listens on 127.0.0.1 at the given port (0 = any free port).
    pub fn with_port(mut self, port: u16) -> Self {
        self.bind = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        self
    }

    /// Sets the H5 link lifetime.
    pub fn with_link_ttl(mut self, ttl: Duration) -> Self {
        self.link_ttl = ttl;
        self
    }

    /// Sets the processing delay range (swapped if `min > max`).
    pub fn with_processing_delay(mut self, min: Duration, max: Duration) -> Self {
        self.processing_delay = (min.min(max), min.max(max));
        self
    }

    /// Sets the status mode.
    pub fn with_status_mode(mut self, mode: StatusMode) -> Self {
        self.status_mode = mode;
        self
    }

    /// Turns chaos mode on: requests draw random faults (see [`ChaosConfig`]).
    pub fn with_chaos(mut self, chaos: ChaosConfig) -> Self {
        self.chaos = Some(chaos);
        self
    }

    /// Limits `endpoint` server-side to `quota`, as upstream's tiers do.
    pub fn with_quota(mut self, endpoint: Endpoint, quota: Quota) -> Self {
        self.quotas.retain(|(e, _)| *e != endpoint);
        self.quotas.push((endpoint, quota));
        self
    }

    /// Turns download mode on or off (see [`SimulatorConfig::download_assets`]).
    pub fn with_download_assets(mut self, download: bool) -> Self {
        self.download_assets = download;
        self
    }

    /// Sets the time format.
    pub fn with_time_format(mut self, format: TimeFormat) -> Self {
        self.time_format = format;
        self
    }
}
