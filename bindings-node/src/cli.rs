//! The `seedance-assets` command line for the package's `bin` (lib/cli.js).

use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use napi_derive::napi;

/// One run of the command line, on a libuv worker thread (the event loop stays free).
pub struct CliRun {
    argv: Vec<String>,
}

impl Task for CliRun {
    type Output = i32;
    type JsValue = i32;

    fn compute(&mut self) -> napi::Result<i32> {
        Ok(seedance_assets_cli::run(std::mem::take(&mut self.argv)))
    }

    fn resolve(&mut self, _env: Env, code: i32) -> napi::Result<i32> {
        Ok(code)
    }
}

/// Runs the command line `argv` (program name first) to its end; resolves to its exit code.
/// It handles Ctrl-C itself (exit code 130) from then on in this process: for the `bin` only.
#[napi(ts_return_type = "Promise<number>")]
pub fn run_cli(argv: Vec<String>) -> AsyncTask<CliRun> {
    AsyncTask::new(CliRun { argv })
}
