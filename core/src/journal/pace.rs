//! The upload pace shared by every process on a journal: one row per rate, holding the next
//! free slot and the interval. Booking a slot is one conditional statement, so processes on one
//! SQLite file or one PostgreSQL database together keep to the rate.

use super::db::{Tx, Value};
use crate::errors::{Error, JournalProblem};

/// Books the next slot of `name` (created at `interval_ms` on first use); the slot's time in
/// unix milliseconds, `now_ms` or later.
pub(crate) fn book(tx: &mut dyn Tx, name: &str, interval_ms: i64, now_ms: i64) -> Result<i64, Error> {
    tx.execute(
        "INSERT INTO seedance_pace (name, next_at, interval_ms) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
        &[name.into(), now_ms.into(), interval_ms.into()],
    )?;
    tx.execute(
        "UPDATE seedance_pace SET next_at = (CASE WHEN next_at > $2 THEN next_at ELSE $2 END) + interval_ms WHERE name = $1",
        &[name.into(), now_ms.into()],
    )?;
    let row = tx.query_opt(
        "SELECT next_at - interval_ms FROM seedance_pace WHERE name = $1",
        &[name.into()],
    )?;
    row.and_then(|r| r.first().and_then(Value::int))
        .ok_or_else(|| Error::journal(JournalProblem::Failed, "the shared pace row vanished"))
}

/// The current interval of `name`, if it has a row.
pub(crate) fn interval(tx: &mut dyn Tx, name: &str) -> Result<Option<i64>, Error> {
    Ok(tx
        .query_opt(
            "SELECT interval_ms FROM seedance_pace WHERE name = $1",
            &[name.into()],
        )?
        .and_then(|r| r.first().and_then(Value::int)))
}

/// Sets the interval of `name`; with `hold_until_ms`, no slot before then.
pub(crate) fn set_interval(
    tx: &mut dyn Tx,
    name: &str,
    interval_ms: i64,
    hold_until_ms: Option<i64>,
) -> Result<(), Error> {
    tx.execute(
        "UPDATE seedance_pace SET interval_ms = $2,
         next_at = CASE WHEN $3 > next_at THEN $3 ELSE next_at END WHERE name = $1",
        &[name.into(), interval_ms.into(), hold_until_ms.unwrap_or(0).into()],
    )?;
    Ok(())
}
