//! Refusing bad arguments before any request is sent.

use url::Url;

use crate::errors::Error;

const MAX_URL_LEN: usize = 4096;
const MAX_ID_LEN: usize = 256;
const MAX_NAME_LEN: usize = 255;
const MAX_NOTE_LEN: usize = 2000;
/// Longest scheme echoed back in an error.
const SHOWN_SCHEME_CHARS: usize = 16;

/// Characters refused besides `char::is_control`: they break or disguise log lines and
/// headers just as well (line/paragraph separators, bidirectional overrides, BOM).
fn is_disguising(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}' | '\u{FEFF}')
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// An absolute `http`/`https` URL with a host, no surrounding whitespace, not base64 or `data:`.
pub fn http_url(field: &'static str, value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.len() > MAX_URL_LEN {
        return Err(Error::invalid(field, format!("longer than {MAX_URL_LEN} bytes")));
    }
    if value.trim() != value || value.chars().any(is_disguising) {
        return Err(Error::invalid(
            field,
            "must not contain surrounding whitespace or control characters",
        ));
    }
    if value.chars().any(char::is_whitespace) {
        return Err(Error::invalid(
            field,
            "must not contain spaces: percent-encode them (a space is %20)",
        ));
    }
    let parsed = Url::parse(value).map_err(|e| {
        Error::invalid(
            field,
            format!("must be an absolute http(s) URL ({e}); files and base64 are not accepted, upload them somewhere public first"),
        )
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        let scheme: String = parsed.scheme().chars().take(SHOWN_SCHEME_CHARS).collect();
        return Err(Error::invalid(
            field,
            format!("must use http or https, not {scheme}:"),
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(Error::invalid(field, "must name a host"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        // The URL is sent to the service (and a callback URL to the person's browser): refused
        // rather than forwarding a password, and the message does not repeat it.
        return Err(Error::invalid(
            field,
            "must not carry credentials (user:password@); use a URL without them",
        ));
    }
    Ok(())
}

/// An asset id; a whole `asset://…` reference gets a hint instead of a 404 from the service.
pub fn asset_id(field: &'static str, value: &str) -> Result<(), Error> {
    if let Some(id) = value.strip_prefix("asset://") {
        return Err(Error::invalid(
            field,
            format!(
                "is a reference, not an id: pass {:?} (without asset://)",
                id.chars().take(64).collect::<String>()
            ),
        ));
    }
    identifier(field, value)
}

/// A token or id: non-empty, no whitespace padding or control characters, of sane length.
pub fn identifier(field: &'static str, value: &str) -> Result<(), Error> {
    text(field, value, MAX_ID_LEN)?;
    if value.chars().any(char::is_whitespace) {
        return Err(Error::invalid(field, "must not contain whitespace"));
    }
    Ok(())
}

/// A display name: non-empty, no padding or control characters, at most 255 characters.
pub fn name(field: &'static str, value: &str) -> Result<(), Error> {
    text(field, value, MAX_NAME_LEN)
}

/// A journal label (a person's reference, an upload key): like a name, at most 256 characters.
pub fn label(field: &'static str, value: &str) -> Result<(), Error> {
    text(field, value, MAX_ID_LEN)
}

/// A free-text note (consent): non-empty, no control characters, at most 2,000 characters.
pub fn note(field: &'static str, value: &str) -> Result<(), Error> {
    text(field, value, MAX_NOTE_LEN)
}

fn text(field: &'static str, value: &str, max_chars: usize) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if value.trim() != value {
        return Err(Error::invalid(field, "must not start or end with whitespace"));
    }
    if value.chars().any(is_disguising) {
        return Err(Error::invalid(
            field,
            "must not contain control characters or line/direction separators",
        ));
    }
    if value.chars().count() > max_chars {
        return Err(Error::invalid(
            field,
            format!("longer than {max_chars} characters"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(http_url("u", "https://example.com/a.jpg").is_ok());
        assert!(http_url("u", "http://127.0.0.1:8080/cb?x=1").is_ok());
        for bad in [
            "",
            " https://example.com",
            "https://example.com\n",
            "/relative/path.jpg",
            "data:image/png;base64,iVBORw0KGgo=",
            "file:///etc/passwd",
            "ftp://example.com/x",
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk",
            "https://",
            "https://user:pass@example.com/a.jpg",
            "https://user@example.com/a.jpg",
            "https://example.com/a\u{2028}b.jpg",
        ] {
            assert!(http_url("u", bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn identifiers() {
        assert!(identifier("t", "group-20260520163350-ctpqc").is_ok());
        for bad in ["", " a", "a ", "a b", "a\u{0}b", &"x".repeat(300)] {
            assert!(identifier("t", bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn names() {
        assert!(name("n", "front photo, 2026").is_ok());
        for bad in ["", " x", "x\t", "a\u{7}b", &"n".repeat(256)] {
            assert!(name("n", bad).is_err(), "{bad:?} accepted");
        }
    }
}
