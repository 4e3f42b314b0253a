//! A validation session's life in the journal: issued → exchanging → validated (or lost, or
//! refused). The exchange of the single-use token is claimed by one caller in one transaction,
//! so it happens once across threads, processes and machines.

use sha2::{Digest, Sha256};

use super::db::{Tx, Value};
use super::records::{now_millis, person_from_row, Person, PERSON_COLUMNS};
use crate::errors::Error;

/// How long after its expiry an unexchanged token is still kept (then only its hash remains).
const TOKEN_KEPT_AFTER_EXPIRY_MS: i64 = 3_600_000;

const ISSUED: &str = "issued";
const EXCHANGING: &str = "exchanging";
const VALIDATED: &str = "validated";
const LOST: &str = "lost";
const REFUSED: &str = "refused";

/// The token as the journal keys it: its SHA-256, so a stolen journal holds no usable token
/// once the session is done.
pub(crate) fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A session as created, to record.
pub(crate) struct NewSession {
    pub token: String,
    pub reference: Option<String>,
    pub consent: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
}

pub(crate) fn record(tx: &mut dyn Tx, session: &NewSession) -> Result<(), Error> {
    let now = now_millis();
    tx.execute(
        "INSERT INTO seedance_sessions (token_hash, token, reference, consent, state, created_at, expires_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &[
            token_hash(&session.token).into(),
            session.token.as_str().into(),
            session.reference.clone().into(),
            session.consent.clone().into(),
            ISSUED.into(),
            session.created_at.into(),
            session.expires_at.into(),
            now.into(),
        ],
    )?;
    // Tokens of sessions that ran out unused are no use to anyone: keep only their hash.
    tx.execute(
        "UPDATE seedance_sessions SET token = NULL WHERE token IS NOT NULL AND expires_at < $1",
        &[(now - TOKEN_KEPT_AFTER_EXPIRY_MS).into()],
    )?;
    Ok(())
}

/// Where a callback's session stands, and who exchanges its token.
#[derive(Debug)]
pub(crate) enum Claim {
    /// The journal issued no session with this token.
    UnknownToken,
    /// This caller holds the exchange until the lease ends.
    Won,
    /// Another caller is exchanging it; look again shortly.
    InProgress,
    /// Done: the person.
    Validated(Person),
    /// The answer was lost after the token was used.
    Lost,
    /// The service refused the token (what it said).
    Refused(String),
}

/// Whether the journal issued this token (no claim is taken).
pub(crate) fn is_known(tx: &mut dyn Tx, hash: &str) -> Result<bool, Error> {
    Ok(tx
        .query_opt(
            "SELECT 1 FROM seedance_sessions WHERE token_hash = $1",
            &[hash.into()],
        )?
        .is_some())
}

/// Records a callback that did not pass (the person may still pass on the same page).
pub(crate) fn note_result_code(tx: &mut dyn Tx, hash: &str, result_code: &str) -> Result<(), Error> {
    tx.execute(
        "UPDATE seedance_sessions SET result_code = $2, updated_at = $3 WHERE token_hash = $1",
        &[hash.into(), result_code.into(), now_millis().into()],
    )?;
    Ok(())
}

/// Takes the exchange of the token if nobody has, until `lease_until` (unix ms); a holder that
/// let its lease run out (a process killed mid-exchange) left the outcome unknown.
pub(crate) fn claim(tx: &mut dyn Tx, hash: &str, lease_until: i64) -> Result<Claim, Error> {
    let now = now_millis();
    let taken = tx.execute(
        "UPDATE seedance_sessions SET state = $2, lease_until = $3, updated_at = $4 WHERE token_hash = $1 AND state = $5",
        &[hash.into(), EXCHANGING.into(), lease_until.into(), now.into(), ISSUED.into()],
    )?;
    if taken == 1 {
        return Ok(Claim::Won);
    }
    let Some(row) = tx.query_opt(
        "SELECT state, lease_until, group_id, note FROM seedance_sessions WHERE token_hash = $1",
        &[hash.into()],
    )?
    else {
        return Ok(Claim::UnknownToken);
    };
    let state = row[0].text().unwrap_or_default().to_string();
    Ok(match state.as_str() {
        EXCHANGING if row[1].int().is_some_and(|lease| lease < now) => {
            tx.execute(
                "UPDATE seedance_sessions SET state = $2, token = NULL, updated_at = $3 WHERE token_hash = $1 AND state = $4",
                &[hash.into(), LOST.into(), now.into(), EXCHANGING.into()],
            )?;
            Claim::Lost
        }
        EXCHANGING => Claim::InProgress,
        VALIDATED => {
            let group_id = row[2].text().unwrap_or_default();
            match tx.query_opt(
                &format!("SELECT {PERSON_COLUMNS} FROM seedance_people WHERE group_id = $1"),
                &[group_id.into()],
            )? {
                Some(person) => Claim::Validated(person_from_row(person)?),
                None => Claim::UnknownToken,
            }
        }
        LOST => Claim::Lost,
        _ => Claim::Refused(
            row[3]
                .text()
                .unwrap_or("the service refused the token")
                .to_string(),
        ),
    })
}

/// How an exchange this caller claimed ended.
pub(crate) enum Exchanged {
    /// The GroupId arrived.
    Validated(String),
    /// The token was used but the answer is lost.
    Lost,
    /// The service refused the token (expired or already used).
    Refused(String),
    /// Nothing reached the service: the claim is given back.
    NotSent,
}

/// Ends a claimed exchange. With a GroupId, the person is stored in the same transaction that
/// ends the exchange and the token is dropped (its hash remains).
pub(crate) fn finish(tx: &mut dyn Tx, hash: &str, outcome: &Exchanged) -> Result<Option<Person>, Error> {
    let now = now_millis();
    match outcome {
        Exchanged::Validated(group_id) => {
            let group_id = group_id.as_str();
            let session = tx
                .query_opt(
                    "SELECT reference, consent FROM seedance_sessions WHERE token_hash = $1",
                    &[hash.into()],
                )?
                .unwrap_or_default();
            let reference = session.first().cloned().unwrap_or(Value::Null);
            let consent = session.get(1).cloned().unwrap_or(Value::Null);
            tx.execute(
                "INSERT INTO seedance_people (group_id, reference, consent, validated_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (group_id) DO UPDATE SET reference = excluded.reference, consent = excluded.consent, validated_at = excluded.validated_at",
                &[group_id.into(), reference, consent, now.into()],
            )?;
            tx.execute(
                "UPDATE seedance_sessions SET state = $2, group_id = $3, token = NULL, lease_until = NULL, updated_at = $4 WHERE token_hash = $1",
                &[hash.into(), VALIDATED.into(), group_id.into(), now.into()],
            )?;
            let person = tx.query_opt(
                &format!("SELECT {PERSON_COLUMNS} FROM seedance_people WHERE group_id = $1"),
                &[group_id.into()],
            )?;
            person.map(person_from_row).transpose()
        }
        Exchanged::Lost | Exchanged::Refused(_) => {
            let (state, note) = match outcome {
                Exchanged::Refused(message) => (REFUSED, Value::from(message.as_str())),
                _ => (LOST, Value::Null),
            };
            tx.execute(
                "UPDATE seedance_sessions SET state = $2, note = $3, token = NULL, lease_until = NULL, updated_at = $4 WHERE token_hash = $1",
                &[hash.into(), state.into(), note, now.into()],
            )?;
            Ok(None)
        }
        Exchanged::NotSent => {
            tx.execute(
                "UPDATE seedance_sessions SET state = $2, lease_until = NULL, updated_at = $3 WHERE token_hash = $1 AND state = $4",
                &[hash.into(), ISSUED.into(), now.into(), EXCHANGING.into()],
            )?;
            Ok(None)
        }
    }
}
