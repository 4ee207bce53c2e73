//! The `tally` binary: parse the command line, run it, print the error once, exit with the
//! status of `tally(1)`: 0 nothing found, 1 findings, 2 could not complete.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = tally::cli::Cli::parse();
    match tally::run(cli) {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(err) => {
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("tally: error: {err:#}");
            ExitCode::from(tally::Outcome::Incomplete.code())
        }
    }
}
