//! The plain-dict side of the models: reading a `from_dict` input back into core values, and the
//! JSON-safe forms `to_dict(json=True)` writes. Kept apart so `models.rs` stays one class per
//! block of getters.

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use seedance_assets::Error;

use crate::errors::to_pyerr;

/// An `InvalidArgumentError` naming the dict key at fault.
pub fn invalid(py: Python<'_>, field: &'static str, reason: &str) -> PyErr {
    to_pyerr(
        py,
        Error::InvalidArgument {
            field,
            reason: reason.to_string(),
        },
    )
}

/// `data[key]`, or `None` when the key is absent or its value is `None` (any mapping works).
pub fn item<'py>(data: &Bound<'py, PyAny>, key: &'static str) -> PyResult<Option<Bound<'py, PyAny>>> {
    match data.get_item(key) {
        Ok(value) if value.is_none() => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(err) if err.is_instance_of::<PyKeyError>(data.py()) => Ok(None),
        Err(err) => Err(err),
    }
}

/// An optional `str` value.
pub fn optional_str(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<Option<String>> {
    item(data, key)?
        .map(|value| {
            value
                .extract::<String>()
                .map_err(|_| invalid(data.py(), key, "must be a str"))
        })
        .transpose()
}

/// An optional `int` value.
pub fn optional_int(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<Option<i64>> {
    item(data, key)?
        .map(|value| {
            value
                .extract::<i64>()
                .map_err(|_| invalid(data.py(), key, "must be an int"))
        })
        .transpose()
}

/// The optional `request_id`, cleaned as one read from a response (a stored dict is untrusted
/// text too); absent in dicts written before models had it.
pub fn request_id(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<Option<String>> {
    Ok(optional_str(data, key)?.and_then(|id| seedance_assets::redact::request_id(&id)))
}

/// An `int` count (absent means 0).
pub fn count(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<i64> {
    Ok(optional_int(data, key)?.unwrap_or(0))
}

/// A `str` value that must be there.
pub fn required_str(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<String> {
    optional_str(data, key)?.ok_or_else(|| invalid(data.py(), key, "missing from the dict"))
}

/// An optional time: an aware `datetime`, or the ISO-8601 string `to_dict(json=True)` writes.
pub fn optional_time(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<Option<DateTime<Utc>>> {
    let Some(value) = item(data, key)? else {
        return Ok(None);
    };
    let parsed = if let Ok(text) = value.extract::<String>() {
        DateTime::parse_from_rfc3339(&text).ok()
    } else {
        value.extract::<DateTime<FixedOffset>>().ok()
    };
    parsed.map(|time| Some(time.with_timezone(&Utc))).ok_or_else(|| {
        invalid(
            data.py(),
            key,
            "must be a timezone-aware datetime or an ISO-8601 string",
        )
    })
}

/// A time that must be there.
pub fn required_time(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<DateTime<Utc>> {
    optional_time(data, key)?.ok_or_else(|| invalid(data.py(), key, "missing from the dict"))
}

/// A `{str: str}` value (absent means empty).
pub fn str_map<T: FromIterator<(String, String)>>(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<T> {
    let Some(value) = item(data, key)? else {
        return Ok(std::iter::empty().collect());
    };
    let map = value
        .cast::<PyDict>()
        .map_err(|_| invalid(data.py(), key, "must be a dict of str to str"))?;
    map.iter()
        .map(|(k, v)| {
            Ok((k.extract::<String>()?, v.extract::<String>()?))
                .map_err(|_: PyErr| invalid(data.py(), key, "must be a dict of str to str"))
        })
        .collect()
}

/// A JSON object value (absent means empty), converted through Python's own `json` module so
/// any value `json.dumps` accepts is kept as it would be on the wire.
pub fn json_object(
    data: &Bound<'_, PyAny>,
    key: &'static str,
) -> PyResult<serde_json::Map<String, serde_json::Value>> {
    let Some(value) = item(data, key)? else {
        return Ok(serde_json::Map::new());
    };
    let py = data.py();
    let text: String = py
        .import("json")?
        .call_method1("dumps", (value,))
        .and_then(|dumped| dumped.extract())
        .map_err(|_| invalid(py, key, "must be a JSON-serialisable dict"))?;
    serde_json::from_str(&text).map_err(|_| invalid(py, key, "must be a JSON-serialisable dict"))
}

/// A time as `to_dict(json=True)` writes it: ISO-8601 with microseconds and `+00:00`, the form
/// `datetime.fromisoformat` reads on every supported Python (3.9 and 3.10 want 6 digits, no `Z`).
pub fn iso(time: &DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Micros, false)
}

/// A time to the precision Python sees (microseconds): two models whose every attribute looks the
/// same in Python compare equal, even if one was restored from a dict and the other carried
/// nanoseconds from the clock.
pub fn micros(time: &DateTime<Utc>) -> i64 {
    time.timestamp_micros()
}
