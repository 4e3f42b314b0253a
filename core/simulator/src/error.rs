//! Errors returned by the simulator's Rust control methods.

use std::fmt;

/// Why a control call on a [`crate::Simulator`] was refused.
#[derive(Clone, PartialEq, Eq)]
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

impl fmt::Debug for SimulatorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimulatorError::UnknownToken(t) => f.debug_tuple("UnknownToken").field(&shown(t)).finish(),
            SimulatorError::Expired(t) => f.debug_tuple("Expired").field(&shown(t)).finish(),
            SimulatorError::AlreadyCompleted(t) => {
                f.debug_tuple("AlreadyCompleted").field(&shown(t)).finish()
            }
            SimulatorError::UnknownAsset(a) => f.debug_tuple("UnknownAsset").field(a).finish(),
        }
    }
}

impl fmt::Display for SimulatorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimulatorError::UnknownToken(t) => write!(f, "unknown byted token {}", shown(t)),
            SimulatorError::Expired(t) => {
                write!(
                    f,
                    "link expired for byted token {}, create a new session",
                    shown(t)
                )
            }
            SimulatorError::AlreadyCompleted(t) => {
                write!(f, "validation already completed for byted token {}", shown(t))
            }
            SimulatorError::UnknownAsset(a) => write!(f, "unknown asset {a}"),
        }
    }
}

impl std::error::Error for SimulatorError {}

/// A token as messages show it: its last four characters (`…a1b2`), like the client does, so
/// the simulator's errors and logs never carry a usable token.
pub(crate) fn shown(token: &str) -> String {
    let count = token.chars().count();
    if count < 12 {
        return "…".to_string();
    }
    let tail: String = token.chars().skip(count - 4).collect();
    format!("…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_show_only_the_token_tail() {
        let token = "2026070222152680501D985EA34A3BE3D8";
        for err in [
            SimulatorError::UnknownToken(token.into()),
            SimulatorError::Expired(token.into()),
            SimulatorError::AlreadyCompleted(token.into()),
        ] {
            let text = format!("{err} {err:?}");
            assert!(text.contains("…E3D8") && !text.contains("80501D9"), "{text}");
        }
    }
}
