//! Turning a response into the envelope's `data`, or into the error it reports.
//!
//! The envelope `code` decides success even under HTTP 200; bodies that are not an envelope
//! (a proxy's HTML page, say) are mapped by HTTP status alone.

use std::time::Duration;

use serde_json::{Map, Value};

use crate::errors::{ApiError, Error, ErrorCode};
use crate::redact::Secrets;

/// The envelope `code` of success.
const SUCCESS_CODE: i64 = 200;

/// Longest service message kept in an error, in characters (after masking).
const MESSAGE_CHARS: usize = 512;

/// What one HTTP attempt brought back, before interpretation.
pub(crate) struct RawResponse {
    pub http_status: u16,
    pub request_id: Option<String>,
    pub retry_after: Option<Duration>,
    pub body: Vec<u8>,
}

/// A successful answer: the envelope's `data` object and where it came from.
#[derive(Debug)]
pub(crate) struct Answer {
    pub data: Map<String, Value>,
    pub http_status: u16,
    pub request_id: Option<String>,
}

impl Answer {
    /// A `Decode` error about this answer's data.
    pub fn decode_error(&self, reason: impl Into<String>, secrets: &Secrets) -> Error {
        let body = serde_json::to_vec(&self.data).unwrap_or_default();
        Error::Decode {
            http_status: self.http_status,
            reason: reason.into(),
            snippet: secrets.snippet(&body),
            request_id: self.request_id.clone(),
        }
    }
}

/// Interprets a response; `secrets` are only used to keep them out of error texts.
pub(crate) fn decode(raw: RawResponse, secrets: &Secrets) -> Result<Answer, Error> {
    let (envelope, is_json) = match serde_json::from_slice::<Value>(&raw.body) {
        Ok(Value::Object(obj)) => (envelope_code(&obj).map(|code| (code, obj)), true),
        Ok(_) => (None, true),
        Err(_) => (None, false),
    };
    let Some((code, mut obj)) = envelope else {
        return Err(not_an_envelope(raw, is_json, secrets));
    };
    let request_id = raw
        .request_id
        .clone()
        .or_else(|| body_request_id(&obj).map(|id| secrets.header_value(&id)))
        .filter(|id| !id.is_empty());
    if code != SUCCESS_CODE {
        let message = ["message", "msg"]
            .iter()
            .find_map(|k| obj.get(*k).and_then(Value::as_str))
            .filter(|m| !m.is_empty())
            .map_or_else(
                || format!("service error {code}"),
                |m| secrets.mask_and_cut(m, MESSAGE_CHARS),
            );
        return Err(Error::Api(ApiError {
            code: ErrorCode::from_status(code),
            http_status: raw.http_status,
            envelope_code: Some(code),
            message,
            request_id,
            retry_after: raw.retry_after,
        }));
    }
    match obj.remove("data") {
        Some(Value::Object(data)) => Ok(Answer {
            data,
            http_status: raw.http_status,
            request_id,
        }),
        other => Err(Error::Decode {
            http_status: raw.http_status,
            reason: match other {
                None | Some(Value::Null) => "success envelope without data".to_string(),
                Some(_) => "envelope data is not an object".to_string(),
            },
            snippet: secrets.snippet(&raw.body),
            request_id,
        }),
    }
}

fn envelope_code(obj: &Map<String, Value>) -> Option<i64> {
    match obj.get("code")? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn body_request_id(obj: &Map<String, Value>) -> Option<String> {
    let from = |o: &Map<String, Value>| {
        ["request_id", "requestId", "RequestId"]
            .iter()
            .find_map(|k| o.get(*k).and_then(Value::as_str).map(str::to_string))
    };
    from(obj).or_else(|| obj.get("data").and_then(Value::as_object).and_then(from))
}

/// `titled "502 Bad Gateway"` (or `reading "…"`, its text) for an HTML body, `None` otherwise.
fn html_summary(body: &[u8], secrets: &Secrets) -> Option<String> {
    const MAX_TITLE_CHARS: usize = 80;
    let head = String::from_utf8_lossy(&body[..body.len().min(4096)]);
    let lower = head.to_ascii_lowercase();
    let start = lower.trim_start();
    if !(start.starts_with("<!doctype html") || start.starts_with("<html") || lower.contains("<body")) {
        return None;
    }
    let title = lower
        .find("<title")
        .and_then(|at| lower[at..].find('>').map(|end| at + end + 1))
        .and_then(|from| lower[from..].find("</title").map(|len| &head[from..from + len]))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty());
    let (what, text) = match title {
        Some(title) => ("titled", title),
        None => {
            // No title: the page's text, without its markup.
            let mut text = String::new();
            let mut in_tag = false;
            for c in head.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => {
                        in_tag = false;
                        text.push(' ');
                    }
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            ("reading", text.split_whitespace().collect::<Vec<_>>().join(" "))
        }
    };
    Some(format!(
        "{what} {:?}",
        secrets.mask_and_cut(&text, MAX_TITLE_CHARS)
    ))
}

fn not_an_envelope(raw: RawResponse, is_json: bool, secrets: &Secrets) -> Error {
    let snippet = secrets.snippet(&raw.body);
    if (200..300).contains(&raw.http_status) && !is_json {
        // Cut short or not JSON at all: lost on the way, worth asking again (for a GET).
        return Error::Garbled {
            http_status: raw.http_status,
            snippet,
            request_id: raw.request_id,
        };
    }
    if (200..300).contains(&raw.http_status) {
        return Error::Decode {
            http_status: raw.http_status,
            reason: "body is not the {code, message, data} envelope".to_string(),
            snippet,
            request_id: raw.request_id,
        };
    }
    let message = if snippet.trim().is_empty() {
        format!("HTTP {} with an empty body", raw.http_status)
    } else if let Some(page) = html_summary(&raw.body, secrets) {
        // A proxy's or gateway's error page: its title says it all, its markup says nothing.
        format!("HTTP {}: an HTML page, {page}", raw.http_status)
    } else {
        format!("HTTP {}: {}", raw.http_status, snippet.trim())
    };
    Error::Api(ApiError {
        code: ErrorCode::from_status(i64::from(raw.http_status)),
        http_status: raw.http_status,
        envelope_code: None,
        message,
        request_id: raw.request_id,
        retry_after: raw.retry_after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            http_status: status,
            request_id: None,
            retry_after: None,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn envelope_code_wins_over_http_200() {
        let err = decode(
            raw(200, r#"{"code":402,"message":"no credits","data":null}"#),
            &Secrets::new("k"),
        )
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InsufficientCredits);
        assert_eq!(err.http_status(), Some(200));
        assert_eq!(err.envelope_code(), Some(402));
    }

    #[test]
    fn html_error_maps_by_status() {
        let err = decode(raw(502, "<html>Bad Gateway</html>"), &Secrets::new("k")).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Server);
        assert!(err.to_string().contains("Bad Gateway"));
        let err = decode(raw(429, ""), &Secrets::new("k")).unwrap_err();
        assert_eq!(err.code(), ErrorCode::RateLimited);
    }

    #[test]
    fn success_without_data_is_decode() {
        let err = decode(
            raw(200, r#"{"code":200,"message":"success"}"#),
            &Secrets::new("k"),
        )
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::Decode);
        let err = decode(raw(200, r#"{"code":200,"data":[1]}"#), &Secrets::new("k")).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Decode);
        let err = decode(raw(200, r#"{"code":200,"data":{"a":"#), &Secrets::new("k")).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Decode);
        assert!(err.is_retryable(), "a cut-short body is transient");
        let err = decode(raw(200, r#"{"code":200,"data":{"a":1}}"#), &Secrets::new("k"));
        assert!(err.is_ok());
        let err = decode(
            raw(200, r#"{"code":200,"message":"success"}"#),
            &Secrets::new("k"),
        )
        .unwrap_err();
        assert!(!err.is_retryable(), "a well-formed envelope without data is not");
        let err = decode(raw(200, "[1]"), &Secrets::new("k")).unwrap_err();
        assert!(!err.is_retryable(), "JSON that is not an envelope is not");
    }

    #[test]
    fn request_id_from_body_and_string_code() {
        let err = decode(
            raw(
                200,
                r#"{"code":"429","msg":"slow down","data":{"RequestId":"r-1"}}"#,
            ),
            &Secrets::new("k"),
        )
        .unwrap_err();
        assert_eq!(err.code(), ErrorCode::RateLimited);
        assert_eq!(err.request_id(), Some("r-1"));
        assert!(err.to_string().contains("slow down"));
    }

    #[test]
    fn key_never_echoed() {
        let err = decode(
            raw(401, r#"{"code":401,"message":"bad key sk-secret"}"#),
            &Secrets::new("sk-secret"),
        )
        .unwrap_err();
        assert!(!err.to_string().contains("sk-secret"));
        let err = decode(raw(500, "oops sk-secret"), &Secrets::new("sk-secret")).unwrap_err();
        assert!(!err.to_string().contains("sk-secret"));
    }
}
