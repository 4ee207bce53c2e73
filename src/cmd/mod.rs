//! Command glue: one file per subcommand, each the same shape — arguments → settings → core →
//! render. Only this layer and the renderers write to streams. Here: the dispatcher, and what
//! every command tells the terminal about its inputs.

mod bundle;
mod completions;
mod enter;
mod keys;
mod outcome;
mod output;
mod progress;
mod published;
mod read;
mod reconcile;
mod review;
mod simulate;
mod verify;

use anyhow::Context as _;

pub use outcome::Outcome;

use crate::cli::{Cli, Command, KeyringArgs, PhotoArgs};
use crate::keyring::{Authenticity, Keyring};
use crate::report::plural;
use crate::report::sanitize::terminal;
use crate::source::batch::{Batch, BatchOptions, KeyringFiles};

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
        Command::Completions(args) => completions::run(args),
    }
}

/// An error and its causes on one line, each cause said once: a cause whose text the message
/// already holds (`cannot read: No such file or directory (os error 2)`, then the same I/O
/// error again) is left out.
pub fn error_text(err: &anyhow::Error) -> String {
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

/// The keyring files the options name.
fn keyring_files(args: &KeyringArgs) -> Option<KeyringFiles<'_>> {
    Some(KeyringFiles {
        path: args.keyring.as_deref()?,
        root_key: args.root_key.as_deref(),
        signature: args.keyring_sig.as_deref(),
    })
}

/// Loads the keyring the options name, for a command that needs it before any input.
fn load_keyring(args: &KeyringArgs) -> anyhow::Result<Option<Keyring>> {
    let Some(files) = keyring_files(args) else {
        return Ok(None);
    };
    let keyring = files.load().context("the keyring cannot be used")?;
    warn_unauthenticated(&keyring);
    Ok(Some(keyring))
}

/// Warns loudly on stderr when a keyring is not authenticated by a root key.
fn warn_unauthenticated(keyring: &Keyring) {
    if keyring.authenticity == Authenticity::Unauthenticated {
        eprintln!(
            "tally: warning: keyring {} is NOT AUTHENTICATED: give the commission's root key with --root-key; \
             until then nothing proves these device keys are the commission's",
            keyring.path.display()
        );
    }
}

/// How the photo options say a batch is read.
fn batch_options(photo: &PhotoArgs) -> BatchOptions {
    BatchOptions {
        shard: photo.shard,
        photo: crate::photo::Options {
            cross_check: photo.cross_check,
            ..Default::default()
        },
        cache_dir: if photo.no_cache {
            None
        } else {
            photo
                .cache
                .clone()
                .or_else(crate::source::Cache::default_dir)
        },
    }
}

/// Loads the keyring and reads and verifies every input under `paths`, with progress bars;
/// tells stderr about what could not be read.
fn read_batch(
    paths: &[std::path::PathBuf],
    keyring: &KeyringArgs,
    photo: &PhotoArgs,
    bars: &progress::Bars,
) -> anyhow::Result<Batch> {
    let options = batch_options(photo);
    let batch = crate::source::batch::read_batch(paths, keyring_files(keyring), &options, bars)?;
    warn_batch(&batch);
    Ok(batch)
}

/// Tells stderr how many inputs could not be read, naming the first, so that a batch script
/// writing its report to a file still sees the problem; and about cache entries bound to
/// another photo than the one they were filed under (those photos were read afresh).
fn warn_batch(batch: &Batch) {
    let bad = batch.unreadable();
    if let Some((path, line, reason)) = bad.first() {
        let at = line.map_or(String::new(), |l| format!(":{l}"));
        eprintln!(
            "tally: {} of {} could not be read; first: {}{at}: {}",
            bad.len(),
            plural(batch.checked.len(), "input", "inputs"),
            terminal(&path.display().to_string()),
            terminal(reason)
        );
    }
    if let (Some(first), Some(dir)) = (batch.refused_cache.first(), &batch.cache_dir) {
        eprintln!(
            "tally: warning: photo cache {}: {} made from another photo than the one it is filed under (copied over, or altered): not used, the photo was read again; first: {}",
            terminal(&dir.display().to_string()),
            plural(batch.refused_cache.len(), "entry was", "entries were"),
            terminal(&first.display().to_string())
        );
    }
}
