//! `serve`: the callback receiver alone, logging each callback, until Ctrl-C.

use serde_json::json;

use crate::args::ServeArgs;
use crate::context::Context;
use crate::exit::{self, CliError};
use crate::receiver::{Outcome, Receiver};

pub async fn run(args: ServeArgs, cx: Context) -> Result<i32, CliError> {
    let client = cx.client()?;
    let (receiver, mut callbacks) = Receiver::start(args.listen, args.public_url.as_deref(), client).await?;
    let out = &cx.out;
    out.json(&json!({"event": "listening", "address": receiver.local_addr.to_string(), "callback_url": receiver.callback_url}));
    out.result(&format!(
        "Listening on {}; create sessions with callback URL {} (Ctrl-C to stop).",
        receiver.local_addr, receiver.callback_url
    ));
    loop {
        tokio::select! {
            Some(callback) = callbacks.recv() => log(&cx, &callback.outcome),
            _ = tokio::signal::ctrl_c() => break,
        }
    }
    receiver.stop().await;
    Ok(exit::OK)
}

fn log(cx: &Context, outcome: &Outcome) {
    let time = chrono::Utc::now().format("%H:%M:%S");
    let (reference, group_id, detail) = match outcome {
        Outcome::Passed(p) => (p.reference.clone(), Some(p.group_id.clone()), None),
        Outcome::NotPassed(code) => (None, None, code.clone()),
        Outcome::Invalid(m) | Outcome::Problem(m) => (None, None, Some(m.clone())),
        Outcome::Expired => (None, None, None),
    };
    cx.out.json(&json!({
        "event": "callback",
        "outcome": outcome.name(),
        "reference": reference,
        "group_id": group_id,
        "detail": detail,
    }));
    let line = match outcome {
        Outcome::Passed(p) => cx.out.good(&format!(
            "passed: {} → GroupId {}",
            p.reference.as_deref().unwrap_or("-"),
            p.group_id
        )),
        other => cx
            .out
            .bad(&format!("{}: {}", other.name(), detail.unwrap_or_default())),
    };
    cx.out.result(&format!("{time}  {line}"));
}
