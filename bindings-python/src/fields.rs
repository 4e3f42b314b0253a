//! How each kind of model attribute crosses into Python: as the getter returns it, as
//! `to_dict()` writes it (plain, or JSON-safe with `json=True`) and as `from_dict()` reads it
//! back. `model!` (model.rs) names one of these kinds per attribute, so a model states its fields
//! and this file states the conversions once.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyModule};
use pyo3::IntoPyObjectExt;
use seedance_assets::{AssetStatus, AssetType, ItemStatus, OnboardItem};

use crate::convert;
use crate::restore::{self, iso};

/// A kind of attribute: the core field's type, and its conversions.
pub trait Field {
    /// The type of the core model's field.
    type Value;
    /// The value for Python; with `json`, a JSON-safe one (ISO-8601 times, enum names).
    fn to_py<'py>(value: &Self::Value, py: Python<'py>, json: bool) -> PyResult<Bound<'py, PyAny>>;
    /// The value read from a `from_dict` input under `key` (`InvalidArgumentError` if unusable).
    fn restore(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<Self::Value>;
}

/// Defines a kind whose Python value is the field's own conversion (`str`, `int`, `None`),
/// the same with or without `json`.
macro_rules! plain_field {
    ($(#[$doc:meta])* $kind:ident: $value:ty, $restore:expr) => {
        $(#[$doc])*
        pub struct $kind;

        impl Field for $kind {
            type Value = $value;
            fn to_py<'py>(value: &$value, py: Python<'py>, _json: bool) -> PyResult<Bound<'py, PyAny>> {
                value.into_bound_py_any(py)
            }
            fn restore(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<$value> {
                $restore(data, key)
            }
        }
    };
}

plain_field!(
    /// A `str` that must be there.
    Text: String,
    restore::required_str
);
plain_field!(
    /// A `str` or `None`.
    MaybeText: Option<String>,
    restore::optional_str
);
plain_field!(
    /// The service's id of the answer: a `str` or `None`, cleaned when read back (a stored dict
    /// is untrusted text too).
    RequestId: Option<String>,
    restore::request_id
);
plain_field!(
    /// An `int` count; absent means 0.
    Count: i64,
    restore::count
);

/// An `int` count of the core's `usize` (absent means 0).
pub struct Size;

impl Field for Size {
    type Value = usize;
    fn to_py<'py>(value: &usize, py: Python<'py>, _json: bool) -> PyResult<Bound<'py, PyAny>> {
        value.into_bound_py_any(py)
    }
    fn restore(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<usize> {
        let n = restore::count(data, key)?;
        usize::try_from(n).map_err(|_| restore::invalid(data.py(), key, "must not be negative"))
    }
}

/// The media kind as `AssetType` (its name with `json`); read back from the name in any case.
pub struct Kind;

impl Field for Kind {
    type Value = AssetType;
    fn to_py<'py>(value: &AssetType, py: Python<'py>, json: bool) -> PyResult<Bound<'py, PyAny>> {
        MaybeKind::to_py(&Some(*value), py, json)
    }
    fn restore(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<AssetType> {
        convert::asset_type(data.py(), &restore::required_str(data, key)?)
    }
}

/// Where an onboarding item ended: `"Active"`, `"Failed"`, `"Ambiguous"`, `"Pending"` or
/// `"Rejected"` (a plain `str` either way).
pub struct ItemState;

impl Field for ItemState {
    type Value = ItemStatus;
    fn to_py<'py>(value: &ItemStatus, py: Python<'py>, _json: bool) -> PyResult<Bound<'py, PyAny>> {
        value.as_str().into_bound_py_any(py)
    }
    fn restore(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<ItemStatus> {
        let text = restore::required_str(data, key)?;
        ItemStatus::from_name(&text).ok_or_else(|| {
            let names: Vec<&str> = ItemStatus::ALL.iter().map(|s| s.as_str()).collect();
            restore::invalid(data.py(), key, &format!("must be one of {}", names.join(", ")))
        })
    }
}

/// An onboarding item as requested: not an attribute of its own (a report shows its fields
/// flat), read back from the `name`, `asset_type`, `asset_url` and `key` keys.
pub struct RequestedItem;

impl Field for RequestedItem {
    type Value = OnboardItem;
    fn to_py<'py>(value: &OnboardItem, py: Python<'py>, json: bool) -> PyResult<Bound<'py, PyAny>> {
        let dict = PyDict::new(py);
        dict.set_item("name", &value.name)?;
        dict.set_item("asset_type", Kind::to_py(&value.asset_type, py, json)?)?;
        dict.set_item("asset_url", &value.asset_url)?;
        dict.set_item(
            "file",
            value.file.as_ref().map(|p| p.to_string_lossy().into_owned()),
        )?;
        dict.set_item("key", &value.key)?;
        Ok(dict.into_any())
    }
    fn restore(data: &Bound<'_, PyAny>, _key: &'static str) -> PyResult<OnboardItem> {
        Ok(OnboardItem {
            name: restore::required_str(data, "name")?,
            asset_type: Kind::restore(data, "asset_type")?,
            asset_url: restore::required_str(data, "asset_url")?,
            file: restore::optional_str(data, "file")?.map(std::path::PathBuf::from),
            key: restore::optional_str(data, "key")?,
        })
    }
}

/// An onboarding report's items: a list of `ItemReport`s (of their `to_dict(json=True)` with
/// `json`); read back from either.
pub struct Items;

impl Field for Items {
    type Value = Vec<seedance_assets::ItemReport>;
    fn to_py<'py>(value: &Self::Value, py: Python<'py>, json: bool) -> PyResult<Bound<'py, PyAny>> {
        let list = PyList::empty(py);
        for item in value {
            let item = Bound::new(py, crate::models::ItemReport(item.clone()))?.into_any();
            if json {
                let kwargs = PyDict::new(py);
                kwargs.set_item("json", true)?;
                list.append(item.call_method("to_dict", (), Some(&kwargs))?)?;
            } else {
                list.append(item)?;
            }
        }
        Ok(list.into_any())
    }
    fn restore(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<Self::Value> {
        let py = data.py();
        let Some(items) = restore::item(data, key)? else {
            return Ok(Vec::new());
        };
        let class = py.get_type::<crate::models::ItemReport>();
        let mut out = Vec::new();
        for item in items
            .try_iter()
            .map_err(|_| restore::invalid(py, key, "must be a list"))?
        {
            let item = item?;
            let report = match item.cast::<crate::models::ItemReport>() {
                Ok(report) => report.get().0.clone(),
                Err(_) => class
                    .call_method1("from_dict", (item,))?
                    .cast::<crate::models::ItemReport>()?
                    .get()
                    .0
                    .clone(),
            };
            out.push(report);
        }
        Ok(out)
    }
}

/// An aware `datetime` (UTC) that must be there; an ISO-8601 string with `json`.
pub struct Time;

impl Field for Time {
    type Value = DateTime<Utc>;
    fn to_py<'py>(value: &Self::Value, py: Python<'py>, json: bool) -> PyResult<Bound<'py, PyAny>> {
        MaybeTime::to_py(&Some(*value), py, json)
    }
    fn restore(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<Self::Value> {
        restore::required_time(data, key)
    }
}

/// An aware `datetime` (UTC) or `None`; an ISO-8601 string with `json`.
pub struct MaybeTime;

impl Field for MaybeTime {
    type Value = Option<DateTime<Utc>>;
    fn to_py<'py>(value: &Self::Value, py: Python<'py>, json: bool) -> PyResult<Bound<'py, PyAny>> {
        match value {
            Some(time) if json => iso(time).into_bound_py_any(py),
            time => time.into_bound_py_any(py),
        }
    }
    fn restore(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<Self::Value> {
        restore::optional_time(data, key)
    }
}

/// A `{str: str}` dict (absent means empty).
pub struct StrMap;

impl Field for StrMap {
    type Value = BTreeMap<String, String>;
    fn to_py<'py>(value: &Self::Value, py: Python<'py>, _json: bool) -> PyResult<Bound<'py, PyAny>> {
        let dict = PyDict::new(py);
        for (key, value) in value {
            dict.set_item(key, value)?;
        }
        Ok(dict.into_any())
    }
    fn restore(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<Self::Value> {
        restore::str_map(data, key)
    }
}

/// A JSON object as plain Python objects (absent means empty).
pub struct JsonMap;

impl Field for JsonMap {
    type Value = serde_json::Map<String, serde_json::Value>;
    fn to_py<'py>(value: &Self::Value, py: Python<'py>, _json: bool) -> PyResult<Bound<'py, PyAny>> {
        Ok(json_map_to_py(py, value)?.into_any())
    }
    fn restore(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<Self::Value> {
        restore::json_object(data, key)
    }
}

/// The media kind as `AssetType`, or `None` when the service sent no known one; its name with
/// `json`. Read back from the name in any letter case.
pub struct MaybeKind;

impl Field for MaybeKind {
    type Value = Option<AssetType>;
    fn to_py<'py>(value: &Self::Value, py: Python<'py>, json: bool) -> PyResult<Bound<'py, PyAny>> {
        match value {
            Some(kind) if json => kind.as_str().into_bound_py_any(py),
            Some(kind) => asset_type_to_py(py, *kind),
            None => Ok(py.None().into_bound(py)),
        }
    }
    fn restore(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<Self::Value> {
        restore::optional_str(data, key)?
            .map(|name| convert::asset_type(data.py(), &name))
            .transpose()
    }
}

/// A status as `AssetStatus`, any other as a plain `str`; the name with `json`.
pub struct Status;

impl Field for Status {
    type Value = AssetStatus;
    fn to_py<'py>(value: &Self::Value, py: Python<'py>, json: bool) -> PyResult<Bound<'py, PyAny>> {
        match value {
            AssetStatus::Other(other) => other.into_bound_py_any(py),
            known if json => known.as_str().into_bound_py_any(py),
            known => enums_module(py)?.getattr("AssetStatus")?.call1((known.as_str(),)),
        }
    }
    fn restore(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<Self::Value> {
        Ok(AssetStatus::from_wire(&restore::required_str(data, key)?))
    }
}

/// A journal record's media kind, kept as the text recorded: `AssetType` when it names one
/// (else the plain `str`), the text itself with `json`.
pub struct RecordedKind;

impl Field for RecordedKind {
    type Value = String;
    fn to_py<'py>(value: &Self::Value, py: Python<'py>, json: bool) -> PyResult<Bound<'py, PyAny>> {
        match value.parse::<AssetType>() {
            Ok(known) if !json => asset_type_to_py(py, known),
            _ => value.into_bound_py_any(py),
        }
    }
    fn restore(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<Self::Value> {
        restore::required_str(data, key)
    }
}

/// A journal record's status, kept as the text recorded (the journal's own `Uploading` and
/// `Ambiguous` too): shown as `Status` shows it, the text itself with `json`.
pub struct RecordedStatus;

impl Field for RecordedStatus {
    type Value = String;
    fn to_py<'py>(value: &Self::Value, py: Python<'py>, json: bool) -> PyResult<Bound<'py, PyAny>> {
        if json {
            return value.into_bound_py_any(py);
        }
        Status::to_py(&AssetStatus::from_wire(value), py, false)
    }
    fn restore(data: &Bound<'_, PyAny>, key: &'static str) -> PyResult<Self::Value> {
        restore::required_str(data, key)
    }
}

/// The Python `str` enum classes of `seedance_assets._enums`.
fn enums_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    MODULE
        .get_or_try_init(py, || py.import("seedance_assets._enums").map(Bound::unbind))
        .map(|module| module.bind(py))
}

fn asset_type_to_py<'py>(py: Python<'py>, value: AssetType) -> PyResult<Bound<'py, PyAny>> {
    enums_module(py)?.getattr("AssetType")?.call1((value.as_str(),))
}

/// A JSON value as plain Python objects (dict, list, str, int, float, bool, None).
pub fn json_to_py<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => json_map_to_py(py, map)?.into_any(),
    })
}

fn json_map_to_py<'py>(
    py: Python<'py>,
    map: &serde_json::Map<String, serde_json::Value>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (key, value) in map {
        dict.set_item(key, json_to_py(py, value)?)?;
    }
    Ok(dict)
}
