//! The values the four steps take and return.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::errors::Error;
use crate::redact;

/// How long an H5 validation link stays usable after the session is created.
pub const SESSION_LINK_TTL: chrono::TimeDelta = chrono::TimeDelta::seconds(120);

/// The kind of media an asset holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AssetType {
    /// A still image (jpeg, png, webp, …).
    Image,
    /// A video clip (mp4, mov).
    Video,
    /// An audio clip (mp3, wav).
    Audio,
}

impl AssetType {
    /// The canonical wire form: `Image`, `Video` or `Audio`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image => "Image",
            Self::Video => "Video",
            Self::Audio => "Audio",
        }
    }
}

impl FromStr for AssetType {
    type Err = Error;

    /// Accepts any letter case; anything else is an `InvalidArgument` for `asset_type`.
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.to_ascii_lowercase().as_str() {
            "image" => Ok(Self::Image),
            "video" => Ok(Self::Video),
            "audio" => Ok(Self::Audio),
            _ => Err(Error::invalid(
                "asset_type",
                format!("must be one of Image, Video, Audio (got {s:?})"),
            )),
        }
    }
}

impl fmt::Display for AssetType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an asset is in review. Unknown statuses are kept verbatim and mean "not finished yet".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AssetStatus {
    /// Under review; keep polling.
    Processing,
    /// Usable as `asset://<id>`.
    Active,
    /// Rejected; see the asset's error fields and upload again.
    Failed,
    /// A status this crate does not know yet, as sent.
    Other(String),
}

impl AssetStatus {
    /// The status as the service spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Processing => "Processing",
            Self::Active => "Active",
            Self::Failed => "Failed",
            Self::Other(s) => s,
        }
    }

    /// Whether the asset will not change status any more (`Active` or `Failed`).
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Active | Self::Failed)
    }

    /// Reads a status as the service sends it; exact spelling for the known ones.
    pub fn from_wire(s: &str) -> Self {
        match s {
            "Processing" => Self::Processing,
            "Active" => Self::Active,
            "Failed" => Self::Failed,
            other => Self::Other(other.to_string()),
        }
    }
}

impl fmt::Display for AssetStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The language of the H5 validation page (`lng` parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    /// Simplified Chinese, `zh` (the service default).
    Zh,
    /// English, `en`.
    En,
    /// Traditional Chinese, `zh-Hant`.
    ZhHant,
}

impl Language {
    /// The `lng` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Zh => "zh",
            Self::En => "en",
            Self::ZhHant => "zh-Hant",
        }
    }
}

impl FromStr for Language {
    type Err = Error;

    /// Accepts `zh`, `en`, `zh-Hant` in any letter case (also `zh_hant`).
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "zh" | "zh-hans" | "zh-cn" => Ok(Self::Zh),
            "en" => Ok(Self::En),
            "zh-hant" | "zh-tw" | "zh-hk" => Ok(Self::ZhHant),
            _ => Err(Error::invalid(
                "language",
                format!("must be one of zh, en, zh-Hant (got {s:?})"),
            )),
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Arguments of step 1, `create_validation_session`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateSession {
    /// Where the H5 page sends the person's browser when done (absolute http/https URL).
    pub callback_url: String,
    /// The page language; sets `lng` on the returned `h5_link`.
    pub language: Option<Language>,
    /// The application's own id for the person (needs a journal): the validated person is
    /// recorded under it.
    pub reference: Option<String>,
    /// A note of the person's consent, kept with the person (needs a journal).
    pub consent: Option<String>,
}

impl CreateSession {
    /// A session request for this callback URL, page language left to the service.
    pub fn new(callback_url: impl Into<String>) -> Self {
        Self {
            callback_url: callback_url.into(),
            language: None,
            reference: None,
            consent: None,
        }
    }

    /// The same request for the person the application knows as `reference`.
    pub fn reference(mut self, reference: impl Into<String>) -> Self {
        self.reference = Some(reference.into());
        self
    }

    /// The same request with a consent note kept with the person.
    pub fn consent(mut self, consent: impl Into<String>) -> Self {
        self.consent = Some(consent.into());
        self
    }

    /// The same request with the page language set.
    pub fn language(mut self, language: Language) -> Self {
        self.language = Some(language);
        self
    }
}

/// A validation session: send the person to `h5_link` within 120 s.
///
/// Equality ignores `request_id`: it names the answer, not the session.
#[derive(Clone)]
pub struct ValidationSession {
    /// The single-use credential to exchange for the GroupId (secret: shown truncated).
    pub byted_token: String,
    /// The page the person opens; it embeds temporary credentials (secret: shown redacted).
    pub h5_link: String,
    /// The callback URL the service echoed.
    pub callback_url: String,
    /// When this client received the session.
    pub created_at: DateTime<Utc>,
    /// When the H5 link stops working (`created_at` + 120 s).
    pub expires_at: DateTime<Utc>,
    /// The service's id of the answer that created it, for support requests.
    pub request_id: Option<String>,
}

impl PartialEq for ValidationSession {
    fn eq(&self, other: &Self) -> bool {
        (
            &self.byted_token,
            &self.h5_link,
            &self.callback_url,
            self.created_at,
            self.expires_at,
        ) == (
            &other.byted_token,
            &other.h5_link,
            &other.callback_url,
            other.created_at,
            other.expires_at,
        )
    }
}

impl Eq for ValidationSession {}

impl ValidationSession {
    /// Whether the H5 link has expired by now.
    pub fn is_expired(&self) -> bool {
        Utc::now() >= self.expires_at
    }

    /// The H5 link with its `lng` parameter set (added or replaced) to `language`.
    pub fn h5_link_for(&self, language: Language) -> Result<String, Error> {
        let mut link = url::Url::parse(&self.h5_link).map_err(|e| Error::Decode {
            http_status: 200,
            reason: format!("H5Link is not a URL: {e}"),
            snippet: String::new(),
            request_id: None,
        })?;
        let kept: Vec<(String, String)> = link
            .query_pairs()
            .filter(|(k, _)| k != "lng")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        link.query_pairs_mut()
            .clear()
            .extend_pairs(kept)
            .append_pair("lng", language.as_str());
        Ok(link.into())
    }

    /// Checks a callback URL (or query) against this session: same token and passed.
    pub fn verify_callback(&self, url_or_query: &str) -> Result<crate::CallbackResult, Error> {
        crate::callback::verify_callback(url_or_query, Some(&self.byted_token))
    }
}

impl fmt::Debug for ValidationSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValidationSession")
            .field("byted_token", &redact::token(&self.byted_token))
            .field("h5_link", &redact::url(&self.h5_link))
            .field("callback_url", &redact::url(&self.callback_url))
            .field("created_at", &self.created_at)
            .field("expires_at", &self.expires_at)
            .field("request_id", &self.request_id)
            .finish()
    }
}

/// The answer of step 2: the asset group bound to the validated person.
///
/// Equality and hash ignore `request_id`: the same group read twice is the same result.
#[derive(Debug, Clone)]
pub struct ValidationResult {
    /// The group id; keep it, it cannot be recovered.
    pub group_id: String,
    /// The service's id of the answer, for support requests.
    pub request_id: Option<String>,
}

impl PartialEq for ValidationResult {
    fn eq(&self, other: &Self) -> bool {
        self.group_id == other.group_id
    }
}

impl Eq for ValidationResult {}

impl Hash for ValidationResult {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.group_id.hash(state);
    }
}

/// Arguments of step 3, `upload_asset`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadAsset {
    /// A label for the asset (search only, never used in inference).
    pub name: String,
    /// The media kind.
    pub asset_type: AssetType,
    /// A public http(s) URL the service downloads the file from (empty when `file` is set).
    pub asset_url: String,
    /// A local file to stage in the client's bucket and upload from there, instead of
    /// `asset_url` (see [`crate::staging`]).
    pub file: Option<std::path::PathBuf>,
    /// The validated person's group; required for real-person assets.
    pub group_id: Option<String>,
    /// The journal key of this upload (with a journal attached); default: derived from the
    /// group, the name and the URL without its query string (for a file: its staged URL,
    /// which is named by the content's SHA-256).
    pub key: Option<String>,
    /// Send it even if an earlier upload under the same key may have reached the service.
    pub allow_duplicate: bool,
    /// Preflight it first and refuse it (`Preflight`) if it fails, before any upload request.
    pub preflight: bool,
}

impl UploadAsset {
    /// An upload request without a group.
    pub fn new(name: impl Into<String>, asset_type: AssetType, asset_url: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            asset_type,
            asset_url: asset_url.into(),
            file: None,
            group_id: None,
            key: None,
            allow_duplicate: false,
            preflight: false,
        }
    }

    /// An upload of the local file at `path`, staged first (see [`crate::staging`]).
    pub fn from_file(
        name: impl Into<String>,
        asset_type: AssetType,
        path: impl Into<std::path::PathBuf>,
    ) -> Self {
        Self {
            file: Some(path.into()),
            ..Self::new(name, asset_type, "")
        }
    }

    /// The same request, preflighted first (see [`UploadAsset::preflight`]).
    pub fn with_preflight(mut self) -> Self {
        self.preflight = true;
        self
    }

    /// The same request under the caller's journal key.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    /// The same request, sent even if an earlier one under its key may have reached the service.
    pub fn allow_duplicate(mut self, allow: bool) -> Self {
        self.allow_duplicate = allow;
        self
    }

    /// The same request bound to a validated person's group.
    pub fn group_id(mut self, group_id: impl Into<String>) -> Self {
        self.group_id = Some(group_id.into());
        self
    }
}

/// The answer of step 3: the new asset's id.
///
/// Equality and hash ignore `request_id`: it names the answer, not the asset.
#[derive(Debug, Clone)]
pub struct UploadedAsset {
    /// The asset id; keep it, the service does not list assets.
    pub asset_id: String,
    /// The service's id of the answer, for support requests.
    pub request_id: Option<String>,
}

impl PartialEq for UploadedAsset {
    fn eq(&self, other: &Self) -> bool {
        self.asset_id == other.asset_id
    }
}

impl Eq for UploadedAsset {}

impl Hash for UploadedAsset {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.asset_id.hash(state);
    }
}

impl UploadedAsset {
    /// The reference to use in generation requests, `asset://<id>`.
    pub fn reference(&self) -> String {
        asset_reference(&self.asset_id)
    }
}

/// An asset as `asset-info` reports it.
///
/// Equality ignores `request_id`: the same asset seen twice in the same state is equal.
#[derive(Debug, Clone)]
pub struct Asset {
    /// The asset id.
    pub asset_id: String,
    /// The label given at upload.
    pub name: Option<String>,
    /// The media kind, when the service sent a known one.
    pub asset_type: Option<AssetType>,
    /// The review status.
    pub status: AssetStatus,
    /// When the asset was created.
    pub create_time: Option<DateTime<Utc>>,
    /// When the asset last changed.
    pub update_time: Option<DateTime<Utc>>,
    /// The failure code (e.g. `FaceMismatch`), when the service sent one.
    pub error_code: Option<String>,
    /// The failure message, when the service sent one.
    pub error_message: Option<String>,
    /// The `data` object exactly as received, unknown fields included.
    pub raw: serde_json::Map<String, serde_json::Value>,
    /// The service's id of the answer this state came from, for support requests.
    pub request_id: Option<String>,
}

impl PartialEq for Asset {
    fn eq(&self, other: &Self) -> bool {
        fn fields(a: &Asset) -> impl PartialEq + '_ {
            (
                (&a.asset_id, &a.name, a.asset_type, &a.status),
                (a.create_time, a.update_time, &a.error_code, &a.error_message),
                &a.raw,
            )
        }
        fields(self) == fields(other)
    }
}

impl Asset {
    /// The reference to use in generation requests, `asset://<id>`.
    pub fn reference(&self) -> String {
        asset_reference(&self.asset_id)
    }

    /// Whether the asset is usable.
    pub fn is_active(&self) -> bool {
        self.status == AssetStatus::Active
    }

    pub(crate) fn error_summary(&self) -> String {
        match (&self.error_code, &self.error_message) {
            (Some(c), Some(m)) => format!("{c}: {m}"),
            (Some(c), None) => c.clone(),
            (None, Some(m)) => m.clone(),
            (None, None) => "no reason given".to_string(),
        }
    }
}

fn asset_reference(asset_id: &str) -> String {
    format!("asset://{asset_id}")
}
