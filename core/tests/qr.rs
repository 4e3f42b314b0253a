//! The QR codes of a session's H5 link (SVG, terminal, painted terminal) decode back to exactly
//! the link, and the notebook display carries the code, the link and the expiry.

mod common;

use common::*;
use seedance_assets::{CreateSession, Language, ValidationSession};

/// The text of the one QR code in a greyscale image.
fn decode(width: usize, height: usize, pixel: impl FnMut(usize, usize) -> u8) -> String {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, pixel);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code expected");
    grids[0].decode().expect("a readable QR code").1
}

fn decode_svg(svg: &str) -> String {
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default()).expect("valid SVG");
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).expect("a canvas");
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    let width = pixmap.width() as usize;
    let data = pixmap.data().to_vec();
    decode(width, pixmap.height() as usize, |x, y| data[(y * width + x) * 4])
}

/// Block characters: the upper and lower half of each cell lit (a light module) or not.
fn decode_terminal(text: &str) -> String {
    const SCALE: usize = 4;
    let rows: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let light = |x: usize, y: usize| {
        let c = rows.get(y / 2).and_then(|r| r.get(x)).copied().unwrap_or(' ');
        if y % 2 == 0 {
            matches!(c, '█' | '▀')
        } else {
            matches!(c, '█' | '▄')
        }
    };
    // A margin of light modules around the drawing, as a dark terminal's background is not.
    let (w, h) = (width + 8, rows.len() * 2 + 8);
    decode(w * SCALE, h * SCALE, |x, y| {
        let (mx, my) = (x / SCALE, y / SCALE);
        let inside = (4..width + 4).contains(&mx) && (4..rows.len() * 2 + 4).contains(&my);
        if !inside || light(mx - 4, my - 4) {
            255
        } else {
            0
        }
    })
}

/// A session of a fresh simulator (its H5 link is what the codes must carry).
async fn session(request: CreateSession) -> ValidationSession {
    let sim = simulator().await;
    client(&sim).create_validation_session(&request).await.unwrap()
}

#[tokio::test]
async fn svg_and_terminal_codes_decode_to_the_h5_link() {
    let session = session(CreateSession::new(CALLBACK).language(Language::En)).await;
    let svg = session.qr_svg().unwrap();
    assert!(svg.contains("<svg"), "{svg}");
    assert_eq!(decode_svg(&svg), session.h5_link);
    assert_eq!(decode_terminal(&session.qr_terminal().unwrap()), session.h5_link);
}

#[tokio::test]
async fn the_painted_terminal_code_is_white_on_black_on_every_line() {
    let session = session(CreateSession::new(CALLBACK)).await;
    let painted = session.qr_terminal_painted().unwrap();
    let lines: Vec<&str> = painted.lines().collect();
    assert_eq!(lines.len(), session.qr_terminal().unwrap().lines().count());
    let mut drawing = Vec::new();
    for line in lines {
        let inner = line
            .strip_prefix("\x1b[97;40m")
            .and_then(|l| l.strip_suffix("\x1b[0m"))
            .unwrap_or_else(|| panic!("a line not painted white on black: {line:?}"));
        assert!(!inner.contains('\x1b'), "{line:?}");
        drawing.push(inner);
    }
    assert_eq!(decode_terminal(&drawing.join("\n")), session.h5_link);
}

#[tokio::test]
async fn the_notebook_display_has_the_code_the_link_and_the_expiry() {
    let session = session(CreateSession::new(CALLBACK)).await;
    let html = session.handoff_html().unwrap();
    assert!(html.contains("<svg"));
    assert!(html.contains(&session.h5_link.replace('&', "&amp;")));
    assert!(html.contains(&session.expires_at.format("%H:%M:%S").to_string()));
}
