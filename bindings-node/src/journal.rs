//! The journal: `openJournal(…)` and one async method per query or change, each a core call
//! plus conversions, settled by napi like the client's methods (errors through [`Reply`]). The
//! JS `Journal` class (lib/journal.js) keeps the native one private and hands it to
//! `createClient` for the `journal` client option.

use napi_derive::napi;
use seedance_assets as core;
use seedance_assets::Error as CoreError;

use crate::errors::Reply;
use crate::journal_models::{export_record, JournaledAsset, Person};

/// Options of `Journal.open` (the core's `journalOpen` option set).
#[napi(object)]
#[derive(Default)]
pub struct JournalOpenOptions {
    pub read_only: Option<bool>,
}

/// The filter of `Journal.assets` (the core's `assetFilter` option set); unset fields match
/// everything.
#[napi(object)]
#[derive(Default)]
pub struct AssetFilterParams {
    pub reference: Option<String>,
    pub group_id: Option<String>,
    pub status: Option<String>,
}

/// The core journal; the JS `Journal` class keeps it private.
#[napi]
pub struct NativeJournal {
    pub(crate) inner: core::Journal,
}

/// Opens (creating or upgrading it) the journal at a path or `postgresql://` URL; without one,
/// `SEEDANCE_JOURNAL`, else the file in the user's data directory.
#[napi(catch_unwind, ts_return_type = "Promise<NativeJournal>")]
pub async fn open_journal(
    path_or_url: Option<String>,
    options: Option<JournalOpenOptions>,
) -> Reply<NativeJournal> {
    let options = options.unwrap_or_default();
    let options = core::JournalOptions {
        read_only: options
            .read_only
            .unwrap_or(core::JournalOptions::default().read_only),
    };
    core::Journal::open_with(path_or_url.as_deref(), options)
        .await
        .map(|inner| NativeJournal { inner })
        .into()
}

#[napi]
impl NativeJournal {
    /// Where the journal is: a path, or the database URL without credentials or options.
    #[napi(getter)]
    pub fn location(&self) -> String {
        self.inner.location().to_string()
    }

    /// The person last validated under `reference`, or `null`.
    #[napi(catch_unwind, ts_return_type = "Promise<Person | null>")]
    pub async fn person(&self, reference: String) -> Reply<Option<Person>> {
        maybe(self.inner.person(&reference).await)
    }

    /// Every person, most recently validated first.
    #[napi(catch_unwind, ts_return_type = "Promise<Array<Person>>")]
    pub async fn people(&self) -> Reply<Vec<Person>> {
        many(self.inner.people().await)
    }

    /// The recorded uploads matching `filter`, oldest first.
    #[napi(catch_unwind, ts_return_type = "Promise<Array<JournaledAsset>>")]
    pub async fn assets(&self, filter: Option<AssetFilterParams>) -> Reply<Vec<JournaledAsset>> {
        let filter = filter.unwrap_or_default();
        let filter = core::AssetFilter {
            reference: filter.reference,
            group_id: filter.group_id,
            status: filter.status,
        };
        many(self.inner.assets(&filter).await)
    }

    /// The uploads not finished: outcome unknown (`Uploading`, `Ambiguous`) or under review.
    #[napi(catch_unwind, ts_return_type = "Promise<Array<JournaledAsset>>")]
    pub async fn pending(&self) -> Reply<Vec<JournaledAsset>> {
        many(self.inner.pending().await)
    }

    /// The upload recorded under `key`, or `null`.
    #[napi(catch_unwind, ts_return_type = "Promise<JournaledAsset | null>")]
    pub async fn asset(&self, key: String) -> Reply<Option<JournaledAsset>> {
        maybe(self.inner.asset(&key).await)
    }

    /// Records the answer to an unresolved upload (no `assetId`: it did not happen).
    #[napi(catch_unwind, ts_return_type = "Promise<JournaledAsset | null>")]
    pub async fn resolve(&self, key: String, asset_id: Option<String>) -> Reply<Option<JournaledAsset>> {
        maybe(self.inner.resolve(&key, asset_id.as_deref()).await)
    }

    /// Erases everything recorded about a person; resolves with how many records were removed.
    #[napi(catch_unwind, ts_return_type = "Promise<number>")]
    pub async fn forget(&self, reference: String) -> Reply<f64> {
        self.inner.forget(&reference).await.map(|n| n as f64).into()
    }

    /// Every record, without secrets, keys in camelCase.
    #[napi(catch_unwind, ts_return_type = "Promise<Array<Record<string, unknown>>>")]
    pub async fn export(&self) -> Reply<Vec<serde_json::Value>> {
        self.inner
            .export()
            .await
            .map(|records| records.into_iter().map(export_record).collect())
            .into()
    }
}

fn maybe<T, R: From<T>>(found: Result<Option<T>, CoreError>) -> Reply<Option<R>> {
    found.map(|found| found.map(R::from)).into()
}

fn many<T, R: From<T>>(found: Result<Vec<T>, CoreError>) -> Reply<Vec<R>> {
    found.map(|all| all.into_iter().map(R::from).collect()).into()
}
