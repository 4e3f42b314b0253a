//! What the journal hands back: people, recorded uploads, and the filters to find them.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;

use super::db::{Row, Value};
use crate::errors::{Error, JournalProblem};

/// The recorded statuses of an upload besides the service's own (`Processing`, `Active`,
/// `Failed`, …).
pub mod status {
    /// The intent is written and the request is being sent (or the process died sending it).
    pub const UPLOADING: &str = "Uploading";
    /// The request may have reached the service but no answer came: not sent again until
    /// resolved.
    pub const AMBIGUOUS: &str = "Ambiguous";
    /// Uploaded; the service is reviewing it.
    pub const PROCESSING: &str = "Processing";
    /// Usable as `asset://<asset_id>`.
    pub const ACTIVE: &str = "Active";
    /// Refused by the service; uploading the same key again sends a new request.
    pub const FAILED: &str = "Failed";
}

/// A validated person: the GroupId their assets are uploaded under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// The application's own id for the person, as given when the session was created.
    pub reference: Option<String>,
    /// The GroupId the service bound to this person.
    pub group_id: String,
    /// When the GroupId was received.
    pub validated_at: DateTime<Utc>,
}

/// An upload as the journal recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JournaledAsset {
    /// The upload's key: the caller's `key`, else derived from (group, name, URL without query).
    pub key: String,
    /// The service's asset id; `None` while the upload's outcome is unknown.
    pub asset_id: Option<String>,
    /// The asset's name.
    pub name: String,
    /// `Image`, `Video` or `Audio`.
    pub asset_type: String,
    /// The source URL without its query string (presigned signatures are not kept).
    pub asset_url: String,
    /// The group it was uploaded under.
    pub group_id: Option<String>,
    /// The person's reference, when the group belongs to a journaled person.
    pub reference: Option<String>,
    /// `Uploading`, `Ambiguous`, `Processing`, `Active`, `Failed`, or another status as the
    /// service sent it.
    pub status: String,
    /// The service's error code, for a `Failed` asset.
    pub error_code: Option<String>,
    /// The service's error message, for a `Failed` asset.
    pub error_message: Option<String>,
    /// How many upload requests were sent (or attempted) under this key.
    pub attempts: i64,
    /// When the record last changed.
    pub updated_at: DateTime<Utc>,
}

impl JournaledAsset {
    /// `asset://<asset_id>`, once the asset id is known.
    pub fn reference_uri(&self) -> Option<String> {
        self.asset_id.as_ref().map(|id| format!("asset://{id}"))
    }

    /// Whether the upload waits for someone to say whether it happened (`Uploading` left over
    /// by a process that died, or `Ambiguous`).
    pub fn is_unresolved(&self) -> bool {
        self.status == status::UPLOADING || self.status == status::AMBIGUOUS
    }
}

/// Which recorded uploads to list; unset fields match everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssetFilter {
    /// Only this person's (by reference).
    pub reference: Option<String>,
    /// Only this group's.
    pub group_id: Option<String>,
    /// Only those with this status.
    pub status: Option<String>,
}

/// The columns [`asset_from_row`] reads, in order.
pub(crate) const ASSET_COLUMNS: &str = "key, asset_id, name, asset_type, asset_url, group_id, reference, status, error_code, error_message, attempt, updated_at";

pub(crate) fn asset_from_row(row: Row) -> Result<JournaledAsset, Error> {
    let mut cells = row.into_iter();
    let mut next = || cells.next().unwrap_or(Value::Null);
    Ok(JournaledAsset {
        key: required(next(), "key")?,
        asset_id: optional(next()),
        name: required(next(), "name")?,
        asset_type: required(next(), "asset_type")?,
        asset_url: required(next(), "asset_url")?,
        group_id: optional(next()),
        reference: optional(next()),
        status: required(next(), "status")?,
        error_code: optional(next()),
        error_message: optional(next()),
        attempts: next().int().unwrap_or(0),
        updated_at: time(next().int().unwrap_or(0)),
    })
}

/// The columns [`person_from_row`] reads, in order.
pub(crate) const PERSON_COLUMNS: &str = "reference, group_id, validated_at";

pub(crate) fn person_from_row(row: Row) -> Result<Person, Error> {
    let mut cells = row.into_iter();
    let mut next = || cells.next().unwrap_or(Value::Null);
    Ok(Person {
        reference: optional(next()),
        group_id: required(next(), "group_id")?,
        validated_at: time(next().int().unwrap_or(0)),
    })
}

fn optional(value: Value) -> Option<String> {
    match value {
        Value::Text(s) => Some(s),
        _ => None,
    }
}

fn required(value: Value, column: &str) -> Result<String, Error> {
    optional(value).ok_or_else(|| {
        Error::journal(
            JournalProblem::Corrupt,
            format!("a journal record has no {column}"),
        )
    })
}

/// Unix milliseconds as a time (the epoch for a value out of range).
pub(crate) fn time(millis: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(millis).single().unwrap_or_default()
}

/// Now, in unix milliseconds.
pub(crate) fn now_millis() -> i64 {
    Utc::now().timestamp_millis()
}
