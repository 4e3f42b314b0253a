//! JS option objects and their conversion into the core's option and request types. Names,
//! units, defaults and bounds come from the core's option table (`surface::options`); every
//! refusal names the argument as a JS caller wrote it.

use std::collections::HashMap;
use std::time::Duration;

use napi::bindgen_prelude::{Either, Either3};
use napi::Env;
use napi_derive::napi;
use seedance_assets as core;
use seedance_assets::surface::options::{self, check_keys};
use seedance_assets::surface::{Lang, Operation, OptionSpec};
use seedance_assets::Error as CoreError;

use crate::errors::{invalid, thrown};

/// A client-side rate limit: at most `maxRequests` per `perMs` milliseconds.
#[napi(object)]
pub struct RateLimitOptions {
    pub max_requests: f64,
    pub per_ms: f64,
}

/// One operation's limit: `false` (none), `true` (the default), a rate such as `'120/min'`,
/// or `{ maxRequests, perMs }`.
pub type RateLimitValue = Either3<bool, String, RateLimitOptions>;

/// Options of `new Client(…)`; unset ones come from the environment and the core's defaults.
#[napi(object)]
#[derive(Default)]
pub struct ClientOptions {
    pub api_key: Option<String>,
    pub base_url: Option<String>,
    pub timeout_ms: Option<f64>,
    pub connect_timeout_ms: Option<f64>,
    pub max_retries: Option<f64>,
    pub user_agent_suffix: Option<String>,
    /// `false` (none), `true` (the defaults), or limits keyed by method name (`getAsset`, …).
    #[napi(ts_type = "boolean | Record<string, boolean | string | RateLimitOptions>")]
    pub rate_limits: Option<Either<bool, HashMap<String, RateLimitValue>>>,
    pub session_ttl_ms: Option<f64>,
    pub max_response_bytes: Option<f64>,
    pub allow_insecure_http: Option<bool>,
    pub allow_private_hosts: Option<bool>,
    pub language: Option<String>,
    /// Where local files are staged: `s3://bucket/prefix` or `az://container/prefix` (else
    /// `SEEDANCE_STAGING`).
    pub staging: Option<String>,
    /// How long a staged file's presigned URL stays valid (default 24 h, at most 7 days).
    pub staging_url_ttl_ms: Option<f64>,
    /// Delete a staged file once onboarding saw its asset `Active` (default `false`).
    pub staging_cleanup: Option<bool>,
}

/// Per-call overrides (`CallOptions` of the core).
#[napi(object)]
#[derive(Default)]
pub struct CallOptions {
    pub timeout_ms: Option<f64>,
    pub max_retries: Option<f64>,
    pub deadline_ms: Option<f64>,
}

/// Step 1's parameters.
#[napi(object)]
pub struct CreateSessionParams {
    pub callback_url: Option<String>,
    pub language: Option<String>,
    pub reference: Option<String>,
    pub consent: Option<String>,
}

/// Step 3's parameters.
#[napi(object)]
pub struct UploadAssetParams {
    pub name: Option<String>,
    pub asset_type: Option<String>,
    pub asset_url: Option<String>,
    /// A local file staged and uploaded instead of `assetUrl`.
    pub file: Option<String>,
    pub group_id: Option<String>,
    pub key: Option<String>,
    pub allow_duplicate: Option<bool>,
    pub preflight: Option<bool>,
}

/// `folderAssets`'s options (the core's `folderAssets` option set; `signal` is passed on its own).
#[napi(object)]
pub struct FolderAssetsOptions {
    pub skip_other_files: Option<bool>,
}

/// `preflight`'s argument (the core's `preflight` option set; `signal` is passed on its own).
#[napi(object)]
pub struct PreflightParams {
    pub asset_url: Option<String>,
    pub asset_type: Option<String>,
    pub allow_private_hosts: Option<bool>,
    /// Overrides of the published limits, or the path of a `.toml`/`.json` file of them.
    #[napi(ts_type = "string | Record<string, unknown>")]
    pub profile: Option<Either<String, HashMap<String, serde_json::Value>>>,
}

/// `onboard`'s argument (the core's `onboard` option set; `onProgress` and `signal` are passed
/// on their own).
#[napi(object)]
pub struct OnboardParams {
    pub reference: Option<String>,
    pub group_id: Option<String>,
    pub assets: Option<Vec<OnboardItemParams>>,
    pub upload_rate: Option<String>,
    pub concurrency: Option<f64>,
    pub timeout_ms: Option<f64>,
    pub preflight: Option<bool>,
}

/// One asset of an onboarding run (the core's `onboardItem` option set).
#[napi(object)]
pub struct OnboardItemParams {
    pub name: Option<String>,
    pub asset_type: Option<String>,
    pub asset_url: Option<String>,
    /// A local file staged before the run, instead of `assetUrl`.
    pub file: Option<String>,
    pub key: Option<String>,
}

/// How `waitForAsset` polls (`WaitOptions` of the core) and the call's deadline.
#[napi(object)]
#[derive(Default)]
pub struct WaitParams {
    pub timeout_ms: Option<f64>,
    pub poll_interval_ms: Option<f64>,
    pub initial_interval_ms: Option<f64>,
    pub max_interval_ms: Option<f64>,
    pub deadline_ms: Option<f64>,
}

/// Refuses keys of an options object the named set does not have (`set`: see
/// `surface::options::set`), with the closest name as a hint; `item` names the position of
/// the object in the list `field` (onboarding's `assets`).
#[napi(ts_return_type = "void")]
pub fn check_option_keys(
    env: &Env,
    set: String,
    field: String,
    keys: Vec<String>,
    item: Option<u32>,
) -> napi::Result<()> {
    let Some(allowed) = options::set(&set) else {
        return thrown(env, Err(invalid("set", format!("unknown option set {set:?}"))));
    };
    let field: &'static str = match field.as_str() {
        "params" => "params",
        "assets" => "assets",
        _ => "options",
    };
    let checked = check_keys(Lang::Node, field, allowed, &[], keys.iter().map(String::as_str));
    thrown(
        env,
        checked.map_err(|error| match item {
            Some(index) => in_item(index as usize, error),
            None => error,
        }),
    )
}

/// Builds the core client; the user agent names this binding before the caller's suffix.
pub(crate) fn client(
    options: ClientOptions,
    journal: Option<core::Journal>,
) -> Result<core::Client, CoreError> {
    let mut builder = core::Client::builder();
    if let Some(journal) = journal {
        builder = builder.journal(journal);
    }
    if let Some(key) = options.api_key {
        builder = builder.api_key(key);
    }
    if let Some(url) = options.base_url {
        builder = builder.base_url(url);
    }
    if let Some(timeout) = millis(&options::TIMEOUT, options.timeout_ms)? {
        builder = builder.timeout(timeout);
    }
    if let Some(timeout) = millis(&options::CONNECT_TIMEOUT, options.connect_timeout_ms)? {
        builder = builder.connect_timeout(timeout);
    }
    if let Some(retries) = count(&options::MAX_RETRIES, options.max_retries)? {
        builder = builder.max_retries(retries as u32);
    }
    if let Some(ttl) = millis(&options::SESSION_TTL, options.session_ttl_ms)? {
        builder = builder.session_ttl(ttl);
    }
    if let Some(bytes) = count(&options::MAX_RESPONSE_BYTES, options.max_response_bytes)? {
        builder = builder.max_response_bytes(bytes as usize);
    }
    builder = builder.allow_insecure_http(options.allow_insecure_http.unwrap_or(false));
    builder = builder.allow_private_hosts(options.allow_private_hosts.unwrap_or(false));
    if let Some(language) = options.language {
        builder = builder.language(language.parse()?);
    }
    if let Some(location) = options.staging {
        builder = builder.staging_location(location);
    }
    if let Some(ttl) = millis(&options::STAGING_URL_TTL, options.staging_url_ttl_ms)? {
        builder = builder.staging_url_ttl(ttl);
    }
    builder = builder.staging_cleanup(options.staging_cleanup.unwrap_or(false));
    let binding = format!("seedance-assets-node/{}", env!("CARGO_PKG_VERSION"));
    builder = builder.user_agent_suffix(match options.user_agent_suffix {
        Some(user) => format!("{binding} {user}"),
        None => binding,
    });
    if let Some(limits) = options.rate_limits {
        builder = builder.rate_limits(rate_limits(limits)?);
    }
    builder.build()
}

/// `client` with the per-call overrides applied (absent ones keep the client's settings).
pub(crate) fn with_options(
    client: &core::Client,
    options: Option<CallOptions>,
) -> Result<core::Client, CoreError> {
    let options = options.unwrap_or_default();
    Ok(client.with_options(core::CallOptions {
        timeout: millis(&options::TIMEOUT, options.timeout_ms)?,
        max_retries: count(&options::MAX_RETRIES, options.max_retries)?.map(|n| n as u32),
        deadline: millis(&options::DEADLINE, options.deadline_ms)?,
    }))
}

impl TryFrom<CreateSessionParams> for core::CreateSession {
    type Error = CoreError;

    fn try_from(params: CreateSessionParams) -> Result<Self, CoreError> {
        let mut request = core::CreateSession::new(required(&options::CALLBACK_URL, params.callback_url)?);
        if let Some(language) = params.language {
            request = request.language(language.parse()?);
        }
        if let Some(reference) = params.reference {
            request = request.reference(reference);
        }
        if let Some(consent) = params.consent {
            request = request.consent(consent);
        }
        Ok(request)
    }
}

impl TryFrom<UploadAssetParams> for core::UploadAsset {
    type Error = CoreError;

    fn try_from(params: UploadAssetParams) -> Result<Self, CoreError> {
        let file = params.file.map(std::path::PathBuf::from);
        let given = params.asset_type.map(|t| t.parse()).transpose()?;
        let asset_type = core::staging::resolve_asset_type(given, file.as_deref())?;
        let mut request = core::UploadAsset::new(
            required(&options::NAME, params.name)?,
            asset_type,
            params.asset_url.unwrap_or_default(),
        );
        request.file = file;
        let mut request = match params.group_id {
            Some(group_id) => request.group_id(group_id),
            None => request,
        };
        if let Some(key) = params.key {
            request = request.key(key);
        }
        if let Some(allow) = params.allow_duplicate {
            request = request.allow_duplicate(allow);
        }
        request.preflight = params.preflight.unwrap_or(false);
        Ok(request)
    }
}

impl PreflightParams {
    /// The URL, the type and the options of one preflight.
    pub(crate) fn split(self) -> Result<(String, core::AssetType, core::PreflightOptions), CoreError> {
        let asset_type: core::AssetType = required(&options::ASSET_TYPE, self.asset_type)?.parse()?;
        let url = required(&options::ASSET_URL, self.asset_url)?;
        let profile = match self.profile {
            None => None,
            Some(Either::A(path)) => Some(core::preflight::ProfileSource::File(path.into()).load()?),
            Some(Either::B(overrides)) => {
                let overrides = serde_json::Value::Object(overrides.into_iter().collect());
                Some(core::preflight::ProfileSource::Overrides(overrides).load()?)
            }
        };
        let options = core::PreflightOptions {
            allow_private_hosts: self.allow_private_hosts,
            profile,
            ..core::PreflightOptions::default()
        };
        Ok((url, asset_type, options))
    }
}

impl TryFrom<OnboardParams> for core::Onboarding {
    type Error = CoreError;

    /// The run as the caller described it; the core checks the whole (one of `reference` and
    /// `groupId`, the items' names and URLs) when it starts, before any request.
    fn try_from(params: OnboardParams) -> Result<Self, CoreError> {
        let assets = required(&options::ASSETS, params.assets)?
            .into_iter()
            .enumerate()
            .map(|(index, item)| onboard_item(item).map_err(|error| in_item(index, error)))
            .collect::<Result<Vec<_>, _>>()?;
        let mut run = core::Onboarding::for_group(String::new(), assets);
        run.group_id = params.group_id;
        run.reference = params.reference;
        if let Some(rate) = params.upload_rate {
            run = run.upload_rate(core::RateLimit::parse(options::UPLOAD_RATE.node, &rate)?);
        }
        if let Some(concurrency) = count(&options::CONCURRENCY, params.concurrency)? {
            run = run.concurrency(concurrency as usize);
        }
        if let Some(timeout) = millis(&options::ONBOARD_TIMEOUT, params.timeout_ms)? {
            run = run.timeout(timeout);
        }
        Ok(run.with_preflight(params.preflight.unwrap_or(false)))
    }
}

fn onboard_item(item: OnboardItemParams) -> Result<core::OnboardItem, CoreError> {
    let file = item.file.map(std::path::PathBuf::from);
    let given = item.asset_type.map(|t| t.parse()).transpose()?;
    let asset_type = core::staging::resolve_asset_type(given, file.as_deref())?;
    let asset_url = match &file {
        Some(_) => item.asset_url.unwrap_or_default(),
        None => required(&options::ASSET_URL, item.asset_url)?,
    };
    let mut request = core::OnboardItem::new(required(&options::NAME, item.name)?, asset_type, asset_url);
    request.file = file;
    Ok(match item.key {
        Some(key) => request.key(key),
        None => request,
    })
}

/// An item's invalid field as an error of `assets` naming the item, as the core's own check of
/// the items does.
fn in_item(index: usize, error: CoreError) -> CoreError {
    match error {
        CoreError::InvalidArgument { field, reason } if field == options::ASSETS.node => {
            invalid(field, format!("item {index}: {reason}"))
        }
        CoreError::InvalidArgument { field, reason } => invalid(
            options::ASSETS.node,
            format!("item {index}: `{}` {reason}", Lang::Node.spell(field)),
        ),
        other => other,
    }
}

impl WaitParams {
    /// The core's wait options, and the call options (`deadlineMs`) the wait runs under.
    pub(crate) fn split(self) -> Result<(core::WaitOptions, CallOptions), CoreError> {
        let defaults = core::WaitOptions::default();
        let wait = core::WaitOptions {
            timeout: millis(&options::WAIT_TIMEOUT, self.timeout_ms)?.unwrap_or(defaults.timeout),
            poll_interval: millis(&options::POLL_INTERVAL, self.poll_interval_ms)?,
            initial_interval: millis(&options::INITIAL_INTERVAL, self.initial_interval_ms)?
                .unwrap_or(defaults.initial_interval),
            max_interval: millis(&options::MAX_INTERVAL, self.max_interval_ms)?
                .unwrap_or(defaults.max_interval),
            ..defaults
        };
        let call = CallOptions {
            deadline_ms: self.deadline_ms,
            ..CallOptions::default()
        };
        Ok((wait, call))
    }
}

fn rate_limits(option: Either<bool, HashMap<String, RateLimitValue>>) -> Result<core::RateLimits, CoreError> {
    let given = match option {
        Either::A(true) => return Ok(core::RateLimits::default()),
        Either::A(false) => return Ok(core::RateLimits::disabled()),
        Either::B(given) => given,
    };
    let field = options::RATE_LIMITS.node;
    let mut limits = core::RateLimits::default();
    for (key, value) in given {
        let operation = Operation::by_rate_limit_key(Lang::Node, field, &key)?;
        let limit = match value {
            Either3::A(true) => core::RateLimits::default().get(operation.endpoint),
            Either3::A(false) => None,
            Either3::B(rate) => Some(core::RateLimit::parse(field, &rate)?),
            Either3::C(limit) => {
                let requests = options::RATE_REQUESTS.count(Lang::Node, limit.max_requests)?;
                let per = options::RATE_PERIOD.duration(Lang::Node, limit.per_ms)?;
                Some(core::RateLimit::new(requests, per)?)
            }
        };
        limits.set(operation.endpoint, limit);
    }
    Ok(limits)
}

/// An optional number of milliseconds for `option`, checked by the core.
fn millis(option: &OptionSpec, value: Option<f64>) -> Result<Option<Duration>, CoreError> {
    value.map(|ms| option.duration(Lang::Node, ms)).transpose()
}

/// An optional whole number for `option`, checked by the core.
fn count(option: &OptionSpec, value: Option<f64>) -> Result<Option<u64>, CoreError> {
    value.map(|n| option.count(Lang::Node, n)).transpose()
}

fn required<T>(option: &OptionSpec, value: Option<T>) -> Result<T, CoreError> {
    value.ok_or_else(|| invalid(option.node, "is required"))
}
