//! `upload`: one asset from a public URL, for a person (by reference or GroupId), optionally
//! preflighted first and waited for.

use seedance_assets::{AssetType, UploadAsset, WaitOptions};
use serde_json::json;

use crate::args::{seconds, UploadArgs};
use crate::context::Context;
use crate::exit::{self, CliError};
use crate::status::show_asset;

pub async fn run(args: UploadArgs, cx: Context) -> Result<i32, CliError> {
    let asset_type: AssetType = args.asset_type.parse()?;
    let wait = args
        .wait
        .then(|| seconds("--timeout", args.timeout))
        .transpose()?;
    let client = cx.client()?;
    let group_id = match (&args.reference, &args.group_id) {
        (Some(reference), _) => {
            let journal = cx.journal()?;
            let person = journal.person(reference).await?.ok_or_else(|| {
                CliError::usage(format!(
                    "no validated person with reference {reference:?} in the journal {} (validate them first)",
                    journal.location()
                ))
            })?;
            Some(person.group_id)
        }
        (None, group_id) => group_id.clone(),
    };
    let mut request =
        UploadAsset::new(&args.name, asset_type, &args.url).allow_duplicate(args.allow_duplicate);
    if let Some(group_id) = group_id {
        request = request.group_id(group_id);
    }
    if let Some(key) = &args.key {
        request = request.key(key);
    }
    if args.preflight {
        request = request.with_preflight();
    }
    let uploaded = client.upload_asset(&request).await?;
    let Some(timeout) = wait else {
        cx.out.json(&json!({
            "ok": true,
            "asset_id": uploaded.asset_id,
            "reference": uploaded.reference(),
        }));
        cx.out.result(&format!(
            "Uploaded: {} ({})",
            uploaded.asset_id,
            uploaded.reference()
        ));
        return Ok(exit::OK);
    };
    cx.out.info(&format!(
        "Uploaded {}; waiting until it is Active…",
        uploaded.asset_id
    ));
    let asset = client
        .wait_for_asset(&uploaded.asset_id, &WaitOptions::with_timeout(timeout))
        .await?;
    show_asset(&cx, &asset);
    Ok(exit::OK)
}
