//! `/media/*`: files served as an asset host would (HEAD, single byte ranges), plus the ways
//! asset URLs go wrong upstream: private (403), expired (404), a login page instead of the
//! file, a host too slow to answer, and a redirect.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::shared::Shared;

/// How long `/media/slow/*` waits before answering: longer than any test's preflight budget.
const SLOW_DELAY: Duration = Duration::from_secs(30);

/// Routes under `/media/`.
pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/media/private/{name}", get(private))
        .route("/media/expired/{name}", get(expired))
        .route("/media/login/{name}", get(login))
        .route("/media/slow/{name}", get(slow))
        .route("/media/redirect", get(redirect))
        .route("/media/{name}", get(file))
}

async fn private() -> Response {
    (StatusCode::FORBIDDEN, "AccessDenied").into_response()
}

async fn expired() -> Response {
    (StatusCode::NOT_FOUND, "NoSuchKey").into_response()
}

async fn login() -> Response {
    let page = "<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>Sign in to see this file</form></body></html>";
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

async fn slow(
    shared: State<Arc<Shared>>,
    name: Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    tokio::time::sleep(SLOW_DELAY).await;
    serve(&shared, &name, "/media/slow/", &method, &headers)
}

#[derive(Deserialize)]
struct RedirectQuery {
    to: String,
}

/// A 302 to `?to=`, wherever it points (the client must check every hop).
async fn redirect(Query(query): Query<RedirectQuery>) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, query.to)]).into_response()
}

async fn file(
    shared: State<Arc<Shared>>,
    name: Path<String>,
    method: Method,
    headers: HeaderMap,
) -> Response {
    serve(&shared, &name, "/media/", &method, &headers)
}

/// The file, whole or the requested range; every body byte sent is counted under its path.
fn serve(shared: &Shared, name: &str, prefix: &str, method: &Method, headers: &HeaderMap) -> Response {
    let Some(file) = shared.media.get(name) else {
        return (StatusCode::NOT_FOUND, "NoSuchKey").into_response();
    };
    let total = file.bytes.len() as u64;
    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(|r| parse_range(r, total));
    let (status, start, end) = match range {
        None | Some(Range::Ignored) => (StatusCode::OK, 0, total),
        Some(Range::Unsatisfiable) => {
            return (
                StatusCode::RANGE_NOT_SATISFIABLE,
                [(header::CONTENT_RANGE, format!("bytes */{total}"))],
            )
                .into_response();
        }
        Some(Range::Bytes(start, end)) => (StatusCode::PARTIAL_CONTENT, start, end),
    };
    let mut response = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, file.content_type)
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::CONTENT_LENGTH, end - start);
    if status == StatusCode::PARTIAL_CONTENT {
        response = response.header(
            header::CONTENT_RANGE,
            format!("bytes {start}-{}/{total}", end - 1),
        );
    }
    // A HEAD counts as a request of no bytes, so a test sees every path that was asked for.
    let path = format!("{prefix}{name}");
    let body = if method == Method::HEAD {
        shared.media.count(&path, 0);
        Body::empty()
    } else {
        shared.media.count(&path, end - start);
        Body::from(file.bytes[start as usize..end as usize].to_vec())
    };
    response
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// A `Range` header against a file of `total` bytes.
#[derive(Debug, PartialEq, Eq)]
enum Range {
    /// Bytes `start..end` (end exclusive).
    Bytes(u64, u64),
    /// Past the end of the file.
    Unsatisfiable,
    /// Not one byte range this server understands: the whole file is sent, as HTTP allows.
    Ignored,
}

fn parse_range(header: &str, total: u64) -> Range {
    let Some(spec) = header.trim().strip_prefix("bytes=") else {
        return Range::Ignored;
    };
    if spec.contains(',') {
        return Range::Ignored;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return Range::Ignored;
    };
    let (first, last) = (first.trim(), last.trim());
    let parsed = |text: &str| text.parse::<u64>().ok();
    match (first.is_empty(), parsed(first), parsed(last)) {
        // `bytes=-n`: the last n bytes.
        (true, _, Some(n)) if n > 0 => Range::Bytes(total.saturating_sub(n), total),
        (false, Some(start), _) if start >= total => Range::Unsatisfiable,
        (false, Some(start), None) if last.is_empty() => Range::Bytes(start, total),
        (false, Some(start), Some(end)) if end >= start => {
            Range::Bytes(start, end.saturating_add(1).min(total))
        }
        _ => Range::Ignored,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_single_byte_ranges() {
        assert_eq!(parse_range("bytes=0-9", 100), Range::Bytes(0, 10));
        assert_eq!(parse_range("bytes=90-", 100), Range::Bytes(90, 100));
        assert_eq!(parse_range("bytes=-10", 100), Range::Bytes(90, 100));
        assert_eq!(parse_range("bytes=50-500", 100), Range::Bytes(50, 100));
        assert_eq!(parse_range("bytes=100-", 100), Range::Unsatisfiable);
        assert_eq!(parse_range("bytes=0-1,5-6", 100), Range::Ignored);
        assert_eq!(parse_range("items=0-1", 100), Range::Ignored);
    }
}
