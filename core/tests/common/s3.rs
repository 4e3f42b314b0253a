//! A real S3-protocol server on 127.0.0.1 for the staging tests: `s3s-fs` (installed by
//! `scripts/s3s-fs.sh`), which checks every request's SigV4 signature, presigned URLs included,
//! against one key pair. A missing binary fails the test: it is never skipped.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use seedance_assets::Staging;

/// The key pair the server accepts.
pub const ACCESS_KEY: &str = "stagingtestaccess";
/// Its secret (no six-character run shared with anything the client prints).
pub const SECRET_KEY: &str = "stagingtestsecret-qpzmwlvxkrhj";
/// The bucket the tests stage into.
pub const BUCKET: &str = "assets";

/// Staging into `s3://assets/<prefix>` of the server at `endpoint`, signing with `secret`.
pub fn staging_at(endpoint: &str, prefix: &str, secret: &str) -> Staging {
    Staging::from_url_with(
        &format!("s3://{BUCKET}/{prefix}"),
        [
            ("aws_access_key_id", ACCESS_KEY),
            ("aws_secret_access_key", secret),
            ("aws_region", "us-east-1"),
            ("aws_endpoint", endpoint),
            ("aws_allow_http", "true"),
        ],
    )
    .expect("staging settings")
}

/// A running `s3s-fs` over a scratch folder; stopped when dropped.
pub struct S3Server {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub endpoint: String,
    /// The folder holding the buckets (one folder each).
    pub root: tempfile::TempDir,
}

/// The `s3s-fs` binary: `SEEDANCE_TEST_S3S_FS`, else `~/.cargo/bin/s3s-fs`, else on `PATH`.
fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("SEEDANCE_TEST_S3S_FS") {
        return PathBuf::from(path);
    }
    let cargo_bin = std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo/bin/s3s-fs"));
    cargo_bin
        .filter(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from("s3s-fs"))
}

impl S3Server {
    /// Starts the server with bucket [`BUCKET`]; panics (the test fails) if it cannot.
    pub fn start() -> S3Server {
        let root = tempfile::tempdir().expect("scratch folder");
        std::fs::create_dir(root.path().join(BUCKET)).expect("bucket folder");
        let binary = binary();
        let mut child = Command::new(&binary)
            .args(["--host", "127.0.0.1", "--port", "0"])
            .args(["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY])
            .arg(root.path())
            .env("RUST_LOG", "s3s_fs=info")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {} ({e}): install it with `bash scripts/s3s-fs.sh`",
                    binary.display()
                )
            });
        let stdout = child.stdout.take().expect("piped stdout");
        let (found, address) = mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            // Read to the end: the server's log must not fill the pipe and block it.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://127.0.0.1:").filter(|_| !sent) {
                    let url: String = line[at..].chars().take_while(|c| !c.is_whitespace()).collect();
                    sent = found.send(url).is_ok();
                }
            }
        });
        let endpoint = address
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("{} did not say where it listens", binary.display()));
        S3Server {
            child,
            endpoint,
            root,
        }
    }

    /// Staging into `s3://assets/<prefix>` with the server's key pair.
    pub fn staging(&self, prefix: &str) -> Staging {
        self.staging_with_secret(prefix, SECRET_KEY)
    }

    /// Staging into `s3://assets/<prefix>` signing with `secret` instead of the right one.
    pub fn staging_with_secret(&self, prefix: &str, secret: &str) -> Staging {
        staging_at(&self.endpoint, prefix, secret)
    }

    /// The files stored in the bucket under `prefix`.
    pub fn objects(&self, prefix: &str) -> Vec<String> {
        let dir = self.root.path().join(BUCKET).join(prefix);
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| !n.starts_with('.'))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
