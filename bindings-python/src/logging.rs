//! Rust `tracing` events → Python `logging`, under the logger `seedance_assets` (children
//! `seedance_assets.http`, `seedance_assets.wait`, `seedance_assets.simulator`, …).
//!
//! Only this package's events are forwarded; the level is whatever the Python logger allows.
//! The core keeps secrets out of its events, so nothing is masked here.
//!
//! Events fire on the runtime's threads (one per HTTP attempt), where asking Python means taking
//! the GIL away from the event loop. So the question "does any of our loggers want this level?"
//! is answered from [`THRESHOLD`], an atomic the Python thread refreshes ([`refresh`]) at every
//! client call, where it holds the GIL anyway. Only events that pass it take the GIL, and then
//! the event's own logger decides exactly (`isEnabledFor`). A level change therefore applies
//! from the next call on.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Mutex;

use pyo3::intern;
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

/// The lowest Python level any of our loggers may want: events below it are dropped without the
/// GIL. 0 means "unknown" (before the first refresh, or since a new logger appeared): every
/// event then asks Python, as a safe default.
static THRESHOLD: AtomicU8 = AtomicU8::new(0);
/// Bumped whenever a new (logger, level) pair is registered, so that a refresh racing with the
/// registration cannot publish a threshold computed without it.
static GENERATION: AtomicU64 = AtomicU64::new(0);
/// Every (logger name, Python level) pair some callsite of ours can emit, in registration order,
/// and the logger objects resolved so far (a prefix of it: `getLogger` needs the GIL, callsites
/// are registered without it). Loggers are never removed from `logging`'s manager, so the
/// resolved objects stay the ones `getLogger` returns.
static CALLSITES: Mutex<Callsites> = Mutex::new(Callsites {
    pairs: Vec::new(),
    loggers: Vec::new(),
});

struct Callsites {
    pairs: Vec<(String, u8)>,
    loggers: Vec<Py<PyAny>>,
}

/// Installs the bridge as the process's tracing subscriber, unless one is already set.
pub fn install() {
    let subscriber = tracing_subscriber::registry().with(PythonLogging);
    let _ = tracing::subscriber::set_global_default(subscriber);
}

/// Recomputes [`THRESHOLD`] from the Python loggers' current configuration. Called on the
/// Python thread at each client call: one `isEnabledFor` per (logger, level) pair our callsites
/// use (a handful; `logging` caches those answers per logger), no allocation once resolved.
pub fn refresh(py: Python<'_>) {
    let generation = GENERATION.load(Ordering::Acquire);
    let threshold = compute_threshold(py).unwrap_or(0);
    THRESHOLD.store(threshold, Ordering::Release);
    if GENERATION.load(Ordering::Acquire) != generation {
        // A callsite appeared meanwhile and may not be counted: stay conservative until the
        // next refresh.
        THRESHOLD.store(0, Ordering::Release);
    }
}

fn compute_threshold(py: Python<'_>) -> PyResult<u8> {
    // Snapshot under the lock (increfs only: no Python code runs while it is held, so a thread
    // switch cannot leave another GIL holder waiting on it), then ask Python without it.
    let (mut loggers, unresolved, levels) = {
        let callsites = CALLSITES.lock().unwrap_or_else(|p| p.into_inner());
        let loggers: Vec<Py<PyAny>> = callsites.loggers.iter().map(|l| l.clone_ref(py)).collect();
        let unresolved: Vec<String> = callsites.pairs[loggers.len()..]
            .iter()
            .map(|(name, _)| name.clone())
            .collect();
        let levels: Vec<u8> = callsites.pairs.iter().map(|&(_, level)| level).collect();
        (loggers, unresolved, levels)
    };
    if !unresolved.is_empty() {
        let get_logger = logging_module(py)?.getattr(intern!(py, "getLogger"))?;
        let known = loggers.len();
        for name in unresolved {
            loggers.push(get_logger.call1((name,))?.unbind());
        }
        let mut callsites = CALLSITES.lock().unwrap_or_else(|p| p.into_inner());
        // Another thread may have resolved the same prefix meanwhile; either result is right.
        if callsites.loggers.len() == known {
            callsites.loggers = loggers.iter().map(|l| l.clone_ref(py)).collect();
        }
    }
    let is_enabled_for = intern!(py, "isEnabledFor");
    let mut threshold = u8::MAX;
    for (logger, level) in loggers.iter().zip(levels) {
        if level < threshold
            && logger
                .bind(py)
                .call_method1(is_enabled_for, (level,))?
                .is_truthy()?
        {
            threshold = level;
        }
    }
    Ok(threshold)
}

/// Whether a tracing target is this package's (the core's or the simulator's).
fn is_ours(target: &str) -> bool {
    if target.starts_with(SIMULATOR_TARGET) {
        return true;
    }
    target
        .strip_prefix(CORE_TARGET)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
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

/// Records a callsite's (logger, level) pair for [`refresh`]; a new pair resets the threshold to
/// "unknown" until the next refresh has asked its logger.
fn register(name: String, level: u8) {
    let mut callsites = CALLSITES.lock().unwrap_or_else(|p| p.into_inner());
    if callsites
        .pairs
        .iter()
        .any(|(known, known_level)| *known_level == level && *known == name)
    {
        return;
    }
    callsites.pairs.push((name, level));
    GENERATION.fetch_add(1, Ordering::AcqRel);
    THRESHOLD.store(0, Ordering::Release);
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
        // Spans are not forwarded (only events are), so only event callsites are of interest.
        match logger_name(metadata.target()) {
            Some(name) if metadata.is_event() => {
                register(name, python_level(metadata.level()));
                tracing::subscriber::Interest::sometimes()
            }
            _ => tracing::subscriber::Interest::never(),
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>, _ctx: Context<'_, S>) -> bool {
        // No GIL here: a false answer is final, a true one is checked exactly in `on_event`.
        metadata.is_event()
            && python_level(metadata.level()) >= THRESHOLD.load(Ordering::Acquire)
            && is_ours(metadata.target())
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
