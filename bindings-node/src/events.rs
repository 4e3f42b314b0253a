//! Progress events as JS objects: a wait's (`onPoll`) and onboarding's (`onProgress`), keyed by
//! the core's event tables (`surface::EVENT_FIELDS`, `surface::ONBOARD_EVENT_FIELDS`) and
//! converted generically, durations in milliseconds.

use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::Status;
use seedance_assets::surface::{DetailValue, EventField};
use seedance_assets::{Onboarding, WaitOptions};
use serde_json::{Map, Value};

/// The caller's `onPoll` or `onProgress`, wrapped by `lib/client.js` so that a throw is logged,
/// not fatal; weak, so a pending event never holds the event loop open.
pub type EventSink = ThreadsafeFunction<Value, (), Value, Status, false, true>;

/// `options` reporting each event to `sink` without waiting for JS: the wait goes on while the
/// callback runs (and if the queue is closing, the event is dropped).
pub(crate) fn with_sink(options: WaitOptions, sink: EventSink) -> WaitOptions {
    options.on_poll(move |event| {
        let _ = sink.call(to_js(event.fields()), ThreadsafeFunctionCallMode::NonBlocking);
    })
}

/// `onboarding` reporting each item's progress to `sink`, as [`with_sink`] does a wait's.
pub(crate) fn with_progress(onboarding: Onboarding, sink: EventSink) -> Onboarding {
    onboarding.on_progress(move |event| {
        let _ = sink.call(to_js(event.fields()), ThreadsafeFunctionCallMode::NonBlocking);
    })
}

fn to_js(fields: Vec<(&'static EventField, DetailValue<'_>)>) -> Value {
    let mut object = Map::new();
    for (field, value) in fields {
        let value = match value {
            DetailValue::Text(text) => Value::from(text),
            DetailValue::Duration(d) => Value::from(d.as_secs_f64() * 1000.0),
            DetailValue::Int(n) => Value::from(n),
            // Events carry only text, numbers and durations; anything else is shown as absent.
            DetailValue::Null | DetailValue::Asset(_) | DetailValue::Cause(_) | DetailValue::Report(_) => {
                Value::Null
            }
        };
        object.insert(field.node.to_string(), value);
    }
    Value::Object(object)
}
