//! Bad input is refused before any request, naming the field.

mod common;

use common::*;
use seedance_assets::{AssetType, CreateSession, Error, ErrorCode, UploadAsset};

fn field_of(err: &Error) -> &'static str {
    match err {
        Error::InvalidArgument { field, .. } => field,
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
}

#[tokio::test]
async fn bad_arguments_send_nothing() {
    let sim = simulator().await;
    let client = client(&sim);

    for url in [
        "",
        "callback",
        "/cb",
        " https://a.example/cb",
        "file:///tmp/cb",
        "javascript:alert(1)",
    ] {
        let err = client
            .create_validation_session(&CreateSession::new(url))
            .await
            .unwrap_err();
        assert_eq!(field_of(&err), "callback_url", "{url:?}");
    }
    for token in ["", " tok", "tok\n", "a b", &"t".repeat(1000)] {
        let err = client.get_validation_result(token).await.unwrap_err();
        assert_eq!(field_of(&err), "byted_token", "{token:?}");
    }
    let good = UploadAsset::new("front", AssetType::Image, "https://cdn.example/a.jpg");
    let cases = [
        (
            UploadAsset {
                name: String::new(),
                ..good.clone()
            },
            "name",
        ),
        (
            UploadAsset {
                name: "x\u{0}".into(),
                ..good.clone()
            },
            "name",
        ),
        (
            UploadAsset {
                asset_url: "data:image/png;base64,iVBORw0KGgo=".into(),
                ..good.clone()
            },
            "asset_url",
        ),
        (
            UploadAsset {
                asset_url: "iVBORw0KGgoAAAANSUhEUg".into(),
                ..good.clone()
            },
            "asset_url",
        ),
        (
            UploadAsset {
                asset_url: "https://cdn.example/a.jpg ".into(),
                ..good.clone()
            },
            "asset_url",
        ),
        (
            UploadAsset {
                asset_url: "file:///home/me/a.jpg".into(),
                ..good.clone()
            },
            "asset_url",
        ),
        (good.clone().group_id(""), "group_id"),
        (good.clone().group_id("group 1"), "group_id"),
    ];
    for (req, field) in cases {
        let err = client.upload_asset(&req).await.unwrap_err();
        assert_eq!(field_of(&err), field, "{req:?}");
        assert_eq!(err.code(), ErrorCode::InvalidArgument);
    }
    for id in ["", " asset-1", "asset-1\t"] {
        assert_eq!(field_of(&client.get_asset(id).await.unwrap_err()), "asset_id");
    }
    assert_eq!(sim.total_requests(), 0, "nothing reached the service");
}

#[test]
fn asset_type_and_language_parse_case_insensitively() {
    assert_eq!("image".parse::<AssetType>().unwrap(), AssetType::Image);
    assert_eq!("VIDEO".parse::<AssetType>().unwrap(), AssetType::Video);
    assert_eq!("Audio".parse::<AssetType>().unwrap().as_str(), "Audio");
    let err = "gif".parse::<AssetType>().unwrap_err();
    assert_eq!(field_of(&err), "asset_type");
    assert_eq!(
        "ZH-HANT".parse::<seedance_assets::Language>().unwrap().as_str(),
        "zh-Hant"
    );
    assert!("fr".parse::<seedance_assets::Language>().is_err());
}

/// Hostile arguments (issue 9): control characters, CR/LF, NUL, line and direction separators,
/// 1 MB strings, other schemes, user info in URLs. Each is refused naming its field, and none
/// of them produces a request.
#[tokio::test]
async fn hostile_arguments_send_nothing() {
    let sim = simulator().await;
    let client = client(&sim);
    let huge = "a".repeat(1 << 20);
    let huge_url = format!("https://cdn.example/{huge}.jpg");
    let bad_urls = [
        "https://cdn.example/a.jpg\r\nX-Injected: 1",
        "https://cdn.example/a\n.jpg",
        "https://cdn.example/a\u{0}.jpg",
        "https://cdn.example/a\u{2028}.jpg",
        "https://cdn.example/\u{202E}gpj.exe",
        huge_url.as_str(),
        "ftp://cdn.example/a.jpg",
        "gopher://cdn.example/a.jpg",
        "ws://cdn.example/a.jpg",
        "data:text/html,<script>alert(1)</script>",
        "https://user:pass@cdn.example/a.jpg",
        "https://token@cdn.example/a.jpg",
        "http://:pass@cdn.example/a.jpg",
    ];
    for url in bad_urls {
        let err = client
            .create_validation_session(&CreateSession::new(url))
            .await
            .unwrap_err();
        assert_eq!(field_of(&err), "callback_url", "{:?}", &url[..url.len().min(60)]);
        assert!(!err.to_string().contains("pass@"), "{err}");
        let err = client
            .upload_asset(&UploadAsset::new("front", AssetType::Image, url))
            .await
            .unwrap_err();
        assert_eq!(field_of(&err), "asset_url", "{:?}", &url[..url.len().min(60)]);
        assert!(
            err.to_string().len() < 400,
            "the error does not echo a 1 MB value"
        );
    }
    let bad_texts = [
        "front\r\nX-Injected: 1",
        "front\n",
        "fr\u{0}ont",
        "fr\u{1b}[31mont",
        "fr\u{2029}ont",
        "fr\u{202E}ont",
        huge.as_str(),
    ];
    for text in bad_texts {
        let named = UploadAsset::new(text, AssetType::Image, "https://cdn.example/a.jpg");
        assert_eq!(field_of(&client.upload_asset(&named).await.unwrap_err()), "name");
        let grouped = UploadAsset::new("front", AssetType::Image, "https://cdn.example/a.jpg").group_id(text);
        assert_eq!(
            field_of(&client.upload_asset(&grouped).await.unwrap_err()),
            "group_id"
        );
        assert_eq!(field_of(&client.get_asset(text).await.unwrap_err()), "asset_id");
        let err = client
            .wait_for_asset(text, &seedance_assets::WaitOptions::default())
            .await
            .unwrap_err();
        assert_eq!(field_of(&err), "asset_id");
        assert_eq!(
            field_of(&client.get_validation_result(text).await.unwrap_err()),
            "byted_token"
        );
    }
    assert_eq!(sim.total_requests(), 0, "nothing reached the service");
}
