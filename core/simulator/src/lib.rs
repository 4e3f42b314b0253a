//! A local simulator of the crun.ai Seedance real-person asset API, for tests and demos.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use seedance_assets_simulator::{Simulator, SimulatorConfig};
//! let sim = Simulator::start(SimulatorConfig::default()).await?;
//! println!("{} key={}", sim.url(), sim.api_key());
//! sim.shutdown().await;
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod chaos;
mod config;
mod counters;
mod download;
mod endpoint;
mod envelope;
mod error;
mod failures;
mod fault_response;
mod faults;
mod html;
mod ids;
mod locking;
mod media;
mod quotas;
mod records;
mod routes;
mod server;
mod settings;
mod shared;
mod simulator;
mod state;
mod times;
mod truncated;
mod validate;

pub use chaos::{ChaosConfig, ChaosError, ChaosField, DEFAULT_CHAOS_KINDS};
pub use config::{SimulatorConfig, StatusMode, TimeFormat, DEFAULT_API_KEY};
pub use download::{DOWNLOAD_TIMEOUT, MAX_DOWNLOAD_BYTES};
pub use endpoint::Endpoint;
pub use error::SimulatorError;
pub use failures::FailureKind;
pub use faults::{Fault, FaultParams};
pub use quotas::Quota;
pub use records::AssetRecord;
pub use simulator::Simulator;
