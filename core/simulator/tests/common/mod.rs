//! Helpers shared by the integration tests: start a simulator and talk to it over HTTP.
#![allow(dead_code)]

use std::time::Duration;

use reqwest::{Client, Response, StatusCode};
use seedance_assets_simulator::{Simulator, SimulatorConfig};
use serde_json::{json, Value};

/// A simulator plus an HTTP client that does not follow redirects.
pub struct Harness {
    pub sim: Simulator,
    pub http: Client,
}

/// Starts a simulator with `config`.
pub async fn start_with(config: SimulatorConfig) -> Harness {
    let sim = Simulator::start(config).await.expect("simulator starts");
    let http = http_client_builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client builds");
    Harness { sim, http }
}

/// A reqwest client builder. reqwest is built without a TLS crypto provider (the workspace
/// uses rustls with `ring`, installed by the client crate), so these tests install it first.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    Client::builder()
}

/// Starts a simulator with a short processing delay.
pub async fn start() -> Harness {
    start_with(
        SimulatorConfig::default()
            .with_processing_delay(Duration::from_millis(50), Duration::from_millis(50)),
    )
    .await
}

impl Harness {
    /// Full URL of a job-API endpoint.
    pub fn api(&self, path: &str) -> String {
        format!("{}/api/v1/client/job/{path}", self.sim.url())
    }

    /// Authenticated POST of a JSON body.
    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.http
            .post(self.api(path))
            .header("x-api-key", self.sim.api_key())
            .json(&body)
            .send()
            .await
            .expect("request succeeds")
    }

    /// Authenticated GET with query parameters.
    pub async fn get(&self, path: &str, query: &[(&str, &str)]) -> Response {
        self.http
            .get(with_query(&self.api(path), query))
            .header("x-api-key", self.sim.api_key())
            .send()
            .await
            .expect("request succeeds")
    }

    /// Creates a session and returns its `data` object.
    pub async fn create_session(&self) -> Value {
        let resp = self
            .post(
                "visual-validate-session",
                json!({"callback_url": "https://example.com/cb"}),
            )
            .await;
        let (status, body) = read(resp).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["data"].clone()
    }

    /// Creates a session, passes it and exchanges the token; returns the GroupId.
    pub async fn group(&self) -> String {
        let session = self.create_session().await;
        let token = session["BytedToken"].as_str().expect("token");
        self.sim.complete_validation(token, true).expect("complete");
        let (status, body) = read(
            self.get("visual-validate-result", &[("byted_token", token)])
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["data"]["GroupId"].as_str().expect("group").to_owned()
    }

    /// Uploads an image asset and returns its AssetId.
    pub async fn upload(&self, asset_url: &str) -> String {
        let resp = self
            .post(
                "asset-upload",
                json!({"name": "front", "asset_type": "Image", "asset_url": asset_url}),
            )
            .await;
        let (status, body) = read(resp).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["data"]["AssetId"].as_str().expect("asset id").to_owned()
    }

    /// The asset-info `data` for an asset.
    pub async fn asset(&self, id: &str) -> Value {
        let (status, body) = read(self.get("asset-info", &[("asset_id", id)]).await).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["data"].clone()
    }

    /// Polls asset-info until the status is not Processing (generous deadline).
    pub async fn settled(&self, id: &str) -> Value {
        for _ in 0..300 {
            let data = self.asset(id).await;
            if data["Status"] != "Processing" {
                return data;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("asset {id} still Processing");
    }
}

/// `url` with percent-encoded query parameters appended.
pub fn with_query(url: &str, query: &[(&str, &str)]) -> String {
    match url::Url::parse_with_params(url, query) {
        Ok(u) => u.into(),
        Err(err) => panic!("bad url {url}: {err}"),
    }
}

/// Status and JSON body of a response.
pub async fn read(resp: Response) -> (StatusCode, Value) {
    let status = resp.status();
    let text = resp.text().await.expect("body");
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text:?}"));
    (status, body)
}

/// True when `s` is `<prefix>-YYYYMMDDhhmmss-xxxxx`.
pub fn is_prefixed_id(s: &str, prefix: &str) -> bool {
    let Some(rest) = s.strip_prefix(prefix).and_then(|r| r.strip_prefix('-')) else {
        return false;
    };
    let parts: Vec<&str> = rest.split('-').collect();
    parts.len() == 2
        && parts[0].len() == 14
        && parts[0].bytes().all(|b| b.is_ascii_digit())
        && parts[1].len() == 5
        && parts[1]
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}
