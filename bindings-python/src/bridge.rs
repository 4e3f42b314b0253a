//! Completions of Rust futures reach their asyncio futures in batches, without the runtime
//! threads ever taking the GIL.
//!
//! Per event loop (and per process) there is one [`LoopBridge`]: a socketpair whose read end the
//! loop watches (`loop.add_reader`), a queue of finished results, and the table of asyncio
//! futures still waiting. A runtime thread that finishes a call pushes its (still Rust) result
//! onto the queue and writes one byte only when the queue was empty, so a burst of completions
//! costs one wakeup. The loop's reader callback then, on the loop thread with the GIL held
//! anyway, drains the queue: converts each result to Python (exceptions included) and sets the
//! future's result or exception, skipping futures already done (cancelled).
//!
//! Cancellation: the bridge is the done-callback of every future it hands out; a future that is
//! cancelled (or otherwise finished by someone else) aborts its tokio task. The callback is
//! removed again before the bridge sets a result, so ordinary completions pay no extra
//! callback.
//!
//! Lifetime: the loop owns the bridge through its reader registration; bridges are found through
//! weak references only. When the loop closes (its selector drops the registration) or is
//! collected, the bridge goes away: its pending tasks are aborted and the socketpair is closed
//! once the last task lets go of it. Pending futures and the bridge reference each other (done
//! callback ↔ table), so the bridge takes part in garbage collection.
//!
//! Fork: a bridge belongs to the process that made it (`runtime::process_token`). A child
//! never reads, writes or drains a parent's bridge (its socket is shared with the parent, its
//! tasks do not exist here); it makes its own.
//!
//! Loops without `add_reader` (e.g. Windows' proactor loop) and loops that cannot be weakly
//! referenced get `None` from [`for_running_loop`], and the caller falls back to the generic
//! bridge of pyo3-async-runtimes.

use std::collections::HashMap;
use std::future::Future;
use std::io::{ErrorKind, Read, Write};
use std::os::unix::net::UnixStream;
use std::os::unix::prelude::AsRawFd;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use pyo3::exceptions::PyNotImplementedError;
use pyo3::gc::PyVisit;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyWeakrefMethods, PyWeakrefReference};
use pyo3::{IntoPyObjectExt, PyTraverseError};
use tokio::task::AbortHandle;

use crate::runtime;

/// A finished call's value, converted to Python on the loop thread.
type Deliver = Box<dyn for<'py> FnOnce(Python<'py>) -> PyResult<Bound<'py, PyAny>> + Send>;

/// Identifies one awaitable: its future's address (the table key) and a serial number, since an
/// address can be reused once a cancelled future is freed while its result is still queued.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Key {
    address: usize,
    serial: u64,
}

/// The part the runtime threads share: no Python objects, so it can be dropped anywhere.
struct Channel {
    queue: Mutex<Vec<(Key, Deliver)>>,
    /// Both ends stay open as long as anyone holds the channel, so a write never meets a closed
    /// peer (no EPIPE, no SIGPIPE), whatever the order in which the loop and the tasks let go.
    reader: UnixStream,
    writer: UnixStream,
    /// Set once the loop side is gone: results are dropped instead of queued.
    closed: AtomicBool,
}

impl Channel {
    fn new() -> std::io::Result<Self> {
        // Close-on-exec (std sets it), non-blocking: a full buffer already means a wakeup is
        // pending, and the reader drains without ever blocking the loop.
        let (reader, writer) = UnixStream::pair()?;
        reader.set_nonblocking(true)?;
        writer.set_nonblocking(true)?;
        Ok(Self {
            queue: Mutex::new(Vec::new()),
            reader,
            writer,
            closed: AtomicBool::new(false),
        })
    }

    /// Runtime thread: queues a result, waking the loop if it had nothing queued.
    fn push(&self, key: Key, deliver: Deliver) {
        if self.closed.load(Ordering::Acquire) {
            return;
        }
        let was_empty = {
            let mut queue = self.queue.lock().unwrap_or_else(|p| p.into_inner());
            let was_empty = queue.is_empty();
            queue.push((key, deliver));
            was_empty
        };
        if was_empty {
            self.wake();
        }
    }

    fn wake(&self) {
        loop {
            match (&self.writer).write(&[1]) {
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                // Written, or the buffer is full (a wakeup is pending anyway). Any other error
                // cannot happen while we hold both ends; there is no one to report it to here.
                _ => return,
            }
        }
    }

    /// Loop thread: consumes the pending wakeup bytes. Done before taking the queue, so that a
    /// result queued after the take always comes with a new byte.
    fn clear_wakeups(&self) {
        let mut buffer = [0u8; 64];
        loop {
            match (&self.reader).read(&mut buffer) {
                Ok(0) => return,
                Ok(n) if n < buffer.len() => return,
                Ok(_) => continue,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => return, // WouldBlock: nothing left
            }
        }
    }

    fn take(&self) -> Vec<(Key, Deliver)> {
        std::mem::take(&mut *self.queue.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

/// An asyncio future waiting for its task.
struct Waiting {
    serial: u64,
    future: Py<PyAny>,
    abort: AbortHandle,
}

#[derive(Default)]
struct Table {
    next_serial: u64,
    waiting: HashMap<usize, Waiting>,
}

/// The loop side of one event loop's bridge: the reader callback (`_drain`) and the done
/// callback (`__call__`) of every future it hands out.
#[pyclass(frozen, weakref, module = "seedance_assets._native", name = "_LoopBridge")]
pub struct LoopBridge {
    channel: Arc<Channel>,
    /// The process it was made in; see the module docs on fork.
    process: u64,
    /// Only ever touched on the loop thread; the lock is uncontended. No Python code runs
    /// while it is held (objects are taken out first), so it can neither deadlock with the GIL
    /// nor be re-entered.
    table: Mutex<Table>,
}

impl LoopBridge {
    fn table(&self) -> std::sync::MutexGuard<'_, Table> {
        self.table.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `future` on the runtime; returns the asyncio future its result will be set on.
    pub fn spawn<'py, F, T>(
        slf: &Bound<'py, Self>,
        event_loop: &Bound<'py, PyAny>,
        future: F,
    ) -> PyResult<Bound<'py, PyAny>>
    where
        F: Future<Output = T> + Send + 'static,
        T: for<'a> IntoPyObject<'a> + Send + 'static,
    {
        let py = slf.py();
        let waiter = event_loop.call_method0(intern!(py, "create_future"))?;
        waiter.call_method1(intern!(py, "add_done_callback"), (slf,))?;
        let bridge = slf.get();
        let mut table = bridge.table();
        let key = Key {
            address: waiter.as_ptr() as usize,
            serial: table.next_serial,
        };
        table.next_serial += 1;
        let channel = Arc::clone(&bridge.channel);
        let task = runtime::handle().spawn(async move {
            let value = future.await;
            channel.push(key, Box::new(move |py| value.into_bound_py_any(py)));
        });
        // The task cannot be delivered before this insert: delivery happens in `_drain`, on
        // this thread, which is busy here.
        table.waiting.insert(
            key.address,
            Waiting {
                serial: key.serial,
                future: waiter.clone().unbind(),
                abort: task.abort_handle(),
            },
        );
        Ok(waiter)
    }

    fn deliver(slf: &Bound<'_, Self>, key: Key, deliver: Deliver) -> PyResult<()> {
        let py = slf.py();
        let waiting = {
            let mut table = slf.get().table();
            match table.waiting.get(&key.address) {
                Some(w) if w.serial == key.serial => table.waiting.remove(&key.address),
                // Its future was cancelled meanwhile (and may already be freed).
                _ => None,
            }
        };
        let Some(waiting) = waiting else {
            return Ok(());
        };
        let future = waiting.future.bind(py);
        // Set by us, so our done callback has nothing to do: skip scheduling it.
        future.call_method1(intern!(py, "remove_done_callback"), (slf,))?;
        // Cancelled, with its done callback not yet run: nothing to set.
        if future.call_method0(intern!(py, "done"))?.is_truthy()? {
            return Ok(());
        }
        match deliver(py) {
            Ok(value) => future.call_method1(intern!(py, "set_result"), (value,))?,
            Err(error) => future.call_method1(intern!(py, "set_exception"), (error.into_value(py),))?,
        };
        Ok(())
    }
}

#[pymethods]
impl LoopBridge {
    /// The loop's reader callback: sets the results of every finished call.
    fn _drain(slf: &Bound<'_, Self>) {
        let bridge = slf.get();
        if bridge.process != runtime::process_token() {
            // A loop inherited across fork, watching the parent's socket: the byte and the
            // results are the parent's.
            return;
        }
        bridge.channel.clear_wakeups();
        for (key, deliver) in bridge.channel.take() {
            // One failure must not strand the rest of the batch.
            if let Err(error) = Self::deliver(slf, key, deliver) {
                error.write_unraisable(slf.py(), Some(slf.as_any()));
            }
        }
    }

    /// The done callback of every future handed out: if it finished without us (cancelled),
    /// its task is aborted, which drops the Rust future.
    fn __call__(&self, future: &Bound<'_, PyAny>) {
        let waiting = {
            let mut table = self.table();
            match table.waiting.get(&(future.as_ptr() as usize)) {
                Some(w) if w.future.is(future) => table.waiting.remove(&(future.as_ptr() as usize)),
                _ => None,
            }
        };
        if let Some(waiting) = waiting {
            waiting.abort.abort();
            // `waiting.future` is dropped here, after the lock is released.
        }
    }

    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        // Never blocks: the lock is only held on the loop thread, around no Python code.
        if let Ok(table) = self.table.try_lock() {
            for waiting in table.waiting.values() {
                visit.call(&waiting.future)?;
            }
        }
        Ok(())
    }

    fn __clear__(&self) {
        let waiting = std::mem::take(&mut self.table().waiting);
        for waiting in waiting.into_values() {
            waiting.abort.abort();
        }
    }
}

impl Drop for LoopBridge {
    fn drop(&mut self) {
        // The loop is gone: nobody can receive the remaining results; stop their work.
        self.channel.closed.store(true, Ordering::Release);
        let table = self.table.get_mut().unwrap_or_else(|p| p.into_inner());
        for waiting in table.waiting.values() {
            waiting.abort.abort();
        }
    }
}

/// A loop we have seen, and its bridge (`None`: it cannot have one). Weak both ways: the
/// registry must keep neither alive.
struct Entry {
    event_loop: Py<PyWeakrefReference>,
    bridge: Option<Py<PyWeakrefReference>>,
}

static REGISTRY: Mutex<Vec<Entry>> = Mutex::new(Vec::new());

/// The running loop of this thread (`RuntimeError` if there is none, as asyncio says).
pub fn running_loop(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    static GET_RUNNING_LOOP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    GET_RUNNING_LOOP
        .get_or_try_init(py, || {
            Ok::<_, PyErr>(py.import("asyncio")?.getattr("get_running_loop")?.unbind())
        })?
        .bind(py)
        .call0()
}

/// The bridge of `event_loop` in this process, made on first use; `None` if the loop cannot
/// have one (no `add_reader`, no weak references).
pub fn for_loop<'py>(event_loop: &Bound<'py, PyAny>) -> PyResult<Option<Bound<'py, LoopBridge>>> {
    let py = event_loop.py();
    let process = runtime::process_token();
    {
        // Usually one entry per live loop. Nothing here runs Python code (weakref look-ups,
        // reference counts of live objects), so holding the lock with the GIL is safe.
        let registry = REGISTRY.lock().unwrap_or_else(|p| p.into_inner());
        for entry in registry.iter() {
            if !entry
                .event_loop
                .bind(py)
                .upgrade()
                .is_some_and(|l| l.is(event_loop))
            {
                continue;
            }
            let Some(bridge) = &entry.bridge else {
                return Ok(None);
            };
            if let Some(bridge) = bridge.bind(py).upgrade_as::<LoopBridge>()? {
                if bridge.get().process == process {
                    return Ok(Some(bridge));
                }
            }
        }
    }
    let Ok(loop_ref) = PyWeakrefReference::new(event_loop) else {
        return Ok(None);
    };
    let bridge = match register(event_loop, process) {
        Ok(bridge) => Some(bridge),
        Err(error) if error.is_instance_of::<PyNotImplementedError>(py) => None,
        Err(error) => return Err(error),
    };
    let bridge_ref = bridge
        .as_ref()
        .map(|b| PyWeakrefReference::new(b).map(Bound::unbind))
        .transpose()?;
    let stale = {
        let mut registry = REGISTRY.lock().unwrap_or_else(|p| p.into_inner());
        // Forget loops that are gone, bridges that are gone (loop closed) or from before a
        // fork, and an older entry for this very loop.
        let (stale, mut kept): (Vec<Entry>, Vec<Entry>) =
            std::mem::take(&mut *registry).into_iter().partition(|entry| {
                let Some(known) = entry.event_loop.bind(py).upgrade() else {
                    return true;
                };
                known.is(event_loop)
                    || entry.bridge.as_ref().is_some_and(|b| {
                        b.bind(py)
                            .upgrade_as::<LoopBridge>()
                            .ok()
                            .flatten()
                            .is_none_or(|b| b.get().process != process)
                    })
            });
        kept.push(Entry {
            event_loop: loop_ref.unbind(),
            bridge: bridge_ref,
        });
        *registry = kept;
        stale
    };
    drop(stale); // outside the lock
    Ok(bridge)
}

/// Makes a bridge and registers its reader with the loop.
fn register<'py>(event_loop: &Bound<'py, PyAny>, process: u64) -> PyResult<Bound<'py, LoopBridge>> {
    let py = event_loop.py();
    let channel = Channel::new()?;
    let fd = channel.reader.as_raw_fd();
    let bridge = Bound::new(
        py,
        LoopBridge {
            channel: Arc::new(channel),
            process,
            table: Mutex::new(Table::default()),
        },
    )?;
    event_loop.call_method1(
        intern!(py, "add_reader"),
        (fd, bridge.getattr(intern!(py, "_drain"))?),
    )?;
    Ok(bridge)
}
