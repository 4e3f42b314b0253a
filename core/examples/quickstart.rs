//! The four steps, printed as they happen.
//!
//! Without `SEEDANCE_API_KEY` it runs against the built-in simulator and plays the person
//! passing validation. With a key it talks to the real service: open the printed link on a
//! phone, pass validation, then paste the address your browser was sent to.
//!
//!     cargo run -p seedance-assets --features simulator --example quickstart

use std::io::BufRead;
use std::time::Duration;

use seedance_assets::simulator::{Simulator, SimulatorConfig};
use seedance_assets::{redact, AssetType, Client, CreateSession, Language, UploadAsset, WaitOptions};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let live = std::env::var("SEEDANCE_API_KEY").is_ok_and(|k| !k.trim().is_empty());
    let (client, simulator) = if live {
        println!("Using the real service (SEEDANCE_API_KEY is set).");
        (Client::from_env()?, None)
    } else {
        let sim = Simulator::start(SimulatorConfig::default()).await?;
        println!(
            "No SEEDANCE_API_KEY: using the built-in simulator at {}",
            sim.url()
        );
        let client = Client::builder()
            .api_key(sim.api_key())
            .base_url(sim.url())
            .build()?;
        (client, Some(sim))
    };
    let callback_url = env_or("SEEDANCE_CALLBACK_URL", "https://example.com/seedance/callback");
    let asset_url = env_or(
        "SEEDANCE_ASSET_URL",
        "https://example.com/assets/person-front.jpg",
    );

    println!("\n1. create_validation_session(callback_url={callback_url})");
    let request = CreateSession::new(&callback_url).language(Language::En);
    let session = client.create_validation_session(&request).await?;
    println!(
        "   token {} — link valid until {}",
        redact::token(&session.byted_token),
        session.expires_at
    );

    let callback = match &simulator {
        Some(sim) => {
            println!(
                "   (simulator) the person opens {} and taps Pass",
                redact::url(&session.h5_link)
            );
            sim.complete_validation(&session.byted_token, true)?
        }
        None => {
            println!(
                "   Open this link on the person's phone within 120 s:\n\n   {}\n",
                session.h5_link
            );
            println!("   Then paste the address the browser was sent to and press Enter:");
            read_line()?
        }
    };
    let cb = session.verify_callback(&callback)?;
    println!("   callback passed: resultCode={}", cb.result_code);

    println!("\n2. get_validation_result(token)");
    let group = client.get_validation_result(&cb.byted_token).await?;
    println!("   GroupId {} (store it: it cannot be recovered)", group.group_id);

    println!("\n3. upload_asset(asset_url={asset_url})");
    let upload = UploadAsset::new("quickstart-front", AssetType::Image, &asset_url).group_id(&group.group_id);
    let uploaded = client.upload_asset(&upload).await?;
    println!("   AssetId {}", uploaded.asset_id);

    println!("\n4. wait_for_asset until Active");
    let asset = client
        .wait_for_asset(
            &uploaded.asset_id,
            &WaitOptions::with_timeout(Duration::from_secs(600)),
        )
        .await?;
    println!("   status {} — use it as {}", asset.status, asset.reference());

    if let Some(sim) = simulator {
        sim.shutdown().await;
    }
    println!("\nDone: four steps completed.");
    Ok(())
}

fn env_or(var: &str, default: &str) -> String {
    std::env::var(var)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_string())
}

fn read_line() -> std::io::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim().to_string())
}
