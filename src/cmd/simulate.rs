//! `tally simulate`: a synthetic election.

use crate::cli::SimulateArgs;

use super::Outcome;

/// Runs `tally simulate`.
pub fn run(_args: SimulateArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("tally simulate is being built")
}
