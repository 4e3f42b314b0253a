//! Entry points into private parsers for the fuzz targets (`fuzz/`), the corpus replay test and
//! the redaction property tests. Not part of the supported API: names and signatures may change.
//!
//! Each `fuzz_*` function takes raw bytes, runs one parser the way the client does, renders
//! whatever comes out (Display and Debug, as a log line or an error message would) and panics if
//! an invariant breaks: a panic is what the fuzzer reports as a finding.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;
use url::Url;

use crate::callback::CallbackResult;
use crate::envelope::Answer;
use crate::errors::Error;
use crate::redact::{self, Secrets, MIN_SECRET_RUN};
use crate::response::{self, Head};
use crate::{config, retry, timefmt, transport_policy, validate, wire};

/// The API key the fuzz targets mask; a finding is any rendering that shows six of its characters.
pub const FUZZ_API_KEY: &str = "sk-fuzz-Q7x9Lm2Vb8Np4Kt6Wz";

/// Every `MIN_SECRET_RUN`-character run of `secret` that appears in `text`.
pub fn leaked_runs(secret: &str, text: &str) -> Vec<String> {
    let chars: Vec<char> = secret.chars().collect();
    let mut found: Vec<String> = chars
        .windows(MIN_SECRET_RUN)
        .map(|w| w.iter().collect::<String>())
        .filter(|run| text.contains(run.as_str()))
        .collect();
    found.dedup();
    found
}

/// The part of a byted token that must not be shown: after its 14-digit timestamp, which
/// tokens, group ids and asset ids of the same second share (the whole value otherwise).
pub fn token_secret_part(token: &str) -> &str {
    let digits = token.bytes().take_while(u8::is_ascii_digit).count();
    if digits >= 14 && token.len() >= 14 + MIN_SECRET_RUN {
        &token[14..]
    } else {
        token
    }
}

/// `text` with each Debug escape (`\0`, `\u{1b}`, `\"`, …) replaced by one U+0001: an escape
/// can put a digit or letter next to real ones (`\0` + `00000` reads `\000000`) without any
/// secret character being shown.
fn without_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') if chars.peek() == Some(&'{') => {
                for inner in chars.by_ref() {
                    if inner == '}' {
                        break;
                    }
                }
            }
            _ => {}
        }
        out.push('\u{1}');
    }
    out
}

fn assert_no_leak(secret: &str, text: &str) {
    let text = &without_escapes(text);
    let runs = leaked_runs(secret, text);
    assert!(runs.is_empty(), "secret runs {runs:?} rendered in {text:?}");
}

/// Display and Debug of an error, as it would be logged.
pub fn render(error: &Error) -> String {
    format!("{error} | {error:?}")
}

/// `text` as the client masks it when `secrets` are known (for property tests).
pub fn mask(secrets: &[&str], text: &str) -> String {
    secrets
        .iter()
        .fold(Secrets::default(), |s, secret| s.with(secret))
        .mask(text)
}

/// A body snippet as errors show it (for property tests).
pub fn snippet(api_key: &str, body: &[u8]) -> String {
    Secrets::new(api_key).snippet(body)
}

/// A response (status, headers, body) interpreted like one attempt of the client would, for a
/// GET to `base_url`; the result's renderings are what callers and logs could see.
pub fn interpret_response(
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    api_key: &str,
    max_response_bytes: usize,
) -> Result<(), Error> {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(*name), HeaderValue::try_from(*value)) {
            map.append(name, value);
        }
    }
    let secrets = Secrets::new(api_key);
    let head = Head::new(status, &map, &secrets);
    let request_url = Url::parse("https://api.crun.ai/api/v1/client/job/asset-info")
        .map_err(|e| Error::Configuration(e.to_string()))?;
    if head.is_redirect() {
        return Err(response::redirect_error(&head, &map, &request_url, &secrets));
    }
    if body.len() > max_response_bytes {
        return Err(response::too_large(
            &head,
            max_response_bytes,
            &body[..max_response_bytes],
            &secrets,
        ));
    }
    let answer = response::decode(&head, body.to_vec(), &secrets)?;
    decode_models(&answer, &secrets, api_key);
    Ok(())
}

/// Reads `answer` as each of the four models and checks every rendering for the key.
fn decode_models(answer: &Answer, secrets: &Secrets, api_key: &str) {
    let shown = [
        rendered(wire::session(
            answer,
            "https://app.example/cb",
            std::time::Duration::from_secs(120),
            secrets,
        )),
        rendered(wire::validation_result(answer, secrets)),
        rendered(wire::uploaded(answer, secrets)),
        rendered(wire::asset(answer, "asset-1", secrets).map(|asset| {
            let failed = Error::AssetFailed {
                asset: Box::new(asset.clone()),
            };
            (asset, render(&failed))
        })),
    ];
    for text in shown {
        assert_no_leak(api_key, &text);
    }
}

fn rendered<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
    match result {
        Ok(value) => format!("{value:?}"),
        Err(error) => render(&error),
    }
}

/// Fuzz target `callback`: parses a callback URL or query and renders every outcome.
pub fn fuzz_callback(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let expected = "20260101000000ABCDEF0123456789ABCDEF";
    match CallbackResult::parse(input) {
        Ok(cb) => {
            // Debug escapes quotes and backslashes, which could rebuild a run of a token made
            // of them.
            // Tokens of lower-case words could match the crate's own message text
            // ("resultCode"), which is no leak: the check is about token-like values (upper-case
            // hex and digits, like real byted tokens).
            let plain = cb
                .byted_token
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
            let shown = format!("{cb:?}");
            let secret = token_secret_part(&cb.byted_token);
            if plain {
                assert_no_leak(secret, &shown);
            }
            // `ensure_passed` knows only the callback's token; the callback's author may well
            // write runs of any other token into its codes, so `expected` is checked where it
            // is known, in `ensure_token`.
            for (outcome, other) in [
                (cb.ensure_passed(), None),
                (cb.ensure_token(expected), Some(expected)),
            ] {
                if let Err(error) = outcome {
                    let text = render(&error);
                    if plain {
                        assert_no_leak(secret, &text);
                    }
                    if let Some(other) = other {
                        assert_no_leak(token_secret_part(other), &text);
                    }
                }
            }
            // A second parse of the same input gives the same result (no hidden state).
            let again = CallbackResult::parse(input).map(|c| c.byted_token);
            assert_eq!(again.ok().as_deref(), Some(cb.byted_token.as_str()));
        }
        Err(error) => {
            let _ = render(&error);
        }
    }
}

/// Fuzz target `envelope`: the first two bytes pick an HTTP status, the rest is the body.
pub fn fuzz_envelope(data: &[u8]) {
    let (status, body) = match data {
        [a, b, rest @ ..] => (100 + u16::from_be_bytes([*a, *b]) % 500, rest),
        _ => (200, data),
    };
    if let Err(error) = interpret_response(status, &[], body, FUZZ_API_KEY, 4096) {
        assert_no_leak(FUZZ_API_KEY, &render(&error));
    }
}

/// Fuzz target `time`: a time string, and the same bytes as a number when they form one.
pub fn fuzz_time(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = timefmt::parse_time(&Value::String(text.to_string()));
    if let Ok(number) = serde_json::from_str::<Value>(text) {
        let _ = timefmt::parse_time(&number);
    }
}

/// Fuzz target `retry_after`: a `Retry-After` value; whatever it asks, the honoured delay is capped.
pub fn fuzz_retry_after(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let asked = retry::parse_retry_after(text);
    let policy = retry::RetryPolicy::default();
    let delay = policy.delay(0, asked);
    assert!(delay <= policy.max_retry_after.max(policy.max_delay));
    assert!(delay <= Duration::from_secs(86_400));
}

/// Fuzz target `url`: the argument validators, the base-URL policy and URL redaction.
pub fn fuzz_url(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let accepted = validate::http_url("asset_url", text).is_ok();
    if accepted {
        let parsed = Url::parse(text).ok();
        let parsed = parsed.as_ref();
        assert!(parsed.is_some_and(|u| matches!(u.scheme(), "http" | "https")));
        assert!(parsed.is_some_and(|u| u.username().is_empty() && u.password().is_none()));
        assert!(!text.chars().any(char::is_control));
    }
    let _ = validate::identifier("asset_id", text);
    let _ = validate::name("name", text);
    let shown = redact::url(text);
    if let Ok(url) = Url::parse(text) {
        if let Some(password) = url.password().filter(|p| p.len() >= MIN_SECRET_RUN) {
            assert!(!shown.contains(password), "password shown in {shown:?}");
        }
        let _ = transport_policy::check_base_url(&url, false);
        let _ = redact::origin(&url);
    }
    let built = config::ClientBuilder::default()
        .api_key(FUZZ_API_KEY)
        .base_url(text)
        .rate_limits(crate::RateLimits::disabled());
    let _ = format!("{built:?}");
    if let Err(error) = config_only(text) {
        let rendered = render(&error);
        if let Ok(url) = Url::parse(text.trim()) {
            if let Some(password) = url.password().filter(|p| p.len() >= MIN_SECRET_RUN) {
                assert!(!rendered.contains(password), "password in {rendered:?}");
            }
        }
    }
}

/// The base-URL checks `ClientBuilder::build` runs, without building an HTTP client.
fn config_only(base_url: &str) -> Result<(), Error> {
    let url = config::resolve_base_url(Some(base_url.to_string()))?;
    transport_policy::check_base_url(&url, false)
}

/// Runs the fuzz target called `target` on `data`; false for an unknown target name.
pub fn run_target(target: &str, data: &[u8]) -> bool {
    match target {
        "callback" => fuzz_callback(data),
        "envelope" => fuzz_envelope(data),
        "time" => fuzz_time(data),
        "retry_after" => fuzz_retry_after(data),
        "url" => fuzz_url(data),
        _ => return false,
    }
    true
}

/// The names of the fuzz targets, as `fuzz/fuzz_targets/<name>.rs` and `fuzz/corpus/<name>/`.
pub const TARGETS: [&str; 5] = ["callback", "envelope", "time", "retry_after", "url"];
