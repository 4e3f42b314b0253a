//! The one place core errors become JS values: an `Error` whose `code` is the stable `ERR_…`
//! string, with the fields the JS layer copies onto its `SeedanceError` subclasses.

use napi::bindgen_prelude::{JsValue, Null, Object, ToNapiValue};
use napi::{sys, Env, JsError, Status};
use seedance_assets::surface::{DetailValue, Lang};
use seedance_assets::Error as CoreError;

use crate::models::Asset;

/// The outcome of an async method, converted on the JS thread when napi settles its promise:
/// the value, or a rejection with the JS error object carrying `code`, `status`, `requestId`,
/// `asset`/`last`, … as properties.
pub enum Reply<T> {
    /// The answer.
    Done(T),
    /// The core error to reject with.
    Failed(CoreError),
}

impl<T> From<Result<T, CoreError>> for Reply<T> {
    fn from(result: Result<T, CoreError>) -> Self {
        match result {
            Ok(value) => Reply::Done(value),
            Err(error) => Reply::Failed(error),
        }
    }
}

// napi's conversion trait is an `unsafe fn` by its definition (it takes a raw env); this impl
// only forwards to `T`'s own conversion or builds the error through the safe API.
#[allow(unsafe_code)]
impl<T: ToNapiValue> ToNapiValue for Reply<T> {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        match val {
            // SAFETY: napi calls this on the JS thread with that thread's live env, which is
            // all `T`'s own conversion requires.
            Reply::Done(value) => unsafe { T::to_napi_value(env, value) },
            // An error holding a reference to a JS error object is rejected with that very
            // object by napi, properties included.
            Reply::Failed(error) => Err(js_error(&Env::from_raw(env), &error)),
        }
    }
}

/// `result` as a synchronous export returns it: a core error becomes the JS error object
/// carrying `code`, `status`, `requestId`, `asset`/`last`, … as properties, which napi throws
/// as that very object (an error holding a reference to a JS value is thrown as that value).
pub(crate) fn thrown<T>(env: &Env, result: Result<T, CoreError>) -> napi::Result<T> {
    result.map_err(|error| js_error(env, &error))
}

/// A napi error wrapping the JS error object for `error`.
fn js_error(env: &Env, error: &CoreError) -> napi::Error {
    match error_object(env, error) {
        Ok(object) => napi::Error::from(object.to_unknown()),
        Err(_) => napi::Error::new(Status::GenericFailure, format!("{}: {error}", error.code())),
    }
}

/// A JS `Error` with `code` and `message` from the core and every detail it carries.
fn error_object<'env>(env: &'env Env, error: &CoreError) -> napi::Result<Object<'env>> {
    let base = JsError::from(napi::Error::new(error.code().as_str(), message(error)));
    let raw = base.into_unknown(*env).raw();
    if raw.is_null() {
        return Err(napi::Error::new(Status::GenericFailure, "cannot create an error"));
    }
    let mut object = Object::from_raw(env.raw(), raw);
    for (detail, value) in error.details() {
        match value {
            DetailValue::Null => object.set(detail.node, Null)?,
            DetailValue::Text(text) if detail.node == "field" => {
                object.set(detail.node, Lang::Node.spell(text))?
            }
            DetailValue::Text(text) => object.set(detail.node, text)?,
            DetailValue::Int(n) => object.set(detail.node, n as f64)?,
            DetailValue::Duration(d) => object.set(detail.node, d.as_secs_f64() * 1000.0)?,
            DetailValue::Asset(asset) => object.set(detail.node, Asset::from(asset))?,
            DetailValue::Report(report) => object.set(detail.node, crate::preflight::report(report))?,
            DetailValue::Cause(inner) => object.set(detail.node, error_object(env, inner)?)?,
        }
    }
    Ok(object)
}

/// An `ERR_INVALID_ARGUMENT` for an argument of the JS API (camelCase name).
pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> CoreError {
    CoreError::InvalidArgument {
        field,
        reason: reason.into(),
    }
}

/// The error's message, naming arguments as JS callers wrote them (`callbackUrl`, not `callback_url`).
fn message(error: &CoreError) -> String {
    match error {
        CoreError::InvalidArgument { field, reason } => {
            format!("invalid argument `{}`: {reason}", Lang::Node.spell(field))
        }
        other => other.to_string(),
    }
}
