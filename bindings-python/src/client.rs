//! `Client` (blocking) and `AsyncClient` (awaitable). Both classes are generated from one
//! definition per call (`client_classes!`): a core future over converted arguments, which the
//! blocking class runs to completion and the awaitable class returns as a coroutine.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use pyo3::prelude::*;
use pyo3::types::PyTuple;
use seedance_assets::{CallOptions, ClientBuilder, Error};

use crate::convert::{self, Arg, Text};
use crate::coroutine::Call;
use crate::errors::{to_pyerr, Converted};
use crate::journal::{self, JournalHandle};
use crate::logging;
use crate::models::{Asset, OnboardingReport, Person, UploadedAsset, ValidationResult, ValidationSession};
use crate::preflight::PreflightReport;
use crate::runtime::{self, Ready};
use seedance_assets::surface::options;

/// What both client classes hold: the configuration, and the core client of this process.
struct Shared {
    builder: ClientBuilder,
    /// The journal attached (`journal=`), kept apart from `builder` so a forked child builds
    /// its client over its own connection to it (see `journal::JournalHandle`).
    journal: Option<Arc<JournalHandle>>,
    options: CallOptions,
    base_url: String,
    /// The core client and the process (`runtime::process_token`) it was built in; a forked
    /// child rebuilds its own.
    current: Mutex<Option<(u64, seedance_assets::Client)>>,
    closed: AtomicBool,
}

impl Shared {
    /// A copy sharing this one's connections and rate limits, with `options` over its own.
    fn with_options(&self, py: Python<'_>, options: CallOptions) -> PyResult<Self> {
        let client = self.client(py)?.with_options(options);
        Ok(Self {
            builder: self.builder.clone(),
            journal: self.journal.clone(),
            options: self.options.merged_with(options),
            base_url: self.base_url.clone(),
            current: Mutex::new(Some((runtime::process_token(), client))),
            closed: AtomicBool::new(false),
        })
    }

    /// The core client for this process (rebuilt once in a forked child). Every call starts
    /// here, on the Python thread with the GIL held: the place to refresh the logging level the
    /// runtime threads filter events with (see `logging`).
    fn client(&self, py: Python<'_>) -> PyResult<seedance_assets::Client> {
        logging::refresh(py);
        if self.closed.load(Ordering::Acquire) {
            return Err(to_pyerr(py, Error::Closed));
        }
        let mut slot = self.current.lock().unwrap_or_else(|p| p.into_inner());
        let process = runtime::process_token();
        if let Some((owner, client)) = slot.as_ref() {
            if *owner == process {
                return Ok(client.clone());
            }
        }
        if let Some(inherited) = slot.take() {
            // Its connections belong to the parent's runtime; leave them alone.
            std::mem::forget(inherited);
        }
        let client = build(self.builder.clone(), self.journal.as_deref())
            .map_err(|e| to_pyerr(py, e))?
            .with_options(self.options);
        *slot = Some((process, client.clone()));
        Ok(client)
    }

    fn close(&self) {
        self.closed.store(true, Ordering::Release);
        let client = self.current.lock().unwrap_or_else(|p| p.into_inner()).take();
        match client {
            Some((process, client)) if process != runtime::process_token() => std::mem::forget(client),
            other => drop(other),
        }
    }

    fn repr(&self, class: &str) -> String {
        let mut shown = format!("{class}(base_url='{}', api_key=<redacted>", self.base_url);
        if let Some(timeout) = self.options.timeout {
            shown.push_str(&format!(", timeout={}", timeout.as_secs_f64()));
        }
        if let Some(retries) = self.options.max_retries {
            shown.push_str(&format!(", max_retries={retries}"));
        }
        if let Some(deadline) = self.options.deadline {
            shown.push_str(&format!(", deadline={}", deadline.as_secs_f64()));
        }
        if self.closed.load(Ordering::Acquire) {
            shown.push_str(", closed=True");
        }
        shown.push(')');
        shown
    }
}

/// The core client from `builder`, recording in this process's handle on `journal`.
fn build(builder: ClientBuilder, journal: Option<&JournalHandle>) -> Result<seedance_assets::Client, Error> {
    match journal {
        Some(journal) => builder.journal(journal.journal()?).build(),
        None => builder.build(),
    }
}

/// Runs a call's future to completion on the runtime, GIL released, Ctrl-C honoured.
pub(crate) fn run<T>(
    py: Python<'_>,
    future: impl Future<Output = Result<T, Error>> + Send + 'static,
) -> PyResult<T>
where
    T: Send + 'static,
{
    runtime::block_on(py, future)?.map_err(|e| to_pyerr(py, e))
}

/// A coroutine that runs a call's future when awaited; a refused argument is raised then.
pub(crate) fn lazy<F, T>(qualname: &'static str, prepared: PyResult<F>) -> Call
where
    F: Future<Output = Result<T, Error>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    Call::new(
        qualname,
        prepared.map(|future| async move { Converted(future.await) }),
    )
}

/// Expands into the `#[pymethods]` of both classes: the items of `both` verbatim in each, the
/// items of `blocking`/`awaitable` in their class, and each of `calls` twice — a blocking
/// method that runs the call, and an awaitable one that returns it as a coroutine. A call is
/// written as a body over the names given in `|py, client|` (the GIL token and the core
/// object, which `self.0.<source>(py)` gives: `client` for the clients, `journal` for the
/// journals) that converts the arguments (`?` refuses them) and ends in the core future.
macro_rules! client_classes {
    (
        blocking $blocking:ident { $($blocking_only:tt)* }
        awaitable $awaitable:ident { $($awaitable_only:tt)* }
        both { $($both:tt)* }
        calls |$py:ident, $client:ident| from $source:ident {
            $(
                $(#[$($attribute:tt)*])*
                fn $name:ident($($argument:ident: $type:ty),* $(,)?) -> $output:ty $body:block
            )*
        }
    ) => {
        #[pymethods]
        impl $blocking {
            $($both)*
            $($blocking_only)*
            $(
                $(#[$($attribute)*])*
                fn $name(&self, $py: Python<'_>, $($argument: $type),*) -> PyResult<$output> {
                    let $client = self.0.$source($py)?;
                    $crate::client::run($py, $body)
                }
            )*
        }

        #[pymethods]
        impl $awaitable {
            $($both)*
            $($awaitable_only)*
            $(
                $(#[$($attribute)*])*
                fn $name(&self, $py: Python<'_>, $($argument: $type),*) -> Call {
                    let prepared = (|| -> PyResult<_> {
                        let $client = self.0.$source($py)?;
                        Ok($body)
                    })();
                    $crate::client::lazy(concat!(stringify!($awaitable), ".", stringify!($name)), prepared)
                }
            )*
        }
    };
}

pub(crate) use client_classes;

/// A blocking client of the Seedance asset API. Thread-safe; calls release the GIL, never touch
/// an asyncio loop (so they work inside Jupyter), and Ctrl-C interrupts them.
#[pyclass(frozen, module = "seedance_assets", name = "Client")]
pub struct Client(Shared);

/// An asyncio client of the Seedance asset API: every call is a coroutine, which sends nothing
/// until awaited; cancelling the awaiting task cancels the request.
#[pyclass(frozen, module = "seedance_assets", name = "AsyncClient")]
pub struct AsyncClient(Shared);

client_classes! {
    blocking Client {
        /// Releases the connections; later calls raise `ClientClosedError` (a `RuntimeError`).
        fn close(&self) {
            self.0.close();
        }

        fn __enter__(slf: Py<Self>) -> Py<Self> {
            slf
        }

        #[pyo3(signature = (*_args))]
        fn __exit__(&self, _args: &Bound<'_, PyTuple>) {
            self.0.close();
        }

        fn __repr__(&self) -> String {
            self.0.repr("Client")
        }
    }

    awaitable AsyncClient {
        /// Releases the connections at once; later calls raise `ClientClosedError` (a `RuntimeError`). Returns an
        /// awaitable (already done), so both `client.close()` and `await client.close()` work.
        fn close(&self, py: Python<'_>) -> Ready {
            self.0.close();
            Ready::new(py.None())
        }

        fn __aenter__(slf: Py<Self>) -> Ready {
            Ready::new(slf.into_any())
        }

        #[pyo3(signature = (*_args))]
        fn __aexit__(&self, py: Python<'_>, _args: &Bound<'_, PyTuple>) -> Ready {
            self.close(py)
        }

        fn __repr__(&self) -> String {
            self.0.repr("AsyncClient")
        }
    }

    both {
        #[new]
        #[pyo3(signature = (api_key = None, *, base_url = None, timeout = Arg::Default, connect_timeout = Arg::Default, max_retries = Arg::Default, rate_limits = None, user_agent = None, session_ttl = Arg::Default, max_response_bytes = Arg::Default, allow_insecure_http = false, allow_private_hosts = false, language = None, journal = None, staging = None, staging_url_ttl = None, staging_cleanup = false))]
        #[allow(clippy::too_many_arguments)]
        fn new(
            py: Python<'_>,
            api_key: Option<String>,
            base_url: Option<String>,
            timeout: Arg<'_>,
            connect_timeout: Arg<'_>,
            max_retries: Arg<'_>,
            rate_limits: Option<&Bound<'_, PyAny>>,
            user_agent: Option<String>,
            session_ttl: Arg<'_>,
            max_response_bytes: Arg<'_>,
            allow_insecure_http: bool,
            allow_private_hosts: bool,
            language: Option<&str>,
            journal: Option<&Bound<'_, PyAny>>,
            staging: Option<String>,
            staging_url_ttl: Option<&Bound<'_, PyAny>>,
            staging_cleanup: bool,
        ) -> PyResult<Self> {
            let journal = journal.filter(|j| !j.is_none()).map(|j| journal::handle(py, j)).transpose()?;
            let mut builder = seedance_assets::Client::builder()
                .session_ttl(convert::duration_or_default(
                    py,
                    &options::SESSION_TTL,
                    session_ttl,
                )?)
                .timeout(convert::duration_or_default(py, &options::TIMEOUT, timeout)?)
                .connect_timeout(convert::duration_or_default(
                    py,
                    &options::CONNECT_TIMEOUT,
                    connect_timeout,
                )?)
                .max_retries(convert::count_or_default(py, &options::MAX_RETRIES, max_retries)? as u32)
                .rate_limits(convert::rate_limits(py, rate_limits)?)
                .max_response_bytes(
                    convert::count_or_default(py, &options::MAX_RESPONSE_BYTES, max_response_bytes)? as usize,
                )
                .allow_insecure_http(allow_insecure_http)
                .allow_private_hosts(allow_private_hosts);
            if let Some(key) = api_key {
                builder = builder.api_key(key);
            }
            if let Some(location) = staging {
                builder = builder.staging_location(location);
            }
            if let Some(ttl) = convert::optional_duration(py, &options::STAGING_URL_TTL, staging_url_ttl)? {
                builder = builder.staging_url_ttl(ttl);
            }
            builder = builder.staging_cleanup(staging_cleanup);
            if let Some(language) = language {
                builder = builder.language(convert::language(py, language)?);
            }
            if let Some(url) = base_url {
                builder = builder.base_url(url);
            }
            let version = py.version_info();
            let mut suffix = format!(
                "seedance-assets-python/{} python/{}.{}",
                env!("CARGO_PKG_VERSION"),
                version.major,
                version.minor
            );
            if let Some(extra) = user_agent.filter(|s| !s.trim().is_empty()) {
                suffix.push(' ');
                suffix.push_str(extra.trim());
            }
            builder = builder.user_agent_suffix(suffix);
            let client = build(builder.clone(), journal.as_deref()).map_err(|e| to_pyerr(py, e))?;
            Ok(Self(Shared {
                builder,
                journal,
                options: CallOptions::default(),
                base_url: client.base_url().to_string(),
                current: Mutex::new(Some((runtime::process_token(), client))),
                closed: AtomicBool::new(false),
            }))
        }

        /// The base URL requests go to.
        #[getter]
        fn base_url(&self) -> &str {
            &self.0.base_url
        }

        /// A client sharing this one's connections and rate limits, with per-call overrides:
        /// `timeout` (one attempt), `max_retries`, `deadline` (one call, retries included).
        #[pyo3(signature = (*, timeout = None, max_retries = None, deadline = None))]
        fn with_options(
            &self,
            py: Python<'_>,
            timeout: Option<&Bound<'_, PyAny>>,
            max_retries: Option<&Bound<'_, PyAny>>,
            deadline: Option<&Bound<'_, PyAny>>,
        ) -> PyResult<Self> {
            let options = convert::call_options(py, timeout, max_retries, deadline)?;
            self.0.with_options(py, options).map(Self)
        }
    }

    calls |py, client| from client {
        /// Step 1: starts a validation session; send the person to its `h5_link` within 120 s.
        /// With a journal, the session is recorded (under `reference`, with `consent`).
        #[pyo3(signature = (callback_url, *, language = None, reference = None, consent = None))]
        fn create_validation_session(
            callback_url: Text,
            language: Option<&str>,
            reference: Option<Text>,
            consent: Option<Text>,
        ) -> ValidationSession {
            let request = convert::create_session(py, callback_url, language, reference, consent)?;
            async move { client.create_validation_session(&request).await.map(ValidationSession) }
        }

        /// Steps 1½-2 with a journal: checks the URL the person was redirected to and exchanges
        /// its token for the GroupId exactly once; the person is kept in the journal.
        fn complete_validation(redirected_url: Text) -> Person {
            let redirected_url = redirected_url.get(py, "redirected_url")?;
            async move { client.complete_validation(&redirected_url).await.map(Person) }
        }

        /// Step 2: exchanges a passed session's token for the person's GroupId (call it once).
        fn get_validation_result(byted_token: Text) -> ValidationResult {
            let byted_token = byted_token.get(py, "byted_token")?;
            async move { client.get_validation_result(&byted_token).await.map(ValidationResult) }
        }

        /// Step 3: uploads an asset from a public URL (never resent once it may have arrived).
        /// With a journal, an upload recorded under the same `key` is returned without a request.
        /// With `preflight=True`, an asset failing `preflight` raises `PreflightError` before any
        /// upload request.
        /// `file=` (a local path) instead of `asset_url` stages the file in the client's bucket
        /// first and uploads its presigned URL; `asset_type` may then be left out.
        #[pyo3(signature = (*, name, asset_type = None, asset_url = None, file = None, group_id = None, key = None, allow_duplicate = false, preflight = false))]
        #[allow(clippy::too_many_arguments)]
        fn upload_asset(
            name: Text,
            asset_type: Option<&str>,
            asset_url: Option<Text>,
            file: Option<std::path::PathBuf>,
            group_id: Option<Text>,
            key: Option<Text>,
            allow_duplicate: bool,
            preflight: bool,
        ) -> UploadedAsset {
            let mut request =
                convert::upload_asset(py, name, asset_type, asset_url, file, group_id, key, allow_duplicate)?;
            request.preflight = preflight;
            async move { client.upload_asset(&request).await.map(UploadedAsset) }
        }

        /// Stages the local file at `path` in the client's bucket (`staging=`, else
        /// `SEEDANCE_STAGING`) under its content hash, once, and returns a presigned GET URL
        /// valid for `staging_url_ttl` (default 24 h). Nothing is sent upstream.
        fn stage(path: std::path::PathBuf) -> String {
            async move { client.stage(&path).await.map(|staged| staged.url) }
        }

        /// The onboarding items of the folder `dir` (not its subfolders), for
        /// `onboard(assets=…)`: a dict per media file (`name` after the file, `asset_type` read
        /// from its content, `file`). Other files refuse the folder (`InvalidArgumentError`,
        /// `dir`) unless `skip_other_files`. Only each file's head is read; nothing is sent.
        #[pyo3(signature = (dir, *, skip_other_files = false))]
        fn folder_assets(dir: std::path::PathBuf, skip_other_files: bool) -> Vec<convert::AssetDict> {
            async move { client.folder_assets(&dir, skip_other_files).await.map(convert::asset_dicts) }
        }

        /// Step 4: the asset's current status and details.
        fn get_asset(asset_id: Text) -> Asset {
            let asset_id = asset_id.get(py, "asset_id")?;
            async move { client.get_asset(&asset_id).await.map(Asset) }
        }

        /// Step 4, waiting: polls until `Active` (returned) or `Failed` (`AssetFailedError`),
        /// within one deadline of `timeout` seconds (`WaitTimeoutError`); `on_poll(event)`
        /// hears of each poll, retry and rate-limit wait meanwhile (a dict with `kind`; called on
        /// a worker thread, so keep it short).
        #[pyo3(signature = (asset_id, *, timeout = Arg::Default, poll_interval = None, on_poll = None))]
        fn wait_for_asset(
            asset_id: Text,
            timeout: Arg<'_>,
            poll_interval: Option<&Bound<'_, PyAny>>,
            on_poll: Option<&Bound<'_, PyAny>>,
        ) -> Asset {
            let asset_id = asset_id.get(py, "asset_id")?;
            let options = convert::wait_options(py, timeout, poll_interval, on_poll)?;
            async move { client.wait_for_asset(&asset_id, &options).await.map(Asset) }
        }

        /// A person's whole asset set: uploaded at `upload_rate` (never exceeded; default the
        /// client's upload limit, else adaptive), `concurrency` uploads in flight, all waited
        /// for within `timeout` seconds by one shared poller. Per-item failures are reported,
        /// not raised; `on_progress(event)` hears of each item's progress (a dict with `kind`,
        /// called on a worker thread). With a journal, a run again continues where one stopped.
        /// With `preflight=True`, each item is preflighted first; a failing one is `Rejected`
        /// and not uploaded.
        #[pyo3(signature = (*, reference = None, group_id = None, assets, upload_rate = None, concurrency = Arg::Default, timeout = Arg::Default, preflight = false, on_progress = None))]
        #[allow(clippy::too_many_arguments)]
        fn onboard(
            reference: Option<Text>,
            group_id: Option<Text>,
            assets: &Bound<'_, PyAny>,
            upload_rate: Option<Text>,
            concurrency: Arg<'_>,
            timeout: Arg<'_>,
            preflight: bool,
            on_progress: Option<&Bound<'_, PyAny>>,
        ) -> OnboardingReport {
            let run = convert::onboarding(py, reference, group_id, assets, upload_rate, concurrency, timeout, on_progress)?
                .with_preflight(preflight);
            async move { client.onboard(&run).await.map(OnboardingReport) }
        }

        /// Whether upstream will accept the asset at `asset_url`, judged by the published
        /// limits without uploading it: reads only its head (and an MP4/MOV's index) within a
        /// byte and time budget. Problems are in the report (`ok` False), not raised. Private
        /// hosts are refused unless `allow_private_hosts` (default: the client's option).
        /// `profile`: overrides of the published limits (a dict) or the path of a file of them.
        #[pyo3(signature = (asset_url, asset_type, *, allow_private_hosts = None, profile = None))]
        fn preflight(
            asset_url: Text,
            asset_type: &str,
            allow_private_hosts: Option<bool>,
            profile: Option<&Bound<'_, PyAny>>,
        ) -> PreflightReport {
            let (url, asset_type, options) =
                crate::preflight::arguments(py, asset_url, asset_type, allow_private_hosts, profile)?;
            async move {
                client
                    .preflight_with(&url, asset_type, &options)
                    .await
                    .map(|report| PreflightReport::from(&report))
            }
        }
    }
}
