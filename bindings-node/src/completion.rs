//! How a call's outcome gets back to JS: one shared threadsafe function per env.
//!
//! napi-rs 3's `async fn` creates and releases a threadsafe function for every promise
//! (`JsDeferred::new`), which is most of a call's latency when calls run one after another.
//! Here `lib/completion.js` makes the promise itself, keeps its `resolve`/`reject` under a
//! numeric id, and creates one [`Completions`] per env from its `settle(id, ok, value)`. A
//! method starts its future with [`Completions::start`] and returns at once; the finished
//! future queues its outcome on the shared threadsafe function, whose callback converts it on
//! the JS thread (errors through [`crate::errors`]) and calls `settle`.
//!
//! The threadsafe function is weak: `lib/completion.js` refs it (`hold`) while any call is
//! pending and unrefs it (`release`) when none is, so a pending call keeps the process alive
//! and an idle process exits. A panic while running the future or converting its answer
//! rejects the call with the panic's message (as napi's `catch_unwind` does); it never
//! unwinds into Node.

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::{Arc, PoisonError, RwLock};
use std::task::{Context, Poll};

use napi::bindgen_prelude::{panic_to_error, spawn, FnArgs, Function, ToNapiValue};
use napi::threadsafe_function::{ThreadsafeCallContext, ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{sys, Env, JsError, JsValue, Status};
use napi_derive::napi;
use seedance_assets::Error as CoreError;

use crate::errors;

/// `settle`'s `ok` and value: `true` and the answer, or `false` and the error.
type Settlement = (bool, sys::napi_value);

/// What `settle` is called with: the call's id, whether it succeeded, and its value or error.
type SettleArgs = FnArgs<(u32, bool, sys::napi_value)>;

/// The env's `settle`, callable from any thread; weak (unref'd) until `hold`.
type Settle = ThreadsafeFunction<Finished, (), SettleArgs, Status, false, true>;

/// A finished call's outcome, converted when called on the JS thread.
type ToJs = Box<dyn FnOnce(&Env) -> napi::Result<Settlement> + Send>;

/// A finished call on its way to the JS thread: Rust values only, converted there.
pub(crate) struct Finished {
    id: u32,
    to_js: ToJs,
}

/// The env's channel for settling the JS layer's promises (`lib/completion.js` makes one).
#[napi]
pub struct Completions {
    /// Calls use it under the read lock; `hold`/`release` (JS thread only) take the write lock,
    /// as napi's ref/unref want `&mut`.
    settle: Arc<RwLock<Settle>>,
}

#[napi]
impl Completions {
    /// Wraps `settle`, which receives every call's outcome on the JS thread: its `id`, and
    /// either `ok` and the answer or not `ok` and the error to reject with.
    #[napi(
        constructor,
        ts_args_type = "settle: (id: number, ok: boolean, value: unknown) => void"
    )]
    pub fn new(settle: Function<'_, SettleArgs, ()>) -> napi::Result<Self> {
        let settle = settle
            .build_threadsafe_function::<Finished>()
            .callee_handled::<false>()
            .weak::<true>()
            .build_callback(settle_args)?;
        Ok(Self {
            settle: Arc::new(RwLock::new(settle)),
        })
    }

    /// Keeps the event loop alive until `release` (while calls are pending).
    #[napi]
    pub fn hold(&self, env: &Env) -> napi::Result<()> {
        // `refer`/`unref` are deprecated in favour of cloning (which counts threads, not loop
        // references); they are napi's only safe `napi_(un)ref_threadsafe_function`.
        #[allow(deprecated)]
        self.settle
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .refer(env)
    }

    /// Lets the event loop exit again (no call pending).
    #[napi]
    pub fn release(&self, env: &Env) -> napi::Result<()> {
        #[allow(deprecated)]
        self.settle
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .unref(env)
    }
}

impl Completions {
    /// Runs `operation` on napi's tokio runtime; its answer, error or panic settles call `id`.
    pub(crate) fn start<T, F>(&self, id: u32, operation: F)
    where
        T: ToNapiValue + Send + 'static,
        F: Future<Output = Result<T, CoreError>> + Send + 'static,
    {
        let settle = Arc::clone(&self.settle);
        spawn(async move {
            let outcome = CatchUnwind(Box::pin(operation)).await;
            let finished = Finished {
                id,
                to_js: Box::new(move |env| to_js(env, outcome)),
            };
            let settle = settle.read().unwrap_or_else(PoisonError::into_inner);
            let status = settle.call(finished, ThreadsafeFunctionCallMode::NonBlocking);
            // Unbounded queue, non-blocking: the call fails only once the env is torn down
            // (`Closing`), and then no promise is left to settle; the outcome (Rust values
            // only) was dropped here.
            debug_assert!(matches!(status, Status::Ok | Status::Closing), "settle: {status}");
        });
    }
}

/// The threadsafe function's callback (JS thread): `settle`'s arguments for a finished call.
/// It must not fail or panic (either would end the process), so a conversion that does
/// becomes the call's error.
fn settle_args(ctx: ThreadsafeCallContext<Finished>) -> napi::Result<SettleArgs> {
    let Finished { id, to_js } = ctx.value;
    let env = ctx.env;
    let (ok, value) = match catch_unwind(AssertUnwindSafe(|| to_js(&env))) {
        Ok(Ok(answer)) => answer,
        Ok(Err(error)) => (false, error_value(&env, error)?),
        Err(panic) => (false, error_value(&env, panic_to_error(panic))?),
    };
    Ok(FnArgs::from((id, ok, value)))
}

/// An outcome as `settle`'s `ok` and value: the answer, or the JS error for a core error or a
/// panic.
fn to_js<T: ToNapiValue>(
    env: &Env,
    outcome: std::thread::Result<Result<T, CoreError>>,
) -> napi::Result<Settlement> {
    Ok(match outcome {
        Ok(Ok(answer)) => (true, answer.into_unknown(env)?.raw()),
        Ok(Err(error)) => (false, errors::error_object(env, &error)?.raw()),
        Err(panic) => (false, error_value(env, panic_to_error(panic))?),
    })
}

/// A plain JS `Error` for a napi error (its status becomes the `code`).
fn error_value(env: &Env, error: napi::Error) -> napi::Result<sys::napi_value> {
    let value = JsError::from(error).into_unknown(*env).raw();
    if value.is_null() {
        return Err(napi::Error::new(Status::GenericFailure, "cannot create an error"));
    }
    Ok(value)
}

/// A future's output, or the payload of a panic while polling it.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = std::thread::Result<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match catch_unwind(AssertUnwindSafe(|| self.0.as_mut().poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Err(panic) => Poll::Ready(Err(panic)),
        }
    }
}
