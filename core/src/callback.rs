//! Reading the browser redirect the H5 page sends to the caller's `callback_url`.

use std::collections::BTreeMap;
use std::fmt;

use crate::errors::{CallbackFailure, Error};
use crate::redact::{self, Secrets};

/// The `resultCode` that means the person passed validation.
pub const RESULT_CODE_PASSED: &str = "10000";

/// Longest result code kept in an error: real ones are a few digits, anything longer is junk.
const CODE_CHARS: usize = 32;

/// The query parameters of a validation callback.
#[derive(Clone, PartialEq, Eq)]
pub struct CallbackResult {
    /// The session's token, to exchange for the GroupId (secret: shown truncated).
    pub byted_token: String,
    /// `10000` means passed; any other value is a failure.
    pub result_code: String,
    /// The service's sub-code, useful when `result_code` reports a server error.
    pub algorithm_base_resp_code: Option<String>,
    /// Currently always `real_time`.
    pub verify_type: Option<String>,
    /// Every other parameter, kept as sent (e.g. `reqMeasureInfoValue`).
    pub extra: BTreeMap<String, String>,
}

impl CallbackResult {
    /// Parses a full callback URL, a path with a query, or a bare query string.
    pub fn parse(url_or_query: &str) -> Result<Self, Error> {
        let query = query_part(url_or_query.trim());
        let parsed = Self::from_query(query);
        if query.contains('?') && parsed.as_ref().is_err_and(is_malformed) {
            // A callback URL that already had a query, to which the H5 page appended its own
            // with a second `?` instead of `&`: `cb?user=42?bytedToken=…&resultCode=…`.
            return Self::from_query(&query.replace('?', "&"));
        }
        parsed
    }

    fn from_query(query: &str) -> Result<Self, Error> {
        let mut byted_token = None;
        let mut result_code = None;
        let mut algorithm_base_resp_code = None;
        let mut verify_type = None;
        let mut extra = BTreeMap::new();
        for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
            let slot = match key.as_ref() {
                "bytedToken" | "byted_token" => &mut byted_token,
                "resultCode" | "result_code" => &mut result_code,
                "algorithmBaseRespCode" => &mut algorithm_base_resp_code,
                "verify_type" | "verifyType" => &mut verify_type,
                _ => {
                    extra
                        .entry(key.into_owned())
                        .or_insert_with(|| value.into_owned());
                    continue;
                }
            };
            if slot.is_none() {
                *slot = Some(value.into_owned());
            }
        }
        let byted_token = byted_token
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| malformed("no bytedToken parameter", None, None))?;
        let secrets = Secrets::default().with_token(&byted_token);
        let result_code = result_code.filter(|c| !c.trim().is_empty()).ok_or_else(|| {
            let algo = algorithm_base_resp_code
                .as_deref()
                .map(|c| shown_code(c, &secrets));
            malformed("no resultCode parameter", None, algo)
        })?;
        Ok(Self {
            byted_token,
            result_code,
            algorithm_base_resp_code,
            verify_type,
            extra,
        })
    }

    /// Whether the person passed validation (`resultCode` is 10000).
    pub fn passed(&self) -> bool {
        self.result_code == RESULT_CODE_PASSED
    }

    /// Refuses this callback unless it names `expected_token`.
    pub fn ensure_token(&self, expected_token: &str) -> Result<(), Error> {
        if self.byted_token == expected_token {
            return Ok(());
        }
        // Mask the session's token too: the codes come from the (possibly forged) callback.
        let (result_code, algorithm_base_resp_code) = self.shown_codes_masking(expected_token);
        Err(Error::Callback {
            failure: CallbackFailure::TokenMismatch,
            message: format!(
                "callback is for token {} but the session's token is {}",
                redact::token(&self.byted_token),
                redact::token(expected_token)
            ),
            result_code: Some(result_code),
            algorithm_base_resp_code,
        })
    }

    /// Refuses this callback unless the person passed.
    pub fn ensure_passed(&self) -> Result<(), Error> {
        if self.passed() {
            return Ok(());
        }
        let (result_code, algorithm_base_resp_code) = self.shown_codes();
        Err(Error::Callback {
            failure: CallbackFailure::NotPassed,
            message: format!(
                "validation did not pass (resultCode={result_code}, algorithmBaseRespCode={}); create a new session",
                algorithm_base_resp_code.as_deref().unwrap_or("none")
            ),
            result_code: Some(result_code),
            algorithm_base_resp_code,
        })
    }

    /// The codes as an error may show them: they come from a URL anyone can forge, so they are
    /// bounded, stripped of control characters and masked like any other untrusted text.
    fn shown_codes(&self) -> (String, Option<String>) {
        self.shown_codes_masking("")
    }

    /// [`Self::shown_codes`] with `other_token`'s runs masked as well.
    fn shown_codes_masking(&self, other_token: &str) -> (String, Option<String>) {
        let secrets = Secrets::default()
            .with_token(&self.byted_token)
            .with_token(other_token);
        (
            shown_code(&self.result_code, &secrets),
            self.algorithm_base_resp_code
                .as_deref()
                .map(|c| shown_code(c, &secrets)),
        )
    }
}

impl fmt::Debug for CallbackResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (result_code, algorithm_base_resp_code) = self.shown_codes();
        let secrets = Secrets::default().with_token(&self.byted_token);
        f.debug_struct("CallbackResult")
            .field("byted_token", &redact::token(&self.byted_token))
            .field("result_code", &result_code)
            .field("algorithm_base_resp_code", &algorithm_base_resp_code)
            .field(
                "verify_type",
                &self.verify_type.as_deref().map(|v| shown_code(v, &secrets)),
            )
            .field("passed", &self.passed())
            .field("extra", &redacted_extra(&self.extra, &self.byted_token))
            .finish()
    }
}

/// Parses a callback and, when `expected_token` is given, refuses one for another token.
/// A callback that did not pass is returned, not refused: check `passed()`.
pub fn parse_callback(url_or_query: &str, expected_token: Option<&str>) -> Result<CallbackResult, Error> {
    let result = CallbackResult::parse(url_or_query)?;
    if let Some(expected) = expected_token {
        result.ensure_token(expected)?;
    }
    Ok(result)
}

/// Parses a callback and refuses it unless it is for `expected_token` (when given) and passed.
pub fn verify_callback(url_or_query: &str, expected_token: Option<&str>) -> Result<CallbackResult, Error> {
    let result = parse_callback(url_or_query, expected_token)?;
    result.ensure_passed()?;
    Ok(result)
}

fn query_part(input: &str) -> &str {
    let without_fragment = input.split_once('#').map_or(input, |(before, _)| before);
    match without_fragment.split_once('?') {
        Some((_, query)) => query,
        None if without_fragment.contains('=') => without_fragment,
        None => "",
    }
}

fn is_malformed(error: &Error) -> bool {
    matches!(
        error,
        Error::Callback {
            failure: CallbackFailure::Malformed,
            ..
        }
    )
}

fn shown_code(code: &str, secrets: &Secrets) -> String {
    let printable: String = code
        .chars()
        .take(CODE_CHARS * 4)
        .filter(|c| !c.is_control())
        .collect();
    secrets.mask_and_cut(&printable, CODE_CHARS)
}

/// The extra parameters with credential-looking values (and the token, wherever it hides)
/// masked, for Debug output.
fn redacted_extra(extra: &BTreeMap<String, String>, byted_token: &str) -> BTreeMap<String, String> {
    let secrets = Secrets::default().with_token(byted_token);
    extra
        .iter()
        .map(|(k, v)| {
            let shown = if redact::is_secret_name(k) {
                redact::MASK.to_string()
            } else {
                secrets.mask(v)
            };
            (secrets.mask(k), shown)
        })
        .collect()
}

fn malformed(reason: &str, result_code: Option<String>, algorithm_base_resp_code: Option<String>) -> Error {
    Error::Callback {
        failure: CallbackFailure::Malformed,
        message: format!("not a validation callback: {reason}"),
        result_code,
        algorithm_base_resp_code,
    }
}
