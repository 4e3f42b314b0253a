//! The TLS crypto provider: rustls with `ring` (aws-lc-rs, reqwest's default, made each
//! artefact ~2 MB larger and a cold build a third slower).
//!
//! reqwest is built without a provider of its own (`rustls-no-provider`) and panics when it
//! builds a client while none is the process default, so every place that builds an HTTP or
//! TLS client (the transport, preflight's probes, the PostgreSQL journal) calls
//! [`install_provider`] first.

use std::sync::Once;

/// Makes `ring` the process's rustls crypto provider, unless the program embedding this crate
/// installed one already (then that one is used).
pub(crate) fn install_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // An error only means a provider is installed already, which is all that is needed.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
