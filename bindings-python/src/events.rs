//! Progress events as dicts keyed by the core's event tables, converted generically, durations
//! in seconds: a wait's (`on_poll=`, `surface::EVENT_FIELDS`) and onboarding's (`on_progress=`,
//! `surface::ONBOARD_EVENT_FIELDS`).

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3::IntoPyObjectExt;
use seedance_assets::onboard::OnboardCallback;
use seedance_assets::surface::{DetailValue, EventField};
use seedance_assets::WaitOptions;

use crate::errors::invalid;
use crate::runtime;

/// `options` calling `callback(event)` for each progress event. It runs on a runtime thread
/// (taking the GIL for the call); an exception it raises is logged at warning and the wait
/// goes on, since a progress report must never be what ends a wait.
pub fn with_callback(
    py: Python<'_>,
    options: WaitOptions,
    callback: &Bound<'_, PyAny>,
) -> PyResult<WaitOptions> {
    let report = reporter(py, "on_poll", "the wait", callback)?;
    Ok(options.on_poll(move |event| report(event.fields())))
}

/// Onboarding's `on_progress`: `callback(event)` for each item's progress, on a runtime thread;
/// an exception it raises is logged at warning and the run goes on.
pub fn onboard_callback(py: Python<'_>, callback: &Bound<'_, PyAny>) -> PyResult<OnboardCallback> {
    let report = reporter(py, "on_progress", "the run", callback)?;
    Ok(Arc::new(move |event| report(event.fields())))
}

type Fields<'a> = Vec<(&'static EventField, DetailValue<'a>)>;

/// Calls `callback` with the dict of an event's fields; what it raises is logged, not raised.
fn reporter(
    py: Python<'_>,
    option: &'static str,
    what: &'static str,
    callback: &Bound<'_, PyAny>,
) -> PyResult<impl Fn(Fields<'_>) + Send + Sync + 'static> {
    if !callback.is_callable() {
        return Err(invalid(py, option, "must be callable"));
    }
    let callback = callback.clone().unbind();
    Ok(move |fields: Fields<'_>| {
        if runtime::is_shutting_down() {
            return;
        }
        let _ = Python::try_attach(|py| {
            let called = to_dict(py, fields).and_then(|event| callback.bind(py).call1((event,)));
            if let Err(error) = called {
                // The logger of the call the callback belongs to.
                if option == "on_poll" {
                    tracing::warn!(target: "seedance_assets::wait", error = %error, "{option} raised; {what} goes on");
                } else {
                    tracing::warn!(target: "seedance_assets::onboard", error = %error, "{option} raised; {what} goes on");
                }
            }
        });
    })
}

fn to_dict<'py>(py: Python<'py>, fields: Fields<'_>) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (field, value) in fields {
        let value = match value {
            DetailValue::Text(text) => text.into_py_any(py)?,
            DetailValue::Duration(d) => d.as_secs_f64().into_py_any(py)?,
            DetailValue::Int(n) => n.into_py_any(py)?,
            // Events carry only text, numbers and durations; anything else is shown as absent.
            DetailValue::Null | DetailValue::Asset(_) | DetailValue::Cause(_) | DetailValue::Report(_) => {
                py.None()
            }
        };
        dict.set_item(field.python, value)?;
    }
    Ok(dict)
}
