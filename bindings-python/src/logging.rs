//! Rust `tracing` events → Python `logging`, under the logger `seedance_assets` (children
//! `seedance_assets.http`, `seedance_assets.wait`, `seedance_assets.simulator`, …).
//!
//! Only this package's events are forwarded; the level is whatever the Python logger allows
//! (checked per event). The core keeps secrets out of its events, so nothing is masked here.

use std::fmt::Write as _;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

use crate::runtime;

const CORE_TARGET: &str = "seedance_assets";
const SIMULATOR_TARGET: &str = "seedance_assets_simulator";

/// Installs the bridge as the process's tracing subscriber, unless one is already set.
pub fn install() {
    let subscriber = tracing_subscriber::registry().with(PythonLogging);
    let _ = tracing::subscriber::set_global_default(subscriber);
}

/// The Python logger name for a tracing target, if the event is ours.
fn logger_name(target: &str) -> Option<String> {
    if let Some(rest) = target.strip_prefix(SIMULATOR_TARGET) {
        return Some(format!("seedance_assets.simulator{}", rest.replace("::", ".")));
    }
    let rest = target.strip_prefix(CORE_TARGET)?;
    if !(rest.is_empty() || rest.starts_with("::")) {
        return None;
    }
    Some(format!("{CORE_TARGET}{}", rest.replace("::", ".")))
}

fn python_level(level: &Level) -> u8 {
    match *level {
        Level::TRACE => 5,
        Level::DEBUG => 10,
        Level::INFO => 20,
        Level::WARN => 30,
        Level::ERROR => 40,
    }
}

/// The event's message followed by its fields as `key=value`.
#[derive(Default)]
struct Message {
    text: String,
    fields: String,
}

impl Visit for Message {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.text.push_str(value);
        } else if !value.is_empty() {
            let _ = write!(self.fields, " {}={}", field.name(), value);
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.text, "{value:?}");
        } else {
            let _ = write!(self.fields, " {}={:?}", field.name(), value);
        }
    }
}

struct PythonLogging;

impl<S: Subscriber> Layer<S> for PythonLogging {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> tracing::subscriber::Interest {
        if logger_name(metadata.target()).is_some() {
            tracing::subscriber::Interest::sometimes()
        } else {
            tracing::subscriber::Interest::never()
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>, _ctx: Context<'_, S>) -> bool {
        logger_name(metadata.target()).is_some()
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        if runtime::is_shutting_down() {
            return;
        }
        let metadata = event.metadata();
        let Some(name) = logger_name(metadata.target()) else {
            return;
        };
        let level = python_level(metadata.level());
        let _ = Python::try_attach(|py| -> PyResult<()> {
            let logger = logging_module(py)?.call_method1("getLogger", (name,))?;
            if !logger.call_method1("isEnabledFor", (level,))?.is_truthy()? {
                return Ok(());
            }
            let mut message = Message::default();
            event.record(&mut message);
            logger.call_method1("log", (level, format!("{}{}", message.text, message.fields)))?;
            Ok(())
        });
    }
}

fn logging_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    MODULE
        .get_or_try_init(py, || py.import("logging").map(Bound::unbind))
        .map(|module| module.bind(py))
}
