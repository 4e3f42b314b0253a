//! The one place where core errors become Python exceptions (classes in `seedance_assets.errors`).

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyModule};
use pyo3::IntoPyObjectExt;
use seedance_assets::{CallbackFailure, Error, ErrorCode};

use crate::models::Asset;

/// The exception class for each core error code.
fn class_name(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::InvalidArgument => "InvalidArgumentError",
        ErrorCode::Configuration => "ConfigurationError",
        ErrorCode::Authentication => "AuthenticationError",
        ErrorCode::InsufficientCredits => "InsufficientCreditsError",
        ErrorCode::NotFound => "NotFoundError",
        ErrorCode::Unprocessable => "UnprocessableError",
        ErrorCode::RateLimited => "RateLimitError",
        ErrorCode::ServiceUnavailable => "ServiceUnavailableError",
        ErrorCode::Server => "ServerError",
        ErrorCode::GenerationFailed => "GenerationFailedError",
        ErrorCode::FeatureDisabled => "FeatureDisabledError",
        ErrorCode::Api => "APIStatusError",
        ErrorCode::Connection => "APIConnectionError",
        ErrorCode::Timeout => "APITimeoutError",
        ErrorCode::OutcomeUnknown => "OutcomeUnknownError",
        ErrorCode::Decode => "DecodeError",
        ErrorCode::AssetFailed => "AssetFailedError",
        ErrorCode::WaitTimeout => "WaitTimeoutError",
        ErrorCode::Callback => "CallbackError",
        ErrorCode::Aborted => "CancelledError",
        _ => "SeedanceError",
    }
}

fn callback_reason(failure: CallbackFailure) -> &'static str {
    match failure {
        CallbackFailure::Malformed => "malformed",
        CallbackFailure::TokenMismatch => "token_mismatch",
        CallbackFailure::NotPassed => "not_passed",
    }
}

fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    MODULE
        .get_or_try_init(py, || py.import("seedance_assets.errors").map(Bound::unbind))
        .map(|module| module.bind(py))
}

/// The Python exception for a core error, with `status_code`, `code`, `message`, `request_id`,
/// `error_code` and the class's own details (`asset`, `last`, `cause`, …).
pub fn to_pyerr(py: Python<'_>, error: Error) -> PyErr {
    build(py, error).unwrap_or_else(|failure| failure)
}

fn build(py: Python<'_>, error: Error) -> Result<PyErr, PyErr> {
    let code = error.code();
    if code == ErrorCode::Aborted {
        return Ok(pyo3::exceptions::asyncio::CancelledError::new_err(
            error.to_string(),
        ));
    }
    let kwargs = PyDict::new(py);
    let message = error
        .api_error()
        .filter(|_| code != ErrorCode::OutcomeUnknown)
        .map_or_else(|| error.to_string(), |api| api.message.clone());
    kwargs.set_item("message", message)?;
    kwargs.set_item("status_code", error.http_status())?;
    kwargs.set_item("code", error.envelope_code())?;
    kwargs.set_item("request_id", error.request_id())?;
    kwargs.set_item("error_code", code.as_str())?;
    if let Some(retry_after) = error.retry_after() {
        kwargs.set_item("retry_after", retry_after.as_secs_f64())?;
    }
    let display = error.to_string();
    let mut cause = None;
    match error {
        Error::InvalidArgument { field, .. } => kwargs.set_item("field", field)?,
        Error::OutcomeUnknown {
            operation,
            cause: inner,
        } => {
            let inner = to_pyerr(py, *inner);
            kwargs.set_item("operation", operation)?;
            kwargs.set_item("cause", inner.value(py))?;
            cause = Some(inner);
        }
        Error::AssetFailed { asset } => kwargs.set_item("asset", Asset::from(*asset))?,
        Error::WaitTimeout {
            asset_id,
            waited,
            last,
        } => {
            kwargs.set_item("asset_id", asset_id)?;
            kwargs.set_item("waited", waited.as_secs_f64())?;
            kwargs.set_item("last", last.map(|a| Asset::from(*a)))?;
        }
        Error::Callback {
            failure,
            result_code,
            algorithm_base_resp_code,
            ..
        } => {
            kwargs.set_item("reason", callback_reason(failure))?;
            kwargs.set_item("result_code", result_code)?;
            kwargs.set_item("algorithm_base_resp_code", algorithm_base_resp_code)?;
        }
        _ => {}
    }
    let class = errors_module(py)
        .and_then(|module| module.getattr(class_name(code)))
        .map_err(|e| PyRuntimeError::new_err(format!("{display} (and seedance_assets.errors: {e})")))?;
    let exception = class.call((display,), Some(&kwargs))?;
    let exception = PyErr::from_value(exception);
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
