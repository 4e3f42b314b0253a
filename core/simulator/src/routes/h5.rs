//! The simulated H5 liveness page and its Pass/Fail submission (a 302 to the callback URL).

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::error::SimulatorError;
use crate::html;
use crate::shared::Shared;
use crate::validate::query_param;

/// Routes for `/h5/validate` and `/h5/submit`.
pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/h5/validate", get(validate_page))
        .route("/h5/submit", get(submit))
}

/// Page texts for one language: (lang attribute, title, prompt, pass label, fail label).
fn texts(
    lng: &str,
) -> (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
) {
    match lng {
        "en" => (
            "en",
            "Real-person verification",
            "Simulated liveness check. Choose the outcome:",
            "Pass",
            "Fail",
        ),
        "zh-Hant" => (
            "zh-Hant",
            "真人認證",
            "模擬活體檢測，請選擇結果：",
            "Pass 通過",
            "Fail 失敗",
        ),
        _ => (
            "zh",
            "真人认证",
            "模拟活体检测，请选择结果：",
            "Pass 通过",
            "Fail 失败",
        ),
    }
}

/// Shortens a token for display: first 8 and last 4 characters.
fn truncated(token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    if chars.len() <= 14 {
        return token.to_owned();
    }
    let head: String = chars[..8].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

/// The HTML error page for a refused session.
fn refused(err: &SimulatorError) -> Response {
    let status = StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::NOT_FOUND);
    let message = match err {
        SimulatorError::Expired(_) => "link expired, create a new session",
        SimulatorError::AlreadyCompleted(_) => "this validation was already completed",
        SimulatorError::UnknownToken(_) | SimulatorError::UnknownAsset(_) => "unknown bytedToken",
    };
    html::error_page(status, message)
}

fn missing_token() -> Response {
    html::error_page(StatusCode::BAD_REQUEST, "bytedToken is required")
}

async fn validate_page(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let query = query.as_deref();
    let Some(token) = query_param(query, "bytedToken") else {
        return missing_token();
    };
    let lng = query_param(query, "lng").unwrap_or_default();
    let (lang, title, prompt, pass, fail) = texts(&lng);
    let checked = shared.state().check_open(&token, shared.settings.link_ttl());
    if let Err(err) = checked {
        return refused(&err);
    }
    let token_attr = html::escape(&token);
    let body = format!(
        "<h1>{title}</h1>\n<p>Seedance simulator · lng={lang}</p>\n\
         <p>bytedToken: <code>{shown}</code></p>\n<p>{prompt}</p>\n\
         <form method=\"get\" action=\"/h5/submit\">\
         <input type=\"hidden\" name=\"bytedToken\" value=\"{token_attr}\">\
         <input type=\"hidden\" name=\"result\" value=\"pass\">\
         <button type=\"submit\" id=\"pass\">{pass}</button></form>\n\
         <form method=\"get\" action=\"/h5/submit\">\
         <input type=\"hidden\" name=\"bytedToken\" value=\"{token_attr}\">\
         <input type=\"hidden\" name=\"result\" value=\"fail\">\
         <button type=\"submit\" id=\"fail\">{fail}</button></form>",
        shown = html::escape(&truncated(&token)),
    );
    html::page(StatusCode::OK, lang, title, &body)
}

async fn submit(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let query = query.as_deref();
    let Some(token) = query_param(query, "bytedToken") else {
        return missing_token();
    };
    let passed = match query_param(query, "result").as_deref() {
        Some("pass") => true,
        Some("fail") => false,
        _ => {
            return html::error_page(StatusCode::BAD_REQUEST, "result must be pass or fail");
        }
    };
    let completed = shared
        .state()
        .complete(&token, passed, shared.settings.link_ttl());
    match completed {
        Ok(location) => match HeaderValue::from_str(&location) {
            Ok(value) => (StatusCode::FOUND, [(header::LOCATION, value)]).into_response(),
            Err(_) => html::error_page(StatusCode::INTERNAL_SERVER_ERROR, "bad callback URL"),
        },
        Err(err) => refused(&err),
    }
}
