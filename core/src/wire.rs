//! Reading the PascalCase `data` objects of the service into models.

use chrono::Utc;
use serde_json::Value;

use crate::envelope::Answer;
use crate::errors::Error;
use crate::models::{
    Asset, AssetStatus, AssetType, UploadedAsset, ValidationResult, ValidationSession, SESSION_LINK_TTL,
};
use crate::timefmt::parse_time;

/// The session of a `visual-validate-session` answer.
pub fn session(
    answer: &Answer,
    requested_callback: &str,
    ttl: std::time::Duration,
    api_key: &str,
) -> Result<ValidationSession, Error> {
    let created_at = Utc::now();
    Ok(ValidationSession {
        byted_token: required(answer, "BytedToken", api_key)?,
        h5_link: required(answer, "H5Link", api_key)?,
        callback_url: optional(answer, "CallbackURL").unwrap_or_else(|| requested_callback.to_string()),
        created_at,
        expires_at: created_at + chrono::TimeDelta::from_std(ttl).unwrap_or(SESSION_LINK_TTL),
    })
}

/// The group of a `visual-validate-result` answer.
pub fn validation_result(answer: &Answer, api_key: &str) -> Result<ValidationResult, Error> {
    Ok(ValidationResult {
        group_id: required(answer, "GroupId", api_key)?,
    })
}

/// The id of an `asset-upload` answer.
pub fn uploaded(answer: &Answer, api_key: &str) -> Result<UploadedAsset, Error> {
    Ok(UploadedAsset {
        asset_id: required(answer, "AssetId", api_key)?,
    })
}

/// The asset of an `asset-info` answer; `requested_id` fills a missing `AssetId`.
pub fn asset(answer: &Answer, requested_id: &str, api_key: &str) -> Result<Asset, Error> {
    let data = &answer.data;
    let status = optional(answer, "Status")
        .ok_or_else(|| answer.decode_error("asset-info data has no Status", api_key))?;
    let (error_code, error_message) = failure_reason(data);
    Ok(Asset {
        asset_id: optional(answer, "AssetId").unwrap_or_else(|| requested_id.to_string()),
        name: optional(answer, "Name"),
        asset_type: optional(answer, "AssetType").and_then(|t| t.parse::<AssetType>().ok()),
        status: AssetStatus::from_wire(&status),
        create_time: data.get("CreateTime").and_then(parse_time),
        update_time: data.get("UpdateTime").and_then(parse_time),
        error_code,
        error_message,
        raw: data.clone(),
    })
}

/// The failure reason, from `Error{Code,Message}` (as upstream sends) or flat fields.
fn failure_reason(data: &serde_json::Map<String, Value>) -> (Option<String>, Option<String>) {
    let nested = data
        .get("Error")
        .or_else(|| data.get("error"))
        .and_then(Value::as_object);
    let pick = |nested_keys: [&str; 2], flat_keys: [&str; 2]| {
        nested
            .and_then(|e| nested_keys.iter().find_map(|k| e.get(*k)))
            .or_else(|| flat_keys.iter().find_map(|k| data.get(*k)))
            .and_then(string_of)
    };
    (
        pick(["Code", "code"], ["ErrorCode", "error_code"]),
        pick(["Message", "message"], ["ErrorMessage", "error_message"]),
    )
}

fn required(answer: &Answer, key: &str, api_key: &str) -> Result<String, Error> {
    optional(answer, key).ok_or_else(|| answer.decode_error(format!("data has no {key}"), api_key))
}

fn optional(answer: &Answer, key: &str) -> Option<String> {
    answer.data.get(key).and_then(string_of).filter(|s| !s.is_empty())
}

fn string_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
