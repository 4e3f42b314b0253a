//! `validate` and the receiver: a person passing through the receiver, failing then passing
//! through the paste way, and the receiver's pages over plain HTTP (failed, expired, unknown,
//! health, nothing else); `serve` stopping on Ctrl-C, also while a connection stalls.

mod support;

use std::time::{Duration, Instant};

use seedance_assets::simulator::SimulatorConfig;
use seedance_assets::CreateSession;
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The person's browser: the simulator's H5 page submitted, redirects followed to the end.
async fn person_submits(h5_link: &str, result: &str) -> (u16, String) {
    let token = query_param(h5_link, "bytedToken");
    let base = h5_link.split("/h5/").next().expect("an H5 link of the simulator");
    let page = browser_get(format!("{base}/h5/submit?bytedToken={token}&result={result}"))
        .await
        .expect("the browser reaches the receiver");
    (page.status().as_u16(), page.text().await.expect("a page"))
}

#[tokio::test]
async fn a_person_validated_through_the_receiver_is_journaled() {
    let setup = Setup::new().await;
    let mut validate = Running::spawn(setup.command(&[
        "--json",
        "validate",
        "--reference",
        "actor-1",
        "--listen",
        "127.0.0.1:0",
        "--language",
        "en",
    ]));
    let listening = validate.event("listening").await;
    let callback_url = listening["callback_url"].as_str().unwrap().to_string();
    assert!(callback_url.starts_with("http://127.0.0.1:") && callback_url.ends_with("/callback"));
    let session = validate.event("session").await;
    let h5_link = session["h5_link"].as_str().unwrap();
    assert_eq!(query_param(h5_link, "lng"), "en");

    let (status, page) = person_submits(h5_link, "pass").await;
    assert_eq!(status, 200);
    assert!(page.contains("Verification complete"), "{page}");

    let validated = validate.event("validated").await;
    assert_eq!(validated["ok"], true);
    assert_eq!(validated["reference"], "actor-1");
    let group_id = validated["group_id"].as_str().unwrap().to_string();
    assert!(group_id.starts_with("group-"), "{group_id}");
    assert_eq!(validate.exit_code().await, 0);

    let (code, people) = setup.json(&["journal", "people"]).await;
    assert_eq!(code, 0);
    assert_eq!(people["people"][0]["reference"], "actor-1");
    assert_eq!(people["people"][0]["group_id"], group_id.as_str());
}

#[tokio::test]
async fn a_failed_check_gets_a_new_link_and_a_pasted_callback_completes() {
    let setup = Setup::new().await;
    let mut command = setup.command(&[
        "--json",
        "validate",
        "--reference",
        "actor-2",
        "--callback-url",
        "https://app.example/done",
    ]);
    command.stdin(std::process::Stdio::piped());
    let mut validate = Running::spawn(command);
    let mut stdin = validate.child.stdin.take().expect("stdin");

    let first = validate.event("session").await;
    let token = query_param(first["h5_link"].as_str().unwrap(), "bytedToken");
    let failed = setup.sim.complete_validation(&token, false).unwrap();
    use tokio::io::AsyncWriteExt;
    stdin.write_all(format!("{failed}\n").as_bytes()).await.unwrap();
    let ended = validate.event("attempt_ended").await;
    assert_eq!(ended["outcome"], "not_passed");
    assert_eq!(ended["new_link"], true);

    let second = validate.event("session").await;
    assert_eq!(second["attempt"], 2);
    let token = query_param(second["h5_link"].as_str().unwrap(), "bytedToken");
    let passed = setup.sim.complete_validation(&token, true).unwrap();
    stdin.write_all(format!("{passed}\n").as_bytes()).await.unwrap();
    let validated = validate.event("validated").await;
    assert_eq!(validated["reference"], "actor-2");
    assert_eq!(validate.exit_code().await, 0);
}

#[tokio::test]
async fn a_failed_callback_of_another_session_does_not_end_this_link() {
    let setup = Setup::new().await;
    let mut command = setup.command(&[
        "--json",
        "validate",
        "--reference",
        "actor-4",
        "--callback-url",
        "https://app.example/done",
    ]);
    command.stdin(std::process::Stdio::piped());
    let mut validate = Running::spawn(command);
    let mut stdin = validate.child.stdin.take().expect("stdin");
    let session = validate.event("session").await;
    let token = query_param(session["h5_link"].as_str().unwrap(), "bytedToken");

    // Another session of the same journal (someone else's, or a link shown earlier) fails.
    let other = setup
        .client()
        .await
        .create_validation_session(&CreateSession::new("https://app.example/done").reference("actor-5"))
        .await
        .unwrap();
    let stray = setup.sim.complete_validation(&other.byted_token, false).unwrap();
    let passed = setup.sim.complete_validation(&token, true).unwrap();
    use tokio::io::AsyncWriteExt;
    stdin
        .write_all(format!("{stray}\n{passed}\n").as_bytes())
        .await
        .unwrap();

    // This link's pass ends the run; the stray failure ended no attempt and made no new link.
    let next = validate.next().await;
    assert_eq!(next["event"], "validated", "{next}");
    assert_eq!(next["reference"], "actor-4");
    assert_eq!(validate.exit_code().await, 0);
}

#[tokio::test]
async fn validate_needs_a_way_back_and_ctrl_c_ends_it() {
    let setup = Setup::new().await;
    let (code, _, stderr) = setup.run(&["validate", "--reference", "actor-3"]).await;
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--listen"), "{stderr}");
    // The paste way with stdin closed: no way to complete, said at once (not after every link).
    let (code, _, stderr) = setup
        .run(&[
            "validate",
            "--reference",
            "actor-3",
            "--callback-url",
            "https://app.example/done",
        ])
        .await;
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("stdin closed"), "{stderr}");
    assert_eq!(setup.sim.session_count(), 1);

    let mut validate = Running::spawn(setup.command(&[
        "--json",
        "validate",
        "--reference",
        "actor-3",
        "--listen",
        "127.0.0.1:0",
    ]));
    validate.event("session").await;
    validate.interrupt().await;
    assert_eq!(validate.next().await["error"]["code"], "ERR_ABORTED");
    assert_eq!(validate.exit_code().await, 130);
}

#[tokio::test]
async fn the_receiver_shows_failed_expired_and_unknown_callbacks_and_nothing_else() {
    let setup = Setup::with(SimulatorConfig::default().with_link_ttl(Duration::from_secs(1))).await;
    let mut serve = Running::spawn(setup.command(&["--json", "serve", "--listen", "127.0.0.1:0"]));
    let listening = serve.event("listening").await;
    let callback_url = listening["callback_url"].as_str().unwrap().to_string();
    let base = callback_url.trim_end_matches("/callback").to_string();
    let client = setup.client().await;
    let session = |reference: &'static str| {
        let client = client.clone();
        let request = CreateSession::new(&callback_url).reference(reference);
        async move { client.create_validation_session(&request).await.expect("session") }
    };

    // Failed: the person is asked to try again.
    let failed = session("actor-f").await;
    let redirect = setup.sim.complete_validation(&failed.byted_token, false).unwrap();
    let page = browser_get(&redirect).await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let text = page.text().await.unwrap();
    assert!(
        text.contains("did not pass") && text.contains("try again"),
        "{text}"
    );
    assert_eq!(serve.event("callback").await["outcome"], "not_passed");

    // Expired: the service refuses the token of a session past its link's life.
    let late = session("actor-e").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let forged = format!(
        "{callback_url}?bytedToken={}&resultCode=10000&algorithmBaseRespCode=0&verify_type=real_time",
        late.byted_token
    );
    let page = browser_get(&forged).await.unwrap();
    assert_eq!(page.status().as_u16(), 410);
    assert!(page.text().await.unwrap().contains("expired"));
    assert_eq!(serve.event("callback").await["outcome"], "expired");

    // A token this journal never issued: refused without asking the service.
    let before = setup.sim.total_requests();
    let page = browser_get(format!("{callback_url}?bytedToken=nope&resultCode=10000"))
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 400);
    assert_eq!(setup.sim.total_requests(), before);
    let page_headers = page.headers().clone();
    assert_eq!(page_headers["referrer-policy"], "no-referrer");
    assert_eq!(page_headers["cache-control"], "no-store");

    let health = browser_get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(health.status().as_u16(), 200);
    for path in ["/", "/callback/x", "/h5/validate", "/favicon.ico"] {
        let other = browser_get(format!("{base}{path}")).await.unwrap();
        assert_eq!(other.status().as_u16(), 404, "{path}");
    }

    serve.interrupt().await;
    assert_eq!(serve.exit_code().await, 0);
}

#[tokio::test]
async fn a_public_url_is_the_callback_base() {
    let setup = Setup::new().await;
    let mut serve = Running::spawn(setup.command(&[
        "--json",
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--public-url",
        "https://abc.tunnel.example/seedance/",
    ]));
    let listening = serve.event("listening").await;
    assert_eq!(
        listening["callback_url"],
        "https://abc.tunnel.example/seedance/callback"
    );
    serve.interrupt().await;
    assert_eq!(serve.exit_code().await, 0);
}

/// A connection that starts a request and never finishes its headers.
async fn stalled_connection(address: &str) -> TcpStream {
    let mut stream = TcpStream::connect(address).await.expect("the receiver accepts");
    stream
        .write_all(b"GET /callback?bytedToken=")
        .await
        .expect("the receiver reads");
    stream
}

#[tokio::test]
async fn a_stalled_connection_is_closed_and_does_not_hold_up_the_end() {
    let setup = Setup::new().await;
    let mut serve = Running::spawn(setup.command(&["--json", "serve", "--listen", "127.0.0.1:0"]));
    let listening = serve.event("listening").await;
    let callback_url = listening["callback_url"].as_str().unwrap().to_string();
    let base = callback_url.trim_end_matches("/callback").to_string();
    let address = base.trim_start_matches("http://").to_string();

    let started = Instant::now();
    let mut stalled = stalled_connection(&address).await;
    let health = browser_get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(health.status().as_u16(), 200, "answers others meanwhile");
    let mut rest = Vec::new();
    tokio::time::timeout(PATIENCE, stalled.read_to_end(&mut rest))
        .await
        .expect("a connection sending no headers is closed")
        .expect("closed, not broken");
    assert!(
        started.elapsed() >= Duration::from_secs(9),
        "closed after {:?}: a slow browser gets its time",
        started.elapsed()
    );

    // Ctrl-C ends the receiver although a connection is still in the middle of its headers.
    let _stalled = stalled_connection(&address).await;
    serve.interrupt().await;
    assert_eq!(serve.exit_code().await, 0);
}
