//! The embedded journal: one SQLite file (bundled SQLite, WAL), shared by every thread of a
//! process through one connection and with other processes through SQLite's file locks.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{ErrorCode as SqliteCode, OpenFlags, TransactionBehavior};

use super::db::{Access, Row, Tx, Value};
use crate::errors::{Error, JournalProblem};

/// How long a writer waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);
/// The first and the longest pause between tries of a step SQLite refused as busy without
/// waiting itself.
const BUSY_RETRY_FIRST: Duration = Duration::from_millis(2);
const BUSY_RETRY_MAX: Duration = Duration::from_millis(100);

pub(crate) struct Sqlite {
    connection: Mutex<rusqlite::Connection>,
}

impl Sqlite {
    /// Opens (creating it and its folder when writable) the journal file at `path`.
    pub(crate) fn open(path: &Path, read_only: bool) -> Result<Sqlite, Error> {
        let flags = if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(|e| {
                    Error::journal(
                        JournalProblem::Unavailable,
                        format!("cannot create the journal's folder {}: {e}", parent.display()),
                    )
                })?;
            }
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let connection = rusqlite::Connection::open_with_flags(path, flags).map_err(|e| failure(&e, path))?;
        connection
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| failure(&e, path))?;
        // A damaged or foreign file fails here, before anything is written to it.
        patiently(|| {
            connection.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
                row.get::<_, i64>(0)
            })
        })
        .map_err(|e| failure(&e, path))?;
        if !read_only {
            // WAL: readers never block the writer; FULL: a committed step survives a power cut.
            patiently(|| {
                connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get::<_, String>(0))
            })
            .map_err(|e| failure(&e, path))?;
            connection
                .execute_batch("PRAGMA synchronous = FULL")
                .map_err(|e| failure(&e, path))?;
        }
        Ok(Sqlite {
            connection: Mutex::new(connection),
        })
    }

    /// Runs `f` in one transaction: a write one takes the database's write lock at once (other
    /// processes' writers wait), so a read-then-write inside `f` is atomic across processes.
    pub(crate) fn transaction<T>(
        &self,
        access: Access,
        f: &mut dyn FnMut(&mut dyn Tx) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let connection = self.connection.lock().map_err(|_| {
            Error::journal(
                JournalProblem::Failed,
                "the journal connection was poisoned by a panic",
            )
        })?;
        let connection: &rusqlite::Connection = &connection;
        let tx = patiently(move || begin(connection, access)).map_err(|e| failure(&e, Path::new("")))?;
        let mut statements = Statements { tx: &tx };
        let out = f(&mut statements)?;
        tx.commit().map_err(|e| failure(&e, Path::new("")))?;
        Ok(out)
    }
}

/// Starts a transaction holding what it needs: a write one the write lock, a read one its
/// snapshot, so every busy refusal comes here, where it can be tried again, and not from a
/// statement inside.
fn begin(connection: &rusqlite::Connection, access: Access) -> rusqlite::Result<rusqlite::Transaction<'_>> {
    // `new_unchecked` because the connection's mutex, not a `&mut`, makes it the only one.
    match access {
        Access::Write => rusqlite::Transaction::new_unchecked(connection, TransactionBehavior::Immediate),
        Access::Read => {
            let tx = rusqlite::Transaction::new_unchecked(connection, TransactionBehavior::Deferred)?;
            tx.prepare_cached("PRAGMA schema_version")?
                .query_row([], |row| row.get::<_, i64>(0))?;
            Ok(tx)
        }
    }
}

/// Runs `step` again, with growing pauses, while SQLite refuses it as busy, for up to
/// [`BUSY_TIMEOUT`]. The busy timeout covers waiting for another process's lock, but SQLite
/// answers busy at once while a process cleans up after the last connection closed or recovers
/// from one that was killed (<https://sqlite.org/wal.html#sometimes_queries_return_sqlite_busy_in_wal_mode>):
/// a crowd of processes opening one journal meets that.
fn patiently<T>(mut step: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let started = Instant::now();
    let mut pause = BUSY_RETRY_FIRST;
    loop {
        match step() {
            Err(e)
                if e.sqlite_error_code() == Some(SqliteCode::DatabaseBusy)
                    && started.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(BUSY_RETRY_MAX);
            }
            outcome => return outcome,
        }
    }
}

struct Statements<'a> {
    tx: &'a rusqlite::Transaction<'a>,
}

impl Tx for Statements<'_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, Error> {
        let mut statement = self
            .tx
            .prepare_cached(&sqlite_sql(sql))
            .map_err(|e| failure(&e, Path::new("")))?;
        let changed = statement
            .execute(rusqlite::params_from_iter(params))
            .map_err(|e| failure(&e, Path::new("")))?;
        Ok(changed as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, Error> {
        let mut statement = self
            .tx
            .prepare_cached(&sqlite_sql(sql))
            .map_err(|e| failure(&e, Path::new("")))?;
        let columns = statement.column_count();
        let rows = statement
            .query_map(rusqlite::params_from_iter(params), |row| {
                (0..columns)
                    .map(|i| {
                        Ok(match row.get_ref(i)? {
                            ValueRef::Integer(n) => Value::Int(n),
                            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                            _ => Value::Null,
                        })
                    })
                    .collect::<rusqlite::Result<Row>>()
            })
            .map_err(|e| failure(&e, Path::new("")))?;
        rows.collect::<rusqlite::Result<Vec<Row>>>()
            .map_err(|e| failure(&e, Path::new("")))
    }

    fn has_table(&mut self, name: &str) -> Result<bool, Error> {
        let rows = self.query(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1",
            &[Value::from(name)],
        )?;
        Ok(!rows.is_empty())
    }

    fn foreign_tables(&mut self, prefix: &str) -> Result<bool, Error> {
        let rows = self.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            &[],
        )?;
        Ok(rows.iter().any(|row| {
            row.first()
                .and_then(Value::text)
                .is_some_and(|n| !n.starts_with(prefix))
        }))
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(n) => ToSqlOutput::Borrowed(ValueRef::Integer(*n)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

/// `$1` → `?1`: SQLite's numbered parameters (its `$name` ones are numbered by first use).
fn sqlite_sql(sql: &str) -> String {
    sql.replace('$', "?")
}

/// An SQLite failure as a journal error: the kind of problem, and SQLite's own words.
fn failure(error: &rusqlite::Error, path: &Path) -> Error {
    let file = if path.as_os_str().is_empty() {
        String::new()
    } else {
        format!(" ({})", path.display())
    };
    let extended = match error {
        rusqlite::Error::SqliteFailure(e, _) => e.extended_code,
        _ => 0,
    };
    let problem = match error.sqlite_error_code() {
        Some(SqliteCode::NotADatabase | SqliteCode::DatabaseCorrupt) => {
            return Error::journal(
                JournalProblem::Corrupt,
                format!("the file is not a journal or is damaged{file}: {error}; it was left untouched"),
            )
        }
        // A write refused by the system: a full disk, a quota, a file-size limit (EFBIG).
        Some(SqliteCode::DiskFull) => JournalProblem::Full,
        Some(SqliteCode::SystemIoFailure) if extended == rusqlite::ffi::SQLITE_IOERR_WRITE => {
            JournalProblem::Full
        }
        Some(SqliteCode::ReadOnly) => JournalProblem::ReadOnly,
        Some(SqliteCode::CannotOpen | SqliteCode::PermissionDenied | SqliteCode::DatabaseBusy) => {
            JournalProblem::Unavailable
        }
        _ => JournalProblem::Failed,
    };
    let message = match problem {
        JournalProblem::Full => format!(
            "the journal cannot grow (disk full, over a quota or a file-size limit){file}: {error}; the step was not recorded"
        ),
        JournalProblem::ReadOnly => format!("the journal is read-only{file}: {error}"),
        _ => format!("{error}{file}"),
    };
    Error::journal(problem, message)
}

/// The default journal file: `SEEDANCE_JOURNAL` when set, else `journal.sqlite3` in the user's
/// data directory (`~/.local/share/seedance-assets` on Linux).
pub(crate) fn default_path() -> Result<PathBuf, Error> {
    let base = dirs::data_dir().ok_or_else(|| {
        Error::Configuration(
            "no data directory is known for this user: set SEEDANCE_JOURNAL to a file path or a postgresql:// URL"
                .into(),
        )
    })?;
    Ok(base.join("seedance-assets").join("journal.sqlite3"))
}
