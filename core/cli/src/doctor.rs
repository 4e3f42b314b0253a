//! `doctor`: what can be checked without side effects — the key (a lookup of a made-up asset
//! id: 404 means the key was accepted, 401 that it was not), reachability, TLS, clock skew, the
//! journal and the staging bucket (a made-up key looked up) — printed as a list of checks.

use seedance_assets::{ErrorCode, Staging};
use serde_json::{json, Value};

use crate::args::DoctorArgs;
use crate::context::Context;
use crate::exit::{self, CliError};

/// A clock further off than this breaks signed URLs and token expiry.
const MAX_SKEW_SECONDS: f64 = 30.0;

struct Check {
    name: &'static str,
    ok: bool,
    detail: String,
}

pub async fn run(args: DoctorArgs, cx: Context) -> Result<i32, CliError> {
    let mut checks = Vec::new();
    let mut configured = true;
    let mut staging = None;
    match crate::stage::staging_client(&cx, args.staging.as_deref()) {
        Ok(client) => {
            let d = client.diagnose().await;
            checks.push(Check {
                name: "reachable",
                ok: d.reachable,
                detail: match d.http_status {
                    Some(status) => format!(
                        "{} answered HTTP {status} in {} ms",
                        d.base_url,
                        d.round_trip.as_millis()
                    ),
                    None => format!("{}: {}", d.base_url, d.problem.clone().unwrap_or_default()),
                },
            });
            checks.push(Check {
                name: "tls",
                ok: d.tls || (d.reachable && is_loopback(&d.base_url)),
                detail: if d.tls {
                    "https, certificate verified".into()
                } else if d.reachable {
                    "plain http (allowed for loopback only)".into()
                } else {
                    "not checked (unreachable)".into()
                },
            });
            checks.push(Check {
                name: "api_key",
                ok: d.key_accepted == Some(true),
                detail: match d.key_accepted {
                    Some(true) => "accepted (a made-up asset id was looked up: 404)".into(),
                    Some(false) => "refused by the service (401): check SEEDANCE_API_KEY".into(),
                    None => format!(
                        "not confirmed: {}",
                        d.problem.clone().unwrap_or_else(|| "unexpected answer".into())
                    ),
                },
            });
            checks.push(match d.clock_skew_seconds {
                Some(skew) => Check {
                    name: "clock",
                    ok: skew.abs() <= MAX_SKEW_SECONDS,
                    detail: format!("this clock is {skew:+.1} s from the service's"),
                },
                None => Check {
                    name: "clock",
                    ok: true,
                    detail: "not checked (no Date header)".into(),
                },
            });
            staging = Some(staging_check(client.staging_bucket()).await);
        }
        Err(e) => {
            configured = false;
            checks.push(Check {
                name: if e.code == ErrorCode::Journal.as_str() {
                    "journal"
                } else {
                    "configuration"
                },
                ok: false,
                detail: e.message,
            })
        }
    }
    checks.push(match cx.journal() {
        Ok(journal) => match journal.people().await {
            Ok(people) => Check {
                name: "journal",
                ok: true,
                detail: format!(
                    "{} ({} validated {})",
                    journal.location(),
                    people.len(),
                    if people.len() == 1 { "person" } else { "people" }
                ),
            },
            Err(e) => Check {
                name: "journal",
                ok: false,
                detail: format!("{}: {e}", journal.location()),
            },
        },
        Err(e) => Check {
            name: "journal",
            ok: false,
            detail: e.message,
        },
    });
    checks.extend(staging);
    let ok = checks.iter().all(|c| c.ok);
    cx.out.json(&json!({
        "ok": ok,
        "checks": checks.iter().map(|c| json!({"name": c.name, "ok": c.ok, "detail": c.detail})).collect::<Vec<Value>>(),
    }));
    for c in &checks {
        let mark = if c.ok {
            cx.out.good("ok  ")
        } else {
            cx.out.bad("FAIL")
        };
        cx.out.result(&format!("{mark} {:<13} {}", c.name, c.detail));
    }
    Ok(match (ok, configured) {
        (true, _) => exit::OK,
        (false, true) => exit::FAILED,
        (false, false) => exit::CONFIGURATION,
    })
}

/// The staging bucket answering a lookup of a made-up key (staging's own first request).
async fn staging_check(bucket: Option<&Staging>) -> Check {
    let Some(bucket) = bucket else {
        return Check {
            name: "staging",
            ok: true,
            detail: "not configured (SEEDANCE_STAGING or --staging; needed for local files only)".into(),
        };
    };
    match bucket.check().await {
        Ok(()) => Check {
            name: "staging",
            ok: true,
            detail: format!(
                "{}: credentials accepted (a made-up key was looked up)",
                bucket.location()
            ),
        },
        Err(e) => Check {
            name: "staging",
            ok: false,
            detail: e.to_string(),
        },
    }
}

fn is_loopback(base_url: &str) -> bool {
    url::Url::parse(base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .is_some_and(|h| {
            h == "localhost" || h.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback()) || h == "[::1]"
        })
}
