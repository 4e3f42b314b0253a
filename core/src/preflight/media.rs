//! Reading media headers from bytes already fetched: which format a file is, and its
//! dimensions, duration and frame rate. No I/O here; `probe.rs` fetches the bytes.

use std::io::Cursor;

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// A still image (`imagesize` reads it).
    Image,
    /// An ISO base media file: MP4 or QuickTime.
    Movie,
    /// MP3 or WAV.
    Audio,
    /// An HTML (or XML) page: a login or error page where media was expected.
    Html,
    /// Nothing this crate recognises.
    Unknown,
}

/// Brands of ISO files that are HEIF images rather than movies.
const HEIF_BRANDS: [&[u8; 4]; 8] = [
    b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis",
];

/// The family and lower-case format name of a file from its first bytes.
pub(crate) fn sniff(head: &[u8]) -> (Family, String) {
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        let brand = &head[8..12];
        if !HEIF_BRANDS.iter().any(|b| &b[..] == brand) {
            let format = if brand == b"qt  " { "mov" } else { "mp4" };
            return (Family::Movie, format.to_string());
        }
    }
    if let Ok(kind) = imagesize::image_type(head) {
        return (Family::Image, image_format(kind));
    }
    if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WAVE" {
        return (Family::Audio, "wav".into());
    }
    if head.starts_with(b"ID3") || (head.len() >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0) {
        return (Family::Audio, "mp3".into());
    }
    if looks_like_html(head) {
        return (Family::Html, "html".into());
    }
    (Family::Unknown, "unknown".into())
}

fn image_format(kind: imagesize::ImageType) -> String {
    use imagesize::ImageType;
    match kind {
        ImageType::Jpeg => "jpeg".into(),
        ImageType::Png => "png".into(),
        ImageType::Webp => "webp".into(),
        ImageType::Bmp => "bmp".into(),
        ImageType::Tiff => "tiff".into(),
        ImageType::Gif => "gif".into(),
        ImageType::Heif(_) => "heic".into(),
        other => format!("{other:?}").to_ascii_lowercase(),
    }
}

/// Whether the bytes start (after white space and a byte-order mark) like a web page.
pub(crate) fn looks_like_html(head: &[u8]) -> bool {
    let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let lower: Vec<u8> = text[start..]
        .iter()
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || lower.starts_with(b"<?xml")
        || lower.starts_with(b"<head")
        || lower.starts_with(b"<body")
}

/// What was measured of a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Measured {
    pub width: Option<u64>,
    pub height: Option<u64>,
    pub duration: Option<f64>,
    pub fps: Option<f64>,
}

/// An image's dimensions from its first bytes.
pub(crate) fn image(head: &[u8]) -> Result<Measured, String> {
    let size = imagesize::blob_size(head).map_err(|e| format!("cannot read the image header: {e}"))?;
    Ok(Measured {
        width: Some(size.width as u64),
        height: Some(size.height as u64),
        ..Measured::default()
    })
}

/// A top-level box of an ISO file: its type, where it starts, and its length (`None`: to the
/// end of the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BoxHeader {
    pub kind: [u8; 4],
    pub offset: u64,
    pub length: Option<u64>,
}

/// The box header at the start of `bytes` (8 or 16 bytes), found at `offset` of the file.
pub(crate) fn box_header(bytes: &[u8], offset: u64) -> Option<BoxHeader> {
    let size = u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?);
    let kind: [u8; 4] = bytes.get(4..8)?.try_into().ok()?;
    let length = match size {
        0 => None,
        1 => Some(u64::from_be_bytes(bytes.get(8..16)?.try_into().ok()?)),
        n => Some(u64::from(n)),
    };
    // A box shorter than its own header would loop forever.
    if length.is_some_and(|l| l < 8) {
        return None;
    }
    Some(BoxHeader { kind, offset, length })
}

/// Duration, dimensions and frame rate from an MP4/MOV's `ftyp` and `moov` boxes, the only
/// parts of the file read (the media data is never fetched).
pub(crate) fn movie(ftyp: &[u8], moov: &[u8]) -> Result<Measured, String> {
    let mut bytes = Vec::with_capacity(ftyp.len() + moov.len());
    bytes.extend_from_slice(ftyp);
    bytes.extend_from_slice(moov);
    let size = bytes.len() as u64;
    let reader = mp4::Mp4Reader::read_header(Cursor::new(bytes), size)
        .map_err(|e| format!("cannot read the movie's index: {e}"))?;
    let video = reader
        .tracks()
        .values()
        .find(|t| matches!(t.track_type(), Ok(mp4::TrackType::Video)))
        .ok_or_else(|| "the movie has no video track".to_string())?;
    let track_seconds = video.duration().as_secs_f64();
    let movie_seconds = reader.duration().as_secs_f64();
    let duration = if movie_seconds > 0.0 {
        movie_seconds
    } else {
        track_seconds
    };
    let fps = (track_seconds > 0.0).then(|| f64::from(video.sample_count()) / track_seconds);
    Ok(Measured {
        width: Some(u64::from(video.width())),
        height: Some(u64::from(video.height())),
        duration: Some(duration),
        fps,
    })
}

/// An MP3's or WAV's duration from its first bytes (WAV: the data chunk's size; MP3: the
/// Xing/Info header most encoders write; without one it stays unmeasured).
pub(crate) fn audio(head: &[u8], format: &str) -> Result<Measured, String> {
    use symphonia::core::formats::FormatOptions;
    use symphonia::core::io::MediaSourceStream;
    use symphonia::core::meta::MetadataOptions;
    use symphonia::core::probe::Hint;

    let source = MediaSourceStream::new(Box::new(Cursor::new(head.to_vec())), Default::default());
    let mut hint = Hint::new();
    hint.with_extension(format);
    let probed = symphonia::default::get_probe()
        .format(
            &hint,
            source,
            &FormatOptions::default(),
            &MetadataOptions::default(),
        )
        .map_err(|e| format!("cannot read the audio header: {e}"))?;
    let track = probed
        .format
        .default_track()
        .ok_or_else(|| "the file has no audio track".to_string())?;
    let params = &track.codec_params;
    let duration = match (params.n_frames, params.time_base, params.sample_rate) {
        (Some(frames), Some(base), _) => {
            let time = base.calc_time(frames);
            Some(time.seconds as f64 + time.frac)
        }
        (Some(frames), None, Some(rate)) if rate > 0 => Some(frames as f64 / f64::from(rate)),
        _ => None,
    };
    Ok(Measured {
        duration,
        ..Measured::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_pages_and_box_headers() {
        assert!(looks_like_html(b"\n  <!DOCTYPE html><html>"));
        assert!(!looks_like_html(b"\x89PNG"));
        assert_eq!(sniff(b"<html><body>log in</body></html>").0, Family::Html);
        let header = box_header(&[0, 0, 0, 16, b'm', b'o', b'o', b'v'], 40).unwrap();
        assert_eq!(
            (header.kind, header.offset, header.length),
            (*b"moov", 40, Some(16))
        );
        assert_eq!(box_header(&[0, 0, 0, 4, b'f', b'r', b'e', b'e'], 0), None);
    }
}
