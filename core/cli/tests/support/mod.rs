//! Running the built `seedance-assets` binary against an in-process simulator, with a journal
//! of its own in a scratch folder.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use seedance_assets::simulator::{Simulator, SimulatorConfig};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};

/// Generous bound for anything the CLI does against the local simulator.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A GET as the person's browser sends it. reqwest is built without a crypto provider (see
/// core/src/tls.rs): one is installed first, or the client panics when no client of the core
/// has installed it yet in this test binary.
pub async fn browser_get(url: impl reqwest::IntoUrl) -> reqwest::Result<reqwest::Response> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::get(url).await
}

/// A simulator and a journal file for the CLI to use.
pub struct Setup {
    pub sim: Simulator,
    pub dir: tempfile::TempDir,
}

impl Setup {
    pub async fn new() -> Self {
        Self::with(
            SimulatorConfig::default()
                .with_processing_delay(Duration::from_millis(100), Duration::from_millis(100)),
        )
        .await
    }

    pub async fn with(config: SimulatorConfig) -> Self {
        Self {
            sim: Simulator::start(config).await.expect("simulator starts"),
            dir: tempfile::tempdir().expect("scratch folder"),
        }
    }

    pub fn journal(&self) -> PathBuf {
        self.dir.path().join("journal.sqlite3")
    }

    /// The command, configured through the environment as a user would.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_seedance-assets"));
        command
            .args(args)
            .env("SEEDANCE_API_KEY", self.sim.api_key())
            .env("SEEDANCE_BASE_URL", self.sim.url())
            .env("SEEDANCE_JOURNAL", self.journal())
            .env_remove("CRUN_API_KEY")
            .env_remove("NO_COLOR")
            .stdin(Stdio::null())
            .kill_on_drop(true);
        command
    }

    /// Runs to the end: exit code, stdout, stderr.
    pub async fn run(&self, args: &[&str]) -> (i32, String, String) {
        output(self.command(args)).await
    }

    /// Runs with `--json` and parses stdout as one JSON document.
    pub async fn json(&self, args: &[&str]) -> (i32, Value) {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let (code, stdout, stderr) = self.run(&all).await;
        let value = serde_json::from_str(stdout.trim())
            .unwrap_or_else(|e| panic!("not one JSON document ({e}): {stdout:?}; stderr {stderr:?}"));
        (code, value)
    }

    /// A Client on the same simulator and journal as the CLI.
    pub async fn client(&self) -> seedance_assets::Client {
        let journal = seedance_assets::Journal::open(self.journal().display().to_string())
            .await
            .expect("journal");
        seedance_assets::Client::builder()
            .api_key(self.sim.api_key())
            .base_url(self.sim.url())
            .journal(journal)
            .build()
            .expect("client")
    }
}

pub async fn output(mut command: Command) -> (i32, String, String) {
    let out = tokio::time::timeout(PATIENCE, command.output())
        .await
        .expect("the command ends in time")
        .expect("the command runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A running command whose stdout is read line by line as JSON.
pub struct Running {
    pub child: Child,
    pub lines: Lines<BufReader<ChildStdout>>,
}

impl Running {
    pub fn spawn(mut command: Command) -> Self {
        let mut child = command.stdout(Stdio::piped()).spawn().expect("spawns");
        let stdout = child.stdout.take().expect("stdout");
        Self {
            child,
            lines: BufReader::new(stdout).lines(),
        }
    }

    /// The next JSON line on stdout.
    pub async fn next(&mut self) -> Value {
        let line = tokio::time::timeout(PATIENCE, self.lines.next_line())
            .await
            .expect("a line in time")
            .expect("readable")
            .expect("a line before the end");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line:?}"))
    }

    /// The next JSON line whose `event` is `event`.
    pub async fn event(&mut self, event: &str) -> Value {
        loop {
            let value = self.next().await;
            if value["event"] == event {
                return value;
            }
        }
    }

    /// Sends SIGINT (Ctrl-C) to the process.
    pub async fn interrupt(&self) {
        let pid = self.child.id().expect("running").to_string();
        let status = Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .await
            .expect("kill runs");
        assert!(status.success());
    }

    pub async fn exit_code(mut self) -> i32 {
        tokio::time::timeout(PATIENCE, self.child.wait())
            .await
            .expect("ends in time")
            .expect("waitable")
            .code()
            .unwrap_or(-1)
    }
}

/// A query parameter of a URL.
pub fn query_param(url: &str, name: &str) -> String {
    url::Url::parse(url)
        .expect("a URL")
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("no {name} in {url}"))
}
