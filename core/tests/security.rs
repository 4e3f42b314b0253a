//! The security promises of issue 9 against hostile servers on 127.0.0.1: no credential leaves
//! the configured origin, https-or-loopback, bounded responses, nothing secret in errors.

mod common;
mod hostile;

use std::time::{Duration, Instant};

use common::quick_retries;
use seedance_assets::__fuzz::leaked_runs;
use seedance_assets::{
    AssetType, CallbackResult, Client, ClientBuilder, CreateSession, Error, ErrorCode, RateLimits,
    UploadAsset, DEFAULT_MAX_RESPONSE_BYTES,
};
use tokio::io::AsyncWriteExt;

const KEY: &str = "sk-live-HOSTILE-test-0123456789abcdef";

fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .api_key(KEY)
        .base_url(base_url)
        .rate_limits(RateLimits::disabled())
        .retry_policy(quick_retries())
}

fn client(base_url: &str) -> Client {
    builder(base_url).build().expect("client builds")
}

fn upload() -> UploadAsset {
    UploadAsset::new("front", AssetType::Image, "https://cdn.example/a.jpg")
}

fn assert_no_key(text: &str) {
    let runs = leaked_runs(KEY, text);
    assert!(runs.is_empty(), "key runs {runs:?} in {text}");
}

// ---- 1. No credential leaves the configured origin ----

#[tokio::test]
async fn a_redirect_to_another_origin_receives_nothing() {
    let elsewhere = hostile::bystander().await;
    for status in [301, 302, 303, 307, 308] {
        let server = hostile::fixed(format!(
            "HTTP/1.1 {status} Moved\r\nLocation: http://{}/steal?token=abc&key=1\r\nContent-Length: 0\r\n\r\n",
            elsewhere.addr
        ))
        .await;
        let client = client(&server.url());

        let err = client.get_asset("asset-1").await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Api, "{status}: {err}");
        assert_eq!(err.http_status(), Some(status));
        let text = err.to_string();
        assert!(text.contains(&format!("http://{}", elsewhere.addr)), "{text}");
        assert!(
            !text.contains("steal") && !text.contains("token"),
            "path/query shown: {text}"
        );
        assert!(!err.is_retryable());

        let err = client.upload_asset(&upload()).await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Api, "POST {status}: {err}");

        assert_eq!(server.requests(), 2, "{status}: one GET, one POST, no retries");
    }
    // Give a (wrongly) followed redirect every chance to arrive before counting.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(elsewhere.connections(), 0, "the other origin was contacted");
}

#[tokio::test]
async fn a_redirect_to_the_same_origin_is_not_followed_either() {
    let server = hostile::fixed(
        "HTTP/1.1 302 Found\r\nLocation: /api/v1/client/job/asset-info?asset_id=x\r\nContent-Length: 0\r\n\r\n"
            .to_string(),
    )
    .await;
    let err = client(&server.url()).get_asset("asset-1").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Api);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn the_key_goes_only_in_its_header() {
    let server = hostile::fixed("HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n".into()).await;
    let _ = builder(&server.url())
        .max_retries(0)
        .build()
        .unwrap()
        .get_asset("asset-1")
        .await;
    let heads = server.heads();
    assert_eq!(heads.len(), 1);
    let request_line = heads[0].lines().next().unwrap_or_default();
    assert!(!request_line.contains(KEY), "{request_line}");
    assert!(heads[0]
        .to_ascii_lowercase()
        .contains(&format!("x-api-key: {}", KEY.to_ascii_lowercase())));
}

// ---- 2. Transport policy ----

#[test]
fn plain_http_needs_loopback_or_an_opt_in() {
    for remote in [
        "http://api.crun.ai",
        "http://10.1.2.3:8080",
        "http://localhost.example.com",
    ] {
        let err = builder(remote).build().unwrap_err();
        assert_eq!(err.code(), ErrorCode::Configuration, "{remote}");
        assert!(err.to_string().contains("allow_insecure_http"), "{err}");
        assert!(
            builder(remote).allow_insecure_http(true).build().is_ok(),
            "{remote}"
        );
    }
    for local in [
        "http://127.0.0.1:9",
        "http://127.3.2.1",
        "http://[::1]:9",
        "http://localhost:9",
    ] {
        assert!(builder(local).build().is_ok(), "{local}");
    }
    assert!(builder("https://api.crun.ai").build().is_ok());
}

#[test]
fn credentials_in_the_base_url_are_refused_unechoed() {
    for url in [
        "https://deploy:pw-SECRET-4242@api.crun.ai",
        "https://pw-SECRET-4242@api.crun.ai",
        "http://u:pw-SECRET-4242@127.0.0.1:9",
        "https://u:pw-SECRET-4242@api crun.ai",
    ] {
        let err = builder(url).allow_insecure_http(true).build().unwrap_err();
        assert_eq!(err.code(), ErrorCode::Configuration, "{url}");
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("pw-SECRET"), "{shown}");
        let builder_debug = format!("{:?}", builder(url));
        assert!(!builder_debug.contains("pw-SECRET"), "{builder_debug}");
    }
}

#[tokio::test]
async fn an_https_base_url_never_falls_back_to_plain_http() {
    // A plain-HTTP server behind an https:// URL: the TLS handshake fails, nothing is answered.
    let server = hostile::eager("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}").await;
    let url = format!("https://127.0.0.1:{}", server.addr.port());
    let err = builder(&url)
        .max_retries(0)
        .build()
        .unwrap()
        .get_asset("a-1")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Connection, "{err}");
    assert_no_key(&format!("{err} {err:?}"));
    assert_eq!(server.connections(), 1);
    for seen in server.heads() {
        assert!(
            !seen.contains("x-api-key") && !seen.contains(KEY),
            "sent in clear: {seen}"
        );
    }
}

// ---- 3. Bounded responses ----

#[tokio::test]
async fn an_endless_body_is_cut_at_the_limit() {
    let server = hostile::serve(|mut stream| async move {
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            .await;
        hostile::stream_chunked(&mut stream, u64::MAX).await;
    })
    .await;
    let client = client(&server.url());
    let err = client.get_asset("asset-1").await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Decode, "{err}");
    assert!(
        err.to_string()
            .contains(&format!("{DEFAULT_MAX_RESPONSE_BYTES}-byte limit")),
        "{err}"
    );
    assert_eq!(server.requests(), 1, "an oversized answer is not retried");

    let err = client.upload_asset(&upload()).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::OutcomeUnknown, "POST: {err}");
    assert!(err.to_string().contains("limit"), "{err}");
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_reading() {
    let server =
        hostile::fixed("HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n{\"code\":200".into()).await;
    let err = builder(&server.url())
        .max_response_bytes(4096)
        .build()
        .unwrap()
        .get_asset("asset-1")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Decode, "{err}");
    assert!(err.to_string().contains("4096-byte limit"), "{err}");
}

#[tokio::test]
async fn an_oversized_error_page_keeps_its_status_and_retries() {
    let server = hostile::serve(|mut stream| async move {
        let _ = stream
            .write_all(b"HTTP/1.1 503 Busy\r\nTransfer-Encoding: chunked\r\n\r\n")
            .await;
        hostile::stream_chunked(&mut stream, 8 << 20).await;
    })
    .await;
    let err = builder(&server.url())
        .max_retries(2)
        .build()
        .unwrap()
        .get_asset("asset-1")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Server, "{err}");
    assert!(err.to_string().contains("limit"), "{err}");
    assert_eq!(server.requests(), 3, "a 5xx GET is retried whatever its body");
}

#[tokio::test]
async fn the_limit_is_configurable_and_applies_to_the_simulator_too() {
    let sim = common::simulator().await;
    let small = common::builder(&sim).max_response_bytes(64).build().unwrap();
    let err = small
        .create_validation_session(&CreateSession::new(common::CALLBACK))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::OutcomeUnknown, "{err}");
    assert!(err.to_string().contains("64-byte limit"), "{err}");
    let err = builder("https://api.crun.ai")
        .max_response_bytes(0)
        .build()
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidArgument);
    // The default is enough for every real answer.
    let client = common::client(&sim);
    assert!(client
        .create_validation_session(&CreateSession::new(common::CALLBACK))
        .await
        .is_ok());
}

#[tokio::test]
async fn a_slow_drip_is_bounded_by_the_request_timeout() {
    let server = hostile::serve(|mut stream| async move {
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n{")
            .await;
        for _ in 0..100_000 {
            if stream.write_all(b" ").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    let started = Instant::now();
    let err = builder(&server.url())
        .timeout(Duration::from_secs(1))
        .max_retries(0)
        .build()
        .unwrap()
        .get_asset("asset-1")
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Timeout, "{err}");
    // Generous: the point is "seconds, not the 10 000 s the drip would take".
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn endless_headers_end_in_an_error() {
    let server = hostile::serve(|mut stream| async move {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\n").await;
        for i in 0..1_000_000u32 {
            let line = format!("X-Junk-{i}: {}\r\n", "y".repeat(100));
            if stream.write_all(line.as_bytes()).await.is_err() {
                return;
            }
        }
    })
    .await;
    let err = builder(&server.url())
        .max_retries(0)
        .build()
        .unwrap()
        .get_asset("asset-1")
        .await
        .unwrap_err();
    assert!(
        matches!(err.code(), ErrorCode::Connection | ErrorCode::Decode),
        "{err}"
    );
}

// ---- 4. Nothing secret in what is rendered ----

#[tokio::test]
async fn a_key_echoed_across_the_snippet_cut_is_masked() {
    for offset in [0usize, 150, 155, 158, 159, 160, 161, 170, 400] {
        let body = format!("{}{KEY} and more", "x".repeat(offset));
        let server = hostile::fixed(format!(
            "HTTP/1.1 401 Nope\r\nX-Request-Id: req-{KEY}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ))
        .await;
        let err = client(&server.url()).get_asset("asset-1").await.unwrap_err();
        assert_eq!(err.code(), ErrorCode::Authentication);
        assert_no_key(&format!("{err} | {err:?} | {:?}", err.request_id()));

        let json = format!(
            r#"{{"code":200,"data":{{"BytedToken":"{}{KEY}"}}}}"#,
            "y".repeat(offset)
        );
        let server = hostile::fixed(format!(
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{json}",
            json.len()
        ))
        .await;
        let err = client(&server.url())
            .create_validation_session(&CreateSession::new(common::CALLBACK))
            .await
            .unwrap_err();
        assert_no_key(&format!("{err} | {err:?}"));
    }
}

#[tokio::test]
async fn a_key_echoed_into_a_link_is_refused_not_handed_on() {
    let json = format!(
        r#"{{"code":200,"data":{{"BytedToken":"20260101000000ABCDEF0123456789ABCDEF","H5Link":"https://h5.example/v?lng=zh&x={KEY}"}}}}"#
    );
    let server = hostile::fixed(format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{json}",
        json.len()
    ))
    .await;
    let err = client(&server.url())
        .create_validation_session(&CreateSession::new(common::CALLBACK))
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::OutcomeUnknown, "{err}");
    assert_no_key(&format!("{err} | {err:?}"));
}

#[test]
fn tokens_are_told_apart_by_their_last_four() {
    let mine = "20261101000000AAAAAAAAAAAAAAAA1111";
    let theirs = "20261101000000BBBBBBBBBBBBBBBB2222";
    let cb = CallbackResult::parse(&format!("https://app/cb?bytedToken={theirs}&resultCode=10000")).unwrap();
    let err = cb.ensure_token(mine).unwrap_err();
    let text = format!("{err} {err:?} {cb:?}");
    assert!(text.contains("…2222") && text.contains("…1111"), "{text}");
    for token in [mine, theirs] {
        let random = &token[14..];
        let runs = leaked_runs(random, &text);
        assert!(runs.is_empty(), "{runs:?} of {token} in {text}");
    }
}

#[test]
fn a_callback_with_a_second_question_mark_still_parses() {
    let token = "20261101000000ABCDEF0123456789ABCD";
    let cb = CallbackResult::parse(&format!(
        "https://app.example/cb?user=42?bytedToken={token}&resultCode=10000"
    ))
    .unwrap();
    assert_eq!(cb.byted_token, token);
    assert!(cb.passed());
    assert_eq!(cb.extra.get("user").map(String::as_str), Some("42"));
}

#[test]
fn forged_callback_codes_are_bounded_and_masked() {
    let token = "20261101000000ABCDEF0123456789ABCD";
    let cb = CallbackResult::parse(&format!(
        "https://app/cb?bytedToken={token}&resultCode=x{token}{}&algorithmBaseRespCode=%0D%0AInjected",
        "9".repeat(100_000)
    ))
    .unwrap();
    let err = cb.ensure_passed().unwrap_err();
    let text = format!("{err} {err:?} {cb:?}");
    assert!(text.len() < 2_000, "{} bytes", text.len());
    assert!(leaked_runs(&token[14..], &text).is_empty(), "{text}");
    assert!(!text.contains('\n') && !text.contains("\\n"), "{text}");
    assert!(matches!(err, Error::Callback { .. }));
}
