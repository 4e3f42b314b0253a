//! The one error type of the crate, with the stable codes the bindings map to classes.

use std::time::Duration;

use crate::models::Asset;

/// A stable, language-neutral name for each kind of failure (the Node `err.code`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// A bad argument, caught before any request.
    InvalidArgument,
    /// Missing or unusable configuration (API key, base URL, TLS).
    Configuration,
    /// Envelope or HTTP 401.
    Authentication,
    /// Envelope or HTTP 402.
    InsufficientCredits,
    /// Envelope or HTTP 404.
    NotFound,
    /// Envelope or HTTP 422.
    Unprocessable,
    /// Envelope or HTTP 429.
    RateLimited,
    /// Envelope or HTTP 455 (maintenance).
    ServiceUnavailable,
    /// Envelope or HTTP 500 and other 5xx.
    Server,
    /// Envelope or HTTP 501.
    GenerationFailed,
    /// Envelope or HTTP 505.
    FeatureDisabled,
    /// Any other non-success status the service may send (e.g. 400, 403).
    Api,
    /// The connection failed or gave no usable answer.
    Connection,
    /// A request timed out.
    Timeout,
    /// A POST may have reached the service but its outcome is unknown; it was not resent.
    OutcomeUnknown,
    /// The body is not the documented envelope.
    Decode,
    /// The asset ended `Failed` while waiting.
    AssetFailed,
    /// Waiting ran past its deadline.
    WaitTimeout,
    /// The validation callback did not pass, names another token, or is malformed.
    Callback,
    /// The caller cancelled the operation.
    Aborted,
    /// The client was closed before the call.
    Closed,
    /// The journal cannot be opened, read or written.
    Journal,
    /// A bug in this package, caught at a language boundary.
    Internal,
    /// Preflight found the asset outside the limits; nothing was uploaded.
    Preflight,
    /// A local file could not be staged in the bucket; nothing was uploaded upstream.
    Staging,
}

impl ErrorCode {
    /// The stable string form, e.g. `ERR_RATE_LIMITED`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidArgument => "ERR_INVALID_ARGUMENT",
            Self::Configuration => "ERR_CONFIGURATION",
            Self::Authentication => "ERR_AUTHENTICATION",
            Self::InsufficientCredits => "ERR_INSUFFICIENT_CREDITS",
            Self::NotFound => "ERR_NOT_FOUND",
            Self::Unprocessable => "ERR_UNPROCESSABLE",
            Self::RateLimited => "ERR_RATE_LIMITED",
            Self::ServiceUnavailable => "ERR_SERVICE_UNAVAILABLE",
            Self::Server => "ERR_SERVER",
            Self::GenerationFailed => "ERR_GENERATION_FAILED",
            Self::FeatureDisabled => "ERR_FEATURE_DISABLED",
            Self::Api => "ERR_API",
            Self::Connection => "ERR_CONNECTION",
            Self::Timeout => "ERR_TIMEOUT",
            Self::OutcomeUnknown => "ERR_OUTCOME_UNKNOWN",
            Self::Decode => "ERR_DECODE",
            Self::AssetFailed => "ERR_ASSET_FAILED",
            Self::WaitTimeout => "ERR_WAIT_TIMEOUT",
            Self::Callback => "ERR_CALLBACK",
            Self::Aborted => "ERR_ABORTED",
            Self::Closed => "ERR_CLOSED",
            Self::Internal => "ERR_INTERNAL",
            Self::Journal => "ERR_JOURNAL",
            Self::Preflight => "ERR_PREFLIGHT",
            Self::Staging => "ERR_STAGING",
        }
    }

    /// The code the service uses for an envelope `code` or HTTP status.
    pub fn from_status(status: i64) -> ErrorCode {
        match status {
            401 | 403 => Self::Authentication,
            402 => Self::InsufficientCredits,
            404 => Self::NotFound,
            422 => Self::Unprocessable,
            429 => Self::RateLimited,
            455 => Self::ServiceUnavailable,
            501 => Self::GenerationFailed,
            505 => Self::FeatureDisabled,
            500..=599 => Self::Server,
            _ => Self::Api,
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error answer from the service: the envelope `code` (or HTTP status) was not success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// Which row of the error table this is.
    pub code: ErrorCode,
    /// The HTTP status of the response.
    pub http_status: u16,
    /// The envelope `code`, when the body was an envelope.
    pub envelope_code: Option<i64>,
    /// The service's message (or a short, secret-free snippet of a non-JSON body).
    pub message: String,
    /// The request id the service sent, if any.
    pub request_id: Option<String>,
    /// The `Retry-After` the service asked for, if any (already capped).
    pub retry_after: Option<Duration>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let shown = self.envelope_code.unwrap_or(i64::from(self.http_status));
        write!(f, "{} (code {shown}, HTTP {})", self.message, self.http_status)?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

/// Why a validation callback was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackFailure {
    /// Not a URL or query string with `bytedToken` and `resultCode`.
    Malformed,
    /// The callback names a different token than the session.
    TokenMismatch,
    /// The person did not pass validation (`resultCode` other than 10000).
    NotPassed,
    /// The journal issued no session with this token.
    UnknownToken,
    /// The service already refused this session's token (expired or used): create a new session.
    Expired,
}

/// Why the journal failed (`reason` of a `JournalError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JournalProblem {
    /// The file is not a journal, or is damaged.
    Corrupt,
    /// The journal was written by a newer, incompatible version of this package.
    Incompatible,
    /// The journal was opened read-only, or the file or database refuses writes.
    ReadOnly,
    /// The disk (or the database's quota) is full.
    Full,
    /// The database cannot be reached or refused the connection.
    Unavailable,
    /// Anything else the database reported.
    Failed,
}

impl JournalProblem {
    /// The word for this problem in every language.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Corrupt => "corrupt",
            Self::Incompatible => "incompatible",
            Self::ReadOnly => "read_only",
            Self::Full => "disk_full",
            Self::Unavailable => "unavailable",
            Self::Failed => "failed",
        }
    }
}

/// Every way an operation of this crate can fail.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A bad argument, refused before any request was sent.
    #[error("invalid argument `{field}`: {reason}")]
    InvalidArgument {
        /// The argument's name as the caller wrote it.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// Missing or unusable configuration.
    #[error("configuration error: {0}")]
    Configuration(String),
    /// The service answered with an error.
    #[error("{0}")]
    Api(ApiError),
    /// The connection failed or broke before a usable answer arrived.
    #[error("connection error: {message}")]
    Connection {
        /// What went wrong, secret-free.
        message: String,
    },
    /// The request did not complete in time.
    #[error("request timed out after {}", human(*.elapsed))]
    Timeout {
        /// How long the attempt ran.
        elapsed: Duration,
    },
    /// The call's deadline ran out while the client-side rate limit held it back: nothing was
    /// sent, and the service did not refuse anything.
    #[error("queued locally for {} by the client-side rate limit of {operation}; the deadline ran out before a request was sent", human(*.waited))]
    QueuedLocally {
        /// The operation, e.g. `asset-info`.
        operation: &'static str,
        /// How long the call waited for the limiter.
        waited: Duration,
    },
    /// A POST may have reached the service and its outcome is unknown; it was not resent.
    #[error("outcome of {operation} unknown, not retried to avoid a duplicate: {cause}")]
    OutcomeUnknown {
        /// The operation, e.g. `asset-upload`.
        operation: &'static str,
        /// What happened to the attempt.
        cause: Box<Error>,
    },
    /// The body was not the documented envelope.
    #[error("could not decode the response (HTTP {http_status}): {reason}; body starts: {snippet:?}")]
    Decode {
        /// The HTTP status of the response.
        http_status: u16,
        /// What was missing or malformed.
        reason: String,
        /// A short, secret-free start of the body.
        snippet: String,
        /// The request id the service sent, if any.
        request_id: Option<String>,
    },
    /// A success status whose body was cut short or is not JSON at all: a fault on the way, not
    /// a changed API, so an idempotent GET is sent again (code `ERR_DECODE` when it persists).
    #[error("could not decode the response (HTTP {http_status}): the body was cut short or is not JSON; body starts: {snippet:?}")]
    Garbled {
        /// The HTTP status of the response.
        http_status: u16,
        /// A short, secret-free start of the body.
        snippet: String,
        /// The request id the service sent, if any.
        request_id: Option<String>,
    },
    /// The asset ended `Failed` while being waited for.
    #[error("asset {} failed: {}", .asset.asset_id, .asset.error_summary())]
    AssetFailed {
        /// The asset as last seen.
        asset: Box<Asset>,
    },
    /// Waiting for the asset ran past its deadline.
    #[error("asset {asset_id} not ready after {} (last status: {})", human(*.waited), .last.as_ref().map_or("none seen", |a| a.status.as_str()))]
    WaitTimeout {
        /// The asset waited for.
        asset_id: String,
        /// How long was waited.
        waited: Duration,
        /// The asset as last seen, if any poll succeeded.
        last: Option<Box<Asset>>,
    },
    /// A validation callback was refused.
    #[error("validation callback refused: {message}")]
    Callback {
        /// Why it was refused.
        failure: CallbackFailure,
        /// A human-readable explanation (tokens truncated).
        message: String,
        /// The callback's `resultCode`, when present.
        result_code: Option<String>,
        /// The callback's `algorithmBaseRespCode`, when present.
        algorithm_base_resp_code: Option<String>,
    },
    /// An upload recorded in the journal may already have reached the service; it is not sent
    /// again until resolved.
    #[error("the upload with key {key:?} may already have reached the service{}; it was not sent again. Once you know, record the answer with journal.resolve(key, asset_id) (no asset id: it did not happen), or upload with allow_duplicate", .cause.as_ref().map_or(String::new(), |c| format!(" ({c})")))]
    UploadUnresolved {
        /// The upload's journal key.
        key: String,
        /// What happened to the attempt, when this call made it.
        cause: Option<Box<Error>>,
    },
    /// The answer of a validation exchange was lost after the single-use token was used.
    #[error("the GroupId answer for this validation was lost after its single-use token was used{}; it cannot be asked again: validate the person again with a new session", .cause.as_ref().map_or(String::new(), |c| format!(" ({c})")))]
    ValidationLost {
        /// What happened to the exchange, when this call made it.
        cause: Option<Box<Error>>,
    },
    /// The journal cannot be opened, read or written; nothing was changed by the failing step.
    #[error("journal error ({}): {message}", .problem.as_str())]
    Journal {
        /// What kind of problem.
        problem: JournalProblem,
        /// What happened, without database URLs or credentials.
        message: String,
    },
    /// Preflight found the asset outside the limits (or unreachable, or private); nothing was
    /// uploaded. The report says why.
    #[error("preflight refused the asset: {}", .report.summary())]
    Preflight {
        /// What the preflight found.
        report: Box<crate::preflight::PreflightReport>,
    },
    /// The staging bucket refused or failed; nothing was uploaded upstream.
    #[error("staging in {location} failed: {reason}")]
    Staging {
        /// The bucket and prefix (`s3://bucket/prefix`, `az://container/prefix`).
        location: String,
        /// What the bucket said, without credentials or signatures.
        reason: String,
    },
    /// The caller cancelled the operation.
    #[error("operation aborted")]
    Aborted,
    /// The client was closed before the call; make a new one.
    #[error("the client is closed: make a new one")]
    Closed,
}

impl Error {
    /// The stable code of this error (`ERR_…`).
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidArgument { .. } => ErrorCode::InvalidArgument,
            Self::Configuration(_) => ErrorCode::Configuration,
            Self::Api(api) => api.code,
            Self::Connection { .. } => ErrorCode::Connection,
            Self::Timeout { .. } => ErrorCode::Timeout,
            Self::QueuedLocally { .. } => ErrorCode::RateLimited,
            Self::OutcomeUnknown { .. } | Self::UploadUnresolved { .. } | Self::ValidationLost { .. } => {
                ErrorCode::OutcomeUnknown
            }
            Self::Journal { .. } => ErrorCode::Journal,
            Self::Decode { .. } | Self::Garbled { .. } => ErrorCode::Decode,
            Self::AssetFailed { .. } => ErrorCode::AssetFailed,
            Self::WaitTimeout { .. } => ErrorCode::WaitTimeout,
            Self::Callback { .. } => ErrorCode::Callback,
            Self::Preflight { .. } => ErrorCode::Preflight,
            Self::Staging { .. } => ErrorCode::Staging,
            Self::Aborted => ErrorCode::Aborted,
            Self::Closed => ErrorCode::Closed,
        }
    }

    /// The service's answer, when this error is (or was caused by) one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api(api) => Some(api),
            Self::OutcomeUnknown { cause, .. } => cause.api_error(),
            _ => None,
        }
    }

    /// The HTTP status of the response behind this error, if there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::Decode { http_status, .. } | Self::Garbled { http_status, .. } => Some(*http_status),
            _ => self.api_error().map(|a| a.http_status),
        }
    }

    /// The envelope `code` of the response behind this error, if there was one.
    pub fn envelope_code(&self) -> Option<i64> {
        self.api_error().and_then(|a| a.envelope_code)
    }

    /// The request id the service sent with the failing response, if any.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Decode { request_id, .. } | Self::Garbled { request_id, .. } => request_id.as_deref(),
            _ => self.api_error().and_then(|a| a.request_id.as_deref()),
        }
    }

    /// The delay the service asked for before retrying, if any.
    pub fn retry_after(&self) -> Option<Duration> {
        self.api_error().and_then(|a| a.retry_after)
    }

    /// The asset carried by `AssetFailed` (the failed asset) or `WaitTimeout` (the last one seen).
    pub fn asset(&self) -> Option<&Asset> {
        match self {
            Self::AssetFailed { asset } => Some(asset),
            Self::WaitTimeout { last, .. } => last.as_deref(),
            _ => None,
        }
    }

    /// Whether sending the same request again may succeed (for an idempotent request).
    ///
    /// A garbled answer is; a well-formed envelope with unexpected data (`Decode`) is not, so a
    /// changed API fails at once instead of hiding behind retries.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Garbled { .. } => true,
            Self::Api(api) => matches!(
                api.code,
                ErrorCode::RateLimited | ErrorCode::ServiceUnavailable | ErrorCode::Server
            ),
            Self::Connection { .. } | Self::Timeout { .. } => true,
            _ => false,
        }
    }

    pub(crate) fn journal(problem: JournalProblem, message: impl Into<String>) -> Self {
        Self::Journal {
            problem,
            message: message.into(),
        }
    }

    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Self::InvalidArgument {
            field,
            reason: reason.into(),
        }
    }
}

/// A duration as people read it: `1.5 s`, `250 ms`, `2 min 5 s`.
pub(crate) fn human(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs < 1.0 {
        format!("{} ms", duration.as_millis())
    } else if secs < 60.0 {
        let text = format!("{secs:.1}");
        format!("{} s", text.trim_end_matches(".0"))
    } else {
        let whole = duration.as_secs();
        match whole % 60 {
            0 => format!("{} min", whole / 60),
            rest => format!("{} min {rest} s", whole / 60),
        }
    }
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
