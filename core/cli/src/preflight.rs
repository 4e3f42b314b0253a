//! `preflight`: an asset URL judged against the published limits (or a profile file) without
//! uploading it.

use seedance_assets::{AssetType, Finding, PreflightOptions, Profile};
use serde_json::json;

use crate::args::PreflightArgs;
use crate::context::Context;
use crate::exit::{self, CliError};

pub async fn run(args: PreflightArgs, cx: Context) -> Result<i32, CliError> {
    let asset_type: AssetType = args.asset_type.parse()?;
    let profile = args.profile.as_ref().map(Profile::from_file).transpose()?;
    let client = cx.client()?;
    let options = PreflightOptions {
        allow_private_hosts: args.allow_private_hosts.then_some(true),
        profile,
        ..PreflightOptions::default()
    };
    let report = client.preflight_with(&args.url, asset_type, &options).await?;
    let findings = |list: &[Finding]| {
        list.iter()
            .map(|f| json!({"limit": f.limit, "expected": f.expected, "actual": f.actual}))
            .collect::<Vec<_>>()
    };
    cx.out.json(&json!({
        "ok": report.ok,
        "asset_type": report.asset_type.as_str(),
        "profile": report.profile,
        "violations": findings(&report.violations),
        "warnings": findings(&report.warnings),
        "http_status": report.http_status,
        "content_type": report.content_type,
        "format": report.format,
        "size_bytes": report.size_bytes,
        "width": report.width,
        "height": report.height,
        "pixels": report.pixels,
        "duration": report.duration,
        "fps": report.fps,
        "bytes_read": report.bytes_read,
    }));
    let verdict = if report.ok {
        cx.out.good("ok")
    } else {
        cx.out.bad("rejected")
    };
    cx.out.result(&format!(
        "{verdict}: {} judged by {}",
        report.asset_type, report.profile
    ));
    let measured: Vec<String> = [
        report.format.clone().map(|f| format!("format {f}")),
        report.size_bytes.map(|b| format!("{b} bytes")),
        report
            .width
            .zip(report.height)
            .map(|(w, h)| format!("{w}x{h} px")),
        report.duration.map(|d| format!("{d:.2} s")),
        report.fps.map(|f| format!("{f:.3} fps")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !measured.is_empty() {
        cx.out.result(&format!("  measured: {}", measured.join(", ")));
    }
    for finding in &report.violations {
        cx.out.result(&format!("  {} {finding}", cx.out.bad("violation")));
    }
    for finding in &report.warnings {
        cx.out.result(&format!("  warning {finding}"));
    }
    Ok(if report.ok { exit::OK } else { exit::FAILED })
}
