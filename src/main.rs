//! The `tally` binary: parse the command line, run it, print the error once, exit with the
//! status of `tally(1)`: 0 nothing found, 1 findings, 2 could not complete.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    // Tesseract's OpenMP threads fight over the cores that tally's workers already use: one
    // thread per OCR engine makes a photo 4-5 times faster. Set before any thread starts.
    if std::env::var_os("OMP_THREAD_LIMIT").is_none() {
        std::env::set_var("OMP_THREAD_LIMIT", "1");
    }
    let cli = match tally::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
            tally::cmd::usage_hint(err, &args).exit()
        }
    };
    match tally::run(cli) {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(err) => {
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("tally: error: {}", tally::cmd::error_text(&err));
            ExitCode::from(tally::Outcome::Incomplete.code())
        }
    }
}
