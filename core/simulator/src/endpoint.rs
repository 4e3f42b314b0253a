//! The four job-API endpoints the simulator serves.

use std::fmt;
use std::str::FromStr;

/// One of the simulated `/api/v1/client/job/*` endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `POST visual-validate-session`.
    CreateSession,
    /// `GET visual-validate-result`.
    ValidationResult,
    /// `POST asset-upload`.
    UploadAsset,
    /// `GET asset-info`.
    AssetInfo,
}

impl Endpoint {
    /// All endpoints, in wire order.
    pub const ALL: [Endpoint; 4] = [
        Endpoint::CreateSession,
        Endpoint::ValidationResult,
        Endpoint::UploadAsset,
        Endpoint::AssetInfo,
    ];

    /// The path segment under `/api/v1/client/job/`, e.g. `"asset-upload"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Endpoint::CreateSession => "visual-validate-session",
            Endpoint::ValidationResult => "visual-validate-result",
            Endpoint::UploadAsset => "asset-upload",
            Endpoint::AssetInfo => "asset-info",
        }
    }

    /// Dense index 0..4, for per-endpoint arrays.
    pub(crate) fn index(self) -> usize {
        match self {
            Endpoint::CreateSession => 0,
            Endpoint::ValidationResult => 1,
            Endpoint::UploadAsset => 2,
            Endpoint::AssetInfo => 3,
        }
    }
}

impl FromStr for Endpoint {
    type Err = String;

    /// Accepts the wire name (`asset-upload`) or a client operation's name in snake_case or
    /// camelCase (`upload_asset`, `uploadAsset`; `get_asset`/`wait_for_asset` mean `asset-info`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let operation = s.replace('_', "").to_ascii_lowercase();
        let by_operation = match operation.as_str() {
            "createvalidationsession" | "createsession" => Some(Endpoint::CreateSession),
            "getvalidationresult" | "validationresult" => Some(Endpoint::ValidationResult),
            "uploadasset" => Some(Endpoint::UploadAsset),
            "getasset" | "waitforasset" | "assetinfo" => Some(Endpoint::AssetInfo),
            _ => None,
        };
        by_operation
            .or_else(|| Endpoint::ALL.into_iter().find(|e| e.as_str() == s))
            .ok_or_else(|| {
                format!(
                    "unknown endpoint {s:?}: use visual-validate-session, visual-validate-result, \
                     asset-upload, asset-info (or the client method names)"
                )
            })
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
