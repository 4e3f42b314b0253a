//! The complete router: job API, H5 pages, control API, 404 fallback and request ids.

mod api;
mod control;
mod h5;
mod media;

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
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
    let ids_shared = Arc::clone(&shared);
    Router::new()
        .merge(api::router())
        .merge(h5::router())
        .merge(control::router())
        .merge(media::router())
        .fallback(not_found.clone())
        .method_not_allowed_fallback(not_found)
        .with_state(shared)
        .layer(axum::middleware::from_fn_with_state(ids_shared, add_request_id))
}

/// Adds `x-request-id: req-<hex>` to every response, and remembers the last one sent to a
/// client of the service (not of the control API, whose own answers would hide it), so tests
/// can check that a result carries the id its answer had.
async fn add_request_id(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let control = request.uri().path().starts_with("/_sim/");
    let mut response = next.run(request).await;
    let id = ids::request_id();
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
        if !control {
            shared.set_last_request_id(id);
        }
    }
    response
}
