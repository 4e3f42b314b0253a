//! Core `tracing` events → one JS function (the dispatcher in `lib/logging.js`), as
//! `{ level, target, message, fields }` records.
//!
//! Events fire on the runtime's threads. The level threshold is an atomic checked in
//! `enabled`, before anything is formatted or queued, so with no logger (the default) an event
//! costs one load. Records cross to JS through a weak (unref'ed) threadsafe function called in
//! non-blocking mode: logging never keeps the process alive and never stalls a request. The
//! core keeps secrets out of its events, so nothing is masked here.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, Once};

use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, Status};
use napi_derive::napi;
use serde_json::{Map, Value};
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;

use crate::errors::{invalid, thrown};

const CORE_TARGET: &str = "seedance_assets";
const SIMULATOR_TARGET: &str = "seedance_assets_simulator";
/// No level passes: the state until a logger is set.
const OFF: u8 = 0;

/// A JS function taking one record; weak, so it never holds the event loop open.
type Sink = ThreadsafeFunction<LogRecord, (), LogRecord, Status, false, true>;

/// The most verbose level the sink wants ([`OFF`] when there is none).
static THRESHOLD: AtomicU8 = AtomicU8::new(OFF);
static SINK: Mutex<Option<Arc<Sink>>> = Mutex::new(None);
static INSTALL: Once = Once::new();

/// Sends the package's log records at `level` (`error`, `warn`, `info`, `debug`, `trace` or
/// `off`) and above to `sink`; `null` or `off` stops them. The last call wins process-wide.
#[napi(
    ts_args_type = "sink: ((record: LogRecord) => void) | null, level: string",
    ts_return_type = "void"
)]
pub fn set_log_sink(env: &Env, sink: Option<Sink>, level: String) -> napi::Result<()> {
    let threshold = match level.as_str() {
        "off" => OFF,
        "error" => rank(&Level::ERROR),
        "warn" => rank(&Level::WARN),
        "info" => rank(&Level::INFO),
        "debug" => rank(&Level::DEBUG),
        "trace" => rank(&Level::TRACE),
        _ => {
            return thrown(
                env,
                Err(invalid(
                    "level",
                    format!("must be one of off, error, warn, info, debug, trace (got {level:?})"),
                )),
            )
        }
    };
    INSTALL.call_once(|| {
        // Another subscriber may already be global (an embedding process's): then ours is not
        // installed and records simply do not arrive, which is its owner's choice.
        let _ = tracing::subscriber::set_global_default(tracing_subscriber::registry().with(JsLogging));
    });
    let threshold = if sink.is_some() { threshold } else { OFF };
    let mut slot = SINK.lock().unwrap_or_else(|p| p.into_inner());
    *slot = sink.map(Arc::new);
    THRESHOLD.store(threshold, Ordering::Release);
    Ok(())
}

/// One record as the JS dispatcher receives it.
#[napi(object)]
pub struct LogRecord {
    /// `error`, `warn`, `info`, `debug` or `trace`.
    pub level: String,
    /// Where it comes from, e.g. `seedance_assets::http`.
    pub target: String,
    /// What happened.
    pub message: String,
    /// The event's structured fields (`code`, `delay_ms`, …).
    #[napi(ts_type = "Record<string, string | number | boolean>")]
    pub fields: Map<String, Value>,
}

/// Larger is more verbose; every level ranks above [`OFF`].
fn rank(level: &Level) -> u8 {
    match *level {
        Level::ERROR => 1,
        Level::WARN => 2,
        Level::INFO => 3,
        Level::DEBUG => 4,
        Level::TRACE => 5,
    }
}

/// Whether a tracing target is this package's (the core's or the simulator's).
fn is_ours(target: &str) -> bool {
    [CORE_TARGET, SIMULATOR_TARGET].iter().any(|ours| {
        target
            .strip_prefix(ours)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
    })
}

/// The event's message and its other fields as JSON values.
#[derive(Default)]
struct Record {
    message: String,
    fields: Map<String, Value>,
}

impl Visit for Record {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            self.fields.insert(field.name().to_string(), Value::from(value));
        }
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.fields.insert(field.name().to_string(), Value::from(value));
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.fields.insert(field.name().to_string(), Value::from(value));
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.fields.insert(field.name().to_string(), Value::from(value));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.message = format!("{value:?}");
        } else {
            self.fields
                .insert(field.name().to_string(), Value::from(format!("{value:?}")));
        }
    }
}

struct JsLogging;

impl<S: Subscriber> Layer<S> for JsLogging {
    fn register_callsite(&self, metadata: &'static Metadata<'static>) -> tracing::subscriber::Interest {
        // Only events are forwarded; `sometimes` because the threshold changes at run time.
        if metadata.is_event() && is_ours(metadata.target()) {
            tracing::subscriber::Interest::sometimes()
        } else {
            tracing::subscriber::Interest::never()
        }
    }

    fn enabled(&self, metadata: &Metadata<'_>, _ctx: Context<'_, S>) -> bool {
        rank(metadata.level()) <= THRESHOLD.load(Ordering::Acquire)
            && metadata.is_event()
            && is_ours(metadata.target())
    }

    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let Some(sink) = SINK.lock().unwrap_or_else(|p| p.into_inner()).clone() else {
            return;
        };
        let metadata = event.metadata();
        let mut record = Record::default();
        event.record(&mut record);
        let record = LogRecord {
            level: metadata.level().as_str().to_ascii_lowercase(),
            target: metadata.target().to_string(),
            message: record.message,
            fields: record.fields,
        };
        // Non-blocking: a full queue or a closing environment drops the record, never the call.
        let _ = sink.call(record, ThreadsafeFunctionCallMode::NonBlocking);
    }
}
