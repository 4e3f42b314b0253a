//! The callback parser: full URLs, bare queries, unknown parameters, refusals, and no panics.

use proptest::prelude::*;
use seedance_assets::{parse_callback, verify_callback, CallbackFailure, CallbackResult, Error, ErrorCode};

const TOKEN: &str = "2026070222152680501D985EA34A3BE3D8";

fn passed_url() -> String {
    format!(
        "https://app.example/cb/42?state=abc&bytedToken={TOKEN}&resultCode=10000&algorithmBaseRespCode=0&reqMeasureInfoValue=1&verify_type=real_time"
    )
}

#[test]
fn full_url_is_read_and_extra_parameters_kept() {
    let cb = CallbackResult::parse(&passed_url()).unwrap();
    assert_eq!(cb.byted_token, TOKEN);
    assert_eq!(cb.result_code, "10000");
    assert!(cb.passed());
    assert_eq!(cb.algorithm_base_resp_code.as_deref(), Some("0"));
    assert_eq!(cb.verify_type.as_deref(), Some("real_time"));
    assert_eq!(cb.extra.get("reqMeasureInfoValue").map(String::as_str), Some("1"));
    assert_eq!(cb.extra.get("state").map(String::as_str), Some("abc"));
}

#[test]
fn bare_query_path_and_fragment_forms() {
    let query = format!("bytedToken={TOKEN}&resultCode=10000");
    for input in [
        query.clone(),
        format!("?{query}"),
        format!("/cb?{query}#top"),
        format!("  {query}\n"),
    ] {
        let cb = CallbackResult::parse(&input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(cb.byted_token, TOKEN);
        assert!(cb.passed());
    }
}

#[test]
fn percent_encoding_is_decoded() {
    let cb = CallbackResult::parse("x?bytedToken=a%2Bb&resultCode=10000&note=hello%20world").unwrap();
    assert_eq!(cb.byted_token, "a+b");
    assert_eq!(cb.extra["note"], "hello world");
}

#[test]
fn failure_is_returned_by_parse_and_refused_by_verify() {
    let url =
        format!("https://app.example/cb?bytedToken={TOKEN}&resultCode=10001&algorithmBaseRespCode=-1101");
    let cb = parse_callback(&url, Some(TOKEN)).unwrap();
    assert!(!cb.passed());
    let err = verify_callback(&url, Some(TOKEN)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Callback);
    match err {
        Error::Callback {
            failure,
            result_code,
            algorithm_base_resp_code,
            ..
        } => {
            assert_eq!(failure, CallbackFailure::NotPassed);
            assert_eq!(result_code.as_deref(), Some("10001"));
            assert_eq!(algorithm_base_resp_code.as_deref(), Some("-1101"));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn token_mismatch_is_refused_without_leaking_tokens() {
    let err = parse_callback(&passed_url(), Some("OTHERTOKEN0000000000000000000000000")).unwrap_err();
    assert!(matches!(
        err,
        Error::Callback {
            failure: CallbackFailure::TokenMismatch,
            ..
        }
    ));
    let text = err.to_string();
    assert!(!text.contains(TOKEN), "{text}");
    assert!(!text.contains("OTHERTOKEN0000000000000000000000000"), "{text}");
}

#[test]
fn malformed_inputs_are_refused() {
    for input in [
        "",
        "https://app.example/cb",
        "resultCode=10000",
        "bytedToken=abc",
        "bytedToken=&resultCode=10000",
        "not a url",
    ] {
        let err = CallbackResult::parse(input).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Callback {
                    failure: CallbackFailure::Malformed,
                    ..
                }
            ),
            "{input:?}: {err:?}"
        );
    }
}

#[test]
fn debug_truncates_the_token() {
    let cb = CallbackResult::parse(&passed_url()).unwrap();
    let shown = format!("{cb:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("passed: true"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parse_never_panics_on_arbitrary_text(input in any::<String>()) {
        let _ = CallbackResult::parse(&input);
    }

    #[test]
    fn parse_never_panics_on_url_like_text(
        scheme in "(https?|ftp|)",
        host in "[a-z0-9.%-]{0,20}",
        query in "[a-zA-Z0-9=&%?#+._~ -]{0,80}",
    ) {
        let _ = CallbackResult::parse(&format!("{scheme}://{host}/cb?{query}"));
    }

    #[test]
    fn any_token_and_code_round_trip(token in "[A-Za-z0-9]{1,40}", code in "[0-9]{1,6}") {
        let cb = CallbackResult::parse(&format!("https://x/cb?bytedToken={token}&resultCode={code}")).unwrap();
        prop_assert_eq!(&cb.byted_token, &token);
        prop_assert_eq!(cb.passed(), code == "10000");
    }
}
