//! The network side of a preflight: HEAD, then ranged GETs, each hop's address checked and the
//! connection pinned to it, within a byte and a time budget.
//!
//! This HTTP client is not the API's: it never carries the API key or any header of the
//! service, and it uses no proxy from the environment (a proxy would connect elsewhere than
//! the checked address).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use reqwest::header::{HeaderMap, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, LOCATION, RANGE};
use reqwest::{Method, StatusCode};
use tokio::time::Instant;
use url::{Host, Url};

use super::address::{reach, Reach};
use super::Finding;

/// Redirects followed at most, each one checked like the first URL.
pub(crate) const MAX_REDIRECTS: u32 = 5;
/// The longest `Content-Type` kept in a report.
const MAX_CONTENT_TYPE: usize = 100;

/// Why a probe stopped: a violation that leaves nothing more to learn.
pub(crate) type Stop = Finding;

/// What the last response said about the file.
#[derive(Debug, Clone, Default)]
pub(crate) struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    /// The whole file's size, from `Content-Length` (HEAD, 200) or `Content-Range` (206).
    pub total: Option<u64>,
}

/// One preflight's fetching: its budgets, what it has read, and what it noticed on the way.
pub(crate) struct Fetcher {
    /// A local file read instead of the network (a file about to be staged).
    local: Option<std::path::PathBuf>,
    allow_private: bool,
    deadline: Instant,
    budget: u64,
    user_agent: String,
    /// Bytes of bodies read so far.
    pub bytes_read: u64,
    /// Redirects followed so far.
    pub redirects: u32,
    /// Warnings met on the way (plain http, a private host allowed).
    pub warnings: Vec<Finding>,
}

impl Fetcher {
    pub(crate) fn new(allow_private: bool, time_budget: Duration, byte_budget: u64) -> Self {
        Self {
            local: None,
            allow_private,
            deadline: Instant::now() + time_budget,
            budget: byte_budget,
            user_agent: format!("seedance-assets-preflight/{}", env!("CARGO_PKG_VERSION")),
            bytes_read: 0,
            redirects: 0,
            warnings: Vec::new(),
        }
    }

    /// A fetcher that reads the local file at `path` instead of a URL: no network at all.
    pub(crate) fn local(path: &std::path::Path, time_budget: Duration, byte_budget: u64) -> Self {
        Self {
            local: Some(path.to_path_buf()),
            ..Self::new(false, time_budget, byte_budget)
        }
    }

    /// Bytes that may still be read.
    pub(crate) fn budget_left(&self) -> u64 {
        self.budget.saturating_sub(self.bytes_read)
    }

    /// A HEAD of `url`; redirects followed and checked. Returns the final URL and its answer.
    pub(crate) async fn head(&mut self, url: &Url) -> Result<(Url, Answer), Stop> {
        if let Some(path) = &self.local {
            let size = tokio::fs::metadata(path).await.map_err(local_finding)?.len();
            let answer = Answer {
                status: 200,
                content_type: None,
                total: Some(size),
            };
            return Ok((url.clone(), answer));
        }
        let (url, response) = self.send(Method::HEAD, url, None).await?;
        let answer = answer(response.status(), response.headers(), None);
        Ok((url, answer))
    }

    /// Up to `length` bytes of `url` from `start` (a ranged GET, read no further than the
    /// budget allows), and the answer. A server that ignores ranges is read from the start
    /// only when `start` is 0.
    pub(crate) async fn range(
        &mut self,
        url: &Url,
        start: u64,
        length: u64,
    ) -> Result<(Vec<u8>, Answer), Stop> {
        let length = length.min(self.budget_left());
        if length == 0 {
            return Err(Finding::new(
                "byte_budget",
                format!("at most {} bytes read", self.budget),
                "exhausted".to_string(),
            ));
        }
        if let Some(path) = self.local.clone() {
            return self.read_local(&path, start, length).await;
        }
        let (_, mut response) = self
            .send(Method::GET, url, Some((start, start + length - 1)))
            .await?;
        let status = response.status();
        let answer = answer(status, response.headers(), Some(start));
        if status == StatusCode::RANGE_NOT_SATISFIABLE {
            return Ok((Vec::new(), answer));
        }
        if !status.is_success() || (status == StatusCode::OK && start > 0) {
            return Ok((Vec::new(), answer));
        }
        let mut body = Vec::new();
        while (body.len() as u64) < length {
            let chunk = tokio::time::timeout_at(self.deadline, response.chunk())
                .await
                .map_err(|_| self.out_of_time())?
                .map_err(unreachable_finding)?;
            let Some(chunk) = chunk else { break };
            let room = (length - body.len() as u64) as usize;
            body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        }
        self.bytes_read += body.len() as u64;
        // Dropping the response closes the connection: the rest of the body is never read.
        Ok((body, answer))
    }

    /// Up to `length` bytes of the local file at `path` from `start`, answered as a 206 would be.
    async fn read_local(
        &mut self,
        path: &std::path::Path,
        start: u64,
        length: u64,
    ) -> Result<(Vec<u8>, Answer), Stop> {
        use tokio::io::{AsyncReadExt, AsyncSeekExt};
        let mut file = tokio::fs::File::open(path).await.map_err(local_finding)?;
        let total = file.metadata().await.map_err(local_finding)?.len();
        file.seek(std::io::SeekFrom::Start(start))
            .await
            .map_err(local_finding)?;
        let mut body = Vec::new();
        file.take(length)
            .read_to_end(&mut body)
            .await
            .map_err(local_finding)?;
        self.bytes_read += body.len() as u64;
        let answer = Answer {
            status: 206,
            content_type: None,
            total: Some(total),
        };
        Ok((body, answer))
    }

    /// Sends one request, following at most [`MAX_REDIRECTS`] redirects, each hop's address
    /// checked before any connection.
    async fn send(
        &mut self,
        method: Method,
        url: &Url,
        range: Option<(u64, u64)>,
    ) -> Result<(Url, reqwest::Response), Stop> {
        let mut url = url.clone();
        let mut hops = 0;
        loop {
            let addresses = self.check(&url).await?;
            let client = self.pinned_client(&url, &addresses)?;
            let mut request = client.request(method.clone(), url.clone());
            if let Some((first, last)) = range {
                request = request.header(RANGE, format!("bytes={first}-{last}"));
            }
            let response = tokio::time::timeout_at(self.deadline, request.send())
                .await
                .map_err(|_| self.out_of_time())?
                .map_err(unreachable_finding)?;
            if !response.status().is_redirection() {
                return Ok((url, response));
            }
            let Some(location) = response.headers().get(LOCATION).and_then(|l| l.to_str().ok()) else {
                return Ok((url, response));
            };
            hops += 1;
            if hops > MAX_REDIRECTS {
                return Err(Finding::new(
                    "redirects",
                    format!("at most {MAX_REDIRECTS}"),
                    format!("more than {MAX_REDIRECTS}"),
                ));
            }
            let next = url.join(location).map_err(|_| {
                Finding::new(
                    "redirects",
                    "a valid Location",
                    "an unreadable Location header".to_string(),
                )
            })?;
            self.redirects = self.redirects.max(hops);
            url = next;
        }
    }

    /// The addresses `url` may be fetched from: its scheme checked, its host resolved here and
    /// every address classified. Nothing is connected to before this passes.
    async fn check(&mut self, url: &Url) -> Result<Vec<SocketAddr>, Stop> {
        match url.scheme() {
            "https" => {}
            "http" => self.warn(Finding::new("scheme", "https", "http".to_string())),
            other => return Err(Finding::new("scheme", "https", other.to_string())),
        }
        let port = url.port_or_known_default().unwrap_or(443);
        let addresses: Vec<SocketAddr> = match url.host() {
            Some(Host::Ipv4(ip)) => vec![SocketAddr::new(IpAddr::V4(ip), port)],
            Some(Host::Ipv6(ip)) => vec![SocketAddr::new(IpAddr::V6(ip), port)],
            Some(Host::Domain(name)) => {
                let lookup = tokio::net::lookup_host((name, port));
                tokio::time::timeout_at(self.deadline, lookup)
                    .await
                    .map_err(|_| self.out_of_time())?
                    .map_err(|e| {
                        Finding::new(
                            "reachable",
                            "a host that resolves",
                            format!("{name} does not resolve ({e})"),
                        )
                    })?
                    .take(16)
                    .collect()
            }
            None => {
                return Err(Finding::new(
                    "reachable",
                    "a URL with a host",
                    "no host".to_string(),
                ))
            }
        };
        if addresses.is_empty() {
            return Err(Finding::new(
                "reachable",
                "a host that resolves",
                "no address".to_string(),
            ));
        }
        let host = url.host_str().unwrap_or_default();
        for address in &addresses {
            let ip = address.ip().to_string();
            let place = if host.trim_matches(['[', ']']) == ip {
                ip
            } else {
                format!("{host} is {ip}")
            };
            match reach(address.ip()) {
                Reach::Public => {}
                Reach::Forbidden(what) => {
                    return Err(Finding::new(
                        "host",
                        "a public address",
                        format!("{place} ({what})"),
                    ));
                }
                Reach::Private(what) if self.allow_private => {
                    let allowed = Finding::new(
                        "host",
                        "a public address (private allowed)",
                        format!("{place} ({what})"),
                    );
                    self.warn(allowed);
                }
                Reach::Private(what) => {
                    return Err(Finding::new(
                        "host",
                        "a public address",
                        format!("{place} ({what})"),
                    ));
                }
            }
        }
        Ok(addresses)
    }

    /// A client that connects to `url`'s host at the checked addresses only.
    fn pinned_client(&self, url: &Url, addresses: &[SocketAddr]) -> Result<reqwest::Client, Stop> {
        crate::tls::install_provider();
        let mut builder = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .user_agent(self.user_agent.clone())
            .connect_timeout(
                self.deadline
                    .saturating_duration_since(Instant::now())
                    .max(Duration::from_millis(1)),
            )
            .pool_max_idle_per_host(0);
        if let Some(Host::Domain(name)) = url.host() {
            builder = builder.resolve_to_addrs(name, addresses);
        }
        builder
            .build()
            .map_err(|e| Finding::new("reachable", "an HTTP client", format!("cannot build one: {e}")))
    }

    fn warn(&mut self, finding: Finding) {
        if !self.warnings.contains(&finding) {
            self.warnings.push(finding);
        }
    }

    fn out_of_time(&self) -> Finding {
        Finding::new(
            "time_budget",
            "an answer within the time budget",
            "timed out".to_string(),
        )
    }
}

/// Status, content type and total size from a response's headers.
fn answer(status: StatusCode, headers: &HeaderMap, range_start: Option<u64>) -> Answer {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
    };
    let content_type = text(CONTENT_TYPE).map(|t| t.chars().take(MAX_CONTENT_TYPE).collect());
    let total = if status == StatusCode::PARTIAL_CONTENT {
        text(CONTENT_RANGE)
            .and_then(|r| r.rsplit('/').next())
            .and_then(|t| t.trim().parse().ok())
    } else if status.is_success() && range_start.unwrap_or(0) == 0 {
        text(CONTENT_LENGTH).and_then(|l| l.trim().parse().ok())
    } else {
        None
    };
    Answer {
        status: status.as_u16(),
        content_type,
        total,
    }
}

/// A failed connection or request, as a reachability violation.
fn unreachable_finding(error: reqwest::Error) -> Finding {
    // Without the URL: an asset URL may carry a presigned signature.
    let error = error.without_url();
    let mut message = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        message = format!("{message}: {cause}");
        source = cause.source();
    }
    Finding::new("reachable", "a server that answers", message)
}

/// A local file that cannot be read, as a readability violation.
fn local_finding(error: std::io::Error) -> Finding {
    Finding::new("readable", "a readable file", crate::staging::io_reason(&error))
}
