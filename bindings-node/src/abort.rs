//! Cancellation: a handle the JS layer fires from an `AbortSignal`'s `abort` event.
//!
//! napi's own `AbortSignal` support only cancels libuv `AsyncTask`s that have not started and
//! overwrites `signal.onabort`; our operations are tokio futures, so the JS layer listens on
//! the signal and calls [`AbortHandle::abort`], and the future is raced against it and dropped.

use std::future::Future;

use napi_derive::napi;
use seedance_assets::Error as CoreError;
use tokio::sync::watch;

/// Fired once by the JS layer when the caller's `AbortSignal` aborts. A call without a signal
/// gets a handle that never fires (each call's future watches the handle on its own, so the
/// handle may be collected before the call settles: it then never fires).
#[napi]
pub struct AbortHandle {
    aborted: watch::Sender<bool>,
}

impl Default for AbortHandle {
    fn default() -> Self {
        Self::new()
    }
}

#[napi]
impl AbortHandle {
    /// A handle that has not fired.
    #[napi(constructor)]
    pub fn new() -> Self {
        Self {
            aborted: watch::channel(false).0,
        }
    }

    /// Cancels every operation started with this handle (also ones started later).
    #[napi]
    pub fn abort(&self) {
        self.aborted.send_replace(true);
    }

    /// Whether `abort` was called.
    #[napi(getter)]
    pub fn aborted(&self) -> bool {
        *self.aborted.borrow()
    }

    /// What an operation started now is raced against (see [`Abort::run`]).
    pub(crate) fn watch(&self) -> Abort {
        Abort(self.aborted.subscribe())
    }
}

/// One operation's view of an [`AbortHandle`], moved into its future.
pub(crate) struct Abort(watch::Receiver<bool>);

impl Abort {
    /// Runs `operation`, or drops it and returns [`CoreError::Aborted`] as soon as the handle
    /// fires (at once if it already has).
    pub(crate) async fn run<T>(
        self,
        operation: impl Future<Output = Result<T, CoreError>>,
    ) -> Result<T, CoreError> {
        let mut aborted = self.0;
        let fired = async move {
            if aborted.wait_for(|a| *a).await.is_err() {
                // The sender is gone without firing: it never will.
                std::future::pending::<()>().await;
            }
        };
        tokio::select! {
            biased;
            () = fired => Err(CoreError::Aborted),
            result = operation => result,
        }
    }
}
