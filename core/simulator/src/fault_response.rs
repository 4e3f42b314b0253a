//! Turning an injected [`Fault`] into the (mis)behaviour a client observes.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::envelope::{self, ApiError};
use crate::faults::Fault;
use crate::server;
use crate::shared::Shared;
use crate::truncated;

/// A body cut off mid-way, as a broken proxy or truncated transfer would deliver it.
const TRUNCATED_JSON: &[u8] = br#"{"code":200,"message":"success","data":{"Asse"#;

/// A success envelope without data.
const NO_DATA_JSON: &[u8] = br#"{"code":200,"message":"success","data":null}"#;

/// Applies `fault` to a request whose normal work is `op`.
pub(crate) async fn apply(
    shared: &Shared,
    fault: Fault,
    op: impl FnOnce() -> Result<Value, ApiError>,
) -> Response {
    tracing::debug!(fault = fault.kind(), "applying injected fault");
    shared.records.fault(fault.kind());
    let mode = shared.settings.status_mode();
    match fault {
        Fault::RateLimited { retry_after_secs } => {
            let mut resp = envelope::error(mode, &ApiError::stock(429));
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            resp
        }
        Fault::ServiceUnavailable => envelope::error(mode, &ApiError::stock(455)),
        Fault::ServerErrorBeforeEffect => envelope::error(mode, &ApiError::stock(500)),
        Fault::ServerErrorAfterEffect => {
            let _effect = op();
            envelope::error(mode, &ApiError::stock(500))
        }
        Fault::Status { code } => envelope::error(mode, &ApiError::stock(code)),
        Fault::HtmlError { http_status } => html_error(http_status),
        Fault::Slow { delay } => {
            tokio::time::sleep(delay).await;
            envelope::outcome(shared.settings.status_mode(), op())
        }
        Fault::MalformedBody => envelope::json_response(StatusCode::OK, TRUNCATED_JSON.to_vec()),
        Fault::MissingData => envelope::json_response(StatusCode::OK, NO_DATA_JSON.to_vec()),
        Fault::DropConnection => server::drop_connection().await,
        Fault::TruncatedBody => match op() {
            Ok(data) => truncated::response(envelope::success_bytes(&data)),
            // A refusal is sent whole: only a success has a side effect worth losing.
            Err(err) => envelope::error(mode, &err),
        },
    }
}

/// An HTML error page such as a reverse proxy would return.
fn html_error(http_status: u16) -> Response {
    let status = StatusCode::from_u16(http_status).unwrap_or(StatusCode::BAD_GATEWAY);
    let reason = status.canonical_reason().unwrap_or("Error");
    let body = format!(
        "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
        code = status.as_u16()
    );
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}
