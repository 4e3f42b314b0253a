//! `seedance-simulator`: run the Seedance asset API simulator until Ctrl-C.

use std::process::ExitCode;
use std::time::Duration;

use seedance_assets_simulator::{Endpoint, Quota, Simulator, SimulatorConfig, StatusMode, TimeFormat};

const USAGE: &str = "usage: seedance-simulator [--port N] [--api-key K] \
[--processing-delay-ms MIN[,MAX]] [--link-ttl-secs N] [--envelope-only] [--unix-times] \
[--quota ENDPOINT=RATE]... [--download-assets]";

/// Parses `MIN` or `MIN,MAX` milliseconds.
fn parse_delay(value: &str) -> Result<(Duration, Duration), String> {
    let mut parts = value.split(',');
    let mut next = |what: &str| -> Result<Option<u64>, String> {
        parts
            .next()
            .map(|p| {
                p.trim()
                    .parse::<u64>()
                    .map_err(|e| format!("bad {what} delay {p:?}: {e}"))
            })
            .transpose()
    };
    let min = next("min")?.ok_or("missing delay")?;
    let max = next("max")?.unwrap_or(min);
    Ok((Duration::from_millis(min), Duration::from_millis(max)))
}

/// Builds the config from command-line arguments.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<SimulatorConfig, String> {
    let mut config = SimulatorConfig::default();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--port" => {
                let port = value("--port")?;
                let port = port.parse().map_err(|e| format!("bad port {port:?}: {e}"))?;
                config = config.with_port(port);
            }
            "--api-key" => config.api_key = value("--api-key")?,
            "--processing-delay-ms" => {
                let (min, max) = parse_delay(&value("--processing-delay-ms")?)?;
                config = config.with_processing_delay(min, max);
            }
            "--link-ttl-secs" => {
                let secs = value("--link-ttl-secs")?;
                let secs = secs.parse().map_err(|e| format!("bad ttl {secs:?}: {e}"))?;
                config.link_ttl = Duration::from_secs(secs);
            }
            "--quota" => {
                let spec = value("--quota")?;
                let (endpoint, rate) = spec.split_once('=').ok_or(format!(
                    "bad quota {spec:?}: write ENDPOINT=RATE, e.g. asset-upload=600/min"
                ))?;
                config = config.with_quota(endpoint.parse::<Endpoint>()?, Quota::parse(rate)?);
            }
            "--envelope-only" => config.status_mode = StatusMode::EnvelopeOnly,
            "--unix-times" => config.time_format = TimeFormat::Unix,
            "--download-assets" => config.download_assets = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("error: {msg}");
            }
            eprintln!("{USAGE}");
            return if msg.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let quotas = config.quotas.clone();
    let sim = match Simulator::start(config).await {
        Ok(s) => s,
        Err(err) => {
            eprintln!("error: cannot start simulator: {err}");
            return ExitCode::FAILURE;
        }
    };
    println!("listening on {} api_key={}", sim.url(), sim.api_key());
    if let Err(err) = tokio::signal::ctrl_c().await {
        eprintln!("error: cannot wait for Ctrl-C: {err}");
    }
    // The quota record has no control-API route: a script (bench/run.py) reads it here, at exit.
    for (endpoint, quota) in quotas {
        println!(
            "quota {endpoint} refused={} max_in_window={}",
            sim.quota_refusals(endpoint),
            sim.max_in_window(endpoint, quota.per)
        );
    }
    sim.shutdown().await;
    ExitCode::SUCCESS
}
