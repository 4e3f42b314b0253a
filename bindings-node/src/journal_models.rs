//! The journal's records as plain JS objects (camelCase fields, `Date` times), like the models
//! in `models.rs`.

use chrono::{DateTime, Utc};
use napi_derive::napi;
use seedance_assets as core;
use seedance_assets::surface::Lang;

/// A validated person (`Journal.person`, `completeValidation`).
#[napi(object)]
pub struct Person {
    pub reference: Option<String>,
    pub group_id: String,
    pub validated_at: DateTime<Utc>,
}

impl From<core::Person> for Person {
    fn from(p: core::Person) -> Self {
        Self {
            reference: p.reference,
            group_id: p.group_id,
            validated_at: p.validated_at,
        }
    }
}

/// An upload as the journal recorded it.
#[napi(object)]
pub struct JournaledAsset {
    pub key: String,
    pub asset_id: Option<String>,
    pub name: String,
    pub asset_type: String,
    pub asset_url: String,
    pub group_id: Option<String>,
    pub reference: Option<String>,
    pub status: String,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub attempts: i64,
    pub updated_at: DateTime<Utc>,
}

impl From<core::JournaledAsset> for JournaledAsset {
    fn from(a: core::JournaledAsset) -> Self {
        Self {
            key: a.key,
            asset_id: a.asset_id,
            name: a.name,
            asset_type: a.asset_type,
            asset_url: a.asset_url,
            group_id: a.group_id,
            reference: a.reference,
            status: a.status,
            error_code: a.error_code,
            error_message: a.error_message,
            attempts: a.attempts,
            updated_at: a.updated_at,
        }
    }
}

/// One exported record with its keys spelled as Node spells them (`group_id` → `groupId`);
/// the values stay as the core wrote them (times as ISO-8601 strings).
pub(crate) fn export_record(record: serde_json::Value) -> serde_json::Value {
    match record {
        serde_json::Value::Object(fields) => fields
            .into_iter()
            .map(|(key, value)| (Lang::Node.spell(&key), value))
            .collect::<serde_json::Map<_, _>>()
            .into(),
        other => other,
    }
}
