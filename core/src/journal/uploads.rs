//! Uploads as intents: written before the POST, completed with the AssetId after, under a key,
//! so an upload that may have happened is never sent again without the caller's say-so.

use super::db::{Tx, Value};
use super::records::{asset_from_row, now_millis, status, JournaledAsset, ASSET_COLUMNS};
use crate::errors::Error;
use crate::models::Asset;

/// What is about to be uploaded.
pub(crate) struct Intent {
    pub key: String,
    pub group_id: Option<String>,
    pub name: String,
    pub asset_type: String,
    /// Without its query string.
    pub asset_url: String,
    /// Until when (unix ms) this worker's upload may be in flight; others wait for it so long.
    pub lease_until: i64,
    /// Whether a recorded `Failed` upload is sent again (a single upload) or answered from the
    /// record (onboarding, whose reruns and fellow processes continue, not redo, its work).
    pub resend_failed: bool,
}

/// The key of an upload without a caller's key: the group, the name and the URL without its
/// query string (a re-signed presigned URL of the same object is the same asset).
pub fn derived_key(group_id: Option<&str>, name: &str, asset_url: &str) -> String {
    format!(
        "{}:{name}:{}",
        group_id.unwrap_or("-"),
        url_without_query(asset_url)
    )
}

/// The URL as the journal keeps it: no query string (signatures), no fragment.
pub(crate) fn url_without_query(asset_url: &str) -> String {
    match url::Url::parse(asset_url) {
        Ok(mut url) => {
            url.set_query(None);
            url.set_fragment(None);
            url.into()
        }
        Err(_) => asset_url.split(['?', '#']).next().unwrap_or_default().to_string(),
    }
}

/// What to do with an upload.
pub(crate) enum Begin {
    /// Send it: this is attempt number `attempt`; `previous` is the record it replaces.
    Send {
        attempt: i64,
        previous: Option<JournaledAsset>,
    },
    /// Already uploaded: no request.
    Recorded(JournaledAsset),
    /// An earlier attempt may have reached the service: no request until resolved.
    Unresolved,
    /// Another worker is uploading it now (within its lease): look again shortly.
    InFlight,
}

pub(crate) fn begin(tx: &mut dyn Tx, intent: &Intent, allow_duplicate: bool) -> Result<Begin, Error> {
    let now = now_millis();
    let reference = match &intent.group_id {
        Some(group) => tx
            .query_opt(
                "SELECT reference FROM seedance_people WHERE group_id = $1",
                &[group.as_str().into()],
            )?
            .and_then(|row| row.into_iter().next())
            .unwrap_or(Value::Null),
        None => Value::Null,
    };
    let existing = find(tx, &intent.key)?;
    let replaceable = existing
        .as_ref()
        .is_some_and(|a| replaceable(a, allow_duplicate, intent.resend_failed));
    match existing {
        None => {
            let inserted = tx.execute(
                "INSERT INTO seedance_assets (key, group_id, reference, name, asset_type, asset_url, status, attempt, created_at, updated_at, lease_until)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8, $9) ON CONFLICT (key) DO NOTHING",
                &[
                    intent.key.as_str().into(),
                    intent.group_id.clone().into(),
                    reference,
                    intent.name.as_str().into(),
                    intent.asset_type.as_str().into(),
                    intent.asset_url.as_str().into(),
                    status::UPLOADING.into(),
                    now.into(),
                    intent.lease_until.into(),
                ],
            )?;
            if inserted == 0 {
                // Another worker wrote the same key a moment ago: its upload is in flight.
                return settled(tx, &intent.key);
            }
            history(tx, &intent.key)?;
            Ok(Begin::Send {
                attempt: 1,
                previous: None,
            })
        }
        Some(previous) if replaceable => {
            let taken = tx.execute(
                "UPDATE seedance_assets SET status = $3, attempt = attempt + 1, asset_id = NULL, error_code = NULL,
                 error_message = NULL, group_id = $4, reference = $5, name = $6, asset_type = $7, asset_url = $8, updated_at = $9,
                 lease_until = $10 WHERE key = $1 AND attempt = $2",
                &[
                    intent.key.as_str().into(),
                    previous.attempts.into(),
                    status::UPLOADING.into(),
                    intent.group_id.clone().into(),
                    reference,
                    intent.name.as_str().into(),
                    intent.asset_type.as_str().into(),
                    intent.asset_url.as_str().into(),
                    now.into(),
                    intent.lease_until.into(),
                ],
            )?;
            if taken == 0 {
                return settled(tx, &intent.key);
            }
            history(tx, &intent.key)?;
            Ok(Begin::Send {
                attempt: previous.attempts + 1,
                previous: Some(previous),
            })
        }
        Some(asset) if asset.is_unresolved() => in_flight_or_unresolved(tx, &asset, now),
        Some(asset) => Ok(Begin::Recorded(asset)),
    }
}

/// Whether a record is uploaded again: a `Failed` one when failures are resent, or an
/// unresolved one when duplicates are allowed.
fn replaceable(asset: &JournaledAsset, allow_duplicate: bool, resend_failed: bool) -> bool {
    (asset.status == status::FAILED && resend_failed) || (allow_duplicate && asset.is_unresolved())
}

/// What [`begin`] would do with `key` now, without claiming anything.
pub(crate) enum Peek {
    /// It would be sent.
    Send,
    /// It is settled without a request (recorded, or unresolved and waiting for the caller).
    Settled,
    /// Another worker is sending it now.
    InFlight,
}

/// What [`begin`] would do with `key` now (read only: a pacer slot is booked only for an upload
/// that will be sent).
pub(crate) fn peek(
    tx: &mut dyn Tx,
    key: &str,
    allow_duplicate: bool,
    resend_failed: bool,
) -> Result<Peek, Error> {
    Ok(match find(tx, key)? {
        None => Peek::Send,
        Some(asset) if replaceable(&asset, allow_duplicate, resend_failed) => Peek::Send,
        Some(asset) if asset.is_unresolved() => match in_flight_or_unresolved(tx, &asset, now_millis())? {
            Begin::InFlight => Peek::InFlight,
            _ => Peek::Settled,
        },
        Some(_) => Peek::Settled,
    })
}

/// An `Uploading` record whose worker's lease has not run out is in flight elsewhere; any
/// other unresolved record waits for the caller's answer.
fn in_flight_or_unresolved(tx: &mut dyn Tx, asset: &JournaledAsset, now: i64) -> Result<Begin, Error> {
    if asset.status != status::UPLOADING {
        return Ok(Begin::Unresolved);
    }
    let lease = tx
        .query_opt(
            "SELECT lease_until FROM seedance_assets WHERE key = $1",
            &[asset.key.as_str().into()],
        )?
        .and_then(|row| row.first().and_then(Value::int));
    Ok(match lease {
        Some(until) if until > now => Begin::InFlight,
        _ => Begin::Unresolved,
    })
}

/// The key's record as another writer left it, after losing a race for it.
fn settled(tx: &mut dyn Tx, key: &str) -> Result<Begin, Error> {
    match find(tx, key)? {
        Some(asset) if asset.is_unresolved() => in_flight_or_unresolved(tx, &asset, now_millis()),
        Some(asset) => Ok(Begin::Recorded(asset)),
        None => Err(Error::journal(
            crate::errors::JournalProblem::Failed,
            "an upload record vanished while it was being written",
        )),
    }
}

/// How a sent (or attempted) upload ended.
pub(crate) enum Sent {
    /// The service answered with this asset id.
    Uploaded(String),
    /// It may have reached the service (what happened): ambiguous until resolved.
    Unknown(String),
    /// It certainly did not happen: the record goes back to what it was (or goes).
    Restore(Option<Box<JournaledAsset>>),
}

pub(crate) fn finish(tx: &mut dyn Tx, key: &str, attempt: i64, outcome: &Sent) -> Result<(), Error> {
    let now = now_millis();
    let (sql, params): (&str, Vec<Value>) = match outcome {
        Sent::Uploaded(asset_id) => (
            "UPDATE seedance_assets SET status = $3, asset_id = $4, updated_at = $5 WHERE key = $1 AND attempt = $2",
            vec![status::PROCESSING.into(), asset_id.as_str().into(), now.into()],
        ),
        Sent::Unknown(cause) => (
            "UPDATE seedance_assets SET status = $3, error_message = $4, updated_at = $5 WHERE key = $1 AND attempt = $2",
            vec![status::AMBIGUOUS.into(), cause.as_str().into(), now.into()],
        ),
        Sent::Restore(None) => ("DELETE FROM seedance_assets WHERE key = $1 AND attempt = $2", vec![]),
        Sent::Restore(Some(previous)) => (
            "UPDATE seedance_assets SET status = $3, asset_id = $4, error_code = $5, error_message = $6, attempt = $7,
             updated_at = $8 WHERE key = $1 AND attempt = $2",
            vec![
                previous.status.as_str().into(),
                previous.asset_id.clone().into(),
                previous.error_code.clone().into(),
                previous.error_message.clone().into(),
                previous.attempts.into(),
                now.into(),
            ],
        ),
    };
    let mut all = vec![key.into(), attempt.into()];
    all.extend(params);
    tx.execute(sql, &all)?;
    history(tx, key)
}

/// Keeps the recorded status of a journaled asset current with what the service said.
pub(crate) fn observe(tx: &mut dyn Tx, asset: &Asset) -> Result<(), Error> {
    let changed = tx.execute(
        "UPDATE seedance_assets SET status = $2, error_code = $3, error_message = $4, updated_at = $5
         WHERE asset_id = $1 AND (status <> $2 OR error_code IS DISTINCT FROM $3 OR error_message IS DISTINCT FROM $4)",
        &[
            asset.asset_id.as_str().into(),
            asset.status.as_str().into(),
            asset.error_code.clone().into(),
            asset.error_message.clone().into(),
            now_millis().into(),
        ],
    )?;
    if changed > 0 {
        if let Some(row) = tx.query_opt(
            "SELECT key FROM seedance_assets WHERE asset_id = $1",
            &[asset.asset_id.as_str().into()],
        )? {
            if let Some(key) = row[0].text() {
                history(tx, key)?;
            }
        }
    }
    Ok(())
}

/// Records the caller's answer for an unresolved upload: its asset id, or that it did not
/// happen (the record goes; the key is free to upload again).
pub(crate) fn resolve(
    tx: &mut dyn Tx,
    key: &str,
    asset_id: Option<&str>,
) -> Result<Option<JournaledAsset>, Error> {
    let Some(asset) = find(tx, key)? else {
        return Err(Error::invalid(
            "key",
            format!("no upload is recorded under {key:?}"),
        ));
    };
    if !asset.is_unresolved() {
        return Err(Error::invalid(
            "key",
            format!(
                "the upload under {key:?} is {}, not unresolved: nothing to resolve",
                asset.status
            ),
        ));
    }
    let now = now_millis();
    match asset_id {
        Some(asset_id) => {
            tx.execute(
                "UPDATE seedance_assets SET status = $2, asset_id = $3, error_message = NULL, updated_at = $4 WHERE key = $1",
                &[key.into(), status::PROCESSING.into(), asset_id.into(), now.into()],
            )?;
            history(tx, key)?;
            find(tx, key)
        }
        None => {
            tx.execute(
                "INSERT INTO seedance_asset_history (key, attempt, asset_id, status, error_code, error_message, at)
                 VALUES ($1, $2, NULL, 'NotUploaded', NULL, 'resolved: the upload did not happen', $3)",
                &[key.into(), asset.attempts.into(), now.into()],
            )?;
            tx.execute("DELETE FROM seedance_assets WHERE key = $1", &[key.into()])?;
            Ok(None)
        }
    }
}

pub(crate) fn find(tx: &mut dyn Tx, key: &str) -> Result<Option<JournaledAsset>, Error> {
    tx.query_opt(
        &format!("SELECT {ASSET_COLUMNS} FROM seedance_assets WHERE key = $1"),
        &[key.into()],
    )?
    .map(asset_from_row)
    .transpose()
}

/// Appends the key's current record to its history (a record that is gone leaves nothing).
fn history(tx: &mut dyn Tx, key: &str) -> Result<(), Error> {
    tx.execute(
        "INSERT INTO seedance_asset_history (key, attempt, asset_id, status, error_code, error_message, at)
         SELECT key, attempt, asset_id, status, error_code, error_message, updated_at FROM seedance_assets WHERE key = $1",
        &[key.into()],
    )?;
    Ok(())
}
