//! A PostgreSQL schema of its own for one test, dropped at the end: the server comes from
//! `SEEDANCE_TEST_POSTGRES_URL` (the Makefile sets the machine's; CI runs against it too).

use std::sync::atomic::{AtomicU32, Ordering};

/// The server the tests use when the environment names none.
const DEFAULT_URL: &str = "postgresql://postgres@127.0.0.1:5432/test";

static NEXT: AtomicU32 = AtomicU32::new(0);

/// A fresh schema; `url` opens a journal in it.
pub struct Schema {
    pub url: String,
    name: String,
    server: String,
}

impl Schema {
    pub fn create() -> Schema {
        let server = std::env::var("SEEDANCE_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_URL.to_string());
        let name = format!(
            "seedance_test_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        admin(
            &server,
            &format!("DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"),
        );
        let separator = if server.contains('?') { '&' } else { '?' };
        let url = format!("{server}{separator}options=-csearch_path%3D{name}");
        Schema { url, name, server }
    }
}

impl Schema {
    /// Runs `sql` in this schema.
    pub fn run(&self, sql: &str) {
        admin(&self.server, &format!("SET search_path TO {}; {sql}", self.name));
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        admin(
            &self.server,
            &format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name),
        );
    }
}

fn admin(server: &str, sql: &str) {
    // Blocking client on its own thread: the tests' tokio runtime must not run it.
    let (server, sql) = (server.to_string(), sql.to_string());
    std::thread::spawn(move || {
        let mut client = postgres::Client::connect(&server, postgres::NoTls)
            .unwrap_or_else(|e| panic!("PostgreSQL for the journal tests (SEEDANCE_TEST_POSTGRES_URL): {e}"));
        client.batch_execute(&sql).expect("schema statement");
    })
    .join()
    .expect("admin thread");
}
