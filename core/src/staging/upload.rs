//! Uploads of local files: checked, preflighted on disk, staged, then uploaded by URL.

use std::path::Path;

use super::local::LocalFile;
use super::StagedFile;
use crate::client::Client;
use crate::errors::Error;
use crate::models::{AssetType, UploadAsset, UploadedAsset};

impl Client {
    /// `upload_asset` of `request.file`: nothing is staged or sent unless the file is media of
    /// the stated type (and passes preflight when asked), and nothing is sent upstream unless
    /// it was staged.
    pub(crate) async fn upload_file(
        &self,
        request: &UploadAsset,
        path: &Path,
    ) -> Result<UploadedAsset, Error> {
        if !request.asset_url.is_empty() {
            return Err(Error::invalid(
                "asset_url",
                "give either asset_url or file, not both",
            ));
        }
        // Refused before the file is staged, as `upload_counted` would refuse it after.
        self.check_key_has_journal(request)?;
        if let Some(key) = &request.key {
            crate::validate::label("key", key)?;
        }
        let staged = self
            .stage_checked(path, request.asset_type, request.preflight)
            .await?;
        let mut upload = request.clone();
        upload.file = None;
        upload.asset_url = staged.url;
        self.upload_counted(&upload, true)
            .await
            .map(|(uploaded, _)| uploaded)
    }

    /// Stages the file at `path` after checking it is media of `asset_type` (and, with
    /// `preflight`, that it passes preflight); the staging bucket must be configured first.
    pub(crate) async fn stage_checked(
        &self,
        path: &Path,
        asset_type: AssetType,
        preflight: bool,
    ) -> Result<StagedFile, Error> {
        let file = self.check_local_file(path, asset_type)?;
        let staging = self.staging()?;
        if preflight {
            self.refuse_failing_file(path, asset_type).await?;
        }
        staging.stage_inspected(&file).await
    }

    /// The file at `path`, checked to be media of `asset_type` (its head read; no network).
    pub(crate) fn check_local_file(&self, path: &Path, asset_type: AssetType) -> Result<LocalFile, Error> {
        let file = LocalFile::inspect("file", path, &self.profile())?;
        if file.asset_type != asset_type {
            return Err(Error::invalid(
                "asset_type",
                format!(
                    "{} but {} is {} ({})",
                    asset_type.as_str(),
                    path.display(),
                    file.asset_type.as_str(),
                    file.format
                ),
            ));
        }
        Ok(file)
    }
}

/// The asset type the content of the file at `path` says it is (for callers that leave the
/// type out); `InvalidArgument` (field `file`) if it is missing, unreadable or not media.
pub fn asset_type_of(path: impl AsRef<Path>) -> Result<AssetType, Error> {
    LocalFile::inspect("file", path.as_ref(), &crate::preflight::Profile::published()).map(|f| f.asset_type)
}

/// The asset type of an upload or an onboarding item: the one given, else (for a local file)
/// the one its content says; `InvalidArgument` (field `asset_type`) when neither is there.
pub fn resolve_asset_type(given: Option<AssetType>, file: Option<&Path>) -> Result<AssetType, Error> {
    match (given, file) {
        (Some(asset_type), _) => Ok(asset_type),
        (None, Some(path)) => asset_type_of(path),
        (None, None) => Err(Error::invalid(
            "asset_type",
            "is missing (it may be left out only with a local file)",
        )),
    }
}
