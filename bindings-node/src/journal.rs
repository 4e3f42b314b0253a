//! The journal: `openJournal(…)` and one method per query or change, each a core call plus
//! conversions, settled through the env's completion channel like the client's methods
//! (`crate::completion`). The JS `Journal` class (lib/journal.js) keeps the native one private
//! and hands it to `createClient` for the `journal` client option.

use napi_derive::napi;
use seedance_assets as core;
use seedance_assets::Error as CoreError;

use crate::completion::Completions;
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
/// `SEEDANCE_JOURNAL`, else the file in the user's data directory (settles with a
/// `NativeJournal`).
#[napi(catch_unwind)]
pub fn open_journal(
    done: &Completions,
    id: u32,
    path_or_url: Option<String>,
    options: Option<JournalOpenOptions>,
) {
    let options = options.unwrap_or_default();
    let options = core::JournalOptions {
        read_only: options
            .read_only
            .unwrap_or(core::JournalOptions::default().read_only),
    };
    done.start(id, async move {
        core::Journal::open_with(path_or_url.as_deref(), options)
            .await
            .map(|inner| NativeJournal { inner })
    });
}

#[napi]
impl NativeJournal {
    /// Where the journal is: a path, or the database URL without credentials or options.
    #[napi(getter)]
    pub fn location(&self) -> String {
        self.inner.location().to_string()
    }

    /// The person last validated under `reference`, or `null`.
    #[napi(catch_unwind)]
    pub fn person(&self, done: &Completions, id: u32, reference: String) {
        let journal = self.inner.clone();
        done.start(
            id,
            async move { maybe::<_, Person>(journal.person(&reference).await) },
        );
    }

    /// Every person, most recently validated first.
    #[napi(catch_unwind)]
    pub fn people(&self, done: &Completions, id: u32) {
        let journal = self.inner.clone();
        done.start(id, async move { many::<_, Person>(journal.people().await) });
    }

    /// The recorded uploads matching `filter`, oldest first.
    #[napi(catch_unwind)]
    pub fn assets(&self, done: &Completions, id: u32, filter: Option<AssetFilterParams>) {
        let filter = filter.unwrap_or_default();
        let filter = core::AssetFilter {
            reference: filter.reference,
            group_id: filter.group_id,
            status: filter.status,
        };
        let journal = self.inner.clone();
        done.start(id, async move {
            many::<_, JournaledAsset>(journal.assets(&filter).await)
        });
    }

    /// The uploads not finished: outcome unknown (`Uploading`, `Ambiguous`) or under review.
    #[napi(catch_unwind)]
    pub fn pending(&self, done: &Completions, id: u32) {
        let journal = self.inner.clone();
        done.start(
            id,
            async move { many::<_, JournaledAsset>(journal.pending().await) },
        );
    }

    /// The upload recorded under `key`, or `null`.
    #[napi(catch_unwind)]
    pub fn asset(&self, done: &Completions, id: u32, key: String) {
        let journal = self.inner.clone();
        done.start(id, async move {
            maybe::<_, JournaledAsset>(journal.asset(&key).await)
        });
    }

    /// Records the answer to an unresolved upload (no `assetId`: it did not happen).
    #[napi(catch_unwind)]
    pub fn resolve(&self, done: &Completions, id: u32, key: String, asset_id: Option<String>) {
        let journal = self.inner.clone();
        done.start(id, async move {
            maybe::<_, JournaledAsset>(journal.resolve(&key, asset_id.as_deref()).await)
        });
    }

    /// Erases everything recorded about a person; resolves with how many records were removed.
    #[napi(catch_unwind)]
    pub fn forget(&self, done: &Completions, id: u32, reference: String) {
        let journal = self.inner.clone();
        done.start(
            id,
            async move { journal.forget(&reference).await.map(|n| n as f64) },
        );
    }

    /// Every record, without secrets, keys in camelCase.
    #[napi(catch_unwind)]
    pub fn export(&self, done: &Completions, id: u32) {
        let journal = self.inner.clone();
        done.start(id, async move {
            many::<serde_json::Value, serde_json::Value>(
                journal
                    .export()
                    .await
                    .map(|records| records.into_iter().map(export_record).collect()),
            )
        });
    }
}

fn maybe<T, R: From<T>>(found: Result<Option<T>, CoreError>) -> Result<Option<R>, CoreError> {
    found.map(|found| found.map(R::from))
}

fn many<T, R: From<T>>(found: Result<Vec<T>, CoreError>) -> Result<Vec<R>, CoreError> {
    found.map(|all| all.into_iter().map(R::from).collect())
}
