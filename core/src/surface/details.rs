//! The details an error carries (`status_code`, `asset`, `reason`, …): each one's name and
//! type in every language, and the values of one [`Error`].

use std::time::Duration;

use crate::errors::{CallbackFailure, Error};
use crate::models::Asset;
use crate::preflight::PreflightReport;

/// One attribute of the error classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detail {
    /// The Python attribute.
    pub python: &'static str,
    /// The Node property.
    pub node: &'static str,
    /// Its Python annotation.
    pub python_type: &'static str,
    /// Its TypeScript type.
    pub ts_type: &'static str,
    /// What it holds.
    pub doc: &'static str,
}

/// A detail's value for one error; bindings convert each variant once.
#[derive(Debug, Clone, Copy)]
pub enum DetailValue<'a> {
    /// Absent (Python `None`, JS `null`).
    Null,
    /// A string.
    Text(&'a str),
    /// An integer.
    Int(i64),
    /// A duration: seconds in Python, milliseconds in Node (the names say which).
    Duration(Duration),
    /// An asset.
    Asset(&'a Asset),
    /// The error behind this one (converted the same way).
    Cause(&'a Error),
    /// A preflight's report.
    Report(&'a PreflightReport),
}

macro_rules! detail {
    ($name:ident, $py:literal, $node:literal, $pyt:literal, $ts:literal, $doc:literal) => {
        #[doc = $doc]
        pub const $name: Detail = Detail {
            python: $py,
            node: $node,
            python_type: $pyt,
            ts_type: $ts,
            doc: $doc,
        };
    };
}

detail!(
    STATUS,
    "status_code",
    "status",
    "int | None",
    "number | null",
    "The HTTP status of the response behind the error, if any."
);
detail!(
    ENVELOPE_CODE,
    "code",
    "envelopeCode",
    "int | None",
    "number | null",
    "The service's envelope `code` of the response behind the error, if any."
);
detail!(
    REQUEST_ID,
    "request_id",
    "requestId",
    "str | None",
    "string | null",
    "The request id the service sent, if any."
);
detail!(
    RETRY_AFTER,
    "retry_after",
    "retryAfterMs",
    "float | None",
    "number | null",
    "How long the service asked to wait before retrying (`Retry-After`), if it did."
);
detail!(
    FIELD,
    "field",
    "field",
    "str | None",
    "string",
    "The argument's name as the caller spelled it."
);
detail!(
    REASON,
    "reason",
    "reason",
    "str | None",
    "string",
    "Why it failed, in a word or a sentence."
);
detail!(
    OPERATION,
    "operation",
    "operation",
    "str | None",
    "string",
    "The operation concerned, e.g. `asset-upload`."
);
detail!(
    CAUSE,
    "cause",
    "cause",
    "SeedanceError | None",
    "SeedanceError",
    "What happened to the attempt."
);
detail!(
    KEY,
    "key",
    "key",
    "str | None",
    "string | null",
    "The journal key of the upload concerned, to pass to `resolve`."
);
detail!(
    BODY_SNIPPET,
    "body_snippet",
    "bodySnippet",
    "str | None",
    "string",
    "A short, secret-free start of the body."
);
detail!(
    ASSET_ID,
    "asset_id",
    "assetId",
    "str | None",
    "string",
    "The asset's id."
);
detail!(
    ASSET,
    "asset",
    "asset",
    "Asset | None",
    "Asset",
    "The asset as last seen."
);
detail!(
    WAITED,
    "waited",
    "waitedMs",
    "float | None",
    "number",
    "How long was waited (seconds in Python, milliseconds in Node)."
);
detail!(
    LAST,
    "last",
    "last",
    "Asset | None",
    "Asset | null",
    "The asset as last seen, or none when no poll succeeded."
);
detail!(
    RESULT_CODE,
    "result_code",
    "resultCode",
    "str | None",
    "string | null",
    "The callback's `resultCode`, when present."
);
detail!(
    ALGORITHM_BASE_RESP_CODE,
    "algorithm_base_resp_code",
    "algorithmBaseRespCode",
    "str | None",
    "string | null",
    "The callback's `algorithmBaseRespCode`, when present."
);

detail!(
    REPORT,
    "report",
    "report",
    "PreflightReport | None",
    "PreflightReport",
    "What the preflight found: its `violations` say why the asset was refused."
);

/// The details every error carries.
pub const COMMON: [&Detail; 3] = [&STATUS, &ENVELOPE_CODE, &REQUEST_ID];

/// Every detail, in a stable order.
pub const DETAILS: &[&Detail] = &[
    &STATUS,
    &ENVELOPE_CODE,
    &REQUEST_ID,
    &RETRY_AFTER,
    &FIELD,
    &REASON,
    &OPERATION,
    &CAUSE,
    &KEY,
    &BODY_SNIPPET,
    &ASSET_ID,
    &ASSET,
    &WAITED,
    &LAST,
    &RESULT_CODE,
    &ALGORITHM_BASE_RESP_CODE,
    &REPORT,
];

impl CallbackFailure {
    /// Every failure, for typings.
    pub const ALL: [CallbackFailure; 5] = [
        CallbackFailure::Malformed,
        CallbackFailure::TokenMismatch,
        CallbackFailure::NotPassed,
        CallbackFailure::UnknownToken,
        CallbackFailure::Expired,
    ];

    /// The word for this failure in every language (`reason` of a `CallbackError`).
    pub fn as_str(self) -> &'static str {
        match self {
            CallbackFailure::Malformed => "malformed",
            CallbackFailure::TokenMismatch => "token_mismatch",
            CallbackFailure::NotPassed => "not_passed",
            CallbackFailure::UnknownToken => "unknown_token",
            CallbackFailure::Expired => "expired",
        }
    }
}

fn text(value: Option<&str>) -> DetailValue<'_> {
    value.map_or(DetailValue::Null, DetailValue::Text)
}

impl Error {
    /// Every detail of this error with its value: the common ones first, then the kind's own.
    /// A binding turns each into an attribute named for its language.
    pub fn details(&self) -> Vec<(&'static Detail, DetailValue<'_>)> {
        let mut out = vec![
            (
                &STATUS,
                self.http_status()
                    .map_or(DetailValue::Null, |s| DetailValue::Int(i64::from(s))),
            ),
            (
                &ENVELOPE_CODE,
                self.envelope_code().map_or(DetailValue::Null, DetailValue::Int),
            ),
            (&REQUEST_ID, text(self.request_id())),
        ];
        if let Some(retry_after) = self.retry_after() {
            out.push((&RETRY_AFTER, DetailValue::Duration(retry_after)));
        }
        match self {
            Error::InvalidArgument { field, reason } => {
                out.push((&FIELD, DetailValue::Text(field)));
                out.push((&REASON, DetailValue::Text(reason)));
            }
            Error::QueuedLocally { operation, waited } => {
                out.push((&OPERATION, DetailValue::Text(operation)));
                out.push((&WAITED, DetailValue::Duration(*waited)));
            }
            Error::OutcomeUnknown { operation, cause } => {
                out.push((&OPERATION, DetailValue::Text(operation)));
                out.push((&CAUSE, DetailValue::Cause(cause)));
            }
            Error::UploadUnresolved { key, cause } => {
                out.push((&OPERATION, DetailValue::Text("asset-upload")));
                out.push((
                    &CAUSE,
                    cause.as_deref().map_or(DetailValue::Null, DetailValue::Cause),
                ));
                out.push((&KEY, DetailValue::Text(key)));
            }
            Error::ValidationLost { cause } => {
                out.push((&OPERATION, DetailValue::Text("visual-validate-result")));
                out.push((
                    &CAUSE,
                    cause.as_deref().map_or(DetailValue::Null, DetailValue::Cause),
                ));
            }
            Error::Preflight { report } => {
                out.push((&FIELD, DetailValue::Text("asset_url")));
                out.push((
                    &REASON,
                    DetailValue::Text("preflight found the asset outside the limits (see report)"),
                ));
                out.push((&REPORT, DetailValue::Report(report)));
            }
            Error::Journal { problem, .. } => {
                out.push((&REASON, DetailValue::Text(problem.as_str())));
            }
            Error::Decode { reason, snippet, .. } => {
                out.push((&REASON, DetailValue::Text(reason)));
                out.push((&BODY_SNIPPET, DetailValue::Text(snippet)));
            }
            Error::Garbled { snippet, .. } => {
                out.push((
                    &REASON,
                    DetailValue::Text("the body was cut short or is not JSON"),
                ));
                out.push((&BODY_SNIPPET, DetailValue::Text(snippet)));
            }
            Error::AssetFailed { asset } => {
                out.push((&ASSET_ID, DetailValue::Text(&asset.asset_id)));
                out.push((&ASSET, DetailValue::Asset(asset)));
            }
            Error::WaitTimeout {
                asset_id,
                waited,
                last,
            } => {
                out.push((&ASSET_ID, DetailValue::Text(asset_id)));
                out.push((&WAITED, DetailValue::Duration(*waited)));
                out.push((
                    &LAST,
                    last.as_deref().map_or(DetailValue::Null, DetailValue::Asset),
                ));
            }
            Error::Callback {
                failure,
                result_code,
                algorithm_base_resp_code,
                ..
            } => {
                out.push((&REASON, DetailValue::Text(failure.as_str())));
                out.push((&RESULT_CODE, text(result_code.as_deref())));
                out.push((
                    &ALGORITHM_BASE_RESP_CODE,
                    text(algorithm_base_resp_code.as_deref()),
                ));
            }
            _ => {}
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::surface::ERROR_KINDS;

    #[test]
    fn every_detail_an_error_sets_is_declared_by_its_kind() {
        let errors = [
            Error::invalid("name", "must not be empty"),
            Error::OutcomeUnknown {
                operation: "asset-upload",
                cause: Box::new(Error::Connection {
                    message: "reset".into(),
                }),
            },
            Error::Decode {
                http_status: 200,
                reason: "no data".into(),
                snippet: "{}".into(),
                request_id: None,
            },
            Error::WaitTimeout {
                asset_id: "a".into(),
                waited: Duration::from_secs(1),
                last: None,
            },
            Error::Callback {
                failure: CallbackFailure::NotPassed,
                message: "no".into(),
                result_code: Some("1".into()),
                algorithm_base_resp_code: None,
            },
        ];
        for error in &errors {
            let kind = error.code().kind();
            let declared = kind.all_details();
            for (detail, _) in error.details() {
                assert!(
                    COMMON.contains(&detail) || declared.contains(&detail),
                    "{} sets undeclared {}",
                    kind.class,
                    detail.python
                );
            }
        }
        assert!(ERROR_KINDS
            .iter()
            .all(|k| k.details.iter().all(|d| DETAILS.contains(d))));
    }
}
