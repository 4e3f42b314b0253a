//! Onboarding: a person's whole asset set uploaded at the account's quota and waited for until
//! every asset is `Active` (or `Failed`), in one call; with a journal, resumable after a crash.

mod poller;
mod run;
mod uploader;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::models::AssetType;
use crate::rate_limit::RateLimit;
use crate::surface::options;

/// The default number of uploads in flight at once.
pub const DEFAULT_CONCURRENCY: usize = options::CONCURRENCY.default_count() as usize;
/// The default limit of a whole onboarding run.
pub const DEFAULT_ONBOARD_TIMEOUT: Duration = options::ONBOARD_TIMEOUT.default_duration();
/// With no upload rate given or configured: the rate onboarding starts at (one a second), …
pub const ADAPTIVE_START: RateLimit = RateLimit {
    max_requests: 60,
    per: Duration::from_secs(60),
};
/// … the fastest it goes (ten a second) …
pub const ADAPTIVE_CEILING: RateLimit = RateLimit {
    max_requests: 600,
    per: Duration::from_secs(60),
};
/// … and how much faster it goes per accepted upload (5 %); each 429 halves the rate, its
/// `Retry-After` is honoured, and the rate recovers only up to ¾ of the one refused.
pub const ADAPTIVE_STEP: f64 = 1.05;

/// One asset to onboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnboardItem {
    /// Its display name.
    pub name: String,
    /// Its media kind.
    pub asset_type: AssetType,
    /// A public URL the service downloads it from (empty when `file` is set).
    pub asset_url: String,
    /// A local file staged in the client's bucket before the run, instead of `asset_url`.
    pub file: Option<std::path::PathBuf>,
    /// The caller's journal key for it (default: derived from group, name and URL).
    pub key: Option<String>,
}

impl OnboardItem {
    /// An item without a key of its own.
    pub fn new(name: impl Into<String>, asset_type: AssetType, asset_url: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            asset_type,
            asset_url: asset_url.into(),
            file: None,
            key: None,
        }
    }

    /// An item of the local file at `path`, staged in the client's bucket before the run.
    pub fn from_file(
        name: impl Into<String>,
        path: impl Into<std::path::PathBuf>,
        asset_type: AssetType,
    ) -> Self {
        Self {
            file: Some(path.into()),
            ..Self::new(name, asset_type, "")
        }
    }

    /// The same item under the caller's journal key.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }
}

/// What happened to one item, as it happens.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum OnboardEvent {
    /// Uploaded (or found uploaded in the journal): the service is processing it.
    Uploaded {
        /// The item's position in the request.
        index: usize,
        /// The service's asset id.
        asset_id: String,
    },
    /// Usable as `asset://<asset_id>`.
    Active {
        /// The item's position in the request.
        index: usize,
        /// The service's asset id.
        asset_id: String,
    },
    /// Refused by the service (its upload or its review).
    Failed {
        /// The item's position in the request.
        index: usize,
        /// The service's error code.
        code: String,
        /// The service's message.
        message: String,
    },
    /// Its upload may have happened; it is not sent again (see the journal's `resolve`).
    Ambiguous {
        /// The item's position in the request.
        index: usize,
    },
    /// A transient refusal; the item's upload is tried again after `delay`.
    Retrying {
        /// The item's position in the request.
        index: usize,
        /// What happened.
        reason: String,
        /// The wait before trying again.
        delay: Duration,
    },
}

/// A callback for [`OnboardEvent`]s; called on the runtime's threads, so keep it short.
pub type OnboardCallback = Arc<dyn Fn(&OnboardEvent) + Send + Sync>;

/// What to onboard and how fast.
#[derive(Clone)]
pub struct Onboarding {
    /// The person, by the reference their validation was journaled under (needs a journal) …
    pub reference: Option<String>,
    /// … or by GroupId.
    pub group_id: Option<String>,
    /// The assets.
    pub assets: Vec<OnboardItem>,
    /// The account's upload rate, never exceeded (no window of its period holds more uploads);
    /// `None`: the client's configured upload limit, else adaptive from [`ADAPTIVE_START`].
    pub upload_rate: Option<RateLimit>,
    /// Uploads in flight at once (default 8, at most 64).
    pub concurrency: usize,
    /// The whole run's limit (default one hour); items unfinished by then are `Pending`.
    pub timeout: Duration,
    /// Preflight every item before its upload; a failing one is `Rejected` and not uploaded.
    pub preflight: bool,
    /// Called for every item's progress.
    pub on_progress: Option<OnboardCallback>,
}

impl Onboarding {
    /// Onboarding for the person journaled under `reference`.
    pub fn for_reference(reference: impl Into<String>, assets: Vec<OnboardItem>) -> Self {
        Self::new(Some(reference.into()), None, assets)
    }

    /// Onboarding for the group `group_id`.
    pub fn for_group(group_id: impl Into<String>, assets: Vec<OnboardItem>) -> Self {
        Self::new(None, Some(group_id.into()), assets)
    }

    fn new(reference: Option<String>, group_id: Option<String>, assets: Vec<OnboardItem>) -> Self {
        Self {
            reference,
            group_id,
            assets,
            upload_rate: None,
            concurrency: DEFAULT_CONCURRENCY,
            timeout: DEFAULT_ONBOARD_TIMEOUT,
            preflight: false,
            on_progress: None,
        }
    }

    /// The same run at this upload rate.
    pub fn upload_rate(mut self, rate: RateLimit) -> Self {
        self.upload_rate = Some(rate);
        self
    }

    /// The same run with this many uploads in flight.
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency;
        self
    }

    /// The same run with this overall limit.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The same run with every item preflighted before its upload (see [`Onboarding::preflight`]).
    pub fn with_preflight(mut self, preflight: bool) -> Self {
        self.preflight = preflight;
        self
    }

    /// The same run reporting progress to `callback`.
    pub fn on_progress(mut self, callback: impl Fn(&OnboardEvent) + Send + Sync + 'static) -> Self {
        self.on_progress = Some(Arc::new(callback));
        self
    }

    pub(crate) fn emit(&self, event: OnboardEvent) {
        if let Some(callback) = &self.on_progress {
            callback(&event);
        }
    }
}

impl fmt::Debug for Onboarding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Onboarding")
            .field("reference", &self.reference)
            .field("group_id", &self.group_id)
            .field("assets", &self.assets.len())
            .field("upload_rate", &self.upload_rate)
            .field("concurrency", &self.concurrency)
            .field("timeout", &self.timeout)
            .field("preflight", &self.preflight)
            .finish_non_exhaustive()
    }
}

/// Where an item ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemStatus {
    /// Usable as `asset://<asset_id>`.
    Active,
    /// Refused by the service; `error_code`/`error_message` say why.
    Failed,
    /// The upload's outcome is unknown; not sent again (see the journal's `resolve`).
    Ambiguous,
    /// Not finished when the run's time ran out.
    Pending,
    /// Refused before any upload (e.g. by preflight).
    Rejected,
}

impl ItemStatus {
    /// Every status, in the order reports list them.
    pub const ALL: [ItemStatus; 5] = [
        Self::Active,
        Self::Failed,
        Self::Ambiguous,
        Self::Pending,
        Self::Rejected,
    ];

    /// The status spelt `text` (as [`ItemStatus::as_str`] writes it), for reading a stored
    /// report back.
    pub fn from_name(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The status as every language spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "Active",
            Self::Failed => "Failed",
            Self::Ambiguous => "Ambiguous",
            Self::Pending => "Pending",
            Self::Rejected => "Rejected",
        }
    }
}

/// One item's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemReport {
    /// The item as requested.
    pub item: OnboardItem,
    /// The service's asset id, when the upload was answered.
    pub asset_id: Option<String>,
    /// Where it ended.
    pub status: ItemStatus,
    /// The service's (or the failure's) code, for a non-Active item.
    pub error_code: Option<String>,
    /// What happened, for a non-Active item.
    pub error_message: Option<String>,
}

impl ItemReport {
    /// `asset://<asset_id>` for an Active item.
    pub fn reference(&self) -> Option<String> {
        (self.status == ItemStatus::Active)
            .then(|| self.asset_id.as_ref().map(|id| format!("asset://{id}")))
            .flatten()
    }
}

/// The outcome of a run: one item per requested asset, in the request's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnboardingReport {
    /// The group the assets went to.
    pub group_id: String,
    /// Every item's outcome.
    pub items: Vec<ItemReport>,
    /// Upload requests sent during this run (a resumed run sends none for recorded items).
    pub uploads_sent: usize,
    /// Upload requests the service refused with 429.
    pub rate_limited: usize,
}

impl OnboardingReport {
    /// The items with this status.
    pub fn with_status(&self, status: ItemStatus) -> Vec<&ItemReport> {
        self.items.iter().filter(|i| i.status == status).collect()
    }

    /// How many items have this status.
    pub fn count(&self, status: ItemStatus) -> usize {
        self.items.iter().filter(|i| i.status == status).count()
    }

    /// Whether every item is Active.
    pub fn all_active(&self) -> bool {
        self.items.iter().all(|i| i.status == ItemStatus::Active)
    }
}
