//! JS option objects and their conversion into the core's option and request types.
//!
//! The validation rules here (milliseconds, counts, required fields) are the binding's until the
//! core owns them; each conversion names the argument as a JS caller wrote it.

use std::time::Duration;

use napi::bindgen_prelude::Either;
use napi_derive::napi;
use seedance_assets as core;
use seedance_assets::Error as CoreError;

use crate::errors::invalid;

/// A client-side rate limit: at most `maxRequests` per `perMs` milliseconds.
#[napi(object)]
pub struct RateLimitOptions {
    pub max_requests: u32,
    pub per_ms: f64,
}

/// Per-endpoint rate limits; `false` switches one off, `true` or absent keeps the default.
#[napi(object)]
pub struct RateLimitsOptions {
    pub create_session: Option<Either<bool, RateLimitOptions>>,
    pub validation_result: Option<Either<bool, RateLimitOptions>>,
    pub upload_asset: Option<Either<bool, RateLimitOptions>>,
    pub asset_info: Option<Either<bool, RateLimitOptions>>,
}

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
    pub rate_limits: Option<Either<bool, RateLimitsOptions>>,
}

/// Per-call overrides (`CallOptions` of the core); other fields of the object are ignored.
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
}

/// Step 3's parameters.
#[napi(object)]
pub struct UploadAssetParams {
    pub name: Option<String>,
    pub asset_type: Option<String>,
    pub asset_url: Option<String>,
    pub group_id: Option<String>,
}

/// How `waitForAsset` polls (`WaitOptions` of the core).
#[napi(object)]
#[derive(Default)]
pub struct WaitParams {
    pub timeout_ms: Option<f64>,
    pub poll_interval_ms: Option<f64>,
    pub initial_interval_ms: Option<f64>,
    pub max_interval_ms: Option<f64>,
}

/// Builds the core client; the user agent names this binding before the caller's suffix.
pub(crate) fn client(options: ClientOptions) -> Result<core::Client, CoreError> {
    let mut builder = core::Client::builder();
    if let Some(key) = options.api_key {
        builder = builder.api_key(key);
    }
    if let Some(url) = options.base_url {
        builder = builder.base_url(url);
    }
    if let Some(timeout) = millis("timeoutMs", options.timeout_ms)? {
        builder = builder.timeout(timeout);
    }
    if let Some(timeout) = millis("connectTimeoutMs", options.connect_timeout_ms)? {
        builder = builder.connect_timeout(timeout);
    }
    if let Some(retries) = count("maxRetries", options.max_retries)? {
        builder = builder.max_retries(retries);
    }
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
        timeout: millis("timeoutMs", options.timeout_ms)?,
        max_retries: count("maxRetries", options.max_retries)?,
        deadline: millis("deadlineMs", options.deadline_ms)?,
    }))
}

impl TryFrom<CreateSessionParams> for core::CreateSession {
    type Error = CoreError;

    fn try_from(params: CreateSessionParams) -> Result<Self, CoreError> {
        let request = core::CreateSession::new(required("callbackUrl", params.callback_url)?);
        Ok(match params.language {
            Some(language) => request.language(language.parse()?),
            None => request,
        })
    }
}

impl TryFrom<UploadAssetParams> for core::UploadAsset {
    type Error = CoreError;

    fn try_from(params: UploadAssetParams) -> Result<Self, CoreError> {
        let asset_type: core::AssetType = required("assetType", params.asset_type)?.parse()?;
        let request = core::UploadAsset::new(
            required("name", params.name)?,
            asset_type,
            required("assetUrl", params.asset_url)?,
        );
        Ok(match params.group_id {
            Some(group_id) => request.group_id(group_id),
            None => request,
        })
    }
}

impl TryFrom<WaitParams> for core::WaitOptions {
    type Error = CoreError;

    fn try_from(params: WaitParams) -> Result<Self, CoreError> {
        let defaults = core::WaitOptions::default();
        Ok(core::WaitOptions {
            timeout: millis("timeoutMs", params.timeout_ms)?.unwrap_or(defaults.timeout),
            poll_interval: millis("pollIntervalMs", params.poll_interval_ms)?,
            initial_interval: millis("initialIntervalMs", params.initial_interval_ms)?
                .unwrap_or(defaults.initial_interval),
            max_interval: millis("maxIntervalMs", params.max_interval_ms)?.unwrap_or(defaults.max_interval),
            ..defaults
        })
    }
}

fn rate_limits(option: Either<bool, RateLimitsOptions>) -> Result<core::RateLimits, CoreError> {
    let given = match option {
        Either::A(true) => return Ok(core::RateLimits::default()),
        Either::A(false) => return Ok(core::RateLimits::disabled()),
        Either::B(given) => given,
    };
    let defaults = core::RateLimits::default();
    Ok(core::RateLimits {
        create_session: rate_limit(
            "rateLimits.createSession",
            given.create_session,
            defaults.create_session,
        )?,
        validation_result: rate_limit(
            "rateLimits.validationResult",
            given.validation_result,
            defaults.validation_result,
        )?,
        upload_asset: rate_limit(
            "rateLimits.uploadAsset",
            given.upload_asset,
            defaults.upload_asset,
        )?,
        asset_info: rate_limit("rateLimits.assetInfo", given.asset_info, defaults.asset_info)?,
    })
}

fn rate_limit(
    field: &'static str,
    option: Option<Either<bool, RateLimitOptions>>,
    default: Option<core::RateLimit>,
) -> Result<Option<core::RateLimit>, CoreError> {
    Ok(match option {
        None | Some(Either::A(true)) => default,
        Some(Either::A(false)) => None,
        Some(Either::B(limit)) => Some(core::RateLimit {
            max_requests: limit.max_requests,
            per: millis(field, Some(limit.per_ms))?.unwrap_or_default(),
        }),
    })
}

/// A non-negative, finite number of milliseconds as a duration.
fn millis(field: &'static str, value: Option<f64>) -> Result<Option<Duration>, CoreError> {
    let Some(ms) = value else { return Ok(None) };
    if !ms.is_finite() || ms < 0.0 {
        return Err(invalid(
            field,
            format!("must be a non-negative number of milliseconds (got {ms})"),
        ));
    }
    Duration::try_from_secs_f64(ms / 1000.0)
        .map(Some)
        .map_err(|_| invalid(field, format!("is too large (got {ms})")))
}

/// A non-negative integer that fits a `u32`.
fn count(field: &'static str, value: Option<f64>) -> Result<Option<u32>, CoreError> {
    let Some(n) = value else { return Ok(None) };
    if !n.is_finite() || n < 0.0 || n.fract() != 0.0 || n > f64::from(u32::MAX) {
        return Err(invalid(
            field,
            format!("must be a non-negative integer (got {n})"),
        ));
    }
    Ok(Some(n as u32))
}

fn required(field: &'static str, value: Option<String>) -> Result<String, CoreError> {
    value.ok_or_else(|| invalid(field, "is required"))
}
