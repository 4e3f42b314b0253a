//! The models as plain JS objects (camelCase fields, `Date` times), and the session and
//! callback helpers the JS layer attaches to them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use napi::Env;
use napi_derive::napi;
use seedance_assets as core;
use serde::Serialize;

use crate::errors::thrown;

/// Step 1's answer. The JS layer wraps it in a class with `verifyCallback`, `h5LinkFor`,
/// `isExpired`.
#[napi(object)]
pub struct ValidationSession {
    pub byted_token: String,
    pub h5_link: String,
    pub callback_url: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub request_id: Option<String>,
}

impl From<core::ValidationSession> for ValidationSession {
    fn from(s: core::ValidationSession) -> Self {
        Self {
            byted_token: s.byted_token,
            h5_link: s.h5_link,
            callback_url: s.callback_url,
            created_at: s.created_at,
            expires_at: s.expires_at,
            request_id: s.request_id,
        }
    }
}

impl From<ValidationSession> for core::ValidationSession {
    fn from(s: ValidationSession) -> Self {
        Self {
            byted_token: s.byted_token,
            h5_link: s.h5_link,
            callback_url: s.callback_url,
            created_at: s.created_at,
            expires_at: s.expires_at,
            request_id: s.request_id,
        }
    }
}

/// The query parameters of a validation callback.
#[napi(object)]
pub struct CallbackResult {
    pub byted_token: String,
    pub result_code: String,
    pub algorithm_base_resp_code: Option<String>,
    pub verify_type: Option<String>,
    pub passed: bool,
    pub extra: BTreeMap<String, String>,
}

impl From<core::CallbackResult> for CallbackResult {
    fn from(c: core::CallbackResult) -> Self {
        Self {
            passed: c.passed(),
            byted_token: c.byted_token,
            result_code: c.result_code,
            algorithm_base_resp_code: c.algorithm_base_resp_code,
            verify_type: c.verify_type,
            extra: c.extra,
        }
    }
}

/// A folder's media file as an onboarding item (`folderAssets`).
#[napi(object)]
pub struct FolderAsset {
    pub name: String,
    #[napi(ts_type = "'Image' | 'Video' | 'Audio'")]
    pub asset_type: String,
    pub file: Option<String>,
}

impl From<core::OnboardItem> for FolderAsset {
    fn from(item: core::OnboardItem) -> Self {
        Self {
            name: item.name,
            asset_type: item.asset_type.as_str().to_string(),
            file: item.file.map(|f| f.to_string_lossy().into_owned()),
        }
    }
}

/// Step 2's answer.
#[napi(object)]
pub struct ValidationResult {
    pub group_id: String,
    pub request_id: Option<String>,
}

impl From<core::ValidationResult> for ValidationResult {
    fn from(r: core::ValidationResult) -> Self {
        Self {
            group_id: r.group_id,
            request_id: r.request_id,
        }
    }
}

/// Step 3's answer.
#[napi(object)]
pub struct UploadedAsset {
    pub asset_id: String,
    pub reference: String,
    pub request_id: Option<String>,
}

impl From<core::UploadedAsset> for UploadedAsset {
    fn from(u: core::UploadedAsset) -> Self {
        Self {
            reference: u.reference(),
            asset_id: u.asset_id,
            request_id: u.request_id,
        }
    }
}

/// The kind of an asset: `'Image' | 'Video' | 'Audio'` in the generated declarations.
#[napi(string_enum)]
#[derive(Clone, Copy, Serialize)]
pub enum AssetType {
    Image,
    Video,
    Audio,
}

impl From<core::AssetType> for AssetType {
    fn from(t: core::AssetType) -> Self {
        match t {
            core::AssetType::Image => Self::Image,
            core::AssetType::Video => Self::Video,
            core::AssetType::Audio => Self::Audio,
        }
    }
}

/// Step 4's answer. Its JSON form (camelCase, absent fields left out, times as ISO strings) is
/// what [`asset_json`] writes and `lib/models.js` reads back into the same object.
#[napi(object)]
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Asset {
    pub asset_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub asset_type: Option<AssetType>,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_time: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_time: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    pub reference: String,
    pub raw: serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// `asset` as JSON text, written on the runtime's thread, for the operations that answer with an
/// asset (`getAsset`, `waitForAsset`): setting a dozen properties through N-API costs the JS
/// thread more than the rest of such a call there, one `JSON.parse` a fraction of it
/// (bench/PROFILE.md, "Asset as JSON").
pub(crate) fn asset_json(asset: core::Asset) -> Result<String, core::Error> {
    let request_id = asset.request_id.clone();
    // Strings, times and a JSON map have no value serde_json cannot write; were one ever added,
    // its answer would be an error rather than a panic.
    serde_json::to_string(&Asset::from(asset)).map_err(|error| core::Error::Decode {
        http_status: 200,
        reason: format!("the asset cannot be passed to JavaScript: {error}"),
        snippet: String::new(),
        request_id,
    })
}

impl From<&core::Asset> for Asset {
    fn from(a: &core::Asset) -> Self {
        Self {
            asset_id: a.asset_id.clone(),
            name: a.name.clone(),
            asset_type: a.asset_type.map(AssetType::from),
            status: a.status.as_str().to_string(),
            create_time: a.create_time,
            update_time: a.update_time,
            error_code: a.error_code.clone(),
            error_message: a.error_message.clone(),
            reference: a.reference(),
            raw: a.raw.clone(),
            request_id: a.request_id.clone(),
        }
    }
}

impl From<core::Asset> for Asset {
    /// Moves the fields (no copy of the `raw` map).
    fn from(a: core::Asset) -> Self {
        Self {
            reference: a.reference(),
            asset_type: a.asset_type.map(AssetType::from),
            status: a.status.as_str().to_string(),
            asset_id: a.asset_id,
            name: a.name,
            create_time: a.create_time,
            update_time: a.update_time,
            error_code: a.error_code,
            error_message: a.error_message,
            raw: a.raw,
            request_id: a.request_id,
        }
    }
}

/// Where an onboarded item ended: `'Active' | 'Failed' | 'Ambiguous' | 'Pending' | 'Rejected'`
/// (the core's `ItemStatus::as_str`).
#[napi(string_enum)]
#[derive(Clone, Copy)]
pub enum ItemStatus {
    Active,
    Failed,
    Ambiguous,
    Pending,
    Rejected,
}

impl From<core::ItemStatus> for ItemStatus {
    fn from(s: core::ItemStatus) -> Self {
        match s {
            core::ItemStatus::Active => Self::Active,
            core::ItemStatus::Failed => Self::Failed,
            core::ItemStatus::Ambiguous => Self::Ambiguous,
            core::ItemStatus::Pending => Self::Pending,
            core::ItemStatus::Rejected => Self::Rejected,
        }
    }
}

/// One item's outcome in an `OnboardingReport`: the item as requested and where it ended.
#[napi(object)]
#[derive(Clone)]
pub struct OnboardItemReport {
    pub name: String,
    pub asset_url: String,
    pub asset_type: AssetType,
    pub asset_id: Option<String>,
    pub status: ItemStatus,
    pub reference: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub key: Option<String>,
}

impl From<core::ItemReport> for OnboardItemReport {
    fn from(r: core::ItemReport) -> Self {
        Self {
            reference: r.reference(),
            status: r.status.into(),
            name: r.item.name,
            asset_url: r.item.asset_url,
            asset_type: r.item.asset_type.into(),
            asset_id: r.asset_id,
            error_code: r.error_code,
            error_message: r.error_message,
            key: r.item.key,
        }
    }
}

/// `onboard`'s answer: every item in the request's order, and the items again by status.
#[napi(object)]
pub struct OnboardingReport {
    pub group_id: String,
    pub items: Vec<OnboardItemReport>,
    pub uploads_sent: u32,
    pub rate_limited: u32,
    pub active: Vec<OnboardItemReport>,
    pub failed: Vec<OnboardItemReport>,
    pub ambiguous: Vec<OnboardItemReport>,
    pub pending: Vec<OnboardItemReport>,
    pub rejected: Vec<OnboardItemReport>,
}

impl From<core::OnboardingReport> for OnboardingReport {
    fn from(r: core::OnboardingReport) -> Self {
        let with = |status: core::ItemStatus| -> Vec<OnboardItemReport> {
            r.with_status(status)
                .into_iter()
                .cloned()
                .map(OnboardItemReport::from)
                .collect()
        };
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self {
            active: with(core::ItemStatus::Active),
            failed: with(core::ItemStatus::Failed),
            ambiguous: with(core::ItemStatus::Ambiguous),
            pending: with(core::ItemStatus::Pending),
            rejected: with(core::ItemStatus::Rejected),
            uploads_sent: count(r.uploads_sent),
            rate_limited: count(r.rate_limited),
            items: r.items.into_iter().map(OnboardItemReport::from).collect(),
            group_id: r.group_id,
        }
    }
}

/// Parses a callback URL or query; with `expected_token`, refuses one for another token.
#[napi(ts_return_type = "CallbackResult")]
pub fn parse_callback(
    env: &Env,
    url: String,
    expected_token: Option<String>,
) -> napi::Result<CallbackResult> {
    thrown(
        env,
        core::parse_callback(&url, expected_token.as_deref()).map(CallbackResult::from),
    )
}

/// Parses a callback and refuses it unless it passed (and names `expected_token`, when given).
#[napi(ts_return_type = "CallbackResult")]
pub fn verify_callback(
    env: &Env,
    url: String,
    expected_token: Option<String>,
) -> napi::Result<CallbackResult> {
    thrown(
        env,
        core::verify_callback(&url, expected_token.as_deref()).map(CallbackResult::from),
    )
}

/// `ValidationSession::verify_callback` of the core.
#[napi(ts_return_type = "CallbackResult")]
pub fn session_verify_callback(
    env: &Env,
    session: ValidationSession,
    url: String,
) -> napi::Result<CallbackResult> {
    let session = core::ValidationSession::from(session);
    thrown(env, session.verify_callback(&url).map(CallbackResult::from))
}

/// `ValidationSession::h5_link_for` of the core.
#[napi(ts_return_type = "string")]
pub fn session_h5_link_for(env: &Env, session: ValidationSession, language: String) -> napi::Result<String> {
    let link = language
        .parse::<core::Language>()
        .and_then(|language| core::ValidationSession::from(session).h5_link_for(language));
    thrown(env, link)
}

/// `ValidationSession::qr_svg` of the core: the H5 link as a QR code (an SVG document).
#[napi(ts_return_type = "string")]
pub fn session_qr_svg(env: &Env, session: ValidationSession) -> napi::Result<String> {
    thrown(env, core::ValidationSession::from(session).qr_svg())
}

/// `ValidationSession::is_expired` of the core.
#[napi]
pub fn session_is_expired(session: ValidationSession) -> bool {
    core::ValidationSession::from(session).is_expired()
}

/// A token shortened for display (`redact::token`).
#[napi]
pub fn redact_token(token: String) -> String {
    core::redact::token(&token)
}

/// A URL with its credential-bearing query values masked (`redact::url`).
#[napi]
pub fn redact_url(url: String) -> String {
    core::redact::url(&url)
}
