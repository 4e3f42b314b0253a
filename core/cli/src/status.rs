//! `status` and `wait`: an asset's review status, now or once it is final.

use seedance_assets::{Asset, AssetStatus, Error, WaitOptions};
use serde_json::json;

use crate::args::{seconds, AssetArgs, WaitArgs};
use crate::context::Context;
use crate::exit::{self, CliError};

pub async fn status(args: AssetArgs, cx: Context) -> Result<i32, CliError> {
    let asset = cx.client()?.get_asset(&args.asset_id).await?;
    show_asset(&cx, &asset);
    Ok(match asset.status {
        AssetStatus::Failed => exit::FAILED,
        _ => exit::OK,
    })
}

pub async fn wait(args: WaitArgs, cx: Context) -> Result<i32, CliError> {
    let timeout = seconds("--timeout", args.timeout)?;
    let client = cx.client()?;
    cx.out.info(&format!(
        "Waiting for {} (at most {} s)…",
        args.asset_id,
        timeout.as_secs()
    ));
    match client
        .wait_for_asset(&args.asset_id, &WaitOptions::with_timeout(timeout))
        .await
    {
        Ok(asset) => {
            show_asset(&cx, &asset);
            Ok(exit::OK)
        }
        Err(Error::AssetFailed { asset }) => {
            show_asset(&cx, &asset);
            Ok(exit::FAILED)
        }
        Err(e) => Err(e.into()),
    }
}

/// An asset as one JSON document or a few human lines.
pub fn show_asset(cx: &Context, asset: &Asset) {
    cx.out.json(&json!({
        "ok": asset.status != AssetStatus::Failed,
        "asset_id": asset.asset_id,
        "name": asset.name,
        "asset_type": asset.asset_type.map(|t| t.as_str()),
        "status": asset.status.as_str(),
        "reference": asset.reference(),
        "create_time": asset.create_time.as_ref().map(crate::output::time),
        "update_time": asset.update_time.as_ref().map(crate::output::time),
        "error_code": asset.error_code,
        "error_message": asset.error_message,
    }));
    let status = match asset.status {
        AssetStatus::Active => cx.out.good("Active"),
        AssetStatus::Failed => cx.out.bad("Failed"),
        ref other => other.as_str().to_string(),
    };
    cx.out
        .result(&format!("{}  {status}  {}", asset.asset_id, asset.reference()));
    if let (Some(code), message) = (&asset.error_code, &asset.error_message) {
        cx.out
            .result(&format!("  {code}: {}", message.as_deref().unwrap_or("")));
    }
}
