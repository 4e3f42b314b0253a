//! A preflight's report as JS sees it (the `report` of an `ERR_PREFLIGHT` error).

use napi_derive::napi;
use seedance_assets as core;

use crate::models::AssetType;

/// One limit an asset is outside of (a violation) or near (a warning).
#[napi(object)]
pub struct PreflightFinding {
    pub limit: String,
    pub expected: String,
    pub actual: String,
}

/// What a preflight found.
#[napi(object)]
pub struct PreflightReport {
    pub ok: bool,
    pub asset_type: AssetType,
    pub violations: Vec<PreflightFinding>,
    pub warnings: Vec<PreflightFinding>,
    pub http_status: Option<u32>,
    pub content_type: Option<String>,
    pub format: Option<String>,
    pub size_bytes: Option<f64>,
    pub width: Option<f64>,
    pub height: Option<f64>,
    pub pixels: Option<f64>,
    pub duration: Option<f64>,
    pub fps: Option<f64>,
    pub profile: String,
    pub bytes_read: f64,
    pub redirects: u32,
}

fn findings(findings: &[core::Finding]) -> Vec<PreflightFinding> {
    findings
        .iter()
        .map(|f| PreflightFinding {
            limit: f.limit.clone(),
            expected: f.expected.clone(),
            actual: f.actual.clone(),
        })
        .collect()
}

/// The core report in JS shape (sizes as numbers: files stay far below 2^53 bytes).
pub(crate) fn report(report: &core::PreflightReport) -> PreflightReport {
    PreflightReport {
        ok: report.ok,
        asset_type: report.asset_type.into(),
        violations: findings(&report.violations),
        warnings: findings(&report.warnings),
        http_status: report.http_status.map(u32::from),
        content_type: report.content_type.clone(),
        format: report.format.clone(),
        size_bytes: report.size_bytes.map(|n| n as f64),
        width: report.width.map(|n| n as f64),
        height: report.height.map(|n| n as f64),
        pixels: report.pixels.map(|n| n as f64),
        duration: report.duration,
        fps: report.fps,
        profile: report.profile.clone(),
        bytes_read: report.bytes_read as f64,
        redirects: report.redirects,
    }
}
