//! Python arguments as the core's option and request types. Refusals are
//! `InvalidArgumentError`s naming the argument, raised before any request.

use std::time::Duration;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyMapping, PyString, PyTuple};
use seedance_assets::surface::options::{self, OptionKind};
use seedance_assets::surface::{Lang, Operation, OptionSpec};
use seedance_assets::{
    AssetFilter, AssetType, CallOptions, CreateSession, Error, Language, OnboardItem, Onboarding, RateLimit,
    RateLimits, UploadAsset, WaitOptions,
};

use crate::errors::{invalid, to_pyerr};

/// A keyword argument that has a default in the core: left out, or given (even as `None`,
/// which is then refused by name rather than taken as "the default").
pub enum Arg<'py> {
    /// Not given: the core's default applies.
    Default,
    /// Given, as is.
    Given(Bound<'py, PyAny>),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Arg<'py> {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Arg::Given(obj.to_owned()))
    }
}

/// A `str` argument, kept as given: a string with a lone surrogate has no UTF-8 form, and is
/// refused by [`Text::get`] naming the argument (not with a bare `UnicodeEncodeError`).
pub struct Text(Option<String>);

impl<'a, 'py> FromPyObject<'a, 'py> for Text {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let text = obj.cast::<PyString>()?;
        Ok(Text(text.to_cow().ok().map(std::borrow::Cow::into_owned)))
    }
}

impl Text {
    /// The string, or `InvalidArgumentError` naming `field`.
    pub fn get(self, py: Python<'_>, field: &'static str) -> PyResult<String> {
        self.0
            .ok_or_else(|| invalid(py, field, "contains a lone surrogate (not valid Unicode)"))
    }
}

/// A Python number for `option`; `None`, `bool` and non-numbers are refused naming it.
fn number(py: Python<'_>, option: &OptionSpec, value: &Bound<'_, PyAny>) -> PyResult<f64> {
    let what = match option.kind {
        OptionKind::Duration { .. } => "a number of seconds",
        _ => "a number",
    };
    if value.is_none() {
        return Err(invalid(
            py,
            option.python,
            format!("must be {what}, not None (leave it out for the default)"),
        ));
    }
    if value.is_instance_of::<PyBool>() {
        return Err(invalid(py, option.python, format!("must be {what}, not a bool")));
    }
    value.extract::<f64>().map_err(|_| {
        let type_name = value
            .get_type()
            .name()
            .map_or_else(|_| "?".to_string(), |n| n.to_string());
        invalid(py, option.python, format!("must be {what}, not {type_name}"))
    })
}

/// A duration in seconds for `option`, checked by the core (bounds, units).
pub fn duration(py: Python<'_>, option: &OptionSpec, value: &Bound<'_, PyAny>) -> PyResult<Duration> {
    let seconds = number(py, option, value)?;
    option
        .duration(Lang::Python, seconds)
        .map_err(|e| to_pyerr(py, e))
}

/// `option` as given, or its default.
pub fn duration_or_default(py: Python<'_>, option: &OptionSpec, value: Arg<'_>) -> PyResult<Duration> {
    match value {
        Arg::Default => Ok(option.default_duration()),
        Arg::Given(value) => duration(py, option, &value),
    }
}

/// An optional duration (`None`: not set).
pub fn optional_duration(
    py: Python<'_>,
    option: &OptionSpec,
    value: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<Duration>> {
    value
        .filter(|v| !v.is_none())
        .map(|v| duration(py, option, v))
        .transpose()
}

/// A whole number for `option`, checked by the core.
pub fn count(py: Python<'_>, option: &OptionSpec, value: &Bound<'_, PyAny>) -> PyResult<u64> {
    let n = number(py, option, value)?;
    option.count(Lang::Python, n).map_err(|e| to_pyerr(py, e))
}

/// A whole number for `option` as given, or its default.
pub fn count_or_default(py: Python<'_>, option: &OptionSpec, value: Arg<'_>) -> PyResult<u64> {
    match value {
        Arg::Default => Ok(option.default_count()),
        Arg::Given(value) => count(py, option, &value),
    }
}

/// `language=`: `zh`, `en` or `zh-Hant` (as the core reads them).
pub fn language(py: Python<'_>, value: &str) -> PyResult<Language> {
    value.parse().map_err(|e| to_pyerr(py, e))
}

/// `asset_type=`: an `AssetType` member or its name, in any case.
pub fn asset_type(py: Python<'_>, value: &str) -> PyResult<AssetType> {
    value.parse().map_err(|e| to_pyerr(py, e))
}

/// `with_options(timeout=, max_retries=, deadline=)`; `None` leaves one as it is.
pub fn call_options(
    py: Python<'_>,
    timeout: Option<&Bound<'_, PyAny>>,
    max_retries: Option<&Bound<'_, PyAny>>,
    deadline: Option<&Bound<'_, PyAny>>,
) -> PyResult<CallOptions> {
    Ok(CallOptions {
        timeout: optional_duration(py, &options::TIMEOUT, timeout)?,
        max_retries: max_retries
            .filter(|v| !v.is_none())
            .map(|v| count(py, &options::MAX_RETRIES, v).map(|n| n as u32))
            .transpose()?,
        deadline: optional_duration(py, &options::DEADLINE, deadline)?,
    })
}

/// An optional `str` argument named by `option`.
fn optional_text(py: Python<'_>, option: &OptionSpec, value: Option<Text>) -> PyResult<Option<String>> {
    value.map(|v| v.get(py, option.python)).transpose()
}

/// Step 1's request.
pub fn create_session(
    py: Python<'_>,
    callback_url: Text,
    language: Option<&str>,
    reference: Option<Text>,
    consent: Option<Text>,
) -> PyResult<CreateSession> {
    Ok(CreateSession {
        callback_url: callback_url.get(py, options::CALLBACK_URL.python)?,
        language: language.map(|l| self::language(py, l)).transpose()?,
        reference: optional_text(py, &options::REFERENCE, reference)?,
        consent: optional_text(py, &options::CONSENT, consent)?,
    })
}

/// Step 3's request: exactly one of `asset_url` and `file`; `asset_type` may be left out with
/// a file (read from its content).
#[allow(clippy::too_many_arguments)]
pub fn upload_asset(
    py: Python<'_>,
    name: Text,
    asset_type: Option<&str>,
    asset_url: Option<Text>,
    file: Option<std::path::PathBuf>,
    group_id: Option<Text>,
    key: Option<Text>,
    allow_duplicate: bool,
) -> PyResult<UploadAsset> {
    let given = asset_type.map(|t| self::asset_type(py, t)).transpose()?;
    let asset_type =
        seedance_assets::staging::resolve_asset_type(given, file.as_deref()).map_err(|e| to_pyerr(py, e))?;
    Ok(UploadAsset {
        name: name.get(py, options::NAME.python)?,
        asset_type,
        asset_url: optional_text(py, &options::ASSET_URL, asset_url)?.unwrap_or_default(),
        file,
        group_id: optional_text(py, &options::GROUP_ID, group_id)?,
        key: optional_text(py, &options::KEY, key)?,
        allow_duplicate,
        preflight: false,
    })
}

/// `Journal.assets(reference=, group_id=, status=)`.
pub fn asset_filter(
    py: Python<'_>,
    reference: Option<Text>,
    group_id: Option<Text>,
    status: Option<Text>,
) -> PyResult<AssetFilter> {
    Ok(AssetFilter {
        reference: optional_text(py, &options::REFERENCE, reference)?,
        group_id: optional_text(py, &options::GROUP_ID, group_id)?,
        status: optional_text(py, &options::STATUS, status)?,
    })
}

/// A journal's `path_or_url` (a `str` or an `os.PathLike`; `None`: the default journal).
pub fn journal_location(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    const FIELD: &str = "path_or_url";
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let path: std::path::PathBuf = value
        .extract()
        .map_err(|_| invalid(py, FIELD, "must be a str, an os.PathLike or None"))?;
    path.into_os_string()
        .into_string()
        .map(Some)
        .map_err(|_| invalid(py, FIELD, "must be valid Unicode"))
}

/// `wait_for_asset(timeout=, poll_interval=, on_poll=)`.
pub fn wait_options(
    py: Python<'_>,
    timeout: Arg<'_>,
    poll_interval: Option<&Bound<'_, PyAny>>,
    on_poll: Option<&Bound<'_, PyAny>>,
) -> PyResult<WaitOptions> {
    let options = WaitOptions {
        timeout: duration_or_default(py, &options::WAIT_TIMEOUT, timeout)?,
        poll_interval: optional_duration(py, &options::POLL_INTERVAL, poll_interval)?,
        ..WaitOptions::default()
    };
    match on_poll.filter(|f| !f.is_none()) {
        Some(callback) => crate::events::with_callback(py, options, callback),
        None => Ok(options),
    }
}

/// `rate_limits=`: `True`/`None` (the documented upstream limits), `False` (no client-side
/// limits), or a dict from method name to `None` (unlimited), a rate string (`"120/min"`),
/// `n` (per second) or `(n, seconds)`.
pub fn rate_limits(py: Python<'_>, value: Option<&Bound<'_, PyAny>>) -> PyResult<RateLimits> {
    const FIELD: &str = "rate_limits";
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(RateLimits::default());
    };
    if let Ok(enabled) = value.cast::<PyBool>() {
        return Ok(if enabled.is_true() {
            RateLimits::default()
        } else {
            RateLimits::disabled()
        });
    }
    let Ok(entries) = value.cast::<PyDict>() else {
        return Err(invalid(
            py,
            FIELD,
            "must be True, False or a dict keyed by method name",
        ));
    };
    let mut limits = RateLimits::default();
    for (key, limit) in entries.iter() {
        let key: String = key
            .extract()
            .map_err(|_| invalid(py, FIELD, "keys must be method names (strings)"))?;
        let operation =
            Operation::by_rate_limit_key(Lang::Python, FIELD, &key).map_err(|e| to_pyerr(py, e))?;
        limits.set(operation.endpoint, rate_limit(py, &limit)?);
    }
    Ok(limits)
}

/// One operation's limit in `rate_limits=`.
fn rate_limit(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Option<RateLimit>> {
    const FIELD: &str = "rate_limits";
    let core =
        |result: Result<RateLimit, seedance_assets::Error>| result.map(Some).map_err(|e| to_pyerr(py, e));
    if value.is_none() {
        return Ok(None);
    }
    if let Ok(text) = value.extract::<String>() {
        return core(RateLimit::parse(FIELD, &text));
    }
    if !value.is_instance_of::<PyBool>() {
        if let Ok(per_second) = value.extract::<u64>() {
            return core(RateLimit::new(per_second, Duration::from_secs(1)));
        }
        if let Ok(pair) = value.cast::<PyTuple>() {
            if let Ok((max_requests, per)) = pair.extract::<(u64, Bound<'_, PyAny>)>() {
                let per = duration(py, &options::RATE_PERIOD, &per)?;
                return core(RateLimit::new(max_requests, per));
            }
        }
    }
    Err(invalid(
        py,
        FIELD,
        "each limit must be None, a rate such as \"120/min\", requests per second, or (requests, seconds)",
    ))
}

/// `onboard(reference=, group_id=, assets=, upload_rate=, concurrency=, timeout=, on_progress=)`:
/// every argument checked here or by the core's option table, before any request.
#[allow(clippy::too_many_arguments)]
pub fn onboarding(
    py: Python<'_>,
    reference: Option<Text>,
    group_id: Option<Text>,
    assets: &Bound<'_, PyAny>,
    upload_rate: Option<Text>,
    concurrency: Arg<'_>,
    timeout: Arg<'_>,
    on_progress: Option<&Bound<'_, PyAny>>,
) -> PyResult<Onboarding> {
    let upload_rate = optional_text(py, &options::UPLOAD_RATE, upload_rate)?
        .map(|rate| RateLimit::parse(options::UPLOAD_RATE.python, &rate))
        .transpose()
        .map_err(|e| to_pyerr(py, e))?;
    Ok(Onboarding {
        reference: optional_text(py, &options::REFERENCE, reference)?,
        group_id: optional_text(py, &options::GROUP_ID, group_id)?,
        assets: onboard_items(py, assets)?,
        upload_rate,
        concurrency: count_or_default(py, &options::CONCURRENCY, concurrency)? as usize,
        timeout: duration_or_default(py, &options::ONBOARD_TIMEOUT, timeout)?,
        preflight: false,
        on_progress: on_progress
            .filter(|f| !f.is_none())
            .map(|f| crate::events::onboard_callback(py, f))
            .transpose()?,
    })
}

/// `assets=`: a sequence (not a string) of mappings with the keys of `options::ONBOARD_ITEM`;
/// a refusal names `assets` and the item.
fn onboard_items(py: Python<'_>, assets: &Bound<'_, PyAny>) -> PyResult<Vec<OnboardItem>> {
    let field = options::ASSETS.python;
    let refuse = |reason: String| invalid(py, field, reason);
    if assets.is_instance_of::<PyString>() || assets.cast::<PyMapping>().is_ok() {
        return Err(refuse("must be a sequence of dicts, one per asset".into()));
    }
    let items = assets
        .try_iter()
        .map_err(|_| refuse("must be a sequence of dicts, one per asset".into()))?;
    let mut out = Vec::new();
    for (index, item) in items.enumerate() {
        out.push(onboard_item(py, index, &item?)?);
    }
    Ok(out)
}

/// One item of `assets=`.
fn onboard_item(py: Python<'_>, index: usize, item: &Bound<'_, PyAny>) -> PyResult<OnboardItem> {
    let field = options::ASSETS.python;
    let refuse = |reason: String| invalid(py, field, format!("item {index}: {reason}"));
    let mapping = item
        .cast::<PyMapping>()
        .map_err(|_| refuse("must be a dict with name, asset_type and asset_url".into()))?;
    let mut keys = Vec::new();
    for key in mapping.keys()?.iter() {
        keys.push(
            key.extract::<String>()
                .map_err(|_| refuse("its keys must be strings".into()))?,
        );
    }
    options::check_keys(
        Lang::Python,
        field,
        options::ONBOARD_ITEM,
        &[],
        keys.iter().map(String::as_str),
    )
    .map_err(|e| match e {
        Error::InvalidArgument { reason, .. } => refuse(reason),
        other => to_pyerr(py, other),
    })?;
    let text = |option: &OptionSpec, required: bool| -> PyResult<Option<String>> {
        let value = match mapping.get_item(option.python) {
            Ok(value) if !value.is_none() => value,
            _ if required => return Err(refuse(format!("{} is missing", option.python))),
            _ => return Ok(None),
        };
        let text: Text = value
            .extract()
            .map_err(|_| refuse(format!("{} must be a str", option.python)))?;
        text.get(py, option.python)
            .map(Some)
            .map_err(|_| refuse(format!("{} contains a lone surrogate", option.python)))
    };
    let file = match mapping.get_item(options::FILE.python) {
        Ok(value) if !value.is_none() => Some(
            value
                .extract::<std::path::PathBuf>()
                .map_err(|_| refuse("file must be a str or a path".into()))?,
        ),
        _ => None,
    };
    let given = match mapping.get_item(options::ASSET_TYPE.python) {
        Ok(value) if !value.is_none() => Some(
            value
                .extract::<String>()
                .map_err(|_| refuse("asset_type must be an AssetType or its name".into()))
                .and_then(|name| {
                    self::asset_type(py, &name).map_err(|e| refuse(format!("asset_type: {}", e.value(py))))
                })?,
        ),
        _ => None,
    };
    let asset_type =
        seedance_assets::staging::resolve_asset_type(given, file.as_deref()).map_err(|e| match e {
            Error::InvalidArgument { field, reason } => refuse(format!("{field}: {reason}")),
            other => to_pyerr(py, other),
        })?;
    Ok(OnboardItem {
        name: text(&options::NAME, true)?.unwrap_or_default(),
        asset_type,
        asset_url: text(&options::ASSET_URL, file.is_none())?.unwrap_or_default(),
        file,
        key: text(&options::KEY, false)?,
    })
}

/// A folder's file as the dict `onboard(assets=…)` takes.
pub type AssetDict = std::collections::BTreeMap<&'static str, String>;

/// A folder's files as onboarding dicts: `name`, `asset_type`, `file`.
pub fn asset_dicts(items: Vec<seedance_assets::OnboardItem>) -> Vec<AssetDict> {
    items
        .into_iter()
        .map(|item| {
            let mut dict = AssetDict::from([
                ("name", item.name),
                ("asset_type", item.asset_type.as_str().to_string()),
            ]);
            if let Some(file) = item.file {
                dict.insert("file", file.to_string_lossy().into_owned());
            }
            dict
        })
        .collect()
}
