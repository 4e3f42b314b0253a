//! `seedance_assets._native`: the Rust core (`seedance-assets`) for Python. The public package
//! is the small Python layer in `python/seedance_assets`, which re-exports these classes.

#[cfg(unix)]
mod bridge;
mod cli;
mod client;
mod convert;
mod coroutine;
mod errors;
mod events;
mod fields;
mod journal;
mod logging;
mod model;
mod models;
mod preflight;
mod restore;
mod runtime;
mod simulator;

use pyo3::prelude::*;

#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    // Python before 3.9.5 (Debian 11's 3.9.2) prints "Exception ignored in: <module 'threading'>
    // … assert tlock.locked()" at exit when `threading` was first imported by a thread other
    // than the main one (bpo-1596321): it then takes that thread for the main thread. The logging
    // bridge imports `logging` (which imports `threading`) on whichever runtime thread logs
    // first, so import it here, on the thread importing the package, before any runtime thread
    // can run Python code.
    module.py().import("threading")?;
    runtime::install_fork_hook();
    logging::install();
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    module.add_class::<client::Client>()?;
    module.add_class::<client::AsyncClient>()?;
    module.add_class::<models::ValidationSession>()?;
    module.add_class::<models::CallbackResult>()?;
    module.add_class::<models::ValidationResult>()?;
    module.add_class::<models::UploadedAsset>()?;
    module.add_class::<models::Asset>()?;
    module.add_class::<preflight::PreflightReport>()?;
    module.add_class::<preflight::PreflightFinding>()?;
    module.add_class::<journal::Journal>()?;
    module.add_class::<journal::AsyncJournal>()?;
    module.add_class::<models::Person>()?;
    module.add_class::<models::JournaledAsset>()?;
    module.add_class::<models::OnboardingReport>()?;
    module.add_class::<models::ItemReport>()?;
    module.add_class::<simulator::Simulator>()?;
    module.add_function(wrap_pyfunction!(models::parse_callback, module)?)?;
    module.add_function(wrap_pyfunction!(models::verify_callback, module)?)?;
    module.add_function(wrap_pyfunction!(runtime::_shutdown, module)?)?;
    module.add_function(wrap_pyfunction!(cli::cli_main, module)?)?;
    Ok(())
}
