//! `tally completions SHELL`: a shell completion script on standard output.

use clap::CommandFactory as _;

use crate::cli::{Cli, CompletionsArgs};

use super::Outcome;

/// Runs `tally completions`.
pub fn run(args: CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "tally", &mut out);
    crate::report::output::write_output(std::path::Path::new("-"), &out)?;
    Ok(Outcome::Clean)
}
