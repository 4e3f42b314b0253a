//! Injected faults, one test per kind, plus the two status modes.

mod common;

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use common::{read, start, with_query};
use reqwest::StatusCode;
use seedance_assets_simulator::{Endpoint, Fault, StatusMode};
use serde_json::json;

fn upload_body() -> serde_json::Value {
    json!({"name": "n", "asset_type": "Image", "asset_url": "https://e.com/a.jpg"})
}

#[tokio::test]
async fn rate_limited_sends_retry_after_in_both_modes() {
    let h = start().await;
    h.sim.inject_fault(
        Endpoint::UploadAsset,
        Fault::RateLimited { retry_after_secs: 7 },
        2,
    );
    let resp = h.post("asset-upload", upload_body()).await;
    assert_eq!(resp.headers()["retry-after"], "7");
    let (status, body) = read(resp).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["code"], 429);

    h.sim.set_status_mode(StatusMode::EnvelopeOnly);
    let resp = h.post("asset-upload", upload_body()).await;
    assert_eq!(resp.headers()["retry-after"], "7");
    let (status, body) = read(resp).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["code"], 429);
    assert_eq!(h.sim.asset_count(), 0);

    // Queue exhausted: the next request succeeds.
    let (status, _) = read(h.post("asset-upload", upload_body()).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h.sim.asset_count(), 1);
}

#[tokio::test]
async fn service_unavailable_and_statuses_mirror_or_not() {
    let h = start().await;
    h.sim
        .inject_fault(Endpoint::AssetInfo, Fault::ServiceUnavailable, 1);
    for code in [402u16, 501, 505] {
        h.sim.inject_fault(Endpoint::AssetInfo, Fault::Status { code }, 1);
    }
    for expected in [455u16, 402, 501, 505] {
        let (status, body) = read(h.get("asset-info", &[("asset_id", "x")]).await).await;
        assert_eq!(status.as_u16(), expected);
        assert_eq!(body["code"], expected);
        assert!(body["data"].is_null());
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    h.sim.set_status_mode(StatusMode::EnvelopeOnly);
    h.sim
        .inject_fault(Endpoint::AssetInfo, Fault::ServiceUnavailable, 1);
    let (status, body) = read(h.get("asset-info", &[("asset_id", "x")]).await).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::OK, json!(455)));
    // Ordinary errors follow the mode too.
    let (status, body) = read(h.get("asset-info", &[("asset_id", "x")]).await).await;
    assert_eq!((status, body["code"].clone()), (StatusCode::OK, json!(404)));
    h.sim.set_status_mode(StatusMode::Mirrored);
    let (status, _) = read(h.get("asset-info", &[("asset_id", "x")]).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn server_error_before_effect_creates_nothing() {
    let h = start().await;
    h.sim
        .inject_fault(Endpoint::UploadAsset, Fault::ServerErrorBeforeEffect, 1);
    let (status, body) = read(h.post("asset-upload", upload_body()).await).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["code"], 500);
    assert_eq!(h.sim.asset_count(), 0);
}

#[tokio::test]
async fn server_error_after_effect_really_applies_it() {
    let h = start().await;
    h.sim
        .inject_fault(Endpoint::UploadAsset, Fault::ServerErrorAfterEffect, 1);
    let (status, body) = read(h.post("asset-upload", upload_body()).await).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["code"], 500);
    assert_eq!(h.sim.asset_count(), 1);

    h.sim
        .inject_fault(Endpoint::CreateSession, Fault::ServerErrorAfterEffect, 1);
    let (status, _) = read(
        h.post(
            "visual-validate-session",
            json!({"callback_url": "https://e.com/cb"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(h.sim.session_count(), 1);

    // Token consumed by a 500: the retry sees "already used".
    let session = h.create_session().await;
    let token = session["BytedToken"].as_str().expect("token");
    h.sim.complete_validation(token, true).expect("complete");
    h.sim
        .inject_fault(Endpoint::ValidationResult, Fault::ServerErrorAfterEffect, 1);
    let (status, _) = read(h.get("visual-validate-result", &[("byted_token", token)]).await).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let (status, body) = read(h.get("visual-validate-result", &[("byted_token", token)]).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["message"], "byted_token already used");
}

#[tokio::test]
async fn html_error_is_not_json_and_ignores_mode() {
    let h = start().await;
    h.sim.set_status_mode(StatusMode::EnvelopeOnly);
    h.sim
        .inject_fault(Endpoint::AssetInfo, Fault::HtmlError { http_status: 502 }, 1);
    let resp = h.get("asset-info", &[("asset_id", "x")]).await;
    assert_eq!(resp.status(), StatusCode::BAD_GATEWAY);
    let ctype = resp.headers()["content-type"].to_str().expect("ascii").to_owned();
    assert!(ctype.starts_with("text/html"));
    let text = resp.text().await.expect("body");
    assert!(text.contains("502 Bad Gateway"), "{text}");
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_err());
}

#[tokio::test]
async fn slow_answers_normally_after_the_delay() {
    let h = start().await;
    h.sim.inject_fault(
        Endpoint::CreateSession,
        Fault::Slow {
            delay: Duration::from_millis(300),
        },
        1,
    );
    let started = Instant::now();
    let session = h.create_session().await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert!(session["BytedToken"].is_string());
    // A client timeout shorter than the delay sees a timeout.
    h.sim.inject_fault(
        Endpoint::AssetInfo,
        Fault::Slow {
            delay: Duration::from_secs(3),
        },
        1,
    );
    let err = h
        .http
        .get(with_query(&h.api("asset-info"), &[("asset_id", "x")]))
        .header("x-api-key", h.sim.api_key())
        .timeout(Duration::from_millis(200))
        .send()
        .await
        .expect_err("times out");
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn malformed_body_is_http_200_unparsable() {
    let h = start().await;
    h.sim.inject_fault(Endpoint::UploadAsset, Fault::MalformedBody, 1);
    let resp = h.post("asset-upload", upload_body()).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let text = resp.text().await.expect("body");
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_err(),
        "{text}"
    );
    assert_eq!(h.sim.asset_count(), 0);
}

#[tokio::test]
async fn missing_data_is_success_without_data() {
    let h = start().await;
    h.sim
        .inject_fault(Endpoint::ValidationResult, Fault::MissingData, 1);
    let (status, body) = read(h.get("visual-validate-result", &[("byted_token", "t")]).await).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["code"], 200);
    assert_eq!(body["message"], "success");
    assert!(body["data"].is_null());
}

#[tokio::test]
async fn drop_connection_gives_reqwest_a_connection_error() {
    let h = start().await;
    // Warm the client's pool so the dropped request rides a reused keep-alive connection.
    h.create_session().await;
    h.sim
        .inject_fault(Endpoint::UploadAsset, Fault::DropConnection, 1);
    let err = h
        .http
        .post(h.api("asset-upload"))
        .header("x-api-key", h.sim.api_key())
        .json(&upload_body())
        .send()
        .await
        .expect_err("no response");
    assert!(err.status().is_none());
    assert!(!err.is_timeout(), "{err:?}");
    assert!(err.is_request() || err.is_connect(), "{err:?}");
    assert_eq!(h.sim.asset_count(), 0);
    assert_eq!(h.sim.request_count(Endpoint::UploadAsset), 1);
    // The server keeps serving afterwards.
    let (status, _) = read(h.post("asset-upload", upload_body()).await).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drop_connection_writes_no_bytes_at_all() {
    let h = start().await;
    h.sim.inject_fault(Endpoint::AssetInfo, Fault::DropConnection, 1);
    let addr = h.sim.addr();
    let key = h.sim.api_key().to_owned();
    let received = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        write!(
            stream,
            "GET /api/v1/client/job/asset-info?asset_id=x HTTP/1.1\r\nHost: sim\r\nx-api-key: {key}\r\n\r\n"
        )
        .expect("write");
        let mut buf = Vec::new();
        let result = stream.read_to_end(&mut buf);
        (result.map_err(|e| e.kind()), buf)
    })
    .await
    .expect("join");
    let (result, buf) = received;
    assert!(buf.is_empty(), "got bytes: {:?}", String::from_utf8_lossy(&buf));
    // EOF (Ok(0)) or a reset; never a timeout.
    if let Err(kind) = result {
        assert_eq!(kind, std::io::ErrorKind::ConnectionReset);
    }
}

#[tokio::test]
async fn faults_are_fifo_per_endpoint_and_after_auth() {
    let h = start().await;
    h.sim
        .inject_fault(Endpoint::AssetInfo, Fault::Status { code: 402 }, 1);
    h.sim
        .inject_fault(Endpoint::AssetInfo, Fault::Status { code: 505 }, 1);
    assert_eq!(h.sim.pending_faults(Endpoint::AssetInfo), 2);
    // Unauthenticated requests do not consume faults.
    let resp = h
        .http
        .get(with_query(&h.api("asset-info"), &[("asset_id", "x")]))
        .send()
        .await
        .expect("sent");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    // Other endpoints are unaffected.
    h.create_session().await;
    let codes: Vec<u16> = {
        let mut v = Vec::new();
        for _ in 0..3 {
            v.push(h.get("asset-info", &[("asset_id", "x")]).await.status().as_u16());
        }
        v
    };
    assert_eq!(codes, vec![402, 505, 404]);

    h.sim
        .inject_fault(Endpoint::AssetInfo, Fault::Status { code: 402 }, 5);
    h.sim.clear_faults();
    assert_eq!(h.sim.pending_faults(Endpoint::AssetInfo), 0);
    let (status, _) = read(h.get("asset-info", &[("asset_id", "x")]).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
