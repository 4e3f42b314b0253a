//! What a preflight found: the report and its findings.

use std::fmt;

use crate::models::AssetType;

/// One limit an asset is outside of (a violation) or near (a warning).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The limit, e.g. `video.min_fps` (a profile key), `reachable`, `host`, `content_type`.
    pub limit: String,
    /// What the limit asks for, e.g. `at least 23.8 fps`.
    pub expected: String,
    /// What was found, e.g. `23.5 fps`.
    pub actual: String,
}

impl Finding {
    pub(crate) fn new(limit: impl Into<String>, expected: impl Into<String>, actual: String) -> Self {
        Self {
            limit: limit.into(),
            expected: expected.into(),
            actual,
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: expected {}, found {}",
            self.limit, self.expected, self.actual
        )
    }
}

/// Whether upstream is expected to accept an asset, and what was measured of it.
#[derive(Debug, Clone, PartialEq)]
pub struct PreflightReport {
    /// No violation: upstream's published limits accept it (warnings may remain).
    pub ok: bool,
    /// The asset type it was judged as.
    pub asset_type: AssetType,
    /// Every limit it is outside of, by the lenient reading where sources disagree; also an
    /// unreachable URL, a private host, an HTML page where media was expected.
    pub violations: Vec<Finding>,
    /// Limits outside only their strict reading, plain `http`, an allowed private host, and
    /// what could not be measured.
    pub warnings: Vec<Finding>,
    /// The HTTP status of the ranged GET, if one was answered.
    pub http_status: Option<u16>,
    /// The `Content-Type` the server sent.
    pub content_type: Option<String>,
    /// The format read from the file's first bytes (lower-case: `png`, `jpeg`, `mp4`, `wav`, …).
    pub format: Option<String>,
    /// The file's size, as the server stated it.
    pub size_bytes: Option<u64>,
    /// Width in pixels.
    pub width: Option<u64>,
    /// Height in pixels.
    pub height: Option<u64>,
    /// Width × height.
    pub pixels: Option<u64>,
    /// Duration in seconds.
    pub duration: Option<f64>,
    /// Frames per second.
    pub fps: Option<f64>,
    /// The name of the profile that judged it, e.g. `published-2026-11`.
    pub profile: String,
    /// Bytes of the file read (bodies only).
    pub bytes_read: u64,
    /// Redirects followed.
    pub redirects: u32,
}

impl PreflightReport {
    pub(crate) fn empty(asset_type: AssetType, profile: &str) -> Self {
        Self {
            ok: false,
            asset_type,
            violations: Vec::new(),
            warnings: Vec::new(),
            http_status: None,
            content_type: None,
            format: None,
            size_bytes: None,
            width: None,
            height: None,
            pixels: None,
            duration: None,
            fps: None,
            profile: profile.to_string(),
            bytes_read: 0,
            redirects: 0,
        }
    }

    /// The violations in one line, e.g. for an error message.
    pub fn summary(&self) -> String {
        if self.violations.is_empty() {
            return "no violation".into();
        }
        self.violations
            .iter()
            .map(Finding::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }
}
