//! Rendering asset timestamps in the configured wire format.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;

use crate::config::TimeFormat;

/// Renders a timestamp as an RFC 3339 `...Z` string or integer unix seconds.
pub(crate) fn render(t: DateTime<Utc>, format: TimeFormat) -> Value {
    match format {
        TimeFormat::Iso => Value::String(t.to_rfc3339_opts(SecondsFormat::Secs, true)),
        TimeFormat::Unix => Value::from(t.timestamp()),
    }
}
