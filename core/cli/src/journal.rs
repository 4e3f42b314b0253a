//! `journal people|assets|export|resolve|forget`: the journal read and changed through the
//! core's `Journal` API.

use seedance_assets::AssetFilter;
use serde_json::json;

use crate::args::JournalCommand;
use crate::context::Context;
use crate::exit::{self, CliError};
use crate::output::{self, table};

pub async fn run(command: JournalCommand, cx: Context) -> Result<i32, CliError> {
    let journal = cx.journal()?;
    let out = &cx.out;
    match command {
        JournalCommand::People => {
            let people = journal.people().await?;
            out.json(&json!({"ok": true, "journal": journal.location(), "people": people}));
            let rows: Vec<Vec<String>> = people
                .iter()
                .map(|p| {
                    vec![
                        p.reference.clone().unwrap_or_else(|| "-".into()),
                        p.group_id.clone(),
                        output::time(&p.validated_at),
                    ]
                })
                .collect();
            out.result(&table(&["REFERENCE", "GROUP ID", "VALIDATED AT"], &rows));
        }
        JournalCommand::Assets(filter) => {
            let assets = journal
                .assets(&AssetFilter {
                    reference: filter.reference,
                    group_id: filter.group_id,
                    status: filter.status,
                })
                .await?;
            out.json(&json!({"ok": true, "journal": journal.location(), "assets": assets}));
            let rows: Vec<Vec<String>> = assets
                .iter()
                .map(|a| {
                    vec![
                        a.name.clone(),
                        a.asset_type.clone(),
                        a.status.clone(),
                        a.asset_id.clone().unwrap_or_else(|| "-".into()),
                        a.reference.clone().unwrap_or_else(|| "-".into()),
                        a.key.clone(),
                    ]
                })
                .collect();
            out.result(&table(
                &["NAME", "TYPE", "STATUS", "ASSET ID", "REFERENCE", "KEY"],
                &rows,
            ));
        }
        JournalCommand::Export => {
            // JSON lines whatever the output mode: it is the export format.
            let lines = journal.export_json_lines().await?;
            print!("{lines}");
        }
        JournalCommand::Resolve(args) => {
            let asset_id = if args.not_uploaded {
                None
            } else {
                args.asset_id.as_deref()
            };
            let resolved = journal.resolve(&args.key, asset_id).await?;
            out.json(&json!({"ok": true, "key": args.key, "asset": resolved}));
            out.result(&match &resolved {
                Some(asset) => format!(
                    "Resolved {}: {} is {}.",
                    args.key,
                    asset.asset_id.as_deref().unwrap_or("-"),
                    asset.status
                ),
                None => format!("Resolved {}: not uploaded; the next upload sends it.", args.key),
            });
        }
        JournalCommand::Forget(args) => {
            if !args.yes {
                return Err(CliError::usage(format!(
                    "forgetting erases everything recorded about {:?}: add --yes to confirm",
                    args.reference
                )));
            }
            let removed = journal.forget(&args.reference).await?;
            out.json(&json!({"ok": true, "reference": args.reference, "removed": removed}));
            out.result(&format!("Forgot {}: {removed} record(s) erased.", args.reference));
        }
    }
    Ok(exit::OK)
}
