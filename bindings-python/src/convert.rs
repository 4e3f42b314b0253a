//! Python arguments as the core's option and request types. Refusals are
//! `InvalidArgumentError`s naming the argument, raised before any request.

use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use seedance_assets::{
    AssetType, CallOptions, CreateSession, Language, RateLimit, RateLimits, UploadAsset, WaitOptions,
};

use crate::errors::{invalid, to_pyerr};

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

/// Optional seconds, as [`seconds`].
pub fn optional_seconds(
    py: Python<'_>,
    field: &'static str,
    value: Option<f64>,
) -> PyResult<Option<Duration>> {
    value.map(|v| seconds(py, field, v)).transpose()
}

/// `max_retries`: a count >= 0.
pub fn retries(py: Python<'_>, value: i64) -> PyResult<u32> {
    u32::try_from(value).map_err(|_| invalid(py, "max_retries", format!("must be >= 0 (got {value})")))
}

/// `language=`: `zh`, `en` or `zh-Hant` (as the core reads them).
pub fn language(py: Python<'_>, value: &str) -> PyResult<Language> {
    value.parse().map_err(|e| to_pyerr(py, e))
}

/// `asset_type=`: an `AssetType` member or its name, in any case.
pub fn asset_type(py: Python<'_>, value: &str) -> PyResult<AssetType> {
    value.parse().map_err(|e| to_pyerr(py, e))
}

/// `with_options(timeout=, max_retries=, deadline=)`; a zero `timeout` is refused.
pub fn call_options(
    py: Python<'_>,
    timeout: Option<f64>,
    max_retries: Option<i64>,
    deadline: Option<f64>,
) -> PyResult<CallOptions> {
    let options = CallOptions {
        timeout: optional_seconds(py, "timeout", timeout)?,
        max_retries: max_retries.map(|r| retries(py, r)).transpose()?,
        deadline: optional_seconds(py, "deadline", deadline)?,
    };
    if options.timeout.is_some_and(|t| t.is_zero()) {
        return Err(invalid(py, "timeout", "must be greater than zero"));
    }
    Ok(options)
}

/// Step 1's request.
pub fn create_session(
    py: Python<'_>,
    callback_url: String,
    language: Option<&str>,
) -> PyResult<CreateSession> {
    Ok(CreateSession {
        callback_url,
        language: language.map(|l| self::language(py, l)).transpose()?,
    })
}

/// Step 3's request.
pub fn upload_asset(
    py: Python<'_>,
    name: String,
    asset_type: &str,
    asset_url: String,
    group_id: Option<String>,
) -> PyResult<UploadAsset> {
    Ok(UploadAsset {
        name,
        asset_type: self::asset_type(py, asset_type)?,
        asset_url,
        group_id,
    })
}

/// `wait_for_asset(timeout=, poll_interval=)`.
pub fn wait_options(py: Python<'_>, timeout: f64, poll_interval: Option<f64>) -> PyResult<WaitOptions> {
    Ok(WaitOptions {
        timeout: seconds(py, "timeout", timeout)?,
        poll_interval: optional_seconds(py, "poll_interval", poll_interval)?,
        ..WaitOptions::default()
    })
}

/// `rate_limits=`: `True`/`None` (the documented upstream limits), `False` (no client-side
/// limits), or a dict overriding some endpoints with `None`, `n` (per second) or `(n, seconds)`.
pub fn rate_limits(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<RateLimits> {
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

/// One endpoint's limit in `rate_limits=`.
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
