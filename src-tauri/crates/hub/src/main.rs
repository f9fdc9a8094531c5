//! `loket-hub`: Loket's command line over `loket-core` and the `loket_hub` library (see `cli`
//! for the commands, `serve` among them).

mod cli;
mod render;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Galat: {e}");
            ExitCode::FAILURE
        }
    }
}
