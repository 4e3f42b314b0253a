//! Where the API key may be sent: `https`, or plain `http` only to this machine (the simulator)
//! unless the caller opted in; never with credentials in the URL itself.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use url::{Host, Url};

use crate::errors::Error;
use crate::redact;

/// Longest base URL echoed back in a configuration error.
const SHOWN_URL_CHARS: usize = 200;

/// Refuses a base URL the API key must not be sent to.
pub(crate) fn check_base_url(url: &Url, allow_insecure_http: bool) -> Result<(), Error> {
    if !url.username().is_empty() || url.password().is_some() {
        // The message must not repeat the credentials it refuses.
        return Err(Error::Configuration(
            "the base URL must not carry credentials (user:password@…); pass the API key with \
             api_key() or SEEDANCE_API_KEY"
                .into(),
        ));
    }
    if url.scheme() == "https" || allow_insecure_http || is_loopback(url) {
        if url.scheme() == "http" && !is_loopback(url) {
            tracing::warn!(
                target: "seedance_assets::config",
                origin = redact::origin(url).unwrap_or_default(),
                "plain http to a non-loopback host allowed by allow_insecure_http: the API key is \
                 sent unencrypted"
            );
        }
        return Ok(());
    }
    Err(Error::Configuration(format!(
        "the base URL {} uses plain http to a host that is not this machine, so the API key would \
         cross the network unencrypted; use https, or allow_insecure_http(true) if a trusted \
         proxy on the way adds TLS",
        redact::origin(url).unwrap_or_default()
    )))
}

/// Whether the URL's host is this machine: `localhost`, `127.0.0.0/8` or `::1`.
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => is_loopback_v6(ip),
        None => false,
    }
}

fn is_loopback_v6(ip: Ipv6Addr) -> bool {
    ip.is_loopback()
        || ip
            .to_ipv4_mapped()
            .is_some_and(|v4: Ipv4Addr| IpAddr::V4(v4).is_loopback())
}

/// A base URL as given, fit for an error message: credentials masked, bounded; not echoed at all
/// when it cannot be parsed and might hold a password.
pub(crate) fn shown_base_url(raw: &str) -> String {
    let raw = raw.trim();
    let shown = if Url::parse(raw).is_ok() {
        redact::url(raw)
    } else if raw.contains('@') || raw.chars().any(char::is_control) {
        return "(not shown: it may hold credentials)".to_string();
    } else {
        raw.to_string()
    };
    let mut bounded: String = shown.chars().take(SHOWN_URL_CHARS).collect();
    if shown.chars().count() > SHOWN_URL_CHARS {
        bounded.push('…');
    }
    format!("{bounded:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str, allow: bool) -> Result<(), Error> {
        check_base_url(&Url::parse(url).unwrap(), allow)
    }

    #[test]
    fn https_anywhere_http_only_to_loopback() {
        for ok in [
            "https://api.crun.ai/",
            "http://127.0.0.1:9/",
            "http://127.8.9.10/",
            "http://[::1]:80/",
            "http://localhost:8080/",
            "http://LOCALHOST/",
        ] {
            assert!(check(ok, false).is_ok(), "{ok}");
        }
        for bad in [
            "http://api.crun.ai/",
            "http://10.0.0.1/",
            "http://localhost.evil.example/",
        ] {
            assert!(matches!(check(bad, false), Err(Error::Configuration(_))), "{bad}");
            assert!(check(bad, true).is_ok(), "{bad} with opt-in");
        }
    }

    #[test]
    fn credentials_refused_without_echo() {
        for bad in ["https://user:hunter2@api.crun.ai/", "https://user@api.crun.ai/"] {
            let err = check(bad, true).unwrap_err();
            assert!(!err.to_string().contains("hunter2"), "{err}");
            assert!(matches!(err, Error::Configuration(_)));
        }
        assert!(!shown_base_url("https://u:hunter2@x/").contains("hunter2"));
        assert!(!shown_base_url("htt p://u:hunter2@x/").contains("hunter2"));
    }
}
