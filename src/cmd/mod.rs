//! Command glue: one file per subcommand, each the same shape — arguments → settings → core →
//! render. Only this layer and the renderers write to streams.

mod completions;
mod enter;
mod progress;
mod read;
mod reconcile;
mod review;
mod simulate;
mod verify;

use std::path::Path;

use anyhow::Context as _;

use crate::cli::{Cli, Command, KeyringArgs};
use crate::keyring::{Authenticity, Keyring};

/// How a command ended, in the terms of the exit status (`diff(1)` style).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Nothing found: exit 0.
    Clean,
    /// Findings (a tape that does not verify, a discrepancy): exit 1.
    Findings,
    /// Some input could not be processed: exit 2.
    Incomplete,
}

impl Outcome {
    /// The process exit status.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Incomplete => 2,
        }
    }
}

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
        Command::Completions(args) => completions::run(args),
    }
}

/// Loads the keyring named by the keyring options, warning loudly on stderr when it is not
/// authenticated by a root key.
fn load_keyring(args: &KeyringArgs) -> anyhow::Result<Option<Keyring>> {
    let Some(path) = &args.keyring else {
        return Ok(None);
    };
    let keyring = Keyring::load(path, args.root_key.as_deref(), args.keyring_sig.as_deref())
        .context("the keyring cannot be used")?;
    if keyring.authenticity == Authenticity::Unauthenticated {
        eprintln!(
            "tally: warning: keyring {} is NOT AUTHENTICATED: give the commission's root key with --root-key; \
             until then nothing proves these device keys are the commission's",
            path.display()
        );
    }
    Ok(Some(keyring))
}

/// How photos are to be read, from the command line.
fn photo_options(args: &crate::cli::PhotoArgs) -> crate::photo::Options {
    crate::photo::Options {
        cross_check: args.cross_check,
        ..Default::default()
    }
}

/// The photo cache the options name (none with `--no-cache`).
fn make_cache(
    photo: &crate::cli::PhotoArgs,
    keyring: Option<&Keyring>,
) -> Option<crate::source::Cache> {
    if photo.no_cache {
        return None;
    }
    let dir = photo
        .cache
        .clone()
        .or_else(crate::source::Cache::default_dir)?;
    Some(crate::source::Cache::new(
        dir,
        keyring.map(|k| k.sha256.as_str()),
        &photo_options(photo),
    ))
}

/// Reads and verifies every input in one parallel pass with a progress bar, in input order.
/// Photos are read with `photo`, their corrections judged by the keyring.
fn read_and_list(
    paths: &[std::path::PathBuf],
    keyring: Option<&Keyring>,
    photo: &crate::cli::PhotoArgs,
) -> (Vec<crate::source::Input>, crate::report::listing::Listing) {
    use rayon::prelude::*;
    let entries = share(paths, photo.shard);
    let bar = progress::bar(entries.len() as u64, "tapes");
    let photo_options = photo_options(photo);
    let cache = make_cache(photo, keyring);
    let options = crate::source::ReadOptions {
        keyring,
        photo: photo_options,
        cache: cache.as_ref(),
    };
    let (inputs, tapes): (Vec<_>, Vec<_>) = entries
        .into_par_iter()
        .map(|e| {
            let input = crate::source::read_entry_with(e, &options);
            let entry = crate::report::listing::entry(&input, keyring);
            bar.inc(1);
            (input, entry)
        })
        .unzip();
    bar.finish_and_clear();
    let listing = crate::report::listing::Listing::from_entries(tapes, keyring);
    warn_unreadable(&listing);
    (inputs, listing)
}

/// The inputs under `paths`, or with `--shard K/N` only share K of them (by each input's path
/// under the argument it was found under, so every machine must see the same layout).
fn share(
    paths: &[std::path::PathBuf],
    shard: Option<crate::source::Shard>,
) -> Vec<crate::source::Entry> {
    let Some(shard) = shard else {
        return crate::source::expand(paths);
    };
    let mut out = Vec::new();
    for root in paths {
        for entry in crate::source::expand(std::slice::from_ref(root)) {
            let path = match &entry {
                Ok(p) | Err((p, _)) => p,
            };
            let relative = if root.is_dir() {
                path.strip_prefix(root).unwrap_or(path)
            } else {
                path.file_name().map_or(path.as_path(), Path::new)
            };
            if shard.keeps(relative) {
                out.push(entry);
            }
        }
    }
    out
}

/// Tells stderr how many inputs could not be read, naming the first, so that a batch script
/// writing its report to a file still sees the problem.
fn warn_unreadable(listing: &crate::report::listing::Listing) {
    use crate::report::listing::InputStatus;
    use crate::verify::Status;
    let bad: Vec<_> = listing
        .tapes
        .iter()
        .filter(|t| {
            matches!(
                t.status,
                InputStatus::Unreadable | InputStatus::Tape(Status::UnreadableSignature)
            )
        })
        .collect();
    if let Some(first) = bad.first() {
        let at = first.line.map_or(String::new(), |l| format!(":{l}"));
        eprintln!(
            "tally: {} of {} inputs could not be read; first: {}{at}: {}",
            bad.len(),
            listing.tapes.len(),
            crate::report::sanitize::terminal(&first.path),
            crate::report::sanitize::terminal(&first.reason)
        );
    }
}

/// Whether output goes to standard output.
fn is_stdout(path: &Path) -> bool {
    path == Path::new("-")
}
