//! The client: `createClient(…)` and one method per operation, each a core call plus
//! conversions. A method starts its future on napi's tokio runtime and returns at once; the
//! outcome settles the JS layer's promise for call `id` through [`Completions`] (errors become
//! JS objects on the JS thread; a panic in the future rejects the promise).

use std::future::Future;

use napi::bindgen_prelude::ToNapiValue;
use napi::Env;
use napi_derive::napi;
use seedance_assets as core;
use seedance_assets::Error as CoreError;

use crate::abort::AbortHandle;
use crate::completion::Completions;
use crate::convert::{
    self, CallOptions, ClientOptions, CreateSessionParams, FolderAssetsOptions, OnboardParams,
    PreflightParams, UploadAssetParams, WaitParams,
};
use crate::errors::thrown;
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
// future. Each method settles call `id` of `done` with the model its future maps the answer to.
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

    /// Step 1: a validation session (settles call `id` with a `ValidationSession`).
    #[napi(catch_unwind)]
    pub fn create_validation_session(
        &self,
        done: &Completions,
        id: u32,
        params: CreateSessionParams,
        options: Option<CallOptions>,
        abort: &AbortHandle,
    ) {
        self.start(done, id, options, abort, |c| async move {
            c.create_validation_session(&params.try_into()?)
                .await
                .map(ValidationSession::from)
        });
    }

    /// Step 2: the GroupId for a passed session's token (settles with a `ValidationResult`).
    #[napi(catch_unwind)]
    pub fn get_validation_result(
        &self,
        done: &Completions,
        id: u32,
        byted_token: String,
        options: Option<CallOptions>,
        abort: &AbortHandle,
    ) {
        self.start(done, id, options, abort, |c| async move {
            c.get_validation_result(&byted_token)
                .await
                .map(ValidationResult::from)
        });
    }

    /// Completes a validation from the URL the browser was redirected to (needs a journal):
    /// the token is exchanged once, and every caller gets the same person (settles with a
    /// `Person`).
    #[napi(catch_unwind)]
    pub fn complete_validation(
        &self,
        done: &Completions,
        id: u32,
        redirected_url: String,
        options: Option<CallOptions>,
        abort: &AbortHandle,
    ) {
        self.start(done, id, options, abort, |c| async move {
            c.complete_validation(&redirected_url).await.map(Person::from)
        });
    }

    /// Step 3: uploads an asset from a public URL (settles with an `UploadedAsset`).
    #[napi(catch_unwind)]
    pub fn upload_asset(
        &self,
        done: &Completions,
        id: u32,
        params: UploadAssetParams,
        options: Option<CallOptions>,
        abort: &AbortHandle,
    ) {
        self.start(done, id, options, abort, |c| async move {
            c.upload_asset(&params.try_into()?).await.map(UploadedAsset::from)
        });
    }

    /// Stages the local file at `path` in the client's bucket (settles with its presigned URL).
    #[napi(catch_unwind)]
    pub fn stage(
        &self,
        done: &Completions,
        id: u32,
        path: String,
        options: Option<CallOptions>,
        abort: &AbortHandle,
    ) {
        self.start(done, id, options, abort, |c| async move {
            c.stage(&path).await.map(|staged| staged.url)
        });
    }

    /// The onboarding items of the folder `dir` (settles with an array of `FolderAsset`).
    #[napi(catch_unwind)]
    pub fn folder_assets(
        &self,
        done: &Completions,
        id: u32,
        dir: String,
        options: Option<FolderAssetsOptions>,
        abort: &AbortHandle,
    ) {
        let skip_other_files = options.and_then(|o| o.skip_other_files).unwrap_or(false);
        self.start(done, id, None, abort, move |c| async move {
            let items = c.folder_assets(&dir, skip_other_files).await?;
            Ok(items.into_iter().map(FolderAsset::from).collect::<Vec<_>>())
        });
    }

    /// Step 4: the asset's current status (settles with an `Asset` as JSON text).
    #[napi(catch_unwind)]
    pub fn get_asset(
        &self,
        done: &Completions,
        id: u32,
        asset_id: String,
        options: Option<CallOptions>,
        abort: &AbortHandle,
    ) {
        self.start(done, id, options, abort, |c| async move {
            c.get_asset(&asset_id).await.and_then(asset_json)
        });
    }

    /// Step 4, waiting until `Active` (its `timeoutMs` is the whole wait's deadline; settles
    /// with an `Asset` as JSON text); `on_poll` receives each progress event.
    #[napi(
        catch_unwind,
        ts_args_type = "done: Completions, id: number, assetId: string, params: WaitParams | undefined | null, onPoll: ((event: Record<string, string | number>) => void) | undefined | null, abort: AbortHandle"
    )]
    pub fn wait_for_asset(
        &self,
        done: &Completions,
        id: u32,
        asset_id: String,
        params: Option<WaitParams>,
        on_poll: Option<EventSink>,
        abort: &AbortHandle,
    ) {
        let (wait, call) = match params.unwrap_or_default().split() {
            Ok(split) => split,
            Err(error) => return done.start(id, async { Err::<String, _>(error) }),
        };
        let wait = match on_poll {
            Some(sink) => events::with_sink(wait, sink),
            None => wait,
        };
        self.start(done, id, Some(call), abort, |c| async move {
            c.wait_for_asset(&asset_id, &wait).await.and_then(asset_json)
        });
    }

    /// Onboards a person's assets: uploads at the run's rate, waits for them all, and settles
    /// with an `OnboardingReport` (per-item failures are in it, never a rejection);
    /// `on_progress` receives each item's progress. Aborting drops the run.
    #[napi(
        catch_unwind,
        ts_args_type = "done: Completions, id: number, params: OnboardParams, onProgress: ((event: Record<string, string | number>) => void) | undefined | null, abort: AbortHandle"
    )]
    pub fn onboard(
        &self,
        done: &Completions,
        id: u32,
        params: OnboardParams,
        on_progress: Option<EventSink>,
        abort: &AbortHandle,
    ) {
        let run = match core::Onboarding::try_from(params) {
            Ok(run) => run,
            Err(error) => return done.start(id, async { Err::<OnboardingReport, _>(error) }),
        };
        let run = match on_progress {
            Some(sink) => events::with_progress(run, sink),
            None => run,
        };
        self.start(done, id, None, abort, |c| async move {
            c.onboard(&run).await.map(OnboardingReport::from)
        });
    }

    /// Whether upstream will accept the asset, judged without uploading it (settles with a
    /// `PreflightReport`; problems are in it, never a rejection, except a malformed argument).
    #[napi(catch_unwind)]
    pub fn preflight(&self, done: &Completions, id: u32, params: PreflightParams, abort: &AbortHandle) {
        let (url, asset_type, options) = match params.split() {
            Ok(split) => split,
            Err(error) => return done.start(id, async { Err::<PreflightReport, _>(error) }),
        };
        self.start(done, id, None, abort, move |c| async move {
            c.preflight_with(&url, asset_type, &options)
                .await
                .map(|report| crate::preflight::report(&report))
        });
    }
}

impl NativeClient {
    /// Starts `operation` on this client with the per-call `options` (read inside the future),
    /// until it finishes or `abort` fires; its outcome settles call `id` of `done`.
    fn start<T, F>(
        &self,
        done: &Completions,
        id: u32,
        options: Option<CallOptions>,
        abort: &AbortHandle,
        operation: impl FnOnce(core::Client) -> F + Send + 'static,
    ) where
        T: ToNapiValue + Send + 'static,
        F: Future<Output = Result<T, CoreError>> + Send,
    {
        let client = convert::with_options(&self.inner, options);
        let abort = abort.watch();
        done.start(id, async move { abort.run(operation(client?)).await });
    }
}
