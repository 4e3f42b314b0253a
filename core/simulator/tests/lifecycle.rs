//! Starting, sharing and stopping simulators, and the standalone binary.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use seedance_assets_simulator::{Simulator, SimulatorConfig, DEFAULT_API_KEY};

/// True if a TCP connection to the simulator's address is accepted.
fn accepts(addr: std::net::SocketAddr) -> bool {
    std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_ok()
}

#[tokio::test]
async fn defaults_and_shutdown() {
    let sim = Simulator::start(SimulatorConfig::default()).await.expect("start");
    assert_eq!(sim.api_key(), DEFAULT_API_KEY);
    assert!(sim.addr().ip().is_loopback());
    assert_ne!(sim.addr().port(), 0);
    assert_eq!(sim.url(), format!("http://127.0.0.1:{}", sim.addr().port()));
    let addr = sim.addr();
    assert!(accepts(addr));
    sim.shutdown().await;
    assert!(!accepts(addr));
}

#[tokio::test]
async fn dropping_the_last_handle_stops_the_server() {
    let sim = Simulator::start(SimulatorConfig::default()).await.expect("start");
    let addr = sim.addr();
    let clone = sim.clone();
    drop(sim);
    assert!(accepts(addr), "a clone keeps it alive");
    drop(clone);
    let mut stopped = false;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        if !accepts(addr) {
            stopped = true;
            break;
        }
    }
    assert!(stopped);
}

#[test]
fn handle_works_from_outside_its_runtime() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let sim = runtime
        .block_on(Simulator::start(SimulatorConfig::default()))
        .expect("start");
    // Control methods are synchronous and usable from any thread.
    let worker = {
        let sim = sim.clone();
        std::thread::spawn(move || {
            assert!(sim.complete_validation("nope", true).is_err());
            sim.total_requests()
        })
    };
    assert_eq!(worker.join().expect("thread"), 0);
    let other = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let status = other.block_on(async {
        let http = common::http_client_builder().build().expect("client");
        let resp = http
            .get(format!("{}/_sim/stats", sim.url()))
            .send()
            .await
            .expect("sent");
        resp.status()
    });
    assert_eq!(status, reqwest::StatusCode::OK);
    runtime.block_on(sim.shutdown());
}

#[test]
fn binary_prints_its_url_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_seedance-simulator"))
        .args([
            "--port",
            "0",
            "--api-key",
            "bin-key",
            "--processing-delay-ms",
            "10,20",
        ])
        .args(["--link-ttl-secs", "5", "--envelope-only", "--unix-times"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).expect("line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .and_then(|rest| rest.strip_suffix(" api_key=bin-key"))
        .map(str::to_owned);
    let served = url.as_ref().map(|url| {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let resp = common::http_client_builder()
                .build()
                .expect("client")
                .get(format!("{url}/_sim/config"))
                .send()
                .await
                .expect("sent");
            resp.json::<serde_json::Value>().await.expect("json")
        })
    });
    let _ = child.kill();
    let _ = child.wait();
    assert!(url.is_some(), "unexpected first line {line:?}");
    let cfg = served.expect("served");
    assert_eq!(cfg["status_mode"], "envelope_only");
    assert_eq!(cfg["time_format"], "unix");
    assert_eq!(cfg["processing_delay_ms"], serde_json::json!([10, 20]));
    assert_eq!(cfg["link_ttl_secs"], 5.0);
}

#[test]
fn binary_rejects_unknown_arguments() {
    let status = Command::new(env!("CARGO_BIN_EXE_seedance-simulator"))
        .arg("--bogus")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run");
    assert_eq!(status.code(), Some(2));
}
