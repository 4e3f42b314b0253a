//! Azurite's blob service on 127.0.0.1 for the Azure staging tests, started through
//! `scripts/azurite.mjs` (Azurite and the Azure SDK from the npm lockfile), which checks every
//! request's Shared Key or SAS signature. Missing `node_modules` fails the test: never skipped.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use object_store::azure::MicrosoftAzureBuilder;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt};
use seedance_assets::Staging;

/// The emulator's account (public: Azurite's documentation).
pub const ACCOUNT: &str = "devstoreaccount1";
/// The emulator account's well-known key.
pub const ACCOUNT_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
/// The container the tests stage into.
pub const CONTAINER: &str = "assets";

/// A running Azurite with container [`CONTAINER`]; stopped when dropped.
pub struct Azurite {
    child: Child,
    /// Closed on drop: the launcher then stops Azurite.
    stdin: Option<ChildStdin>,
    /// `http://127.0.0.1:<port>/devstoreaccount1`.
    pub endpoint: String,
}

impl Azurite {
    /// Starts Azurite; panics (the test fails) if it cannot.
    pub fn start() -> Azurite {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut child = Command::new("node")
            .arg(format!("{root}/scripts/azurite.mjs"))
            .arg(CONTAINER)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start node scripts/azurite.mjs ({e})"));
        let stdout = child.stdout.take().expect("piped stdout");
        let stdin = child.stdin.take();
        let (found, ready) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(endpoint) = line.strip_prefix("READY ") {
                    let _ = found.send(endpoint.to_string());
                }
            }
        });
        let endpoint = ready.recv_timeout(Duration::from_secs(90)).unwrap_or_else(|_| {
            panic!("Azurite did not start: run `npm ci` (scripts/node-lib.sh installs it)")
        });
        Azurite {
            child,
            stdin,
            endpoint,
        }
    }

    /// Staging into `az://assets/<prefix>` with the emulator account's key (or `key`).
    pub fn staging_with_key(&self, prefix: &str, key: &str) -> Staging {
        Staging::from_url_with(
            &format!("az://{CONTAINER}/{prefix}"),
            [
                ("azure_storage_account_name", ACCOUNT),
                ("azure_storage_account_key", key),
                ("azure_storage_endpoint", self.endpoint.as_str()),
                ("azure_allow_http", "true"),
            ],
        )
        .expect("staging settings")
    }

    /// Staging into `az://assets/<prefix>` with the emulator account's key.
    pub fn staging(&self, prefix: &str) -> Staging {
        self.staging_with_key(prefix, ACCOUNT_KEY)
    }

    /// The blobs under `prefix` and their contents, read with the account's key.
    pub async fn objects(&self, prefix: &str) -> Vec<(String, Vec<u8>)> {
        let store = MicrosoftAzureBuilder::new()
            .with_container_name(CONTAINER)
            .with_account(ACCOUNT)
            .with_access_key(ACCOUNT_KEY)
            .with_endpoint(self.endpoint.clone())
            .with_allow_http(true)
            .build()
            .expect("store");
        let prefix = ObjectPath::from(prefix);
        let listed = store.list_with_delimiter(Some(&prefix)).await.expect("listed");
        let mut objects = Vec::new();
        for meta in listed.objects {
            let location = meta.location;
            let bytes = store
                .get(&location)
                .await
                .expect("get")
                .bytes()
                .await
                .expect("body");
            objects.push((location.to_string(), bytes.to_vec()));
        }
        objects.sort();
        objects
    }
}

impl Drop for Azurite {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}
