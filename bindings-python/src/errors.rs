//! The one place where core errors become Python exceptions (classes in `seedance_assets.errors`).

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};
use pyo3::IntoPyObjectExt;
use seedance_assets::surface::{DetailValue, PythonClass};
use seedance_assets::{Error, ErrorCode};

use crate::models::Asset;

fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    MODULE
        .get_or_try_init(py, || py.import("seedance_assets.errors").map(Bound::unbind))
        .map(|module| module.bind(py))
}

/// The Python exception for a core error: the class of its row in the core's error table,
/// with `message`, `error_code` and every detail the error carries under its Python name.
pub fn to_pyerr(py: Python<'_>, error: Error) -> PyErr {
    build(py, &error).unwrap_or_else(|failure| failure)
}

fn build(py: Python<'_>, error: &Error) -> Result<PyErr, PyErr> {
    let kind = error.code().kind();
    let PythonClass::Own { .. } = kind.python else {
        return Ok(pyo3::exceptions::asyncio::CancelledError::new_err(
            error.to_string(),
        ));
    };
    let kwargs = PyDict::new(py);
    let message = error
        .api_error()
        .filter(|_| error.code() != ErrorCode::OutcomeUnknown)
        .map_or_else(|| error.to_string(), |api| api.message.clone());
    kwargs.set_item("message", message)?;
    kwargs.set_item("error_code", error.code().as_str())?;
    let mut cause = None;
    for (detail, value) in error.details() {
        let value = match value {
            DetailValue::Null => py.None(),
            DetailValue::Text(text) => text.into_py_any(py)?,
            DetailValue::Int(n) => n.into_py_any(py)?,
            DetailValue::Duration(d) => d.as_secs_f64().into_py_any(py)?,
            DetailValue::Asset(asset) => Asset::from(asset.clone()).into_py_any(py)?,
            DetailValue::Report(report) => crate::preflight::report(py, report)?,
            DetailValue::Cause(inner) => {
                let inner = build(py, inner).unwrap_or_else(|failure| failure);
                let value = inner.value(py).clone().into_any().unbind();
                cause = Some(inner);
                value
            }
        };
        kwargs.set_item(detail.python, value)?;
    }
    let display = error.to_string();
    let class = errors_module(py)
        .and_then(|module| module.getattr(kind.class))
        .map_err(|e| PyRuntimeError::new_err(format!("{display} (and seedance_assets.errors: {e})")))?;
    let exception = PyErr::from_value(class.call((display,), Some(&kwargs))?);
    if let Some(cause) = cause {
        exception.set_cause(py, Some(cause));
    }
    Ok(exception)
}

/// Converts a core result into Python once the GIL is held (used by the awaitable bridge, whose
/// futures finish on runtime threads).
pub struct Converted<T>(pub Result<T, Error>);

impl<'py, T> IntoPyObject<'py> for Converted<T>
where
    T: IntoPyObject<'py>,
{
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.0 {
            Ok(value) => value.into_bound_py_any(py),
            Err(error) => Err(to_pyerr(py, error)),
        }
    }
}

/// A bad argument found while converting Python values, raised as `InvalidArgumentError`.
pub fn invalid(py: Python<'_>, field: &'static str, reason: impl Into<String>) -> PyErr {
    to_pyerr(
        py,
        Error::InvalidArgument {
            field,
            reason: reason.into(),
        },
    )
}
