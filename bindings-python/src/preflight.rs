//! A preflight's report as Python sees it: `PreflightReport` (also the `report` of a
//! `PreflightError`), its findings `PreflightFinding`.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use pyo3::IntoPyObjectExt;
use seedance_assets::preflight::{Profile, ProfileSource};
use seedance_assets::surface::options;
use seedance_assets::{Error, Finding, PreflightOptions};

use crate::convert::{self, Text};
use crate::errors::to_pyerr;

/// One limit an asset is outside of (a violation) or near (a warning).
#[pyclass(frozen, get_all, module = "seedance_assets", name = "PreflightFinding")]
#[derive(Clone)]
pub struct PreflightFinding {
    /// The limit, e.g. `video.min_fps`, `reachable`, `host`, `content_type`.
    limit: String,
    /// What the limit asks for, e.g. `at least 23.8 fps`.
    expected: String,
    /// What was found, e.g. `23.5 fps`.
    actual: String,
}

#[pymethods]
impl PreflightFinding {
    fn __repr__(&self) -> String {
        format!(
            "PreflightFinding(limit={:?}, expected={:?}, actual={:?})",
            self.limit, self.expected, self.actual
        )
    }

    fn __str__(&self) -> String {
        format!(
            "{}: expected {}, found {}",
            self.limit, self.expected, self.actual
        )
    }
}

impl From<&Finding> for PreflightFinding {
    fn from(f: &Finding) -> Self {
        Self {
            limit: f.limit.clone(),
            expected: f.expected.clone(),
            actual: f.actual.clone(),
        }
    }
}

/// Whether upstream is expected to accept an asset, and what was measured of it.
#[pyclass(frozen, get_all, module = "seedance_assets", name = "PreflightReport")]
#[derive(Clone)]
pub struct PreflightReport {
    /// No violation (warnings may remain).
    ok: bool,
    /// `Image`, `Video` or `Audio`.
    asset_type: String,
    /// Every limit it is outside of (the lenient reading where sources disagree).
    violations: Vec<PreflightFinding>,
    /// Strict readings, plain http, an allowed private host, what was not measured.
    warnings: Vec<PreflightFinding>,
    /// The HTTP status of the ranged GET.
    http_status: Option<u16>,
    /// The `Content-Type` the server sent.
    content_type: Option<String>,
    /// The format read from the file (`png`, `jpeg`, `mp4`, `wav`, …).
    format: Option<String>,
    /// The file's size in bytes, as the server stated it.
    size_bytes: Option<u64>,
    /// Width in pixels.
    width: Option<u64>,
    /// Height in pixels.
    height: Option<u64>,
    /// Width × height.
    pixels: Option<u64>,
    /// Duration in seconds.
    duration: Option<f64>,
    /// Frames per second.
    fps: Option<f64>,
    /// The profile that judged it, e.g. `published-2026-11`.
    profile: String,
    /// Bytes of the file read.
    bytes_read: u64,
    /// Redirects followed.
    redirects: u32,
}

#[pymethods]
impl PreflightReport {
    fn __repr__(&self) -> String {
        let limits: Vec<&str> = self.violations.iter().map(|v| v.limit.as_str()).collect();
        format!(
            "PreflightReport(ok={}, format={:?}, violations={:?}, profile={:?})",
            if self.ok { "True" } else { "False" },
            self.format,
            limits,
            self.profile
        )
    }
}

impl From<&seedance_assets::PreflightReport> for PreflightReport {
    fn from(r: &seedance_assets::PreflightReport) -> Self {
        Self {
            ok: r.ok,
            asset_type: r.asset_type.as_str().to_string(),
            violations: r.violations.iter().map(PreflightFinding::from).collect(),
            warnings: r.warnings.iter().map(PreflightFinding::from).collect(),
            http_status: r.http_status,
            content_type: r.content_type.clone(),
            format: r.format.clone(),
            size_bytes: r.size_bytes,
            width: r.width,
            height: r.height,
            pixels: r.pixels,
            duration: r.duration,
            fps: r.fps,
            profile: r.profile.clone(),
            bytes_read: r.bytes_read,
            redirects: r.redirects,
        }
    }
}

/// The report as the `report` of a `PreflightError`.
pub fn report(py: Python<'_>, report: &seedance_assets::PreflightReport) -> PyResult<Py<PyAny>> {
    PreflightReport::from(report).into_py_any(py)
}

/// `profile=`: a dict of overrides (read through `json`, so only JSON values) or the path of
/// a `.toml`/`.json` file.
fn profile(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Profile> {
    let refused = |reason: String| {
        to_pyerr(
            py,
            Error::InvalidArgument {
                field: options::PROFILE.python,
                reason,
            },
        )
    };
    let source = if value.is_instance_of::<PyDict>() {
        let text: String = py
            .import("json")?
            .call_method1("dumps", (value,))
            .map_err(|e| refused(format!("must hold only JSON values ({e})")))?
            .extract()?;
        let overrides = serde_json::from_str(&text).map_err(|e| refused(e.to_string()))?;
        ProfileSource::Overrides(overrides)
    } else if let Ok(path) = value.extract::<std::path::PathBuf>() {
        ProfileSource::File(path)
    } else {
        return Err(refused(
            "must be a dict of overrides or the path of a .toml/.json file".into(),
        ));
    };
    source.load().map_err(|e| to_pyerr(py, e))
}

/// The arguments of `preflight(asset_url, asset_type, *, allow_private_hosts=None, profile=None)`.
pub fn arguments(
    py: Python<'_>,
    asset_url: Text,
    asset_type: &str,
    allow_private_hosts: Option<bool>,
    profile: Option<&Bound<'_, PyAny>>,
) -> PyResult<(String, seedance_assets::AssetType, PreflightOptions)> {
    let url = asset_url.get(py, options::ASSET_URL.python)?;
    let asset_type = convert::asset_type(py, asset_type)?;
    let profile = profile
        .filter(|p| !p.is_none())
        .map(|p| self::profile(py, p))
        .transpose()?;
    let options = PreflightOptions {
        allow_private_hosts,
        profile,
        ..PreflightOptions::default()
    };
    Ok((url, asset_type, options))
}
