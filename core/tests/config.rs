//! Configuration from arguments and the environment (one test: the environment is process-wide).

use seedance_assets::{Client, ErrorCode};

#[test]
fn environment_resolution_order() {
    for var in ["SEEDANCE_API_KEY", "CRUN_API_KEY", "SEEDANCE_BASE_URL"] {
        std::env::remove_var(var);
    }
    let err = Client::from_env().unwrap_err();
    assert_eq!(err.code(), ErrorCode::Configuration);
    assert!(err.to_string().contains("SEEDANCE_API_KEY"));

    std::env::set_var("CRUN_API_KEY", "crun-key-123");
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url(), "https://api.crun.ai/");
    assert!(!format!("{client:?}").contains("crun-key-123"));

    std::env::set_var("SEEDANCE_API_KEY", "seedance-key-456");
    std::env::set_var("SEEDANCE_BASE_URL", "http://127.0.0.1:9/prefix");
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:9/prefix/");
    let shown = format!("{client:?}");
    assert!(
        !shown.contains("seedance-key-456") && !shown.contains("crun-key-123"),
        "{shown}"
    );

    let explicit = Client::builder()
        .api_key("arg-key")
        .base_url("http://127.0.0.1:10")
        .build()
        .unwrap();
    assert_eq!(explicit.base_url(), "http://127.0.0.1:10/");

    std::env::set_var("SEEDANCE_BASE_URL", "ftp://nope");
    assert_eq!(Client::from_env().unwrap_err().code(), ErrorCode::Configuration);
    for var in ["SEEDANCE_API_KEY", "CRUN_API_KEY", "SEEDANCE_BASE_URL"] {
        std::env::remove_var(var);
    }
}
