//! The one place core errors become JS values: an `Error` whose `code` is the stable `ERR_…`
//! string, with the fields the JS layer copies onto its `SeedanceError` subclasses.

use napi::bindgen_prelude::{JsValue, Object, ToNapiValue};
use napi::{sys, Env, JsError, Status};
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
            // SAFETY: napi calls this on the JS thread with that thread's live env, which is all
            // `T`'s own conversion requires.
            Reply::Done(value) => unsafe { T::to_napi_value(env, value) },
            // An error holding a reference to a JS error object is thrown (or rejected) as that
            // very object by napi, properties included.
            Reply::Failed(error) => Err(js_error(&Env::from_raw(env), &error)),
        }
    }
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
            object.set("cause", error_object(env, cause)?)?;
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
    Ok(object)
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
