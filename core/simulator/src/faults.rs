//! Injectable faults and the per-endpoint FIFO queues that hold them.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use crate::endpoint::Endpoint;
use crate::locking::lock;

/// A misbehaviour the next matching request will get instead of (or around) the normal answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Envelope 429 (HTTP 429 when mirrored) and always a `Retry-After` header.
    RateLimited {
        /// Value of the `Retry-After` header, in seconds.
        retry_after_secs: u64,
    },
    /// Envelope 455 "service unavailable", before any effect.
    ServiceUnavailable,
    /// Envelope 500, before any effect.
    ServerErrorBeforeEffect,
    /// The normal side effect happens (session/asset created, token consumed), then envelope 500.
    ServerErrorAfterEffect,
    /// Any envelope code with a stock message, before any effect.
    Status {
        /// The envelope code (and HTTP status when mirrored).
        code: u16,
    },
    /// A non-JSON HTML body with this HTTP status, as a proxy would send.
    HtmlError {
        /// The HTTP status of the HTML page.
        http_status: u16,
    },
    /// Sleeps, then answers normally.
    Slow {
        /// How long to sleep before handling the request.
        delay: Duration,
    },
    /// HTTP 200 with a truncated, unparsable JSON body; no effect.
    MalformedBody,
    /// HTTP 200 success envelope with `"data": null`; no effect.
    MissingData,
    /// Closes the TCP connection without writing any response; no effect.
    DropConnection,
    /// The normal side effect happens, then HTTP 200 whose body stops mid-JSON: the declared
    /// `Content-Length` is never reached and the connection closes.
    TruncatedBody,
}

impl Fault {
    /// Every kind's control-API name, the one list the bindings' typings are generated from.
    pub const KINDS: [&'static str; 11] = [
        "rate_limited",
        "service_unavailable",
        "server_error_before",
        "server_error_after",
        "status",
        "html_error",
        "slow",
        "malformed_body",
        "missing_data",
        "drop_connection",
        "truncated_body",
    ];

    /// The control-API name of this fault kind, e.g. `"rate_limited"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Fault::RateLimited { .. } => "rate_limited",
            Fault::ServiceUnavailable => "service_unavailable",
            Fault::ServerErrorBeforeEffect => "server_error_before",
            Fault::ServerErrorAfterEffect => "server_error_after",
            Fault::Status { .. } => "status",
            Fault::HtmlError { .. } => "html_error",
            Fault::Slow { .. } => "slow",
            Fault::MalformedBody => "malformed_body",
            Fault::MissingData => "missing_data",
            Fault::DropConnection => "drop_connection",
            Fault::TruncatedBody => "truncated_body",
        }
    }
}

/// The optional parameters of a fault named by kind; which apply depends on the kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FaultParams {
    /// `rate_limited`: the `Retry-After` in seconds (default 1).
    pub retry_after_secs: Option<u64>,
    /// `status`: the envelope code (required).
    pub code: Option<u16>,
    /// `html_error`: the HTTP status of the page (default 502).
    pub http_status: Option<u16>,
    /// `slow`: how long to wait before answering (default 1 s).
    pub delay: Option<Duration>,
}

impl Fault {
    /// The fault of a control-API kind name (`rate_limited`, `server_error_after`, …).
    pub fn from_kind(kind: &str, params: FaultParams) -> Result<Fault, String> {
        Ok(match kind {
            "rate_limited" => Fault::RateLimited {
                retry_after_secs: params.retry_after_secs.unwrap_or(1),
            },
            "service_unavailable" => Fault::ServiceUnavailable,
            "server_error_before" | "server_error" => Fault::ServerErrorBeforeEffect,
            "server_error_after" => Fault::ServerErrorAfterEffect,
            "status" => Fault::Status {
                code: params.code.ok_or("fault \"status\" needs a code (e.g. 402)")?,
            },
            "html_error" => Fault::HtmlError {
                http_status: params.http_status.unwrap_or(502),
            },
            "slow" => Fault::Slow {
                delay: params.delay.unwrap_or(Duration::from_secs(1)),
            },
            "malformed_body" => Fault::MalformedBody,
            "missing_data" => Fault::MissingData,
            "drop_connection" => Fault::DropConnection,
            "truncated_body" => Fault::TruncatedBody,
            other => {
                return Err(format!(
                    "unknown fault {other:?}: use {}",
                    Fault::KINDS.join(", ")
                ))
            }
        })
    }
}

/// FIFO fault queues, one per endpoint; a lock-free counter skips the lock when all are empty.
#[derive(Debug, Default)]
pub(crate) struct FaultQueues {
    queued: AtomicUsize,
    queues: Mutex<[VecDeque<Fault>; 4]>,
}

impl FaultQueues {
    /// Appends `times` copies of `fault` to the endpoint's queue.
    pub(crate) fn push(&self, endpoint: Endpoint, fault: Fault, times: usize) {
        if times == 0 {
            return;
        }
        let mut queues = lock(&self.queues);
        let queue = &mut queues[endpoint.index()];
        queue.extend((0..times).map(|_| fault.clone()));
        self.queued.fetch_add(times, Ordering::AcqRel);
    }

    /// Takes the next fault for the endpoint, if any.
    pub(crate) fn take(&self, endpoint: Endpoint) -> Option<Fault> {
        if self.queued.load(Ordering::Acquire) == 0 {
            return None;
        }
        let mut queues = lock(&self.queues);
        let fault = queues[endpoint.index()].pop_front();
        if fault.is_some() {
            self.queued.fetch_sub(1, Ordering::AcqRel);
        }
        fault
    }

    /// Empties every queue.
    pub(crate) fn clear(&self) {
        let mut queues = lock(&self.queues);
        queues.iter_mut().for_each(VecDeque::clear);
        self.queued.store(0, Ordering::Release);
    }

    /// Number of faults still queued for the endpoint.
    pub(crate) fn pending(&self, endpoint: Endpoint) -> usize {
        lock(&self.queues)[endpoint.index()].len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_kind_is_read_back_under_its_own_name() {
        let params = FaultParams {
            code: Some(402),
            ..FaultParams::default()
        };
        for kind in Fault::KINDS {
            let fault = Fault::from_kind(kind, params).expect("listed kinds parse");
            assert_eq!(fault.kind(), kind);
        }
        let unknown = Fault::from_kind("nope", params).unwrap_err();
        assert!(unknown.contains("truncated_body"), "{unknown}");
    }
}
