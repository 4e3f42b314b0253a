//! The shared journal: a PostgreSQL database that several processes or machines use at once.
//! The synchronous `postgres` client runs on tokio's blocking pool like SQLite does, so both
//! backends share one transaction interface and no event loop is ever blocked.

use std::error::Error as StdError;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::Duration;

use bytes::BytesMut;
use postgres::config::{Host, SslMode};
use postgres::error::SqlState;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use rustls_platform_verifier::ConfigVerifierExt;

use super::db::{Access, Row, Tx, Value};
use crate::errors::{Error, JournalProblem};

/// Connections kept open between calls.
const POOL_SIZE: usize = 8;
/// How long to wait for the server when connecting.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// A key of the advisory lock that serialises schema changes (any constant, the same in every
/// process).
const SCHEMA_LOCK: i64 = 0x5EED_A55E_7001;

pub(crate) struct Postgres {
    config: postgres::Config,
    /// TLS with certificates verified when the URL asks for it (`sslmode=require`,
    /// `verify-ca`, `verify-full`); none otherwise.
    tls: Option<tokio_postgres_rustls::MakeRustlsConnect>,
    read_only: bool,
    idle: Mutex<Vec<postgres::Client>>,
}

impl Postgres {
    /// Parses the URL and connects once, so a wrong address or password fails at open.
    pub(crate) fn open(url: &str, read_only: bool) -> Result<Postgres, Error> {
        let mut config = postgres::Config::from_str(&with_verified_modes_as_require(url)).map_err(|_| {
            // The parser's message may quote the URL, password included: never shown.
            Error::Configuration("the journal URL is not a valid postgresql:// URL".into())
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        config.application_name("seedance-assets");
        let tls = if config.get_ssl_mode() == SslMode::Require {
            crate::tls::install_provider();
            let tls_config = rustls::ClientConfig::with_platform_verifier()
                .map_err(|e| Error::Configuration(format!("TLS for the journal database: {e}")))?;
            Some(tokio_postgres_rustls::MakeRustlsConnect::new(tls_config))
        } else {
            // libpq's `prefer` would encrypt without checking whom it talks to; here the URL
            // either asks for verified TLS or gets none, and a remote server without it is logged.
            config.ssl_mode(SslMode::Disable);
            if !is_local(&config) {
                tracing::warn!(target: "seedance_assets::journal", "the journal database connection is not encrypted: add sslmode=require to its URL");
            }
            None
        };
        let store = Postgres {
            config,
            tls,
            read_only,
            idle: Mutex::new(Vec::new()),
        };
        let client = store.connect()?;
        store.put_back(client);
        Ok(store)
    }

    fn connect(&self) -> Result<postgres::Client, Error> {
        let connected = match &self.tls {
            Some(tls) => self.config.connect(tls.clone()),
            None => self.config.connect(postgres::NoTls),
        };
        let mut client = connected.map_err(|e| failure(&e))?;
        if self.read_only {
            client
                .batch_execute("SET default_transaction_read_only = on")
                .map_err(|e| failure(&e))?;
        }
        Ok(client)
    }

    fn put_back(&self, client: postgres::Client) {
        if client.is_closed() {
            return;
        }
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < POOL_SIZE {
                idle.push(client);
            }
        }
    }

    /// Runs `f` in one transaction (read committed; the journal's statements are written so that
    /// every decision is one conditional statement, atomic at that level).
    pub(crate) fn transaction<T>(
        &self,
        _access: Access,
        f: &mut dyn FnMut(&mut dyn Tx) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let pooled = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let mut client = match pooled {
            Some(client) => client,
            None => self.connect()?,
        };
        let result = run(&mut client, f);
        self.put_back(client);
        result
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        // A sync client closes its connection by blocking on its own runtime, which panics on
        // a thread that drives async tasks (where the last handle of a journal is often
        // dropped): close them on a thread of their own.
        let idle = self.idle.get_mut().map(std::mem::take).unwrap_or_default();
        if !idle.is_empty() {
            std::thread::spawn(move || drop(idle));
        }
    }
}

/// `sslmode=verify-ca` / `verify-full` (libpq's names for verified TLS) as `require`, which
/// this package always verifies; the driver knows only `disable`, `prefer` and `require`.
fn with_verified_modes_as_require(url: &str) -> String {
    url.replace("sslmode=verify-full", "sslmode=require")
        .replace("sslmode=verify-ca", "sslmode=require")
}

/// Whether every host is a Unix socket or a loopback address.
fn is_local(config: &postgres::Config) -> bool {
    config.get_hosts().iter().all(|host| match host {
        Host::Tcp(name) => {
            name == "localhost" || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
        }
        Host::Unix(_) => true,
    })
}

fn run<T>(
    client: &mut postgres::Client,
    f: &mut dyn FnMut(&mut dyn Tx) -> Result<T, Error>,
) -> Result<T, Error> {
    let mut tx = client.transaction().map_err(|e| failure(&e))?;
    let out = f(&mut Statements { tx: &mut tx })?;
    tx.commit().map_err(|e| failure(&e))?;
    Ok(out)
}

struct Statements<'a, 'b> {
    tx: &'a mut postgres::Transaction<'b>,
}

impl Tx for Statements<'_, '_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, Error> {
        let params: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        self.tx.execute(sql, &params).map_err(|e| failure(&e))
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, Error> {
        let params: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let rows = self.tx.query(sql, &params).map_err(|e| failure(&e))?;
        rows.iter().map(read_row).collect()
    }

    fn has_table(&mut self, name: &str) -> Result<bool, Error> {
        let rows = self.query("SELECT to_regclass($1)::text", &[Value::from(name)])?;
        Ok(rows
            .first()
            .and_then(|r| r.first())
            .is_some_and(|v| v.text().is_some()))
    }

    fn foreign_tables(&mut self, _prefix: &str) -> Result<bool, Error> {
        // A PostgreSQL schema is commonly shared with the application's own tables.
        Ok(false)
    }

    fn lock_schema(&mut self) -> Result<(), Error> {
        self.tx
            .execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK])
            .map_err(|e| failure(&e))?;
        Ok(())
    }
}

fn read_row(row: &postgres::Row) -> Result<Row, Error> {
    (0..row.len())
        .map(|i| {
            let ty = row.columns()[i].type_();
            let value = if *ty == Type::INT8 {
                row.try_get::<_, Option<i64>>(i).map(Value::from)
            } else if *ty == Type::INT4 {
                row.try_get::<_, Option<i32>>(i)
                    .map(|v| Value::from(v.map(i64::from)))
            } else {
                row.try_get::<_, Option<String>>(i).map(Value::from)
            };
            value.map_err(|e| failure(&e))
        })
        .collect()
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(n) if *ty == Type::INT4 => i32::try_from(*n)?.to_sql(ty, out),
            Value::Int(n) => n.to_sql(ty, out),
            Value::Text(s) => s.as_str().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A PostgreSQL failure as a journal error. The driver's text names the server's complaint,
/// never the URL or the password.
fn failure(error: &postgres::Error) -> Error {
    let problem = match error.code() {
        Some(code) if *code == SqlState::DISK_FULL || *code == SqlState::PROGRAM_LIMIT_EXCEEDED => {
            JournalProblem::Full
        }
        Some(code)
            if *code == SqlState::READ_ONLY_SQL_TRANSACTION || *code == SqlState::INSUFFICIENT_PRIVILEGE =>
        {
            JournalProblem::ReadOnly
        }
        Some(_) => JournalProblem::Failed,
        None if error.is_closed() || error.source().is_some() => JournalProblem::Unavailable,
        None => JournalProblem::Failed,
    };
    Error::journal(problem, format!("PostgreSQL: {error}"))
}
