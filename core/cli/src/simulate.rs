//! `simulate`: the service simulator on a local port, until Ctrl-C.

use std::time::Duration;

use seedance_assets::simulator::{Simulator, SimulatorConfig};
use serde_json::json;

use crate::args::SimulateArgs;
use crate::context::Context;
use crate::exit::{self, CliError};

pub async fn run(args: SimulateArgs, cx: Context) -> Result<i32, CliError> {
    let mut config = SimulatorConfig::default().with_port(args.port);
    if let Some(seconds) = args.link_ttl {
        config = config.with_link_ttl(Duration::from_secs(seconds));
    }
    if let Some(ms) = args.processing_delay {
        config = config.with_processing_delay(Duration::from_millis(ms), Duration::from_millis(ms));
    }
    let simulator = Simulator::start(config)
        .await
        .map_err(|e| CliError::internal(format!("cannot start the simulator on port {}: {e}", args.port)))?;
    // The simulator's key is a fixed, public test value (it accepts nothing else), not a secret.
    cx.out
        .json(&json!({"event": "listening", "base_url": simulator.url(), "api_key": simulator.api_key()}));
    cx.out.result(&format!(
        "Simulator on {} (Ctrl-C to stop). In another terminal:",
        simulator.url()
    ));
    cx.out.result(&format!(
        "  export SEEDANCE_BASE_URL={} SEEDANCE_API_KEY={}",
        simulator.url(),
        simulator.api_key()
    ));
    let _ = tokio::signal::ctrl_c().await;
    simulator.shutdown().await;
    Ok(exit::OK)
}
