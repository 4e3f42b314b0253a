//! Errors returned by the simulator's Rust control methods.

use std::fmt;

/// Why a control call on a [`crate::Simulator`] was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimulatorError {
    /// No session was created with this BytedToken.
    UnknownToken(String),
    /// The H5 link is older than the configured link TTL.
    Expired(String),
    /// The session was already completed (passed or failed).
    AlreadyCompleted(String),
    /// No asset with this id exists.
    UnknownAsset(String),
}

impl SimulatorError {
    /// The HTTP status the control API and H5 page use for this error.
    pub fn http_status(&self) -> u16 {
        match self {
            SimulatorError::UnknownToken(_) | SimulatorError::UnknownAsset(_) => 404,
            SimulatorError::Expired(_) => 410,
            SimulatorError::AlreadyCompleted(_) => 409,
        }
    }
}

impl fmt::Display for SimulatorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimulatorError::UnknownToken(t) => write!(f, "unknown byted token {t}"),
            SimulatorError::Expired(t) => {
                write!(f, "link expired for byted token {t}, create a new session")
            }
            SimulatorError::AlreadyCompleted(t) => {
                write!(f, "validation already completed for byted token {t}")
            }
            SimulatorError::UnknownAsset(a) => write!(f, "unknown asset {a}"),
        }
    }
}

impl std::error::Error for SimulatorError {}
