//! Request ids on successful results, and the client's default H5 page language (issue 10).

mod common;
mod hostile;

use common::{builder, client, simulator, uploaded_id, CALLBACK};
use seedance_assets::{AssetType, Client, CreateSession, Language, RateLimits};

/// `req-` and 24 lowercase hex digits, the simulator's form.
fn is_simulator_id(id: &str) -> bool {
    id.strip_prefix("req-")
        .is_some_and(|hex| hex.len() == 24 && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

#[tokio::test]
async fn every_result_carries_the_request_id_its_answer_had() {
    let sim = simulator().await;
    let client = client(&sim);

    let session = client
        .create_validation_session(&CreateSession::new(CALLBACK))
        .await
        .expect("session");
    let id = session.request_id.clone().expect("session request id");
    assert!(is_simulator_id(&id), "{id}");
    assert_eq!(Some(id), sim.last_request_id());

    let callback = sim
        .complete_validation(&session.byted_token, true)
        .expect("complete");
    let token = session.verify_callback(&callback).expect("passed").byted_token;
    let result = client.get_validation_result(&token).await.expect("group");
    assert!(result.request_id.is_some());
    assert_eq!(result.request_id, sim.last_request_id());

    let uploaded = client
        .upload_asset(
            &seedance_assets::UploadAsset::new("front", AssetType::Image, "https://cdn.example/a.jpg")
                .group_id(&result.group_id),
        )
        .await
        .expect("upload");
    assert!(uploaded.request_id.is_some());
    assert_eq!(uploaded.request_id, sim.last_request_id());

    let asset = client.get_asset(&uploaded.asset_id).await.expect("asset");
    assert!(asset.request_id.is_some());
    assert_eq!(asset.request_id, sim.last_request_id());
    // Each answer has its own id.
    assert_ne!(asset.request_id, uploaded.request_id);
}

#[tokio::test]
async fn equality_ignores_the_request_id() {
    let sim = simulator().await;
    sim.set_processing_delay(
        std::time::Duration::from_secs(3600),
        std::time::Duration::from_secs(3600),
    );
    let client = client(&sim);
    let id = uploaded_id(&client, AssetType::Image, "https://cdn.example/b.jpg").await;
    let first = client.get_asset(&id).await.expect("first");
    let second = client.get_asset(&id).await.expect("second");
    assert_ne!(first.request_id, second.request_id);
    assert_eq!(first, second, "the same state seen twice is the same asset");

    let mut a = seedance_assets::UploadedAsset {
        asset_id: id.clone(),
        request_id: Some("r-1".into()),
    };
    let b = seedance_assets::UploadedAsset {
        asset_id: id,
        request_id: None,
    };
    assert_eq!(a, b);
    a.asset_id.push('x');
    assert_ne!(a, b);
}

#[tokio::test]
async fn a_request_id_read_from_the_body_is_cleaned_and_bounded() {
    // No header: the id comes from the body, with a control character and far too long.
    let long = format!("id\\u0007{}", "x".repeat(500));
    let body =
        format!(r#"{{"code":200,"message":"ok","request_id":"{long}","data":{{"AssetId":"asset-1"}}}}"#);
    let server = hostile::fixed(format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    ))
    .await;
    let client = Client::builder()
        .api_key("sk-test-key")
        .base_url(server.url())
        .rate_limits(RateLimits::disabled())
        .max_retries(0)
        .build()
        .expect("client");
    let uploaded = client
        .upload_asset(&seedance_assets::UploadAsset::new(
            "n",
            AssetType::Image,
            "https://cdn.example/c.jpg",
        ))
        .await
        .expect("upload");
    let id = uploaded.request_id.expect("request id from the body");
    assert!(id.starts_with("idxxx"), "{id}");
    assert!(!id.chars().any(char::is_control), "{id:?}");
    assert!(id.chars().count() <= 129, "{} chars", id.chars().count());
}

#[test]
fn restored_request_ids_are_cleaned_and_bounded() {
    assert_eq!(
        seedance_assets::redact::request_id("a\u{7}b\nc").as_deref(),
        Some("abc")
    );
    assert_eq!(seedance_assets::redact::request_id("\u{1b}\r\n"), None);
    let long = "y".repeat(1000);
    assert_eq!(
        seedance_assets::redact::request_id(&long).map(|id| id.chars().count()),
        Some(128)
    );
}

fn lng(link: &str) -> Option<String> {
    url::Url::parse(link)
        .expect("link is a URL")
        .query_pairs()
        .find(|(k, _)| k == "lng")
        .map(|(_, v)| v.into_owned())
}

#[tokio::test]
async fn the_clients_language_applies_and_a_requests_language_wins() {
    let sim = simulator().await;

    let plain = client(&sim)
        .create_validation_session(&CreateSession::new(CALLBACK))
        .await
        .expect("session");
    assert_eq!(
        lng(&plain.h5_link).as_deref(),
        Some("zh"),
        "as the service sent it: zh"
    );

    let english = builder(&sim).language(Language::En).build().expect("client");
    let session = english
        .create_validation_session(&CreateSession::new(CALLBACK))
        .await
        .expect("session");
    assert_eq!(lng(&session.h5_link).as_deref(), Some("en"));

    let session = english
        .create_validation_session(&CreateSession::new(CALLBACK).language(Language::ZhHant))
        .await
        .expect("session");
    assert_eq!(lng(&session.h5_link).as_deref(), Some("zh-Hant"));

    // `with_options` clones keep the default.
    let session = english
        .with_options(Default::default())
        .create_validation_session(&CreateSession::new(CALLBACK))
        .await
        .expect("session");
    assert_eq!(lng(&session.h5_link).as_deref(), Some("en"));
}
