//! Where and how things are printed: human text (colour and live displays only on a terminal
//! without `NO_COLOR`), or JSON with a stable schema (`--json`), or results only (`--quiet`).

use std::io::{IsTerminal, Write};

use serde_json::{json, Value};

use crate::exit::CliError;

/// The output settings of one run; cheap to clone.
#[derive(Debug, Clone)]
pub struct Output {
    /// `--json`: JSON documents on stdout, nothing else there.
    pub json: bool,
    /// `--quiet`: results and errors only.
    pub quiet: bool,
    /// Bars and live countdowns (on stderr): stderr is a terminal, `NO_COLOR` unset, neither
    /// `--json` nor `--quiet`.
    pub live: bool,
    /// Colours: as `live`, and stdout a terminal too (`doctor | tee log` keeps no escape codes).
    color: bool,
    /// Colours on stderr: it is a terminal and `NO_COLOR` is unset (the QR code is painted
    /// then, even with `--quiet`).
    pub stderr_color: bool,
}

impl Output {
    /// The settings for these flags and this process's terminal and environment.
    pub fn new(json: bool, quiet: bool) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let stderr_color = !no_color && std::io::stderr().is_terminal();
        let live = !json && !quiet && stderr_color;
        let color = live && std::io::stdout().is_terminal();
        Self {
            json,
            quiet,
            live,
            color,
            stderr_color,
        }
    }

    /// Whether human text (not only results) is shown.
    pub fn chatty(&self) -> bool {
        !self.json && !self.quiet
    }

    /// An informational line on stderr (not with `--json` or `--quiet`).
    pub fn info(&self, line: &str) {
        if self.chatty() {
            eprintln!("{line}");
        }
    }

    /// A human result line on stdout (not with `--json`).
    pub fn result(&self, line: &str) {
        if !self.json {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
        }
    }

    /// A JSON document (one line) on stdout, with `--json` only.
    pub fn json(&self, value: &Value) {
        if self.json {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{value}");
            let _ = out.flush();
        }
    }

    /// `text` in green (success) when colours are on.
    pub fn good(&self, text: &str) -> String {
        self.paint("32", text)
    }

    /// `text` in red (failure) when colours are on.
    pub fn bad(&self, text: &str) -> String {
        self.paint("31", text)
    }

    /// `text` in bold when colours are on.
    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Reports the error a run ended with.
    pub fn error(&self, error: &CliError) {
        if self.json {
            self.json(&json!({
                "ok": false,
                "error": { "code": error.code, "message": error.message, "exit_code": error.exit_code },
            }));
        } else {
            eprintln!("{} {}", self.bad("error:"), error.message);
        }
    }

    /// Reports a run ended by Ctrl-C.
    pub fn interrupted(&self) {
        let error = CliError {
            exit_code: crate::exit::INTERRUPTED,
            code: "ERR_ABORTED",
            message: "interrupted".into(),
        };
        self.error(&error);
    }
}

/// A time as every JSON document spells it: RFC 3339 in UTC with `Z`, as the journal's records
/// serialise.
pub fn time(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// Rows as aligned columns under a header (two spaces between columns).
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(cell.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c:<width$}", width = widths[i]))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = vec![line(header.to_vec())];
    out.extend(rows.iter().map(|r| line(r.iter().map(String::as_str).collect())));
    out.join("\n")
}
