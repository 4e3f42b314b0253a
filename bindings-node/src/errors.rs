//! The one place core errors become JS values: an `Error` whose `code` is the stable `ERR_…`
//! string, with the fields the JS layer copies onto its `SeedanceError` subclasses.

use napi::bindgen_prelude::{Null, Object, ToNapiValue, Unknown};
use napi::{sys, JsError, Status};
use seedance_assets::surface::{DetailValue, Lang};
use seedance_assets::Error as CoreError;

use crate::models::Asset;

/// The outcome of an operation, converted on the JS thread: the value, or a rejection with a
/// JS error object carrying `code`, `status`, `requestId`, `asset`/`last`, … as properties.
pub enum Reply<T> {
    Done(T),
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

impl<T: ToNapiValue> ToNapiValue for Reply<T> {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        match val {
            Reply::Done(value) => unsafe { T::to_napi_value(env, value) },
            // An error holding a reference to a JS error object is thrown (or rejected) as that
            // very object by napi, properties included.
            Reply::Failed(error) => Err(unsafe { js_error(env, &error) }),
        }
    }
}

/// A napi error wrapping the JS error object for `error`.
unsafe fn js_error(env: sys::napi_env, error: &CoreError) -> napi::Error {
    match unsafe { error_object(env, error) } {
        Ok(value) => napi::Error::from(unsafe { Unknown::from_raw_unchecked(env, value) }),
        Err(_) => napi::Error::new(Status::GenericFailure, format!("{}: {error}", error.code())),
    }
}

/// The JS error object for `error` (a promise of the bridge is rejected with it).
pub(crate) unsafe fn error_value(env: sys::napi_env, error: &CoreError) -> sys::napi_value {
    match unsafe { error_object(env, error) } {
        Ok(value) => value,
        Err(_) => {
            let fallback = napi::Error::new(Status::GenericFailure, format!("{}: {error}", error.code()));
            unsafe { JsError::from(fallback).into_value(env) }
        }
    }
}

/// A JS `Error` with `code` and `message` from the core and every detail it carries.
unsafe fn error_object(env: sys::napi_env, error: &CoreError) -> napi::Result<sys::napi_value> {
    let base = napi::Error::new(error.code().as_str(), message(error));
    let raw = unsafe { JsError::from(base).into_value(env) };
    if raw.is_null() {
        return Err(napi::Error::new(Status::GenericFailure, "cannot create an error"));
    }
    let mut object = Object::from_raw(env, raw);
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
            DetailValue::Cause(inner) => {
                let cause = unsafe { error_object(env, inner)? };
                object.set(detail.node, unsafe { Unknown::from_raw_unchecked(env, cause) })?;
            }
        }
    }
    Ok(raw)
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
