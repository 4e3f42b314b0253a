//! Sending one operation: rate limit, attempts, retries, deadline, logging.

use std::error::Error as _;
use std::time::{Duration, Instant};

use reqwest::header::HeaderValue;
use serde_json::Value;
use url::Url;

use crate::body::{self, BodyError};
use crate::config::ResolvedConfig;
use crate::endpoint::Endpoint;
use crate::envelope::Answer;
use crate::errors::{Error, ErrorCode};
use crate::rate_limit::Limiters;
use crate::redact::{self, Secrets};
use crate::response::{self, Head};
use crate::retry::RetryPolicy;
use crate::surface::{options, Lang};
use crate::wait::PollEvent;

/// A wait in the client-side limiter at least this long is logged, so a stall is never silent.
const QUEUE_LOG_THRESHOLD: Duration = Duration::from_millis(100);

/// Per-call overrides of the client's settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallOptions {
    /// Limit for one HTTP attempt (default: the client's timeout).
    pub timeout: Option<Duration>,
    /// Retries after the first attempt (default: the client's `max_retries`).
    pub max_retries: Option<u32>,
    /// One overall limit for the call: every attempt, rate-limit wait and backoff sleep.
    pub deadline: Option<Duration>,
}

impl CallOptions {
    /// These options with `other`'s set fields taking precedence.
    pub fn merged_with(self, other: CallOptions) -> CallOptions {
        CallOptions {
            timeout: other.timeout.or(self.timeout),
            max_retries: other.max_retries.or(self.max_retries),
            deadline: other.deadline.or(self.deadline),
        }
    }
}

impl CallOptions {
    /// Refuses durations and counts outside their bounds, naming each as `lang` spells it.
    pub fn check(&self, lang: Lang) -> Result<(), Error> {
        if let Some(timeout) = self.timeout {
            options::TIMEOUT.check_duration(lang, timeout)?;
        }
        if let Some(retries) = self.max_retries {
            options::MAX_RETRIES.count(lang, f64::from(retries))?;
        }
        if let Some(deadline) = self.deadline {
            options::DEADLINE.check_duration(lang, deadline)?;
        }
        Ok(())
    }
}

/// What one attempt produced, and whether the request may have reached the service.
struct AttemptError {
    error: Error,
    may_have_reached: bool,
}

/// The HTTP machinery shared by every clone of a client.
pub(crate) struct Transport {
    http: reqwest::Client,
    urls: [Url; 4],
    base_url: Url,
    api_key: String,
    api_key_header: HeaderValue,
    secrets: Secrets,
    max_response_bytes: usize,
    timeout: Duration,
    max_retries: u32,
    retry_policy: RetryPolicy,
    limiters: Limiters,
}

impl Transport {
    /// The limit of one attempt under `options` (the call's own, else the client's).
    pub(crate) fn attempt_limit(&self, options: &CallOptions) -> Duration {
        options.timeout.unwrap_or(self.timeout)
    }

    pub fn new(config: ResolvedConfig) -> Result<Self, Error> {
        crate::tls::install_provider();
        let http = reqwest::Client::builder()
            // The key travels in `x-api-key`, which reqwest would carry along to any origin a
            // redirect names: redirects are refused instead (see `response::redirect_error`).
            .redirect(reqwest::redirect::Policy::none())
            .https_only(config.base_url.scheme() == "https")
            .connect_timeout(config.connect_timeout)
            .tcp_keepalive(Duration::from_secs(30))
            .pool_idle_timeout(Duration::from_secs(60))
            .user_agent(config.user_agent)
            .build()
            .map_err(|e| {
                Error::Configuration(format!("cannot build the HTTP client: {}", error_chain(&e)))
            })?;
        let urls = Endpoint::ALL.map(|e| config.base_url.join(&e.path()));
        let urls = match urls {
            [Ok(a), Ok(b), Ok(c), Ok(d)] => [a, b, c, d],
            _ => return Err(Error::Configuration("base URL cannot carry the API paths".into())),
        };
        let mut api_key_header = HeaderValue::from_str(&config.api_key)
            .map_err(|_| Error::Configuration("the API key is not a valid header value".into()))?;
        api_key_header.set_sensitive(true);
        Ok(Self {
            http,
            urls,
            base_url: config.base_url,
            secrets: Secrets::new(&config.api_key),
            api_key: config.api_key,
            api_key_header,
            max_response_bytes: config.max_response_bytes,
            timeout: config.timeout,
            max_retries: config.max_retries,
            retry_policy: config.retry_policy,
            limiters: Limiters::new(&config.rate_limits),
        })
    }

    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    pub fn api_key(&self) -> &str {
        &self.api_key
    }

    /// The client's secrets (its API key), to mask in anything shown.
    pub fn secrets(&self) -> &Secrets {
        &self.secrets
    }

    /// Sends `endpoint` until it succeeds, fails for good, or retries or the deadline run out.
    pub async fn call(
        &self,
        endpoint: Endpoint,
        query: &[(&str, &str)],
        body: Option<&Value>,
        options: CallOptions,
        observe: &(dyn Fn(PollEvent) + Send + Sync),
    ) -> Result<Answer, Error> {
        options.check(Lang::Rust)?;
        let started = Instant::now();
        let deadline = options.deadline.map(|d| started + d);
        let max_retries = options.max_retries.unwrap_or(self.max_retries);
        let attempt_limit = self.attempt_limit(&options);
        let mut earlier_attempt_reached = false;
        let mut retry: u32 = 0;
        // A token sent in the query is a secret too: no error about this call may show it.
        // Built only when there is one: cloning the client's secrets per call costs more than
        // the rest of a call's own work.
        let with_query_secrets = query
            .iter()
            .filter(|(name, _)| redact::is_secret_name(name))
            .fold(None::<Secrets>, |secrets, (_, value)| {
                Some(secrets.unwrap_or_else(|| self.secrets.clone()).with_token(value))
            });
        let secrets = with_query_secrets.as_ref().unwrap_or(&self.secrets);
        loop {
            let queued = Instant::now();
            if !self.wait_for_slot(endpoint, deadline).await {
                let error = Error::QueuedLocally {
                    operation: endpoint.name(),
                    waited: queued.elapsed(),
                };
                return Err(token_spent(endpoint, earlier_attempt_reached, error));
            }
            let waited = queued.elapsed();
            if waited >= QUEUE_LOG_THRESHOLD {
                tracing::info!(
                    target: "seedance_assets::http",
                    path = endpoint.name(),
                    waited_ms = waited.as_millis() as u64,
                    "held back by the client-side rate limit"
                );
                observe(PollEvent::Queued { waited });
            }
            let remaining = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            if remaining.is_some_and(|r| r.is_zero()) {
                let error = Error::Timeout {
                    elapsed: started.elapsed(),
                };
                return Err(token_spent(endpoint, earlier_attempt_reached, error));
            }
            let limit = remaining.map_or(attempt_limit, |r| r.min(attempt_limit));
            let attempt_started = Instant::now();
            let outcome = self.attempt(endpoint, query, body, limit, secrets).await;
            let failure = match outcome {
                Ok(answer) => {
                    log_attempt(
                        endpoint,
                        retry,
                        Some(answer.http_status),
                        attempt_started,
                        answer.request_id.as_deref(),
                        None,
                    );
                    return Ok(answer);
                }
                Err(failure) => failure,
            };
            let status = failure.error.http_status();
            let request_id = failure.error.request_id().map(str::to_string);
            let code = failure.error.code();
            let reached_before = earlier_attempt_reached;
            earlier_attempt_reached |= failure.may_have_reached;
            let step = self.next_step(endpoint, failure, reached_before, retry, max_retries, deadline);
            let (delay, why) = match step {
                Ok(delay) => (delay, format!("{code} retrying in {} ms", delay.as_millis())),
                Err((error, why)) => {
                    log_attempt(
                        endpoint,
                        retry,
                        status,
                        attempt_started,
                        request_id.as_deref(),
                        Some(why),
                    );
                    return Err(token_spent(endpoint, earlier_attempt_reached, error));
                }
            };
            log_attempt(
                endpoint,
                retry,
                status,
                attempt_started,
                request_id.as_deref(),
                Some(&why),
            );
            tracing::info!(
                target: "seedance_assets::http",
                path = endpoint.name(),
                code = code.as_str(),
                delay_ms = delay.as_millis() as u64,
                "retrying after a transient failure"
            );
            observe(PollEvent::Retrying {
                code: code.as_str(),
                reason: why.clone(),
                delay,
            });
            tokio::time::sleep(delay).await;
            retry += 1;
        }
    }

    /// The pacer of `endpoint`'s limit, if one is configured.
    pub(crate) fn pacer(&self, endpoint: Endpoint) -> Option<std::sync::Arc<crate::pacer::Pacer>> {
        self.limiters.pacer(endpoint).cloned()
    }

    /// Waits for the endpoint's rate limiter; false when the deadline came first.
    async fn wait_for_slot(&self, endpoint: Endpoint, deadline: Option<Instant>) -> bool {
        match deadline {
            Some(deadline) => tokio::time::timeout_at(deadline.into(), self.limiters.acquire(endpoint))
                .await
                .is_ok(),
            None => {
                self.limiters.acquire(endpoint).await;
                true
            }
        }
    }

    /// The wait before the next attempt, or the error to return and why.
    fn next_step(
        &self,
        endpoint: Endpoint,
        failure: AttemptError,
        earlier_attempt_reached: bool,
        retry: u32,
        max_retries: u32,
        deadline: Option<Instant>,
    ) -> Result<Duration, (Error, &'static str)> {
        let AttemptError {
            error,
            may_have_reached,
        } = failure;
        let outcome_unknown = |error: Error| Error::OutcomeUnknown {
            operation: endpoint.name(),
            cause: Box::new(error),
        };
        if endpoint.is_post() && may_have_reached {
            return Err((outcome_unknown(error), "outcome unknown, not resent"));
        }
        if endpoint == Endpoint::ValidationResult && matches!(error, Error::Garbled { .. }) {
            // The answer came and was lost on the way: the single-use token is spent, so asking
            // again could only say "not found".
            return Err((outcome_unknown(error), "answer lost after the token was used"));
        }
        if endpoint == Endpoint::ValidationResult
            && earlier_attempt_reached
            && matches!(error.code(), ErrorCode::NotFound | ErrorCode::Unprocessable)
        {
            // The single-use token may have been consumed by the attempt that got no answer.
            return Err((
                outcome_unknown(error),
                "token may have been used by an earlier attempt",
            ));
        }
        if !error.is_retryable() {
            return Err((error, "not retryable"));
        }
        if retry >= max_retries {
            return Err((error, "retries exhausted"));
        }
        let delay = self.retry_policy.delay(retry, error.retry_after());
        if deadline.is_some_and(|d| Instant::now() + delay >= d) {
            return Err((error, "deadline leaves no time to retry"));
        }
        Ok(delay)
    }

    async fn attempt(
        &self,
        endpoint: Endpoint,
        query: &[(&str, &str)],
        body: Option<&Value>,
        limit: Duration,
        secrets: &Secrets,
    ) -> Result<Answer, AttemptError> {
        let started = Instant::now();
        let mut url = self.urls[endpoint.index()].clone();
        if !endpoint.is_post() && !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        let request = if endpoint.is_post() {
            self.http.post(url.clone()).json(&body.unwrap_or(&Value::Null))
        } else {
            self.http.get(url.clone())
        };
        let response = request
            .header("x-api-key", self.api_key_header.clone())
            .timeout(limit)
            .send()
            .await
            .map_err(|e| transport_failure(&e, started, secrets))?;
        let head = Head::new(response.status().as_u16(), response.headers(), secrets);
        let decoded = if head.is_redirect() {
            // Not followed, and the body is not read: the answer is the redirect itself.
            Err(response::redirect_error(&head, response.headers(), &url, secrets))
        } else {
            match body::read_limited(response, self.max_response_bytes).await {
                Ok(bytes) => response::decode(&head, bytes, secrets),
                Err(BodyError::TooLarge { limit, start }) => {
                    Err(response::too_large(&head, limit, &start, secrets))
                }
                Err(BodyError::Transport(e)) => {
                    let mut failure = transport_failure(&e, started, secrets);
                    failure.may_have_reached = true;
                    return Err(failure);
                }
            }
        };
        decoded.map_err(|error| {
            // A 429 or 455 is a refusal; a 5xx or an unreadable success may hide a done side effect.
            let may_have_reached = match &error {
                Error::Api(api) => api.code == ErrorCode::Server,
                Error::Decode { .. } | Error::Garbled { .. } => true,
                _ => false,
            };
            AttemptError {
                error,
                may_have_reached,
            }
        })
    }
}

fn transport_failure(e: &reqwest::Error, started: Instant, secrets: &Secrets) -> AttemptError {
    if e.is_connect() {
        let error = if e.is_timeout() {
            Error::Timeout {
                elapsed: started.elapsed(),
            }
        } else {
            Error::Connection {
                message: secrets.mask(&error_chain(e)),
            }
        };
        return AttemptError {
            error,
            may_have_reached: false,
        };
    }
    let error = if e.is_timeout() {
        Error::Timeout {
            elapsed: started.elapsed(),
        }
    } else {
        Error::Connection {
            message: error_chain(e),
        }
    };
    AttemptError {
        error,
        may_have_reached: true,
    }
}

/// The final error of a validation-result call one of whose attempts may have reached the
/// service: the single-use token may be spent, so whatever came last, the GroupId answer is lost
/// (`OutcomeUnknown`), and a journal must not ask again.
fn token_spent(endpoint: Endpoint, reached: bool, error: Error) -> Error {
    if endpoint != Endpoint::ValidationResult || !reached || matches!(error, Error::OutcomeUnknown { .. }) {
        return error;
    }
    Error::OutcomeUnknown {
        operation: endpoint.name(),
        cause: Box::new(error),
    }
}

/// The messages of an error and its causes, without the request URL (its query may hold a token).
fn error_chain(e: &reqwest::Error) -> String {
    let mut parts = vec![];
    let mut source = e.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.contains(&text) {
            parts.push(text);
        }
        source = cause.source();
    }
    if parts.is_empty() {
        parts.push(
            if e.is_body() {
                "the response body broke off"
            } else {
                "request failed"
            }
            .to_string(),
        );
    }
    parts.join(": ")
}

fn log_attempt(
    endpoint: Endpoint,
    retry: u32,
    status: Option<u16>,
    started: Instant,
    request_id: Option<&str>,
    outcome: Option<&str>,
) {
    let method = if endpoint.is_post() { "POST" } else { "GET" };
    tracing::debug!(
        target: "seedance_assets::http",
        method,
        path = endpoint.name(),
        attempt = retry + 1,
        status = status.map(i64::from).unwrap_or(-1),
        elapsed_ms = started.elapsed().as_millis() as u64,
        request_id = request_id.unwrap_or(""),
        retry_reason = outcome.unwrap_or(""),
        "{}",
        if outcome.is_some() { "attempt failed" } else { "attempt succeeded" }
    );
}

/// What one unretried request answered, for a diagnosis: its decoded answer and the server's
/// clock.
pub(crate) struct Probe {
    /// The decoded answer (an error for any refusal).
    pub answer: Result<Answer, Error>,
    /// The HTTP status, when an answer came.
    pub http_status: Option<u16>,
    /// The server's `Date` header.
    pub server_date: Option<std::time::SystemTime>,
    /// Send to the end of the answer's headers.
    pub round_trip: Duration,
}

impl Transport {
    /// Sends `endpoint` once, without rate limit or retry, and keeps the `Date` header.
    pub(crate) async fn probe(&self, endpoint: Endpoint, query: &[(&str, &str)], limit: Duration) -> Probe {
        let started = Instant::now();
        let mut url = self.urls[endpoint.index()].clone();
        url.query_pairs_mut().extend_pairs(query);
        let sent = self
            .http
            .get(url.clone())
            .header("x-api-key", self.api_key_header.clone())
            .timeout(limit)
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(e) => {
                return Probe {
                    answer: Err(transport_failure(&e, started, &self.secrets).error),
                    http_status: None,
                    server_date: None,
                    round_trip: started.elapsed(),
                }
            }
        };
        let round_trip = started.elapsed();
        let head = Head::new(response.status().as_u16(), response.headers(), &self.secrets);
        let server_date = response
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok());
        let answer = if head.is_redirect() {
            Err(response::redirect_error(
                &head,
                response.headers(),
                &url,
                &self.secrets,
            ))
        } else {
            match body::read_limited(response, self.max_response_bytes).await {
                Ok(bytes) => response::decode(&head, bytes, &self.secrets),
                Err(BodyError::TooLarge { limit, start }) => {
                    Err(response::too_large(&head, limit, &start, &self.secrets))
                }
                Err(BodyError::Transport(e)) => Err(transport_failure(&e, started, &self.secrets).error),
            }
        };
        Probe {
            answer,
            http_status: Some(head.status),
            server_date,
            round_trip,
        }
    }
}
