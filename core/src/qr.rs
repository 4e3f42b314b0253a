//! QR codes of an H5 link, for handing it to the person: an SVG (notebooks, web pages) and a
//! block-character rendering for a terminal.

use qrcode::render::{svg, unicode};
use qrcode::{EcLevel, QrCode};

use crate::errors::Error;
use crate::models::ValidationSession;

/// The QR code of `text`, medium error correction (a phone screen photographed at an angle
/// still reads).
fn code(text: &str) -> Result<QrCode, Error> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| Error::invalid("h5_link", format!("cannot be drawn as a QR code: {e}")))
}

/// `text` as a standalone SVG document (black on white, with the quiet zone scanners need).
pub fn qr_svg(text: &str) -> Result<String, Error> {
    Ok(code(text)?
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

/// `text` as lines of half-block characters, two modules per character cell, drawn for a
/// dark-background terminal: a light module is a block (`█`, `▀`, `▄`), a dark one a space.
pub fn qr_terminal(text: &str) -> Result<String, Error> {
    Ok(code(text)?
        .render::<unicode::Dense1x2>()
        .dark_color(unicode::Dense1x2::Light)
        .light_color(unicode::Dense1x2::Dark)
        .quiet_zone(true)
        .build())
}

/// The colours [`qr_terminal_painted`] sets: bright white characters on black (ANSI).
const PAINT: &str = "\x1b[97;40m";

/// The end of a painted line: the terminal's own colours again.
const RESET: &str = "\x1b[0m";

/// [`qr_terminal`] with its colours set on every line (white blocks on black), so it reads the
/// same on a light terminal as on a dark one; for a terminal that shows colours.
pub fn qr_terminal_painted(text: &str) -> Result<String, Error> {
    Ok(qr_terminal(text)?
        .lines()
        .map(|line| format!("{PAINT}{line}{RESET}"))
        .collect::<Vec<_>>()
        .join("\n"))
}

impl ValidationSession {
    /// The H5 link as a QR code in SVG, for the person to scan.
    pub fn qr_svg(&self) -> Result<String, Error> {
        qr_svg(&self.h5_link)
    }

    /// The H5 link as a QR code of block characters for a dark-background terminal.
    pub fn qr_terminal(&self) -> Result<String, Error> {
        qr_terminal(&self.h5_link)
    }

    /// The H5 link as a QR code of block characters painted white on black, for any terminal
    /// that shows colours (a light one too).
    pub fn qr_terminal_painted(&self) -> Result<String, Error> {
        qr_terminal_painted(&self.h5_link)
    }

    /// The hand-off as an HTML fragment (a notebook's display of a session): the QR code, the
    /// link and when it expires.
    pub fn handoff_html(&self) -> Result<String, Error> {
        let link = escape_html(&self.h5_link);
        Ok(format!(
            "<div class=\"seedance-validation-session\" style=\"font-family:sans-serif\">\
<div style=\"width:220px\">{svg}</div>\
<p>Scan with the person's phone or open: <a href=\"{link}\" target=\"_blank\" rel=\"noopener noreferrer\">{link}</a></p>\
<p>Expires at {expires} UTC.</p></div>",
            svg = self.qr_svg()?,
            expires = self.expires_at.format("%Y-%m-%d %H:%M:%S"),
        ))
    }
}

/// `text` with the characters HTML gives meaning to escaped.
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
