//! The journal's tables and their versions.
//!
//! The version is `major.minor`. A minor step only adds (tables, nullable columns, indexes), so
//! an older package of the same major keeps working on a journal a newer one migrated — a
//! rolling deploy does not stop old workers. A different major is refused without a change.

use super::db::{Tx, Value};
use crate::errors::{Error, JournalProblem};

/// The major version this package reads and writes.
pub const SCHEMA_MAJOR: i64 = 1;
/// The newest minor version this package knows.
pub const SCHEMA_MINOR: i64 = 1;

/// Every table's name starts with this, so a shared PostgreSQL schema stays readable.
pub(crate) const PREFIX: &str = "seedance_";

/// The statements that bring an empty database to each minor version of this major, in order.
/// Types are the portable subset: BIGINT (unix milliseconds for times) and TEXT.
const MIGRATIONS: &[(i64, &[&str])] = &[
    (
        0,
        &[
            "CREATE TABLE seedance_sessions (
            token_hash TEXT PRIMARY KEY,
            token TEXT,
            reference TEXT,
            consent TEXT,
            state TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            lease_until BIGINT,
            group_id TEXT,
            result_code TEXT,
            note TEXT,
            updated_at BIGINT NOT NULL
        )",
            "CREATE INDEX seedance_sessions_reference ON seedance_sessions (reference)",
            "CREATE TABLE seedance_people (
            group_id TEXT PRIMARY KEY,
            reference TEXT,
            consent TEXT,
            validated_at BIGINT NOT NULL
        )",
            "CREATE INDEX seedance_people_reference ON seedance_people (reference)",
            "CREATE TABLE seedance_assets (
            key TEXT PRIMARY KEY,
            group_id TEXT,
            reference TEXT,
            name TEXT NOT NULL,
            asset_type TEXT NOT NULL,
            asset_url TEXT NOT NULL,
            asset_id TEXT,
            status TEXT NOT NULL,
            error_code TEXT,
            error_message TEXT,
            attempt BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL
        )",
            "CREATE INDEX seedance_assets_asset_id ON seedance_assets (asset_id)",
            "CREATE INDEX seedance_assets_group_id ON seedance_assets (group_id)",
            "CREATE INDEX seedance_assets_reference ON seedance_assets (reference)",
            "CREATE INDEX seedance_assets_status ON seedance_assets (status)",
            "CREATE TABLE seedance_asset_history (
            key TEXT NOT NULL,
            attempt BIGINT NOT NULL,
            asset_id TEXT,
            status TEXT NOT NULL,
            error_code TEXT,
            error_message TEXT,
            at BIGINT NOT NULL
        )",
            "CREATE INDEX seedance_asset_history_key ON seedance_asset_history (key)",
        ],
    ),
    (
        1,
        &[
            // Until when an `Uploading` record's worker is taken to be alive: another worker waits
            // for it rather than calling it ambiguous (NULL, as older packages leave it: ambiguous).
            "ALTER TABLE seedance_assets ADD COLUMN lease_until BIGINT",
            // The upload pace shared by every process on this journal: the next free slot and the
            // interval, per rate name.
            "CREATE TABLE seedance_pace (
            name TEXT PRIMARY KEY,
            next_at BIGINT NOT NULL,
            interval_ms BIGINT NOT NULL
        )",
        ],
    ),
];

/// Creates or upgrades the schema (one transaction, serialised with other processes), or
/// refuses a journal this package cannot use.
pub(crate) fn prepare(tx: &mut dyn Tx) -> Result<(), Error> {
    tx.lock_schema()?;
    if !tx.has_table("seedance_meta")? {
        if tx.foreign_tables(PREFIX)? {
            return Err(Error::journal(
                JournalProblem::Corrupt,
                "the file is a database of another program, not a journal; it was left untouched",
            ));
        }
        tx.execute(
            "CREATE TABLE seedance_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
            &[],
        )?;
        tx.execute(
            "INSERT INTO seedance_meta (name, value) VALUES ('schema', $1)",
            &[Value::from(format!("{SCHEMA_MAJOR}.-1"))],
        )?;
    }
    let (major, minor) = version(tx)?;
    check_major(major, minor)?;
    for (step, statements) in MIGRATIONS.iter().filter(|(step, _)| *step > minor) {
        for statement in *statements {
            tx.execute(statement, &[])?;
        }
        tx.execute(
            "UPDATE seedance_meta SET value = $1 WHERE name = 'schema'",
            &[Value::from(format!("{SCHEMA_MAJOR}.{step}"))],
        )?;
    }
    Ok(())
}

/// Refuses a journal of another major, or one too old to be read without migrating (a
/// read-only journal cannot be migrated).
pub(crate) fn check_readable(tx: &mut dyn Tx) -> Result<(), Error> {
    if !tx.has_table("seedance_meta")? {
        return Err(Error::journal(
            JournalProblem::ReadOnly,
            "the read-only journal is empty or not a journal: open it writable once to create it",
        ));
    }
    let (major, minor) = version(tx)?;
    check_major(major, minor)?;
    if minor < SCHEMA_MINOR {
        return Err(Error::journal(
            JournalProblem::ReadOnly,
            format!("the read-only journal has schema {major}.{minor} and needs an upgrade to {SCHEMA_MAJOR}.{SCHEMA_MINOR}: open it writable once"),
        ));
    }
    Ok(())
}

fn version(tx: &mut dyn Tx) -> Result<(i64, i64), Error> {
    let row = tx.query_opt("SELECT value FROM seedance_meta WHERE name = 'schema'", &[])?;
    let text = row
        .and_then(|r| r.into_iter().next())
        .and_then(|v| v.text().map(str::to_owned));
    text.as_deref()
        .and_then(|t| t.split_once('.'))
        .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
        .ok_or_else(|| {
            Error::journal(
                JournalProblem::Corrupt,
                "the journal's schema version is missing or unreadable",
            )
        })
}

fn check_major(major: i64, minor: i64) -> Result<(), Error> {
    if major == SCHEMA_MAJOR {
        return Ok(());
    }
    let advice = if major > SCHEMA_MAJOR {
        "upgrade seedance-assets to use it"
    } else {
        "it was written by an older, incompatible version"
    };
    Err(Error::journal(
        JournalProblem::Incompatible,
        format!("the journal has schema {major}.{minor}, this package reads {SCHEMA_MAJOR}.x: {advice}; nothing was changed"),
    ))
}
