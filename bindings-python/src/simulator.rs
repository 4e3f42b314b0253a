//! The core's local simulator of the service, for `seedance_assets.testing.Simulator`.

use std::time::Duration;

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use std::collections::{BTreeMap, HashMap};

use seedance_assets::simulator::{
    ChaosConfig, Endpoint, Fault, FaultParams, Quota, Simulator as CoreSimulator, SimulatorConfig,
};

use crate::errors::invalid;
use crate::runtime;

/// An endpoint by its wire name (`asset-upload`) or its client method (`upload_asset`).
fn endpoint(name: &str) -> PyResult<Endpoint> {
    name.parse().map_err(PyValueError::new_err)
}

/// A fault by its simulator kind name and parameters.
fn fault(
    py: Python<'_>,
    kind: &str,
    retry_after: Option<u64>,
    code: Option<u16>,
    http_status: Option<u16>,
    delay: Option<f64>,
) -> PyResult<Fault> {
    let params = FaultParams {
        retry_after_secs: retry_after,
        code,
        http_status,
        delay: delay.map(|d| seconds(py, "delay", d)).transpose()?,
    };
    Fault::from_kind(kind, params).map_err(PyValueError::new_err)
}

/// A server-side quota (`"600/min"`), refused naming `field`.
fn quota(py: Python<'_>, field: &'static str, rate: &str) -> PyResult<Quota> {
    Quota::parse(rate).map_err(|reason| invalid(py, field, reason))
}

/// A simulator setting in seconds (zero allowed: no delay).
fn seconds(py: Python<'_>, field: &'static str, value: f64) -> PyResult<Duration> {
    Duration::try_from_secs_f64(value).map_err(|_| {
        invalid(
            py,
            field,
            format!("must be a finite number of seconds >= 0 (got {value})"),
        )
    })
}

/// Kind names as the core takes them.
fn names(list: &Option<Vec<String>>) -> Option<Vec<&str>> {
    list.as_ref().map(|l| l.iter().map(String::as_str).collect())
}

/// The running simulator behind `seedance_assets.testing.Simulator`.
#[pyclass(frozen, module = "seedance_assets._native", name = "_Simulator")]
pub struct Simulator {
    inner: std::sync::Mutex<Option<CoreSimulator>>,
}

impl Simulator {
    fn get(&self) -> PyResult<CoreSimulator> {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| PyRuntimeError::new_err("the simulator is closed"))
    }
}

#[pymethods]
impl Simulator {
    #[new]
    #[pyo3(signature = (*, api_key = None, processing_delay = None, link_ttl = None, status_mode = "mirrored", time_format = "iso", quotas = None, download_assets = false))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        api_key: Option<String>,
        processing_delay: Option<f64>,
        link_ttl: Option<f64>,
        status_mode: &str,
        time_format: &str,
        quotas: Option<BTreeMap<String, String>>,
        download_assets: bool,
    ) -> PyResult<Self> {
        let mut config = SimulatorConfig::default().with_download_assets(download_assets);
        if let Some(delay) = processing_delay {
            let delay = seconds(py, "processing_delay", delay)?;
            config = config.with_processing_delay(delay, delay);
        }
        if let Some(ttl) = link_ttl {
            config = config.with_link_ttl(seconds(py, "link_ttl", ttl)?);
        }
        let mut config = config
            .with_status_mode(status_mode.parse().map_err(PyValueError::new_err)?)
            .with_time_format(time_format.parse().map_err(PyValueError::new_err)?);
        if let Some(key) = api_key {
            config = config.with_api_key(key);
        }
        for (operation, rate) in quotas.unwrap_or_default() {
            config = config.with_quota(endpoint(&operation)?, quota(py, "quotas", &rate)?);
        }
        let started = runtime::block_on(py, CoreSimulator::start(config))?
            .map_err(|e| PyRuntimeError::new_err(format!("cannot start the simulator: {e}")))?;
        Ok(Self {
            inner: std::sync::Mutex::new(Some(started)),
        })
    }

    #[getter]
    fn url(&self) -> PyResult<String> {
        Ok(self.get()?.url())
    }

    /// How long its H5 links stay usable, in seconds.
    #[getter]
    fn link_ttl(&self) -> PyResult<f64> {
        Ok(self.get()?.link_ttl().as_secs_f64())
    }

    #[getter]
    fn api_key(&self) -> PyResult<String> {
        Ok(self.get()?.api_key().to_string())
    }

    #[pyo3(signature = (byted_token, passed = true))]
    fn complete_validation(&self, byted_token: &str, passed: bool) -> PyResult<String> {
        self.get()?
            .complete_validation(byted_token, passed)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    #[pyo3(signature = (endpoint, kind, times = 1, *, retry_after = None, code = None, http_status = None, delay = None))]
    #[allow(clippy::too_many_arguments)]
    fn inject_fault(
        &self,
        py: Python<'_>,
        endpoint: &str,
        kind: &str,
        times: usize,
        retry_after: Option<u64>,
        code: Option<u16>,
        http_status: Option<u16>,
        delay: Option<f64>,
    ) -> PyResult<()> {
        let fault = fault(py, kind, retry_after, code, http_status, delay)?;
        self.get()?.inject_fault(self::endpoint(endpoint)?, fault, times);
        Ok(())
    }

    /// Chaos mode: each request gets a random fault with `probability`, and `failure_share` of
    /// uploads end `Failed` (both 0 switch it off); one `seed` repeats both.
    #[pyo3(signature = (probability, kinds = None, seed = None, *, failure_share = 0.0, failure_kinds = None))]
    fn set_chaos(
        &self,
        py: Python<'_>,
        probability: f64,
        kinds: Option<Vec<String>>,
        seed: Option<u64>,
        failure_share: f64,
        failure_kinds: Option<Vec<String>>,
    ) -> PyResult<()> {
        let (kinds, failure_kinds) = (names(&kinds), names(&failure_kinds));
        let chaos = ChaosConfig::new(probability, kinds.as_deref(), seed)
            .and_then(|c| c.with_failures(failure_share, failure_kinds.as_deref()))
            .map_err(|e| invalid(py, e.field.name(), e.problem))?;
        self.get()?.set_chaos(chaos.is_active().then_some(chaos));
        Ok(())
    }

    /// Uploads chaos made end `Failed`, per failure kind.
    fn failures_drawn(&self) -> PyResult<BTreeMap<String, usize>> {
        Ok(self.get()?.failures_drawn())
    }

    /// Every asset as the simulator holds it now, as dicts.
    fn assets(&self) -> PyResult<Vec<BTreeMap<&'static str, Option<String>>>> {
        Ok(self
            .get()?
            .assets()
            .into_iter()
            .map(|a| {
                BTreeMap::from([
                    ("asset_id", Some(a.asset_id)),
                    ("name", Some(a.name)),
                    ("asset_url", Some(a.asset_url)),
                    ("status", Some(a.status)),
                    ("error_code", a.error_code),
                ])
            })
            .collect())
    }

    /// Assets actually created per `asset_url`.
    fn uploads_per_url(&self) -> PyResult<HashMap<String, usize>> {
        Ok(self.get()?.uploads_per_url())
    }

    /// Faults applied per kind.
    fn faults_injected(&self) -> PyResult<BTreeMap<String, usize>> {
        Ok(self.get()?.faults_injected())
    }

    fn clear_faults(&self) -> PyResult<()> {
        self.get()?.clear_faults();
        Ok(())
    }

    fn pending_faults(&self, endpoint: &str) -> PyResult<usize> {
        Ok(self.get()?.pending_faults(self::endpoint(endpoint)?))
    }

    #[pyo3(signature = (endpoint = None))]
    fn request_count(&self, endpoint: Option<&str>) -> PyResult<usize> {
        let simulator = self.get()?;
        Ok(match endpoint {
            Some(name) => simulator.request_count(self::endpoint(name)?),
            None => simulator.total_requests(),
        })
    }

    /// Serves `data` at `/media/<name>` (HEAD, byte ranges); returns its URL.
    fn add_media(&self, name: &str, data: Vec<u8>) -> PyResult<String> {
        Ok(self.get()?.add_media(name, data))
    }

    fn media_url(&self, name: &str) -> PyResult<String> {
        Ok(self.get()?.media_url(name))
    }

    /// Body bytes sent per `/media/` request path.
    fn media_bytes_served(&self) -> PyResult<HashMap<String, u64>> {
        Ok(self.get()?.media_bytes_served())
    }

    fn reset_counters(&self) -> PyResult<()> {
        self.get()?.reset_counters();
        Ok(())
    }

    fn asset_count(&self) -> PyResult<usize> {
        Ok(self.get()?.asset_count())
    }

    fn session_count(&self) -> PyResult<usize> {
        Ok(self.get()?.session_count())
    }

    fn set_status_mode(&self, mode: &str) -> PyResult<()> {
        self.get()?
            .set_status_mode(mode.parse().map_err(PyValueError::new_err)?);
        Ok(())
    }

    fn set_time_format(&self, format: &str) -> PyResult<()> {
        self.get()?
            .set_time_format(format.parse().map_err(PyValueError::new_err)?);
        Ok(())
    }

    #[pyo3(signature = (minimum, maximum = None))]
    fn set_processing_delay(&self, py: Python<'_>, minimum: f64, maximum: Option<f64>) -> PyResult<()> {
        let low = seconds(py, "minimum", minimum)?;
        let high = maximum.map_or(Ok(low), |m| seconds(py, "maximum", m))?;
        self.get()?.set_processing_delay(low, high);
        Ok(())
    }

    fn set_link_ttl(&self, py: Python<'_>, ttl: f64) -> PyResult<()> {
        self.get()?.set_link_ttl(seconds(py, "ttl", ttl)?);
        Ok(())
    }

    fn set_asset_status(&self, asset_id: &str, status: &str) -> PyResult<()> {
        self.get()?
            .set_asset_status(asset_id, status)
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// Sets (a rate such as `"600/min"`) or lifts (`None`) the server-side quota of `operation`.
    #[pyo3(signature = (operation, rate))]
    fn set_quota(&self, py: Python<'_>, operation: &str, rate: Option<&str>) -> PyResult<()> {
        let rate = rate.map(|r| quota(py, "rate", r)).transpose()?;
        self.get()?.set_quota(endpoint(operation)?, rate);
        Ok(())
    }

    /// The most requests to `operation` accepted within any window of `seconds`.
    fn max_in_window(&self, py: Python<'_>, operation: &str, seconds: f64) -> PyResult<usize> {
        let per = self::seconds(py, "seconds", seconds)?;
        if per.is_zero() {
            return Err(invalid(py, "seconds", "must be greater than zero"));
        }
        Ok(self.get()?.max_in_window(endpoint(operation)?, per))
    }

    /// Requests to `operation` its quota refused with 429.
    fn quota_refusals(&self, operation: &str) -> PyResult<usize> {
        Ok(self.get()?.quota_refusals(endpoint(operation)?))
    }

    /// Stops the server (in-flight requests finish, bounded). Idempotent.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        let simulator = self.inner.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(simulator) = simulator {
            let stopping = async move {
                let _ = tokio::time::timeout(Duration::from_secs(5), simulator.shutdown()).await;
            };
            runtime::block_on(py, stopping)?;
        }
        Ok(())
    }

    #[getter]
    fn closed(&self) -> bool {
        self.inner.lock().unwrap_or_else(|p| p.into_inner()).is_none()
    }
}
