//! Node.js binding of `seedance-assets`: converts arguments and answers, maps errors.
//!
//! Everything else (validation, retries, polling, redaction) lives in the core crate; the
//! client's and the journal's methods are napi `async fn`s, whose promises napi settles (errors
//! through `errors::Reply`). The hand-written JS layer in `lib/` wraps these exports into the
//! public `seedance-assets` API.

mod abort;
mod cli;
mod client;
mod convert;
mod errors;
mod events;
mod journal;
mod journal_models;
mod logging;
mod models;
mod options;
mod preflight;
mod simulator;
#[cfg(feature = "test-hooks")]
mod test_hooks;

use napi_derive::napi;

/// The version of this binding (and of the core it was built with).
#[napi]
pub fn binding_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
