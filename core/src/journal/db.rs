//! The little the journal needs of a database, the same for SQLite and PostgreSQL: statements
//! with `$1`-style parameters, integer/text/null values, and one transaction at a time.

use crate::errors::Error;

/// A parameter or column value. Times are unix milliseconds, so both databases store them alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Text(String),
}

impl Value {
    pub(crate) fn text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// One result row.
pub(crate) type Row = Vec<Value>;

/// The statements of one transaction. SQL is written once, in PostgreSQL's `$n` style; the
/// SQLite side rewrites `$n` to its equivalent `?n`.
pub(crate) trait Tx {
    /// Runs a statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, Error>;
    /// Runs a query; every row.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, Error>;

    /// Whether the journal's database has this table.
    fn has_table(&mut self, name: &str) -> Result<bool, Error>;
    /// Whether the database holds tables whose names do not start with `prefix` (an SQLite file
    /// of another program must not be taken for an empty journal).
    fn foreign_tables(&mut self, prefix: &str) -> Result<bool, Error>;
    /// Serialises schema changes with other processes until the transaction ends.
    fn lock_schema(&mut self) -> Result<(), Error> {
        Ok(())
    }

    /// The first row of a query, if any.
    fn query_opt(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>, Error> {
        Ok(self.query(sql, params)?.into_iter().next())
    }
}

/// Whether a transaction only reads (SQLite then takes no write lock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    Read,
    Write,
}
