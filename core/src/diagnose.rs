//! A diagnosis of the client's configuration against the service, without side effects: one
//! `asset-info` lookup of an asset id that cannot exist.

use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};

use crate::client::Client;
use crate::endpoint::Endpoint;
use crate::errors::ErrorCode;

/// The asset id looked up: well-formed, and never issued (the service answers 404 to a valid
/// key, 401 to a bad one).
pub const PROBE_ASSET_ID: &str = "asset-seedance-doctor-0000000000";
/// How long the lookup may take.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(15);

/// What one lookup showed about the client's configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnosis {
    /// The base URL the lookup went to.
    pub base_url: String,
    /// Whether an HTTP answer came back at all.
    pub reachable: bool,
    /// Whether the answer came over TLS (an `https` base URL that answered).
    pub tls: bool,
    /// The HTTP status of the answer.
    pub http_status: Option<u16>,
    /// The error kind the answer decoded to (`ERR_NOT_FOUND` is the healthy answer).
    pub answer_code: Option<&'static str>,
    /// `Some(true)`: the service accepted the key (it looked the asset up: 404);
    /// `Some(false)`: it refused it (401); `None`: the answer says neither.
    pub key_accepted: Option<bool>,
    /// The server's clock (`Date` header).
    pub server_time: Option<DateTime<Utc>>,
    /// This machine's clock minus the server's, in seconds (positive: this clock is ahead),
    /// allowing for half the round trip.
    pub clock_skew_seconds: Option<f64>,
    /// The round trip of the lookup.
    pub round_trip: Duration,
    /// What went wrong, when the answer was not the expected 404 (no secret in it).
    pub problem: Option<String>,
}

impl Client {
    /// Looks up an asset id that cannot exist and reports what the answer says about the key,
    /// reachability, TLS and the clocks. Sends one GET, not retried; changes nothing upstream.
    pub async fn diagnose(&self) -> Diagnosis {
        let probe = self
            .transport()
            .probe(
                Endpoint::AssetInfo,
                &[("asset_id", PROBE_ASSET_ID)],
                PROBE_TIMEOUT,
            )
            .await;
        let server_time = probe.server_date.map(DateTime::<Utc>::from);
        let clock_skew_seconds = probe.server_date.map(|server| {
            // The Date header was stamped about half a round trip before it arrived.
            let received = SystemTime::now() - probe.round_trip / 2;
            match received.duration_since(server) {
                Ok(ahead) => ahead.as_secs_f64(),
                Err(behind) => -behind.duration().as_secs_f64(),
            }
        });
        let (answer_code, key_accepted, problem) = match &probe.answer {
            Ok(_) => (None, None, Some("the made-up asset id was found".to_string())),
            Err(e) => {
                let key = match e.code() {
                    ErrorCode::NotFound => Some(true),
                    ErrorCode::Authentication => Some(false),
                    _ => None,
                };
                let problem = (e.code() != ErrorCode::NotFound).then(|| e.to_string());
                (Some(e.code().as_str()), key, problem)
            }
        };
        let reachable = probe.http_status.is_some();
        Diagnosis {
            base_url: self.base_url().to_string(),
            reachable,
            tls: reachable && self.base_url().starts_with("https://"),
            http_status: probe.http_status,
            answer_code,
            key_accepted,
            server_time,
            clock_skew_seconds,
            round_trip: probe.round_trip,
            problem,
        }
    }
}
