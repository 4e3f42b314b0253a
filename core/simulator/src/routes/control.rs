//! The unauthenticated `/_sim/*` control API for scripting the standalone binary.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::config::{StatusMode, TimeFormat};
use crate::endpoint::Endpoint;
use crate::envelope::json_response;
use crate::faults::{Fault, FaultParams};
use crate::shared::Shared;

/// Routes under `/_sim/`.
pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_sim/validations/{token}/complete", post(complete))
        .route("/_sim/faults", post(add_fault).delete(clear_faults))
        .route("/_sim/stats", get(stats))
        .route("/_sim/reset-counters", post(reset_counters))
        .route("/_sim/config", get(config).post(update_config))
        .route("/_sim/assets/{asset_id}/status", post(force_status))
}

/// A JSON response with a real HTTP status.
fn reply(status: StatusCode, value: &Value) -> Response {
    json_response(status, serde_json::to_vec(value).unwrap_or_default())
}

/// `{"error": message}` with the given status.
fn fail(status: StatusCode, message: impl Into<String>) -> Response {
    reply(status, &json!({"error": message.into()}))
}

/// Parses a JSON body; an empty body means `T::default()`.
fn parse_body<T: DeserializeOwned + Default>(body: &[u8]) -> Result<T, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|err| format!("invalid body: {err}"))
}

#[derive(Deserialize)]
#[serde(default)]
struct CompleteBody {
    passed: bool,
}

impl Default for CompleteBody {
    fn default() -> Self {
        CompleteBody { passed: true }
    }
}

async fn complete(State(shared): State<Arc<Shared>>, Path(token): Path<String>, body: Bytes) -> Response {
    let body: CompleteBody = match parse_body(&body) {
        Ok(b) => b,
        Err(msg) => return fail(StatusCode::UNPROCESSABLE_ENTITY, msg),
    };
    let completed = shared
        .state()
        .complete(&token, body.passed, shared.settings.link_ttl());
    match completed {
        Ok(url) => reply(StatusCode::OK, &json!({"callback_url": url})),
        Err(err) => fail(
            StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::NOT_FOUND),
            err.to_string(),
        ),
    }
}

#[derive(Deserialize, Default)]
struct FaultBody {
    endpoint: String,
    fault: String,
    times: Option<usize>,
    retry_after_secs: Option<u64>,
    code: Option<u16>,
    http_status: Option<u16>,
    delay_ms: Option<u64>,
}

/// Builds a [`Fault`] from its control-API name and parameters.
fn build_fault(body: &FaultBody) -> Result<Fault, String> {
    let params = FaultParams {
        retry_after_secs: body.retry_after_secs,
        code: body.code,
        http_status: body.http_status,
        delay: body.delay_ms.map(Duration::from_millis),
    };
    Fault::from_kind(&body.fault, params)
}

async fn add_fault(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let body: FaultBody = match parse_body(&body) {
        Ok(b) => b,
        Err(msg) => return fail(StatusCode::UNPROCESSABLE_ENTITY, msg),
    };
    let endpoint: Endpoint = match body.endpoint.parse() {
        Ok(e) => e,
        Err(err) => return fail(StatusCode::UNPROCESSABLE_ENTITY, err),
    };
    let fault = match build_fault(&body) {
        Ok(f) => f,
        Err(err) => return fail(StatusCode::UNPROCESSABLE_ENTITY, err),
    };
    let times = body.times.unwrap_or(1);
    shared.faults.push(endpoint, fault, times);
    reply(
        StatusCode::OK,
        &json!({"endpoint": endpoint.as_str(), "queued": times, "pending": shared.faults.pending(endpoint)}),
    )
}

async fn clear_faults(State(shared): State<Arc<Shared>>) -> Response {
    shared.faults.clear();
    reply(StatusCode::OK, &json!({"cleared": true}))
}

/// The `/_sim/stats` document.
fn stats_json(shared: &Shared) -> Value {
    let mut requests = Map::new();
    let mut pending = Map::new();
    for e in Endpoint::ALL {
        requests.insert(e.as_str().into(), Value::from(shared.counters.get(e)));
        pending.insert(e.as_str().into(), Value::from(shared.faults.pending(e)));
    }
    let (assets, sessions) = {
        let state = shared.state();
        (state.asset_count(), state.session_count())
    };
    json!({
        "requests": requests,
        "total": shared.counters.total(),
        "assets": assets,
        "sessions": sessions,
        "faults_pending": pending,
        "failures_drawn": shared.records.failures(),
        "last_request_id": shared.last_request_id(),
        "media_bytes_served": shared.media.served(),
    })
}

async fn stats(State(shared): State<Arc<Shared>>) -> Response {
    reply(StatusCode::OK, &stats_json(&shared))
}

async fn reset_counters(State(shared): State<Arc<Shared>>) -> Response {
    shared.counters.reset();
    shared.media.reset();
    reply(StatusCode::OK, &stats_json(&shared))
}

#[derive(Deserialize, Default)]
struct ConfigBody {
    status_mode: Option<String>,
    time_format: Option<String>,
    processing_delay_ms: Option<Vec<u64>>,
    link_ttl_secs: Option<f64>,
}

/// Saturating whole milliseconds.
fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The current runtime settings as JSON.
fn config_json(shared: &Shared) -> Value {
    let s = &shared.settings;
    let (min, max) = s.processing_delay();
    json!({
        "status_mode": s.status_mode().as_str(),
        "time_format": s.time_format().as_str(),
        "processing_delay_ms": [millis(min), millis(max)],
        "link_ttl_secs": s.link_ttl().as_secs_f64(),
    })
}

async fn config(State(shared): State<Arc<Shared>>) -> Response {
    reply(StatusCode::OK, &config_json(&shared))
}

/// Validates every field first, then applies them all.
fn apply_config(shared: &Shared, body: &ConfigBody) -> Result<(), String> {
    let mode = body
        .status_mode
        .as_deref()
        .map(str::parse::<StatusMode>)
        .transpose()?;
    let format = body
        .time_format
        .as_deref()
        .map(str::parse::<TimeFormat>)
        .transpose()?;
    let delay = match body.processing_delay_ms.as_deref() {
        None => None,
        Some([ms]) => Some((*ms, *ms)),
        Some([min, max]) => Some((*min, *max)),
        Some(_) => return Err("processing_delay_ms must be [min, max]".into()),
    };
    let ttl = body
        .link_ttl_secs
        .map(Duration::try_from_secs_f64)
        .transpose()
        .map_err(|_| "link_ttl_secs must be a non-negative number")?;
    if let Some(m) = mode {
        shared.settings.set_status_mode(m);
    }
    if let Some(f) = format {
        shared.settings.set_time_format(f);
    }
    if let Some((min, max)) = delay {
        shared
            .settings
            .set_processing_delay(Duration::from_millis(min), Duration::from_millis(max));
    }
    if let Some(t) = ttl {
        shared.settings.set_link_ttl(t);
    }
    Ok(())
}

async fn update_config(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let body: ConfigBody = match parse_body(&body) {
        Ok(b) => b,
        Err(msg) => return fail(StatusCode::UNPROCESSABLE_ENTITY, msg),
    };
    match apply_config(&shared, &body) {
        Ok(()) => reply(StatusCode::OK, &config_json(&shared)),
        Err(err) => fail(StatusCode::UNPROCESSABLE_ENTITY, err),
    }
}

#[derive(Deserialize, Default)]
struct StatusBody {
    status: String,
}

async fn force_status(
    State(shared): State<Arc<Shared>>,
    Path(asset_id): Path<String>,
    body: Bytes,
) -> Response {
    let body: StatusBody = match parse_body(&body) {
        Ok(b) => b,
        Err(msg) => return fail(StatusCode::UNPROCESSABLE_ENTITY, msg),
    };
    if body.status.is_empty() {
        return fail(StatusCode::UNPROCESSABLE_ENTITY, "status is required");
    }
    let forced = shared.state().force_status(&asset_id, &body.status);
    match forced {
        Ok(()) => reply(
            StatusCode::OK,
            &json!({"asset_id": asset_id, "status": body.status}),
        ),
        Err(err) => fail(StatusCode::NOT_FOUND, err.to_string()),
    }
}
