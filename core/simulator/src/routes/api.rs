//! The four `/api/v1/client/job/*` endpoints: counting, auth, faults, then the real work.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::endpoint::Endpoint;
use crate::envelope::{self, ApiError};
use crate::fault_response;
use crate::ids;
use crate::shared::Shared;
use crate::validate;

/// Routes for the job API.
pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/api/v1/client/job/visual-validate-session", post(create_session))
        .route(
            "/api/v1/client/job/visual-validate-result",
            get(validation_result),
        )
        .route("/api/v1/client/job/asset-upload", post(upload_asset))
        .route("/api/v1/client/job/asset-info", get(asset_info))
}

/// True when the `x-api-key` header equals the configured key.
fn authorized(shared: &Shared, headers: &HeaderMap) -> bool {
    headers
        .get("x-api-key")
        .is_some_and(|v: &HeaderValue| v.as_bytes() == shared.api_key.as_bytes())
}

/// Counts, authenticates, applies a queued fault if any, else runs `op`.
async fn serve(
    shared: &Shared,
    endpoint: Endpoint,
    headers: &HeaderMap,
    op: impl FnOnce() -> Result<Value, ApiError>,
) -> Response {
    shared.counters.hit(endpoint);
    if !authorized(shared, headers) {
        let mode = shared.settings.status_mode();
        return envelope::error(mode, &ApiError::stock(401));
    }
    if let Err(wait) = shared.quotas.admit(endpoint) {
        let mut response = envelope::error(shared.settings.status_mode(), &ApiError::stock(429));
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        response
            .headers_mut()
            .insert(axum::http::header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        return response;
    }
    // A queued fault is the test's explicit wish; chaos only draws when none is queued.
    match shared.faults.take(endpoint).or_else(|| shared.chaos.draw()) {
        None => envelope::outcome(shared.settings.status_mode(), op()),
        Some(fault) => fault_response::apply(shared, fault, op).await,
    }
}

async fn create_session(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    serve(&shared, Endpoint::CreateSession, &headers, || {
        let callback_url = validate::create_session_body(&body)?;
        let token = shared.state().create_session(callback_url.clone());
        let h5_link = format!(
            "{}/h5/validate?accessKeyId={}&secretAccessKey={}&sessionToken={}&bytedToken={}&lng=zh",
            shared.base_url,
            ids::credential("AKSIM", 16),
            ids::credential("SKSIM", 32),
            ids::credential("STSIM", 40),
            token,
        );
        Ok(json!({"BytedToken": token, "H5Link": h5_link, "CallbackURL": callback_url}))
    })
    .await
}

async fn validation_result(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    serve(&shared, Endpoint::ValidationResult, &headers, || {
        let token = validate::required_param(query.as_deref(), "byted_token")?;
        let group = shared.state().exchange(&token, shared.settings.link_ttl())?;
        Ok(json!({"GroupId": group}))
    })
    .await
}

async fn upload_asset(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    serve(&shared, Endpoint::UploadAsset, &headers, || {
        let new = validate::upload_body(&body)?;
        let url = new.asset_url.clone();
        let delay = shared.settings.draw_processing_delay();
        let download = shared.downloader.is_some();
        let id = shared.state().create_asset(new, delay, download, || {
            let drawn = shared.chaos.draw_failure();
            if let Some(kind) = drawn {
                shared.records.failure(kind);
            }
            drawn
        })?;
        shared.records.upload(&url);
        if download && shared.state().is_downloading(&id) {
            crate::download::start(&shared, id.clone(), url);
        }
        Ok(json!({"AssetId": id}))
    })
    .await
}

async fn asset_info(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    serve(&shared, Endpoint::AssetInfo, &headers, || {
        let id = validate::required_param(query.as_deref(), "asset_id")?;
        let format = shared.settings.time_format();
        shared.state().asset_info(&id, format)
    })
    .await
}
