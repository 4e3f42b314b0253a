//! Client for the Seedance real-person asset flow of the crun.ai API.
//!
//! 1. [`Client::create_validation_session`] → a [`ValidationSession`]: send the person to its
//!    `h5_link` within 120 s; their browser comes back to your `callback_url`.
//! 2. [`ValidationSession::verify_callback`] then [`Client::get_validation_result`] → the
//!    person's GroupId (single-use token: call once and keep the GroupId).
//! 3. [`Client::upload_asset`] with that `group_id` → an asset id.
//! 4. [`Client::wait_for_asset`] until `Active`; use [`Asset::reference`] (`asset://<id>`).
//!
//! Retries, rate limits, deadlines, tolerant decoding and secret redaction are built in; see
//! [`Error`] for every failure. With the `simulator` feature, [`simulator`] runs the service
//! locally for tests and demos.

#[doc(hidden)]
#[path = "fuzz_api.rs"]
pub mod __fuzz;
mod body;
mod callback;
mod client;
mod config;
pub mod diagnose;
mod endpoint;
mod envelope;
mod errors;
pub mod journal;
mod journaled;
mod models;
pub mod onboard;
mod pacer;
pub mod preflight;
pub mod qr;
mod rate_limit;
pub mod redact;
mod response;
mod retry;
pub mod staging;
pub mod surface;
mod timefmt;
mod tls;
mod transport;
mod transport_policy;
mod validate;
mod wait;
mod wire;

pub use callback::{parse_callback, verify_callback, CallbackResult, RESULT_CODE_PASSED};
pub use client::Client;
pub use config::{
    ClientBuilder, API_KEY_ENV_VARS, BASE_URL_ENV_VAR, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT,
};
pub use diagnose::Diagnosis;
pub use endpoint::Endpoint;
pub use errors::{ApiError, CallbackFailure, Error, ErrorCode, JournalProblem, Result};
pub use journal::{AssetFilter, Journal, JournalOptions, JournaledAsset, Person};
pub use models::{
    Asset, AssetStatus, AssetType, CreateSession, Language, UploadAsset, UploadedAsset, ValidationResult,
    ValidationSession, SESSION_LINK_TTL,
};
pub use onboard::{ItemReport, ItemStatus, OnboardEvent, OnboardItem, Onboarding, OnboardingReport};
pub use preflight::{Finding, PreflightOptions, PreflightReport, Profile};
pub use rate_limit::{RateLimit, RateLimits};
pub use retry::RetryPolicy;
pub use staging::{FolderItems, LocalFile, SkippedFile, StagedFile, Staging};
pub use timefmt::parse_time;
pub use transport::CallOptions;
pub use wait::{PollCallback, PollEvent, WaitOptions};

/// The local simulator of the service (feature `simulator`).
#[cfg(feature = "simulator")]
pub use seedance_assets_simulator as simulator;
