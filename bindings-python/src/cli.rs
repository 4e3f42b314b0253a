//! The `seedance-assets` command line (the console script and `python -m seedance_assets`).

use pyo3::prelude::*;

/// Runs the command line `argv` (program name first) to its end and returns its exit code.
/// The GIL is released meanwhile; Ctrl-C ends the command (exit code 130).
#[pyfunction]
pub fn cli_main(py: Python<'_>, argv: Vec<String>) -> i32 {
    py.detach(|| seedance_assets_cli::run(argv))
}
