//! The client: `createClient(…)` and one async method per operation, each a core call plus
//! conversions. napi runs each method's future on its tokio runtime and settles the promise it
//! returns on the JS thread (errors become JS objects there, see [`Reply`]); a panic in the
//! future rejects the promise.

use std::future::Future;

use napi::Env;
use napi_derive::napi;
use seedance_assets as core;
use seedance_assets::Error as CoreError;

use crate::abort::AbortHandle;
use crate::convert::{
    self, CallOptions, ClientOptions, CreateSessionParams, FolderAssetsOptions, OnboardParams,
    PreflightParams, UploadAssetParams, WaitParams,
};
use crate::errors::{thrown, Reply};
use crate::events::{self, EventSink};
use crate::journal::NativeJournal;
use crate::journal_models::Person;
use crate::models::{
    asset_json, FolderAsset, OnboardingReport, UploadedAsset, ValidationResult, ValidationSession,
};
use crate::preflight::PreflightReport;

/// The core client; the JS `Client` class keeps it private.
#[napi]
pub struct NativeClient {
    inner: core::Client,
}

impl From<core::Client> for NativeClient {
    fn from(inner: core::Client) -> Self {
        Self { inner }
    }
}

/// Builds a client, or throws `ERR_CONFIGURATION` / `ERR_INVALID_ARGUMENT`; `journal` is the
/// `journal` client option (the JS layer passes the native journal on its own).
#[napi(ts_return_type = "NativeClient")]
pub fn create_client(
    env: &Env,
    options: Option<ClientOptions>,
    journal: Option<&NativeJournal>,
) -> napi::Result<NativeClient> {
    thrown(
        env,
        convert::client(options.unwrap_or_default(), journal.map(|j| j.inner.clone()))
            .map(NativeClient::from),
    )
}

// Invalid options and params reject the promise rather than throw: they are read inside the
// future.
#[napi]
impl NativeClient {
    /// The base URL requests go to.
    #[napi(getter)]
    pub fn base_url(&self) -> String {
        self.inner.base_url().to_string()
    }

    /// A client sharing this one's connections and rate limits, with these per-call defaults.
    #[napi(ts_return_type = "NativeClient")]
    pub fn with_options(&self, env: &Env, options: CallOptions) -> napi::Result<NativeClient> {
        thrown(
            env,
            convert::with_options(&self.inner, Some(options)).map(NativeClient::from),
        )
    }

    /// Step 1: a validation session.
    #[napi(catch_unwind, ts_return_type = "Promise<ValidationSession>")]
    pub async fn create_validation_session(
        &self,
        params: CreateSessionParams,
        options: Option<CallOptions>,
        abort: &AbortHandle,
    ) -> Reply<ValidationSession> {
        self.run(options, abort, |c| async move {
            c.create_validation_session(&params.try_into()?)
                .await
                .map(ValidationSession::from)
        })
        .await
    }

    /// Step 2: the GroupId for a passed session's token.
    #[napi(catch_unwind, ts_return_type = "Promise<ValidationResult>")]
    pub async fn get_validation_result(
        &self,
        byted_token: String,
        options: Option<CallOptions>,
        abort: &AbortHandle,
    ) -> Reply<ValidationResult> {
        self.run(options, abort, |c| async move {
            c.get_validation_result(&byted_token)
                .await
                .map(ValidationResult::from)
        })
        .await
    }

    /// Completes a validation from the URL the browser was redirected to (needs a journal):
    /// the token is exchanged once, and every caller gets the same person.
    #[napi(catch_unwind, ts_return_type = "Promise<Person>")]
    pub async fn complete_validation(
        &self,
        redirected_url: String,
        options: Option<CallOptions>,
        abort: &AbortHandle,
    ) -> Reply<Person> {
        self.run(options, abort, |c| async move {
            c.complete_validation(&redirected_url).await.map(Person::from)
        })
        .await
    }

    /// Step 3: uploads an asset from a public URL.
    #[napi(catch_unwind, ts_return_type = "Promise<UploadedAsset>")]
    pub async fn upload_asset(
        &self,
        params: UploadAssetParams,
        options: Option<CallOptions>,
        abort: &AbortHandle,
    ) -> Reply<UploadedAsset> {
        self.run(options, abort, |c| async move {
            c.upload_asset(&params.try_into()?).await.map(UploadedAsset::from)
        })
        .await
    }

    /// Stages the local file at `path` in the client's bucket; its presigned URL.
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub async fn stage(
        &self,
        path: String,
        options: Option<CallOptions>,
        abort: &AbortHandle,
    ) -> Reply<String> {
        self.run(options, abort, |c| async move {
            c.stage(&path).await.map(|staged| staged.url)
        })
        .await
    }

    /// The onboarding items of the folder `dir`.
    #[napi(catch_unwind, ts_return_type = "Promise<Array<FolderAsset>>")]
    pub async fn folder_assets(
        &self,
        dir: String,
        options: Option<FolderAssetsOptions>,
        abort: &AbortHandle,
    ) -> Reply<Vec<FolderAsset>> {
        let skip_other_files = options.and_then(|o| o.skip_other_files).unwrap_or(false);
        self.run(None, abort, move |c| async move {
            let items = c.folder_assets(&dir, skip_other_files).await?;
            Ok(items.into_iter().map(FolderAsset::from).collect())
        })
        .await
    }

    /// Step 4: the asset's current status (an `Asset` as JSON text).
    #[napi(catch_unwind, ts_return_type = "Promise<string>")]
    pub async fn get_asset(
        &self,
        asset_id: String,
        options: Option<CallOptions>,
        abort: &AbortHandle,
    ) -> Reply<String> {
        self.run(options, abort, |c| async move {
            c.get_asset(&asset_id).await.and_then(asset_json)
        })
        .await
    }

    /// Step 4, waiting until `Active` (its `timeoutMs` is the whole wait's deadline; an
    /// `Asset` as JSON text); `on_poll` receives each progress event.
    #[napi(
        catch_unwind,
        ts_return_type = "Promise<string>",
        ts_args_type = "assetId: string, params: WaitParams | undefined | null, onPoll: ((event: Record<string, string | number>) => void) | undefined | null, abort: AbortHandle"
    )]
    pub async fn wait_for_asset(
        &self,
        asset_id: String,
        params: Option<WaitParams>,
        on_poll: Option<EventSink>,
        abort: &AbortHandle,
    ) -> Reply<String> {
        let (wait, call) = match params.unwrap_or_default().split() {
            Ok(split) => split,
            Err(error) => return Reply::Failed(error),
        };
        let wait = match on_poll {
            Some(sink) => events::with_sink(wait, sink),
            None => wait,
        };
        self.run(Some(call), abort, |c| async move {
            c.wait_for_asset(&asset_id, &wait).await.and_then(asset_json)
        })
        .await
    }

    /// Onboards a person's assets: uploads at the run's rate, waits for them all, and resolves
    /// with an `OnboardingReport` (per-item failures are in it, never a rejection);
    /// `on_progress` receives each item's progress. Aborting drops the run.
    #[napi(
        catch_unwind,
        ts_return_type = "Promise<OnboardingReport>",
        ts_args_type = "params: OnboardParams, onProgress: ((event: Record<string, string | number>) => void) | undefined | null, abort: AbortHandle"
    )]
    pub async fn onboard(
        &self,
        params: OnboardParams,
        on_progress: Option<EventSink>,
        abort: &AbortHandle,
    ) -> Reply<OnboardingReport> {
        let run = match core::Onboarding::try_from(params) {
            Ok(run) => run,
            Err(error) => return Reply::Failed(error),
        };
        let run = match on_progress {
            Some(sink) => events::with_progress(run, sink),
            None => run,
        };
        self.run(None, abort, |c| async move {
            c.onboard(&run).await.map(OnboardingReport::from)
        })
        .await
    }

    /// Whether upstream will accept the asset, judged without uploading it (a
    /// `PreflightReport`; problems are in it, never a rejection, except a malformed argument).
    #[napi(catch_unwind, ts_return_type = "Promise<PreflightReport>")]
    pub async fn preflight(&self, params: PreflightParams, abort: &AbortHandle) -> Reply<PreflightReport> {
        let (url, asset_type, options) = match params.split() {
            Ok(split) => split,
            Err(error) => return Reply::Failed(error),
        };
        self.run(None, abort, move |c| async move {
            c.preflight_with(&url, asset_type, &options)
                .await
                .map(|report| crate::preflight::report(&report))
        })
        .await
    }
}

impl NativeClient {
    /// Runs `operation` on this client with the per-call `options` until it finishes or
    /// `abort` fires.
    async fn run<T, F>(
        &self,
        options: Option<CallOptions>,
        abort: &AbortHandle,
        operation: impl FnOnce(core::Client) -> F,
    ) -> Reply<T>
    where
        F: Future<Output = Result<T, CoreError>>,
    {
        let client = match convert::with_options(&self.inner, options) {
            Ok(client) => client,
            Err(error) => return Reply::Failed(error),
        };
        abort.watch().run(operation(client)).await.into()
    }
}
