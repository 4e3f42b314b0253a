//! Sessions, groups and assets, and the rules that move them between states.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{json, Map, Value};

use crate::config::TimeFormat;
use crate::envelope::ApiError;
use crate::error::SimulatorError;
use crate::failures::FailureKind;
use crate::ids;
use crate::records::AssetRecord;
use crate::times;

/// Where a validation session is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Progress {
    /// Created; the H5 page has not been completed.
    Pending,
    /// The H5 page was completed with this outcome; not yet exchanged.
    Completed { passed: bool },
    /// A passed session whose token was exchanged for a GroupId (single use).
    Exchanged,
}

/// One visual-validate session.
#[derive(Debug)]
struct Session {
    callback_url: String,
    created: Instant,
    progress: Progress,
}

/// What a Processing asset turns into once its delay has elapsed.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    Active,
    Failed(FailureKind),
}

/// A status forced through the control API.
#[derive(Debug)]
struct Forced {
    status: String,
    at: DateTime<Utc>,
}

/// One uploaded asset; its status is computed lazily on read.
#[derive(Debug)]
struct Asset {
    name: String,
    asset_url: String,
    asset_type: String,
    created_at: DateTime<Utc>,
    created: Instant,
    delay: Duration,
    outcome: Outcome,
    forced: Option<Forced>,
    /// Download mode is still fetching its URL: it stays Processing until that ends.
    downloading: bool,
}

impl Asset {
    /// Its status as of now (forced, or its outcome once its delay has elapsed) and when it
    /// last changed.
    fn status(&self) -> (&str, DateTime<Utc>) {
        match &self.forced {
            Some(forced) => (forced.status.as_str(), forced.at),
            None if self.downloading => ("Processing", self.created_at),
            None if self.created.elapsed() >= self.delay => {
                let status = match self.outcome {
                    Outcome::Active => "Active",
                    Outcome::Failed(_) => "Failed",
                };
                let delay = TimeDelta::from_std(self.delay).unwrap_or(TimeDelta::zero());
                (status, self.created_at + delay)
            }
            None => ("Processing", self.created_at),
        }
    }
}

/// A validated asset-upload request.
#[derive(Debug)]
pub(crate) struct NewAsset {
    /// Asset name.
    pub(crate) name: String,
    /// `Image`, `Video` or `Audio`.
    pub(crate) asset_type: String,
    /// The source URL (its text decides the simulated outcome).
    pub(crate) asset_url: String,
    /// The GroupId, when given.
    pub(crate) group_id: Option<String>,
}

/// Appends the H5 result parameters to a callback URL, keeping its existing query.
fn callback_with_result(callback_url: &str, token: &str, passed: bool) -> String {
    let (result_code, algo_code, measure) = if passed {
        ("10000", "0", "1")
    } else {
        ("10001", "-1101", "0")
    };
    let params = [
        ("bytedToken", token),
        ("resultCode", result_code),
        ("algorithmBaseRespCode", algo_code),
        ("reqMeasureInfoValue", measure),
        ("verify_type", "real_time"),
    ];
    match url::Url::parse(callback_url) {
        Ok(mut url) => {
            url.query_pairs_mut().extend_pairs(params);
            url.into()
        }
        Err(_) => {
            // Only validated URLs are stored, so this is a best-effort fallback.
            let query: String = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(params)
                .finish();
            let sep = if callback_url.contains('?') { '&' } else { '?' };
            format!("{callback_url}{sep}{query}")
        }
    }
}

/// All mutable simulator data, kept behind one lock.
#[derive(Debug, Default)]
pub(crate) struct State {
    sessions: HashMap<String, Session>,
    groups: HashSet<String>,
    assets: HashMap<String, Asset>,
}

impl State {
    /// Number of sessions ever created.
    pub(crate) fn session_count(&self) -> usize {
        self.sessions.len()
    }

    /// Number of assets ever created.
    pub(crate) fn asset_count(&self) -> usize {
        self.assets.len()
    }

    /// Creates a pending session and returns its BytedToken.
    pub(crate) fn create_session(&mut self, callback_url: String) -> String {
        let mut token = ids::byted_token(Utc::now());
        while self.sessions.contains_key(&token) {
            token = ids::byted_token(Utc::now());
        }
        let session = Session {
            callback_url,
            created: Instant::now(),
            progress: Progress::Pending,
        };
        self.sessions.insert(token.clone(), session);
        token
    }

    /// Checks that a session can still be completed in the H5 page.
    pub(crate) fn check_open(&self, token: &str, link_ttl: Duration) -> Result<(), SimulatorError> {
        let session = self
            .sessions
            .get(token)
            .ok_or_else(|| SimulatorError::UnknownToken(token.to_owned()))?;
        if session.progress != Progress::Pending {
            return Err(SimulatorError::AlreadyCompleted(token.to_owned()));
        }
        if session.created.elapsed() > link_ttl {
            return Err(SimulatorError::Expired(token.to_owned()));
        }
        Ok(())
    }

    /// Completes a session as the H5 page would and returns the callback redirect URL.
    pub(crate) fn complete(
        &mut self,
        token: &str,
        passed: bool,
        link_ttl: Duration,
    ) -> Result<String, SimulatorError> {
        self.check_open(token, link_ttl)?;
        let session = self
            .sessions
            .get_mut(token)
            .ok_or_else(|| SimulatorError::UnknownToken(token.to_owned()))?;
        session.progress = Progress::Completed { passed };
        Ok(callback_with_result(&session.callback_url, token, passed))
    }

    /// Exchanges a passed session's token for a new GroupId, consuming the token.
    pub(crate) fn exchange(&mut self, token: &str, link_ttl: Duration) -> Result<String, ApiError> {
        let session = self
            .sessions
            .get_mut(token)
            .ok_or(ApiError::not_found("byted_token not found"))?;
        match session.progress {
            Progress::Pending if session.created.elapsed() > link_ttl => {
                Err(ApiError::unprocessable("byted_token expired"))
            }
            Progress::Pending => Err(ApiError::unprocessable("validation not completed")),
            Progress::Completed { passed: false } => Err(ApiError::unprocessable("validation failed")),
            Progress::Exchanged => Err(ApiError::unprocessable("byted_token already used")),
            Progress::Completed { passed: true } => {
                session.progress = Progress::Exchanged;
                let mut group = ids::group_id(Utc::now());
                while self.groups.contains(&group) {
                    group = ids::group_id(Utc::now());
                }
                self.groups.insert(group.clone());
                Ok(group)
            }
        }
    }

    /// Creates an asset that resolves after `delay`; returns its AssetId. Its outcome is the
    /// failure its URL's keyword forces, else what `draw_failure` says (asked only then, and
    /// only once the upload is sure to take effect).
    pub(crate) fn create_asset(
        &mut self,
        new: NewAsset,
        delay: Duration,
        download: bool,
        draw_failure: impl FnOnce() -> Option<FailureKind>,
    ) -> Result<String, ApiError> {
        if let Some(group) = &new.group_id {
            if !self.groups.contains(group) {
                return Err(ApiError::not_found("group_id not found"));
            }
        }
        let now = Utc::now();
        let mut id = ids::asset_id(now);
        while self.assets.contains_key(&id) {
            id = ids::asset_id(now);
        }
        let failure = FailureKind::forced_by(&new.asset_url).or_else(draw_failure);
        let asset = Asset {
            outcome: failure.map_or(Outcome::Active, Outcome::Failed),
            name: new.name,
            asset_url: new.asset_url,
            asset_type: new.asset_type,
            created_at: now,
            created: Instant::now(),
            delay,
            forced: None,
            // An outcome forced by a keyword needs no fetch to know it.
            downloading: download && failure.is_none(),
        };
        self.assets.insert(id.clone(), asset);
        Ok(id)
    }

    /// Whether download mode is still fetching asset `id`'s URL.
    pub(crate) fn is_downloading(&self, id: &str) -> bool {
        self.assets.get(id).is_some_and(|asset| asset.downloading)
    }

    /// Download mode fetched asset `id`'s URL: media (`ok`) leaves its outcome, anything else
    /// fails it with `DownloadFailed`. It turns no earlier than its delay, nor before now.
    pub(crate) fn downloaded(&mut self, id: &str, ok: bool) {
        let Some(asset) = self.assets.get_mut(id) else {
            return;
        };
        asset.downloading = false;
        asset.delay = asset.delay.max(asset.created.elapsed());
        if !ok {
            asset.outcome = Outcome::Failed(FailureKind::DownloadFailed);
        }
    }

    /// Every asset as of now, as the simulator's own record for checking clients.
    pub(crate) fn asset_records(&self) -> Vec<AssetRecord> {
        self.assets
            .iter()
            .map(|(id, asset)| {
                let status = asset.status().0;
                let failure = match asset.outcome {
                    Outcome::Failed(kind) if status == "Failed" => Some(kind),
                    _ => None,
                };
                AssetRecord {
                    asset_id: id.clone(),
                    name: asset.name.clone(),
                    asset_url: asset.asset_url.clone(),
                    status: status.to_string(),
                    error_code: failure.map(|kind| kind.code().to_string()),
                }
            })
            .collect()
    }

    /// The asset-info `data` object for an asset, as of now.
    pub(crate) fn asset_info(&self, id: &str, format: TimeFormat) -> Result<Value, ApiError> {
        let asset = self
            .assets
            .get(id)
            .ok_or(ApiError::not_found("asset not found"))?;
        let (status, updated) = asset.status();
        let mut data = Map::with_capacity(7);
        data.insert("AssetId".into(), Value::from(id));
        data.insert("Name".into(), Value::from(asset.name.as_str()));
        data.insert("AssetType".into(), Value::from(asset.asset_type.as_str()));
        data.insert("Status".into(), Value::from(status));
        data.insert("CreateTime".into(), times::render(asset.created_at, format));
        data.insert("UpdateTime".into(), times::render(updated, format));
        if status == "Failed" {
            let (code, message) = match asset.outcome {
                Outcome::Failed(kind) => (kind.code(), kind.message()),
                Outcome::Active => ("InternalError", "Asset processing failed."),
            };
            data.insert("Error".into(), json!({"Code": code, "Message": message}));
        }
        Ok(Value::Object(data))
    }

    /// Forces an asset's status to any string from now on.
    pub(crate) fn force_status(&mut self, id: &str, status: &str) -> Result<(), SimulatorError> {
        let asset = self
            .assets
            .get_mut(id)
            .ok_or_else(|| SimulatorError::UnknownAsset(id.to_owned()))?;
        asset.forced = Some(Forced {
            status: status.to_owned(),
            at: Utc::now(),
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_keeps_existing_query() {
        let url = callback_with_result("https://example.com/cb?x=1#frag", "TOK", true);
        assert_eq!(
            url,
            "https://example.com/cb?x=1&bytedToken=TOK&resultCode=10000&algorithmBaseRespCode=0\
             &reqMeasureInfoValue=1&verify_type=real_time#frag"
        );
    }

    #[test]
    fn token_is_single_use() {
        let mut state = State::default();
        let token = state.create_session("https://example.com/cb".into());
        assert!(state.exchange(&token, Duration::from_secs(120)).is_err());
        assert!(state.complete(&token, true, Duration::from_secs(60)).is_ok());
        assert!(state.exchange(&token, Duration::from_secs(120)).is_ok());
        assert_eq!(
            state
                .exchange(&token, Duration::from_secs(120))
                .map_err(|e| e.message),
            Err("byted_token already used".into())
        );
    }
}
