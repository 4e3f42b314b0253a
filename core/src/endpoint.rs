//! The four service endpoints and what is safe to resend to each.

/// One of the service's four job endpoints.
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
    /// Every endpoint, in index order.
    pub const ALL: [Endpoint; 4] = [
        Self::CreateSession,
        Self::ValidationResult,
        Self::UploadAsset,
        Self::AssetInfo,
    ];

    /// The last path segment, also the operation's name in errors and logs.
    pub fn name(self) -> &'static str {
        match self {
            Self::CreateSession => "visual-validate-session",
            Self::ValidationResult => "visual-validate-result",
            Self::UploadAsset => "asset-upload",
            Self::AssetInfo => "asset-info",
        }
    }

    /// The path relative to the base URL.
    pub fn path(self) -> String {
        format!("api/v1/client/job/{}", self.name())
    }

    /// Whether the request is a POST with a side effect that must never be sent twice.
    pub fn is_post(self) -> bool {
        matches!(self, Self::CreateSession | Self::UploadAsset)
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}
