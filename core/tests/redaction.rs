//! Secrets (API key, byted token, H5 link credentials) never reach logs, errors or Debug output.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use seedance_assets::{CallOptions, CreateSession, WaitOptions};
use seedance_assets_simulator::{Endpoint as SimEndpoint, Fault, SimulatorConfig};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const KEY: &str = "sk-live-VERY-SECRET-0123456789abcdef";

#[tokio::test]
async fn a_full_run_with_faults_leaks_no_secret() {
    let logs = Captured::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .init();

    let sim = simulator_with(SimulatorConfig {
        api_key: KEY.into(),
        ..SimulatorConfig::default()
    })
    .await;
    let client = builder(&sim).timeout(Duration::from_millis(500)).build().unwrap();
    let mut shown = vec![format!("{client:?}")];

    let session = client
        .create_validation_session(&CreateSession::new(CALLBACK))
        .await
        .unwrap();
    shown.push(format!("{session:?}"));
    let callback = sim.complete_validation(&session.byted_token, true).unwrap();
    let cb = session.verify_callback(&callback).unwrap();
    shown.push(format!("{cb:?}"));
    sim.inject_fault(SimEndpoint::ValidationResult, Fault::ServerErrorBeforeEffect, 1);
    let group = client
        .get_validation_result(&cb.byted_token)
        .await
        .unwrap()
        .group_id;
    for fault in [
        Fault::ServerErrorAfterEffect,
        Fault::MalformedBody,
        Fault::Status { code: 401 },
    ] {
        sim.inject_fault(SimEndpoint::UploadAsset, fault, 1);
        let err = client.upload_asset(&photo(&group)).await.unwrap_err();
        shown.push(format!("{err} {err:?}"));
    }
    let id = client.upload_asset(&photo(&group)).await.unwrap().asset_id;
    sim.inject_fault(SimEndpoint::AssetInfo, Fault::DropConnection, 1);
    sim.inject_fault(
        SimEndpoint::AssetInfo,
        Fault::Slow {
            delay: Duration::from_secs(2),
        },
        1,
    );
    client
        .wait_for_asset(&id, &WaitOptions::default().poll_every(Duration::from_millis(20)))
        .await
        .unwrap();
    let bad_key = builder(&sim).api_key("sk-wrong-ALSO-SECRET-999").build().unwrap();
    let err = bad_key.get_asset(&id).await.unwrap_err();
    shown.push(format!("{err} {err:?} {bad_key:?}"));
    let err = client
        .with_options(CallOptions {
            deadline: Some(Duration::from_millis(1)),
            ..Default::default()
        })
        .get_validation_result(&session.byted_token)
        .await
        .unwrap_err();
    shown.push(format!("{err} {err:?}"));

    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains(r#"path="asset-upload" attempt=1"#),
        "attempts are logged:\n{logs}"
    );
    assert!(logs.contains("retrying"), "retries are logged");
    let link_secret = session
        .h5_link
        .split("secretAccessKey=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    for secret in [
        KEY,
        "sk-wrong-ALSO-SECRET-999",
        session.byted_token.as_str(),
        link_secret,
    ] {
        assert!(!logs.contains(secret), "{secret} in logs");
        for text in &shown {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}
