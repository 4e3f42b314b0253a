//! Cancellation: a handle the JS layer fires from an `AbortSignal`'s `abort` event.
//!
//! napi's own `AbortSignal` support only cancels libuv `AsyncTask`s that have not started and
//! overwrites `signal.onabort`; our operations are tokio futures, so the JS layer listens on
//! the signal and calls [`AbortHandle::abort`], and the future is raced against it and dropped.

use std::future::Future;

use napi_derive::napi;
use seedance_assets::Error as CoreError;
use tokio::sync::watch;

/// Fired once by the JS layer when the caller's `AbortSignal` aborts.
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
}

/// What a running operation watches for the abort (taken on the JS thread, when it starts).
pub(crate) type AbortWatch = Option<watch::Receiver<bool>>;

/// The watch for `handle`, if any.
pub(crate) fn watch(handle: Option<&AbortHandle>) -> AbortWatch {
    handle.map(|handle| handle.aborted.subscribe())
}

/// Runs `operation`, or drops it and returns [`CoreError::Aborted`] as soon as the handle fires.
pub(crate) async fn abortable<T>(
    watch: AbortWatch,
    operation: impl Future<Output = Result<T, CoreError>>,
) -> Result<T, CoreError> {
    let Some(mut aborted) = watch else {
        return operation.await;
    };
    let fired = async move {
        if aborted.wait_for(|a| *a).await.is_err() {
            // The handle is gone without firing: it never will.
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        biased;
        () = fired => Err(CoreError::Aborted),
        result = operation => result,
    }
}
