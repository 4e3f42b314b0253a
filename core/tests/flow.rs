//! The four steps end to end on the simulator, and the shapes of what they return.

mod common;

use std::time::Duration;

use common::*;
use seedance_assets::{AssetStatus, AssetType, CreateSession, Language, UploadAsset, WaitOptions};
use seedance_assets_simulator::{Endpoint as SimEndpoint, TimeFormat};

#[tokio::test]
async fn four_steps_end_to_end() {
    let sim = simulator().await;
    let client = client(&sim);

    let session = client
        .create_validation_session(&CreateSession::new(CALLBACK))
        .await
        .unwrap();
    assert_eq!(session.byted_token.len(), 34);
    assert!(session.h5_link.contains("bytedToken="));
    assert_eq!(session.callback_url, CALLBACK);
    assert_eq!((session.expires_at - session.created_at).num_seconds(), 120);
    assert!(!session.is_expired());

    let callback = sim.complete_validation(&session.byted_token, true).unwrap();
    assert!(callback.starts_with("https://app.example/seedance/callback?user=42&"));
    let cb = session.verify_callback(&callback).unwrap();
    assert!(cb.passed());
    assert_eq!(cb.verify_type.as_deref(), Some("real_time"));

    let result = client.get_validation_result(&cb.byted_token).await.unwrap();
    assert!(result.group_id.starts_with("group-"), "{}", result.group_id);

    let uploaded = client.upload_asset(&photo(&result.group_id)).await.unwrap();
    assert!(uploaded.asset_id.starts_with("asset-"));
    assert_eq!(uploaded.reference(), format!("asset://{}", uploaded.asset_id));

    let first = client.get_asset(&uploaded.asset_id).await.unwrap();
    assert_eq!(first.status, AssetStatus::Processing);
    let asset = client
        .wait_for_asset(
            &uploaded.asset_id,
            &WaitOptions::with_timeout(Duration::from_secs(30)).poll_every(Duration::from_millis(50)),
        )
        .await
        .unwrap();
    assert_eq!(asset.status, AssetStatus::Active);
    assert_eq!(asset.asset_type, Some(AssetType::Image));
    assert_eq!(asset.name.as_deref(), Some("front"));
    assert_eq!(asset.reference(), uploaded.reference());
    assert!(asset.create_time.is_some() && asset.update_time >= asset.create_time);
    assert_eq!(asset.raw.get("Status").and_then(|v| v.as_str()), Some("Active"));
    assert_eq!(sim.asset_count(), 1);
}

#[tokio::test]
async fn language_sets_lng_on_the_link() {
    let sim = simulator().await;
    let client = client(&sim);
    let session = client
        .create_validation_session(&CreateSession::new(CALLBACK).language(Language::En))
        .await
        .unwrap();
    assert!(session.h5_link.ends_with("lng=en"), "{}", session.h5_link);
    assert_eq!(session.h5_link.matches("lng=").count(), 1);
    let hant = session.h5_link_for("zh-hant".parse().unwrap()).unwrap();
    assert!(hant.ends_with("lng=zh-Hant"));
    assert!(hant.contains(&format!("bytedToken={}", session.byted_token)));
}

#[tokio::test]
async fn the_h5_page_redirects_the_browser_to_the_callback() {
    let sim = simulator().await;
    let client = client(&sim);
    let session = client
        .create_validation_session(&CreateSession::new(CALLBACK))
        .await
        .unwrap();
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = browser.get(&session.h5_link).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Pass") && html.contains("Fail"));
    let submit = format!(
        "{}/h5/submit?bytedToken={}&result=pass",
        sim.url(),
        session.byted_token
    );
    let redirect = browser.get(&submit).send().await.unwrap();
    assert_eq!(redirect.status(), 302);
    let location = redirect.headers()["location"].to_str().unwrap().to_string();
    let cb = session.verify_callback(&location).unwrap();
    assert_eq!(cb.extra.get("reqMeasureInfoValue").map(String::as_str), Some("1"));
    assert!(client.get_validation_result(&cb.byted_token).await.is_ok());
}

#[tokio::test]
async fn unix_times_and_iso_times_decode_alike() {
    let sim = simulator().await;
    let client = client(&sim);
    let group = validated_group(&sim, &client).await;
    let id = client.upload_asset(&photo(&group)).await.unwrap().asset_id;
    let iso = client.get_asset(&id).await.unwrap();
    sim.set_time_format(TimeFormat::Unix);
    let unix = client.get_asset(&id).await.unwrap();
    assert!(unix.raw["CreateTime"].is_i64(), "{:?}", unix.raw);
    assert!(iso.raw["CreateTime"].is_string());
    assert_eq!(iso.create_time, unix.create_time);
}

#[tokio::test]
async fn unknown_status_is_kept_and_not_terminal() {
    let sim = simulator().await;
    let client = client(&sim);
    let id = uploaded_id(&client, AssetType::Video, "https://cdn.example/bg.mp4").await;
    sim.set_asset_status(&id, "Reviewing").unwrap();
    let asset = client.get_asset(&id).await.unwrap();
    assert_eq!(asset.status, AssetStatus::Other("Reviewing".into()));
    assert!(!asset.status.is_terminal());
    assert_eq!(asset.asset_type, Some(AssetType::Video));
}

#[tokio::test]
async fn clones_share_one_client_across_tasks() {
    let sim = simulator().await;
    let client = client(&sim);
    let group = validated_group(&sim, &client).await;
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let client = client.clone();
            let req = UploadAsset::new(
                format!("p{i}"),
                AssetType::Image,
                format!("https://cdn.example/{i}.jpg"),
            )
            .group_id(&group);
            tokio::spawn(async move { client.upload_asset(&req).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(sim.asset_count(), 16);
    assert_eq!(sim.request_count(SimEndpoint::UploadAsset), 16);
}
