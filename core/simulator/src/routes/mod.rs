//! The complete router: job API, H5 pages, control API, 404 fallback and request ids.

mod api;
mod control;
mod h5;

use std::sync::Arc;

use axum::http::HeaderValue;
use axum::response::Response;
use axum::Router;

use crate::envelope::{self, ApiError};
use crate::ids;
use crate::shared::Shared;

/// Builds the router serving everything the simulator answers.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let not_found_shared = Arc::clone(&shared);
    let not_found = move || {
        let shared = Arc::clone(&not_found_shared);
        async move {
            let mode = shared.settings.status_mode();
            envelope::error(mode, &ApiError::stock(404))
        }
    };
    Router::new()
        .merge(api::router())
        .merge(h5::router())
        .merge(control::router())
        .fallback(not_found.clone())
        .method_not_allowed_fallback(not_found)
        .with_state(shared)
        .layer(axum::middleware::map_response(add_request_id))
}

/// Adds `x-request-id: req-<hex>` to every response.
async fn add_request_id(mut response: Response) -> Response {
    if let Ok(value) = HeaderValue::from_str(&ids::request_id()) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}
