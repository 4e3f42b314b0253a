//! Building a client: API key and base URL from arguments or the environment, timeouts, retries.

use std::fmt;
use std::time::Duration;

use url::Url;

use crate::client::Client;
use crate::errors::Error;
use crate::journal::Journal;
use crate::models::Language;
use crate::preflight::Profile;
use crate::rate_limit::RateLimits;
use crate::redact;
use crate::retry::RetryPolicy;
use crate::surface::{options, Lang};
use crate::transport_policy;

/// The production service.
pub const DEFAULT_BASE_URL: &str = "https://api.crun.ai";
/// Environment variables read for the API key, in order.
pub const API_KEY_ENV_VARS: [&str; 2] = ["SEEDANCE_API_KEY", "CRUN_API_KEY"];
/// Environment variable read for the base URL.
pub const BASE_URL_ENV_VAR: &str = "SEEDANCE_BASE_URL";
/// Default limit for one HTTP attempt.
pub const DEFAULT_TIMEOUT: Duration = options::TIMEOUT.default_duration();
/// Default limit for establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = options::CONNECT_TIMEOUT.default_duration();
/// Default number of retries after the first attempt.
pub const DEFAULT_MAX_RETRIES: u32 = options::MAX_RETRIES.default_count() as u32;
/// Default limit on the size of one response body (1 MiB); the service's answers are a few KiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = options::MAX_RESPONSE_BYTES.default_count() as usize;

/// Options for [`Client`]; anything left unset comes from the environment or the defaults.
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    max_retries: u32,
    user_agent_suffix: Option<String>,
    rate_limits: RateLimits,
    retry_policy: RetryPolicy,
    session_ttl: Duration,
    allow_insecure_http: bool,
    allow_private_hosts: bool,
    preflight_profile: Option<Profile>,
    max_response_bytes: usize,
    language: Option<Language>,
    journal: Option<Journal>,
    staging: Option<crate::staging::Staging>,
    staging_location: Option<String>,
    staging_url_ttl: Option<Duration>,
    staging_cleanup: bool,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            api_key: None,
            base_url: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_retries: DEFAULT_MAX_RETRIES,
            user_agent_suffix: None,
            rate_limits: RateLimits::default(),
            retry_policy: RetryPolicy::default(),
            session_ttl: options::SESSION_TTL.default_duration(),
            allow_insecure_http: false,
            allow_private_hosts: false,
            preflight_profile: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            language: None,
            journal: None,
            staging: None,
            staging_location: None,
            staging_url_ttl: None,
            staging_cleanup: false,
        }
    }
}

impl ClientBuilder {
    /// The API key; without it `SEEDANCE_API_KEY`, then `CRUN_API_KEY` are read.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The base URL; without it `SEEDANCE_BASE_URL`, then `https://api.crun.ai`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The limit for one HTTP attempt (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The limit for establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Retries after the first attempt for retryable failures (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Text appended to the `User-Agent` (the bindings add their language and version).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Client-side rate limits per endpoint (default: the documented upstream limits).
    pub fn rate_limits(mut self, limits: RateLimits) -> Self {
        self.rate_limits = limits;
        self
    }

    /// How long an H5 link stays usable after its session was created (default 120 s, the
    /// service's); sets `expires_at` of new sessions. A simulator's client uses its TTL.
    pub fn session_ttl(mut self, ttl: Duration) -> Self {
        self.session_ttl = ttl;
        self
    }

    /// Backoff timings between retries.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// Allows a plain `http://` base URL to a host that is not loopback (default false).
    ///
    /// Without it such a URL is a configuration error, because the API key would cross the
    /// network unencrypted. Loopback hosts (`127.0.0.0/8`, `::1`, `localhost`) never need it.
    /// TLS certificate verification cannot be turned off; a private CA goes in `SSL_CERT_FILE`.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// The largest response body accepted, in bytes (default 1 MiB). A longer answer is refused
    /// without being read further: `Decode` (`OutcomeUnknown` for the POSTs), or the status's own
    /// error when the status already says the request failed.
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// The H5 page language of this client's sessions (`lng` on `h5_link`). Without it the link
    /// is left as the service sent it, which upstream shows in `zh`. A session request's own
    /// language wins over this default.
    pub fn language(mut self, language: Language) -> Self {
        self.language = Some(language);
        self
    }

    /// Records sessions, validations and uploads in `journal` (see [`Journal`]): needed by
    /// `complete_validation`, and makes uploads keyed and never silently duplicated.
    pub fn journal(mut self, journal: Journal) -> Self {
        self.journal = Some(journal);
        self
    }

    /// Lets preflight fetch assets from loopback and private-network hosts (reported as a
    /// warning instead of a violation); link-local addresses such as cloud metadata services
    /// stay refused. The testing simulator's clients set it. Default: off.
    pub fn allow_private_hosts(mut self, allow: bool) -> Self {
        self.allow_private_hosts = allow;
        self
    }

    /// The limits preflight judges by (default [`Profile::published`]).
    pub fn preflight_profile(mut self, profile: Profile) -> Self {
        self.preflight_profile = Some(profile);
        self
    }

    /// Where local files are staged (see [`crate::staging`]); without it `SEEDANCE_STAGING`
    /// is read when the client is built.
    pub fn staging(mut self, staging: crate::staging::Staging) -> Self {
        self.staging = Some(staging);
        self
    }

    /// Where local files are staged, as `s3://bucket/prefix` or `az://container/prefix` with the
    /// store's settings from the environment (`AWS_*`, `AZURE_*`); without it (and without [`ClientBuilder::staging`])
    /// `SEEDANCE_STAGING` is read.
    pub fn staging_location(mut self, url: impl Into<String>) -> Self {
        self.staging_location = Some(url.into());
        self
    }

    /// How long staged files' presigned URLs stay valid (default 24 h, at most 7 days).
    pub fn staging_url_ttl(mut self, ttl: Duration) -> Self {
        self.staging_url_ttl = Some(ttl);
        self
    }

    /// Deletes a staged file from the bucket once onboarding saw its asset `Active` (default
    /// off).
    pub fn staging_cleanup(mut self, cleanup: bool) -> Self {
        self.staging_cleanup = cleanup;
        self
    }

    /// Resolves configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let api_key = resolve_api_key(self.api_key)?;
        let base_url = resolve_base_url(self.base_url)?;
        transport_policy::check_base_url(&base_url, self.allow_insecure_http)?;
        options::MAX_RESPONSE_BYTES.count(Lang::Rust, self.max_response_bytes as f64)?;
        options::TIMEOUT.check_duration(Lang::Rust, self.timeout)?;
        options::CONNECT_TIMEOUT.check_duration(Lang::Rust, self.connect_timeout)?;
        options::MAX_RETRIES.count(Lang::Rust, f64::from(self.max_retries))?;
        self.rate_limits.check()?;
        options::SESSION_TTL.check_duration(Lang::Rust, self.session_ttl)?;
        let staging = match (self.staging, &self.staging_location) {
            (Some(staging), _) => Some(staging),
            (None, Some(url)) => Some(crate::staging::Staging::from_url(url)?),
            (None, None) => crate::staging::Staging::from_env()?,
        };
        let staging = match staging {
            Some(staging) => {
                let staging = match self.staging_url_ttl {
                    Some(ttl) => staging.url_ttl(ttl)?,
                    None => staging,
                };
                let cleanup = self.staging_cleanup || staging.cleans_up();
                Some(staging.cleanup(cleanup))
            }
            None => None,
        };
        let mut user_agent = format!("seedance-assets/{}", env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = self.user_agent_suffix.filter(|s| !s.trim().is_empty()) {
            user_agent.push(' ');
            user_agent.push_str(suffix.trim());
        }
        Client::from_config(ResolvedConfig {
            api_key,
            base_url,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            max_retries: self.max_retries,
            user_agent,
            rate_limits: self.rate_limits,
            retry_policy: self.retry_policy,
            session_ttl: self.session_ttl,
            max_response_bytes: self.max_response_bytes,
            language: self.language,
            journal: self.journal,
            allow_private_hosts: self.allow_private_hosts,
            preflight_profile: self.preflight_profile,
            staging,
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_deref().map(redact::api_key))
            .field("base_url", &self.base_url.as_deref().map(redact::url))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_retries", &self.max_retries)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("rate_limits", &self.rate_limits)
            .field("retry_policy", &self.retry_policy)
            .field("session_ttl", &self.session_ttl)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("allow_private_hosts", &self.allow_private_hosts)
            .field(
                "preflight_profile",
                &self.preflight_profile.as_ref().map(|p| &p.name),
            )
            .field("max_response_bytes", &self.max_response_bytes)
            .field("language", &self.language)
            .field("journal", &self.journal)
            .field("staging", &self.staging)
            .finish()
    }
}

/// Configuration after defaults and the environment were applied.
pub(crate) struct ResolvedConfig {
    pub api_key: String,
    pub base_url: Url,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub max_retries: u32,
    pub user_agent: String,
    pub rate_limits: RateLimits,
    pub retry_policy: RetryPolicy,
    pub session_ttl: Duration,
    pub max_response_bytes: usize,
    pub language: Option<Language>,
    pub journal: Option<Journal>,
    pub allow_private_hosts: bool,
    pub preflight_profile: Option<Profile>,
    pub staging: Option<crate::staging::Staging>,
}

fn resolve_api_key(given: Option<String>) -> Result<String, Error> {
    let key = given.or_else(|| {
        API_KEY_ENV_VARS
            .iter()
            .find_map(|var| std::env::var(var).ok().filter(|v| !v.trim().is_empty()))
    });
    let Some(key) = key else {
        return Err(Error::Configuration(format!(
            "no API key: pass one, or set {} (or {})",
            API_KEY_ENV_VARS[0], API_KEY_ENV_VARS[1]
        )));
    };
    let key = key.trim().to_string();
    if key.is_empty() {
        return Err(Error::Configuration("the API key is empty".into()));
    }
    if key
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || !c.is_ascii())
    {
        return Err(Error::Configuration(
            "the API key contains whitespace, control or non-ASCII characters".into(),
        ));
    }
    Ok(key)
}

pub(crate) fn resolve_base_url(given: Option<String>) -> Result<Url, Error> {
    let raw = given
        .or_else(|| {
            std::env::var(BASE_URL_ENV_VAR)
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
    let shown = transport_policy::shown_base_url(&raw);
    let mut url = Url::parse(raw.trim())
        .map_err(|e| Error::Configuration(format!("base URL {shown} is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::Configuration(format!(
            "base URL {shown} must be an absolute http(s) URL"
        )));
    }
    // A trailing slash makes `join` keep any path prefix (e.g. behind a gateway).
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_a_path_prefix() {
        let url = resolve_base_url(Some("http://127.0.0.1:9/gateway".into())).unwrap();
        assert_eq!(
            url.join("api/v1/x").unwrap().as_str(),
            "http://127.0.0.1:9/gateway/api/v1/x"
        );
    }

    #[test]
    fn bad_base_urls_are_configuration_errors() {
        for bad in ["not a url", "ftp://x", "/relative"] {
            let err = resolve_base_url(Some(bad.into())).unwrap_err();
            assert!(matches!(err, Error::Configuration(_)), "{bad}: {err}");
        }
    }

    #[test]
    fn key_with_whitespace_inside_is_refused() {
        assert!(resolve_api_key(Some("ab cd".into())).is_err());
        assert_eq!(resolve_api_key(Some(" abcd ".into())).unwrap(), "abcd");
    }
}
