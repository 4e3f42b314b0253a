//! The `seedance-assets` command line, written once and run three ways: the `seedance-assets`
//! binary, the Python package's console script and the Node package's `bin` all call [`run`].
//!
//! Everything goes through the core's public API (`Client`, `Journal`, onboarding, preflight,
//! the simulator); the CLI keeps no state of its own. Exit codes: see [`exit`].

mod args;
mod context;
mod doctor;
pub mod exit;
mod journal;
mod manifest;
mod onboard;
mod output;
mod preflight;
mod progress;
mod qr;
mod receiver;
mod serve;
mod simulate;
mod stage;
mod status;
mod upload;
mod validate;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::context::Context;
use crate::exit::CliError;
use crate::output::Output;

/// Runs the command line `args` (the program name first, as `std::env::args` gives it) to the
/// end and returns the process exit code. Ctrl-C ends a running command with
/// [`exit::INTERRUPTED`] (`serve` and `simulate` stop cleanly with 0).
pub fn run(args: Vec<String>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version are answers, not errors; clap chooses the stream.
            let code = if e.use_stderr() { exit::USAGE } else { exit::OK };
            let _ = e.print();
            return code;
        }
    };
    let output = Output::new(cli.global.json, cli.global.quiet);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            output.error(&CliError::internal(format!("cannot start the runtime: {e}")));
            return exit::INTERNAL;
        }
    };
    let stops_on_interrupt = matches!(cli.command, Command::Serve(_) | Command::Simulate(_));
    let code = runtime.block_on(async {
        let context = Context::new(cli.global.clone(), output.clone());
        let command = dispatch(cli.command, context);
        if stops_on_interrupt {
            return finish(command.await, &output);
        }
        tokio::select! {
            result = command => finish(result, &output),
            _ = tokio::signal::ctrl_c() => {
                output.interrupted();
                exit::INTERRUPTED
            }
        }
    });
    // A pending read of stdin (the paste prompt) must not hold the process open.
    runtime.shutdown_background();
    code
}

fn finish(result: Result<i32, CliError>, output: &Output) -> i32 {
    match result {
        Ok(code) => code,
        Err(error) => {
            output.error(&error);
            error.exit_code
        }
    }
}

async fn dispatch(command: Command, context: Context) -> Result<i32, CliError> {
    match command {
        Command::Validate(a) => validate::run(a, context).await,
        Command::Onboard(a) => onboard::run(a, context).await,
        Command::Upload(a) => upload::run(a, context).await,
        Command::Stage(a) => stage::run(a, context).await,
        Command::Status(a) => status::status(a, context).await,
        Command::Wait(a) => status::wait(a, context).await,
        Command::Preflight(a) => preflight::run(a, context).await,
        Command::Journal(a) => journal::run(a, context).await,
        Command::Serve(a) => serve::run(a, context).await,
        Command::Simulate(a) => simulate::run(a, context).await,
        Command::Doctor(a) => doctor::run(a, context).await,
    }
}
