//! The values the four steps return, as immutable Python classes (secrets redacted in `repr`).

use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyModule, PyType};
use pyo3::IntoPyObjectExt;
use seedance_assets::{redact, AssetStatus, AssetType};

use crate::convert;
use crate::errors::to_pyerr;
use crate::restore::{self, iso, micros};

/// A time for `to_dict`: a `datetime`, or with `json` its ISO-8601 string.
fn time_to_py<'py>(py: Python<'py>, time: Option<DateTime<Utc>>, json: bool) -> PyResult<Bound<'py, PyAny>> {
    match time {
        Some(time) if json => iso(&time).into_bound_py_any(py),
        time => time.into_bound_py_any(py),
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

/// A known status as `AssetStatus`, any other string kept as a plain `str`.
fn asset_status_to_py<'py>(py: Python<'py>, value: &AssetStatus) -> PyResult<Bound<'py, PyAny>> {
    match value {
        AssetStatus::Other(other) => other.into_bound_py_any(py),
        known => enums_module(py)?.getattr("AssetStatus")?.call1((known.as_str(),)),
    }
}

/// `repr()` of a Python value, for building readable model reprs.
fn py_repr<'py, T: IntoPyObject<'py>>(py: Python<'py>, value: T) -> PyResult<String> {
    let value = value.into_bound_py_any(py)?;
    Ok(value.repr()?.to_string())
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

/// A validation session: send the person to `h5_link` within 120 s.
///
/// `to_dict()` is the export for storage and `ValidationSession.from_dict` the restore, for a web
/// backend that keeps the session between two requests; `repr` redacts.
#[pyclass(frozen, eq, hash, module = "seedance_assets", name = "ValidationSession")]
pub struct ValidationSession(pub seedance_assets::ValidationSession);

impl ValidationSession {
    /// What `==` and `hash` compare: every attribute but `request_id` (it names the answer, not
    /// the session), times as precise as Python sees them.
    fn key(&self) -> (&str, &str, &str, i64, i64) {
        let s = &self.0;
        (
            &s.byted_token,
            &s.h5_link,
            &s.callback_url,
            micros(&s.created_at),
            micros(&s.expires_at),
        )
    }
}

impl PartialEq for ValidationSession {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl std::hash::Hash for ValidationSession {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::hash::Hash::hash(&self.key(), state);
    }
}

#[pymethods]
impl ValidationSession {
    /// The single-use token to exchange for the GroupId (secret).
    #[getter]
    fn byted_token(&self) -> &str {
        &self.0.byted_token
    }

    /// The page the person opens; it embeds temporary credentials (secret).
    #[getter]
    fn h5_link(&self) -> &str {
        &self.0.h5_link
    }

    /// The callback URL the service echoed.
    #[getter]
    fn callback_url(&self) -> &str {
        &self.0.callback_url
    }

    /// When this client received the session (UTC).
    #[getter]
    fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// When the H5 link stops working (`created_at` + 120 s, UTC).
    #[getter]
    fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }

    /// The service's id of the answer that created the session, for support requests.
    #[getter]
    fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// Whether the H5 link has expired by now.
    fn is_expired(&self) -> bool {
        self.0.is_expired()
    }

    /// The H5 link with its page language (`lng`) set to `zh`, `en` or `zh-Hant`.
    fn h5_link_for(&self, py: Python<'_>, language: &str) -> PyResult<String> {
        let language = convert::language(py, language)?;
        self.0.h5_link_for(language).map_err(|e| to_pyerr(py, e))
    }

    /// Checks a callback URL (or query) against this session: same token, and passed.
    fn verify_callback(&self, py: Python<'_>, url: &str) -> PyResult<CallbackResult> {
        self.0
            .verify_callback(url)
            .map(CallbackResult)
            .map_err(|e| to_pyerr(py, e))
    }

    /// Every field as a plain dict (secrets included: this is the export for storage, not
    /// display). With `json=True` the times are ISO-8601 strings, ready for `json.dumps`.
    #[pyo3(signature = (*, json = false))]
    fn to_dict<'py>(&self, py: Python<'py>, json: bool) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("byted_token", &self.0.byted_token)?;
        dict.set_item("h5_link", &self.0.h5_link)?;
        dict.set_item("callback_url", &self.0.callback_url)?;
        dict.set_item("created_at", time_to_py(py, Some(self.0.created_at), json)?)?;
        dict.set_item("expires_at", time_to_py(py, Some(self.0.expires_at), json)?)?;
        dict.set_item("request_id", &self.0.request_id)?;
        Ok(dict)
    }

    /// Rebuilds a session from `to_dict()` or `to_dict(json=True)` (after a `json.loads`).
    #[classmethod]
    fn from_dict(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self(seedance_assets::ValidationSession {
            byted_token: restore::required_str(data, "byted_token")?,
            h5_link: restore::required_str(data, "h5_link")?,
            callback_url: restore::required_str(data, "callback_url")?,
            created_at: restore::required_time(data, "created_at")?,
            expires_at: restore::required_time(data, "expires_at")?,
            request_id: restore::request_id(data)?,
        }))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "ValidationSession(byted_token={}, h5_link={}, callback_url={}, expires_at={})",
            py_repr(py, redact::token(&self.0.byted_token))?,
            py_repr(py, redact::url(&self.0.h5_link))?,
            py_repr(py, &self.0.callback_url)?,
            py_repr(py, self.0.expires_at)?,
        ))
    }
}

/// The query parameters of the validation callback (the browser redirect to `callback_url`).
#[pyclass(frozen, eq, hash, module = "seedance_assets", name = "CallbackResult")]
pub struct CallbackResult(pub seedance_assets::CallbackResult);

impl CallbackResult {
    /// What `==` and `hash` compare: every field.
    fn key(&self) -> impl std::hash::Hash + '_ {
        let r = &self.0;
        (
            &r.byted_token,
            &r.result_code,
            &r.algorithm_base_resp_code,
            &r.verify_type,
            &r.extra,
        )
    }
}

impl PartialEq for CallbackResult {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl std::hash::Hash for CallbackResult {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::hash::Hash::hash(&self.key(), state);
    }
}

#[pymethods]
impl CallbackResult {
    /// The session's token (secret).
    #[getter]
    fn byted_token(&self) -> &str {
        &self.0.byted_token
    }

    /// `10000` means passed.
    #[getter]
    fn result_code(&self) -> &str {
        &self.0.result_code
    }

    /// The service's sub-code.
    #[getter]
    fn algorithm_base_resp_code(&self) -> Option<&str> {
        self.0.algorithm_base_resp_code.as_deref()
    }

    /// Currently always `real_time`.
    #[getter]
    fn verify_type(&self) -> Option<&str> {
        self.0.verify_type.as_deref()
    }

    /// Whether the person passed validation (`result_code == "10000"`).
    #[getter]
    fn passed(&self) -> bool {
        self.0.passed()
    }

    /// Every other query parameter, as sent.
    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (key, value) in &self.0.extra {
            dict.set_item(key, value)?;
        }
        Ok(dict)
    }

    /// Every field as a plain dict (the token included); all values are JSON-safe already, so
    /// `json=True` changes nothing.
    #[pyo3(signature = (*, json = false))]
    fn to_dict<'py>(&self, py: Python<'py>, json: bool) -> PyResult<Bound<'py, PyDict>> {
        let _ = json;
        let dict = PyDict::new(py);
        dict.set_item("byted_token", &self.0.byted_token)?;
        dict.set_item("result_code", &self.0.result_code)?;
        dict.set_item("algorithm_base_resp_code", &self.0.algorithm_base_resp_code)?;
        dict.set_item("verify_type", &self.0.verify_type)?;
        dict.set_item("passed", self.0.passed())?;
        dict.set_item("extra", self.extra(py)?)?;
        Ok(dict)
    }

    /// Rebuilds a callback result from `to_dict()` (`passed` is recomputed, not read).
    #[classmethod]
    fn from_dict(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self(seedance_assets::CallbackResult {
            byted_token: restore::required_str(data, "byted_token")?,
            result_code: restore::required_str(data, "result_code")?,
            algorithm_base_resp_code: restore::optional_str(data, "algorithm_base_resp_code")?,
            verify_type: restore::optional_str(data, "verify_type")?,
            extra: restore::str_map(data, "extra")?,
        }))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "CallbackResult(byted_token={}, result_code={}, algorithm_base_resp_code={}, passed={})",
            py_repr(py, redact::token(&self.0.byted_token))?,
            py_repr(py, &self.0.result_code)?,
            py_repr(py, &self.0.algorithm_base_resp_code)?,
            if self.0.passed() { "True" } else { "False" },
        ))
    }
}

/// Step 2's answer: the validated person's asset group.
#[pyclass(frozen, eq, hash, module = "seedance_assets", name = "ValidationResult")]
#[derive(PartialEq, Hash)]
pub struct ValidationResult(pub seedance_assets::ValidationResult);

#[pymethods]
impl ValidationResult {
    /// The group id; keep it, it cannot be recovered.
    #[getter]
    fn group_id(&self) -> &str {
        &self.0.group_id
    }

    /// The service's id of the answer, for support requests.
    #[getter]
    fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// `{"group_id": …, "request_id": …}` (JSON-safe either way; `json` is accepted for symmetry).
    #[pyo3(signature = (*, json = false))]
    fn to_dict<'py>(&self, py: Python<'py>, json: bool) -> PyResult<Bound<'py, PyDict>> {
        let _ = json;
        let dict = PyDict::new(py);
        dict.set_item("group_id", &self.0.group_id)?;
        dict.set_item("request_id", &self.0.request_id)?;
        Ok(dict)
    }

    /// Rebuilds the result from `to_dict()`.
    #[classmethod]
    fn from_dict(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self(seedance_assets::ValidationResult {
            group_id: restore::required_str(data, "group_id")?,
            request_id: restore::request_id(data)?,
        }))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "ValidationResult(group_id={})",
            py_repr(py, &self.0.group_id)?
        ))
    }
}

/// Step 3's answer: the new asset's id.
#[pyclass(frozen, eq, hash, module = "seedance_assets", name = "UploadedAsset")]
#[derive(PartialEq, Hash)]
pub struct UploadedAsset(pub seedance_assets::UploadedAsset);

#[pymethods]
impl UploadedAsset {
    /// The asset id; keep it, the service does not list assets.
    #[getter]
    fn asset_id(&self) -> &str {
        &self.0.asset_id
    }

    /// `asset://<asset_id>`, for generation requests.
    #[getter]
    fn reference(&self) -> String {
        self.0.reference()
    }

    /// The service's id of the answer, for support requests.
    #[getter]
    fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// `{"asset_id": …, "reference": …, "request_id": …}` (JSON-safe either way; `json` is
    /// accepted for symmetry).
    #[pyo3(signature = (*, json = false))]
    fn to_dict<'py>(&self, py: Python<'py>, json: bool) -> PyResult<Bound<'py, PyDict>> {
        let _ = json;
        let dict = PyDict::new(py);
        dict.set_item("asset_id", &self.0.asset_id)?;
        dict.set_item("reference", self.0.reference())?;
        dict.set_item("request_id", &self.0.request_id)?;
        Ok(dict)
    }

    /// Rebuilds the answer from `to_dict()` (`reference` is derived, not read).
    #[classmethod]
    fn from_dict(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self(seedance_assets::UploadedAsset {
            asset_id: restore::required_str(data, "asset_id")?,
            request_id: restore::request_id(data)?,
        }))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "UploadedAsset(asset_id={})",
            py_repr(py, &self.0.asset_id)?
        ))
    }
}

/// An asset as `asset-info` reports it.
#[pyclass(frozen, eq, hash, module = "seedance_assets", name = "Asset")]
pub struct Asset(pub seedance_assets::Asset);

impl Asset {
    /// What `hash` reads: the fields that identify a state of the asset (`raw` is a JSON map,
    /// which has no hash; equal assets have equal keys, which is all `hash` needs).
    fn hash_key(&self) -> (&str, &str, Option<i64>) {
        let a = &self.0;
        (&a.asset_id, a.status.as_str(), a.update_time.as_ref().map(micros))
    }
}

impl PartialEq for Asset {
    /// Every field but `request_id` (the same state seen twice is equal), times as precise as
    /// Python sees them.
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.0, &other.0);
        let times = |x: &seedance_assets::Asset| {
            (
                x.create_time.as_ref().map(micros),
                x.update_time.as_ref().map(micros),
            )
        };
        (
            &a.asset_id,
            &a.name,
            a.asset_type,
            &a.status,
            &a.error_code,
            &a.error_message,
            &a.raw,
        ) == (
            &b.asset_id,
            &b.name,
            b.asset_type,
            &b.status,
            &b.error_code,
            &b.error_message,
            &b.raw,
        ) && times(a) == times(b)
    }
}

impl std::hash::Hash for Asset {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::hash::Hash::hash(&self.hash_key(), state);
    }
}

impl From<seedance_assets::Asset> for Asset {
    fn from(asset: seedance_assets::Asset) -> Self {
        Self(asset)
    }
}

#[pymethods]
impl Asset {
    /// The asset id.
    #[getter]
    fn asset_id(&self) -> &str {
        &self.0.asset_id
    }

    /// The label given at upload.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.0.name.as_deref()
    }

    /// The media kind (`AssetType`), when the service sent a known one.
    #[getter]
    fn asset_type<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.0.asset_type.map(|t| asset_type_to_py(py, t)).transpose()
    }

    /// `AssetStatus.PROCESSING`, `.ACTIVE`, `.FAILED`, or any other status as a plain `str`.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        asset_status_to_py(py, &self.0.status)
    }

    /// When the asset was created (UTC).
    #[getter]
    fn create_time(&self) -> Option<DateTime<Utc>> {
        self.0.create_time
    }

    /// When the asset last changed (UTC).
    #[getter]
    fn update_time(&self) -> Option<DateTime<Utc>> {
        self.0.update_time
    }

    /// The failure code (e.g. `FaceMismatch`).
    #[getter]
    fn error_code(&self) -> Option<&str> {
        self.0.error_code.as_deref()
    }

    /// The failure message.
    #[getter]
    fn error_message(&self) -> Option<&str> {
        self.0.error_message.as_deref()
    }

    /// `asset://<asset_id>`, for generation requests.
    #[getter]
    fn reference(&self) -> String {
        self.0.reference()
    }

    /// The `data` object exactly as received, unknown fields included.
    #[getter]
    fn raw<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        json_map_to_py(py, &self.0.raw)
    }

    /// The service's id of the answer this state came from, for support requests.
    #[getter]
    fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// Whether the asset is usable (`status == "Active"`).
    fn is_active(&self) -> bool {
        self.0.is_active()
    }

    /// Every field as a plain dict (`raw` included). With `json=True` the times are ISO-8601
    /// strings and `asset_type`/`status` plain strings, ready for `json.dumps`.
    #[pyo3(signature = (*, json = false))]
    fn to_dict<'py>(&self, py: Python<'py>, json: bool) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("asset_id", &self.0.asset_id)?;
        dict.set_item("name", &self.0.name)?;
        if json {
            dict.set_item("asset_type", self.0.asset_type.map(AssetType::as_str))?;
            dict.set_item("status", self.0.status.as_str())?;
        } else {
            dict.set_item("asset_type", self.asset_type(py)?)?;
            dict.set_item("status", self.status(py)?)?;
        }
        dict.set_item("create_time", time_to_py(py, self.0.create_time, json)?)?;
        dict.set_item("update_time", time_to_py(py, self.0.update_time, json)?)?;
        dict.set_item("error_code", &self.0.error_code)?;
        dict.set_item("error_message", &self.0.error_message)?;
        dict.set_item("reference", self.0.reference())?;
        dict.set_item("raw", self.raw(py)?)?;
        dict.set_item("request_id", &self.0.request_id)?;
        Ok(dict)
    }

    /// Rebuilds an asset from `to_dict()` or `to_dict(json=True)` (`reference` is derived).
    #[classmethod]
    fn from_dict(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let py = data.py();
        let asset_type = restore::optional_str(data, "asset_type")?
            .map(|name| convert::asset_type(py, &name))
            .transpose()?;
        Ok(Self(seedance_assets::Asset {
            asset_id: restore::required_str(data, "asset_id")?,
            name: restore::optional_str(data, "name")?,
            asset_type,
            status: AssetStatus::from_wire(&restore::required_str(data, "status")?),
            create_time: restore::optional_time(data, "create_time")?,
            update_time: restore::optional_time(data, "update_time")?,
            error_code: restore::optional_str(data, "error_code")?,
            error_message: restore::optional_str(data, "error_message")?,
            raw: restore::json_object(data, "raw")?,
            request_id: restore::request_id(data)?,
        }))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let mut shown = format!(
            "Asset(asset_id={}, name={}, asset_type={}, status={}",
            py_repr(py, &self.0.asset_id)?,
            py_repr(py, &self.0.name)?,
            py_repr(py, self.0.asset_type.map(AssetType::as_str))?,
            py_repr(py, self.0.status.as_str())?,
        );
        if self.0.error_code.is_some() || self.0.error_message.is_some() {
            shown.push_str(&format!(
                ", error_code={}, error_message={}",
                py_repr(py, &self.0.error_code)?,
                py_repr(py, &self.0.error_message)?
            ));
        }
        shown.push(')');
        Ok(shown)
    }
}

/// Parses a validation callback (full URL, path with query, or bare query). With
/// `expected_token`, a callback for another token raises `CallbackError`; a callback that did not
/// pass is returned (check `.passed`).
#[pyfunction]
#[pyo3(signature = (url, expected_token = None))]
pub fn parse_callback(py: Python<'_>, url: &str, expected_token: Option<&str>) -> PyResult<CallbackResult> {
    seedance_assets::parse_callback(url, expected_token)
        .map(CallbackResult)
        .map_err(|e| to_pyerr(py, e))
}

/// Like `ValidationSession.verify_callback`, for when only the token was kept: raises
/// `CallbackError` unless the callback is for `expected_token` (when given) and passed.
#[pyfunction]
#[pyo3(signature = (url, expected_token = None))]
pub fn verify_callback(py: Python<'_>, url: &str, expected_token: Option<&str>) -> PyResult<CallbackResult> {
    seedance_assets::verify_callback(url, expected_token)
        .map(CallbackResult)
        .map_err(|e| to_pyerr(py, e))
}

/// A validated person as the journal keeps them.
#[pyclass(frozen, eq, hash, module = "seedance_assets", name = "Person")]
pub struct Person(pub seedance_assets::Person);

impl Person {
    /// What `==` and `hash` compare: every field, the time as precise as Python sees it.
    fn key(&self) -> (Option<&str>, &str, i64) {
        let p = &self.0;
        (p.reference.as_deref(), &p.group_id, micros(&p.validated_at))
    }
}

impl PartialEq for Person {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl std::hash::Hash for Person {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::hash::Hash::hash(&self.key(), state);
    }
}

#[pymethods]
impl Person {
    /// The application's own id for the person, as given to `create_validation_session`.
    #[getter]
    fn reference(&self) -> Option<&str> {
        self.0.reference.as_deref()
    }

    /// The GroupId their assets are uploaded under.
    #[getter]
    fn group_id(&self) -> &str {
        &self.0.group_id
    }

    /// When the GroupId was received (UTC).
    #[getter]
    fn validated_at(&self) -> DateTime<Utc> {
        self.0.validated_at
    }

    /// `{"reference": …, "group_id": …, "validated_at": …}`; with `json=True` the time is an
    /// ISO-8601 string.
    #[pyo3(signature = (*, json = false))]
    fn to_dict<'py>(&self, py: Python<'py>, json: bool) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("reference", &self.0.reference)?;
        dict.set_item("group_id", &self.0.group_id)?;
        dict.set_item("validated_at", time_to_py(py, Some(self.0.validated_at), json)?)?;
        Ok(dict)
    }

    /// Rebuilds a person from `to_dict()` or `to_dict(json=True)`.
    #[classmethod]
    fn from_dict(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self(seedance_assets::Person {
            reference: restore::optional_str(data, "reference")?,
            group_id: restore::required_str(data, "group_id")?,
            validated_at: restore::required_time(data, "validated_at")?,
        }))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Person(reference={}, group_id={}, validated_at={})",
            py_repr(py, &self.0.reference)?,
            py_repr(py, &self.0.group_id)?,
            py_repr(py, self.0.validated_at)?,
        ))
    }
}

/// An upload as the journal recorded it.
#[pyclass(frozen, eq, hash, module = "seedance_assets", name = "JournaledAsset")]
pub struct JournaledAsset(pub seedance_assets::JournaledAsset);

impl JournaledAsset {
    /// What `==` and `hash` compare: every field, the time as precise as Python sees it.
    fn compared(&self) -> impl PartialEq + std::hash::Hash + '_ {
        let a = &self.0;
        (
            (&a.key, &a.asset_id, &a.name, &a.asset_type, &a.asset_url),
            (&a.group_id, &a.reference, &a.status),
            (&a.error_code, &a.error_message, a.attempts, micros(&a.updated_at)),
        )
    }

    /// The recorded media kind as `AssetType` (a plain `str` if the record holds another).
    fn asset_type_to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.0.asset_type.parse::<AssetType>() {
            Ok(known) => asset_type_to_py(py, known),
            Err(_) => self.0.asset_type.as_str().into_bound_py_any(py),
        }
    }
}

impl PartialEq for JournaledAsset {
    fn eq(&self, other: &Self) -> bool {
        self.compared() == other.compared()
    }
}

impl std::hash::Hash for JournaledAsset {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::hash::Hash::hash(&self.compared(), state);
    }
}

#[pymethods]
impl JournaledAsset {
    /// The upload's key: the caller's `key`, else derived from (group, name, URL without query).
    #[getter]
    fn key(&self) -> &str {
        &self.0.key
    }

    /// The service's asset id; `None` while the upload's outcome is unknown.
    #[getter]
    fn asset_id(&self) -> Option<&str> {
        self.0.asset_id.as_deref()
    }

    /// The asset's name.
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    /// The media kind.
    #[getter]
    fn asset_type<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.asset_type_to_py(py)
    }

    /// The source URL without its query string (presigned signatures are not kept).
    #[getter]
    fn asset_url(&self) -> &str {
        &self.0.asset_url
    }

    /// The group it was uploaded under.
    #[getter]
    fn group_id(&self) -> Option<&str> {
        self.0.group_id.as_deref()
    }

    /// The person's reference, when the group belongs to a journaled person.
    #[getter]
    fn reference(&self) -> Option<&str> {
        self.0.reference.as_deref()
    }

    /// `AssetStatus.PROCESSING`, `.ACTIVE`, `.FAILED`, or another status as a plain `str`
    /// (`Uploading`, `Ambiguous`, or one the service sent).
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        asset_status_to_py(py, &AssetStatus::from_wire(&self.0.status))
    }

    /// The service's error code, for a `Failed` asset.
    #[getter]
    fn error_code(&self) -> Option<&str> {
        self.0.error_code.as_deref()
    }

    /// The service's error message, for a `Failed` asset.
    #[getter]
    fn error_message(&self) -> Option<&str> {
        self.0.error_message.as_deref()
    }

    /// How many upload requests were sent (or attempted) under this key.
    #[getter]
    fn attempts(&self) -> i64 {
        self.0.attempts
    }

    /// When the record last changed (UTC).
    #[getter]
    fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// `asset://<asset_id>` once the asset id is known, for generation requests.
    #[getter]
    fn reference_uri(&self) -> Option<String> {
        self.0.reference_uri()
    }

    /// Whether the upload waits for someone to say whether it happened (`Journal.resolve`).
    fn is_unresolved(&self) -> bool {
        self.0.is_unresolved()
    }

    /// Every field as a plain dict (`reference_uri` included). With `json=True` the time is an
    /// ISO-8601 string and `asset_type`/`status` plain strings, ready for `json.dumps`.
    #[pyo3(signature = (*, json = false))]
    fn to_dict<'py>(&self, py: Python<'py>, json: bool) -> PyResult<Bound<'py, PyDict>> {
        let a = &self.0;
        let dict = PyDict::new(py);
        dict.set_item("key", &a.key)?;
        dict.set_item("asset_id", &a.asset_id)?;
        dict.set_item("name", &a.name)?;
        if json {
            dict.set_item("asset_type", &a.asset_type)?;
            dict.set_item("status", &a.status)?;
        } else {
            dict.set_item("asset_type", self.asset_type_to_py(py)?)?;
            dict.set_item("status", self.status(py)?)?;
        }
        dict.set_item("asset_url", &a.asset_url)?;
        dict.set_item("group_id", &a.group_id)?;
        dict.set_item("reference", &a.reference)?;
        dict.set_item("error_code", &a.error_code)?;
        dict.set_item("error_message", &a.error_message)?;
        dict.set_item("attempts", a.attempts)?;
        dict.set_item("updated_at", time_to_py(py, Some(a.updated_at), json)?)?;
        dict.set_item("reference_uri", a.reference_uri())?;
        Ok(dict)
    }

    /// Rebuilds a record from `to_dict()` or `to_dict(json=True)` (`reference_uri` is derived).
    #[classmethod]
    fn from_dict(_cls: &Bound<'_, PyType>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self(seedance_assets::JournaledAsset {
            key: restore::required_str(data, "key")?,
            asset_id: restore::optional_str(data, "asset_id")?,
            name: restore::required_str(data, "name")?,
            asset_type: restore::required_str(data, "asset_type")?,
            asset_url: restore::required_str(data, "asset_url")?,
            group_id: restore::optional_str(data, "group_id")?,
            reference: restore::optional_str(data, "reference")?,
            status: restore::required_str(data, "status")?,
            error_code: restore::optional_str(data, "error_code")?,
            error_message: restore::optional_str(data, "error_message")?,
            attempts: restore::optional_int(data, "attempts")?.unwrap_or(0),
            updated_at: restore::required_time(data, "updated_at")?,
        }))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let a = &self.0;
        let mut shown = format!(
            "JournaledAsset(key={}, asset_id={}, name={}, status={}, reference={}",
            py_repr(py, &a.key)?,
            py_repr(py, &a.asset_id)?,
            py_repr(py, &a.name)?,
            py_repr(py, &a.status)?,
            py_repr(py, &a.reference)?,
        );
        if a.error_code.is_some() || a.error_message.is_some() {
            shown.push_str(&format!(
                ", error_code={}, error_message={}",
                py_repr(py, &a.error_code)?,
                py_repr(py, &a.error_message)?
            ));
        }
        shown.push(')');
        Ok(shown)
    }
}
