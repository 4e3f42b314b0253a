//! A local file about to be staged: that it exists, can be read, is media within upstream's
//! largest limit, and its content hash. Nothing here touches the network.

use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tokio::io::AsyncReadExt;

use crate::errors::Error;
use crate::models::AssetType;
use crate::preflight::{Profile, HEAD_BYTES};

/// Bytes read at a time while hashing or uploading.
pub(crate) const READ_CHUNK: usize = 1024 * 1024;

/// What a local file is, read from its first bytes and its metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalFile {
    /// The path as given.
    pub path: PathBuf,
    /// Its size in bytes.
    pub size: u64,
    /// The asset type its content says it is.
    pub asset_type: AssetType,
    /// The lower-case format read from its first bytes (`png`, `jpeg`, `mp4`, `wav`, …), also
    /// the extension of its staged copy.
    pub format: String,
}

impl LocalFile {
    /// Inspects `path` (the argument `field`): a clear `InvalidArgument` naming the field and the
    /// path if it is missing, not a regular file, unreadable, larger than upstream's largest
    /// asset limit in `profile`, or not an image, video or audio file.
    pub fn inspect(field: &'static str, path: &Path, profile: &Profile) -> Result<LocalFile, Error> {
        let shown = path.display();
        let metadata = std::fs::metadata(path)
            .map_err(|e| Error::invalid(field, format!("{shown}: {}", io_reason(&e))))?;
        if !metadata.is_file() {
            let what = if metadata.is_dir() {
                "a directory"
            } else {
                "not a regular file"
            };
            return Err(Error::invalid(
                field,
                format!("{shown} is {what}, not a media file"),
            ));
        }
        let size = metadata.len();
        let largest = largest_limit(profile);
        if size > largest {
            return Err(Error::invalid(
                field,
                format!(
                    "{shown} is {size} bytes, larger than upstream accepts for any asset ({largest} bytes)"
                ),
            ));
        }
        let mut head = Vec::with_capacity(HEAD_BYTES as usize);
        std::fs::File::open(path)
            .and_then(|file| file.take(HEAD_BYTES).read_to_end(&mut head))
            .map_err(|e| Error::invalid(field, format!("{shown} cannot be read: {}", io_reason(&e))))?;
        let (family, format) = crate::preflight::sniff(&head);
        let Some(asset_type) = family else {
            return Err(Error::invalid(
                field,
                format!("{shown} is not an image, video or audio file (its content looks like {format})"),
            ));
        };
        let limit = profile.limits(asset_type).max_bytes.map(|r| r.lenient() as u64);
        if let Some(limit) = limit.filter(|limit| size > *limit) {
            return Err(Error::invalid(
                field,
                format!(
                    "{shown} is {size} bytes, larger than upstream accepts for {} ({limit} bytes)",
                    asset_type.as_str().to_ascii_lowercase()
                ),
            ));
        }
        Ok(LocalFile {
            path: path.to_path_buf(),
            size,
            asset_type,
            format,
        })
    }

    /// The SHA-256 of the file's content (lower-case hex), read in chunks; `InvalidArgument` if
    /// it changed size while read or cannot be read.
    pub async fn sha256(&self, field: &'static str) -> Result<String, Error> {
        let shown = self.path.display();
        let unreadable =
            |e: std::io::Error| Error::invalid(field, format!("{shown} cannot be read: {}", io_reason(&e)));
        let mut file = tokio::fs::File::open(&self.path).await.map_err(unreadable)?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; READ_CHUNK];
        let mut read: u64 = 0;
        loop {
            let n = file.read(&mut buffer).await.map_err(unreadable)?;
            if n == 0 {
                break;
            }
            read += n as u64;
            if read > self.size {
                break;
            }
            hasher.update(&buffer[..n]);
        }
        if read != self.size {
            return Err(Error::invalid(
                field,
                format!("{shown} changed while it was read"),
            ));
        }
        Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// The largest size upstream accepts for any asset type (the bound for reading a file at all).
pub(crate) fn largest_limit(profile: &Profile) -> u64 {
    [AssetType::Image, AssetType::Video, AssetType::Audio]
        .iter()
        .filter_map(|t| profile.limits(*t).max_bytes.map(|r| r.lenient() as u64))
        .max()
        .unwrap_or(u64::MAX)
}

/// An I/O error in words, without repeating the path.
pub(crate) fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}
