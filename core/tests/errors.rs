//! Every row of the error table, through the public API, in both HTTP status modes.

mod common;

use common::*;
use seedance_assets::{Client, Error, ErrorCode};
use seedance_assets_simulator::{Endpoint as SimEndpoint, Fault, StatusMode};

const ROWS: [(u16, ErrorCode); 9] = [
    (401, ErrorCode::Authentication),
    (402, ErrorCode::InsufficientCredits),
    (404, ErrorCode::NotFound),
    (422, ErrorCode::Unprocessable),
    (429, ErrorCode::RateLimited),
    (455, ErrorCode::ServiceUnavailable),
    (500, ErrorCode::Server),
    (501, ErrorCode::GenerationFailed),
    (505, ErrorCode::FeatureDisabled),
];

async fn status_rows(mode: StatusMode) {
    let sim = simulator().await;
    sim.set_status_mode(mode);
    let client = builder(&sim).max_retries(0).build().unwrap();
    for (code, expected) in ROWS {
        sim.inject_fault(SimEndpoint::AssetInfo, Fault::Status { code }, 1);
        let err = client.get_asset("asset-20260420153000-ab12c").await.unwrap_err();
        assert_eq!(err.code(), expected, "code {code} in {mode:?}: {err}");
        assert_eq!(err.envelope_code(), Some(i64::from(code)));
        let http = if mode == StatusMode::Mirrored { code } else { 200 };
        assert_eq!(err.http_status(), Some(http));
        assert!(
            err.request_id().is_some_and(|id| id.starts_with("req-")),
            "{err:?}"
        );
        assert!(!err.to_string().is_empty());
    }
}

#[tokio::test]
async fn every_status_row_with_mirrored_http_status() {
    status_rows(StatusMode::Mirrored).await;
}

#[tokio::test]
async fn every_status_row_when_the_error_is_only_in_the_envelope() {
    status_rows(StatusMode::EnvelopeOnly).await;
}

#[tokio::test]
async fn wrong_key_is_authentication() {
    let sim = simulator().await;
    let client = builder(&sim).api_key("not-the-key").build().unwrap();
    let err = client.get_asset("asset-1").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Authentication);
    assert_eq!(sim.total_requests(), 1, "401 is never retried");
}

#[tokio::test]
async fn unknown_asset_is_not_found() {
    let sim = simulator().await;
    let err = client(&sim)
        .get_asset("asset-20990101000000-zzzzz")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(sim.total_requests(), 1);
}

#[tokio::test]
async fn html_error_page_maps_by_http_status() {
    let sim = simulator().await;
    let client = builder(&sim).max_retries(0).build().unwrap();
    sim.inject_fault(SimEndpoint::AssetInfo, Fault::HtmlError { http_status: 502 }, 1);
    let err = client.get_asset("asset-1").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Server);
    assert_eq!(err.http_status(), Some(502));
    assert_eq!(err.envelope_code(), None);
    sim.inject_fault(SimEndpoint::AssetInfo, Fault::HtmlError { http_status: 404 }, 1);
    assert_eq!(
        client.get_asset("asset-1").await.unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[tokio::test]
async fn malformed_and_empty_bodies_are_decode_errors_with_a_snippet() {
    let sim = simulator().await;
    let client = builder(&sim).max_retries(0).build().unwrap();
    // Not JSON at all: transient for a GET (see garbled.rs), a decode error once retries run out.
    sim.inject_fault(SimEndpoint::AssetInfo, Fault::MalformedBody, 1);
    let err = client.get_asset("asset-1").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Decode, "{err}");
    match &err {
        Error::Garbled { snippet, .. } => assert!(!snippet.is_empty()),
        other => panic!("{other:?}"),
    }
    sim.inject_fault(SimEndpoint::AssetInfo, Fault::MissingData, 1);
    assert_eq!(
        client.get_asset("asset-1").await.unwrap_err().code(),
        ErrorCode::Decode
    );
}

#[tokio::test]
async fn connection_refused_is_a_connection_error() {
    let sim = simulator().await;
    let url = sim.url();
    let key = sim.api_key().to_string();
    sim.shutdown().await;
    let client = Client::builder()
        .api_key(key)
        .base_url(url)
        .max_retries(1)
        .retry_policy(quick_retries())
        .build()
        .unwrap();
    let err = client.get_asset("asset-1").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Connection, "{err}");
    assert!(err.is_retryable());
}

#[tokio::test]
async fn codes_have_their_stable_names() {
    let names: Vec<&str> = ROWS.iter().map(|(_, c)| c.as_str()).collect();
    assert_eq!(
        names,
        [
            "ERR_AUTHENTICATION",
            "ERR_INSUFFICIENT_CREDITS",
            "ERR_NOT_FOUND",
            "ERR_UNPROCESSABLE",
            "ERR_RATE_LIMITED",
            "ERR_SERVICE_UNAVAILABLE",
            "ERR_SERVER",
            "ERR_GENERATION_FAILED",
            "ERR_FEATURE_DISABLED"
        ]
    );
}
