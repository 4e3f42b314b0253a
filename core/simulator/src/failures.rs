//! How an uploaded asset's processing can end `Failed`: the reasons upstream gives, forced by a
//! keyword in the asset URL or drawn by chaos (its `failure_share`).

/// A reason an asset's processing ends `Failed`, with upstream's code and message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FailureKind {
    /// The face in the asset is not the validated person's (URL keyword `face-mismatch`).
    FaceMismatch,
    /// Upstream could not fetch the asset URL (URL keyword `download-failed`).
    DownloadFailed,
}

impl FailureKind {
    /// Every kind, in the order of [`FailureKind::NAMES`]: the default of chaos's draws.
    pub const ALL: [FailureKind; 2] = [FailureKind::FaceMismatch, FailureKind::DownloadFailed];

    /// Every kind's name as chaos settings take it, the one list the typings are generated from.
    pub const NAMES: [&'static str; 2] = ["face_mismatch", "download_failed"];

    /// The name chaos settings use, e.g. `"face_mismatch"`.
    pub fn name(self) -> &'static str {
        match self {
            FailureKind::FaceMismatch => "face_mismatch",
            FailureKind::DownloadFailed => "download_failed",
        }
    }

    /// The kind of a name in [`FailureKind::NAMES`].
    pub fn from_name(name: &str) -> Option<FailureKind> {
        FailureKind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    /// The error code asset-info reports, as upstream writes it.
    pub fn code(self) -> &'static str {
        match self {
            FailureKind::FaceMismatch => "FaceMismatch",
            FailureKind::DownloadFailed => "InvalidParameter.DownloadFailed",
        }
    }

    /// The error message asset-info reports.
    pub fn message(self) -> &'static str {
        match self {
            FailureKind::FaceMismatch => "Face consistency verification failed.",
            FailureKind::DownloadFailed => "Failed to download the asset from the given URL.",
        }
    }

    /// The failure an asset URL forces by its keyword (`face-mismatch`, `download-failed`).
    pub(crate) fn forced_by(asset_url: &str) -> Option<FailureKind> {
        if asset_url.contains("face-mismatch") {
            Some(FailureKind::FaceMismatch)
        } else if asset_url.contains("download-failed") {
            Some(FailureKind::DownloadFailed)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_and_keywords_force_their_kind() {
        for (kind, name) in FailureKind::ALL.into_iter().zip(FailureKind::NAMES) {
            assert_eq!(kind.name(), name);
            assert_eq!(FailureKind::from_name(name), Some(kind));
        }
        assert_eq!(FailureKind::from_name("FaceMismatch"), None);
        assert_eq!(
            FailureKind::forced_by("https://x/face-mismatch.jpg"),
            Some(FailureKind::FaceMismatch)
        );
        assert_eq!(FailureKind::forced_by("https://x/ok.jpg"), None);
    }
}
