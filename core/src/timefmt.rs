//! Reading times the service sends either as ISO-8601 strings or as unix seconds.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde_json::Value;

/// Unix values above this are taken as milliseconds (year 2286 in seconds).
const MILLIS_THRESHOLD: i64 = 10_000_000_000;

/// A time from an ISO-8601/RFC 3339 string, a numeric string, or a unix number; `None` if unreadable.
pub fn parse_time(value: &Value) -> Option<DateTime<Utc>> {
    match value {
        Value::Number(n) => {
            let n = n.as_i64().or_else(|| n.as_f64().map(|f| f as i64))?;
            from_unix(n)
        }
        Value::String(s) => parse_time_str(s.trim()),
        _ => None,
    }
}

fn parse_time_str(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(n) = s.parse::<i64>() {
        return from_unix(n);
    }
    // Zone-less forms are read as UTC, which is what the service documents.
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .map(|naive| Utc.from_utc_datetime(&naive))
}

fn from_unix(n: i64) -> Option<DateTime<Utc>> {
    // `unsigned_abs`: `abs` of i64::MIN overflows, and a server may send any number.
    if n.unsigned_abs() >= MILLIS_THRESHOLD.unsigned_abs() {
        DateTime::from_timestamp_millis(n)
    } else {
        DateTime::from_timestamp(n, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn iso_and_unix_agree() {
        let iso = parse_time(&json!("2026-01-20T09:12:58Z")).unwrap();
        let unix = parse_time(&json!(1768900378)).unwrap();
        assert_eq!(iso, unix);
        assert_eq!(parse_time(&json!("1768900378")), Some(unix));
        assert_eq!(parse_time(&json!(1768900378000i64)), Some(unix));
        assert_eq!(parse_time(&json!("2026-01-20 09:12:58")), Some(unix));
        assert_eq!(parse_time(&json!("2026-01-20T17:12:58+08:00")), Some(unix));
    }

    #[test]
    fn junk_is_none() {
        assert_eq!(parse_time(&json!("yesterday")), None);
        assert_eq!(parse_time(&json!(null)), None);
        assert_eq!(parse_time(&json!({"a": 1})), None);
        assert_eq!(parse_time(&json!(i64::MIN)), None);
        assert_eq!(parse_time(&json!(i64::MIN.to_string())), None);
        assert_eq!(parse_time(&json!(-1e300)), None);
    }
}
