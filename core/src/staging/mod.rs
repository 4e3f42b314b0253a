//! Staging: local files put in the user's own bucket and handed upstream as presigned URLs.
//!
//! Upstream only downloads public URLs. A local file is inspected (it exists, can be read, is
//! media within upstream's largest limit), hashed, put under `<prefix>/<sha256>.<format>` in the
//! bucket unless already there (a HEAD first: the same content is staged once), and a GET URL
//! signed for a limited time (default 24 h, longer than upstream's processing) is made. The
//! bucket is `SEEDANCE_STAGING` or the client's `staging` option:
//! - `s3://bucket/prefix`: S3 and every S3-compatible store, with the store's usual environment
//!   (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT_URL`,
//!   `AWS_ALLOW_HTTP`, …);
//! - `az://container/prefix` (or `azure://`): Azure Blob Storage, with `AZURE_STORAGE_ACCOUNT_NAME`
//!   and `AZURE_STORAGE_ACCOUNT_KEY` (the URLs are service SAS signed with the account key),
//!   `AZURE_STORAGE_ENDPOINT` for another endpoint (an emulator), `AZURE_ALLOW_HTTP`.

mod folder;
mod local;
mod store;
mod upload;

use std::fmt;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::azure::{AzureConfigKey, MicrosoftAzureBuilder};
use object_store::path::Path as ObjectPath;
use url::Url;

use crate::client::Client;
use crate::errors::Error;
use crate::models::AssetType;
use crate::preflight::Profile;
use crate::redact;
use crate::surface::{options, Lang};

pub use folder::{FolderItems, SkippedFile};
pub(crate) use local::io_reason;
pub use local::LocalFile;
use store::Bucket;
pub use upload::{asset_type_of, resolve_asset_type};

/// The environment variable naming the staging bucket (`s3://bucket/prefix`,
/// `az://container/prefix`).
pub const STAGING_ENV_VAR: &str = "SEEDANCE_STAGING";
/// The made-up key [`Staging::check`] looks up (never written): not a staged file's name.
const CHECK_KEY: &str = "seedance-assets-check-absent";
/// How long a staged file's URL stays valid by default (24 h).
pub const DEFAULT_URL_TTL: Duration = options::STAGING_URL_TTL.default_duration();

/// Where local files are staged: a bucket and a key prefix, with the store's credentials.
#[derive(Clone)]
pub struct Staging {
    store: Arc<dyn Bucket>,
    scheme: &'static str,
    bucket: String,
    prefix: String,
    url_ttl: Duration,
    cleanup: bool,
}

impl Staging {
    /// The bucket of `url` (`s3://bucket/prefix` or `az://container/prefix`), with the store's
    /// settings from the environment (`AWS_*`, `AZURE_*`).
    pub fn from_url(url: &str) -> Result<Staging, Error> {
        Self::from_url_with(url, std::iter::empty::<(&str, &str)>())
    }

    /// [`Staging::from_url`] with store settings laid over the environment's, by the store's
    /// own names (S3: `aws_access_key_id`, `aws_secret_access_key`, `aws_region`,
    /// `aws_endpoint`, `aws_allow_http`, …; Azure: `azure_storage_account_name`,
    /// `azure_storage_account_key`, `azure_storage_endpoint`, `azure_allow_http`, …).
    pub fn from_url_with<K: AsRef<str>, V: Into<String>>(
        url: &str,
        settings: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Staging, Error> {
        let shown = redact::url(url);
        let parsed = Url::parse(url.trim()).map_err(|e| {
            Error::Configuration(format!(
                "staging location {shown} is not a URL ({e}): use s3://bucket/prefix or az://container/prefix"
            ))
        })?;
        let bucket = parsed
            .host_str()
            .filter(|b| !b.is_empty())
            .ok_or_else(|| Error::Configuration(format!("staging location {shown} names no bucket")))?
            .to_string();
        let prefix = parsed.path().trim_matches('/').to_string();
        // object_store's reqwest client needs the process's rustls provider (tls.rs).
        crate::tls::install_provider();
        let settings: Vec<(String, String)> = settings
            .into_iter()
            .map(|(k, v)| (k.as_ref().to_ascii_lowercase(), v.into()))
            .collect();
        let unknown = |key: &str| Error::Configuration(format!("unknown staging setting `{key}`"));
        let (scheme, store): (&'static str, Result<Arc<dyn Bucket>, object_store::Error>) =
            match parsed.scheme() {
                "s3" => {
                    let mut builder = AmazonS3Builder::from_env().with_bucket_name(&bucket);
                    for (key, value) in settings {
                        let config: AmazonS3ConfigKey = key.parse().map_err(|_| unknown(&key))?;
                        builder = builder.with_config(config, value);
                    }
                    ("s3", builder.build().map(|s| Arc::new(s) as Arc<dyn Bucket>))
                }
                "az" | "azure" => {
                    let mut builder = MicrosoftAzureBuilder::from_env().with_container_name(&bucket);
                    for (key, value) in settings {
                        let config: AzureConfigKey = key.parse().map_err(|_| unknown(&key))?;
                        builder = builder.with_config(config, value);
                    }
                    ("az", builder.build().map(|s| Arc::new(s) as Arc<dyn Bucket>))
                }
                other => {
                    return Err(Error::Configuration(format!(
                        "staging location {shown}: `{other}://` is not a supported store; use s3:// (S3 or S3-compatible) or az:// (Azure Blob Storage)"
                    )))
                }
            };
        let store = store.map_err(|e| {
            Error::Configuration(format!(
                "staging location {scheme}://{bucket}: {}",
                redact_config(&e)
            ))
        })?;
        Ok(Staging {
            store,
            scheme,
            bucket,
            prefix,
            url_ttl: DEFAULT_URL_TTL,
            cleanup: false,
        })
    }

    /// The bucket of `SEEDANCE_STAGING`, if it is set.
    pub fn from_env() -> Result<Option<Staging>, Error> {
        match std::env::var(STAGING_ENV_VAR) {
            Ok(url) if !url.trim().is_empty() => Self::from_url(&url).map(Some),
            _ => Ok(None),
        }
    }

    /// How long staged URLs stay valid (default 24 h; at most 7 days, SigV4's limit).
    pub fn url_ttl(mut self, ttl: Duration) -> Result<Staging, Error> {
        options::STAGING_URL_TTL.check_duration(Lang::Rust, ttl)?;
        self.url_ttl = ttl;
        Ok(self)
    }

    /// Deletes a staged file once its asset is `Active` (default off: the same file is then
    /// staged again on its next use).
    pub fn cleanup(mut self, cleanup: bool) -> Staging {
        self.cleanup = cleanup;
        self
    }

    /// Whether staged files are deleted once their asset is `Active`.
    pub fn cleans_up(&self) -> bool {
        self.cleanup
    }

    /// `s3://bucket/prefix` or `az://container/prefix`.
    pub fn location(&self) -> String {
        match self.prefix.as_str() {
            "" => format!("{}://{}", self.scheme, self.bucket),
            prefix => format!("{}://{}/{prefix}", self.scheme, self.bucket),
        }
    }

    /// Stages the file at `path` (see the module): inspected, hashed, put once, presigned.
    pub async fn stage(&self, path: impl AsRef<Path>, profile: &Profile) -> Result<StagedFile, Error> {
        let file = LocalFile::inspect("file", path.as_ref(), profile)?;
        self.stage_inspected(&file).await
    }

    /// Stages a file already inspected.
    pub(crate) async fn stage_inspected(&self, file: &LocalFile) -> Result<StagedFile, Error> {
        let mut staged = self.sign_inspected(file).await?;
        self.store_signed(&mut staged).await?;
        Ok(staged)
    }

    /// A file's key and presigned URL, without touching the bucket: hashed and signed only
    /// (with static credentials, nothing goes over the network). Not yet stored.
    pub(crate) async fn sign_inspected(&self, file: &LocalFile) -> Result<StagedFile, Error> {
        let sha256 = file.sha256("file").await?;
        let key = self.object_key(&sha256, &file.format);
        let url = store::presign(self.store.as_ref(), &key, self.url_ttl, &self.location()).await?;
        Ok(StagedFile {
            file: file.clone(),
            key: key.to_string(),
            sha256,
            url,
            uploaded: false,
        })
    }

    /// Puts a signed file in the bucket unless it is there already (a HEAD first).
    pub(crate) async fn store_signed(&self, staged: &mut StagedFile) -> Result<(), Error> {
        let key = self.object_key(&staged.sha256, &staged.file.format);
        let location = self.location();
        if !store::exists(self.store.as_ref(), &key, &location).await? {
            store::put(self.store.as_ref(), &key, &staged.file, &location).await?;
            staged.uploaded = true;
        }
        Ok(())
    }

    /// Tries the bucket without changing it: a URL is signed for a made-up key and the key is
    /// looked up with the HEAD that staging sends before every put, so the credentials, the
    /// signer and the bucket all answer. Ok when the bucket says the key is absent (or there).
    pub async fn check(&self) -> Result<(), Error> {
        let key = self.key_of(CHECK_KEY);
        let location = self.location();
        store::presign(self.store.as_ref(), &key, self.url_ttl, &location).await?;
        store::exists(self.store.as_ref(), &key, &location).await?;
        Ok(())
    }

    /// Deletes the staged copy under `key` (a [`StagedFile::key`]).
    pub async fn remove(&self, key: &str) -> Result<(), Error> {
        let key = ObjectPath::parse(key).map_err(|e| Error::invalid("key", e.to_string()))?;
        store::delete(self.store.as_ref(), &key, &self.location()).await
    }

    fn object_key(&self, sha256: &str, format: &str) -> ObjectPath {
        self.key_of(&format!("{sha256}.{format}"))
    }

    /// `name` under the prefix.
    fn key_of(&self, name: &str) -> ObjectPath {
        let key = match self.prefix.as_str() {
            "" => name.to_string(),
            prefix => format!("{prefix}/{name}"),
        };
        // The prefix came from a URL path and the names are hex, format and check words:
        // always valid.
        ObjectPath::parse(&key).unwrap_or_else(|_| ObjectPath::from(key.as_str()))
    }
}

impl fmt::Debug for Staging {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not the store: its configuration holds the credentials.
        f.debug_struct("Staging")
            .field("location", &self.location())
            .field("url_ttl", &self.url_ttl)
            .field("cleanup", &self.cleanup)
            .finish()
    }
}

/// A file staged in the bucket.
#[derive(Clone, PartialEq, Eq)]
pub struct StagedFile {
    /// What the file is.
    pub file: LocalFile,
    /// Its key in the bucket (`<prefix>/<sha256>.<format>`).
    pub key: String,
    /// The SHA-256 of its content (lower-case hex).
    pub sha256: String,
    /// The presigned GET URL to hand upstream. It is a credential until it expires: it is
    /// shown without its query everywhere else.
    pub url: String,
    /// Whether this call put it in the bucket (false: it was already there).
    pub uploaded: bool,
}

impl StagedFile {
    /// The asset type its content says it is.
    pub fn asset_type(&self) -> AssetType {
        self.file.asset_type
    }

    /// The URL without its signature (what the journal and the reports keep).
    pub fn url_without_query(&self) -> String {
        crate::journal::uploads::url_without_query(&self.url)
    }
}

impl fmt::Debug for StagedFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StagedFile")
            .field("file", &self.file)
            .field("key", &self.key)
            .field("sha256", &self.sha256)
            .field("url", &format_args!("{}?…", self.url_without_query()))
            .field("uploaded", &self.uploaded)
            .finish()
    }
}

impl Client {
    /// Stages the local file at `path` in the client's bucket (`staging` option, else
    /// `SEEDANCE_STAGING`) and returns it with its presigned URL. `Configuration` when no
    /// bucket is configured, `InvalidArgument` (field `file`) for a missing, unreadable,
    /// oversized or non-media file, `Staging` when the bucket refuses. Nothing is sent upstream.
    pub async fn stage(&self, path: impl AsRef<Path>) -> Result<StagedFile, Error> {
        let file = LocalFile::inspect("file", path.as_ref(), &self.profile())?;
        let staging = self.staging()?;
        staging.stage_inspected(&file).await
    }

    /// The client's staging bucket (`staging` option, else `SEEDANCE_STAGING`), if any.
    pub fn staging_bucket(&self) -> Option<&Staging> {
        self.staging.as_deref()
    }

    /// The client's staging bucket, or the configuration error saying how to set one.
    pub(crate) fn staging(&self) -> Result<&Staging, Error> {
        self.staging.as_deref().ok_or_else(|| {
            Error::Configuration(format!(
                "local files need a staging bucket: set {STAGING_ENV_VAR}=s3://bucket/prefix (with the AWS_* settings) or az://container/prefix (with the AZURE_* settings), or pass the client option `staging`"
            ))
        })
    }

    /// The profile preflight and staging judge by.
    pub(crate) fn profile(&self) -> Profile {
        self.preflight_profile.as_deref().cloned().unwrap_or_default()
    }
}

/// A store configuration error without its values (a secret may be among them).
fn redact_config(error: &object_store::Error) -> String {
    match error {
        object_store::Error::UnknownConfigurationKey { key, .. } => format!("unknown setting `{key}`"),
        other => {
            let text = other.to_string();
            text.chars().take(300).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Staging;
    use crate::errors::Error;

    fn refusal(url: &str) -> String {
        match Staging::from_url_with(url, [("azure_storage_account_key", "a2V5")]) {
            Err(Error::Configuration(message)) => message,
            other => panic!("{url}: {other:?}"),
        }
    }

    #[test]
    fn each_store_is_named_by_its_scheme_and_others_are_refused_naming_the_supported_ones() {
        let gcs = refusal("gs://bucket/prefix");
        assert!(gcs.contains("`gs://` is not a supported store"), "{gcs}");
        assert!(gcs.contains("s3://") && gcs.contains("az://"), "{gcs}");
        assert!(refusal("s3:///prefix").contains("names no bucket"));
        assert!(refusal("not a url").contains("is not a URL"));

        let s3 = Staging::from_url_with("s3://media/people", [("aws_region", "us-east-1")]).expect("s3");
        assert_eq!(s3.location(), "s3://media/people");
        let settings = [
            ("azure_storage_account_name", "account"),
            ("azure_storage_account_key", "a2V5"),
        ];
        for url in ["az://media/people", "azure://media/people"] {
            let azure = Staging::from_url_with(url, settings).expect("azure");
            assert_eq!(azure.location(), "az://media/people");
        }
        // A setting of the other store is unknown here, and named.
        let mixed = match Staging::from_url_with("az://media", [("aws_region", "us-east-1")]) {
            Err(Error::Configuration(message)) => message,
            other => panic!("{other:?}"),
        };
        assert!(mixed.contains("unknown staging setting `aws_region`"), "{mixed}");
    }
}
