//! Exit codes (documented in `--help`) and the error every subcommand can end with.

use seedance_assets::{Error, ErrorCode};

/// Done.
pub const OK: i32 = 0;
/// Finished, but not as hoped: an asset Failed, a person not validated, an onboarding item
/// failed or rejected, a preflight violation, a problem found by `doctor`.
pub const FAILED: i32 = 1;
/// Bad usage or a bad argument; nothing was sent.
pub const USAGE: i32 = 2;
/// Configuration: no API key, an unusable base URL or journal.
pub const CONFIGURATION: i32 = 3;
/// The service or the network refused or failed.
pub const SERVICE: i32 = 4;
/// Unfinished: timed out, outcome unknown, items pending or ambiguous (run again to resume).
pub const UNFINISHED: i32 = 5;
/// An internal failure of the command line itself.
pub const INTERNAL: i32 = 70;
/// Ended by Ctrl-C.
pub const INTERRUPTED: i32 = 130;

/// Why a subcommand stopped: an exit code, a stable error code and a message (no secret).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CliError {
    /// The process exit code.
    pub exit_code: i32,
    /// The stable code: the core's `ERR_…` codes, or `ERR_USAGE` / `ERR_INTERNAL`.
    pub code: &'static str,
    /// What happened.
    pub message: String,
}

impl CliError {
    /// A bad combination of arguments.
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            exit_code: USAGE,
            code: "ERR_USAGE",
            message: message.into(),
        }
    }

    /// A failure of the command line itself (a port that cannot be bound, a broken terminal).
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            exit_code: INTERNAL,
            code: "ERR_INTERNAL",
            message: message.into(),
        }
    }
}

impl From<Error> for CliError {
    fn from(error: Error) -> Self {
        Self {
            exit_code: exit_code(&error),
            code: error.code().as_str(),
            message: error.to_string(),
        }
    }
}

/// The exit code of a core error.
pub fn exit_code(error: &Error) -> i32 {
    match error.code() {
        ErrorCode::InvalidArgument | ErrorCode::Preflight => USAGE,
        ErrorCode::Configuration | ErrorCode::Journal => CONFIGURATION,
        ErrorCode::AssetFailed | ErrorCode::Callback => FAILED,
        ErrorCode::WaitTimeout | ErrorCode::OutcomeUnknown => UNFINISHED,
        ErrorCode::Aborted => INTERRUPTED,
        _ => SERVICE,
    }
}
