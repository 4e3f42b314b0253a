//! Download mode: each upload's asset URL is fetched as upstream fetches it, and the asset ends
//! `Failed` with `DownloadFailed` unless the answer is the media itself (an HTML share page, a
//! 403 from a bad signature or a 404 is not). Bounded in bytes, time and redirects.

use std::sync::Arc;
use std::time::Duration;

use crate::shared::Shared;

/// The most bytes read of one asset: more than upstream's largest limit (50 MB video).
pub const MAX_DOWNLOAD_BYTES: u64 = 64 * 1024 * 1024;
/// The longest one download may take, redirects included.
pub const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(30);
/// Redirects followed at most.
const MAX_REDIRECTS: usize = 5;

/// The HTTP client of download mode: no proxy, a few redirects, one overall timeout.
pub(crate) fn client() -> Result<reqwest::Client, reqwest::Error> {
    // reqwest is built without a crypto provider (core/src/tls.rs says why) and panics building
    // a client while the process has none; an error only means one is installed already.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
        .timeout(DOWNLOAD_TIMEOUT)
        .user_agent(concat!("seedance-simulator-download/", env!("CARGO_PKG_VERSION")))
        .build()
}

/// Downloads asset `id`'s `url` in the background and settles the asset with the result.
pub(crate) fn start(shared: &Arc<Shared>, id: String, url: String) {
    let Some(client) = shared.downloader.clone() else {
        return;
    };
    let shared = Arc::clone(shared);
    tokio::spawn(async move {
        let outcome = fetch(&client, &url).await;
        if let Err(reason) = &outcome {
            tracing::info!(target: "seedance_simulator::download", asset_id = %id, reason = %reason, "download failed");
        }
        shared.records.download(outcome.is_ok());
        shared.state().downloaded(&id, outcome.is_ok());
    });
}

/// Fetches `url` whole (within [`MAX_DOWNLOAD_BYTES`]): `Ok` when it answered 2xx with media.
async fn fetch(client: &reqwest::Client, url: &str) -> Result<(), String> {
    let mut response = client
        .get(url)
        .send()
        .await
        .map_err(|e| e.without_url().to_string())?;
    if !response.status().is_success() {
        return Err(format!("HTTP {}", response.status().as_u16()));
    }
    let mut head = Vec::new();
    let mut total: u64 = 0;
    while let Some(chunk) = response.chunk().await.map_err(|e| e.without_url().to_string())? {
        total += chunk.len() as u64;
        if total > MAX_DOWNLOAD_BYTES {
            return Err(format!("larger than {MAX_DOWNLOAD_BYTES} bytes"));
        }
        if head.len() < 64 {
            head.extend_from_slice(&chunk[..chunk.len().min(64 - head.len())]);
        }
    }
    if looks_like_media(&head) {
        Ok(())
    } else {
        Err("not an image, video or audio file".into())
    }
}

/// Whether a file's first bytes are one of the media formats upstream takes.
pub(crate) fn looks_like_media(head: &[u8]) -> bool {
    let starts = |magic: &[u8]| head.starts_with(magic);
    let at = |offset: usize, magic: &[u8]| head.get(offset..offset + magic.len()) == Some(magic);
    starts(b"\xFF\xD8\xFF")
        || starts(b"\x89PNG\r\n\x1A\n")
        || starts(b"GIF8")
        || starts(b"BM")
        || starts(b"II*\0")
        || starts(b"MM\0*")
        || (starts(b"RIFF") && (at(8, b"WEBP") || at(8, b"WAVE")))
        || at(4, b"ftyp")
        || starts(b"ID3")
        || (head.len() >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0)
}

#[cfg(test)]
mod tests {
    use super::looks_like_media;

    #[test]
    fn media_magic_is_recognised_and_pages_are_not() {
        assert!(looks_like_media(b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR"));
        assert!(looks_like_media(b"\0\0\0\x18ftypisom"));
        assert!(looks_like_media(b"RIFF\0\0\0\0WAVEfmt "));
        assert!(!looks_like_media(b"<!doctype html><html>"));
        assert!(!looks_like_media(b"<?xml version=\"1.0\"?><Error>"));
        assert!(!looks_like_media(b""));
    }
}
