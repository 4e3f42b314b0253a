//! The cross-language surface, written once: every fact the Python and Node packages must agree
//! on lives in a table here, and the bindings either read it at run time or are generated from
//! it (`codegen/`, checked by `make lint`).
//!
//! - [`ERROR_KINDS`]: each error code with its class name in both languages, its parent class,
//!   its documentation and the details it carries ([`Detail`]).
//! - [`OPERATIONS`]: each client operation's name in every language and its endpoint, which
//!   are also the keys of per-operation rate limits.
//! - [`EVENT_FIELDS`]: the fields of a wait's progress events (`on_poll` / `onPoll`);
//!   [`ONBOARD_EVENT_FIELDS`]: those of onboarding's (`on_progress` / `onProgress`).
//! - [`options`]: every numeric option with its name per language, unit, default and bounds,
//!   and the one validation all languages run.
//!
//! Names differ by language only where the ecosystems' best SDKs differ (`status_code` /
//! `status`, seconds / `…Ms`); everything else is the same word.

mod details;
mod error_kinds;
mod events;
mod operations;
pub mod options;
mod suggest;

pub use details::{Detail, DetailValue, COMMON as COMMON_DETAILS, DETAILS};
pub use error_kinds::{ErrorKind, PythonClass, ERROR_KINDS};
pub use events::{EventField, EVENT_FIELDS, ONBOARD_EVENT_FIELDS};
pub use operations::{Operation, OPERATIONS};
pub use options::OptionSpec;
pub use suggest::did_you_mean;

/// A language the surface is spelled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// The core crate (snake_case, `Duration`s).
    Rust,
    /// The Python package (snake_case, durations in seconds).
    Python,
    /// The Node package (camelCase, durations in milliseconds).
    Node,
}

impl Lang {
    /// `field` (a snake_case name of the core) as this language spells it: `asset_url` is
    /// `assetUrl` in Node and unchanged elsewhere.
    pub fn spell(self, field: &str) -> String {
        match self {
            Lang::Rust | Lang::Python => field.to_string(),
            Lang::Node => camel_case(field),
        }
    }
}

fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_spells_fields_in_camel_case() {
        assert_eq!(Lang::Node.spell("asset_url"), "assetUrl");
        assert_eq!(Lang::Node.spell("timeoutMs"), "timeoutMs");
        assert_eq!(Lang::Python.spell("asset_url"), "asset_url");
    }
}
