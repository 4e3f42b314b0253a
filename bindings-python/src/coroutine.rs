//! [`Call`]: what `AsyncClient` methods return, a real coroutine that starts its request only
//! when awaited.
//!
//! The method builds the Rust future (arguments converted, client picked) and hands it over
//! unstarted. The first `send(None)` — an `await`, or the first step of an asyncio task — spawns
//! it on the runtime through the fast completion bridge (`runtime::awaitable`), which gives an
//! asyncio future; from then on every `send`/`throw`/`close` is delegated to that future's
//! `__await__` iterator, so suspension, results, exceptions and cancellation behave exactly as
//! awaiting the asyncio future would. A call closed or dropped before it starts sends nothing.
//!
//! Why not pyo3's own `Coroutine` (`experimental-async`): it wakes the loop through
//! `call_soon_threadsafe` once per completion, which bench/PROFILE.md measured as several times
//! slower than the batched bridge. Here the bridge is unchanged; the coroutine only adds a
//! small object and three delegated method calls per request (measured in the W2 benchmark as
//! within its noise).
//!
//! `collections.abc.Coroutine` recognises the class by its methods (`__await__`, `send`,
//! `throw`, `close`), so `asyncio.iscoroutine`, `create_task`, `TaskGroup`, `gather` and
//! `wait_for` accept it.

use std::future::Future;
use std::sync::{Mutex, MutexGuard};

use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::gc::PyVisit;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};
use pyo3::PyTraverseError;

use crate::runtime;

/// Spawns the call's future; gives the asyncio future its result will be set on.
type Start = Box<dyn for<'py> FnOnce(Python<'py>) -> PyResult<Bound<'py, PyAny>> + Send>;

enum State {
    /// Created, not awaited yet: nothing has been sent.
    Unstarted(Start),
    /// The arguments were refused when the call was made; raised on the first step, as an
    /// `async def` would.
    Refused(PyErr),
    /// Started: the asyncio future and its `__await__` iterator, which the steps go to.
    Running { future: Py<PyAny>, steps: Py<PyAny> },
    /// Finished, failed or closed.
    Done,
}

/// A coroutine over one client call (see the module docs).
#[pyclass(frozen, module = "seedance_assets._native", name = "Call")]
pub struct Call {
    /// `AsyncClient.get_asset` and the like, for `__qualname__` and `repr`.
    qualname: &'static str,
    /// Only locked around moves of the state, never while Python code runs (a delegated step
    /// can run Python code, which may switch threads).
    state: Mutex<State>,
}

impl Call {
    /// A coroutine that will run `prepared` when awaited, or raise its error then.
    pub fn new<F, T>(qualname: &'static str, prepared: PyResult<F>) -> Self
    where
        F: Future<Output = T> + Send + 'static,
        T: for<'a> IntoPyObject<'a> + Send + 'static,
    {
        let state = match prepared {
            Ok(future) => State::Unstarted(Box::new(move |py| runtime::awaitable(py, future))),
            Err(error) => State::Refused(error),
        };
        Self {
            qualname,
            state: Mutex::new(state),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// One step forward with nothing thrown in: starts the call, or asks its future again.
    fn step(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let state = std::mem::replace(&mut *self.state(), State::Done);
        let outcome = match state {
            State::Unstarted(start) => self.start(py, start),
            State::Running { future, steps } => {
                let outcome = steps.bind(py).call_method0(intern!(py, "__next__"));
                if outcome.is_ok() {
                    // Still pending (spurious step): keep waiting on the same future.
                    *self.state() = State::Running { future, steps };
                }
                outcome
            }
            State::Refused(error) => Err(error),
            State::Done => Err(PyRuntimeError::new_err("cannot reuse already awaited coroutine")),
        };
        outcome.map(Bound::unbind)
    }

    /// Spawns the call and takes its future's first step (which suspends on the future).
    fn start<'py>(&self, py: Python<'py>, start: Start) -> PyResult<Bound<'py, PyAny>> {
        let future = start(py)?;
        let steps = future.call_method0(intern!(py, "__await__"))?;
        let yielded = steps.call_method0(intern!(py, "__next__"))?;
        *self.state() = State::Running {
            future: future.unbind(),
            steps: steps.unbind(),
        };
        Ok(yielded)
    }
}

#[pymethods]
impl Call {
    fn __await__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.step(py)
    }

    /// Resumes the call; only `None` can be sent (a call awaits a future, which takes no
    /// values).
    fn send(&self, py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        if !value.is_none() {
            return Err(PyTypeError::new_err(
                "can't send non-None value to a seedance_assets call",
            ));
        }
        self.step(py)
    }

    /// `throw(exception)` (or the older `throw(type, value, traceback)`) raises the exception
    /// inside the call: before it started, nothing is sent and the exception comes straight
    /// back; once started, the awaited future handles it. The arguments are passed on as
    /// given, so Python's own deprecation of the three-argument form applies unchanged.
    #[pyo3(signature = (*args))]
    fn throw(&self, py: Python<'_>, args: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
        let state = std::mem::replace(&mut *self.state(), State::Done);
        let State::Running { future, steps } = state else {
            // Dropping an unstarted future here is what keeps it from ever sending.
            drop(state);
            return Err(thrown(args));
        };
        let outcome = steps.bind(py).call_method1(intern!(py, "throw"), args);
        if outcome.is_ok() {
            // The future swallowed it and is still pending: keep waiting.
            *self.state() = State::Running { future, steps };
        }
        outcome.map(Bound::unbind)
    }

    /// Ends the call: before it started, nothing is ever sent; while it runs, its future is
    /// cancelled, which aborts the request.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        let state = std::mem::replace(&mut *self.state(), State::Done);
        if let State::Running { future, .. } = state {
            let future = future.bind(py);
            // A closed loop has already dropped its bridge, which aborted the request, and
            // would refuse the cancellation's callbacks.
            let event_loop = future.call_method0(intern!(py, "get_loop"))?;
            if !event_loop.call_method0(intern!(py, "is_closed"))?.is_truthy()? {
                future.call_method0(intern!(py, "cancel"))?;
            }
        }
        Ok(())
    }

    fn __traverse__(&self, visit: PyVisit<'_>) -> Result<(), PyTraverseError> {
        // Never blocks: the lock is only held around moves of the state. A pending call and
        // the task awaiting it reference each other (through the future's done callbacks).
        if let Ok(state) = self.state.try_lock() {
            if let State::Running { future, steps } = &*state {
                visit.call(future)?;
                visit.call(steps)?;
            }
        }
        Ok(())
    }

    fn __clear__(&self) {
        let state = std::mem::replace(&mut *self.state(), State::Done);
        drop(state);
    }

    #[getter]
    fn __name__<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        let name = self.qualname.rsplit('.').next().unwrap_or(self.qualname);
        PyString::new(py, name)
    }

    #[getter]
    fn __qualname__<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        PyString::new(py, self.qualname)
    }

    fn __repr__(&self) -> String {
        format!("<seedance_assets call {}>", self.qualname)
    }
}

/// The exception `throw(exception[, value[, traceback]])` raises, as for a generator: an
/// instance as is, a class instantiated (with `value` unless that is already an instance).
fn thrown(args: &Bound<'_, PyTuple>) -> PyErr {
    let Ok(exception) = args.get_item(0) else {
        return PyTypeError::new_err("throw expected at least 1 argument, got 0");
    };
    match args.get_item(1).ok().filter(|v| !v.is_none()) {
        Some(value) if value.is_instance(&exception).unwrap_or(false) => PyErr::from_value(value),
        Some(value) => match exception.call1((value,)) {
            Ok(instance) => PyErr::from_value(instance),
            Err(error) => error,
        },
        None => PyErr::from_value(exception),
    }
}
