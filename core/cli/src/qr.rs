//! The hand-off screen: the H5 link as a QR code and in full (the one place the CLI shows a
//! secret: it is meant for the person), and the live countdown to its expiry.

use std::time::Duration;

use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};
use seedance_assets::ValidationSession;
use serde_json::json;

use crate::exit::CliError;
use crate::output::Output;

/// Shows `session`'s link: a QR code and the link on stderr (even with `--quiet`: without it
/// nobody can be validated), or a JSON event with `--json`.
pub fn show(out: &Output, session: &ValidationSession, attempt: u32) -> Result<(), CliError> {
    if out.json {
        out.json(&json!({
            "event": "session",
            "attempt": attempt,
            "h5_link": session.h5_link,
            "expires_at": crate::output::time(&session.expires_at),
            "callback_url": session.callback_url,
        }));
        return Ok(());
    }
    // Painted where colours show, so a light terminal does not invert it; else drawn for a
    // dark one, the common case.
    let drawing = if out.stderr_color {
        session.qr_terminal_painted()?
    } else {
        session.qr_terminal()?
    };
    eprintln!();
    eprintln!(
        "{}",
        out.bold("Scan with the person's phone (or send them the link):")
    );
    eprintln!("{drawing}");
    eprintln!("{}", session.h5_link);
    eprintln!(
        "Link valid until {} UTC ({} s).",
        session.expires_at.format("%H:%M:%S"),
        seconds_left(session)
    );
    Ok(())
}

/// Seconds until the session's link expires (0 once expired).
pub fn seconds_left(session: &ValidationSession) -> u64 {
    (session.expires_at - Utc::now()).num_seconds().max(0) as u64
}

/// The time until the link expires, on the terminal's last line, updated every second.
pub struct Countdown {
    bar: Option<ProgressBar>,
    hint: &'static str,
}

impl Countdown {
    /// Starts it (a live line on a terminal; a single line otherwise).
    pub fn start(out: &Output, session: &ValidationSession, hint: &'static str) -> Self {
        let bar = out.live.then(|| {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        let countdown = Self { bar, hint };
        if countdown.bar.is_none() && out.chatty() {
            eprintln!("Waiting for the person{hint}.");
        }
        countdown.update(session);
        countdown
    }

    /// Shows the time left now.
    pub fn update(&self, session: &ValidationSession) {
        if let Some(bar) = &self.bar {
            let left = seconds_left(session);
            bar.set_message(format!(
                "expires in {}:{:02} — waiting for the person{}",
                left / 60,
                left % 60,
                self.hint
            ));
        }
    }

    /// Removes the live line.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
