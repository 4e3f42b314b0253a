//! `Client` (blocking) and `AsyncClient` (awaitable): argument conversion around the core client.

use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use seedance_assets::{
    AssetType, CallOptions, ClientBuilder, CreateSession, Error, RateLimit, RateLimits, UploadAsset,
    WaitOptions,
};

use crate::errors::{invalid, to_pyerr, Converted};
use crate::logging;
use crate::models::{self, Asset, UploadedAsset, ValidationResult, ValidationSession};
use crate::runtime::{self, Ready};

/// Seconds (a Python float) as a `Duration`; negative, NaN or infinite values are refused.
pub fn seconds(py: Python<'_>, field: &'static str, value: f64) -> PyResult<Duration> {
    Duration::try_from_secs_f64(value).map_err(|_| {
        invalid(
            py,
            field,
            format!("must be a finite number of seconds >= 0 (got {value})"),
        )
    })
}

fn optional_seconds(py: Python<'_>, field: &'static str, value: Option<f64>) -> PyResult<Option<Duration>> {
    value.map(|v| seconds(py, field, v)).transpose()
}

fn retries(py: Python<'_>, value: i64) -> PyResult<u32> {
    u32::try_from(value).map_err(|_| invalid(py, "max_retries", format!("must be >= 0 (got {value})")))
}

/// `rate_limits=`: `True`/`None` (the documented upstream limits), `False` (no client-side
/// limits), or a dict overriding some endpoints with `None`, `n` (per second) or `(n, seconds)`.
fn rate_limits(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<RateLimits> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(RateLimits::default());
    };
    if let Ok(enabled) = value.extract::<bool>() {
        return Ok(if enabled {
            RateLimits::default()
        } else {
            RateLimits::disabled()
        });
    }
    let Ok(entries) = value.cast::<PyDict>() else {
        return Err(invalid(
            py,
            "rate_limits",
            "must be True, False or a dict per endpoint",
        ));
    };
    let mut limits = RateLimits::default();
    for (key, limit) in entries.iter() {
        let key: String = key.extract()?;
        let limit = rate_limit(py, &limit)?;
        let slot = match key.as_str() {
            "create_validation_session" | "create_session" | "visual-validate-session" => {
                &mut limits.create_session
            }
            "get_validation_result" | "validation_result" | "visual-validate-result" => {
                &mut limits.validation_result
            }
            "upload_asset" | "asset-upload" => &mut limits.upload_asset,
            "get_asset" | "asset_info" | "asset-info" => &mut limits.asset_info,
            other => {
                return Err(invalid(
                    py,
                    "rate_limits",
                    format!("unknown endpoint {other:?} (create_validation_session, get_validation_result, upload_asset, get_asset)"),
                ))
            }
        };
        *slot = limit;
    }
    Ok(limits)
}

fn rate_limit(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Option<RateLimit>> {
    if value.is_none() {
        return Ok(None);
    }
    if let Ok(per_second) = value.extract::<u32>() {
        return Ok(Some(RateLimit::per_second(per_second)));
    }
    if let Ok(pair) = value.cast::<PyTuple>() {
        if let Ok((max_requests, per)) = pair.extract::<(u32, f64)>() {
            return Ok(Some(RateLimit {
                max_requests,
                per: seconds(py, "rate_limits", per)?,
            }));
        }
    }
    Err(invalid(
        py,
        "rate_limits",
        "each limit must be None, requests per second, or (requests, seconds)",
    ))
}

/// What both client classes hold: the configuration, and the core client of this process.
struct Shared {
    builder: ClientBuilder,
    options: CallOptions,
    base_url: String,
    /// The core client and the process (`runtime::process_token`) it was built in; a forked
    /// child rebuilds its own.
    current: Mutex<Option<(u64, seedance_assets::Client)>>,
    closed: AtomicBool,
}

impl Shared {
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        api_key: Option<String>,
        base_url: Option<String>,
        timeout: f64,
        connect_timeout: f64,
        max_retries: i64,
        rate_limits: Option<&Bound<'_, PyAny>>,
        user_agent: Option<String>,
    ) -> PyResult<Self> {
        let mut builder = seedance_assets::Client::builder()
            .timeout(seconds(py, "timeout", timeout)?)
            .connect_timeout(seconds(py, "connect_timeout", connect_timeout)?)
            .max_retries(retries(py, max_retries)?)
            .rate_limits(self::rate_limits(py, rate_limits)?);
        if let Some(key) = api_key {
            builder = builder.api_key(key);
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
        let client = builder.clone().build().map_err(|e| to_pyerr(py, e))?;
        Ok(Self {
            builder,
            options: CallOptions::default(),
            base_url: client.base_url().to_string(),
            current: Mutex::new(Some((runtime::process_token(), client))),
            closed: AtomicBool::new(false),
        })
    }

    fn with_options(
        &self,
        py: Python<'_>,
        timeout: Option<f64>,
        max_retries: Option<i64>,
        deadline: Option<f64>,
    ) -> PyResult<Self> {
        let options = CallOptions {
            timeout: optional_seconds(py, "timeout", timeout)?,
            max_retries: max_retries.map(|r| retries(py, r)).transpose()?,
            deadline: optional_seconds(py, "deadline", deadline)?,
        };
        if options.timeout.is_some_and(|t| t.is_zero()) {
            return Err(invalid(py, "timeout", "must be greater than zero"));
        }
        let client = self.client(py)?.with_options(options);
        Ok(Self {
            builder: self.builder.clone(),
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
            return Err(PyRuntimeError::new_err("the client is closed"));
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
        let client = self
            .builder
            .clone()
            .build()
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

    // The four steps, as futures ready to run on the runtime (arguments converted up front).

    fn create_validation_session(
        &self,
        py: Python<'_>,
        callback_url: String,
        language: Option<&str>,
    ) -> PyResult<impl Future<Output = Result<ValidationSession, Error>> + Send + 'static> {
        let client = self.client(py)?;
        let request = CreateSession {
            callback_url,
            language: language.map(|l| models::language(py, l)).transpose()?,
        };
        Ok(async move {
            client
                .create_validation_session(&request)
                .await
                .map(ValidationSession)
        })
    }

    fn get_validation_result(
        &self,
        py: Python<'_>,
        byted_token: String,
    ) -> PyResult<impl Future<Output = Result<ValidationResult, Error>> + Send + 'static> {
        let client = self.client(py)?;
        Ok(async move {
            client
                .get_validation_result(&byted_token)
                .await
                .map(ValidationResult)
        })
    }

    fn upload_asset(
        &self,
        py: Python<'_>,
        name: String,
        asset_type: &str,
        asset_url: String,
        group_id: Option<String>,
    ) -> PyResult<impl Future<Output = Result<UploadedAsset, Error>> + Send + 'static> {
        let client = self.client(py)?;
        let request = UploadAsset {
            name,
            asset_type: asset_type.parse::<AssetType>().map_err(|e| to_pyerr(py, e))?,
            asset_url,
            group_id,
        };
        Ok(async move { client.upload_asset(&request).await.map(UploadedAsset) })
    }

    fn get_asset(
        &self,
        py: Python<'_>,
        asset_id: String,
    ) -> PyResult<impl Future<Output = Result<Asset, Error>> + Send + 'static> {
        let client = self.client(py)?;
        Ok(async move { client.get_asset(&asset_id).await.map(Asset) })
    }

    fn wait_for_asset(
        &self,
        py: Python<'_>,
        asset_id: String,
        timeout: f64,
        poll_interval: Option<f64>,
    ) -> PyResult<impl Future<Output = Result<Asset, Error>> + Send + 'static> {
        let client = self.client(py)?;
        let options = WaitOptions {
            timeout: seconds(py, "timeout", timeout)?,
            poll_interval: optional_seconds(py, "poll_interval", poll_interval)?,
            ..WaitOptions::default()
        };
        Ok(async move { client.wait_for_asset(&asset_id, &options).await.map(Asset) })
    }
}

/// Runs a step's future to completion on the runtime, GIL released, Ctrl-C honoured.
fn run<T>(py: Python<'_>, future: impl Future<Output = Result<T, Error>> + Send + 'static) -> PyResult<T>
where
    T: Send + 'static,
{
    runtime::block_on(py, future)?.map_err(|e| to_pyerr(py, e))
}

/// A step's future as an awaitable on the caller's asyncio loop.
fn spawn<'py, T>(
    py: Python<'py>,
    future: impl Future<Output = Result<T, Error>> + Send + 'static,
) -> PyResult<Bound<'py, PyAny>>
where
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    runtime::awaitable(py, async move { Converted(future.await) })
}

/// A blocking client of the Seedance asset API. Thread-safe; calls release the GIL, never touch
/// an asyncio loop (so they work inside Jupyter), and Ctrl-C interrupts them.
#[pyclass(frozen, module = "seedance_assets", name = "Client")]
pub struct Client(Shared);

#[pymethods]
impl Client {
    #[new]
    #[pyo3(signature = (api_key = None, *, base_url = None, timeout = 30.0, connect_timeout = 10.0, max_retries = 2, rate_limits = None, user_agent = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        api_key: Option<String>,
        base_url: Option<String>,
        timeout: f64,
        connect_timeout: f64,
        max_retries: i64,
        rate_limits: Option<&Bound<'_, PyAny>>,
        user_agent: Option<String>,
    ) -> PyResult<Self> {
        Shared::new(
            py,
            api_key,
            base_url,
            timeout,
            connect_timeout,
            max_retries,
            rate_limits,
            user_agent,
        )
        .map(Self)
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
        timeout: Option<f64>,
        max_retries: Option<i64>,
        deadline: Option<f64>,
    ) -> PyResult<Self> {
        self.0.with_options(py, timeout, max_retries, deadline).map(Self)
    }

    /// Step 1: starts a validation session; send the person to its `h5_link` within 120 s.
    #[pyo3(signature = (callback_url, *, language = None))]
    fn create_validation_session(
        &self,
        py: Python<'_>,
        callback_url: String,
        language: Option<&str>,
    ) -> PyResult<ValidationSession> {
        run(py, self.0.create_validation_session(py, callback_url, language)?)
    }

    /// Step 2: exchanges a passed session's token for the person's GroupId (call it once).
    fn get_validation_result(&self, py: Python<'_>, byted_token: String) -> PyResult<ValidationResult> {
        run(py, self.0.get_validation_result(py, byted_token)?)
    }

    /// Step 3: uploads an asset from a public URL (never resent once it may have arrived).
    #[pyo3(signature = (*, name, asset_type, asset_url, group_id = None))]
    fn upload_asset(
        &self,
        py: Python<'_>,
        name: String,
        asset_type: &str,
        asset_url: String,
        group_id: Option<String>,
    ) -> PyResult<UploadedAsset> {
        run(
            py,
            self.0.upload_asset(py, name, asset_type, asset_url, group_id)?,
        )
    }

    /// Step 4: the asset's current status and details.
    fn get_asset(&self, py: Python<'_>, asset_id: String) -> PyResult<Asset> {
        run(py, self.0.get_asset(py, asset_id)?)
    }

    /// Step 4, waiting: polls until `Active` (returned) or `Failed` (`AssetFailedError`), within
    /// one deadline of `timeout` seconds (`WaitTimeoutError`).
    #[pyo3(signature = (asset_id, *, timeout = 600.0, poll_interval = None))]
    fn wait_for_asset(
        &self,
        py: Python<'_>,
        asset_id: String,
        timeout: f64,
        poll_interval: Option<f64>,
    ) -> PyResult<Asset> {
        run(py, self.0.wait_for_asset(py, asset_id, timeout, poll_interval)?)
    }

    /// Releases the connections; later calls raise `RuntimeError`.
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

/// An asyncio client of the Seedance asset API: every step is awaitable, and cancelling the
/// awaiting task cancels the request.
#[pyclass(frozen, module = "seedance_assets", name = "AsyncClient")]
pub struct AsyncClient(Shared);

#[pymethods]
impl AsyncClient {
    #[new]
    #[pyo3(signature = (api_key = None, *, base_url = None, timeout = 30.0, connect_timeout = 10.0, max_retries = 2, rate_limits = None, user_agent = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        api_key: Option<String>,
        base_url: Option<String>,
        timeout: f64,
        connect_timeout: f64,
        max_retries: i64,
        rate_limits: Option<&Bound<'_, PyAny>>,
        user_agent: Option<String>,
    ) -> PyResult<Self> {
        Shared::new(
            py,
            api_key,
            base_url,
            timeout,
            connect_timeout,
            max_retries,
            rate_limits,
            user_agent,
        )
        .map(Self)
    }

    /// The base URL requests go to.
    #[getter]
    fn base_url(&self) -> &str {
        &self.0.base_url
    }

    /// A client sharing this one's connections and rate limits, with per-call overrides.
    #[pyo3(signature = (*, timeout = None, max_retries = None, deadline = None))]
    fn with_options(
        &self,
        py: Python<'_>,
        timeout: Option<f64>,
        max_retries: Option<i64>,
        deadline: Option<f64>,
    ) -> PyResult<Self> {
        self.0.with_options(py, timeout, max_retries, deadline).map(Self)
    }

    /// Step 1: starts a validation session; send the person to its `h5_link` within 120 s.
    #[pyo3(signature = (callback_url, *, language = None))]
    fn create_validation_session<'py>(
        &self,
        py: Python<'py>,
        callback_url: String,
        language: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        spawn(py, self.0.create_validation_session(py, callback_url, language)?)
    }

    /// Step 2: exchanges a passed session's token for the person's GroupId (call it once).
    fn get_validation_result<'py>(
        &self,
        py: Python<'py>,
        byted_token: String,
    ) -> PyResult<Bound<'py, PyAny>> {
        spawn(py, self.0.get_validation_result(py, byted_token)?)
    }

    /// Step 3: uploads an asset from a public URL (never resent once it may have arrived).
    #[pyo3(signature = (*, name, asset_type, asset_url, group_id = None))]
    fn upload_asset<'py>(
        &self,
        py: Python<'py>,
        name: String,
        asset_type: &str,
        asset_url: String,
        group_id: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        spawn(
            py,
            self.0.upload_asset(py, name, asset_type, asset_url, group_id)?,
        )
    }

    /// Step 4: the asset's current status and details.
    fn get_asset<'py>(&self, py: Python<'py>, asset_id: String) -> PyResult<Bound<'py, PyAny>> {
        spawn(py, self.0.get_asset(py, asset_id)?)
    }

    /// Step 4, waiting: polls until `Active` or `Failed`, within one deadline of `timeout` seconds.
    #[pyo3(signature = (asset_id, *, timeout = 600.0, poll_interval = None))]
    fn wait_for_asset<'py>(
        &self,
        py: Python<'py>,
        asset_id: String,
        timeout: f64,
        poll_interval: Option<f64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        spawn(py, self.0.wait_for_asset(py, asset_id, timeout, poll_interval)?)
    }

    /// Releases the connections at once; later calls raise `RuntimeError`. Returns an
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
