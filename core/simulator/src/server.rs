//! The accept loop: one hyper HTTP/1 connection per socket, graceful shutdown, and the
//! per-connection kill switch behind [`crate::Fault::DropConnection`].

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};

/// How long shutdown waits for in-flight connections before giving up on them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

tokio::task_local! {
    /// Set for the duration of each connection; notifying it drops the connection.
    static CONNECTION_KILL: Arc<Notify>;
}

/// Closes the current connection without writing a response; never returns normally.
///
/// Outside a simulator connection (e.g. the router mounted elsewhere) it answers 500 instead.
pub(crate) async fn drop_connection() -> Response {
    match CONNECTION_KILL.try_with(Arc::clone) {
        Ok(kill) => {
            kill.notify_one();
            std::future::pending::<Response>().await
        }
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "connection drop unavailable").into_response(),
    }
}

/// Accepts connections until `shutdown` fires (or its sender is dropped), then drains them.
pub(crate) async fn run(listener: TcpListener, router: Router, mut shutdown: watch::Receiver<bool>) {
    let graceful = GracefulShutdown::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => spawn_connection(stream, &router, &graceful),
                Err(err) => {
                    tracing::debug!(%err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            },
            _ = shutdown.changed() => break,
        }
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::debug!("simulator shutdown grace period elapsed");
    }
}

/// Serves one connection on its own task, dropping it if a handler pulls the kill switch.
fn spawn_connection(stream: TcpStream, router: &Router, graceful: &GracefulShutdown) {
    if let Err(err) = stream.set_nodelay(true) {
        tracing::debug!(%err, "set_nodelay failed");
    }
    let service = TowerToHyperService::new(router.clone());
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .serve_connection(TokioIo::new(stream), service);
    let conn = graceful.watch(conn);
    let kill = Arc::new(Notify::new());
    let task = CONNECTION_KILL.scope(Arc::clone(&kill), async move {
        tokio::select! {
            result = conn => {
                if let Err(err) = result {
                    tracing::debug!(%err, "connection ended with error");
                }
            }
            () = kill.notified() => tracing::debug!("dropping connection (injected fault)"),
        }
    });
    tokio::spawn(task);
}
