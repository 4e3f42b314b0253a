//! The bucket side of staging, through `object_store`: HEAD, PUT (multipart for large files),
//! presigned GET, DELETE; its errors turned into ours without credentials or signatures.

use std::time::Duration;

use object_store::path::Path as ObjectPath;
use object_store::signer::Signer;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};
use tokio::io::AsyncReadExt;

use super::local::{LocalFile, READ_CHUNK};
use crate::errors::Error;

/// A store that can also sign URLs: S3 and Azure Blob Storage.
pub(crate) trait Bucket: ObjectStore + Signer {}

impl<T: ObjectStore + Signer> Bucket for T {}

/// Files up to this size are sent in one PUT; larger ones in parts of this size, so no more
/// than a few parts are in memory at once.
pub(crate) const PART_BYTES: usize = 8 * 1024 * 1024;
/// Parts of one file in flight at once.
const PART_CONCURRENCY: usize = 2;

/// Whether `key` is already in the bucket.
pub(crate) async fn exists(store: &dyn Bucket, key: &ObjectPath, location: &str) -> Result<bool, Error> {
    match store.head(key).await {
        Ok(_) => Ok(true),
        Err(object_store::Error::NotFound { .. }) => Ok(false),
        Err(error) => Err(staging_error(location, &error)),
    }
}

/// Puts the file's content under `key`.
pub(crate) async fn put(
    store: &dyn Bucket,
    key: &ObjectPath,
    file: &LocalFile,
    location: &str,
) -> Result<(), Error> {
    let shown = file.path.display();
    let unreadable = |e: std::io::Error| {
        Error::invalid(
            "file",
            format!("{shown} cannot be read: {}", super::local::io_reason(&e)),
        )
    };
    let mut reader = tokio::fs::File::open(&file.path)
        .await
        .map_err(unreadable)?
        .take(file.size);
    if file.size <= PART_BYTES as u64 {
        let mut body = Vec::with_capacity(file.size as usize);
        reader.read_to_end(&mut body).await.map_err(unreadable)?;
        store
            .put(key, PutPayload::from(body))
            .await
            .map_err(|e| staging_error(location, &e))?;
        return Ok(());
    }
    let upload = store
        .put_multipart(key)
        .await
        .map_err(|e| staging_error(location, &e))?;
    let mut writer = WriteMultipart::new_with_chunk_size(upload, PART_BYTES);
    let mut buffer = vec![0u8; READ_CHUNK];
    loop {
        let n = match reader.read(&mut buffer).await {
            Ok(n) => n,
            Err(e) => {
                // Best effort: an abandoned upload's parts would otherwise be kept (and billed).
                let _ = writer.abort().await;
                return Err(unreadable(e));
            }
        };
        if n == 0 {
            break;
        }
        if let Err(e) = writer.wait_for_capacity(PART_CONCURRENCY).await {
            let _ = writer.abort().await;
            return Err(staging_error(location, &e));
        }
        writer.write(&buffer[..n]);
    }
    writer.finish().await.map_err(|e| staging_error(location, &e))?;
    Ok(())
}

/// A GET URL of `key` valid for `ttl`, signed with the store's credentials.
pub(crate) async fn presign(
    store: &dyn Bucket,
    key: &ObjectPath,
    ttl: Duration,
    location: &str,
) -> Result<String, Error> {
    store
        .signed_url(object_store::signer::Method::GET, key, ttl)
        .await
        .map(String::from)
        .map_err(|e| staging_error(location, &e))
}

/// Deletes `key` (a staged copy no longer needed).
pub(crate) async fn delete(store: &dyn Bucket, key: &ObjectPath, location: &str) -> Result<(), Error> {
    match store.delete(key).await {
        Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
        Err(error) => Err(staging_error(location, &error)),
    }
}

/// A store error as a `Staging` error: what the bucket said, in words, never a credential or a
/// signature (object_store's own messages may quote a request URL).
pub(crate) fn staging_error(location: &str, error: &object_store::Error) -> Error {
    let reason = match error {
        object_store::Error::PermissionDenied { .. } | object_store::Error::Unauthenticated { .. } => {
            let settings = if location.starts_with("az://") {
                "AZURE_STORAGE_ACCOUNT_NAME / AZURE_STORAGE_ACCOUNT_KEY"
            } else {
                "AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY"
            };
            format!("the bucket refused the credentials (check {settings} and the bucket's policy)")
        }
        object_store::Error::NotFound { .. } => "the bucket or object does not exist".to_string(),
        other => {
            let mut message = other.to_string();
            let mut source = std::error::Error::source(other);
            while let Some(cause) = source {
                message = format!("{message}: {cause}");
                source = cause.source();
            }
            scrub(&message)
        }
    };
    Error::Staging {
        location: location.to_string(),
        reason,
    }
}

/// `text` without query strings (a presigned URL's signature and credential live there), and
/// cut to a readable length.
fn scrub(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_query = false;
    for c in text.chars() {
        if c == '?' {
            in_query = true;
            out.push_str("?…");
            continue;
        }
        if in_query {
            if c.is_whitespace() || c == ')' || c == '"' || c == '\'' {
                in_query = false;
            } else {
                continue;
            }
        }
        out.push(c);
    }
    const MAX: usize = 400;
    if out.chars().count() > MAX {
        out = out.chars().take(MAX).collect::<String>() + "…";
    }
    out
}

#[cfg(test)]
mod tests {
    use super::scrub;

    #[test]
    fn query_strings_are_removed() {
        let text = "error sending request for url (http://127.0.0.1:9/b/k.png?X-Amz-Signature=abcdef&X-Amz-Credential=AKIA): refused";
        let scrubbed = scrub(text);
        assert!(!scrubbed.contains("abcdef"), "{scrubbed}");
        assert!(!scrubbed.contains("AKIA"), "{scrubbed}");
        assert!(scrubbed.ends_with("?…): refused"), "{scrubbed}");
    }
}
