//! The `{code, message, data}` envelope and the HTTP responses that carry it.

use std::borrow::Cow;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

use crate::config::StatusMode;

/// An error answer of the job API: envelope code plus message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    /// Envelope code (and HTTP status when mirrored).
    pub(crate) code: u16,
    /// Human-readable message.
    pub(crate) message: Cow<'static, str>,
}

impl ApiError {
    /// An error with a fixed message.
    pub(crate) fn new(code: u16, message: &'static str) -> Self {
        ApiError {
            code,
            message: Cow::Borrowed(message),
        }
    }

    /// 422 with the given message.
    pub(crate) fn unprocessable(message: &'static str) -> Self {
        Self::new(422, message)
    }

    /// 404 with the given message.
    pub(crate) fn not_found(message: &'static str) -> Self {
        Self::new(404, message)
    }

    /// An error with the stock message for `code`.
    pub(crate) fn stock(code: u16) -> Self {
        Self::new(code, stock_message(code))
    }
}

/// The message the simulator uses for an envelope code when nothing more specific applies.
pub(crate) fn stock_message(code: u16) -> &'static str {
    match code {
        401 => "Unauthorized: missing or invalid API key",
        402 => "Insufficient credits",
        404 => "Resource not found",
        422 => "Parameter validation failed",
        429 => "Rate limit exceeded, please retry later",
        455 => "Service unavailable (maintenance)",
        500 => "Internal server error",
        501 => "Generation failed",
        505 => "Feature disabled",
        _ => "Simulated error",
    }
}

#[derive(Serialize)]
struct Envelope<'a> {
    code: u16,
    message: &'a str,
    data: &'a Value,
}

/// Serializes an envelope into a JSON response with the given HTTP status.
fn envelope_response(status: StatusCode, code: u16, message: &str, data: &Value) -> Response {
    json_response(status, envelope_bytes(code, message, data))
}

/// The JSON text of an envelope.
fn envelope_bytes(code: u16, message: &str, data: &Value) -> Vec<u8> {
    serde_json::to_vec(&Envelope { code, message, data })
        .unwrap_or_else(|_| br#"{"code":500,"message":"serialization failed","data":null}"#.to_vec())
}

/// The JSON text of a success envelope, for faults that mangle it on the way.
pub(crate) fn success_bytes(data: &Value) -> Vec<u8> {
    envelope_bytes(200, "success", data)
}

/// A response with `content-type: application/json` and the given raw body.
pub(crate) fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        body,
    )
        .into_response()
}

/// The HTTP status to send for an envelope code under a status mode.
pub(crate) fn http_status(mode: StatusMode, code: u16) -> StatusCode {
    match mode {
        StatusMode::EnvelopeOnly => StatusCode::OK,
        StatusMode::Mirrored => StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
    }
}

/// `{"code":200,"message":"success","data":…}` with HTTP 200.
pub(crate) fn success(data: &Value) -> Response {
    envelope_response(StatusCode::OK, 200, "success", data)
}

/// An error envelope with `data: null`, HTTP status per `mode`.
pub(crate) fn error(mode: StatusMode, err: &ApiError) -> Response {
    envelope_response(http_status(mode, err.code), err.code, &err.message, &Value::Null)
}

/// Success or error envelope for an operation's result.
pub(crate) fn outcome(mode: StatusMode, result: Result<Value, ApiError>) -> Response {
    match result {
        Ok(data) => success(&data),
        Err(err) => error(mode, &err),
    }
}
