//! Deliberate panics, so the tests can check a panic becomes an error, not a crash. Compiled
//! only with the `test-hooks` feature: scripts/node-test.sh builds a separate addon with it for
//! the panic tests, and the addon that ships has none of this.

use napi_derive::napi;

/// Panics on purpose in a synchronous call: it must throw.
#[napi(catch_unwind, js_name = "__panicForTests")]
pub fn panic_for_tests() {
    panic!("deliberate panic for the tests");
}

/// Panics on purpose inside the future: the promise must reject, the process must live on.
#[napi(catch_unwind, js_name = "__panicInFutureForTests")]
pub async fn panic_in_future_for_tests() {
    tokio::task::yield_now().await;
    panic!("deliberate panic in a future for the tests");
}
