//! `Journal` (blocking) and `AsyncJournal` (awaitable): the core's journal, its methods made
//! from one definition each by `client_classes!` like the clients'.
//!
//! Opening: `Journal(...)` opens at once (a file that cannot be used raises there);
//! `AsyncJournal(...)` only checks its arguments and opens on its first awaited call, on the
//! runtime's blocking pool, so an event loop never waits on the file or the database;
//! `await AsyncJournal.open(...)` opens at once for those who want the error early.
//!
//! Both hold a [`JournalHandle`], which clients attached with `journal=` share: the core
//! journal of this process, opened again (lazily) in a forked child rather than used over the
//! parent's connection.

use std::sync::{Arc, Mutex};

use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyType};
use seedance_assets::{Error, JournalOptions};

use crate::client::client_classes;
use crate::convert::{self, Text};
use crate::coroutine::Call;
use crate::errors::{invalid, to_pyerr};
use crate::fields::json_to_py;
use crate::models::{JournaledAsset, Person};
use crate::runtime;
use seedance_assets::surface::options;

/// Where a journal is and how it was opened, and the core journal of the current process.
pub struct JournalHandle {
    location: Option<String>,
    options: JournalOptions,
    current: Mutex<Option<(u64, seedance_assets::Journal)>>,
}

impl JournalHandle {
    fn new(location: Option<String>, options: JournalOptions, journal: seedance_assets::Journal) -> Self {
        Self {
            location,
            options,
            current: Mutex::new(Some((runtime::process_token(), journal))),
        }
    }

    /// The core journal of this process: the one opened here, or (in a forked child) a new
    /// one on the same file or database, which opens on its first use.
    pub fn journal(&self) -> Result<seedance_assets::Journal, Error> {
        let mut slot = self.current.lock().unwrap_or_else(|p| p.into_inner());
        let process = runtime::process_token();
        if let Some((owner, journal)) = slot.as_ref() {
            if *owner == process {
                return Ok(journal.clone());
            }
        }
        if let Some(inherited) = slot.take() {
            // Its connections are the parent's: closing them here would close them there.
            std::mem::forget(inherited);
        }
        let journal = seedance_assets::Journal::open_lazily(self.location.as_deref(), self.options)?;
        *slot = Some((process, journal.clone()));
        Ok(journal)
    }

    fn repr(&self, py: Python<'_>, class: &str) -> PyResult<String> {
        let shown = self
            .current
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|(_, journal)| journal.location().to_string())
            .unwrap_or_default();
        let mut repr = format!("{class}(location={}", PyString::new(py, &shown).repr()?);
        if self.options.read_only {
            repr.push_str(", read_only=True");
        }
        repr.push(')');
        Ok(repr)
    }
}

impl Drop for JournalHandle {
    fn drop(&mut self) {
        let slot = self.current.get_mut().unwrap_or_else(|p| p.into_inner()).take();
        if let Some((owner, journal)) = slot {
            if owner == runtime::process_token() {
                drop(journal);
            } else {
                std::mem::forget(journal);
            }
        }
    }
}

/// The handle of a `Journal` or `AsyncJournal` given as `journal=`; anything else is refused.
pub fn handle(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Arc<JournalHandle>> {
    if let Ok(journal) = value.cast::<Journal>() {
        return Ok(Arc::clone(&journal.get().0));
    }
    if let Ok(journal) = value.cast::<AsyncJournal>() {
        return Ok(Arc::clone(&journal.get().0));
    }
    Err(invalid(
        py,
        options::JOURNAL.python,
        "must be a seedance_assets.Journal or AsyncJournal",
    ))
}

/// The arguments both constructors take, checked.
fn location_and_options(
    py: Python<'_>,
    path_or_url: Option<&Bound<'_, PyAny>>,
    read_only: bool,
) -> PyResult<(Option<String>, JournalOptions)> {
    Ok((
        convert::journal_location(py, path_or_url)?,
        JournalOptions { read_only },
    ))
}

/// `Journal.export()`'s records, handed to Python as an iterator of dicts.
struct Exported(Vec<serde_json::Value>);

impl<'py> IntoPyObject<'py> for Exported {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let records = PyList::empty(py);
        for record in &self.0 {
            records.append(json_to_py(py, record)?)?;
        }
        Ok(records.try_iter()?.into_any())
    }
}

impl JournalHandle {
    /// What the `calls` of `client_classes!` start from (`self.0.journal(py)`).
    fn journal_for(&self, py: Python<'_>) -> PyResult<seedance_assets::Journal> {
        self.journal().map_err(|e| to_pyerr(py, e))
    }
}

/// The journal: validated people, their sessions and uploads, kept in a SQLite file (a path)
/// or a PostgreSQL database (a `postgresql://` URL). Blocking methods; opened at once.
#[pyclass(frozen, module = "seedance_assets", name = "Journal")]
pub struct Journal(Arc<JournalHandle>);

/// The journal with awaitable methods; opened on its first awaited call (or by
/// `await AsyncJournal.open(...)`), so constructing it never blocks an event loop.
#[pyclass(frozen, module = "seedance_assets", name = "AsyncJournal")]
pub struct AsyncJournal(Arc<JournalHandle>);

client_classes! {
    blocking Journal {
        #[new]
        #[pyo3(signature = (path_or_url = None, *, read_only = false))]
        fn new(py: Python<'_>, path_or_url: Option<&Bound<'_, PyAny>>, read_only: bool) -> PyResult<Self> {
            let (location, options) = location_and_options(py, path_or_url, read_only)?;
            let at = location.clone();
            let journal = crate::client::run(py, async move {
                seedance_assets::Journal::open_with(at.as_deref(), options).await
            })?;
            Ok(Self(Arc::new(JournalHandle::new(location, options, journal))))
        }

        fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
            self.0.repr(py, "Journal")
        }
    }

    awaitable AsyncJournal {
        #[new]
        #[pyo3(signature = (path_or_url = None, *, read_only = false))]
        fn new(py: Python<'_>, path_or_url: Option<&Bound<'_, PyAny>>, read_only: bool) -> PyResult<Self> {
            let (location, options) = location_and_options(py, path_or_url, read_only)?;
            let journal = seedance_assets::Journal::open_lazily(location.as_deref(), options)
                .map_err(|e| to_pyerr(py, e))?;
            Ok(Self(Arc::new(JournalHandle::new(location, options, journal))))
        }

        /// Opens the journal now (awaitable): a file or database that cannot be used raises here
        /// rather than on the first call.
        #[classmethod]
        #[pyo3(signature = (path_or_url = None, *, read_only = false))]
        fn open(
            _cls: &Bound<'_, PyType>,
            py: Python<'_>,
            path_or_url: Option<&Bound<'_, PyAny>>,
            read_only: bool,
        ) -> Call {
            let prepared = location_and_options(py, path_or_url, read_only).map(|(location, options)| async move {
                let journal = seedance_assets::Journal::open_with(location.as_deref(), options).await?;
                Ok(AsyncJournal(Arc::new(JournalHandle::new(location, options, journal))))
            });
            crate::client::lazy("AsyncJournal.open", prepared)
        }

        fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
            self.0.repr(py, "AsyncJournal")
        }
    }

    both {
        /// Where the journal is: a path, or the database URL without user, password or options.
        #[getter]
        fn location(&self, py: Python<'_>) -> PyResult<String> {
            Ok(self.0.journal_for(py)?.location().to_string())
        }
    }

    calls |py, journal| from journal_for {
        /// The person last validated under `reference`, or `None`.
        fn person(reference: Text) -> Option<Person> {
            let reference = reference.get(py, options::REFERENCE.python)?;
            async move { journal.person(&reference).await.map(|p| p.map(Person)) }
        }

        /// Every person, most recently validated first.
        fn people() -> Vec<Person> {
            async move { journal.people().await.map(|all| all.into_iter().map(Person).collect::<Vec<_>>()) }
        }

        /// The recorded uploads, oldest first; each filter left out matches everything.
        #[pyo3(signature = (*, reference = None, group_id = None, status = None))]
        fn assets(reference: Option<Text>, group_id: Option<Text>, status: Option<Text>) -> Vec<JournaledAsset> {
            let filter = convert::asset_filter(py, reference, group_id, status)?;
            async move { journal.assets(&filter).await.map(|all| all.into_iter().map(JournaledAsset).collect::<Vec<_>>()) }
        }

        /// The work not finished: uploads whose outcome is unknown or still under review.
        fn pending() -> Vec<JournaledAsset> {
            async move { journal.pending().await.map(|all| all.into_iter().map(JournaledAsset).collect::<Vec<_>>()) }
        }

        /// The upload recorded under `key`, or `None`.
        fn asset(key: Text) -> Option<JournaledAsset> {
            let key = key.get(py, options::KEY.python)?;
            async move { journal.asset(&key).await.map(|a| a.map(JournaledAsset)) }
        }

        /// Settles an unresolved upload: `asset_id` if it happened (the record becomes
        /// `Processing`), `None` if it did not (the record is removed; the next upload of the
        /// key is sent).
        #[pyo3(signature = (key, asset_id = None))]
        fn resolve(key: Text, asset_id: Option<Text>) -> Option<JournaledAsset> {
            let key = key.get(py, options::KEY.python)?;
            let asset_id = asset_id.map(|id| id.get(py, "asset_id")).transpose()?;
            async move { journal.resolve(&key, asset_id.as_deref()).await.map(|a| a.map(JournaledAsset)) }
        }

        /// Erases everything recorded about the person: returns how many records were removed.
        fn forget(reference: Text) -> u64 {
            let reference = reference.get(py, options::REFERENCE.python)?;
            async move { journal.forget(&reference).await }
        }

        /// Everything recorded, one dict per record (`kind`: `person`, `session`, `asset`,
        /// `history`), without secrets; times are ISO-8601 strings.
        fn export() -> Exported {
            async move { journal.export().await.map(Exported) }
        }
    }
}
