//! Async results back to JS: one long-lived threadsafe function per env, completions in batches.
//!
//! napi's `#[napi] async fn` settles each promise through a threadsafe function of its own
//! (`JsDeferred`): a `uv_async_t`, a cleanup hook and their teardown per call. Here every call
//! of an env shares one threadsafe function instead. A call creates its promise on the JS
//! thread and spawns its future on the runtime; the finished future pushes its outcome onto the
//! env's inbox and signals the threadsafe function only when the inbox was empty, and the
//! callback (JS thread) drains the inbox, converts each outcome (errors through
//! [`crate::errors`], as before) and settles the promises.
//!
//! The threadsafe function is unref'd while no call is pending, so an idle process exits on its
//! own, and ref'd while any is, so a pending call keeps it alive. Every started call settles
//! exactly once: with its result, with an internal error if its future panicked, or with one if
//! the runtime dropped it. Worker envs each get their own bridge; outcomes arriving after an
//! env was torn down are dropped (Rust values only: nothing JS-side is touched off-thread).

use std::any::Any;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};

use napi::bindgen_prelude::{PromiseRaw, ToNapiValue};
use napi::threadsafe_function::{ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{check_status, sys, Env, JsError, Status};
use seedance_assets::Error as CoreError;

use crate::errors;
use crate::models::{Asset, UploadedAsset, ValidationResult, ValidationSession};

/// The env's threadsafe function: no arguments, unref'd at creation (`Weak`).
type Signal = ThreadsafeFunction<(), (), (), Status, false, true>;

/// A finished call's value, converted to JS on the JS thread.
pub(crate) enum Outcome {
    Unit,
    Asset(Asset),
    ValidationSession(ValidationSession),
    ValidationResult(ValidationResult),
    UploadedAsset(UploadedAsset),
    Failed(CoreError),
    /// The future panicked (or was dropped unfinished): an internal error with this message.
    Panicked(String),
}

macro_rules! outcome_from {
    ($($variant:ident),*) => {$(
        impl From<$variant> for Outcome {
            fn from(value: $variant) -> Self {
                Outcome::$variant(value)
            }
        }
    )*};
}
outcome_from!(Asset, ValidationSession, ValidationResult, UploadedAsset);

impl From<()> for Outcome {
    fn from((): ()) -> Self {
        Outcome::Unit
    }
}

/// A promise's `napi_deferred`; only ever used (settled) on its env's JS thread.
struct Deferred(sys::napi_deferred);

// SAFETY: the pointer is only carried by other threads; it is dereferenced (settled) only by
// the drain callback, which N-API runs on the env's JS thread.
unsafe impl Send for Deferred {}

struct Settled {
    deferred: Deferred,
    outcome: Outcome,
}

/// What the runtime threads and the drain callback share.
struct Inbox {
    queue: Mutex<Vec<Settled>>,
    /// Calls started and not yet settled (read and written on the JS thread only).
    pending: AtomicUsize,
    /// The threadsafe function, for ref/unref from the drain callback (JS thread only).
    raw: AtomicPtr<sys::napi_threadsafe_function__>,
}

impl Inbox {
    fn queue(&self) -> MutexGuard<'_, Vec<Settled>> {
        // A push or a swap cannot leave the Vec inconsistent: a poisoned lock is still usable.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The per-env bridge; `NativeClient`s keep an `Arc` of the bridge of the env they were made in.
pub(crate) struct Bridge {
    inbox: Arc<Inbox>,
    signal: Signal,
}

impl Bridge {
    /// The bridge of `env`, created on first use and dropped with the env.
    pub(crate) fn of(env: &Env) -> napi::Result<Arc<Bridge>> {
        if let Some(bridge) = env.get_instance_data::<Arc<Bridge>>()? {
            return Ok(Arc::clone(bridge));
        }
        let bridge = Arc::new(Bridge::new(env)?);
        env.set_instance_data(Arc::clone(&bridge), (), |_| {})?;
        Ok(bridge)
    }

    fn new(env: &Env) -> napi::Result<Bridge> {
        let inbox = Arc::new(Inbox {
            queue: Mutex::new(Vec::new()),
            pending: AtomicUsize::new(0),
            raw: AtomicPtr::new(ptr::null_mut()),
        });
        let drained = Arc::clone(&inbox);
        let mut spare = Vec::new();
        // The settling happens in the callback below; the JS function it then calls does nothing.
        let noop = env.create_function_from_closure::<(), (), _>("seedanceAssetsSettled", |_| Ok(()))?;
        let signal: Signal = noop
            .build_threadsafe_function::<()>()
            .callee_handled::<false>()
            .weak::<true>()
            .build_callback(move |ctx| {
                // Never an `Err` or a panic out of here: either would end the process.
                let env = ctx.env.raw();
                let _ = catch_unwind(AssertUnwindSafe(|| drain(env, &drained, &mut spare)));
                Ok(())
            })?;
        inbox.raw.store(signal.raw(), Ordering::Relaxed);
        Ok(Bridge { inbox, signal })
    }

    /// Starts `operation` on the runtime; returns its promise (call on the env's JS thread).
    pub(crate) fn start<'env, T, F>(
        self: &Arc<Self>,
        env: &'env Env,
        operation: F,
    ) -> napi::Result<PromiseRaw<'env, T>>
    where
        T: Into<Outcome>,
        F: Future<Output = Result<T, CoreError>> + Send + 'static,
    {
        let raw_env = env.raw();
        let mut deferred = ptr::null_mut();
        let mut promise = ptr::null_mut();
        check_status!(
            unsafe { sys::napi_create_promise(raw_env, &mut deferred, &mut promise) },
            "cannot create a promise"
        )?;
        self.retain(raw_env);
        let completion = Completion {
            bridge: Arc::clone(self),
            deferred: Some(Deferred(deferred)),
        };
        let task = async move {
            let outcome = match (CatchUnwind { future: operation }).await {
                Ok(Ok(value)) => value.into(),
                Ok(Err(error)) => Outcome::Failed(error),
                Err(panic) => Outcome::Panicked(panic_message(panic.as_ref())),
            };
            completion.complete(outcome);
        };
        // Should the runtime be gone, `spawn` panics after dropping the task, whose
        // `Completion` then rejects the promise: return it all the same.
        let _ = catch_unwind(AssertUnwindSafe(|| napi::bindgen_prelude::spawn(task)));
        Ok(PromiseRaw::new(raw_env, promise))
    }

    /// One more pending call; the first keeps the event loop alive (JS thread).
    fn retain(&self, env: sys::napi_env) {
        if self.inbox.pending.fetch_add(1, Ordering::Relaxed) == 0 && !self.signal.aborted() {
            unsafe { sys::napi_ref_threadsafe_function(env, self.signal.raw()) };
        }
    }

    /// Queues an outcome; wakes the JS thread only if the queue was empty (any thread).
    fn push(&self, settled: Settled) {
        let was_empty = {
            let mut queue = self.inbox.queue();
            queue.push(settled);
            queue.len() == 1
        };
        if was_empty {
            // Fails only once the env is torn down: nothing is left to settle then.
            let _ = self.signal.call((), ThreadsafeFunctionCallMode::NonBlocking);
        }
    }
}

/// The drain callback: settles everything queued (JS thread).
fn drain(env: sys::napi_env, inbox: &Inbox, spare: &mut Vec<Settled>) {
    std::mem::swap(&mut *inbox.queue(), spare);
    let settled = spare.len();
    for item in spare.drain(..) {
        // A scope per promise, so a large batch does not pile up handles until the callback ends.
        let mut scope = ptr::null_mut();
        let opened = unsafe { sys::napi_open_handle_scope(env, &mut scope) } == sys::Status::napi_ok;
        let _ = catch_unwind(AssertUnwindSafe(|| unsafe { settle(env, item) }));
        if opened {
            unsafe { sys::napi_close_handle_scope(env, scope) };
        }
    }
    if settled == 0 {
        return;
    }
    let before = inbox.pending.fetch_sub(settled, Ordering::Relaxed);
    if before == settled {
        // No call pending any more: an idle process may exit.
        unsafe { sys::napi_unref_threadsafe_function(env, inbox.raw.load(Ordering::Relaxed)) };
    }
}

/// Resolves or rejects one promise; errors are built by `errors.rs` exactly as before.
unsafe fn settle(env: sys::napi_env, item: Settled) {
    let value = match item.outcome {
        Outcome::Unit => unsafe { <()>::to_napi_value(env, ()) },
        Outcome::Asset(v) => unsafe { Asset::to_napi_value(env, v) },
        Outcome::ValidationSession(v) => unsafe { ValidationSession::to_napi_value(env, v) },
        Outcome::ValidationResult(v) => unsafe { ValidationResult::to_napi_value(env, v) },
        Outcome::UploadedAsset(v) => unsafe { UploadedAsset::to_napi_value(env, v) },
        Outcome::Failed(error) => {
            let reason = unsafe { errors::error_value(env, &error) };
            unsafe { sys::napi_reject_deferred(env, item.deferred.0, reason) };
            return;
        }
        Outcome::Panicked(message) => Err(napi::Error::new(Status::GenericFailure, message)),
    };
    let deferred = item.deferred.0;
    unsafe {
        match value {
            Ok(value) => sys::napi_resolve_deferred(env, deferred, value),
            Err(error) => sys::napi_reject_deferred(env, deferred, JsError::from(error).into_value(env)),
        };
    }
}

/// A started call's obligation to settle its promise, met once even if the task is dropped.
struct Completion {
    bridge: Arc<Bridge>,
    deferred: Option<Deferred>,
}

impl Completion {
    fn complete(mut self, outcome: Outcome) {
        if let Some(deferred) = self.deferred.take() {
            self.bridge.push(Settled { deferred, outcome });
        }
    }
}

impl Drop for Completion {
    fn drop(&mut self) {
        if let Some(deferred) = self.deferred.take() {
            let outcome = Outcome::Panicked("the operation was dropped before it finished".into());
            self.bridge.push(Settled { deferred, outcome });
        }
    }
}

/// A future's output, or the payload of a panic while polling it.
struct CatchUnwind<F> {
    future: F,
}

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, Box<dyn Any + Send>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // SAFETY: structural pinning of the only field; it is never moved out.
        let future = unsafe { self.map_unchecked_mut(|s| &mut s.future) };
        match catch_unwind(AssertUnwindSafe(|| future.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Err(panic) => Poll::Ready(Err(panic)),
        }
    }
}

/// The panic's message, as napi's `catch_unwind` reports it.
fn panic_message(panic: &(dyn Any + Send)) -> String {
    if let Some(message) = panic.downcast_ref::<String>() {
        message.clone()
    } else if let Some(message) = panic.downcast_ref::<&str>() {
        (*message).to_string()
    } else {
        "panic from Rust code".to_string()
    }
}
