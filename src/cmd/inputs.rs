//! What every command does with its inputs and tells the terminal about them: the keyring
//! loaded (loudly when nobody vouched for it), a batch read with progress bars, and the
//! inputs that could not be read.

use anyhow::Context as _;

use crate::cli::{KeyringArgs, PhotoArgs};
use crate::keyring::{Authenticity, Keyring};
use crate::report::plural;
use crate::report::sanitize::terminal;
use crate::source::batch::{Batch, BatchOptions, KeyringFiles};

use super::progress;

/// The keyring files the options name.
fn keyring_files(args: &KeyringArgs) -> Option<KeyringFiles<'_>> {
    Some(KeyringFiles {
        path: args.keyring.as_deref()?,
        root_key: args.root_key.as_deref(),
        signature: args.keyring_sig.as_deref(),
    })
}

/// Loads the keyring the options name, for a command that needs it before any input.
pub(super) fn load_keyring(args: &KeyringArgs) -> anyhow::Result<Option<Keyring>> {
    let Some(files) = keyring_files(args) else {
        return Ok(None);
    };
    let keyring = files.load().context("the keyring cannot be used")?;
    warn_unauthenticated(&keyring);
    Ok(Some(keyring))
}

/// Warns loudly on stderr when a keyring is not authenticated by a root key.
pub(super) fn warn_unauthenticated(keyring: &Keyring) {
    if keyring.authenticity == Authenticity::Unauthenticated {
        eprintln!(
            "tally: warning: keyring {} is NOT AUTHENTICATED: give the commission's root key with --root-key; \
             until then nothing proves these device keys are the commission's",
            keyring.path.display()
        );
    }
}

/// How the photo options say a batch is read (the tapes layout loaded).
pub(super) fn batch_options(photo: &PhotoArgs) -> anyhow::Result<BatchOptions> {
    if photo.cross_check && !cfg!(feature = "ocr") {
        anyhow::bail!(
            "--cross-check reads the printed text by OCR, and this build has no OCR: leave it out, or use a build with OCR"
        );
    }
    let layout = photo
        .tapes_layout
        .as_deref()
        .map(crate::published::LayoutFile::load)
        .transpose()
        .context("--tapes-layout")?;
    Ok(BatchOptions {
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
        tables: crate::published::ImportOptions {
            layout,
            ..Default::default()
        },
        tape_parts: photo.tape_parts.0.clone(),
    })
}

/// Loads the keyring and reads and verifies every input under `paths`, with progress bars;
/// tells stderr about what could not be read.
pub(super) fn read_batch(
    paths: &[std::path::PathBuf],
    keyring: &KeyringArgs,
    photo: &PhotoArgs,
    bars: &progress::Bars,
) -> anyhow::Result<Batch> {
    let options = batch_options(photo)?;
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
    if let Some((path, line, reason)) = batch.skipped_rows.first() {
        eprintln!(
            "tally: {} of observers' tables left out by the tapes layout; first: {}:{line}: {}",
            plural(batch.skipped_rows.len(), "row", "rows"),
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

/// The tapes of `--tapes` (and `--tape-parts`) read and verified, when any were given: for
/// the commands where tapes are optional (`seats`, `screen`).
pub(super) fn optional_batch(
    paths: &[std::path::PathBuf],
    keyring: &KeyringArgs,
    photo: &PhotoArgs,
    bars: &progress::Bars,
) -> anyhow::Result<Option<Batch>> {
    if paths.is_empty() && photo.tape_parts.0.is_empty() {
        return Ok(None);
    }
    read_batch(paths, keyring, photo, bars).map(Some)
}

/// The payloads of a batch's tapes whose status is `verified`: the only figures proven.
pub(super) fn verified_payloads(batch: Option<&Batch>) -> Vec<&crate::tape::Payload> {
    batch
        .iter()
        .flat_map(|b| &b.checked)
        .filter(|(_, v)| {
            v.as_ref()
                .is_some_and(|v| v.status == crate::verify::Status::Verified)
        })
        .filter_map(|(input, _)| input.tape.as_ref().ok().map(|t| &t.payload))
        .collect()
}

/// What a report says of the tapes given: read, unreadable, verified, and whether the keyring
/// was authenticated.
pub(super) fn tapes_used(batch: &Batch, verified: usize) -> crate::report::seats::TapesUsed {
    crate::report::seats::TapesUsed {
        inputs: batch.checked.len(),
        unreadable: batch.unreadable().len(),
        verified,
        keyring_authenticated: batch.keyring.as_ref().is_some_and(|k| {
            matches!(
                k.authenticity,
                crate::keyring::Authenticity::Authenticated { .. }
            )
        }),
    }
}
