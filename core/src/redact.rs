//! Keeping secrets (API key, byted token, H5 link credentials) out of anything printed.

use url::Url;

/// Query parameters whose values are credentials in H5 links and callbacks.
const SECRET_PARAMS: &[&str] = &[
    "accesskeyid",
    "secretaccesskey",
    "sessiontoken",
    "bytedtoken",
    "byted_token",
    "x-api-key",
    "api_key",
    "apikey",
    "token",
    "pl",
    "uid",
];

/// A token shortened to its first six characters, enough to tell tokens apart in logs.
pub fn token(value: &str) -> String {
    let head: String = value.chars().take(6).collect();
    if head.len() < value.len() {
        format!("{head}…")
    } else {
        "…".to_string()
    }
}

/// The API key reduced to a fixed mask: nothing of the key itself is shown.
pub fn api_key(_value: &str) -> &'static str {
    "<redacted>"
}

/// A URL whose credential-bearing query values are replaced by `<redacted>`.
pub fn url(value: &str) -> String {
    let Ok(mut parsed) = Url::parse(value) else {
        return "<unparsable url redacted>".to_string();
    };
    if parsed.query().is_none() {
        return parsed.to_string();
    }
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| {
            let secret = SECRET_PARAMS.contains(&k.to_ascii_lowercase().as_str());
            let shown = if secret {
                "<redacted>".to_string()
            } else {
                v.into_owned()
            };
            (k.into_owned(), shown)
        })
        .collect();
    parsed.query_pairs_mut().clear().extend_pairs(pairs);
    parsed.to_string()
}

/// A short start of a response body with the API key and credential parameters masked.
pub fn body_snippet(body: &[u8], api_key: &str) -> String {
    const MAX_CHARS: usize = 160;
    let text = String::from_utf8_lossy(body);
    let mut snippet: String = text.chars().take(MAX_CHARS).collect();
    if !api_key.is_empty() {
        snippet = snippet.replace(api_key, "<redacted>");
    }
    for param in ["secretAccessKey=", "sessionToken=", "accessKeyId="] {
        snippet = mask_after(&snippet, param);
    }
    if text.chars().count() > MAX_CHARS {
        snippet.push('…');
    }
    snippet
}

fn mask_after(text: &str, marker: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(marker) {
        let (before, after) = rest.split_at(pos + marker.len());
        out.push_str(before);
        out.push_str("<redacted>");
        let end = after
            .find(|c: char| c == '&' || c == '"' || c.is_whitespace())
            .unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_masks_credentials_and_keeps_the_rest() {
        let shown =
            url("https://h5.example/validate?accessKeyId=AK1&secretAccessKey=SK2&bytedToken=T3&lng=zh");
        assert!(!shown.contains("AK1") && !shown.contains("SK2") && !shown.contains("T3"));
        assert!(shown.contains("lng=zh"));
        assert!(shown.starts_with("https://h5.example/validate?"));
    }

    #[test]
    fn snippet_masks_key_and_link_secrets() {
        let body = br#"{"H5Link":"https://x/?secretAccessKey=SK99&lng=zh","k":"my-key"}"#;
        let s = body_snippet(body, "my-key");
        assert!(!s.contains("SK99") && !s.contains("my-key"), "{s}");
        assert!(s.contains("lng=zh"));
    }

    #[test]
    fn token_keeps_only_a_prefix() {
        assert_eq!(token("2026070222152680501D985EA34A3BE3D8"), "202607…");
        assert_eq!(token("abc"), "…");
    }
}
