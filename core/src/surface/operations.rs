//! The client's operations: their names in every language, which endpoint each sends to, and
//! the keys of per-operation rate limits (the method names).

use super::suggest::did_you_mean;
use super::Lang;
use crate::endpoint::Endpoint;
use crate::errors::Error;

/// One client operation that sends requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The method in Rust and Python.
    pub python: &'static str,
    /// The method in Node.
    pub node: &'static str,
    /// The endpoint it sends to.
    pub endpoint: Endpoint,
    /// Older rate-limit keys still accepted for one release.
    pub deprecated_keys: &'static [&'static str],
}

/// The operations whose endpoint has a client-side rate limit, one per endpoint.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        python: "create_validation_session",
        node: "createValidationSession",
        endpoint: Endpoint::CreateSession,
        deprecated_keys: &["create_session", "createSession", "visual-validate-session"],
    },
    Operation {
        python: "get_validation_result",
        node: "getValidationResult",
        endpoint: Endpoint::ValidationResult,
        deprecated_keys: &["validation_result", "validationResult", "visual-validate-result"],
    },
    Operation {
        python: "upload_asset",
        node: "uploadAsset",
        endpoint: Endpoint::UploadAsset,
        deprecated_keys: &["asset-upload"],
    },
    Operation {
        python: "get_asset",
        node: "getAsset",
        endpoint: Endpoint::AssetInfo,
        deprecated_keys: &["asset_info", "assetInfo", "asset-info"],
    },
];

impl Operation {
    /// The method's name in `lang`.
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Rust | Lang::Python => self.python,
            Lang::Node => self.node,
        }
    }

    /// The operation a rate-limit key names (the method name in `lang`, or a deprecated key);
    /// an unknown key is an error naming `field` that suggests the closest method.
    pub fn by_rate_limit_key(
        lang: Lang,
        field: &'static str,
        key: &str,
    ) -> Result<&'static Operation, Error> {
        if let Some(op) = OPERATIONS
            .iter()
            .find(|op| op.name(lang) == key || op.deprecated_keys.contains(&key))
        {
            return Ok(op);
        }
        let names: Vec<&str> = OPERATIONS.iter().map(|op| op.name(lang)).collect();
        Err(Error::invalid(
            field,
            format!(
                "unknown operation {key:?}{}; the keys are the method names: {}",
                did_you_mean(key, &names),
                names.join(", ")
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_method_names_with_a_hint_for_typos() {
        let op = Operation::by_rate_limit_key(Lang::Node, "rateLimits", "getAsset").unwrap();
        assert_eq!(op.endpoint, Endpoint::AssetInfo);
        let op = Operation::by_rate_limit_key(Lang::Python, "rate_limits", "asset-info").unwrap();
        assert_eq!(op.endpoint, Endpoint::AssetInfo);
        let err = Operation::by_rate_limit_key(Lang::Node, "rateLimits", "uploadAset").unwrap_err();
        assert!(err.to_string().contains("did you mean \"uploadAsset\""), "{err}");
        assert_eq!(OPERATIONS.len(), Endpoint::ALL.len());
    }
}
