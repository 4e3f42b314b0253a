//! The four job endpoints: happy paths, validation, auth and the asset lifecycle.

mod common;

use std::time::Duration;

use common::{is_prefixed_id, read, start, start_with, with_query};
use reqwest::StatusCode;
use seedance_assets_simulator::{Endpoint, SimulatorConfig, TimeFormat};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_session_happy_path() {
    let h = start().await;
    let resp = h
        .post(
            "visual-validate-session",
            json!({"callback_url": "https://example.com/cb?state=abc", "extra": 1}),
        )
        .await;
    let request_id = resp
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        request_id.starts_with("req-") && request_id.len() > 8,
        "{request_id}"
    );
    let (status, body) = read(resp).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["code"], 200);
    assert_eq!(body["message"], "success");
    let data = &body["data"];
    let token = data["BytedToken"].as_str().expect("token");
    assert_eq!(token.len(), 34);
    assert!(token[..14].bytes().all(|b| b.is_ascii_digit()));
    assert!(token[14..]
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b)));
    assert_eq!(data["CallbackURL"], "https://example.com/cb?state=abc");
    let link = data["H5Link"].as_str().expect("link");
    assert!(link.starts_with(&format!("{}/h5/validate?accessKeyId=AKSIM", h.sim.url())));
    assert!(link.contains("&secretAccessKey=SKSIM"));
    assert!(link.contains("&sessionToken="));
    assert!(link.ends_with(&format!("&bytedToken={token}&lng=zh")));
    assert_eq!(h.sim.session_count(), 1);
    assert_eq!(h.sim.request_count(Endpoint::CreateSession), 1);
}

#[tokio::test]
async fn create_session_rejects_bad_callback() {
    let h = start().await;
    for body in [
        json!({}),
        json!({"callback_url": 5}),
        json!({"callback_url": "ftp://example.com/cb"}),
        json!({"callback_url": "not a url"}),
        json!(["https://example.com"]),
    ] {
        let (status, resp) = read(h.post("visual-validate-session", body.clone()).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(resp["code"], 422);
        assert!(resp["data"].is_null());
    }
    let resp = h
        .http
        .post(h.api("visual-validate-session"))
        .header("x-api-key", h.sim.api_key())
        .body("{not json")
        .send()
        .await
        .expect("sent");
    assert_eq!(read(resp).await.1["code"], 422);
    assert_eq!(h.sim.session_count(), 0);
}

#[tokio::test]
async fn wrong_or_missing_key_is_401_and_counted() {
    let h = start().await;
    let url = h.api("asset-info");
    for key in [None, Some("wrong"), Some("")] {
        let mut req = h.http.get(with_query(&url, &[("asset_id", "x")]));
        if let Some(k) = key {
            req = req.header("X-Api-Key", k);
        }
        let (status, body) = read(req.send().await.expect("sent")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(body["code"], 401);
        assert_eq!(body["message"], "Unauthorized: missing or invalid API key");
    }
    assert_eq!(h.sim.request_count(Endpoint::AssetInfo), 3);
    // Header names are case-insensitive.
    let resp = h
        .http
        .get(with_query(&url, &[("asset_id", "x")]))
        .header("X-API-KEY", h.sim.api_key())
        .send()
        .await
        .expect("sent");
    assert_eq!(read(resp).await.1["code"], 404);
}

#[tokio::test]
async fn custom_api_key() {
    let h = start_with(SimulatorConfig::default().with_api_key("k-123")).await;
    assert_eq!(h.sim.api_key(), "k-123");
    let (status, _) = read(h.get("asset-info", &[("asset_id", "x")]).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn validation_result_states_and_single_use() {
    let h = start().await;
    let (status, body) = read(h.get("visual-validate-result", &[]).await).await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!(422))
    );

    let (status, _) = read(
        h.get(
            "visual-validate-result",
            &[("byted_token", "20260101000000ABCDEFABCDEFABCDEFAB")],
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let session = h.create_session().await;
    let token = session["BytedToken"].as_str().expect("token").to_owned();
    let (status, body) = read(h.get("visual-validate-result", &[("byted_token", &token)]).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["message"], "validation not completed");

    h.sim.complete_validation(&token, true).expect("complete");
    let (status, body) = read(h.get("visual-validate-result", &[("byted_token", &token)]).await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let group = body["data"]["GroupId"].as_str().expect("group");
    assert!(is_prefixed_id(group, "group"), "{group}");

    let (status, body) = read(h.get("visual-validate-result", &[("byted_token", &token)]).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["message"], "byted_token already used");
}

#[tokio::test]
async fn failed_validation_cannot_be_exchanged() {
    let h = start().await;
    let session = h.create_session().await;
    let token = session["BytedToken"].as_str().expect("token");
    let url = h.sim.complete_validation(token, false).expect("complete");
    assert!(url.contains("resultCode=10001"), "{url}");
    let (status, body) = read(h.get("visual-validate-result", &[("byted_token", token)]).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["message"], "validation failed");
}

#[tokio::test]
async fn upload_and_asset_becomes_active() {
    let h = start_with(
        SimulatorConfig::default()
            .with_processing_delay(Duration::from_millis(300), Duration::from_millis(300)),
    )
    .await;
    let group = h.group().await;
    let resp = h
        .post(
            "asset-upload",
            json!({"name": "front", "asset_type": "Video", "asset_url": "https://cdn.example.com/a.mp4", "group_id": group}),
        )
        .await;
    let (status, body) = read(resp).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id = body["data"]["AssetId"].as_str().expect("id").to_owned();
    assert!(is_prefixed_id(&id, "asset"), "{id}");
    assert_eq!(h.sim.asset_count(), 1);

    let first = h.asset(&id).await;
    assert_eq!(first["AssetId"], id.as_str());
    assert_eq!(first["Name"], "front");
    assert_eq!(first["AssetType"], "Video");
    assert_eq!(first["Status"], "Processing");
    assert!(first.get("Error").is_none());
    let created = first["CreateTime"].as_str().expect("iso time");
    assert!(created.ends_with('Z') && created.len() == 20, "{created}");
    assert!(chrono::DateTime::parse_from_rfc3339(created).is_ok());

    let done = h.settled(&id).await;
    assert_eq!(done["Status"], "Active");
    assert!(done.get("Error").is_none());
    assert_eq!(done["CreateTime"], first["CreateTime"]);
    let updated =
        chrono::DateTime::parse_from_rfc3339(done["UpdateTime"].as_str().expect("time")).expect("rfc3339");
    let created = chrono::DateTime::parse_from_rfc3339(created).expect("rfc3339");
    assert!(updated >= created);
}

#[tokio::test]
async fn face_mismatch_and_download_failure_end_failed() {
    let h = start().await;
    let group = h.group().await;
    for (url, code) in [
        ("https://example.com/face-mismatch.jpg", "FaceMismatch"),
        (
            "https://example.com/download-failed.jpg",
            "InvalidParameter.DownloadFailed",
        ),
    ] {
        let resp = h
            .post(
                "asset-upload",
                json!({"name": "n", "asset_type": "Image", "asset_url": url, "group_id": group}),
            )
            .await;
        let id = read(resp).await.1["data"]["AssetId"]
            .as_str()
            .expect("id")
            .to_owned();
        let data = h.settled(&id).await;
        assert_eq!(data["Status"], "Failed");
        assert_eq!(data["Error"]["Code"], code);
        assert!(data["Error"]["Message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let id = h.upload("https://example.com/face-mismatch.png").await;
    assert_eq!(
        h.settled(&id).await["Error"]["Message"],
        "Face consistency verification failed."
    );
}

#[tokio::test]
async fn upload_validation_errors() {
    let h = start().await;
    let ok = json!({"name": "n", "asset_type": "Image", "asset_url": "https://e.com/a.jpg"});
    let mut cases = Vec::new();
    for (field, bad) in [
        ("name", json!(null)),
        ("name", json!("")),
        ("asset_type", json!("image")),
        ("asset_type", json!(null)),
        ("asset_url", json!("file:///etc/passwd")),
        ("asset_url", json!(null)),
        ("group_id", json!(7)),
    ] {
        let mut body = ok.clone();
        if bad.is_null() {
            body.as_object_mut().expect("object").remove(field);
        } else {
            body[field] = bad;
        }
        cases.push(body);
    }
    for body in cases {
        let (status, resp) = read(h.post("asset-upload", body.clone()).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body} -> {resp}");
    }
    let mut unknown_group = ok.clone();
    unknown_group["group_id"] = json!("group-20260101000000-abcde");
    let (status, resp) = read(h.post("asset-upload", unknown_group).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(resp["code"], 404);
    assert_eq!(h.sim.asset_count(), 0);
}

#[tokio::test]
async fn asset_info_errors() {
    let h = start().await;
    let (status, _) = read(h.get("asset-info", &[]).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = read(h.get("asset-info", &[("asset_id", "asset-nope")]).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], 404);
}

#[tokio::test]
async fn unix_time_format() {
    let h = start_with(SimulatorConfig::default().with_time_format(TimeFormat::Unix)).await;
    let id = h.upload("https://example.com/a.jpg").await;
    let data = h.asset(&id).await;
    let created = data["CreateTime"].as_i64().expect("integer");
    let now = chrono::Utc::now().timestamp();
    assert!((now - 60..=now + 1).contains(&created));
    assert!(data["UpdateTime"].as_i64().is_some());
    h.sim.set_time_format(TimeFormat::Iso);
    assert!(h.asset(&id).await["CreateTime"].is_string());
}

#[tokio::test]
async fn forced_status_is_reported_verbatim() {
    let h = start().await;
    let id = h.upload("https://example.com/a.jpg").await;
    h.sim.set_asset_status(&id, "Reviewing").expect("known asset");
    assert_eq!(h.asset(&id).await["Status"], "Reviewing");
    h.sim.set_asset_status(&id, "Failed").expect("known asset");
    assert!(h.asset(&id).await["Error"]["Code"].is_string());
    assert!(h.sim.set_asset_status("asset-nope", "Active").is_err());
}

#[tokio::test]
async fn unknown_paths_and_methods_are_404_envelopes() {
    let h = start().await;
    for url in [h.api("nope"), format!("{}/whatever", h.sim.url())] {
        let (status, body) = read(h.http.get(url).send().await.expect("sent")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(body["code"], 404);
    }
    let resp = h
        .http
        .get(h.api("asset-upload"))
        .header("x-api-key", h.sim.api_key())
        .send()
        .await
        .expect("sent");
    assert_eq!(read(resp).await.1["code"], 404);
}

#[tokio::test]
async fn counters_and_reset() {
    let h = start().await;
    h.create_session().await;
    let _ = h.get("asset-info", &[("asset_id", "x")]).await;
    let _ = h.get("asset-info", &[("asset_id", "y")]).await;
    assert_eq!(h.sim.request_count(Endpoint::CreateSession), 1);
    assert_eq!(h.sim.request_count(Endpoint::AssetInfo), 2);
    assert_eq!(h.sim.request_count(Endpoint::UploadAsset), 0);
    assert_eq!(h.sim.total_requests(), 3);
    h.sim.reset_counters();
    assert_eq!(h.sim.total_requests(), 0);
    assert_eq!(h.sim.session_count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_requests() {
    let h = start().await;
    let mut tasks = Vec::new();
    for _ in 0..32 {
        let http = h.http.clone();
        let url = h.api("asset-upload");
        let key = h.sim.api_key().to_owned();
        tasks.push(tokio::spawn(async move {
            for _ in 0..10 {
                let resp = http
                    .post(&url)
                    .header("x-api-key", &key)
                    .json(&json!({"name": "n", "asset_type": "Audio", "asset_url": "https://e.com/a.mp3"}))
                    .send()
                    .await
                    .expect("sent");
                assert_eq!(resp.status(), StatusCode::OK);
            }
        }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    assert_eq!(h.sim.asset_count(), 320);
    assert_eq!(h.sim.request_count(Endpoint::UploadAsset), 320);
}
