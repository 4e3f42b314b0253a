//! The `/_sim/*` control API used by the standalone binary's scripts.

mod common;

use std::time::Duration;

use common::{read, start, Harness};
use reqwest::StatusCode;
use seedance_assets_simulator::Endpoint;
use serde_json::{json, Value};

async fn control(
    h: &Harness,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = h.http.request(method, format!("{}/_sim/{path}", h.sim.url()));
    if let Some(b) = body {
        req = req.json(&b);
    }
    read(req.send().await.expect("sent")).await
}

async fn post(h: &Harness, path: &str, body: Value) -> (StatusCode, Value) {
    control(h, reqwest::Method::POST, path, Some(body)).await
}

#[tokio::test]
async fn complete_validation_over_http() {
    let h = start().await;
    let token = h.create_session().await["BytedToken"]
        .as_str()
        .expect("token")
        .to_owned();
    let (status, body) = post(&h, &format!("validations/{token}/complete"), json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let url = body["callback_url"].as_str().expect("url");
    assert!(url.starts_with("https://example.com/cb?bytedToken="));
    assert!(url.contains("resultCode=10000"));
    let (status, body) = post(
        &h,
        &format!("validations/{token}/complete"),
        json!({"passed": false}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body["error"].is_string());
    let (status, _) = post(&h, "validations/nope/complete", json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let token = h.create_session().await["BytedToken"]
        .as_str()
        .expect("token")
        .to_owned();
    // An empty body means passed = true.
    let resp = h
        .http
        .post(format!("{}/_sim/validations/{token}/complete", h.sim.url()))
        .send()
        .await
        .expect("sent");
    let (status, body) = read(resp).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["callback_url"]
        .as_str()
        .is_some_and(|u| u.contains("resultCode=10000")));
    let (status, _) = post(
        &h,
        &format!("validations/{token}/complete"),
        json!({"passed": "x"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn expired_validation_is_410_over_http() {
    let h = start().await;
    let (status, _) = post(&h, "config", json!({"link_ttl_secs": 0.1})).await;
    assert_eq!(status, StatusCode::OK);
    let token = h.create_session().await["BytedToken"]
        .as_str()
        .expect("token")
        .to_owned();
    tokio::time::sleep(Duration::from_millis(250)).await;
    let (status, _) = post(&h, &format!("validations/{token}/complete"), json!({})).await;
    assert_eq!(status, StatusCode::GONE);
}

#[tokio::test]
async fn faults_over_http() {
    let h = start().await;
    let (status, body) = post(
        &h,
        "faults",
        json!({"endpoint": "asset-info", "fault": "rate_limited", "times": 2, "retry_after_secs": 3}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(h.sim.pending_faults(Endpoint::AssetInfo), 2);
    let resp = h.get("asset-info", &[("asset_id", "x")]).await;
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(resp.headers()["retry-after"], "3");

    for (fault, extra, expect) in [
        ("status", json!({"code": 505}), 505u16),
        ("html_error", json!({"http_status": 503}), 503),
        ("service_unavailable", json!({}), 455),
        ("server_error_before", json!({}), 500),
        ("server_error_after", json!({}), 500),
        ("slow", json!({"delay_ms": 10}), 404),
        ("missing_data", json!({}), 200),
        ("malformed_body", json!({}), 200),
    ] {
        let mut body = json!({"endpoint": "asset-info", "fault": fault});
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        h.sim.clear_faults();
        let (status, resp) = post(&h, "faults", body).await;
        assert_eq!(status, StatusCode::OK, "{fault}: {resp}");
        let got = h.get("asset-info", &[("asset_id", "x")]).await.status();
        assert_eq!(got.as_u16(), expect, "{fault}");
    }

    let (status, _) = post(
        &h,
        "faults",
        json!({"endpoint": "asset-info", "fault": "drop_connection"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let err = h
        .http
        .get(h.api("asset-info"))
        .header("x-api-key", h.sim.api_key())
        .send()
        .await
        .expect_err("dropped");
    assert!(err.status().is_none());

    for bad in [
        json!({"endpoint": "nope", "fault": "slow"}),
        json!({"endpoint": "asset-info", "fault": "nope"}),
        json!({"endpoint": "asset-info", "fault": "status"}),
        json!({"fault": "slow"}),
    ] {
        let (status, _) = post(&h, "faults", bad.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }

    post(
        &h,
        "faults",
        json!({"endpoint": "asset-upload", "fault": "missing_data", "times": 4}),
    )
    .await;
    let (status, _) = control(&h, reqwest::Method::DELETE, "faults", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h.sim.pending_faults(Endpoint::UploadAsset), 0);
}

#[tokio::test]
async fn stats_and_reset_counters() {
    let h = start().await;
    h.create_session().await;
    h.upload("https://e.com/a.jpg").await;
    let _ = h.get("asset-info", &[("asset_id", "x")]).await;
    let (status, stats) = control(&h, reqwest::Method::GET, "stats", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stats["requests"]["visual-validate-session"], 1);
    assert_eq!(stats["requests"]["visual-validate-result"], 0);
    assert_eq!(stats["requests"]["asset-upload"], 1);
    assert_eq!(stats["requests"]["asset-info"], 1);
    assert_eq!(stats["total"], 3);
    assert_eq!(stats["assets"], 1);
    assert_eq!(stats["sessions"], 1);
    let (status, _) = post(&h, "reset-counters", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let (_, stats) = control(&h, reqwest::Method::GET, "stats", None).await;
    assert_eq!(stats["total"], 0);
    assert_eq!(stats["assets"], 1);
}

#[tokio::test]
async fn config_over_http() {
    let h = start().await;
    let (status, cfg) = post(
        &h,
        "config",
        json!({"status_mode": "envelope_only", "time_format": "unix", "processing_delay_ms": [0, 0]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{cfg}");
    assert_eq!(cfg["status_mode"], "envelope_only");
    assert_eq!(cfg["time_format"], "unix");
    assert_eq!(cfg["processing_delay_ms"], json!([0, 0]));

    let (status, body) = read(h.get("asset-info", &[("asset_id", "x")]).await).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::OK, json!(404)));
    let id = h.upload("https://e.com/a.jpg").await;
    let data = h.asset(&id).await;
    assert_eq!(data["Status"], "Active");
    assert!(data["CreateTime"].is_i64());

    let (status, _) = post(&h, "config", json!({"status_mode": "sideways"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, cfg) = control(&h, reqwest::Method::GET, "config", None).await;
    assert_eq!(cfg["status_mode"], "envelope_only");

    let (status, _) = post(&h, "assets/nope/status", json!({"status": "Reviewing"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = post(&h, &format!("assets/{id}/status"), json!({"status": "Reviewing"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h.asset(&id).await["Status"], "Reviewing");
}

#[tokio::test]
async fn stats_name_the_request_id_of_the_last_answer_outside_the_control_api() {
    let h = start().await;
    let (_, stats) = control(&h, reqwest::Method::GET, "stats", None).await;
    assert!(stats["last_request_id"].is_null());
    let resp = h.get("asset-info", &[("asset_id", "x")]).await;
    let sent = resp
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .expect("x-request-id on an error answer too");
    assert_eq!(h.sim.last_request_id().as_deref(), Some(sent.as_str()));
    // The control API's own answers do not replace it.
    let (_, stats) = control(&h, reqwest::Method::GET, "stats", None).await;
    assert_eq!(stats["last_request_id"], sent.as_str());
    assert_eq!(h.sim.last_request_id().as_deref(), Some(sent.as_str()));
}
