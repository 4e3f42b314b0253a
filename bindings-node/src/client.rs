//! The client: options in, one async method per operation out.

use std::sync::Arc;
use std::time::Duration;

use napi::bindgen_prelude::{Either, PromiseRaw};
use napi::Env;
use napi_derive::napi;
use seedance_assets as core;
use seedance_assets::Error as CoreError;

use crate::abort::{abortable, watch, AbortHandle};
use crate::bridge::Bridge;
use crate::errors::{invalid, Reply};
use crate::models::{Asset, UploadedAsset, ValidationResult, ValidationSession};

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

/// Per-call overrides (`CallOptions` of the core).
#[napi(object)]
pub struct CallOptions {
    pub timeout_ms: Option<f64>,
    pub max_retries: Option<f64>,
    pub deadline_ms: Option<f64>,
}

#[napi(object)]
pub struct CreateSessionParams {
    pub callback_url: Option<String>,
    pub language: Option<String>,
}

#[napi(object)]
pub struct UploadAssetParams {
    pub name: Option<String>,
    pub asset_type: Option<String>,
    pub asset_url: Option<String>,
    pub group_id: Option<String>,
}

#[napi(object)]
pub struct WaitParams {
    pub timeout_ms: Option<f64>,
    pub poll_interval_ms: Option<f64>,
    pub initial_interval_ms: Option<f64>,
    pub max_interval_ms: Option<f64>,
}

/// The core client; the JS `Client` class keeps it private.
#[napi]
pub struct NativeClient {
    inner: core::Client,
    /// The bridge of the env this client was made in (a JS object never leaves its env).
    bridge: Arc<Bridge>,
}

/// Builds a client, or throws `ERR_CONFIGURATION` / `ERR_INVALID_ARGUMENT`.
#[napi(ts_return_type = "NativeClient")]
pub fn create_client(env: &Env, options: Option<ClientOptions>) -> napi::Result<Reply<NativeClient>> {
    let bridge = Bridge::of(env)?;
    Ok(build_client(options.unwrap_or_default())
        .map(|inner| NativeClient { inner, bridge })
        .into())
}

fn build_client(options: ClientOptions) -> Result<core::Client, CoreError> {
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
    let suffix = match options.user_agent_suffix {
        Some(user) => format!("seedance-assets-node/{} {user}", env!("CARGO_PKG_VERSION")),
        None => format!("seedance-assets-node/{}", env!("CARGO_PKG_VERSION")),
    };
    builder = builder.user_agent_suffix(suffix);
    if let Some(limits) = options.rate_limits {
        builder = builder.rate_limits(rate_limits(limits)?);
    }
    builder.build()
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

fn wait_options(params: Option<WaitParams>) -> Result<core::WaitOptions, CoreError> {
    let mut options = core::WaitOptions::default();
    let Some(params) = params else { return Ok(options) };
    if let Some(timeout) = millis("timeoutMs", params.timeout_ms)? {
        options.timeout = timeout;
    }
    options.poll_interval = millis("pollIntervalMs", params.poll_interval_ms)?;
    if let Some(initial) = millis("initialIntervalMs", params.initial_interval_ms)? {
        options.initial_interval = initial;
    }
    if let Some(max) = millis("maxIntervalMs", params.max_interval_ms)? {
        options.max_interval = max;
    }
    Ok(options)
}

/// `client`, or a clone with the per-call overrides applied.
fn with(client: &core::Client, options: Option<CallOptions>) -> Result<core::Client, CoreError> {
    let Some(options) = options else {
        return Ok(client.clone());
    };
    Ok(client.with_options(core::CallOptions {
        timeout: millis("timeoutMs", options.timeout_ms)?,
        max_retries: count("maxRetries", options.max_retries)?,
        deadline: millis("deadlineMs", options.deadline_ms)?,
    }))
}

// The async methods start their future on the runtime and return its promise; the env's
// bridge settles it (see bridge.rs). As before, everything but argument conversion happens in
// the future: invalid options reject the promise rather than throw.
#[napi]
impl NativeClient {
    /// The base URL requests go to.
    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_string()
    }

    /// A client sharing this one's connections and rate limits, with these per-call defaults.
    #[napi(ts_return_type = "NativeClient")]
    pub fn with_options(&self, options: CallOptions) -> Reply<NativeClient> {
        with(&self.inner, Some(options))
            .map(|inner| NativeClient {
                inner,
                bridge: Arc::clone(&self.bridge),
            })
            .into()
    }

    /// The client as the core's redacted `Debug` shows it.
    #[napi]
    pub fn describe(&self) -> String {
        format!("{:?}", self.inner)
    }

    #[napi(catch_unwind, ts_return_type = "Promise<ValidationSession>")]
    pub fn create_validation_session<'env>(
        &self,
        env: &'env Env,
        params: CreateSessionParams,
        options: Option<CallOptions>,
        abort: Option<&AbortHandle>,
    ) -> napi::Result<PromiseRaw<'env, ValidationSession>> {
        let (client, abort) = (self.inner.clone(), watch(abort));
        self.bridge.start(env, async move {
            let client = with(&client, options)?;
            let mut request = core::CreateSession::new(required("callbackUrl", params.callback_url)?);
            if let Some(language) = params.language {
                request = request.language(language.parse()?);
            }
            let session = abortable(abort, client.create_validation_session(&request)).await?;
            Ok(ValidationSession::from(session))
        })
    }

    #[napi(catch_unwind, ts_return_type = "Promise<ValidationResult>")]
    pub fn get_validation_result<'env>(
        &self,
        env: &'env Env,
        byted_token: String,
        options: Option<CallOptions>,
        abort: Option<&AbortHandle>,
    ) -> napi::Result<PromiseRaw<'env, ValidationResult>> {
        let (client, abort) = (self.inner.clone(), watch(abort));
        self.bridge.start(env, async move {
            let client = with(&client, options)?;
            let result = abortable(abort, client.get_validation_result(&byted_token)).await?;
            Ok(ValidationResult::from(result))
        })
    }

    #[napi(catch_unwind, ts_return_type = "Promise<UploadedAsset>")]
    pub fn upload_asset<'env>(
        &self,
        env: &'env Env,
        params: UploadAssetParams,
        options: Option<CallOptions>,
        abort: Option<&AbortHandle>,
    ) -> napi::Result<PromiseRaw<'env, UploadedAsset>> {
        let (client, abort) = (self.inner.clone(), watch(abort));
        self.bridge.start(env, async move {
            let client = with(&client, options)?;
            let asset_type: core::AssetType = required("assetType", params.asset_type)?.parse()?;
            let mut request = core::UploadAsset::new(
                required("name", params.name)?,
                asset_type,
                required("assetUrl", params.asset_url)?,
            );
            if let Some(group_id) = params.group_id {
                request = request.group_id(group_id);
            }
            let uploaded = abortable(abort, client.upload_asset(&request)).await?;
            Ok(UploadedAsset::from(uploaded))
        })
    }

    #[napi(catch_unwind, ts_return_type = "Promise<Asset>")]
    pub fn get_asset<'env>(
        &self,
        env: &'env Env,
        asset_id: String,
        options: Option<CallOptions>,
        abort: Option<&AbortHandle>,
    ) -> napi::Result<PromiseRaw<'env, Asset>> {
        let (client, abort) = (self.inner.clone(), watch(abort));
        self.bridge.start(env, async move {
            let client = with(&client, options)?;
            let asset = abortable(abort, client.get_asset(&asset_id)).await?;
            Ok(Asset::from(asset))
        })
    }

    #[napi(catch_unwind, ts_return_type = "Promise<Asset>")]
    pub fn wait_for_asset<'env>(
        &self,
        env: &'env Env,
        asset_id: String,
        params: Option<WaitParams>,
        options: Option<CallOptions>,
        abort: Option<&AbortHandle>,
    ) -> napi::Result<PromiseRaw<'env, Asset>> {
        let (client, abort) = (self.inner.clone(), watch(abort));
        self.bridge.start(env, async move {
            let client = with(&client, options)?;
            let wait = wait_options(params)?;
            let asset = abortable(abort, client.wait_for_asset(&asset_id, &wait)).await?;
            Ok(Asset::from(asset))
        })
    }
}
