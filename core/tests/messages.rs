//! Messages in the user's terms: an HTML error page summarised, a reference passed for an id,
//! a URL with spaces.

mod common;

use common::*;
use seedance_assets::{AssetType, Error, ErrorCode, UploadAsset};
use seedance_assets_simulator::{Endpoint as SimEndpoint, Fault};

#[tokio::test]
async fn an_html_error_page_is_summarised_by_status_and_title() {
    let sim = simulator().await;
    let client = builder(&sim).max_retries(0).build().unwrap();
    sim.inject_fault(SimEndpoint::AssetInfo, Fault::HtmlError { http_status: 502 }, 1);
    let err = client.get_asset("asset-1").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Server, "{err}");
    let text = err.to_string();
    assert!(
        text.contains("HTTP 502: an HTML page, titled \"502 Bad Gateway\""),
        "{text}"
    );
    assert!(!text.contains("<center>"), "{text}");
}

#[tokio::test]
async fn a_reference_passed_for_an_id_gets_a_hint_and_sends_nothing() {
    let sim = simulator().await;
    let client = client(&sim);
    let err = client.get_asset("asset://asset-2026-abc").await.unwrap_err();
    match &err {
        Error::InvalidArgument { field, reason } => {
            assert_eq!(*field, "asset_id");
            assert!(reason.contains("pass \"asset-2026-abc\""), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(sim.request_count(SimEndpoint::AssetInfo), 0);
}

#[tokio::test]
async fn a_url_with_spaces_is_refused_with_how_to_fix_it() {
    let sim = simulator().await;
    let client = client(&sim);
    let upload = UploadAsset::new("front", AssetType::Image, "https://cdn.example/my photo.jpg");
    let err = client.upload_asset(&upload).await.unwrap_err();
    match &err {
        Error::InvalidArgument { field, reason } => {
            assert_eq!(*field, "asset_url");
            assert!(reason.contains("%20"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), 0);
}
