//! The journal: durable state for the flow, so a validated person's GroupId is never lost and an
//! upload is never silently duplicated.
//!
//! Open one with [`Journal::open`] (a file path for SQLite, or a `postgresql://` URL when several
//! processes or machines share the work) and attach it with `ClientBuilder::journal`. The client
//! then records each validation session it creates, exchanges a callback's token exactly once
//! ([`crate::Client::complete_validation`]), writes every upload as an intent before sending it,
//! and keeps recorded asset statuses current.

mod db;
pub(crate) mod pace;
mod postgres;
mod records;
mod schema;
pub(crate) mod sessions;
mod sqlite;
pub(crate) mod uploads;

use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{json, Value as Json};

use self::db::{Access, Tx, Value};
use self::records::{asset_from_row, person_from_row, time, ASSET_COLUMNS, PERSON_COLUMNS};
pub use self::records::{status, AssetFilter, JournaledAsset, Person};
pub use self::schema::{SCHEMA_MAJOR, SCHEMA_MINOR};
pub use self::uploads::derived_key as upload_key;
use crate::errors::{Error, JournalProblem};
use crate::validate;

/// The environment variable naming the default journal (a path or a `postgresql://` URL).
pub const JOURNAL_ENV_VAR: &str = "SEEDANCE_JOURNAL";

/// How to open a journal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JournalOptions {
    /// Open without writing anything: queries work, every change fails with a `read_only`
    /// [`JournalError`](crate::ErrorCode::Journal).
    pub read_only: bool,
}

/// Durable state shared by every client it is attached to (and, through its database, by
/// other processes). Cloning is cheap; clones share the database connection(s).
#[derive(Clone)]
pub struct Journal {
    inner: Arc<Inner>,
}

struct Inner {
    /// The open database, once the first operation opened it.
    store: OnceLock<Store>,
    /// Held while opening, so concurrent first operations open it once.
    opening: Mutex<()>,
    /// Where it is, as given (a URL may hold a password: never shown).
    given: String,
    read_only: bool,
    /// Where it is, safe to show: a path, or a database URL without user, password or options.
    shown: String,
}

impl Inner {
    /// The database, opened (and its schema prepared or checked) on first use. Blocking: only
    /// called on tokio's blocking pool.
    fn store(&self) -> Result<&Store, Error> {
        if let Some(store) = self.store.get() {
            return Ok(store);
        }
        let _opening = self.opening.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(store) = self.store.get() {
            return Ok(store);
        }
        let store = if is_database_url(&self.given) {
            Store::Postgres(Box::new(postgres::Postgres::open(&self.given, self.read_only)?))
        } else {
            Store::Sqlite(sqlite::Sqlite::open(&sqlite_path(&self.given), self.read_only)?)
        };
        if self.read_only {
            store.transaction(Access::Read, &mut |tx| schema::check_readable(tx))?;
        } else {
            store.transaction(Access::Write, &mut |tx| schema::prepare(tx))?;
        }
        Ok(self.store.get_or_init(|| store))
    }
}

/// The file a SQLite location names (an optional `sqlite://` prefix removed).
fn sqlite_path(location: &str) -> PathBuf {
    PathBuf::from(location.strip_prefix("sqlite://").unwrap_or(location))
}

enum Store {
    Sqlite(sqlite::Sqlite),
    Postgres(Box<postgres::Postgres>),
}

impl Store {
    fn transaction<T>(
        &self,
        access: Access,
        f: &mut dyn FnMut(&mut dyn Tx) -> Result<T, Error>,
    ) -> Result<T, Error> {
        match self {
            Store::Sqlite(s) => s.transaction(access, f),
            Store::Postgres(p) => p.transaction(access, f),
        }
    }
}

impl Journal {
    /// Opens (creating or upgrading it) the journal at a file path or a `postgresql://` URL.
    pub async fn open(path_or_url: impl AsRef<str>) -> Result<Journal, Error> {
        Self::open_with(Some(path_or_url.as_ref()), JournalOptions::default()).await
    }

    /// Opens the default journal: `SEEDANCE_JOURNAL` if set, else `journal.sqlite3` in the
    /// user's data directory (the CLI uses the same one).
    pub async fn open_default() -> Result<Journal, Error> {
        Self::open_with(None, JournalOptions::default()).await
    }

    /// Opens the journal at `path_or_url` (`None`: the default) with these options.
    pub async fn open_with(path_or_url: Option<&str>, options: JournalOptions) -> Result<Journal, Error> {
        let journal = Self::open_lazily(path_or_url, options)?;
        let inner = Arc::clone(&journal.inner);
        tokio::task::spawn_blocking(move || inner.store().map(|_| ()))
            .await
            .map_err(|_| Error::journal(JournalProblem::Failed, "opening the journal panicked"))??;
        Ok(journal)
    }

    /// The journal at `path_or_url` (`None`: the default), opened on its first use rather than
    /// here: nothing is read or written now, so this never waits (for a caller on an event
    /// loop). The first operation opens it on tokio's blocking pool; a journal that cannot be
    /// opened fails that operation, and the next one tries again. Arguments are checked now.
    pub fn open_lazily(path_or_url: Option<&str>, options: JournalOptions) -> Result<Journal, Error> {
        let location = match path_or_url {
            Some(given) => {
                if given.trim().is_empty() {
                    return Err(Error::invalid("path_or_url", "must not be empty"));
                }
                given.to_string()
            }
            None => default_location()?,
        };
        let shown = if is_database_url(&location) {
            shown_url(&location)
        } else {
            sqlite_path(&location).display().to_string()
        };
        Ok(Journal {
            inner: Arc::new(Inner {
                store: OnceLock::new(),
                opening: Mutex::new(()),
                given: location,
                read_only: options.read_only,
                shown,
            }),
        })
    }

    /// Where the journal is: a path, or the database URL without credentials.
    pub fn location(&self) -> &str {
        &self.inner.shown
    }

    /// The person last validated under `reference`, if any.
    pub async fn person(&self, reference: &str) -> Result<Option<Person>, Error> {
        validate::label("reference", reference)?;
        let reference = reference.to_string();
        self.read(move |tx| {
            tx.query_opt(
                &format!("SELECT {PERSON_COLUMNS} FROM seedance_people WHERE reference = $1 ORDER BY validated_at DESC"),
                &[reference.as_str().into()],
            )?
            .map(person_from_row)
            .transpose()
        })
        .await
    }

    /// Every person, most recently validated first.
    pub async fn people(&self) -> Result<Vec<Person>, Error> {
        self.read(|tx| {
            tx.query(
                &format!("SELECT {PERSON_COLUMNS} FROM seedance_people ORDER BY validated_at DESC"),
                &[],
            )?
            .into_iter()
            .map(person_from_row)
            .collect()
        })
        .await
    }

    /// The recorded uploads matching `filter`, oldest first.
    pub async fn assets(&self, filter: &AssetFilter) -> Result<Vec<JournaledAsset>, Error> {
        let filter = filter.clone();
        self.read(move |tx| {
            let mut sql = format!("SELECT {ASSET_COLUMNS} FROM seedance_assets WHERE 1 = 1");
            let mut params: Vec<Value> = Vec::new();
            for (column, value) in [
                ("reference", &filter.reference),
                ("group_id", &filter.group_id),
                ("status", &filter.status),
            ] {
                if let Some(value) = value {
                    params.push(value.as_str().into());
                    sql.push_str(&format!(" AND {column} = ${}", params.len()));
                }
            }
            sql.push_str(" ORDER BY created_at, key");
            tx.query(&sql, &params)?.into_iter().map(asset_from_row).collect()
        })
        .await
    }

    /// The work not finished: uploads whose outcome is unknown (`Uploading`, `Ambiguous`) or
    /// still under review.
    pub async fn pending(&self) -> Result<Vec<JournaledAsset>, Error> {
        self.read(|tx| {
            tx.query(
                &format!(
                    "SELECT {ASSET_COLUMNS} FROM seedance_assets WHERE status NOT IN ('{}', '{}') ORDER BY created_at, key",
                    status::ACTIVE,
                    status::FAILED
                ),
                &[],
            )?
            .into_iter()
            .map(asset_from_row)
            .collect()
        })
        .await
    }

    /// The upload recorded under `key`, if any.
    pub async fn asset(&self, key: &str) -> Result<Option<JournaledAsset>, Error> {
        validate::label("key", key)?;
        let key = key.to_string();
        self.read(move |tx| uploads::find(tx, &key)).await
    }

    /// Records the answer to an unresolved upload: `Some(asset_id)` if it happened (the record
    /// becomes `Processing`), `None` if it did not (the record is removed; uploading the same key
    /// sends a new request). Refused for a key that is not unresolved.
    pub async fn resolve(&self, key: &str, asset_id: Option<&str>) -> Result<Option<JournaledAsset>, Error> {
        validate::label("key", key)?;
        if let Some(asset_id) = asset_id {
            validate::asset_id("asset_id", asset_id)?;
        }
        let key = key.to_string();
        let asset_id = asset_id.map(str::to_string);
        self.write(move |tx| uploads::resolve(tx, &key, asset_id.as_deref()))
            .await
    }

    /// Erases everything recorded about the person with this reference: people, sessions,
    /// uploads and their history. Returns how many records were removed.
    pub async fn forget(&self, reference: &str) -> Result<u64, Error> {
        validate::label("reference", reference)?;
        let reference = reference.to_string();
        self.write(move |tx| {
            let r: Value = reference.as_str().into();
            let groups = "SELECT group_id FROM seedance_people WHERE reference = $1";
            let mut removed = tx.execute(
                &format!("DELETE FROM seedance_asset_history WHERE key IN (SELECT key FROM seedance_assets WHERE reference = $1 OR group_id IN ({groups}))"),
                std::slice::from_ref(&r),
            )?;
            removed += tx.execute(
                &format!("DELETE FROM seedance_assets WHERE reference = $1 OR group_id IN ({groups})"),
                std::slice::from_ref(&r),
            )?;
            removed += tx.execute(
                &format!("DELETE FROM seedance_sessions WHERE reference = $1 OR group_id IN ({groups})"),
                std::slice::from_ref(&r),
            )?;
            removed += tx.execute("DELETE FROM seedance_people WHERE reference = $1", &[r])?;
            Ok(removed)
        })
        .await
    }

    /// Everything recorded, one JSON object per record (`kind`: `person`, `session`, `asset`,
    /// `history`), without secrets: no tokens, no token hashes, no URL query strings.
    pub async fn export(&self) -> Result<Vec<Json>, Error> {
        self.read(|tx| {
            let mut out = Vec::new();
            for person in tx.query(&format!("SELECT {PERSON_COLUMNS}, consent FROM seedance_people ORDER BY validated_at"), &[])? {
                let consent = person.get(3).and_then(Value::text).map(str::to_string);
                let mut record = serde_json::to_value(person_from_row(person)?).unwrap_or_default();
                record["kind"] = json!("person");
                record["consent"] = json!(consent);
                out.push(record);
            }
            for session in tx.query(
                "SELECT reference, state, created_at, expires_at, group_id, result_code, consent FROM seedance_sessions ORDER BY created_at",
                &[],
            )? {
                out.push(json!({
                    "kind": "session",
                    "reference": session[0].text(),
                    "state": session[1].text(),
                    "created_at": time(session[2].int().unwrap_or(0)),
                    "expires_at": time(session[3].int().unwrap_or(0)),
                    "group_id": session[4].text(),
                    "result_code": session[5].text(),
                    "consent": session[6].text(),
                }));
            }
            for asset in tx.query(&format!("SELECT {ASSET_COLUMNS} FROM seedance_assets ORDER BY created_at, key"), &[])? {
                let mut record = serde_json::to_value(asset_from_row(asset)?).unwrap_or_default();
                record["kind"] = json!("asset");
                out.push(record);
            }
            for event in tx.query(
                "SELECT key, attempt, asset_id, status, error_code, error_message, at FROM seedance_asset_history ORDER BY at",
                &[],
            )? {
                out.push(json!({
                    "kind": "history",
                    "key": event[0].text(),
                    "attempt": event[1].int(),
                    "asset_id": event[2].text(),
                    "status": event[3].text(),
                    "error_code": event[4].text(),
                    "error_message": event[5].text(),
                    "at": time(event[6].int().unwrap_or(0)),
                }));
            }
            Ok(out)
        })
        .await
    }

    /// [`Journal::export`] as JSON lines.
    pub async fn export_json_lines(&self) -> Result<String, Error> {
        let records = self.export().await?;
        Ok(records.iter().map(|r| format!("{r}\n")).collect())
    }

    pub(crate) async fn read<T: Send + 'static>(
        &self,
        f: impl FnMut(&mut dyn Tx) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        self.run(Access::Read, f).await
    }

    pub(crate) async fn write<T: Send + 'static>(
        &self,
        f: impl FnMut(&mut dyn Tx) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        self.run(Access::Write, f).await
    }

    /// Runs one transaction on tokio's blocking pool: database calls never block an event loop.
    async fn run<T: Send + 'static>(
        &self,
        access: Access,
        mut f: impl FnMut(&mut dyn Tx) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || inner.store()?.transaction(access, &mut f))
            .await
            .map_err(|_| {
                Error::journal(
                    JournalProblem::Failed,
                    "a journal step panicked; nothing was committed",
                )
            })?
    }
}

impl fmt::Debug for Journal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Journal")
            .field("location", &self.inner.shown)
            .finish()
    }
}

/// The default journal: `SEEDANCE_JOURNAL` if set (a path or a URL), else `journal.sqlite3` in
/// the user's data directory.
pub fn default_location() -> Result<String, Error> {
    match std::env::var(JOURNAL_ENV_VAR) {
        Ok(value) if !value.trim().is_empty() => Ok(value),
        _ => Ok(sqlite::default_path()?.display().to_string()),
    }
}

fn is_database_url(location: &str) -> bool {
    let lower = location.get(..13).unwrap_or(location).to_ascii_lowercase();
    lower.starts_with("postgresql://") || lower.starts_with("postgres://")
}

/// A database URL as it may be shown: scheme, host, port and database; never the user, the
/// password or the options.
fn shown_url(location: &str) -> String {
    match url::Url::parse(location) {
        Ok(url) => format!(
            "{}://{}{}{}",
            url.scheme(),
            url.host_str().unwrap_or(""),
            url.port().map_or(String::new(), |p| format!(":{p}")),
            url.path()
        ),
        Err(_) => "postgresql://<unparsable URL>".to_string(),
    }
}
