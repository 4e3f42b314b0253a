//! A success answer cut off mid-body: the head promises more bytes than ever arrive, then the
//! connection closes, as when a proxy or the network fails mid-transfer.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use http_body::Frame;
use tokio::time::Sleep;

/// How long the part that was sent may travel before the connection is broken.
const FLUSH_GRACE: Duration = Duration::from_millis(20);

/// A body that yields `part`, waits briefly (so it reaches the client), then fails, which makes
/// the server close the connection with the declared length unmet.
struct CutBody {
    part: Option<Bytes>,
    grace: Pin<Box<Sleep>>,
}

impl http_body::Body for CutBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        if let Some(part) = self.part.take() {
            return Poll::Ready(Some(Ok(Frame::data(part))));
        }
        match self.grace.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => Poll::Ready(Some(Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "injected truncated body",
            )))),
        }
    }
}

/// HTTP 200 declaring `full`'s length but carrying only its first half.
pub(crate) fn response(full: Vec<u8>) -> Response {
    let declared = full.len().max(2);
    let part = Bytes::from(full).slice(..declared / 2);
    let body = CutBody {
        part: Some(part),
        grace: Box::pin(tokio::time::sleep(FLUSH_GRACE)),
    };
    let mut response = Response::new(Body::new(body));
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(declared));
    response
}
