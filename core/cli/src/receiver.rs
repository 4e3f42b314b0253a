//! The callback receiver: `GET /callback` completes the validation through the journal and
//! shows the person a result page; `GET /healthz` answers `ok`; everything else is 404.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use seedance_assets::{CallbackFailure, CallbackResult, Client, Error, ErrorCode, Person};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot, Semaphore};
use tokio::task::JoinSet;

use crate::exit::CliError;

// The receiver often listens on every interface (a phone must reach it), so whoever can reach
// the port may try to hold it: each connection is bounded in time and size, and their number.

/// How long a connection may take to send a request's headers (or to start its next one): a
/// browser sends them at once; a connection trickling them is only holding a place.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The most bytes a connection's read buffer may hold (a request's headers must fit): a
/// callback's address is a few hundred bytes.
const MAX_READ_BUFFER: usize = 32 * 1024;

/// The most connections served at once; more wait to be accepted.
const MAX_CONNECTIONS: usize = 64;

/// How long stopping waits for the pages being sent before closing their connections.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// What became of one callback.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Validated: the person and their GroupId are journaled.
    Passed(Person),
    /// The person did not pass the check (a new session is needed).
    NotPassed(Option<String>),
    /// The session ran out or its token was refused (a new session is needed).
    Expired,
    /// Not a callback of a session this journal issued (malformed, unknown token).
    Invalid(String),
    /// The exchange failed for another reason (service, network, journal).
    Problem(String),
}

impl Outcome {
    /// The outcome of completing a validation.
    pub fn of(result: Result<Person, Error>) -> Self {
        match result {
            Ok(person) => Self::Passed(person),
            Err(Error::Callback {
                failure: CallbackFailure::NotPassed,
                result_code,
                ..
            }) => Self::NotPassed(result_code),
            Err(Error::Callback {
                failure: CallbackFailure::Expired,
                ..
            }) => Self::Expired,
            Err(Error::Callback { message, .. }) => Self::Invalid(message),
            Err(e) if is_expiry(&e) => Self::Expired,
            Err(e) => Self::Problem(e.to_string()),
        }
    }

    /// A short name, as the JSON output spells it.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Passed(_) => "passed",
            Self::NotPassed(_) => "not_passed",
            Self::Expired => "expired",
            Self::Invalid(_) => "invalid",
            Self::Problem(_) => "problem",
        }
    }
}

/// One callback completed: its session's token (when the address carried one) and what became
/// of it. No `Debug`: the token is a secret, compared here and never shown.
#[derive(Clone)]
pub struct Callback {
    /// The `bytedToken` of the callback's address; `None` when it had none that parses.
    pub token: Option<String>,
    /// What became of it.
    pub outcome: Outcome,
}

impl Callback {
    /// Completes the validation of the address the person's browser was redirected to.
    pub async fn complete(client: &Client, redirected_url: &str) -> Self {
        let token = CallbackResult::parse(redirected_url)
            .ok()
            .map(|callback| callback.byted_token);
        let outcome = Outcome::of(client.complete_validation(redirected_url).await);
        Self { token, outcome }
    }

    /// Whether it is the callback of the session with this token.
    pub fn is_for(&self, byted_token: &str) -> bool {
        self.token.as_deref() == Some(byted_token)
    }
}

/// The service refusing a token because its session ran out (or it was spent).
fn is_expiry(error: &Error) -> bool {
    error.api_error().is_some_and(|api| {
        matches!(api.code, ErrorCode::Unprocessable | ErrorCode::NotFound)
            && (api.message.to_ascii_lowercase().contains("expire")
                || api.message.to_ascii_lowercase().contains("used"))
    })
}

#[derive(Clone)]
struct Shared {
    client: Client,
    callback_url: String,
    events: mpsc::UnboundedSender<Callback>,
}

/// A running receiver.
pub struct Receiver {
    /// Where it listens.
    pub local_addr: SocketAddr,
    /// The callback URL to create sessions with.
    pub callback_url: String,
    /// Whether the callback URL is only reachable from this machine.
    pub loopback_only: bool,
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    /// Binds `listen` and serves; each callback's outcome is sent to the returned channel.
    pub async fn start(
        listen: SocketAddr,
        public_url: Option<&str>,
        client: Client,
    ) -> Result<(Receiver, mpsc::UnboundedReceiver<Callback>), CliError> {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| CliError::internal(format!("cannot listen on {listen}: {e}")))?;
        let local_addr = listener
            .local_addr()
            .map_err(|e| CliError::internal(format!("cannot read the listening address: {e}")))?;
        let (callback_url, loopback_only) = match public_url {
            Some(public) => (public_callback_url(public)?, false),
            None => {
                let host = if local_addr.ip().is_unspecified() {
                    SocketAddr::new(std::net::Ipv4Addr::LOCALHOST.into(), local_addr.port())
                } else {
                    local_addr
                };
                (format!("http://{host}/callback"), host.ip().is_loopback())
            }
        };
        let (events, outcomes) = mpsc::unbounded_channel();
        let shared = Shared {
            client,
            callback_url: callback_url.clone(),
            events,
        };
        let app = Router::new()
            .route("/callback", get(callback))
            .route("/healthz", get(|| async { "ok\n" }))
            .fallback(|| async { (StatusCode::NOT_FOUND, "not found\n") })
            .with_state(shared);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, app, stopped));
        Ok((
            Receiver {
                local_addr,
                callback_url,
                loopback_only,
                stop,
                task,
            },
            outcomes,
        ))
    }

    /// Stops accepting connections and lets the pages being sent finish (for a few seconds at
    /// most: a connection still open then is closed).
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// Accepts connections until `stopped` fires or its sender is dropped, each served with a
/// header deadline and a bounded buffer, at most [`MAX_CONNECTIONS`] at once; then lets the
/// pages being sent finish, for [`SHUTDOWN_GRACE`] at most, and closes what is left.
async fn serve(listener: TcpListener, app: Router, mut stopped: oneshot::Receiver<()>) {
    let graceful = GracefulShutdown::new();
    let places = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let place = tokio::select! {
            place = Arc::clone(&places).acquire_owned() => place,
            _ = &mut stopped => break,
        };
        // Never closed, so always a place.
        let Ok(place) = place else { break };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset before it was accepted.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            _ = &mut stopped => break,
        };
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_READ_TIMEOUT)
            .max_buf_size(MAX_READ_BUFFER)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let connection = graceful.watch(connection);
        connections.spawn(async move {
            // A connection's own failure (a timeout, a reset) concerns only that connection.
            let _ = connection.await;
            drop(place);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
    connections.shutdown().await;
}

/// `<public URL>/callback`, keeping any path prefix of the public URL (a reverse proxy's).
fn public_callback_url(public: &str) -> Result<String, CliError> {
    let url = url::Url::parse(public)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
        .ok_or_else(|| CliError::usage(format!("--public-url must be an http(s) URL (got {public:?})")))?;
    let mut base = url.to_string();
    if let Some(start) = base.find(['?', '#']) {
        base.truncate(start);
    }
    Ok(format!("{}/callback", base.trim_end_matches('/')))
}

async fn callback(State(shared): State<Shared>, RawQuery(query): RawQuery) -> Response {
    let redirected = format!("{}?{}", shared.callback_url, query.unwrap_or_default());
    let callback = Callback::complete(&shared.client, &redirected).await;
    let page = page(&callback.outcome);
    let _ = shared.events.send(callback);
    page
}

/// The person's result page: small, self-contained, readable on a phone, never cached, and
/// never sending the callback's address (which holds the token) on as a referrer.
fn page(outcome: &Outcome) -> Response {
    let (status, mark, title, text) = match outcome {
        Outcome::Passed(_) => (
            StatusCode::OK,
            "✓",
            "Verification complete",
            "Thank you. You can close this page and return to the person who sent you the code.",
        ),
        Outcome::NotPassed(_) => (
            StatusCode::OK,
            "✗",
            "Verification did not pass",
            "Please try again: scan the new code on the operator's screen and follow the steps in good light, facing the camera.",
        ),
        Outcome::Expired => (
            StatusCode::GONE,
            "⏱",
            "This link has expired",
            "Links work for two minutes. Scan the new code on the operator's screen to try again.",
        ),
        Outcome::Invalid(_) => (
            StatusCode::BAD_REQUEST,
            "?",
            "Unknown link",
            "This page was opened without a verification this receiver started. Scan the code on the operator's screen.",
        ),
        Outcome::Problem(_) => (
            StatusCode::BAD_GATEWAY,
            "!",
            "Something went wrong",
            "Your verification could not be recorded. The operator sees the details; please try again with a new code.",
        ),
    };
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title}</title><style>\
body{{font-family:system-ui,-apple-system,sans-serif;margin:0;min-height:100vh;display:flex;\
align-items:center;justify-content:center;background:#f4f5f7;color:#1d2430}}\
main{{max-width:26rem;margin:1.5rem;padding:2rem 1.5rem;background:#fff;border-radius:1rem;\
box-shadow:0 2px 12px rgba(0,0,0,.08);text-align:center}}\
.mark{{font-size:3rem;line-height:1}}h1{{font-size:1.4rem;margin:1rem 0 .5rem}}\
p{{line-height:1.5;margin:0}}</style></head>\
<body><main><div class=\"mark\" aria-hidden=\"true\">{mark}</div><h1>{title}</h1><p>{text}</p></main></body></html>\n"
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::REFERRER_POLICY, "no-referrer"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'",
            ),
        ],
        html,
    )
        .into_response()
}
