//! A folder turned into onboarding items: every media file in it, its type read from its
//! content; everything else listed with the reason it was left out.

use std::path::{Path, PathBuf};

use super::local::LocalFile;
use crate::client::Client;
use crate::errors::Error;
use crate::onboard::OnboardItem;

/// Entries of one folder read at most (a folder of a person's photos has a few dozen).
const MAX_ENTRIES: usize = 10_000;

/// A file of a folder that is not an item, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFile {
    /// The file.
    pub path: PathBuf,
    /// Why it was left out (not media, unreadable, too large, a folder, …).
    pub reason: String,
}

/// What a folder holds: its media files as onboarding items, and the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderItems {
    /// One item per media file, named after the file (without its extension), in name order.
    pub items: Vec<OnboardItem>,
    /// Every other entry, in name order.
    pub skipped: Vec<SkippedFile>,
}

impl FolderItems {
    /// The items, or `InvalidArgument` (field `dir`) naming every file left out: for callers
    /// that want a folder of media and nothing else.
    pub fn all_media(self) -> Result<Vec<OnboardItem>, Error> {
        if self.skipped.is_empty() {
            return Ok(self.items);
        }
        let list: Vec<String> = self
            .skipped
            .iter()
            .map(|s| format!("{} ({})", s.path.display(), s.reason))
            .collect();
        Err(Error::invalid(
            "dir",
            format!("holds files that are not media: {}", list.join("; ")),
        ))
    }
}

impl Client {
    /// The onboarding items of the folder `dir`, read off the async runtime: each media file
    /// as an item with `file` set. Other files refuse the folder (`InvalidArgument`, field
    /// `dir`, naming each) unless `skip_other_files`, which leaves them out. The bindings'
    /// `folder_assets` / `folderAssets`.
    pub async fn folder_assets(
        &self,
        dir: impl AsRef<Path>,
        skip_other_files: bool,
    ) -> Result<Vec<OnboardItem>, Error> {
        let client = self.clone();
        let dir = dir.as_ref().to_path_buf();
        let found = tokio::task::spawn_blocking(move || client.folder_items(dir))
            .await
            .map_err(|e| Error::invalid("dir", format!("reading the folder stopped: {e}")))??;
        if skip_other_files {
            Ok(found.items)
        } else {
            found.all_media()
        }
    }

    /// The onboarding items of the folder `dir` (not its subfolders): each media file as an
    /// item with `file` set and its asset type read from its content. `InvalidArgument` (field
    /// `dir`) if it is not a readable folder or holds no media file.
    pub fn folder_items(&self, dir: impl AsRef<Path>) -> Result<FolderItems, Error> {
        let dir = dir.as_ref();
        let shown = dir.display();
        let entries = std::fs::read_dir(dir)
            .map_err(|e| Error::invalid("dir", format!("{shown}: {}", super::local::io_reason(&e))))?;
        let mut paths = Vec::new();
        for entry in entries.take(MAX_ENTRIES + 1) {
            let entry = entry.map_err(|e| Error::invalid("dir", format!("{shown}: {e}")))?;
            paths.push(entry.path());
        }
        if paths.len() > MAX_ENTRIES {
            return Err(Error::invalid(
                "dir",
                format!("{shown} holds more than {MAX_ENTRIES} entries"),
            ));
        }
        paths.sort();
        let profile = self.profile();
        let mut folder = FolderItems {
            items: Vec::new(),
            skipped: Vec::new(),
        };
        for path in paths {
            match LocalFile::inspect("file", &path, &profile) {
                Ok(file) => {
                    let name = path
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_else(|| file.format.clone());
                    folder
                        .items
                        .push(OnboardItem::from_file(name, &path, file.asset_type));
                }
                Err(Error::InvalidArgument { reason, .. }) => {
                    let prefix = format!("{}", path.display());
                    let reason = reason
                        .strip_prefix(&prefix)
                        .map(|r| r.trim_start_matches([':', ' ']).to_string())
                        .unwrap_or(reason);
                    folder.skipped.push(SkippedFile { path, reason });
                }
                Err(other) => return Err(other),
            }
        }
        if folder.items.is_empty() {
            return Err(Error::invalid(
                "dir",
                format!("{shown} holds no image, video or audio file"),
            ));
        }
        Ok(folder)
    }
}
