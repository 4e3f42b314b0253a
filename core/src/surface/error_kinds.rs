//! The error table: one row per [`ErrorCode`], from which both packages' classes are made.

use super::details::{self, Detail};
use crate::errors::ErrorCode;

/// How an error kind appears in Python.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PythonClass {
    /// A class of `seedance_assets.errors`, also deriving from these built-in exceptions (so
    /// `except ValueError` keeps working).
    Own {
        /// Built-in exception classes it also derives from.
        builtins: &'static [&'static str],
    },
    /// Raised as `asyncio.CancelledError`, as asyncio code expects of a cancelled call.
    Cancelled,
}

/// One kind of failure, as every language shows it.
#[derive(Debug, Clone, Copy)]
pub struct ErrorKind {
    /// The core's code; `code.as_str()` is the stable `ERR_…` name (Node `err.code`, Python
    /// `err.error_code`).
    pub code: ErrorCode,
    /// The class name, the same in Python and Node.
    pub class: &'static str,
    /// The parent kind; `None` derives from `SeedanceError`.
    pub parent: Option<ErrorCode>,
    /// How Python shows it.
    pub python: PythonClass,
    /// Older Node class names, kept as deprecated aliases for one release.
    pub deprecated_names: &'static [&'static str],
    /// Older Node property names, kept as deprecated aliases for one release: (old, new).
    pub deprecated_details: &'static [(&'static str, &'static str)],
    /// One paragraph for the class's documentation.
    pub doc: &'static str,
    /// The details this kind carries besides the common ones ([`details::COMMON`]).
    pub details: &'static [&'static Detail],
}

const OWN: PythonClass = PythonClass::Own { builtins: &[] };

const fn api(code: ErrorCode, class: &'static str, doc: &'static str) -> ErrorKind {
    ErrorKind {
        code,
        class,
        parent: Some(ErrorCode::Api),
        python: OWN,
        deprecated_names: &[],
        deprecated_details: &[],
        doc,
        details: &[],
    }
}

/// Every error kind, parents before children.
pub const ERROR_KINDS: &[ErrorKind] = &[
    ErrorKind {
        code: ErrorCode::InvalidArgument,
        class: "InvalidArgumentError",
        parent: None,
        python: PythonClass::Own { builtins: &["ValueError"] },
        deprecated_names: &[],
        deprecated_details: &[],
        doc: "A bad argument, refused before any request was sent; `field` names it as the caller spelled it.",
        details: &[&details::FIELD, &details::REASON],
    },
    ErrorKind {
        code: ErrorCode::Configuration,
        class: "ConfigurationError",
        parent: None,
        python: OWN,
        deprecated_names: &[],
        deprecated_details: &[],
        doc: "Missing or unusable configuration (API key, base URL, transport policy).",
        details: &[],
    },
    ErrorKind {
        code: ErrorCode::Api,
        class: "APIStatusError",
        parent: None,
        python: OWN,
        deprecated_names: &["APIError"],
        deprecated_details: &[],
        doc: "The service answered with an error (envelope code or HTTP status); the subclasses name the documented ones.",
        details: &[&details::RETRY_AFTER],
    },
    api(ErrorCode::Authentication, "AuthenticationError", "401: the API key was refused."),
    api(ErrorCode::InsufficientCredits, "InsufficientCreditsError", "402: not enough credits."),
    api(ErrorCode::NotFound, "NotFoundError", "404: no such token, session or asset."),
    api(ErrorCode::Unprocessable, "UnprocessableError", "422: the request was understood but refused."),
    ErrorKind {
        code: ErrorCode::RateLimited,
        class: "RateLimitError",
        parent: Some(ErrorCode::Api),
        python: OWN,
        deprecated_names: &[],
        deprecated_details: &[],
        doc: "429: rate limited, still so after the retries (see the retry-after detail); or the call's deadline ran out while the client-side rate limit queued it (`waited`, no status), before anything was sent.",
        details: &[&details::OPERATION, &details::WAITED],
    },
    api(ErrorCode::ServiceUnavailable, "ServiceUnavailableError", "455: the service is under maintenance."),
    api(ErrorCode::Server, "ServerError", "500 or another 5xx."),
    api(ErrorCode::GenerationFailed, "GenerationFailedError", "501: the service failed to process the request."),
    api(ErrorCode::FeatureDisabled, "FeatureDisabledError", "505: the feature is disabled for this account."),
    ErrorKind {
        code: ErrorCode::Connection,
        class: "APIConnectionError",
        parent: None,
        python: OWN,
        deprecated_names: &[],
        deprecated_details: &[],
        doc: "The connection failed or gave no usable answer.",
        details: &[],
    },
    ErrorKind {
        code: ErrorCode::Timeout,
        class: "APITimeoutError",
        parent: Some(ErrorCode::Connection),
        python: OWN,
        deprecated_names: &[],
        deprecated_details: &[],
        doc: "A request timed out.",
        details: &[],
    },
    ErrorKind {
        code: ErrorCode::OutcomeUnknown,
        class: "OutcomeUnknownError",
        parent: None,
        python: OWN,
        deprecated_names: &[],
        deprecated_details: &[],
        doc: "A POST may have reached the service but its outcome is unknown; it was not resent, so an upload is never silently duplicated. `cause` is what happened; `key` is the journal key of an upload to `resolve` (with a journal attached). Also raised when a validation's GroupId answer was lost after its single-use token was used: validate the person again.",
        details: &[&details::OPERATION, &details::CAUSE, &details::KEY],
    },
    ErrorKind {
        code: ErrorCode::Decode,
        class: "DecodeError",
        parent: None,
        python: OWN,
        deprecated_names: &[],
        deprecated_details: &[],
        doc: "The response body is not the documented envelope.",
        details: &[&details::REASON, &details::BODY_SNIPPET],
    },
    ErrorKind {
        code: ErrorCode::AssetFailed,
        class: "AssetFailedError",
        parent: None,
        python: OWN,
        deprecated_names: &[],
        deprecated_details: &[],
        doc: "The asset ended `Failed` while waiting; `asset` has its error code and message.",
        details: &[&details::ASSET_ID, &details::ASSET],
    },
    ErrorKind {
        code: ErrorCode::WaitTimeout,
        class: "WaitTimeoutError",
        parent: None,
        python: PythonClass::Own { builtins: &["TimeoutError"] },
        deprecated_names: &[],
        deprecated_details: &[],
        doc: "Waiting ran past its deadline; `last` is the asset as last seen (or none).",
        details: &[&details::ASSET_ID, &details::WAITED, &details::LAST],
    },
    ErrorKind {
        code: ErrorCode::Callback,
        class: "CallbackError",
        parent: None,
        python: PythonClass::Own { builtins: &["ValueError"] },
        deprecated_names: &[],
        deprecated_details: &[("failure", "reason")],
        doc: "A validation callback was refused: `reason` is `malformed`, `token_mismatch`, `not_passed`, `unknown_token` (the journal issued no such session) or `expired` (the service refused the token earlier).",
        details: &[&details::REASON, &details::RESULT_CODE, &details::ALGORITHM_BASE_RESP_CODE],
    },
    ErrorKind {
        code: ErrorCode::Aborted,
        class: "AbortError",
        parent: None,
        python: PythonClass::Cancelled,
        deprecated_names: &[],
        deprecated_details: &[],
        doc: "The caller cancelled the call (an `AbortSignal`); the request was dropped.",
        details: &[],
    },
    ErrorKind {
        code: ErrorCode::Closed,
        class: "ClientClosedError",
        parent: None,
        python: PythonClass::Own { builtins: &["RuntimeError"] },
        deprecated_names: &[],
        deprecated_details: &[],
        doc: "The client was closed before the call; make a new one.",
        details: &[],
    },
    ErrorKind {
        code: ErrorCode::Journal,
        class: "JournalError",
        parent: None,
        python: PythonClass::Own { builtins: &["OSError"] },
        deprecated_names: &[],
        deprecated_details: &[],
        doc: "The journal cannot be opened, read or written: `reason` is `corrupt`, `incompatible` (written by a newer major version), `read_only`, `disk_full`, `unavailable` or `failed`. The failing step changed nothing.",
        details: &[&details::REASON],
    },
    ErrorKind {
        code: ErrorCode::Preflight,
        class: "PreflightError",
        parent: Some(ErrorCode::InvalidArgument),
        python: OWN,
        deprecated_names: &[],
        deprecated_details: &[],
        doc: "Preflight (`preflight=True`) found the asset outside the limits, unreachable, not media or on a private host; nothing was uploaded. `report` says why (its `violations`).",
        details: &[&details::REPORT],
    },
    ErrorKind {
        code: ErrorCode::Staging,
        class: "StagingError",
        parent: None,
        python: PythonClass::Own { builtins: &["OSError"] },
        deprecated_names: &[],
        deprecated_details: &[],
        doc: "A local file could not be put in the staging bucket or signed (the bucket refused the credentials, does not exist, or cannot be reached); nothing was uploaded upstream. The message names the bucket, never a credential or signature.",
        details: &[],
    },
    ErrorKind {
        code: ErrorCode::Internal,
        class: "InternalError",
        parent: None,
        python: OWN,
        deprecated_names: &[],
        deprecated_details: &[],
        doc: "A bug in this package (e.g. a panic caught at the language boundary); please report it.",
        details: &[],
    },
];

impl ErrorCode {
    /// This code's row of [`ERROR_KINDS`].
    pub fn kind(self) -> &'static ErrorKind {
        ERROR_KINDS
            .iter()
            .find(|kind| kind.code == self)
            .unwrap_or(&ERROR_KINDS[ERROR_KINDS.len() - 1])
    }
}

impl ErrorKind {
    /// The parent's class name (`SeedanceError` at the top).
    pub fn parent_class(&self) -> &'static str {
        self.parent.map_or("SeedanceError", |p| p.kind().class)
    }

    /// The details this kind carries, its parents' included, without the common ones.
    pub fn all_details(&self) -> Vec<&'static Detail> {
        let mut out: Vec<&'static Detail> = match self.parent {
            Some(parent) => parent.kind().all_details(),
            None => Vec::new(),
        };
        for detail in self.details {
            if !out.iter().any(|d| d.python == detail.python) {
                out.push(detail);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_exactly_one_row_and_parents_come_first() {
        for (i, kind) in ERROR_KINDS.iter().enumerate() {
            assert_eq!(
                ERROR_KINDS.iter().filter(|k| k.code == kind.code).count(),
                1,
                "{}",
                kind.class
            );
            if let Some(parent) = kind.parent {
                let at = ERROR_KINDS.iter().position(|k| k.code == parent);
                assert!(at.is_some_and(|at| at < i), "{} before its parent", kind.class);
            }
            assert!(kind.class.ends_with("Error"), "{}", kind.class);
        }
        assert_eq!(ErrorCode::Timeout.kind().parent_class(), "APIConnectionError");
        assert_eq!(
            ErrorCode::RateLimited.kind().all_details()[0].node,
            "retryAfterMs"
        );
    }
}
