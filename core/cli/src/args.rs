//! The command line's grammar: global options, subcommands, their options and examples.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::exit::CliError;

const EXIT_CODES: &str = "\
Exit codes: 0 done; 1 finished but not as hoped (asset Failed, person not validated, item
failed or rejected, preflight violation, doctor found a problem); 2 bad usage or argument;
3 configuration (API key, journal); 4 the service or the network refused; 5 unfinished
(timed out, outcome unknown, items pending or ambiguous: run again to resume); 70 an internal
failure of the command line (e.g. a port it cannot listen on); 130 Ctrl-C.

Environment: SEEDANCE_API_KEY (or CRUN_API_KEY), SEEDANCE_BASE_URL, SEEDANCE_JOURNAL, NO_COLOR.";

/// Validate a real person with a QR code, onboard their assets, inspect the journal.
#[derive(Debug, Parser)]
#[command(name = "seedance-assets", version, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand takes.
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// The journal: a file path (SQLite) or a postgresql:// URL [default: SEEDANCE_JOURNAL, else
    /// journal.sqlite3 in the user's data directory, as the libraries use]
    #[arg(long, global = true, value_name = "PATH|URL")]
    pub journal: Option<String>,
    /// The service's base URL [default: SEEDANCE_BASE_URL, else https://api.crun.ai]
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// Machine-readable output: one JSON document (JSON lines for validate, serve, simulate and
    /// journal export); no bars, no QR drawing
    #[arg(long, global = true)]
    pub json: bool,
    /// Only results and errors
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a person: show the H5 link as a QR code, receive the callback, keep the GroupId
    #[command(after_help = "\
Examples:
  # The person's phone reaches this machine (same network, or a tunnel with --public-url):
  seedance-assets validate --reference actor-42 --listen 0.0.0.0:8765 --public-url https://abc.tunnel.example
  # No inbound connection: the page redirects anywhere; paste the address it lands on here:
  seedance-assets validate --reference actor-42 --callback-url https://example.com/done")]
    Validate(ValidateArgs),
    /// Upload a person's assets from a manifest or a folder and wait until each is Active (resumable)
    #[command(after_help = "\
Manifest: CSV with a header row `name,type,url` (optional `key`), or JSON lines
{\"name\": …, \"type\": \"Image\", \"url\": …}. A folder instead: every media file in it is
staged in your bucket (SEEDANCE_STAGING or --staging) and named after the file. Running the same
command again resumes.

Examples:
  seedance-assets onboard --reference actor-42 assets.csv
  seedance-assets onboard --group-id group-123 --preflight --upload-rate 3/min assets.jsonl
  SEEDANCE_STAGING=s3://my-bucket/seedance seedance-assets onboard --reference actor-42 ./photos")]
    Onboard(OnboardArgs),
    /// Put local files in your bucket and print the presigned URLs upstream downloads them from
    #[command(after_help = "\
The bucket: --staging or SEEDANCE_STAGING (s3://bucket/prefix or az://container/prefix),
credentials from the usual AWS_* or AZURE_STORAGE_* environment. A file is stored under its
SHA-256: the same content is put once.

Examples:
  seedance-assets stage --staging s3://my-bucket/seedance face.jpg voice.wav
  seedance-assets --json stage clips/*.mp4")]
    Stage(StageArgs),
    /// Upload one asset from a public URL
    #[command(after_help = "\
Examples:
  seedance-assets upload --reference actor-42 --name face --type Image --url https://cdn.example/face.jpg --wait
  seedance-assets --json upload --group-id group-123 --name voice --type Audio --url https://cdn.example/v.mp3")]
    Upload(UploadArgs),
    /// Show an asset's status
    #[command(after_help = "Example:\n  seedance-assets status asset-20261126-abc")]
    Status(AssetArgs),
    /// Wait until an asset is Active (exit 0) or Failed (exit 1)
    #[command(after_help = "Example:\n  seedance-assets wait asset-20261126-abc --timeout 300")]
    Wait(WaitArgs),
    /// Check an asset URL against the published limits without uploading it
    #[command(after_help = "\
Examples:
  seedance-assets preflight https://cdn.example/clip.mp4 --type Video
  seedance-assets --json preflight https://cdn.example/face.png --type Image --profile limits.toml")]
    Preflight(PreflightArgs),
    /// Read or change the journal: people, assets, export, resolve, forget
    #[command(
        subcommand,
        after_help = "\
Examples:
  seedance-assets journal people
  seedance-assets --journal postgresql://db.internal/seedance journal assets --status Ambiguous"
    )]
    Journal(JournalCommand),
    /// Run the callback receiver alone (for a `validate --callback-url` pointing at it)
    #[command(after_help = "\
Example:
  seedance-assets serve --listen 127.0.0.1:8765 --public-url https://abc.tunnel.example")]
    Serve(ServeArgs),
    /// Run the service simulator on a port (for trying the flow without an account)
    #[command(after_help = "\
Example:
  seedance-assets simulate --port 8080 &
  SEEDANCE_BASE_URL=http://127.0.0.1:8080 SEEDANCE_API_KEY=sim-test-key-kqzvwxjmnrtp seedance-assets doctor")]
    Simulate(SimulateArgs),
    /// Check the key, reachability, TLS, clock skew, the journal and the staging bucket, without
    /// side effects
    #[command(
        after_help = "Examples:\n  seedance-assets doctor\n  seedance-assets doctor --staging s3://my-bucket/seedance"
    )]
    Doctor(DoctorArgs),
}

/// `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The application's id for the person; the GroupId is journaled under it
    #[arg(long)]
    pub reference: String,
    /// Receive the callback here (e.g. 0.0.0.0:8765; port 0 picks one)
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    /// Where the H5 page sends the person's browser; without --listen, paste the address it
    /// lands on into this terminal
    #[arg(long, value_name = "URL")]
    pub callback_url: Option<String>,
    /// The address the person's phone reaches the receiver at (a tunnel or reverse proxy)
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// The H5 page's language: zh, en or zh-Hant
    #[arg(long)]
    pub language: Option<String>,
    /// A note of the person's consent, kept with them in the journal
    #[arg(long)]
    pub consent: Option<String>,
    /// Sessions to create at most (a fresh one each time a link expires or a check fails)
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub sessions: u32,
}

/// `onboard`.
#[derive(Debug, Args)]
pub struct OnboardArgs {
    /// The manifest: CSV (name,type,url[,key]) or JSON lines; or a folder of media files
    pub manifest: PathBuf,
    /// With a folder: leave out files that are not media instead of refusing the folder
    #[arg(long)]
    pub skip_other_files: bool,
    /// With a folder: the bucket the files are staged in [default: SEEDANCE_STAGING]
    #[arg(long, value_name = "s3://BUCKET/PREFIX|az://CONTAINER/PREFIX")]
    pub staging: Option<String>,
    /// The person, by the reference they were validated under
    #[arg(long, conflicts_with = "group_id", required_unless_present = "group_id")]
    pub reference: Option<String>,
    /// The person, by GroupId
    #[arg(long)]
    pub group_id: Option<String>,
    /// Preflight each asset; a failing one is Rejected and not uploaded
    #[arg(long)]
    pub preflight: bool,
    /// The account's upload rate, never exceeded (e.g. 3/min, 2/s) [default: adaptive]
    #[arg(long, value_name = "RATE")]
    pub upload_rate: Option<String>,
    /// Uploads in flight at once
    #[arg(long)]
    pub concurrency: Option<usize>,
    /// The whole run's limit in seconds; unfinished items are Pending
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,
}

/// `stage`.
#[derive(Debug, Args)]
pub struct StageArgs {
    /// The files to stage
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// The bucket [default: SEEDANCE_STAGING]
    #[arg(long, value_name = "s3://BUCKET/PREFIX|az://CONTAINER/PREFIX")]
    pub staging: Option<String>,
}

/// `upload`.
#[derive(Debug, Args)]
pub struct UploadArgs {
    /// The asset's display name
    #[arg(long)]
    pub name: String,
    /// Image, Video or Audio
    #[arg(long = "type", value_name = "TYPE")]
    pub asset_type: String,
    /// The public URL the service downloads it from
    #[arg(long)]
    pub url: String,
    /// The person, by the reference they were validated under
    #[arg(long, conflicts_with = "group_id")]
    pub reference: Option<String>,
    /// The person, by GroupId (neither: an asset of no person)
    #[arg(long)]
    pub group_id: Option<String>,
    /// The journal key of this upload [default: derived from group, name and URL]
    #[arg(long)]
    pub key: Option<String>,
    /// Send it even if the journal holds an upload of unknown outcome under its key
    #[arg(long)]
    pub allow_duplicate: bool,
    /// Preflight it first; refuse it (exit 2) if it fails
    #[arg(long)]
    pub preflight: bool,
    /// Then wait until it is Active or Failed
    #[arg(long)]
    pub wait: bool,
    /// With --wait: the most seconds to wait
    #[arg(long, default_value_t = 600.0, value_name = "SECONDS")]
    pub timeout: f64,
}

/// `status`.
#[derive(Debug, Args)]
pub struct AssetArgs {
    /// The asset id
    pub asset_id: String,
}

/// `wait`.
#[derive(Debug, Args)]
pub struct WaitArgs {
    /// The asset id
    pub asset_id: String,
    /// The most seconds to wait
    #[arg(long, default_value_t = 600.0, value_name = "SECONDS")]
    pub timeout: f64,
}

/// `preflight`.
#[derive(Debug, Args)]
pub struct PreflightArgs {
    /// The asset's URL
    pub url: String,
    /// Image, Video or Audio
    #[arg(long = "type", value_name = "TYPE")]
    pub asset_type: String,
    /// Fetch from loopback and private-network hosts (a warning instead of a violation)
    #[arg(long)]
    pub allow_private_hosts: bool,
    /// Judge by this limit profile (TOML or JSON) instead of the published limits
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
}

/// `journal …`.
#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Every validated person, most recent first
    #[command(after_help = "Example:\n  seedance-assets journal people")]
    People,
    /// The recorded uploads
    #[command(
        after_help = "Example:\n  seedance-assets journal assets --reference actor-42 --status Failed"
    )]
    Assets(AssetsFilterArgs),
    /// Everything recorded, as JSON lines without secrets
    #[command(after_help = "Example:\n  seedance-assets journal export > journal.jsonl")]
    Export,
    /// Record what became of an upload of unknown outcome
    #[command(after_help = "\
Examples:
  seedance-assets journal resolve KEY --asset-id asset-20261126-abc   # it happened
  seedance-assets journal resolve KEY --not-uploaded                  # it did not: may be sent again")]
    Resolve(ResolveArgs),
    /// Erase everything recorded about a person
    #[command(after_help = "Example:\n  seedance-assets journal forget actor-42 --yes")]
    Forget(ForgetArgs),
}

/// `journal assets`.
#[derive(Debug, Args)]
pub struct AssetsFilterArgs {
    /// Only this person's
    #[arg(long)]
    pub reference: Option<String>,
    /// Only this group's
    #[arg(long)]
    pub group_id: Option<String>,
    /// Only those with this status (Active, Failed, Processing, Ambiguous, …)
    #[arg(long)]
    pub status: Option<String>,
}

/// `journal resolve`.
#[derive(Debug, Args)]
pub struct ResolveArgs {
    /// The upload's journal key (see `journal assets`)
    pub key: String,
    /// The asset id the upload got
    #[arg(
        long,
        conflicts_with = "not_uploaded",
        required_unless_present = "not_uploaded"
    )]
    pub asset_id: Option<String>,
    /// The upload did not happen
    #[arg(long)]
    pub not_uploaded: bool,
}

/// `journal forget`.
#[derive(Debug, Args)]
pub struct ForgetArgs {
    /// The person's reference
    pub reference: String,
    /// Confirm the erasure
    #[arg(long)]
    pub yes: bool,
}

/// `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where to listen (port 0 picks one)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8765")]
    pub listen: SocketAddr,
    /// The address the person's phone reaches the receiver at (a tunnel or reverse proxy)
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
}

/// `simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The port on 127.0.0.1 (0 picks one)
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// How long an H5 link stays usable
    #[arg(long, value_name = "SECONDS")]
    pub link_ttl: Option<u64>,
    /// How long an upload stays Processing, in milliseconds
    #[arg(long, value_name = "MS")]
    pub processing_delay: Option<u64>,
}

/// `doctor`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// The staging bucket to check [default: SEEDANCE_STAGING]
    #[arg(long, value_name = "s3://BUCKET/PREFIX|az://CONTAINER/PREFIX")]
    pub staging: Option<String>,
}

/// A positive number of seconds from the command line.
pub fn seconds(flag: &str, value: f64) -> Result<Duration, CliError> {
    Duration::try_from_secs_f64(value)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            CliError::usage(format!(
                "{flag} must be a positive number of seconds (got {value})"
            ))
        })
}
