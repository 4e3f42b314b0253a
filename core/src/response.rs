//! Turning what came back (status, headers, a bounded body) into an answer or an error, with
//! every untrusted header value sanitised and every secret masked on the way.

use reqwest::header::{HeaderMap, LOCATION, RETRY_AFTER};
use url::Url;

use crate::envelope::{self, Answer, RawResponse};
use crate::errors::{ApiError, Error, ErrorCode};
use crate::redact::{self, Secrets};
use crate::retry;

/// Headers that may carry the service's request id, in order of preference.
const REQUEST_ID_HEADERS: [&str; 3] = ["x-request-id", "request-id", "x-tt-logid"];

/// The parts of a response head this crate uses, already made safe to show.
pub(crate) struct Head {
    pub status: u16,
    pub request_id: Option<String>,
    pub retry_after: Option<std::time::Duration>,
}

impl Head {
    /// Reads the status and headers; untrusted values are bounded and masked.
    pub fn new(status: u16, headers: &HeaderMap, secrets: &Secrets) -> Self {
        let request_id = REQUEST_ID_HEADERS
            .iter()
            .find_map(|name| headers.get(*name))
            .and_then(|v| v.to_str().ok())
            .map(|v| secrets.header_value(v))
            .filter(|v| !v.is_empty());
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(retry::parse_retry_after);
        Self {
            status,
            request_id,
            retry_after,
        }
    }

    /// Whether the status is a redirect, which this client never follows.
    pub fn is_redirect(&self) -> bool {
        (300..400).contains(&self.status)
    }
}

/// The error for a 3xx: it names the target's origin only (no path or query, which may hold
/// credentials), and the request is not sent there.
pub(crate) fn redirect_error(
    head: &Head,
    headers: &HeaderMap,
    request_url: &Url,
    secrets: &Secrets,
) -> Error {
    let target = headers
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(|location| match request_url.join(location.trim()) {
            Ok(url) => redact::origin(&url).map_or_else(
                || format!("a {}: location", secrets.header_value(url.scheme())),
                |origin| secrets.header_value(&origin),
            ),
            Err(_) => "an unreadable location".to_string(),
        })
        .unwrap_or_else(|| "no location".to_string());
    Error::Api(ApiError {
        code: ErrorCode::Api,
        http_status: head.status,
        envelope_code: None,
        message: format!(
            "HTTP {} redirect to {target} not followed: the API key is only sent to the configured \
             base URL (check it, e.g. for a missing https or path prefix)",
            head.status
        ),
        request_id: head.request_id.clone(),
        retry_after: None,
    })
}

/// Interprets a complete body.
pub(crate) fn decode(head: &Head, body: Vec<u8>, secrets: &Secrets) -> Result<Answer, Error> {
    envelope::decode(
        RawResponse {
            http_status: head.status,
            request_id: head.request_id.clone(),
            retry_after: head.retry_after,
            body,
        },
        secrets,
    )
}

/// The error for a body over the limit. A failure status keeps its own meaning (a 503 page
/// that is too long is still a retryable 503); anything else is a `Decode` error naming the
/// limit, which is not retried (and becomes `OutcomeUnknown` for a POST).
pub(crate) fn too_large(head: &Head, limit: usize, start: &[u8], secrets: &Secrets) -> Error {
    let what = format!("response body over the {limit}-byte limit (max_response_bytes), not read further");
    if head.status >= 400 {
        return Error::Api(ApiError {
            code: ErrorCode::from_status(i64::from(head.status)),
            http_status: head.status,
            envelope_code: None,
            message: format!("HTTP {}: {what}", head.status),
            request_id: head.request_id.clone(),
            retry_after: head.retry_after,
        });
    }
    Error::Decode {
        http_status: head.status,
        reason: what,
        snippet: secrets.snippet(start),
        request_id: head.request_id.clone(),
    }
}
