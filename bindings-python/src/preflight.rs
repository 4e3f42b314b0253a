//! A preflight's report as Python sees it (the `report` of a `PreflightError`): a dict with the
//! core report's fields; each finding a dict of `limit`, `expected`, `actual`.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use pyo3::IntoPyObjectExt;
use seedance_assets::{Finding, PreflightReport};

fn findings<'py>(py: Python<'py>, findings: &[Finding]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for finding in findings {
        let item = PyDict::new(py);
        item.set_item("limit", &finding.limit)?;
        item.set_item("expected", &finding.expected)?;
        item.set_item("actual", &finding.actual)?;
        list.append(item)?;
    }
    Ok(list)
}

/// The report as a dict.
pub fn report(py: Python<'_>, report: &PreflightReport) -> PyResult<Py<PyAny>> {
    let dict = PyDict::new(py);
    dict.set_item("ok", report.ok)?;
    dict.set_item("asset_type", report.asset_type.as_str())?;
    dict.set_item("violations", findings(py, &report.violations)?)?;
    dict.set_item("warnings", findings(py, &report.warnings)?)?;
    dict.set_item("http_status", report.http_status)?;
    dict.set_item("content_type", &report.content_type)?;
    dict.set_item("format", &report.format)?;
    dict.set_item("size_bytes", report.size_bytes)?;
    dict.set_item("width", report.width)?;
    dict.set_item("height", report.height)?;
    dict.set_item("pixels", report.pixels)?;
    dict.set_item("duration", report.duration)?;
    dict.set_item("fps", report.fps)?;
    dict.set_item("profile", &report.profile)?;
    dict.set_item("bytes_read", report.bytes_read)?;
    dict.set_item("redirects", report.redirects)?;
    dict.into_py_any(py)
}
