//! `validate`: a session per attempt, its link as a QR code with a countdown, a fresh link when
//! it expires or the check fails, and the GroupId journaled when the callback arrives at the
//! receiver or its address is pasted here.

use std::io::IsTerminal;
use std::time::Duration;

use chrono::Utc;
use seedance_assets::{Client, CreateSession, Language, Person};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncReadExt};
use tokio::sync::mpsc;

use crate::args::ValidateArgs;
use crate::context::Context;
use crate::exit::{self, CliError};
use crate::output::Output;
use crate::qr::{self, Countdown};
use crate::receiver::{Callback, Outcome, Receiver};

/// The longest line read from the terminal (a pasted callback address).
const MAX_PASTE: usize = 16 * 1024;

pub async fn run(args: ValidateArgs, cx: Context) -> Result<i32, CliError> {
    if args.listen.is_none() && args.callback_url.is_none() {
        return Err(CliError::usage(
            "give --listen ADDR (receive the callback here) or --callback-url URL (and paste the address the person's browser lands on)",
        ));
    }
    if args.public_url.is_some() && args.listen.is_none() {
        return Err(CliError::usage("--public-url needs --listen"));
    }
    let language = args.language.as_deref().map(str::parse::<Language>).transpose()?;
    let client = cx.client()?;
    let out = &cx.out;
    let (receiver, mut callbacks) = match args.listen {
        Some(listen) => {
            let (receiver, outcomes) =
                Receiver::start(listen, args.public_url.as_deref(), client.clone()).await?;
            (Some(receiver), outcomes)
        }
        None => (None, mpsc::unbounded_channel().1),
    };
    let callback_url = match (&args.callback_url, &receiver) {
        (Some(url), _) => url.clone(),
        (None, Some(r)) => r.callback_url.clone(),
        (None, None) => return Err(CliError::usage("give --listen or --callback-url")),
    };
    if let Some(r) = &receiver {
        out.json(
            &json!({"event": "listening", "address": r.local_addr.to_string(), "callback_url": callback_url}),
        );
        out.info(&format!(
            "Receiving callbacks on {} (callback URL {callback_url}).",
            r.local_addr
        ));
        if r.loopback_only && args.callback_url.is_none() {
            out.info("Only this machine can reach it: a phone needs --public-url (a tunnel or reverse proxy) or the paste way (--callback-url).");
        }
    }
    let pasting = std::io::stdin().is_terminal() || args.listen.is_none();
    let mut pasted = if pasting {
        paste_reader()
    } else {
        mpsc::unbounded_channel().1
    };
    let hint = if pasting {
        " (or paste the address their browser landed on, then Enter)"
    } else {
        ""
    };

    let mut result = None;
    for attempt in 1..=args.sessions {
        let mut request = CreateSession::new(&callback_url).reference(&args.reference);
        if let Some(consent) = &args.consent {
            request = request.consent(consent);
        }
        if let Some(language) = language {
            request = request.language(language);
        }
        let session = client.create_validation_session(&request).await?;
        qr::show(out, &session, attempt)?;
        let countdown = Countdown::start(out, &session, hint);
        let outcome = wait_for_outcome(
            &client,
            &args.reference,
            &session,
            &countdown,
            &mut callbacks,
            &mut pasted,
            out,
        )
        .await?;
        countdown.finish();
        // `link_expired`: no callback before the link ran out.
        let outcome_name = outcome.as_ref().map_or("link_expired", Outcome::name);
        let reason = match outcome {
            Some(Outcome::Passed(person)) => {
                result = Some(person);
                break;
            }
            Some(Outcome::NotPassed(code)) => format!(
                "{} (result code {}).",
                out.bad("The person did not pass the check"),
                code.as_deref().unwrap_or("none")
            ),
            Some(Outcome::Expired) => "The service refused the expired session.".into(),
            Some(Outcome::Problem(message) | Outcome::Invalid(message)) => {
                format!("{} {message}.", out.bad("Could not complete the validation:"))
            }
            None => "The link expired.".into(),
        };
        let more = attempt < args.sessions;
        out.json(
            &json!({"event": "attempt_ended", "attempt": attempt, "outcome": outcome_name, "reason": reason, "new_link": more}),
        );
        if more {
            out.info(&format!("{reason} Creating a new link."));
        } else {
            out.info(&reason);
        }
    }
    if let Some(receiver) = receiver {
        receiver.stop().await;
    }
    match result {
        Some(person) => {
            report(out, &person, &cx);
            Ok(exit::OK)
        }
        None => Err(CliError {
            exit_code: exit::FAILED,
            code: "ERR_NOT_VALIDATED",
            message: format!("the person was not validated in {} session(s)", args.sessions),
        }),
    }
}

/// Waits for this session's outcome: a callback at the receiver, a pasted address, or the
/// link's expiry (`None`). A pass of this person ends the wait whichever of the run's links it
/// came through; another person's pass, and anything but a pass of another session (an earlier
/// link opened late, a stray or malformed address), is reported and ignored. Without a
/// receiver, stdin closing leaves no way to complete: a usage error, not a wait for every link.
async fn wait_for_outcome(
    client: &Client,
    reference: &str,
    session: &seedance_assets::ValidationSession,
    countdown: &Countdown,
    callbacks: &mut mpsc::UnboundedReceiver<Callback>,
    pasted: &mut mpsc::UnboundedReceiver<String>,
    out: &Output,
) -> Result<Option<Outcome>, CliError> {
    let paste_only = callbacks.is_closed();
    let mut paste_open = true;
    let left = (session.expires_at - Utc::now()).to_std().unwrap_or_default();
    let expiry = tokio::time::sleep(left);
    tokio::pin!(expiry);
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        let callback = tokio::select! {
            Some(callback) = callbacks.recv() => callback,
            line = pasted.recv(), if paste_open => match line {
                Some(line) => Callback::complete(client, &line).await,
                None if paste_only => return Err(CliError::usage(
                    "stdin closed before the callback address was pasted: without --listen, paste the address the person's browser landed on",
                )),
                None => {
                    paste_open = false;
                    continue;
                }
            },
            _ = &mut expiry => return Ok(None),
            _ = tick.tick() => {
                countdown.update(session);
                continue;
            }
        };
        let this_session = callback.is_for(&session.byted_token);
        match callback.outcome {
            Outcome::Passed(person) if person.reference.as_deref() != Some(reference) => {
                out.info(&format!(
                    "A callback validated another person ({}); still waiting.",
                    person.reference.as_deref().unwrap_or("no reference")
                ));
            }
            Outcome::Invalid(message) => out.info(&format!("Ignored a callback: {message}")),
            outcome @ Outcome::Passed(_) => return Ok(Some(outcome)),
            outcome if !this_session => out.info(&format!(
                "Ignored a callback of an earlier or another session ({}); still waiting for this link.",
                outcome.name()
            )),
            outcome => return Ok(Some(outcome)),
        }
    }
}

/// Lines typed or pasted on stdin (bounded), until it closes.
fn paste_reader() -> mpsc::UnboundedReceiver<String> {
    let (lines, received) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut reader = tokio::io::BufReader::new(tokio::io::stdin());
        let mut line = String::new();
        loop {
            line.clear();
            match (&mut reader).take(MAX_PASTE as u64).read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {
                    let text = line.trim();
                    if !text.is_empty() && lines.send(text.to_string()).is_err() {
                        return;
                    }
                }
            }
        }
    });
    received
}

fn report(out: &Output, person: &Person, cx: &Context) {
    let journal = cx.journal().map(|j| j.location().to_string()).unwrap_or_default();
    out.json(&json!({
        "event": "validated",
        "ok": true,
        "reference": person.reference,
        "group_id": person.group_id,
        "validated_at": crate::output::time(&person.validated_at),
        "journal": journal,
    }));
    out.info(&format!(
        "{} {} is validated; journaled in {journal}.",
        out.good("✓"),
        person.reference.as_deref().unwrap_or("the person")
    ));
    out.result(&format!("GroupId: {}", person.group_id));
}
