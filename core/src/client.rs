//! The client and its five operations.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::config::{ClientBuilder, ResolvedConfig};
use crate::endpoint::Endpoint;
use crate::errors::{Error, ErrorCode};
use crate::journal::Journal;
use crate::models::{
    Asset, AssetStatus, CreateSession, Language, UploadAsset, UploadedAsset, ValidationResult,
    ValidationSession,
};
use crate::preflight::Profile;
use crate::redact;
use crate::surface::Lang;
use crate::transport::{CallOptions, Transport};
use crate::validate;
use crate::wait::{PollEvent, PollSchedule, WaitOptions};
use crate::wire;

/// Time kept back from the last sleep of a wait so the final poll can still run before the deadline.
const FINAL_POLL_BUDGET: Duration = Duration::from_millis(500);

/// A client of the Seedance asset API. Cloning is cheap; clones share connections and rate limits.
#[derive(Clone)]
pub struct Client {
    transport: Arc<Transport>,
    pub(crate) options: CallOptions,
    session_ttl: Duration,
    /// The client's default H5 page language (`ClientBuilder::language`).
    language: Option<Language>,
    /// Where sessions, validations and uploads are recorded (`ClientBuilder::journal`).
    pub(crate) journal: Option<Journal>,
    /// Preflight may fetch from private hosts (`ClientBuilder::allow_private_hosts`).
    pub(crate) allow_private_hosts: bool,
    /// The limits preflight judges by, when not the published ones.
    pub(crate) preflight_profile: Option<Arc<Profile>>,
    /// Where local files are staged (`ClientBuilder::staging`, else `SEEDANCE_STAGING`).
    pub(crate) staging: Option<Arc<crate::staging::Staging>>,
}

impl Client {
    /// A builder; unset options come from the environment and the defaults.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment alone (`SEEDANCE_API_KEY`, `SEEDANCE_BASE_URL`, …).
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::default().build()
    }

    pub(crate) fn from_config(config: ResolvedConfig) -> Result<Client, Error> {
        let session_ttl = config.session_ttl;
        let language = config.language;
        let journal = config.journal.clone();
        let allow_private_hosts = config.allow_private_hosts;
        let preflight_profile = config.preflight_profile.clone().map(Arc::new);
        let staging = config.staging.clone().map(Arc::new);
        Ok(Client {
            transport: Arc::new(Transport::new(config)?),
            options: CallOptions::default(),
            session_ttl,
            language,
            journal,
            allow_private_hosts,
            preflight_profile,
            staging,
        })
    }

    /// A clone of this client whose calls use `options` (set fields override this client's).
    pub fn with_options(&self, options: CallOptions) -> Client {
        Client {
            transport: Arc::clone(&self.transport),
            options: self.options.merged_with(options),
            session_ttl: self.session_ttl,
            language: self.language,
            journal: self.journal.clone(),
            allow_private_hosts: self.allow_private_hosts,
            preflight_profile: self.preflight_profile.clone(),
            staging: self.staging.clone(),
        }
    }

    /// The journal this client records in, if one is attached.
    pub fn journal(&self) -> Option<&Journal> {
        self.journal.as_ref()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.transport.base_url().as_str()
    }

    /// Step 1: starts a validation session; send the person to its `h5_link` within 120 s. Its
    /// page language is the request's, else the client's (`ClientBuilder::language`), else
    /// upstream's default (`zh`).
    pub async fn create_validation_session(
        &self,
        request: &CreateSession,
    ) -> Result<ValidationSession, Error> {
        validate::http_url("callback_url", &request.callback_url)?;
        self.check_session_labels(request)?;
        let body = json!({ "callback_url": request.callback_url });
        let answer = self.call(Endpoint::CreateSession, &[], Some(&body)).await?;
        let mut session = wire::session(&answer, &request.callback_url, self.session_ttl, self.secrets())
            .map_err(|e| outcome_unknown(Endpoint::CreateSession, e))?;
        // The request's language wins; else the client's default; else the link as sent (zh).
        if let Some(language) = request.language.or(self.language) {
            session.h5_link = session.h5_link_for(language)?;
        }
        self.record_session(request, &session).await?;
        Ok(session)
    }

    /// Step 2: exchanges a passed session's token for the person's GroupId. Call it once: the
    /// token is single-use upstream and the GroupId cannot be recovered if lost.
    pub async fn get_validation_result(&self, byted_token: &str) -> Result<ValidationResult, Error> {
        validate::identifier("byted_token", byted_token)?;
        let answer = self
            .call(Endpoint::ValidationResult, &[("byted_token", byted_token)], None)
            .await
            .map_err(session_expired)?;
        wire::validation_result(&answer, self.secrets())
    }

    /// Step 3: uploads an asset from a public URL. Never resent once it may have reached the
    /// service (`OutcomeUnknown`), so an upload is not silently duplicated. With
    /// `request.preflight`, an asset that fails [`Client::preflight`] is refused (`Preflight`)
    /// before any upload request.
    ///
    /// With `request.file`, the local file is staged in the client's bucket first (see
    /// [`crate::staging`]; preflight then reads the file, not the network) and its presigned
    /// URL is uploaded; the journal's key names the staged copy, i.e. the content's SHA-256.
    pub async fn upload_asset(&self, request: &UploadAsset) -> Result<UploadedAsset, Error> {
        validate::name("name", &request.name)?;
        if let Some(group_id) = &request.group_id {
            validate::identifier("group_id", group_id)?;
        }
        if let Some(path) = &request.file {
            return self.upload_file(request, path).await;
        }
        if request.asset_url.is_empty() {
            return Err(Error::invalid(
                "asset_url",
                "give an asset URL or a local file (`file`)",
            ));
        }
        validate::http_url("asset_url", &request.asset_url)?;
        if request.preflight {
            self.refuse_failing(&request.asset_url, request.asset_type)
                .await?;
        }
        self.upload_counted(request, true)
            .await
            .map(|(uploaded, _)| uploaded)
    }

    /// [`Client::upload_asset`], and whether a request was sent (a journal may answer alone);
    /// `resend_failed`: whether an upload the journal holds as `Failed` is sent again.
    pub(crate) async fn upload_counted(
        &self,
        request: &UploadAsset,
        resend_failed: bool,
    ) -> Result<(UploadedAsset, bool), Error> {
        match &self.journal {
            Some(journal) => self.upload_journaled(journal, request, resend_failed).await,
            None => {
                self.check_key_has_journal(request)?;
                self.send_upload(request).await.map(|uploaded| (uploaded, true))
            }
        }
    }

    /// `Configuration` when `request` names a `key` and the client has no journal to keep it.
    pub(crate) fn check_key_has_journal(&self, request: &UploadAsset) -> Result<(), Error> {
        if request.key.is_some() && self.journal.is_none() {
            return Err(Error::Configuration(
                "an upload `key` needs a journal: attach one to the client".into(),
            ));
        }
        Ok(())
    }

    /// The limit of one attempt of this client's calls.
    pub(crate) fn attempt_limit(&self) -> Duration {
        self.transport.attempt_limit(&self.options)
    }

    /// The pacer of the client's own limit on `endpoint`, if one is configured.
    pub(crate) fn pacer(&self, endpoint: Endpoint) -> Option<std::sync::Arc<crate::pacer::Pacer>> {
        self.transport.pacer(endpoint)
    }

    /// The upload request itself, without the journal.
    pub(crate) async fn send_upload(&self, request: &UploadAsset) -> Result<UploadedAsset, Error> {
        let mut body = json!({
            "name": request.name,
            "asset_type": request.asset_type.as_str(),
            "asset_url": request.asset_url,
        });
        if let Some(group_id) = &request.group_id {
            body["group_id"] = json!(group_id);
        }
        let answer = self.call(Endpoint::UploadAsset, &[], Some(&body)).await?;
        wire::uploaded(&answer, self.secrets()).map_err(|e| outcome_unknown(Endpoint::UploadAsset, e))
    }

    /// Step 4: the asset's current status and details.
    pub async fn get_asset(&self, asset_id: &str) -> Result<Asset, Error> {
        self.get_asset_observed(asset_id, &|_| {}).await
    }

    async fn get_asset_observed(
        &self,
        asset_id: &str,
        observe: &(dyn Fn(PollEvent) + Send + Sync),
    ) -> Result<Asset, Error> {
        validate::asset_id("asset_id", asset_id)?;
        let answer = self
            .transport
            .call(
                Endpoint::AssetInfo,
                &[("asset_id", asset_id)],
                None,
                self.options,
                observe,
            )
            .await?;
        let asset = wire::asset(&answer, asset_id, self.secrets())?;
        self.observe_asset(&asset).await?;
        Ok(asset)
    }

    /// Step 4, waiting: polls until the asset is `Active` (returned) or `Failed` (`AssetFailed`),
    /// within one deadline covering every poll, retry and sleep (`WaitTimeout` carries the last
    /// asset seen). Transient failures while polling are retried inside the deadline.
    pub async fn wait_for_asset(&self, asset_id: &str, options: &WaitOptions) -> Result<Asset, Error> {
        validate::asset_id("asset_id", asset_id)?;
        options.check(Lang::Rust)?;
        let started = Instant::now();
        // The call's deadline (`with_options`) bounds the wait too: the earlier one wins.
        let limit = self
            .options
            .deadline
            .map_or(options.timeout, |d| d.min(options.timeout));
        let deadline = started + limit;
        let mut schedule = PollSchedule::new(options);
        let mut last: Option<Asset> = None;
        let mut final_poll_done = false;
        let mut failed_poll: Option<Error> = None;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(wait_timeout(asset_id, started, last));
            }
            let poller = self.with_options(CallOptions {
                deadline: Some(remaining),
                ..CallOptions::default()
            });
            let observe = |event: PollEvent| options.emit(event);
            match poller.get_asset_observed(asset_id, &observe).await {
                Ok(asset) if asset.status.is_terminal() => {
                    options.emit(PollEvent::Polled {
                        status: asset.status.clone(),
                        elapsed: started.elapsed(),
                        next_poll_in: Duration::ZERO,
                    });
                    if asset.status == AssetStatus::Active {
                        return Ok(asset);
                    }
                    return Err(Error::AssetFailed {
                        asset: Box::new(asset),
                    });
                }
                Ok(asset) => last = Some(asset),
                Err(error) if error.is_retryable() => {
                    tracing::info!(target: "seedance_assets::wait", asset_id, error = %error, "poll failed, will poll again");
                    failed_poll = Some(error);
                }
                Err(error) => return Err(error),
            }
            let remaining = deadline.saturating_duration_since(Instant::now());
            let delay = schedule.next_delay();
            let next_poll_in = delay.min(remaining);
            match (failed_poll.take(), &last) {
                (Some(error), _) => options.emit(PollEvent::Retrying {
                    code: error.code().as_str(),
                    reason: error.to_string(),
                    delay: next_poll_in,
                }),
                (None, Some(asset)) => options.emit(PollEvent::Polled {
                    status: asset.status.clone(),
                    elapsed: started.elapsed(),
                    next_poll_in,
                }),
                (None, None) => {}
            }
            tracing::debug!(
                target: "seedance_assets::wait",
                asset_id,
                status = last.as_ref().map_or("unknown", |a| a.status.as_str()),
                next_poll_ms = delay.min(remaining).as_millis() as u64,
                "asset not ready"
            );
            if delay < remaining {
                tokio::time::sleep(delay).await;
            } else if !final_poll_done && remaining > FINAL_POLL_BUDGET {
                // The next regular poll would fall past the deadline: poll once more just before it.
                final_poll_done = true;
                tokio::time::sleep(remaining - FINAL_POLL_BUDGET).await;
            } else {
                tokio::time::sleep(remaining).await;
                return Err(wait_timeout(asset_id, started, last));
            }
        }
    }

    async fn call(
        &self,
        endpoint: Endpoint,
        query: &[(&str, &str)],
        body: Option<&serde_json::Value>,
    ) -> Result<crate::envelope::Answer, Error> {
        self.transport
            .call(endpoint, query, body, self.options, &|_| {})
            .await
    }

    pub(crate) fn transport(&self) -> &Transport {
        &self.transport
    }

    fn api_key(&self) -> &str {
        self.transport.api_key()
    }

    fn secrets(&self) -> &crate::redact::Secrets {
        self.transport.secrets()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url())
            .field("api_key", &redact::api_key(self.api_key()))
            .field("options", &self.options)
            .field("language", &self.language)
            .finish()
    }
}

/// A POST's answer that arrived but cannot be read: the side effect may have happened.
fn outcome_unknown(endpoint: Endpoint, error: Error) -> Error {
    Error::OutcomeUnknown {
        operation: endpoint.name(),
        cause: Box::new(error),
    }
}

/// A refusal because the session ran out says what to do about it.
fn session_expired(error: Error) -> Error {
    match error {
        Error::Api(mut api)
            if api.code == ErrorCode::Unprocessable
                && api.message.to_ascii_lowercase().contains("expire") =>
        {
            api.message = format!(
                "the validation session expired: create a new session (the service said: {})",
                api.message
            );
            Error::Api(api)
        }
        other => other,
    }
}

fn wait_timeout(asset_id: &str, started: Instant, last: Option<Asset>) -> Error {
    Error::WaitTimeout {
        asset_id: asset_id.to_string(),
        waited: started.elapsed(),
        last: last.map(Box::new),
    }
}
