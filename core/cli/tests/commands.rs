//! The other subcommands against the simulator: onboard (and resuming it), upload, status,
//! wait, preflight, journal, doctor, simulate; help, version, usage and configuration errors.

mod support;

use seedance_assets::simulator::{Simulator, SimulatorConfig};
use seedance_assets::CreateSession;
use support::*;

const SUBCOMMANDS: [&[&str]; 16] = [
    &["validate"],
    &["onboard"],
    &["stage"],
    &["upload"],
    &["status"],
    &["wait"],
    &["preflight"],
    &["journal"],
    &["journal", "people"],
    &["journal", "assets"],
    &["journal", "export"],
    &["journal", "resolve"],
    &["journal", "forget"],
    &["serve"],
    &["simulate"],
    &["doctor"],
];

/// A person validated through the journal the CLI uses; their GroupId.
async fn validated(setup: &Setup, reference: &str) -> String {
    let client = setup.client().await;
    let session = client
        .create_validation_session(&CreateSession::new("https://app.example/done").reference(reference))
        .await
        .unwrap();
    let redirect = setup.sim.complete_validation(&session.byted_token, true).unwrap();
    client.complete_validation(&redirect).await.unwrap().group_id
}

#[tokio::test]
async fn version_help_and_usage_errors() {
    let setup = Setup::new().await;
    let (code, stdout, _) = setup.run(&["--version"]).await;
    assert_eq!(code, 0);
    assert_eq!(
        stdout.trim(),
        format!("seedance-assets {}", env!("CARGO_PKG_VERSION"))
    );
    let (code, stdout, _) = setup.run(&["--help"]).await;
    assert_eq!(code, 0);
    assert!(stdout.contains("Exit codes"), "{stdout}");
    for subcommand in SUBCOMMANDS {
        let (code, stdout, _) = setup.run(&[subcommand, &["--help"]].concat()).await;
        let subcommand = subcommand.join(" ");
        assert_eq!(code, 0, "{subcommand}");
        assert!(
            stdout.contains("Example"),
            "{subcommand} --help has no example:\n{stdout}"
        );
    }
    let (code, _, stderr) = setup.run(&["frobnicate"]).await;
    assert_eq!(code, 2, "{stderr}");

    let (code, doc) = setup
        .json(&[
            "upload",
            "--name",
            "x",
            "--type",
            "Picture",
            "--url",
            "https://cdn.example/x.png",
        ])
        .await;
    assert_eq!(code, 2);
    assert_eq!(doc["error"]["code"], "ERR_INVALID_ARGUMENT");
    assert!(
        doc["error"]["message"].as_str().unwrap().contains("asset_type"),
        "{doc}"
    );
}

#[tokio::test]
async fn no_key_is_a_configuration_error_and_the_key_is_never_printed() {
    let setup = Setup::new().await;
    let mut command = setup.command(&["--json", "status", "asset-20260101-x"]);
    command.env_remove("SEEDANCE_API_KEY");
    let (code, stdout, _) = output(command).await;
    assert_eq!(code, 3, "{stdout}");
    assert!(stdout.contains("ERR_CONFIGURATION"), "{stdout}");
    let mut command = setup.command(&["doctor"]);
    command.env_remove("SEEDANCE_API_KEY");
    let (code, stdout, _) = output(command).await;
    assert_eq!(code, 3, "{stdout}");
    assert!(stdout.contains("FAIL configuration"), "{stdout}");

    let mut command = setup.command(&["doctor"]);
    command.env("SEEDANCE_API_KEY", "sk-wrong-key-abcdefghijkl");
    let (code, stdout, stderr) = output(command).await;
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("refused by the service (401)"), "{stdout}");
    assert!(!stdout.contains("abcdefghijkl") && !stderr.contains("abcdefghijkl"));
}

#[tokio::test]
async fn doctor_checks_key_reachability_clock_and_journal() {
    let setup = Setup::new().await;
    let (code, doc) = setup.json(&["doctor"]).await;
    assert_eq!(code, 0, "{doc}");
    let checks = doc["checks"].as_array().unwrap();
    let check = |name: &str| {
        checks
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{name}: {doc}"))
    };
    for name in ["reachable", "tls", "api_key", "clock", "journal", "staging"] {
        assert_eq!(check(name)["ok"], true, "{name}: {doc}");
    }
    assert!(check("staging")["detail"]
        .as_str()
        .unwrap()
        .starts_with("not configured"));
    assert!(check("api_key")["detail"].as_str().unwrap().contains("404"));
    assert!(check("clock")["detail"]
        .as_str()
        .unwrap()
        .contains(" s from the service"));

    // Nothing listens there any more.
    let gone = Simulator::start(SimulatorConfig::default()).await.unwrap();
    let url = gone.url();
    gone.shutdown().await;
    let mut command = setup.command(&["--json", "doctor"]);
    command.env("SEEDANCE_BASE_URL", &url);
    let (code, stdout, _) = output(command).await;
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(doc["checks"][0]["name"], "reachable");
    assert_eq!(doc["checks"][0]["ok"], false);
}

#[tokio::test]
async fn onboard_a_manifest_then_resume_it() {
    let setup = Setup::new().await;
    let group_id = validated(&setup, "actor-o").await;
    let manifest = setup.dir.path().join("assets.csv");
    std::fs::write(
        &manifest,
        "name,type,url\nface,Image,https://cdn.example/face.png\nvoice,Audio,https://cdn.example/voice.mp3\nclip,video,https://cdn.example/clip.mp4\n",
    )
    .unwrap();
    let manifest = manifest.display().to_string();
    let (code, doc) = setup
        .json(&["onboard", "--reference", "actor-o", &manifest])
        .await;
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["group_id"], group_id.as_str());
    assert_eq!(doc["counts"]["active"], 3);
    assert_eq!(doc["uploads_sent"], 3);
    assert_eq!(doc["items"][2]["asset_type"], "Video");
    assert!(doc["items"][0]["reference"]
        .as_str()
        .unwrap()
        .starts_with("asset://"));

    // Again: everything is recorded, nothing is sent.
    let (code, stdout, _) = setup.run(&["onboard", "--reference", "actor-o", &manifest]).await;
    assert_eq!(code, 0);
    assert!(
        stdout.contains("NAME") && stdout.contains("face") && stdout.contains("3 Active"),
        "{stdout}"
    );
    assert_eq!(setup.sim.asset_count(), 3);

    // JSON lines, one failing by the simulator's keyword.
    let lines = setup.dir.path().join("more.jsonl");
    std::fs::write(
        &lines,
        "{\"name\": \"bad\", \"type\": \"Image\", \"url\": \"https://cdn.example/face-mismatch.png\"}\n",
    )
    .unwrap();
    let (code, doc) = setup
        .json(&["onboard", "--group-id", &group_id, &lines.display().to_string()])
        .await;
    assert_eq!(code, 1, "{doc}");
    assert_eq!(doc["counts"]["failed"], 1);

    let (code, doc) = setup
        .json(&[
            "journal",
            "assets",
            "--reference",
            "actor-o",
            "--status",
            "Active",
        ])
        .await;
    assert_eq!(code, 0);
    assert_eq!(doc["assets"].as_array().unwrap().len(), 3);

    // A bad manifest names its line and field.
    std::fs::write(
        setup.dir.path().join("bad.csv"),
        "name,type,url\nx,Picture,https://cdn.example/x\n",
    )
    .unwrap();
    let bad = setup.dir.path().join("bad.csv").display().to_string();
    let (code, _, stderr) = setup.run(&["onboard", "--reference", "actor-o", &bad]).await;
    assert_eq!(code, 2);
    assert!(stderr.contains("line 2") && stderr.contains("type"), "{stderr}");
}

#[tokio::test]
async fn upload_status_wait_export_and_forget() {
    let setup = Setup::new().await;
    validated(&setup, "actor-u").await;
    let (code, doc) = setup
        .json(&[
            "upload",
            "--reference",
            "actor-u",
            "--name",
            "face",
            "--type",
            "Image",
            "--url",
            "https://cdn.example/face.png",
        ])
        .await;
    assert_eq!(code, 0, "{doc}");
    let asset_id = doc["asset_id"].as_str().unwrap().to_string();

    let (code, doc) = setup.json(&["wait", &asset_id, "--timeout", "30"]).await;
    assert_eq!(code, 0);
    assert_eq!(doc["status"], "Active");
    let (code, doc) = setup.json(&["status", &asset_id]).await;
    assert_eq!(code, 0);
    assert_eq!(doc["reference"], format!("asset://{asset_id}"));

    let (code, doc) = setup
        .json(&[
            "upload",
            "--name",
            "bad",
            "--type",
            "Image",
            "--url",
            "https://cdn.example/face-mismatch.png",
            "--wait",
        ])
        .await;
    assert_eq!(code, 1, "{doc}");
    assert_eq!(doc["error"]["code"], "ERR_ASSET_FAILED");

    let (code, export, _) = setup.run(&["journal", "export"]).await;
    assert_eq!(code, 0);
    let kinds: Vec<String> = export
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        kinds.contains(&"person".into()) && kinds.contains(&"asset".into()),
        "{kinds:?}"
    );

    let (code, _, stderr) = setup.run(&["journal", "forget", "actor-u"]).await;
    assert_eq!(code, 2, "{stderr}");
    let (code, doc) = setup.json(&["journal", "forget", "actor-u", "--yes"]).await;
    assert_eq!(code, 0);
    assert!(doc["removed"].as_u64().unwrap() >= 2, "{doc}");
    let (_, doc) = setup.json(&["journal", "people"]).await;
    assert_eq!(doc["people"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn preflight_reports_measurements_and_violations() {
    let setup = Setup::new().await;
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/media");
    let url = setup.sim.add_media(
        "ok.png",
        std::fs::read(format!("{fixtures}/image-ok.png")).unwrap(),
    );
    let (code, doc) = setup
        .json(&["preflight", &url, "--type", "Image", "--allow-private-hosts"])
        .await;
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["ok"], true);
    assert_eq!(doc["format"], "png");

    // Loopback is not fetched unless allowed.
    let (code, doc) = setup.json(&["preflight", &url, "--type", "Image"]).await;
    assert_eq!(code, 1, "{doc}");
    assert_eq!(doc["ok"], false);
    assert!(!doc["violations"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn simulate_serves_until_ctrl_c() {
    let setup = Setup::new().await;
    let mut simulate = Running::spawn(setup.command(&["--json", "simulate", "--port", "0"]));
    let listening = simulate.event("listening").await;
    let base_url = listening["base_url"].as_str().unwrap().to_string();
    let mut command = setup.command(&["--json", "doctor"]);
    command.env("SEEDANCE_BASE_URL", &base_url);
    let (code, stdout, _) = output(command).await;
    assert_eq!(code, 0, "{stdout}");
    simulate.interrupt().await;
    assert_eq!(simulate.exit_code().await, 0);
}

#[tokio::test]
async fn onboard_with_preflight_rejects_before_any_upload() {
    let setup = Setup::new().await;
    validated(&setup, "actor-p").await;
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/media");
    // Served from loopback, which preflight does not fetch: a violation, so no upload.
    let url = setup.sim.add_media(
        "ok.png",
        std::fs::read(format!("{fixtures}/image-ok.png")).unwrap(),
    );
    let manifest = setup.dir.path().join("assets.csv");
    std::fs::write(&manifest, format!("name,type,url\nface,Image,{url}\n")).unwrap();
    let manifest = manifest.display().to_string();
    let (code, doc) = setup
        .json(&["onboard", "--reference", "actor-p", "--preflight", &manifest])
        .await;
    assert_eq!(code, 1, "{doc}");
    assert_eq!(doc["counts"]["rejected"], 1);
    assert_eq!(doc["uploads_sent"], 0);
    assert_eq!(setup.sim.asset_count(), 0);
}
