//! A wait's progress events (`on_poll=`) as dicts keyed by the core's event table
//! (`surface::EVENT_FIELDS`), converted generically, durations in seconds.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3::IntoPyObjectExt;
use seedance_assets::surface::DetailValue;
use seedance_assets::{PollEvent, WaitOptions};

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
    if !callback.is_callable() {
        return Err(invalid(py, "on_poll", "must be callable"));
    }
    let callback = callback.clone().unbind();
    Ok(options.on_poll(move |event| {
        if runtime::is_shutting_down() {
            return;
        }
        let _ = Python::try_attach(|py| {
            let called = to_dict(py, event).and_then(|event| callback.bind(py).call1((event,)));
            if let Err(error) = called {
                tracing::warn!(
                    target: "seedance_assets::wait",
                    error = %error,
                    "on_poll raised; the wait goes on"
                );
            }
        });
    }))
}

fn to_dict<'py>(py: Python<'py>, event: &PollEvent) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (field, value) in event.fields() {
        let value = match value {
            DetailValue::Text(text) => text.into_py_any(py)?,
            DetailValue::Duration(d) => d.as_secs_f64().into_py_any(py)?,
            DetailValue::Int(n) => n.into_py_any(py)?,
            // Events carry only text and durations; anything else is shown as absent.
            DetailValue::Null | DetailValue::Asset(_) | DetailValue::Cause(_) => py.None(),
        };
        dict.set_item(field.python, value)?;
    }
    Ok(dict)
}
