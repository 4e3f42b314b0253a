//! Preflight: whether upstream will accept an asset, judged before an upload is spent on it.
//!
//! [`Client::preflight`] fetches only what it needs of the asset's URL (a HEAD, a ranged GET of
//! the head and, for an MP4/MOV whose index is at the end, of the index), within a byte and a
//! time budget, and judges it against a [`Profile`] (by default the published limits). Private,
//! loopback and link-local hosts are refused before any connection unless allowed.

mod address;
mod judge;
mod media;
mod probe;
mod profile;
mod report;

use std::time::Duration;

use url::Url;

use crate::client::Client;
use crate::errors::Error;
use crate::models::AssetType;
use media::{Family, Measured};
use probe::{Fetcher, Stop};

pub use profile::{Limits, Profile, ProfileSource, Reading};
pub use report::{Finding, PreflightReport};

/// The first bytes read of every asset: enough for any image header, an audio header, and
/// an MP4/MOV whose index comes first.
pub const HEAD_BYTES: u64 = 128 * 1024;
/// The default most bytes a preflight reads (the head plus an MP4/MOV's index).
pub const DEFAULT_MAX_BYTES: u64 = 4 * 1024 * 1024;
/// The default time a preflight may take, every request and redirect included.
pub const DEFAULT_PREFLIGHT_TIMEOUT: Duration = Duration::from_secs(20);
/// Boxes of an MP4/MOV walked at most looking for its index.
const MAX_BOXES: usize = 64;

/// How one preflight runs; unset fields take the client's settings and the defaults.
#[derive(Debug, Clone, Default)]
pub struct PreflightOptions {
    /// Fetch from loopback and private-network hosts (as a warning). `None`: the client's
    /// setting ([`crate::ClientBuilder::allow_private_hosts`]).
    pub allow_private_hosts: Option<bool>,
    /// The limits to judge by; `None`: the client's profile, else [`Profile::published`].
    pub profile: Option<Profile>,
    /// The whole preflight's time budget (default [`DEFAULT_PREFLIGHT_TIMEOUT`]).
    pub timeout: Option<Duration>,
    /// The most bytes read (default [`DEFAULT_MAX_BYTES`]).
    pub max_bytes: Option<u64>,
}

impl Client {
    /// Judges the asset at `asset_url` against the client's profile (by default the published
    /// limits) without uploading it. Problems with the asset are in the report (`ok` false);
    /// only a malformed argument is an error.
    pub async fn preflight(&self, asset_url: &str, asset_type: AssetType) -> Result<PreflightReport, Error> {
        self.preflight_with(asset_url, asset_type, &PreflightOptions::default())
            .await
    }

    /// [`Client::preflight`] with options.
    pub async fn preflight_with(
        &self,
        asset_url: &str,
        asset_type: AssetType,
        options: &PreflightOptions,
    ) -> Result<PreflightReport, Error> {
        crate::validate::http_url("asset_url", asset_url)?;
        let url = Url::parse(asset_url).map_err(|e| Error::invalid("asset_url", e.to_string()))?;
        let profile = options
            .profile
            .clone()
            .or_else(|| self.preflight_profile.as_deref().cloned())
            .unwrap_or_default();
        let allow_private = options.allow_private_hosts.unwrap_or(self.allow_private_hosts);
        let mut fetcher = Fetcher::new(
            allow_private,
            options.timeout.unwrap_or(DEFAULT_PREFLIGHT_TIMEOUT),
            options.max_bytes.unwrap_or(DEFAULT_MAX_BYTES),
        );
        let mut report = PreflightReport::empty(asset_type, &profile.name);
        if let Err(stop) = examine(&mut fetcher, &url, &profile, &mut report).await {
            report.violations.push(stop);
        }
        let mut warnings = std::mem::take(&mut fetcher.warnings);
        warnings.append(&mut report.warnings);
        report.warnings = warnings;
        report.bytes_read = fetcher.bytes_read;
        report.redirects = fetcher.redirects;
        report.ok = report.violations.is_empty();
        Ok(report)
    }

    /// Judges the local file at `path` as [`Client::preflight`] judges a URL, reading only the
    /// file (no network): its format, size, dimensions, duration and frame rate. A file that
    /// does not exist or cannot be read is a violation (`readable`) in the report.
    pub async fn preflight_file(
        &self,
        path: impl AsRef<std::path::Path>,
        asset_type: AssetType,
    ) -> Result<PreflightReport, Error> {
        let path = path.as_ref();
        let url = Url::from_file_path(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
            .map_err(|()| Error::invalid("file", format!("{} is not a usable path", path.display())))?;
        let profile = self.profile();
        let mut fetcher = Fetcher::local(path, DEFAULT_PREFLIGHT_TIMEOUT, DEFAULT_MAX_BYTES);
        let mut report = PreflightReport::empty(asset_type, &profile.name);
        if let Err(stop) = examine(&mut fetcher, &url, &profile, &mut report).await {
            report.violations.push(stop);
        }
        report.bytes_read = fetcher.bytes_read;
        report.ok = report.violations.is_empty();
        Ok(report)
    }

    /// Preflights a local file about to be staged: `PreflightError` if it fails.
    pub(crate) async fn refuse_failing_file(
        &self,
        path: &std::path::Path,
        asset_type: AssetType,
    ) -> Result<(), Error> {
        refused_unless_ok(self.preflight_file(path, asset_type).await?)
    }

    /// Preflights an asset about to be uploaded: `PreflightError` if it fails.
    pub(crate) async fn refuse_failing(&self, asset_url: &str, asset_type: AssetType) -> Result<(), Error> {
        refused_unless_ok(self.preflight(asset_url, asset_type).await?)
    }
}

/// `PreflightError` carrying `report` unless it is ok.
fn refused_unless_ok(report: PreflightReport) -> Result<(), Error> {
    if report.ok {
        Ok(())
    } else {
        Err(Error::Preflight {
            report: Box::new(report),
        })
    }
}

/// Fetches what is needed and fills `report`; a returned `Stop` is the violation that ended it.
async fn examine(
    fetcher: &mut Fetcher,
    url: &Url,
    profile: &Profile,
    report: &mut PreflightReport,
) -> Result<(), Stop> {
    // The HEAD finds the final URL and the size; some hosts refuse HEAD (a presigned URL signed
    // for GET only), so its status decides nothing: the ranged GET's does.
    let (url, head_answer) = fetcher.head(url).await?;
    let (head, answer) = fetcher.range(&url, 0, HEAD_BYTES).await?;
    report.http_status = Some(answer.status);
    report.content_type = answer.content_type.clone().or(head_answer.content_type);
    report.size_bytes = answer.total.or(head_answer.total);
    if !(200..300).contains(&answer.status) {
        return Err(Finding::new(
            "reachable",
            "HTTP 200 (or 206)",
            format!("HTTP {}", answer.status),
        ));
    }
    let html_type = report
        .content_type
        .as_deref()
        .is_some_and(|t| t.to_ascii_lowercase().contains("html"));
    let (family, format) = media::sniff(&head);
    if html_type || family == Family::Html {
        return Err(Finding::new(
            "content_type",
            "the media file itself",
            "an HTML page (a login or error page?)".to_string(),
        ));
    }
    report.format = Some(format.clone());
    let kind = asset_type_word(report.asset_type);
    let limits = profile.limits(report.asset_type);
    let mut judge = judge::Judge {
        kind,
        limits,
        violations: &mut report.violations,
        warnings: &mut report.warnings,
    };
    judge.format(&format);
    let expected = match report.asset_type {
        AssetType::Image => Family::Image,
        AssetType::Video => Family::Movie,
        AssetType::Audio => Family::Audio,
    };
    if family != expected {
        // Already a format violation; its other limits do not apply to what it is.
        return Ok(());
    }
    let measured = match family {
        Family::Image => media::image(&head).map(Some),
        Family::Movie => movie(fetcher, &url, &head, report.size_bytes, &mut *judge.warnings).await?,
        _ => media::audio(&head, &format).map(Some),
    };
    let measured = match measured {
        Ok(Some(measured)) => measured,
        Ok(None) => Measured::default(),
        Err(problem) => {
            return Err(Finding::new(
                "readable",
                format!("a readable {format} file"),
                problem,
            ));
        }
    };
    if family == Family::Audio && measured.duration.is_none() {
        judge.warnings.push(Finding::new(
            "audio.duration",
            "a measurable duration",
            "not stated in the header (no Xing/Info header): not checked".to_string(),
        ));
    }
    judge.numbers(
        report.size_bytes,
        measured.width,
        measured.height,
        measured.duration,
        measured.fps,
    );
    if report.size_bytes.is_none() {
        report.warnings.push(Finding::new(
            format!("{kind}.max_bytes"),
            "a stated size",
            "the server sent no length: not checked".to_string(),
        ));
    }
    report.width = measured.width;
    report.height = measured.height;
    report.pixels = measured.width.zip(measured.height).map(|(w, h)| w * h);
    report.duration = measured.duration;
    report.fps = measured.fps;
    Ok(())
}

/// An MP4/MOV's measurements: its top-level boxes walked (headers fetched where the head ends)
/// to the `moov` index, which alone is fetched. `Ok(Ok(None))`: the index does not fit the
/// byte budget (a warning is added).
async fn movie(
    fetcher: &mut Fetcher,
    url: &Url,
    head: &[u8],
    total: Option<u64>,
    warnings: &mut Vec<Finding>,
) -> Result<Result<Option<Measured>, String>, Stop> {
    let ftyp = match media::box_header(head, 0) {
        Some(h) if &h.kind == b"ftyp" => h.length.and_then(|l| head.get(..l as usize)),
        _ => None,
    };
    let Some(ftyp) = ftyp else {
        return Ok(Err("no readable ftyp box at the start".into()));
    };
    // Everything was read when the server sent less than asked for.
    let whole = (head.len() as u64) < HEAD_BYTES || total == Some(head.len() as u64);
    let end = total.or(whole.then_some(head.len() as u64));
    let mut offset: u64 = 0;
    for _ in 0..MAX_BOXES {
        if end.is_some_and(|end| offset >= end) {
            break;
        }
        let fetched;
        let header_bytes = match head.get(offset as usize..) {
            Some(rest) if rest.len() >= 16 || (whole && rest.len() >= 8) => rest,
            _ => {
                fetched = fetcher.range(url, offset, 16).await?.0;
                &fetched[..]
            }
        };
        let Some(header) = media::box_header(header_bytes, offset) else {
            return Ok(Err(format!("an unreadable box at byte {offset}")));
        };
        let length = header.length.or(end.map(|e| e - offset));
        if &header.kind == b"moov" {
            let Some(length) = length else {
                return Ok(Err("the index's length is unknown".into()));
            };
            let moov = match head.get(offset as usize..(offset + length) as usize) {
                Some(inside) => inside.to_vec(),
                None if length > fetcher.budget_left() => {
                    warnings.push(Finding::new(
                        "byte_budget",
                        format!("an index within {} bytes", fetcher.budget_left()),
                        format!("{length} bytes: not measured"),
                    ));
                    return Ok(Ok(None));
                }
                None => fetcher.range(url, offset, length).await?.0,
            };
            if (moov.len() as u64) < length {
                return Ok(Err("the index was cut short".into()));
            }
            return Ok(media::movie(ftyp, &moov).map(Some));
        }
        match length {
            Some(length) => offset += length,
            None => break,
        }
    }
    Ok(Err("no index (moov box) found".into()))
}

/// The asset type and lower-case format a file's first bytes say it is (`None`: not media;
/// the format then says what it looks like, e.g. `html` or `unknown`).
pub(crate) fn sniff(head: &[u8]) -> (Option<AssetType>, String) {
    let (family, format) = media::sniff(head);
    let asset_type = match family {
        Family::Image => Some(AssetType::Image),
        Family::Movie => Some(AssetType::Video),
        Family::Audio => Some(AssetType::Audio),
        Family::Html | Family::Unknown => None,
    };
    (asset_type, format)
}

fn asset_type_word(asset_type: AssetType) -> &'static str {
    match asset_type {
        AssetType::Image => "image",
        AssetType::Video => "video",
        AssetType::Audio => "audio",
    }
}
