//! Node.js binding of `seedance-assets`: converts arguments, bridges async, maps errors.
//!
//! Everything else (validation, retries, polling, redaction) lives in the core crate. The
//! hand-written JS layer in `lib/` wraps these exports into the public `seedance-assets` API.

mod abort;
mod bridge;
mod client;
mod errors;
mod models;
mod simulator;

use napi::bindgen_prelude::PromiseRaw;
use napi::Env;
use napi_derive::napi;
use seedance_assets::Error as CoreError;

use crate::bridge::Bridge;

/// The version of this binding (and of the core it was built with).
#[napi]
pub fn binding_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Panics on purpose, so the tests can check a panic becomes a thrown error, not a crash.
#[napi(catch_unwind, js_name = "__panicForTests")]
pub fn panic_for_tests() {
    panic!("deliberate panic for the tests");
}

/// Panics inside the future on purpose: the promise must reject, the process must live on.
/// Runs through the bridge the client's methods use.
#[napi(
    catch_unwind,
    js_name = "__panicInFutureForTests",
    ts_return_type = "Promise<void>"
)]
pub fn panic_in_future_for_tests(env: &Env) -> napi::Result<PromiseRaw<'_, ()>> {
    Bridge::of(env)?.start(env, async {
        tokio::task::yield_now().await;
        panic!("deliberate panic in a future for the tests");
        #[allow(unreachable_code)]
        Ok::<(), CoreError>(())
    })
}
