//! `onboard`: a manifest's assets uploaded at the account's rate and waited for, with a bar per
//! phase and a final table; running it again resumes through the journal.

use seedance_assets::{Client, ItemStatus, OnboardItem, Onboarding, OnboardingReport, RateLimit};
use serde_json::json;

use crate::args::OnboardArgs;
use crate::context::Context;
use crate::exit::{self, CliError};
use crate::manifest;
use crate::output::table;
use crate::progress::Phases;
use crate::stage::staging_client;

/// A folder's media files as items (staged when the run starts); other files refuse the folder,
/// or with `--skip-other-files` are listed and left out.
fn folder(cx: &Context, client: &Client, args: &OnboardArgs) -> Result<Vec<OnboardItem>, CliError> {
    let found = client.folder_items(&args.manifest)?;
    if !args.skip_other_files {
        return Ok(found.all_media()?);
    }
    for skipped in &found.skipped {
        cx.out.info(&format!(
            "Leaving out {}: {}",
            skipped.path.display(),
            skipped.reason
        ));
    }
    Ok(found.items)
}

pub async fn run(args: OnboardArgs, cx: Context) -> Result<i32, CliError> {
    let client = staging_client(&cx, args.staging.as_deref())?;
    let items = if args.manifest.is_dir() {
        folder(&cx, &client, &args)?
    } else {
        manifest::read(&args.manifest)?
    };
    let total = items.len();
    let mut onboarding = match (&args.reference, &args.group_id) {
        (Some(reference), _) => Onboarding::for_reference(reference, items),
        (None, Some(group_id)) => Onboarding::for_group(group_id, items),
        (None, None) => return Err(CliError::usage("give --reference or --group-id")),
    };
    onboarding = onboarding.with_preflight(args.preflight);
    if let Some(rate) = &args.upload_rate {
        onboarding = onboarding.upload_rate(RateLimit::parse("upload_rate", rate)?);
    }
    if let Some(concurrency) = args.concurrency {
        onboarding = onboarding.concurrency(concurrency);
    }
    if let Some(seconds) = args.timeout {
        onboarding = onboarding.timeout(crate::args::seconds("--timeout", seconds)?);
    }
    cx.out.info(&format!(
        "Onboarding {total} asset(s) (journal: {}).",
        cx.journal()?.location()
    ));
    let phases = Phases::new(&cx.out, total);
    let feed = phases.clone();
    onboarding = onboarding.on_progress(move |event| feed.event(event));
    let report = client.onboard(&onboarding).await?;
    phases.finish();
    print(&cx, &report);
    Ok(exit_code(&report))
}

/// 0 when every item is Active; 1 when any failed or was rejected; 5 when any is unfinished.
fn exit_code(report: &OnboardingReport) -> i32 {
    if report.all_active() {
        exit::OK
    } else if report.count(ItemStatus::Failed) + report.count(ItemStatus::Rejected) > 0 {
        exit::FAILED
    } else {
        exit::UNFINISHED
    }
}

fn print(cx: &Context, report: &OnboardingReport) {
    let counts: serde_json::Map<String, serde_json::Value> = ItemStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_ascii_lowercase(), json!(report.count(*s))))
        .collect();
    cx.out.json(&json!({
        "ok": report.all_active(),
        "group_id": report.group_id,
        "counts": counts,
        "uploads_sent": report.uploads_sent,
        "rate_limited": report.rate_limited,
        "items": report.items.iter().map(|i| json!({
            "name": i.item.name,
            "asset_type": i.item.asset_type.as_str(),
            "asset_url": i.item.asset_url,
            "asset_id": i.asset_id,
            "status": i.status.as_str(),
            "reference": i.reference(),
            "error_code": i.error_code,
            "error_message": i.error_message,
        })).collect::<Vec<_>>(),
    }));
    let rows: Vec<Vec<String>> = report
        .items
        .iter()
        .map(|i| {
            vec![
                i.item.name.clone(),
                i.item.asset_type.as_str().to_string(),
                i.status.as_str().to_string(),
                i.reference()
                    .or_else(|| i.asset_id.clone())
                    .unwrap_or_else(|| "-".into()),
                i.error_message.clone().unwrap_or_default(),
            ]
        })
        .collect();
    cx.out
        .result(&table(&["NAME", "TYPE", "STATUS", "ASSET", "ERROR"], &rows));
    let summary = ItemStatus::ALL
        .iter()
        .filter(|s| report.count(**s) > 0)
        .map(|s| format!("{} {}", report.count(*s), s.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    cx.out.result(&format!("Group {}: {summary}.", report.group_id));
}
