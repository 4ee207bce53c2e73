//! Command glue: one file per subcommand, each the same shape — arguments → settings → core →
//! render. Only this layer and the renderers write to streams. Here: the dispatcher; what
//! every command does with its inputs is in `inputs.rs`, where reports go in `output.rs`.

mod bundle;
mod completions;
mod enter;
mod estimate;
mod inputs;
mod keys;
mod outcome;
mod output;
mod progress;
mod published;
mod read;
mod reconcile;
mod releases;
mod review;
mod sample;
mod screen;
mod seats;
mod simulate;
mod usage;
mod verify;

pub use outcome::Outcome;
pub use usage::usage_hint;

use crate::cli::{Cli, Command};
use inputs::{
    batch_options, load_keyring, optional_batch, read_batch, read_batch_with, tapes_used,
    verified_payloads, warn_unauthenticated,
};

/// Runs a parsed command line. Errors mean the command could not complete (exit 2).
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let color = cli.color;
    match cli.command {
        Command::Read(args) => read::run(args, color),
        Command::Verify(args) => verify::run(args, color),
        Command::Reconcile(args) => reconcile::run(args, color),
        Command::Enter(args) => enter::run(args),
        Command::Review(args) => review::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Keys(args) => keys::run(args),
        Command::Bundle(args) => bundle::run(args),
        Command::Published(args) => published::run(args),
        Command::Releases(args) => releases::run(args),
        Command::Seats(args) => seats::run(args),
        Command::Screen(args) => screen::run(args),
        Command::Sample(args) => sample::run(args),
        Command::Estimate(args) => estimate::run(args),
        Command::Completions(args) => completions::run(args),
    }
}

/// An error and its causes on one line, each cause said once: a cause whose text the message
/// already holds (`cannot read: No such file or directory (os error 2)`, then the same I/O
/// error again) is left out; outside text in it is shown escaped (see [`tell`]).
pub fn error_text(err: &anyhow::Error) -> String {
    crate::report::sanitize::terminal(&error_chain(err))
}

/// The time of this run, in UTC: `SOURCE_DATE_EPOCH` when set (a rerun that must give the
/// same bytes), else the clock.
pub(crate) fn now() -> anyhow::Result<crate::tape::Timestamp> {
    use anyhow::Context as _;
    let secs = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v.trim().parse::<u64>().with_context(|| {
            format!("SOURCE_DATE_EPOCH={v:?} is not a count of seconds since 1970: unset it, or give one")
        })?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .context("the system clock is before 1970")?,
    };
    crate::tape::Timestamp::from_unix(secs).context("the time is past the year 9999")
}

/// A time's date, `YYYY-MM-DD`.
pub(crate) fn date_of(t: crate::tape::Timestamp) -> String {
    format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
}

/// Tells the user something on stderr: every message and warning of the commands passes
/// here, so that outside text inside it (a header, a file name, a cell) is shown escaped and
/// can never move the cursor, clear the screen or reorder the line.
pub fn tell(message: &str) {
    eprintln!("{}", crate::report::sanitize::terminal(message));
}

/// The causes of an error, joined, each said once.
fn error_chain(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        if text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}
