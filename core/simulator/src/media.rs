//! Media files the simulator serves as an asset host would (for preflight tests): the files,
//! and how many bytes of each were sent, so a test can assert a large file was read only partly.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::locking::lock;

/// One served file.
#[derive(Debug, Clone)]
pub(crate) struct MediaFile {
    pub bytes: Arc<Vec<u8>>,
    pub content_type: &'static str,
}

/// The files by name, and the body bytes sent per request path.
#[derive(Debug, Default)]
pub(crate) struct MediaStore {
    files: Mutex<HashMap<String, MediaFile>>,
    served: Mutex<HashMap<String, u64>>,
}

impl MediaStore {
    /// Serves `bytes` under `name` (replacing a file of that name).
    pub(crate) fn add(&self, name: &str, bytes: Vec<u8>) {
        let file = MediaFile {
            bytes: Arc::new(bytes),
            content_type: content_type(name),
        };
        lock(&self.files).insert(name.to_string(), file);
    }

    pub(crate) fn get(&self, name: &str) -> Option<MediaFile> {
        lock(&self.files).get(name).cloned()
    }

    /// Counts `bytes` of body sent for the request path `path`.
    pub(crate) fn count(&self, path: &str, bytes: u64) {
        *lock(&self.served).entry(path.to_string()).or_default() += bytes;
    }

    /// Body bytes sent per request path since the start (or the last reset).
    pub(crate) fn served(&self) -> HashMap<String, u64> {
        lock(&self.served).clone()
    }

    pub(crate) fn reset(&self) {
        lock(&self.served).clear();
    }
}

/// The `Content-Type` an asset host would send for a file name.
fn content_type(name: &str) -> &'static str {
    let extension = name.rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
    match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "gif" => "image/gif",
        "heic" | "heif" => "image/heic",
        "mp4" => "video/mp4",
        "mov" => "video/quicktime",
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        _ => "application/octet-stream",
    }
}
