//! Every option the packages take: its name per language, default, bounds, and the one
//! validation every language runs (durations arrive as seconds from Python and as
//! milliseconds from Node; the bounds catch a value given in the wrong unit and say so).

use std::time::Duration;

use super::suggest::did_you_mean;
use super::Lang;
use crate::errors::Error;

/// What an option holds, with its default and bounds where it is a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OptionKind {
    /// A duration: seconds in Python, milliseconds in Node.
    Duration {
        /// The smallest value accepted.
        min: Duration,
        /// The largest value accepted.
        max: Duration,
        /// The default, when there is one.
        default: Option<Duration>,
    },
    /// A whole number.
    Count {
        /// The smallest value accepted.
        min: u64,
        /// The largest value accepted.
        max: u64,
        /// The default.
        default: u64,
    },
    /// A string (Node also takes a `URL` where the option is one).
    Text,
    /// `true` or `false`.
    Flag,
    /// A function the package calls (Node's `onPoll`).
    Callback,
    /// Node's `AbortSignal` (what else it must have is checked where it is used).
    Signal,
    /// `true`, `false`, or limits keyed by operation (see `RATE_LIMIT` for one limit's fields).
    RateLimits,
    /// A `Journal` of the same package (Python also takes an `AsyncJournal`).
    Journal,
    /// A list of items (Python: a sequence of dicts; Node: an array of objects).
    Items,
    /// Preflight limits: overrides (a dict / an object) or the path of a `.toml`/`.json` file.
    Profile,
}

impl OptionKind {
    /// The JS types a Node caller may give (`typeof` names, `array`, or `AbortSignal`), so the
    /// Node layer can refuse any other naming the option before anything is converted or sent.
    pub const fn node_types(&self) -> &'static [&'static str] {
        match self {
            OptionKind::Duration { .. } | OptionKind::Count { .. } => &["number"],
            OptionKind::Text => &["string"],
            OptionKind::Flag => &["boolean"],
            OptionKind::Callback => &["function"],
            OptionKind::Signal => &["AbortSignal"],
            OptionKind::RateLimits => &["boolean", "object"],
            OptionKind::Journal => &["object"],
            OptionKind::Items => &["array"],
            OptionKind::Profile => &["object", "string"],
        }
    }
}

/// One option of a client, a call or a wait.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OptionSpec {
    /// Its name in Rust and Python.
    pub python: &'static str,
    /// Its name in Node.
    pub node: &'static str,
    /// What it holds.
    pub kind: OptionKind,
    /// One line for documentation.
    pub doc: &'static str,
}

const fn duration(
    python: &'static str,
    node: &'static str,
    min: Duration,
    max: Duration,
    default: Option<Duration>,
    doc: &'static str,
) -> OptionSpec {
    OptionSpec {
        python,
        node,
        kind: OptionKind::Duration { min, max, default },
        doc,
    }
}

const fn other(python: &'static str, node: &'static str, kind: OptionKind, doc: &'static str) -> OptionSpec {
    OptionSpec {
        python,
        node,
        kind,
        doc,
    }
}

/// A string option.
const fn text(python: &'static str, node: &'static str, doc: &'static str) -> OptionSpec {
    other(python, node, OptionKind::Text, doc)
}

const MS: Duration = Duration::from_millis(1);
const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(86_400);

/// The API key (else `SEEDANCE_API_KEY`, then `CRUN_API_KEY`).
pub const API_KEY: OptionSpec = text(
    "api_key",
    "apiKey",
    "The API key; else SEEDANCE_API_KEY, then CRUN_API_KEY.",
);
/// The base URL (else `SEEDANCE_BASE_URL`, then the production service).
pub const BASE_URL: OptionSpec = text(
    "base_url",
    "baseUrl",
    "The base URL; else SEEDANCE_BASE_URL, then https://api.crun.ai.",
);
/// Limit of one HTTP attempt.
pub const TIMEOUT: OptionSpec = duration(
    "timeout",
    "timeoutMs",
    Duration::from_millis(100),
    HOUR,
    Some(Duration::from_secs(30)),
    "Limit of one HTTP attempt.",
);
/// Limit for establishing a connection.
pub const CONNECT_TIMEOUT: OptionSpec = duration(
    "connect_timeout",
    "connectTimeoutMs",
    Duration::from_millis(100),
    Duration::from_secs(600),
    Some(Duration::from_secs(10)),
    "Limit for establishing a connection.",
);
/// Retries after the first attempt, for failures that are safe to retry.
pub const MAX_RETRIES: OptionSpec = OptionSpec {
    python: "max_retries",
    node: "maxRetries",
    kind: OptionKind::Count {
        min: 0,
        max: 100,
        default: 2,
    },
    doc: "Retries after the first attempt, for failures that are safe to retry.",
};
/// One overall limit for a call: every attempt, rate-limit wait and backoff sleep.
pub const DEADLINE: OptionSpec = duration(
    "deadline",
    "deadlineMs",
    MS,
    Duration::from_secs(7 * 86_400),
    None,
    "One overall limit for a call: every attempt, rate-limit wait and backoff sleep.",
);
/// Client-side rate limits per operation.
pub const RATE_LIMITS: OptionSpec = other(
    "rate_limits",
    "rateLimits",
    OptionKind::RateLimits,
    "Client-side rate limits per operation: keys are the method names.",
);
/// Text appended to the User-Agent.
pub const USER_AGENT: OptionSpec = text(
    "user_agent",
    "userAgentSuffix",
    "Text appended to the User-Agent.",
);
/// One deadline for a whole wait.
pub const WAIT_TIMEOUT: OptionSpec = duration(
    "timeout",
    "timeoutMs",
    Duration::from_millis(10),
    Duration::from_secs(7 * 86_400),
    Some(Duration::from_secs(600)),
    "One deadline for the whole wait: every poll, retry and sleep.",
);
/// A fixed interval between polls (else a backoff).
pub const POLL_INTERVAL: OptionSpec = duration(
    "poll_interval",
    "pollIntervalMs",
    Duration::from_millis(10),
    HOUR,
    None,
    "A fixed interval between polls; without it the interval backs off.",
);
/// The first interval of the poll backoff.
pub const INITIAL_INTERVAL: OptionSpec = duration(
    "initial_interval",
    "initialIntervalMs",
    Duration::from_millis(10),
    HOUR,
    Some(Duration::from_secs(1)),
    "The first interval of the poll backoff.",
);
/// The largest interval of the poll backoff.
pub const MAX_INTERVAL: OptionSpec = duration(
    "max_interval",
    "maxIntervalMs",
    Duration::from_millis(10),
    HOUR,
    Some(Duration::from_secs(10)),
    "The largest interval of the poll backoff.",
);
/// The period of one rate limit.
pub const RATE_PERIOD: OptionSpec = duration("per", "perMs", MS, DAY, None, "The period of a rate limit.");
/// The request count of one rate limit.
pub const RATE_REQUESTS: OptionSpec = OptionSpec {
    python: "max_requests",
    node: "maxRequests",
    kind: OptionKind::Count {
        min: 1,
        max: 1_000_000,
        default: 1,
    },
    doc: "Requests allowed per period (and the burst).",
};
/// How long an H5 link stays usable after its session was created (a local hint).
pub const SESSION_TTL: OptionSpec = duration(
    "session_ttl",
    "sessionTtlMs",
    Duration::from_secs(1),
    HOUR,
    Some(Duration::from_secs(120)),
    "How long an H5 link stays usable after its session was created (upstream: 120 s).",
);
/// Where the person's browser returns to.
pub const CALLBACK_URL: OptionSpec = text(
    "callback_url",
    "callbackUrl",
    "Where the person's browser returns to.",
);
/// The H5 page's language.
pub const LANGUAGE: OptionSpec = text(
    "language",
    "language",
    "The H5 page's language: zh (upstream's default), en or zh-Hant.",
);
/// An asset's display name.
pub const NAME: OptionSpec = text("name", "name", "The asset's display name.");
/// An asset's type.
pub const ASSET_TYPE: OptionSpec = text("asset_type", "assetType", "Image, Video or Audio.");
/// An asset's public URL.
pub const ASSET_URL: OptionSpec = text(
    "asset_url",
    "assetUrl",
    "A public URL the service downloads the asset from.",
);
/// The person's asset group.
pub const GROUP_ID: OptionSpec = text("group_id", "groupId", "The validated person's GroupId.");
/// The largest response body accepted.
pub const MAX_RESPONSE_BYTES: OptionSpec = OptionSpec {
    python: "max_response_bytes",
    node: "maxResponseBytes",
    kind: OptionKind::Count {
        min: 64,
        max: 1 << 30,
        default: 1 << 20,
    },
    doc: "The largest response body accepted, in bytes (default 1 MiB; answers are a few KiB).",
};
/// Plain `http://` to a host that is not loopback.
pub const ALLOW_INSECURE_HTTP: OptionSpec = other(
    "allow_insecure_http",
    "allowInsecureHttp",
    OptionKind::Flag,
    "Allow plain http:// to a host that is not loopback (the key would travel in clear text).",
);
/// Preflight may fetch from loopback and private-network hosts.
pub const ALLOW_PRIVATE_HOSTS: OptionSpec = other(
    "allow_private_hosts",
    "allowPrivateHosts",
    OptionKind::Flag,
    "Let preflight fetch assets from loopback and private-network hosts (a warning, not a violation); link-local stays refused.",
);
/// What a folder's files that are not media do to `folder_assets`.
pub const SKIP_OTHER_FILES: OptionSpec = other(
    "skip_other_files",
    "skipOtherFiles",
    OptionKind::Flag,
    "Leave out a folder's files that are not media, instead of refusing the folder.",
);
/// The limits a preflight judges by.
pub const PROFILE: OptionSpec = other(
    "profile",
    "profile",
    OptionKind::Profile,
    "The limits to judge by: overrides laid over the published profile (e.g. {\"video\": {\"max_duration\": 30}}) or the path of a .toml/.json file of them.",
);
/// Preflight an asset before its upload.
pub const PREFLIGHT: OptionSpec = other(
    "preflight",
    "preflight",
    OptionKind::Flag,
    "Preflight the asset first: one that fails is refused (PreflightError / ERR_PREFLIGHT; onboarding: Rejected) before any upload request.",
);
/// Called with each progress event of a wait.
pub const ON_POLL: OptionSpec = other(
    "on_poll",
    "onPoll",
    OptionKind::Callback,
    "Called with each poll, retry and rate-limit wait of the wait (see `surface::EVENT_FIELDS`).",
);
/// Where sessions, validations and uploads are recorded.
pub const JOURNAL: OptionSpec = other(
    "journal",
    "journal",
    OptionKind::Journal,
    "A Journal: sessions, validated people and uploads are recorded there (needed by complete_validation).",
);
/// The application's own id for the person being validated.
pub const REFERENCE: OptionSpec = text(
    "reference",
    "reference",
    "The application's own id for the person (needs a journal); the validated person is kept under it.",
);
/// A consent note kept with the person.
pub const CONSENT: OptionSpec = text(
    "consent",
    "consent",
    "A note of the person's consent, kept with the person (needs a journal).",
);
/// An upload's journal key.
pub const KEY: OptionSpec = text(
    "key",
    "key",
    "The upload's journal key; default: the group, the name and the URL without its query string.",
);
/// Send an upload even if an earlier one under its key may have happened.
pub const ALLOW_DUPLICATE: OptionSpec = other(
    "allow_duplicate",
    "allowDuplicate",
    OptionKind::Flag,
    "Send the upload even if an earlier one under the same key may have reached the service.",
);
/// Only a recorded upload's status.
pub const STATUS: OptionSpec = text(
    "status",
    "status",
    "Only uploads with this recorded status (Uploading, Ambiguous, Processing, Active, Failed, …).",
);
/// Open a journal without writing.
pub const READ_ONLY: OptionSpec = other(
    "read_only",
    "readOnly",
    OptionKind::Flag,
    "Open the journal without writing: queries work, changes fail with JournalError (read_only).",
);

/// Where local files are staged (else `SEEDANCE_STAGING`).
pub const STAGING: OptionSpec = text(
    "staging",
    "staging",
    "Where local files are staged: s3://bucket/prefix (credentials, region and endpoint from the AWS_* environment) or az://container/prefix (AZURE_STORAGE_* environment); else SEEDANCE_STAGING.",
);
/// How long a staged file's presigned URL stays valid.
pub const STAGING_URL_TTL: OptionSpec = duration(
    "staging_url_ttl",
    "stagingUrlTtlMs",
    Duration::from_secs(60),
    Duration::from_secs(7 * 86_400),
    Some(DAY),
    "How long a staged file's presigned URL stays valid (default 24 h; at most 7 days).",
);
/// Whether staged copies are deleted once their asset is `Active`.
pub const STAGING_CLEANUP: OptionSpec = other(
    "staging_cleanup",
    "stagingCleanup",
    OptionKind::Flag,
    "Delete a staged file from the bucket once onboarding saw its asset Active (default off: kept, so the same file is not staged again).",
);
/// A local file uploaded instead of an asset URL.
pub const FILE: OptionSpec = text(
    "file",
    "file",
    "A local file to stage and upload instead of asset_url (its type may be left out: it is read from the content).",
);

/// The assets of an onboarding run.
pub const ASSETS: OptionSpec = other(
    "assets",
    "assets",
    OptionKind::Items,
    "The assets to onboard: each with name, asset type, asset URL and optionally a journal key.",
);
/// The account's upload rate for an onboarding run.
pub const UPLOAD_RATE: OptionSpec = text(
    "upload_rate",
    "uploadRate",
    "The account's upload rate (\"120/min\", \"3/s\"), never exceeded; default the client's upload limit, else adaptive.",
);
/// Uploads in flight at once during onboarding.
pub const CONCURRENCY: OptionSpec = OptionSpec {
    python: "concurrency",
    node: "concurrency",
    kind: OptionKind::Count {
        min: 1,
        max: 64,
        default: 8,
    },
    doc: "Uploads in flight at once.",
};
/// The whole onboarding run's limit.
pub const ONBOARD_TIMEOUT: OptionSpec = duration(
    "timeout",
    "timeoutMs",
    Duration::from_secs(1),
    Duration::from_secs(7 * 86_400),
    Some(Duration::from_secs(3600)),
    "The whole run's limit; items unfinished by then are Pending.",
);
/// Called with each onboarding progress event.
pub const ON_PROGRESS: OptionSpec = other(
    "on_progress",
    "onProgress",
    OptionKind::Callback,
    "Called with each item's progress (see `surface::ONBOARD_EVENT_FIELDS`).",
);

/// Cancels the call (Node).
pub const SIGNAL: OptionSpec = other(
    "signal",
    "signal",
    OptionKind::Signal,
    "An AbortSignal that cancels the call.",
);

/// The options of a client.
pub const CLIENT: &[&OptionSpec] = &[
    &API_KEY,
    &BASE_URL,
    &TIMEOUT,
    &CONNECT_TIMEOUT,
    &MAX_RETRIES,
    &RATE_LIMITS,
    &USER_AGENT,
    &SESSION_TTL,
    &MAX_RESPONSE_BYTES,
    &ALLOW_INSECURE_HTTP,
    &ALLOW_PRIVATE_HOSTS,
    &LANGUAGE,
    &JOURNAL,
    &STAGING,
    &STAGING_URL_TTL,
    &STAGING_CLEANUP,
];
/// The per-call options (`with_options`, and the last argument of every Node method).
pub const CALL: &[&OptionSpec] = &[&TIMEOUT, &MAX_RETRIES, &DEADLINE, &SIGNAL];
/// The options of a wait (its `timeout` is the whole wait's; `deadline` bounds it too).
pub const WAIT: &[&OptionSpec] = &[
    &WAIT_TIMEOUT,
    &POLL_INTERVAL,
    &INITIAL_INTERVAL,
    &MAX_INTERVAL,
    &DEADLINE,
    &SIGNAL,
    &ON_POLL,
];
/// The fields of one rate limit.
pub const RATE_LIMIT: &[&OptionSpec] = &[&RATE_REQUESTS, &RATE_PERIOD];
/// The parameters of `create_validation_session`.
pub const CREATE_SESSION: &[&OptionSpec] = &[&CALLBACK_URL, &LANGUAGE, &REFERENCE, &CONSENT];
/// The parameters of `upload_asset`.
pub const UPLOAD_ASSET: &[&OptionSpec] = &[
    &NAME,
    &ASSET_TYPE,
    &ASSET_URL,
    &FILE,
    &GROUP_ID,
    &KEY,
    &ALLOW_DUPLICATE,
    &PREFLIGHT,
];
/// The arguments of `preflight` (Node: one object; `signal` as for every call).
pub const PREFLIGHT_ARGS: &[&OptionSpec] =
    &[&ASSET_URL, &ASSET_TYPE, &ALLOW_PRIVATE_HOSTS, &PROFILE, &SIGNAL];
/// The options of `folderAssets` (Node).
pub const FOLDER_ASSETS: &[&OptionSpec] = &[&SKIP_OTHER_FILES, &SIGNAL];
/// The filter of `Journal.assets`.
pub const ASSET_FILTER: &[&OptionSpec] = &[&REFERENCE, &GROUP_ID, &STATUS];
/// The arguments of `onboard` (Node: one object; `signal` as for every call).
pub const ONBOARD: &[&OptionSpec] = &[
    &REFERENCE,
    &GROUP_ID,
    &ASSETS,
    &UPLOAD_RATE,
    &CONCURRENCY,
    &ONBOARD_TIMEOUT,
    &PREFLIGHT,
    &ON_PROGRESS,
    &SIGNAL,
];
/// The fields of one onboarding item.
pub const ONBOARD_ITEM: &[&OptionSpec] = &[&NAME, &ASSET_TYPE, &ASSET_URL, &FILE, &KEY];
/// The options of opening a journal.
pub const JOURNAL_OPEN: &[&OptionSpec] = &[&READ_ONLY];

/// An option set by name (`client`, `call`, `wait`, `rateLimit`, `createValidationSession`,
/// `uploadAsset`), for bindings whose option objects do not refuse unknown keys themselves.
pub fn set(name: &str) -> Option<&'static [&'static OptionSpec]> {
    Some(match name {
        "client" => CLIENT,
        "call" => CALL,
        "wait" => WAIT,
        "rateLimit" => RATE_LIMIT,
        "createValidationSession" => CREATE_SESSION,
        "uploadAsset" => UPLOAD_ASSET,
        "assetFilter" => ASSET_FILTER,
        "journalOpen" => JOURNAL_OPEN,
        "onboard" => ONBOARD,
        "onboardItem" => ONBOARD_ITEM,
        "preflight" => PREFLIGHT_ARGS,
        "folderAssets" => FOLDER_ASSETS,
        _ => return None,
    })
}

impl OptionSpec {
    /// Its name in `lang`.
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Rust | Lang::Python => self.python,
            Lang::Node => self.node,
        }
    }

    /// The default duration (`Duration::ZERO` for options without one).
    pub const fn default_duration(&self) -> Duration {
        match self.kind {
            OptionKind::Duration { default: Some(d), .. } => d,
            _ => Duration::ZERO,
        }
    }

    /// The default count (0 for options without one).
    pub const fn default_count(&self) -> u64 {
        match self.kind {
            OptionKind::Count { default, .. } => default,
            _ => 0,
        }
    }

    /// A duration given as `lang`'s number (seconds in Rust and Python, milliseconds in Node),
    /// checked against the bounds.
    pub fn duration(&self, lang: Lang, value: f64) -> Result<Duration, Error> {
        let field = self.name(lang);
        let unit = unit(lang);
        if !value.is_finite() {
            return Err(Error::invalid(
                field,
                format!("must be a finite number of {unit} (got {value})"),
            ));
        }
        if value <= 0.0 {
            return Err(Error::invalid(
                field,
                format!("must be greater than zero (got {value})"),
            ));
        }
        let secs = match lang {
            Lang::Node => value / 1000.0,
            Lang::Rust | Lang::Python => value,
        };
        let given = Duration::try_from_secs_f64(secs).unwrap_or(Duration::MAX);
        self.check_duration_from(lang, given, Some(value))
    }

    /// A duration already as a `Duration`, checked against the bounds.
    pub fn check_duration(&self, lang: Lang, value: Duration) -> Result<Duration, Error> {
        self.check_duration_from(lang, value, None)
    }

    fn check_duration_from(
        &self,
        lang: Lang,
        value: Duration,
        number: Option<f64>,
    ) -> Result<Duration, Error> {
        let OptionKind::Duration { min, max, .. } = self.kind else {
            return Ok(value);
        };
        let field = self.name(lang);
        let shown = number.map_or_else(|| show(lang, value), |n| format!("{n}"));
        if value < min || value > max {
            let bound = if value < min {
                format!("at least {}", show(lang, min))
            } else {
                format!("at most {}", show(lang, max))
            };
            let hint = number
                .and_then(|n| unit_hint(lang, field, n, min, max))
                .unwrap_or_default();
            return Err(Error::invalid(
                field,
                format!("must be {bound} (got {shown}){hint}"),
            ));
        }
        Ok(value)
    }

    /// A whole number given as `lang`'s number, checked against the bounds.
    pub fn count(&self, lang: Lang, value: f64) -> Result<u64, Error> {
        let field = self.name(lang);
        let OptionKind::Count { min, max, .. } = self.kind else {
            return Err(Error::invalid(field, "is not a number option"));
        };
        if !value.is_finite() || value.fract() != 0.0 {
            return Err(Error::invalid(
                field,
                format!("must be a whole number (got {value})"),
            ));
        }
        if value < min as f64 || value > max as f64 {
            return Err(Error::invalid(
                field,
                format!("must be from {min} to {max} (got {value})"),
            ));
        }
        Ok(value as u64)
    }
}

/// Refuses any key of `given` that is not one of `allowed` (in `lang`'s spelling), with the
/// closest name as a hint: a misspelt option is an error, never silently dropped.
pub fn check_keys<'a>(
    lang: Lang,
    field: &'static str,
    allowed: &[&OptionSpec],
    extra: &[&str],
    given: impl IntoIterator<Item = &'a str>,
) -> Result<(), Error> {
    let mut names: Vec<&str> = allowed.iter().map(|o| o.name(lang)).collect();
    names.extend_from_slice(extra);
    for key in given {
        if !names.contains(&key) {
            return Err(Error::invalid(
                field,
                format!(
                    "unknown option {key:?}{}; known: {}",
                    did_you_mean(key, &names),
                    names.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

fn unit(lang: Lang) -> &'static str {
    match lang {
        Lang::Node => "milliseconds",
        Lang::Rust | Lang::Python => "seconds",
    }
}

fn show(lang: Lang, value: Duration) -> String {
    match lang {
        Lang::Node => format!("{} ms", trim(value.as_secs_f64() * 1000.0)),
        Lang::Rust | Lang::Python => format!("{} s", trim(value.as_secs_f64())),
    }
}

fn trim(n: f64) -> String {
    let text = format!("{n:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// "`timeoutMs` is in milliseconds: did you mean 30000?" when the value fits in the other unit.
fn unit_hint(lang: Lang, field: &str, given: f64, min: Duration, max: Duration) -> Option<String> {
    // Node's `30` meant seconds (30000 ms); Python's `30000` meant milliseconds (30 s).
    let (other, secs) = match lang {
        Lang::Node => (given * 1000.0, given),
        Lang::Rust | Lang::Python => (given / 1000.0, given / 1000.0),
    };
    let as_other = Duration::try_from_secs_f64(secs).ok()?;
    (as_other >= min && as_other <= max)
        .then(|| format!("; `{field}` is in {}: did you mean {}?", unit(lang), trim(other)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_the_wrong_unit_get_a_hint() {
        let err = TIMEOUT.duration(Lang::Python, 30_000.0).unwrap_err().to_string();
        assert!(
            err.contains("at most 3600 s") && err.contains("did you mean 30?"),
            "{err}"
        );
        let err = TIMEOUT.duration(Lang::Node, 30.0).unwrap_err().to_string();
        assert!(
            err.contains("`timeoutMs`") && err.contains("did you mean 30000?"),
            "{err}"
        );
        assert_eq!(
            TIMEOUT.duration(Lang::Node, 1500.0).unwrap(),
            Duration::from_millis(1500)
        );
        assert_eq!(
            TIMEOUT.duration(Lang::Python, 1.5).unwrap(),
            Duration::from_millis(1500)
        );
    }

    #[test]
    fn zero_negative_and_non_finite_are_refused_naming_the_field() {
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let err = WAIT_TIMEOUT.duration(Lang::Node, bad).unwrap_err();
            assert!(
                matches!(
                    &err,
                    Error::InvalidArgument {
                        field: "timeoutMs",
                        ..
                    }
                ),
                "{err}"
            );
        }
    }

    #[test]
    fn counts_are_whole_and_bounded() {
        assert_eq!(MAX_RETRIES.count(Lang::Python, 3.0).unwrap(), 3);
        assert!(MAX_RETRIES.count(Lang::Node, 1.5).is_err());
        assert!(MAX_RETRIES.count(Lang::Node, -1.0).is_err());
        assert!(RATE_REQUESTS.count(Lang::Node, 0.0).is_err());
    }

    #[test]
    fn every_option_names_its_node_types() {
        for set in [
            "client",
            "call",
            "wait",
            "rateLimit",
            "createValidationSession",
            "uploadAsset",
            "onboard",
            "onboardItem",
            "preflight",
            "folderAssets",
        ] {
            for option in set_or_empty(set) {
                assert!(!option.kind.node_types().is_empty(), "{}", option.node);
            }
        }
        assert_eq!(TIMEOUT.kind.node_types(), ["number"]);
        assert_eq!(ALLOW_INSECURE_HTTP.kind.node_types(), ["boolean"]);
        assert_eq!(CALLBACK_URL.kind.node_types(), ["string"]);
        assert_eq!(ASSETS.kind.node_types(), ["array"]);
    }

    fn set_or_empty(name: &str) -> &'static [&'static OptionSpec] {
        set(name).unwrap_or_default()
    }

    #[test]
    fn unknown_keys_are_refused_with_a_hint() {
        let err = check_keys(Lang::Node, "options", CLIENT, &[], ["apiKey", "timeout"]).unwrap_err();
        assert!(err.to_string().contains("did you mean \"timeoutMs\""), "{err}");
        assert!(check_keys(Lang::Node, "options", CLIENT, &[], ["apiKey", "timeoutMs"]).is_ok());
    }
}
