//! `stage`: local files put in the user's bucket under their SHA-256, each printed with the
//! presigned URL upstream downloads it from (the URL is the operator's to hand on: it is the one
//! secret this command prints, as `validate` prints the H5 link).

use indicatif::{ProgressBar, ProgressStyle};
use seedance_assets::{Client, ClientBuilder, Staging};
use serde_json::json;

use crate::args::StageArgs;
use crate::context::Context;
use crate::exit::{self, CliError};
use crate::output::table;

pub async fn run(args: StageArgs, cx: Context) -> Result<i32, CliError> {
    let client = staging_client(&cx, args.staging.as_deref())?;
    let bar = files_bar(&cx, args.files.len());
    let mut staged = Vec::with_capacity(args.files.len());
    for path in &args.files {
        if let Some(bar) = &bar {
            bar.set_message(path.display().to_string());
        }
        let file = client.stage(path).await?;
        if let Some(bar) = &bar {
            bar.inc(1);
        }
        staged.push((path, file));
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    cx.out.json(&json!({
        "ok": true,
        "files": staged.iter().map(|(path, file)| json!({
            "path": path.display().to_string(),
            "asset_type": file.asset_type().as_str(),
            "sha256": file.sha256,
            "key": file.key,
            "uploaded": file.uploaded,
            "url": file.url,
        })).collect::<Vec<_>>(),
    }));
    let rows: Vec<Vec<String>> = staged
        .iter()
        .map(|(path, file)| {
            vec![
                path.display().to_string(),
                file.asset_type().as_str().to_string(),
                if file.uploaded { "put" } else { "already there" }.to_string(),
                file.url.clone(),
            ]
        })
        .collect();
    cx.out.result(&table(&["FILE", "TYPE", "BUCKET", "URL"], &rows));
    Ok(exit::OK)
}

/// A client staging in `staging` (`--staging`), else in `SEEDANCE_STAGING`.
pub fn staging_client(cx: &Context, staging: Option<&str>) -> Result<Client, CliError> {
    let bucket = staging.map(Staging::from_url).transpose()?;
    cx.client_with(|builder: ClientBuilder| match bucket {
        Some(bucket) => builder.staging(bucket),
        None => builder,
    })
}

/// A bar over the files when the output is live and there is more than one.
fn files_bar(cx: &Context, count: usize) -> Option<ProgressBar> {
    if !cx.out.live || count < 2 {
        return None;
    }
    let bar = ProgressBar::new(count as u64);
    if let Ok(style) = ProgressStyle::with_template("staged    [{bar:32}] {pos:>4}/{len} {wide_msg}") {
        bar.set_style(style.progress_chars("=> "));
    }
    Some(bar)
}
