//! The one place core errors become JS values: an `Error` whose `code` is the stable `ERR_…`
//! string, with the fields the JS layer copies onto its `SeedanceError` subclasses.

use napi::bindgen_prelude::{Object, ToNapiValue, Unknown};
use napi::{sys, JsError, Status};
use seedance_assets::{CallbackFailure, Error as CoreError};

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
    object.set("status", error.http_status().map(u32::from))?;
    object.set("envelopeCode", error.envelope_code().map(|c| c as f64))?;
    object.set("requestId", error.request_id())?;
    object.set("retryAfterMs", error.retry_after().map(|d| d.as_millis() as f64))?;
    match error {
        CoreError::InvalidArgument { field, reason } => {
            object.set("field", camel_case(field))?;
            object.set("reason", reason.as_str())?;
        }
        CoreError::OutcomeUnknown { operation, cause } => {
            object.set("operation", *operation)?;
            let cause = unsafe { error_object(env, cause)? };
            object.set("cause", unsafe { Unknown::from_raw_unchecked(env, cause) })?;
        }
        CoreError::Decode { reason, snippet, .. } => {
            object.set("reason", reason.as_str())?;
            object.set("bodySnippet", snippet.as_str())?;
        }
        CoreError::AssetFailed { asset } => {
            object.set("assetId", asset.asset_id.as_str())?;
            object.set("asset", Asset::from(asset.as_ref()))?;
        }
        CoreError::WaitTimeout {
            asset_id,
            waited,
            last,
        } => {
            object.set("assetId", asset_id.as_str())?;
            object.set("waitedMs", waited.as_millis() as f64)?;
            object.set("last", last.as_deref().map(Asset::from))?;
        }
        CoreError::Callback {
            failure,
            result_code,
            algorithm_base_resp_code,
            ..
        } => {
            object.set("failure", callback_failure_name(*failure))?;
            object.set("resultCode", result_code.as_deref())?;
            object.set("algorithmBaseRespCode", algorithm_base_resp_code.as_deref())?;
        }
        _ => {}
    }
    Ok(raw)
}

fn callback_failure_name(failure: CallbackFailure) -> &'static str {
    match failure {
        CallbackFailure::Malformed => "malformed",
        CallbackFailure::TokenMismatch => "token_mismatch",
        CallbackFailure::NotPassed => "not_passed",
    }
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
            format!("invalid argument `{}`: {reason}", camel_case(field))
        }
        other => other.to_string(),
    }
}

/// `asset_type` → `assetType`.
fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}
