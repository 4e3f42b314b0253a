//! Reading the PascalCase `data` objects of the service into models. Every model keeps the
//! answer's request id, which `envelope`/`response` already bounded, cleaned and masked.

use chrono::Utc;
use serde_json::Value;

use crate::envelope::Answer;
use crate::errors::Error;
use crate::models::{
    Asset, AssetStatus, AssetType, UploadedAsset, ValidationResult, ValidationSession, SESSION_LINK_TTL,
};
use crate::redact::Secrets;
use crate::timefmt::parse_time;

/// The session of a `visual-validate-session` answer.
pub fn session(
    answer: &Answer,
    requested_callback: &str,
    ttl: std::time::Duration,
    secrets: &Secrets,
) -> Result<ValidationSession, Error> {
    let created_at = Utc::now();
    Ok(ValidationSession {
        byted_token: required(answer, "BytedToken", secrets)?,
        h5_link: required(answer, "H5Link", secrets)?,
        callback_url: optional(answer, "CallbackURL").unwrap_or_else(|| requested_callback.to_string()),
        created_at,
        expires_at: created_at + chrono::TimeDelta::from_std(ttl).unwrap_or(SESSION_LINK_TTL),
        request_id: answer.request_id.clone(),
    })
}

/// The group of a `visual-validate-result` answer.
pub fn validation_result(answer: &Answer, secrets: &Secrets) -> Result<ValidationResult, Error> {
    Ok(ValidationResult {
        group_id: required(answer, "GroupId", secrets)?,
        request_id: answer.request_id.clone(),
    })
}

/// The id of an `asset-upload` answer.
pub fn uploaded(answer: &Answer, secrets: &Secrets) -> Result<UploadedAsset, Error> {
    Ok(UploadedAsset {
        asset_id: required(answer, "AssetId", secrets)?,
        request_id: answer.request_id.clone(),
    })
}

/// The asset of an `asset-info` answer; `requested_id` fills a missing `AssetId`.
pub fn asset(answer: &Answer, requested_id: &str, secrets: &Secrets) -> Result<Asset, Error> {
    // Nothing in an asset is a credential, so a service echoing the API key (or a hostile one
    // replaying it) cannot make `Asset`'s Debug or an `AssetFailed` error print it.
    let scrubbed;
    let answer = if any_secret_in(&answer.data, secrets) {
        let mut data = answer.data.clone();
        scrub_strings(&mut data, secrets);
        scrubbed = Answer {
            data,
            http_status: answer.http_status,
            request_id: answer.request_id.clone(),
        };
        &scrubbed
    } else {
        answer
    };
    let data = &answer.data;
    let status = optional(answer, "Status")
        .ok_or_else(|| answer.decode_error("asset-info data has no Status", secrets))?;
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
        request_id: answer.request_id.clone(),
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

fn required(answer: &Answer, key: &str, secrets: &Secrets) -> Result<String, Error> {
    let value =
        optional(answer, key).ok_or_else(|| answer.decode_error(format!("data has no {key}"), secrets))?;
    if secrets.scrub(&value).is_some() {
        // A service that echoes the API key into a link or id would have it handed to a person's
        // browser or stored: refused loudly rather than passed on or silently altered.
        return Err(answer.decode_error(format!("{key} contains the API key; refused"), secrets));
    }
    Ok(value)
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

/// Whether any field name or string of `map` may hold a run of a secret (cheap; usually false).
fn any_secret_in(map: &serde_json::Map<String, Value>, secrets: &Secrets) -> bool {
    fn in_value(value: &Value, secrets: &Secrets) -> bool {
        match value {
            Value::String(s) => secrets.may_appear_in(s),
            Value::Array(items) => items.iter().any(|v| in_value(v, secrets)),
            Value::Object(map) => any_secret_in(map, secrets),
            _ => false,
        }
    }
    map.iter()
        .any(|(name, value)| secrets.may_appear_in(name) || in_value(value, secrets))
}

fn scrub_strings(map: &mut serde_json::Map<String, Value>, secrets: &Secrets) {
    // Field names are rendered too (`Asset`'s Debug shows `raw`): a key can hide in one.
    let entries = std::mem::take(map);
    for (name, mut value) in entries {
        scrub_value(&mut value, secrets);
        map.insert(secrets.scrub(&name).unwrap_or(name), value);
    }
}

fn scrub_value(value: &mut Value, secrets: &Secrets) {
    match value {
        Value::String(s) => {
            if let Some(clean) = secrets.scrub(s) {
                *s = clean;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| scrub_value(v, secrets)),
        Value::Object(map) => scrub_strings(map, secrets),
        _ => {}
    }
}
