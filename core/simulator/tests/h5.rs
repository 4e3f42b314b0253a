//! The browser side: the H5 page, the Pass/Fail redirect, expiry and duplicates.

mod common;

use std::time::Duration;

use common::{read, start, start_with, with_query, Harness};
use reqwest::StatusCode;
use seedance_assets_simulator::{SimulatorConfig, SimulatorError};
use serde_json::json;

async fn session_with_callback(h: &Harness, callback: &str) -> (String, String) {
    let (status, body) = read(
        h.post("visual-validate-session", json!({"callback_url": callback}))
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let data = &body["data"];
    (
        data["BytedToken"].as_str().expect("token").to_owned(),
        data["H5Link"].as_str().expect("link").to_owned(),
    )
}

async fn submit(h: &Harness, token: &str, result: &str) -> reqwest::Response {
    let url = with_query(
        &format!("{}/h5/submit", h.sim.url()),
        &[("bytedToken", token), ("result", result)],
    );
    h.http.get(url).send().await.expect("sent")
}

fn location(resp: &reqwest::Response) -> String {
    resp.headers()["location"].to_str().expect("ascii").to_owned()
}

#[tokio::test]
async fn h5_link_serves_a_page_with_pass_and_fail_buttons() {
    let h = start().await;
    let (token, link) = session_with_callback(&h, "https://example.com/cb").await;
    let resp = h.http.get(&link).send().await.expect("sent");
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers()["content-type"]
        .to_str()
        .expect("ascii")
        .starts_with("text/html"));
    let html = resp.text().await.expect("body");
    assert!(html.contains("<title>"));
    assert!(html.contains(&token[..8]));
    assert!(html.contains(&token[token.len() - 4..]));
    assert!(html.contains("action=\"/h5/submit\""));
    assert!(html.contains("value=\"pass\"") && html.contains("value=\"fail\""));
    assert!(html.contains("lng=zh"));

    let en = with_query(
        &format!("{}/h5/validate", h.sim.url()),
        &[("bytedToken", token.as_str()), ("lng", "en")],
    );
    let html = h
        .http
        .get(en)
        .send()
        .await
        .expect("sent")
        .text()
        .await
        .expect("body");
    assert!(html.contains("lng=en") && html.contains("Pass") && html.contains("Fail"));
}

#[tokio::test]
async fn pass_redirects_with_exact_parameters() {
    let h = start().await;
    let (token, _) = session_with_callback(&h, "https://example.com/cb?state=xyz").await;
    let resp = submit(&h, &token, "pass").await;
    assert_eq!(resp.status(), StatusCode::FOUND);
    assert_eq!(
        location(&resp),
        format!(
            "https://example.com/cb?state=xyz&bytedToken={token}&resultCode=10000\
             &algorithmBaseRespCode=0&reqMeasureInfoValue=1&verify_type=real_time"
        )
    );
    // The token can now be exchanged exactly once.
    let (status, body) = read(h.get("visual-validate-result", &[("byted_token", &token)]).await).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["data"]["GroupId"].is_string());
}

#[tokio::test]
async fn fail_redirects_with_failure_parameters() {
    let h = start().await;
    let (token, _) = session_with_callback(&h, "http://localhost:9/done").await;
    let resp = submit(&h, &token, "fail").await;
    assert_eq!(resp.status(), StatusCode::FOUND);
    assert_eq!(
        location(&resp),
        format!(
            "http://localhost:9/done?bytedToken={token}&resultCode=10001\
             &algorithmBaseRespCode=-1101&reqMeasureInfoValue=0&verify_type=real_time"
        )
    );
    let (_, body) = read(h.get("visual-validate-result", &[("byted_token", &token)]).await).await;
    assert_eq!(body["message"], "validation failed");
}

#[tokio::test]
async fn completed_sessions_answer_409() {
    let h = start().await;
    let (token, link) = session_with_callback(&h, "https://example.com/cb").await;
    assert_eq!(submit(&h, &token, "pass").await.status(), StatusCode::FOUND);
    assert_eq!(submit(&h, &token, "pass").await.status(), StatusCode::CONFLICT);
    assert_eq!(
        h.http.get(&link).send().await.expect("sent").status(),
        StatusCode::CONFLICT
    );
    assert!(matches!(
        h.sim.complete_validation(&token, true),
        Err(SimulatorError::AlreadyCompleted(_))
    ));
}

#[tokio::test]
async fn unknown_token_and_bad_input() {
    let h = start().await;
    let page = with_query(&format!("{}/h5/validate", h.sim.url()), &[("bytedToken", "nope")]);
    let resp = h.http.get(page).send().await.expect("sent");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    assert!(resp.text().await.expect("body").contains("<html"));
    assert_eq!(submit(&h, "nope", "pass").await.status(), StatusCode::NOT_FOUND);
    let (token, _) = session_with_callback(&h, "https://example.com/cb").await;
    assert_eq!(
        submit(&h, &token, "maybe").await.status(),
        StatusCode::BAD_REQUEST
    );
    let bare = format!("{}/h5/validate", h.sim.url());
    assert_eq!(
        h.http.get(bare).send().await.expect("sent").status(),
        StatusCode::BAD_REQUEST
    );
    assert!(matches!(
        h.sim.complete_validation("nope", true),
        Err(SimulatorError::UnknownToken(_))
    ));
}

#[tokio::test]
async fn links_expire_after_the_ttl() {
    let h = start_with(SimulatorConfig::default().with_link_ttl(Duration::from_millis(300))).await;
    let (token, link) = session_with_callback(&h, "https://example.com/cb").await;
    let (early, _) = session_with_callback(&h, "https://example.com/cb").await;
    assert!(h.sim.complete_validation(&early, true).is_ok());
    tokio::time::sleep(Duration::from_millis(450)).await;

    let resp = h.http.get(&link).send().await.expect("sent");
    assert_eq!(resp.status(), StatusCode::GONE);
    assert!(resp.text().await.expect("body").contains("link expired"));
    assert_eq!(submit(&h, &token, "pass").await.status(), StatusCode::GONE);
    assert!(matches!(
        h.sim.complete_validation(&token, true),
        Err(SimulatorError::Expired(_))
    ));
    let (status, body) = read(h.get("visual-validate-result", &[("byted_token", &token)]).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["message"], "byted_token expired");
    // A session completed in time can still be exchanged.
    let (status, _) = read(h.get("visual-validate-result", &[("byted_token", &early)]).await).await;
    assert_eq!(status, StatusCode::OK);
}
