//! `seedance-assets`: the command line (see the `seedance_assets_cli` library).

fn main() {
    std::process::exit(seedance_assets_cli::run(std::env::args().collect()));
}
