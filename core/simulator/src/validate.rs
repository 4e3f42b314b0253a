//! Parsing and validating job-API request bodies and query strings.

use serde_json::{Map, Value};

use crate::envelope::ApiError;
use crate::state::NewAsset;

/// The first value of a query parameter, percent-decoded.
pub(crate) fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    let query = query?;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// A required, non-empty query parameter, else 422.
pub(crate) fn required_param(query: Option<&str>, name: &'static str) -> Result<String, ApiError> {
    match query_param(query, name) {
        Some(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(ApiError::new(422, missing_param_message(name))),
    }
}

fn missing_param_message(name: &str) -> &'static str {
    match name {
        "byted_token" => "byted_token is required",
        "asset_id" => "asset_id is required",
        _ => "required parameter missing",
    }
}

/// Parses a JSON object body, else 422.
fn json_object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::unprocessable("request body must be a JSON object")),
        Err(_) => Err(ApiError::unprocessable("request body is not valid JSON")),
    }
}

/// True when `s` parses as an absolute http(s) URL with a host.
pub(crate) fn is_http_url(s: &str) -> bool {
    match url::Url::parse(s) {
        Ok(u) => matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty()),
        Err(_) => false,
    }
}

/// The `callback_url` of a visual-validate-session body.
pub(crate) fn create_session_body(body: &[u8]) -> Result<String, ApiError> {
    let map = json_object(body)?;
    match map.get("callback_url") {
        Some(Value::String(s)) if is_http_url(s) => Ok(s.clone()),
        Some(Value::String(_)) => Err(ApiError::unprocessable(
            "callback_url must be an absolute http(s) URL",
        )),
        _ => Err(ApiError::unprocessable("callback_url is required")),
    }
}

/// The fields of an asset-upload body.
pub(crate) fn upload_body(body: &[u8]) -> Result<NewAsset, ApiError> {
    let map = json_object(body)?;
    let name = match map.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        _ => return Err(ApiError::unprocessable("name is required")),
    };
    let asset_type = match map.get("asset_type") {
        Some(Value::String(s)) if matches!(s.as_str(), "Image" | "Video" | "Audio") => s.clone(),
        Some(_) => {
            return Err(ApiError::unprocessable(
                "asset_type must be one of Image, Video, Audio",
            ))
        }
        None => return Err(ApiError::unprocessable("asset_type is required")),
    };
    let asset_url = match map.get("asset_url") {
        Some(Value::String(s)) if is_http_url(s) => s.clone(),
        Some(_) => {
            return Err(ApiError::unprocessable(
                "asset_url must be an absolute http(s) URL",
            ))
        }
        None => return Err(ApiError::unprocessable("asset_url is required")),
    };
    let group_id = match map.get("group_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(ApiError::unprocessable("group_id must be a string")),
    };
    Ok(NewAsset {
        name,
        asset_type,
        asset_url,
        group_id,
    })
}
