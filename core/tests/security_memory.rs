//! A hostile server streaming 1 GiB cannot take the client's memory. Alone in its own test
//! binary so no other test's allocations move the process's peak RSS while it is measured.

mod common;
mod hostile;

use seedance_assets::{Client, ErrorCode, RateLimits};
use tokio::io::AsyncWriteExt;

const GIB: u64 = 1 << 30;
/// Generous: the limit is 1 MiB; this leaves room for allocator slack and the test server.
const ALLOWED_GROWTH_KIB: u64 = 64 * 1024;

/// The process's peak resident set size so far (`VmHWM`), in KiB.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/self/status")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gigabyte_answer_leaves_memory_flat() {
    let chunked = hostile::serve(|mut stream| async move {
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            .await;
        hostile::stream_chunked(&mut stream, GIB).await;
    })
    .await;
    let declared = hostile::serve(|mut stream| async move {
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {GIB}\r\n\r\n");
        let _ = stream.write_all(head.as_bytes()).await;
        let chunk = vec![b'x'; 64 * 1024];
        for _ in 0..(GIB / chunk.len() as u64) {
            if stream.write_all(&chunk).await.is_err() {
                return;
            }
        }
    })
    .await;
    let client_for = |url: String| {
        Client::builder()
            .api_key("sk-memory-test-key-123456")
            .base_url(url)
            .rate_limits(RateLimits::disabled())
            .retry_policy(common::quick_retries())
            .build()
            .expect("client builds")
    };

    let before = peak_rss_kib();
    for server in [&chunked, &declared] {
        let client = client_for(server.url());
        for _ in 0..3 {
            let err = client.get_asset("asset-1").await.unwrap_err();
            assert_eq!(err.code(), ErrorCode::Decode, "{err}");
        }
    }
    let growth = peak_rss_kib().saturating_sub(before);
    assert!(
        growth < ALLOWED_GROWTH_KIB,
        "peak RSS grew by {growth} KiB reading 1 GiB answers"
    );
    println!("peak RSS growth: {growth} KiB");
}
