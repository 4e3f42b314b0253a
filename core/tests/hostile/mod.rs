//! Hostile HTTP servers on 127.0.0.1 for the security tests: raw TCP, so a test controls every
//! byte (endless bodies, slow drips, lying headers) instead of what a well-behaved framework
//! allows. Never bound to any other address.
#![allow(dead_code)]

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A server's address and how many connections and requests it received.
#[derive(Clone)]
pub struct Hostile {
    pub addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
    /// Every request head received, as text (headers included), for checks on what was sent.
    heads: Arc<std::sync::Mutex<Vec<String>>>,
}

impl Hostile {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
    pub fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

/// Starts a server that reads each request (head and a Content-Length body) and then lets
/// `respond` write whatever it wants to the socket.
pub async fn serve<F, Fut>(respond: F) -> Hostile
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (listener, server) = listen().await;
    let state = server.clone();
    let respond = Arc::new(respond);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            state.connections.fetch_add(1, Ordering::SeqCst);
            let state = state.clone();
            let respond = Arc::clone(&respond);
            tokio::spawn(async move {
                let Some(head) = read_request(&mut stream).await else {
                    return;
                };
                state.requests.fetch_add(1, Ordering::SeqCst);
                state.heads.lock().unwrap().push(head);
                respond(stream).await;
            });
        }
    });
    server
}

/// A listener on 127.0.0.1 and the (empty) records of the server behind it.
async fn listen() -> (TcpListener, Hostile) {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .expect("bind 127.0.0.1");
    let server = Hostile {
        addr: listener.local_addr().expect("local addr"),
        connections: Arc::default(),
        requests: Arc::default(),
        heads: Arc::default(),
    };
    (listener, server)
}

/// Starts a server that writes `response` as soon as a connection opens, without waiting for
/// a request, then records (as lossy text) whatever the client sent within a moment.
pub async fn eager(response: &'static str) -> Hostile {
    let (listener, server) = listen().await;
    let state = server.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            state.connections.fetch_add(1, Ordering::SeqCst);
            let _ = stream.write_all(response.as_bytes()).await;
            let mut seen = vec![0u8; 4096];
            let read = tokio::time::timeout(std::time::Duration::from_secs(2), stream.read(&mut seen)).await;
            let n = read.ok().and_then(Result::ok).unwrap_or(0);
            state
                .heads
                .lock()
                .unwrap()
                .push(String::from_utf8_lossy(&seen[..n]).into_owned());
        }
    });
    server
}

/// A listener that only counts connections and never answers: the "other origin".
pub async fn bystander() -> Hostile {
    serve(|_stream| async {}).await
}

/// Starts a server that answers every request with `response` and closes the connection.
pub async fn fixed(response: String) -> Hostile {
    let response = Arc::new(response);
    serve(move |mut stream| {
        let response = Arc::clone(&response);
        async move {
            let _ = stream.write_all(response.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
    })
    .await
}

/// Reads a request head and its Content-Length body; the head as text.
async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await.ok()? == 0 || buf.len() > 64 * 1024 {
            return None;
        }
        buf.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let length = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    let mut body = vec![0u8; length.min(1 << 20)];
    stream.read_exact(&mut body).await.ok()?;
    Some(head)
}

/// Writes an endless (or `total`-byte) chunked body of `b'x'` in 64 KiB chunks until the peer
/// goes away.
pub async fn stream_chunked(stream: &mut TcpStream, total: u64) {
    let chunk = vec![b'x'; 64 * 1024];
    let mut sent = 0u64;
    while sent < total {
        let frame = format!("{:x}\r\n", chunk.len());
        if stream.write_all(frame.as_bytes()).await.is_err()
            || stream.write_all(&chunk).await.is_err()
            || stream.write_all(b"\r\n").await.is_err()
        {
            return;
        }
        sent += chunk.len() as u64;
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
}
