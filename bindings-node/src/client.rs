//! The client: `createClient(…)` and one async method per operation, each a core call plus
//! conversions. napi runs each method's future on its tokio runtime and settles the returned
//! promise on the JS thread (errors become JS objects there, see [`Reply`]); a panic in the
//! future rejects the promise.

use std::future::Future;

use napi_derive::napi;
use seedance_assets as core;
use seedance_assets::Error as CoreError;

use crate::abort::AbortHandle;
use crate::convert::{self, CallOptions, ClientOptions, CreateSessionParams, UploadAssetParams, WaitParams};
use crate::errors::Reply;
use crate::events::{self, PollSink};
use crate::journal::NativeJournal;
use crate::journal_models::Person;
use crate::models::{Asset, UploadedAsset, ValidationResult, ValidationSession};

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
pub fn create_client(options: Option<ClientOptions>, journal: Option<&NativeJournal>) -> Reply<NativeClient> {
    convert::client(options.unwrap_or_default(), journal.map(|j| j.inner.clone()))
        .map(NativeClient::from)
        .into()
}

// Invalid options reject the promise rather than throw: they are read inside the future.
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
        convert::with_options(&self.inner, Some(options))
            .map(NativeClient::from)
            .into()
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
            c.create_validation_session(&params.try_into()?).await
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
            c.get_validation_result(&byted_token).await
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
            c.complete_validation(&redirected_url).await
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
            c.upload_asset(&params.try_into()?).await
        })
        .await
    }

    /// Step 4: the asset's current status.
    #[napi(catch_unwind, ts_return_type = "Promise<Asset>")]
    pub async fn get_asset(
        &self,
        asset_id: String,
        options: Option<CallOptions>,
        abort: &AbortHandle,
    ) -> Reply<Asset> {
        self.run(options, abort, |c| async move { c.get_asset(&asset_id).await })
            .await
    }

    /// Step 4, waiting until `Active` (its `timeoutMs` is the whole wait's deadline);
    /// `on_poll` receives each progress event.
    #[napi(
        catch_unwind,
        ts_args_type = "assetId: string, params: WaitParams | undefined | null, onPoll: ((event: Record<string, string | number>) => void) | undefined | null, abort: AbortHandle",
        ts_return_type = "Promise<Asset>"
    )]
    pub async fn wait_for_asset(
        &self,
        asset_id: String,
        params: Option<WaitParams>,
        on_poll: Option<PollSink>,
        abort: &AbortHandle,
    ) -> Reply<Asset> {
        let (wait, call) = match params.unwrap_or_default().split() {
            Ok(split) => split,
            Err(error) => return Reply::Failed(error),
        };
        let wait = match on_poll {
            Some(sink) => events::with_sink(wait, sink),
            None => wait,
        };
        self.run(Some(call), abort, |c| async move {
            c.wait_for_asset(&asset_id, &wait).await
        })
        .await
    }
}

impl NativeClient {
    /// Runs `operation` on this client with the per-call `options` until it finishes or
    /// `abort` fires, and converts its answer for JS.
    async fn run<T, R, F>(
        &self,
        options: Option<CallOptions>,
        abort: &AbortHandle,
        operation: impl FnOnce(core::Client) -> F,
    ) -> Reply<R>
    where
        F: Future<Output = Result<T, CoreError>>,
        R: From<T>,
    {
        let client = match convert::with_options(&self.inner, options) {
            Ok(client) => client,
            Err(error) => return Reply::Failed(error),
        };
        abort.run(operation(client)).await.map(R::from).into()
    }
}
