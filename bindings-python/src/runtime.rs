//! The package's own tokio runtime, and the two bridges from Rust futures to Python:
//! blocking (GIL released, Ctrl-C checked) and awaitable (on the caller's asyncio loop).
//!
//! The runtime is created lazily and is tied to the process ([`process_token`]): a child of
//! `os.fork()` inherits a runtime whose worker threads do not exist there, so it builds a fresh
//! one instead of hanging. An `atexit` hook shuts the runtime down (bounded) before the
//! interpreter finalizes.

use std::cell::OnceCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::thread::ThreadId;
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3_async_runtimes::generic::{self, ContextExt, JoinError, Runtime};
use pyo3_async_runtimes::TaskLocals;
use tokio::runtime::Handle;

/// How often a blocking call wakes up to let Python handle signals (Ctrl-C).
const SIGNAL_CHECK_INTERVAL: Duration = Duration::from_millis(100);
/// How long interpreter exit waits for in-flight work before abandoning it.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

struct OwnedRuntime {
    /// The [`process_token`] of the process that built it.
    process: u64,
    runtime: tokio::runtime::Runtime,
}

static RUNTIME: Mutex<Option<OwnedRuntime>> = Mutex::new(None);
/// Set by the `atexit` hook; the thread that ran it is remembered in `EXIT_THREAD`.
static SHUTTING_DOWN: AtomicBool = AtomicBool::new(false);
static EXIT_THREAD: Mutex<Option<ThreadId>> = Mutex::new(None);

/// A handle to this process's runtime, building it on first use (and again after a fork).
pub fn handle() -> Handle {
    if is_shutting_down() {
        // Work still finishing on the runtime being shut down stays there (and is cancelled)
        // rather than starting a new runtime nobody will stop.
        if let Ok(current) = Handle::try_current() {
            return current;
        }
    }
    let mut slot = RUNTIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let process = process_token();
    if let Some(owned) = slot.as_ref().filter(|owned| owned.process == process) {
        return owned.runtime.handle().clone();
    }
    if let Some(inherited) = slot.take() {
        // Inherited across fork(): its threads do not exist in this process, and dropping it
        // would wait for them forever. Leak it.
        std::mem::forget(inherited);
    }
    let runtime = build_runtime();
    let handle = runtime.handle().clone();
    *slot = Some(OwnedRuntime { process, runtime });
    handle
}

/// Bumped in the child by the `pthread_atfork` hook: which process, since fork, this is.
static FORK_GENERATION: AtomicU64 = AtomicU64::new(0);
/// Whether the hook is installed; if not, [`process_token`] falls back to the pid.
static FORK_HOOKED: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
extern "C" fn after_fork_in_child() {
    // Async-signal-safe, as a child handler must be: one atomic add.
    FORK_GENERATION.fetch_add(1, Ordering::AcqRel);
}

#[cfg(unix)]
mod ffi {
    use std::os::raw::c_int;

    extern "C" {
        // POSIX; in glibc it registers the handlers against this library's `__dso_handle`.
        pub fn pthread_atfork(
            prepare: Option<unsafe extern "C" fn()>,
            parent: Option<unsafe extern "C" fn()>,
            child: Option<unsafe extern "C" fn()>,
        ) -> c_int;
    }
}

/// Installs the fork hook (at module import, before any token is taken). `pthread_atfork`, not
/// `os.register_at_fork`: it also runs for forks made outside Python's `os.fork()`.
pub fn install_fork_hook() {
    #[cfg(unix)]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            // SAFETY: the handler only touches an atomic; the function pointers are 'static.
            #[allow(unsafe_code)]
            let status = unsafe { ffi::pthread_atfork(None, None, Some(after_fork_in_child)) };
            FORK_HOOKED.store(status == 0, Ordering::Release);
        });
    }
}

/// Identifies the current process across `fork()` without a `getpid` syscall per request:
/// compare it with a token taken earlier to know whether state (runtime, connections, event
/// loop bridges) was inherited from a parent process.
pub fn process_token() -> u64 {
    if FORK_HOOKED.load(Ordering::Acquire) {
        FORK_GENERATION.load(Ordering::Acquire)
    } else {
        u64::from(std::process::id())
    }
}

fn build_runtime() -> tokio::runtime::Runtime {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .thread_name("seedance-assets")
        .enable_all()
        .build()
        .expect("cannot start the seedance-assets tokio runtime")
}

/// Whether the interpreter is exiting (the `atexit` hook ran).
pub fn is_shutting_down() -> bool {
    SHUTTING_DOWN.load(Ordering::Acquire)
}

/// The `atexit` hook: stops the runtime, giving in-flight work a bounded grace period.
#[pyfunction]
pub fn _shutdown(py: Python<'_>) {
    *EXIT_THREAD.lock().unwrap_or_else(|p| p.into_inner()) = Some(std::thread::current().id());
    SHUTTING_DOWN.store(true, Ordering::Release);
    let owned = RUNTIME.lock().unwrap_or_else(|p| p.into_inner()).take();
    if let Some(owned) = owned {
        if owned.process == process_token() {
            // Detached, so tasks finishing their hand-off to Python can take the GIL meanwhile.
            py.detach(|| owned.runtime.shutdown_timeout(SHUTDOWN_GRACE));
        } else {
            std::mem::forget(owned);
        }
    }
}

/// Runs `future` on the runtime and waits for it with the GIL released, waking every 100 ms to
/// let Python raise `KeyboardInterrupt` (which cancels the future). Never touches asyncio.
pub fn block_on<F, T>(py: Python<'_>, future: F) -> PyResult<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let (sender, receiver) = mpsc::sync_channel(1);
    let receiver = Mutex::new(receiver);
    let task = handle().spawn(async move {
        let _ = sender.send(future.await);
    });
    loop {
        let waited = py.detach(|| {
            let waited = receiver
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .recv_timeout(SIGNAL_CHECK_INTERVAL);
            park_if_abandoned_at_exit();
            waited
        });
        match waited {
            Ok(value) => return Ok(value),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Err(interrupt) = py.check_signals() {
                    task.abort();
                    return Err(interrupt);
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(PyRuntimeError::new_err(
                    "the seedance-assets runtime stopped before the call finished",
                ))
            }
        }
    }
}

/// A daemon thread still waiting when the interpreter exits must not take the GIL again (it
/// would be killed mid-Rust-frame during finalization): it sleeps until the process ends.
fn park_if_abandoned_at_exit() {
    if !is_shutting_down() {
        return;
    }
    let exit_thread = *EXIT_THREAD.lock().unwrap_or_else(|p| p.into_inner());
    if exit_thread != Some(std::thread::current().id()) {
        loop {
            std::thread::park();
        }
    }
}

/// Turns `future` into an awaitable (an asyncio future) on the running asyncio loop; without a
/// running loop, `RuntimeError`. Cancelling the awaitable drops the future. The value is
/// converted to Python (errors included) on the loop thread.
///
/// Completions go through the loop's batched bridge (see `bridge`); loops that cannot have one
/// use pyo3-async-runtimes' generic bridge, which hands every completion over separately.
pub fn awaitable<'py, F, T>(py: Python<'py>, future: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = T> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    #[cfg(unix)]
    {
        let event_loop = crate::bridge::running_loop(py)?;
        if let Some(bridge) = crate::bridge::for_loop(&event_loop)? {
            return crate::bridge::LoopBridge::spawn(&bridge, &event_loop, future);
        }
    }
    generic::future_into_py::<OwnRuntime, _, _>(py, async move { Ok(future.await) })
}

/// An awaitable that is already done: awaiting it gives `value` without needing a running loop
/// (so `AsyncClient.close()` also works, un-awaited, outside asyncio).
#[pyclass(frozen, module = "seedance_assets._native", name = "_Ready")]
pub struct Ready {
    value: Py<PyAny>,
}

impl Ready {
    pub fn new(value: Py<PyAny>) -> Self {
        Self { value }
    }
}

#[pymethods]
impl Ready {
    fn __await__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __iter__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<()> {
        Err(pyo3::exceptions::PyStopIteration::new_err((self
            .value
            .clone_ref(py),)))
    }
}

/// pyo3-async-runtimes' view of our runtime: spawns on [`handle`], so it follows forks.
pub struct OwnRuntime;

tokio::task_local! {
    static TASK_LOCALS: OnceCell<TaskLocals>;
}

/// A task's failure (panic or cancellation), as pyo3-async-runtimes wants it.
pub struct TaskError(tokio::task::JoinError);

impl JoinError for TaskError {
    fn is_panic(&self) -> bool {
        self.0.is_panic()
    }

    fn into_panic(self) -> Box<dyn std::any::Any + Send + 'static> {
        self.0.into_panic()
    }
}

/// A spawned task's handle, as pyo3-async-runtimes wants it.
pub struct TaskHandle(tokio::task::JoinHandle<()>);

impl Future for TaskHandle {
    type Output = Result<(), TaskError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx).map_err(TaskError)
    }
}

impl Runtime for OwnRuntime {
    type JoinError = TaskError;
    type JoinHandle = TaskHandle;

    fn spawn<F>(fut: F) -> Self::JoinHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        TaskHandle(handle().spawn(fut))
    }

    fn spawn_blocking<F>(f: F) -> Self::JoinHandle
    where
        F: FnOnce() + Send + 'static,
    {
        TaskHandle(handle().spawn_blocking(f))
    }
}

impl ContextExt for OwnRuntime {
    fn scope<F, R>(locals: TaskLocals, fut: F) -> Pin<Box<dyn Future<Output = R> + Send>>
    where
        F: Future<Output = R> + Send + 'static,
    {
        let cell = OnceCell::new();
        let _ = cell.set(locals);
        Box::pin(TASK_LOCALS.scope(cell, fut))
    }

    fn get_task_locals() -> Option<TaskLocals> {
        TASK_LOCALS
            .try_with(|cell| cell.get().cloned())
            .unwrap_or_default()
    }
}
