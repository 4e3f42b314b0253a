//! Property tests of redaction: the key (or a token) placed at random offsets of random
//! bodies, headers and URLs never shows up, not even six characters of it, in any rendering.

use proptest::prelude::*;
use seedance_assets::__fuzz::{self, leaked_runs};
use seedance_assets::{redact, CallbackResult};

fn no_leak(secret: &str, text: &str) -> Result<(), TestCaseError> {
    let runs = leaked_runs(secret, text);
    prop_assert!(runs.is_empty(), "runs {:?} of {:?} in {:?}", runs, secret, text);
    Ok(())
}

/// Puts `secret` into `text` at character offset `at` (clamped).
fn insert(text: &str, at: usize, secret: &str) -> String {
    let at = at.min(text.chars().count());
    let byte = text.char_indices().nth(at).map_or(text.len(), |(i, _)| i);
    format!("{}{secret}{}", &text[..byte], &text[byte..])
}

fn key() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{16,48}"
}

fn filler() -> impl Strategy<Value = String> {
    prop_oneof![".{0,400}", "[ -~]{0,400}", "[{}\":,a-z ]{0,400}"]
}

fn status() -> impl Strategy<Value = u16> {
    prop::sample::select(vec![
        200u16, 201, 301, 302, 307, 400, 401, 404, 422, 429, 455, 500, 502, 503,
    ])
}

/// A response body carrying the key in one of the shapes a hostile server could choose.
fn body_with(key: &str, filler: &str, at: usize, shape: u8) -> String {
    let inner = insert(filler, at, key);
    let quoted = serde_json::to_string(&inner).unwrap_or_default();
    match shape % 5 {
        0 => inner,
        1 => format!(r#"{{"code":401,"message":{quoted},"data":null}}"#),
        2 => format!(r#"{{"code":200,"data":{{"BytedToken":{quoted}}}}}"#),
        3 => format!(
            r#"{{"code":200,"data":{{"AssetId":"a-1","Status":"Failed","Error":{{"Message":{quoted}}}}}}}"#
        ),
        _ => format!(r#"{{"code":200,"data":{{"BytedToken":"t","H5Link":{quoted}}}}}"#),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn responses_never_render_the_key(
        key in key(),
        filler in filler(),
        at in 0usize..500,
        shape in any::<u8>(),
        status in status(),
        header_at in 0usize..40,
        limit in prop::sample::select(vec![64usize, 170, 4096]),
    ) {
        let body = body_with(&key, &filler, at, shape);
        let request_id = insert("req-0123456789abcdef", header_at, &key);
        let location = insert("https://elsewhere.example:8443/path?q=1", header_at, &key);
        let headers = [
            ("x-request-id", request_id.as_str()),
            ("location", location.as_str()),
            ("retry-after", "1"),
        ];
        if let Err(error) = __fuzz::interpret_response(status, &headers, body.as_bytes(), &key, limit) {
            no_leak(&key, &__fuzz::render(&error))?;
            no_leak(&key, error.request_id().unwrap_or_default())?;
        }
        no_leak(&key, &__fuzz::snippet(&key, body.as_bytes()))?;
        no_leak(&key, &__fuzz::mask(&[&key], &body))?;
    }

    #[test]
    fn callbacks_never_render_the_token(
        random in "[0-9A-F]{20}",
        place in 0u8..4,
        noise in "[a-z0-9=&%]{0,60}",
        code in "[0-9]{1,6}",
    ) {
        let token = format!("20261101000000{random}");
        let url = match place {
            0 => format!("https://app/cb?{noise}&bytedToken={token}&resultCode={code}"),
            1 => format!("https://app/cb?x=1?bytedToken={token}&resultCode={code}&note={token}"),
            2 => format!("https://app/cb?bytedToken={token}&resultCode={token}&algorithmBaseRespCode={token}"),
            _ => format!("https://app/cb?bytedToken={token}&resultCode={code}&sessionToken={token}&{noise}"),
        };
        if let Ok(cb) = CallbackResult::parse(&url) {
            no_leak(&random, &format!("{cb:?}"))?;
            if let Err(e) = cb.ensure_passed() {
                no_leak(&random, &__fuzz::render(&e))?;
            }
            if let Err(e) = cb.ensure_token("20261101000000FFFFFFFFFFFFFFFFFFFF") {
                no_leak(&random, &__fuzz::render(&e))?;
            }
        }
        no_leak(&random, &redact::token(&token))?;
        no_leak(&random, &redact::url(&url))?;
    }

    #[test]
    fn h5_link_credentials_never_render(
        ak in "[A-Z0-9]{16,24}",
        sk in "[A-Za-z0-9/+]{30,40}",
        st in "[A-Za-z0-9]{40}",
        pl in "[A-Za-z0-9]{20}",
    ) {
        for link in [
            format!("https://h5-v2.kych5.com?accessKeyId={ak}&secretAccessKey={sk}&sessionToken={st}&configId=c&lng=zh"),
            format!("https://www.byteplus.com/en/liveness-face-manage/authorization?pl={pl}&uid={ak}"),
        ] {
            let shown = redact::url(&link);
            for secret in [&ak, &st, &pl] {
                no_leak(secret, &shown)?;
            }
            let encoded: String = url::form_urlencoded::byte_serialize(sk.as_bytes()).collect();
            no_leak(&sk, &shown)?;
            no_leak(&encoded, &shown)?;
        }
    }
}
