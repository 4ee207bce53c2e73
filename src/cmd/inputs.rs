//! What every command does with its inputs and tells the terminal about them: the keyring
//! loaded (loudly when nobody vouched for it), a batch read with progress bars, and the
//! inputs that could not be read.

use anyhow::Context as _;

use crate::cli::{KeyringArgs, PhotoArgs};
use crate::keyring::{Authenticity, Keyring};
use crate::report::plural;
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

/// The published results `result` loaded from `path`, or why not: when the file is the
/// device keyring or a root key given as the published results, that is said (with the
/// option it goes with) instead of how its columns could not be read; else the error, with
/// `context`.
pub(super) fn published_or_hint<T>(
    result: Result<T, crate::published::PublishedError>,
    path: &std::path::Path,
    context: &'static str,
) -> anyhow::Result<T> {
    result.or_else(|e| {
        let head = {
            use std::io::Read as _;
            let mut head = Vec::new();
            crate::files::open(path)
                .and_then(|(file, _)| file.take(1024).read_to_end(&mut head))
                .map(|_| head)
                .unwrap_or_default()
        };
        let what = if crate::keyring::is_keyring(&head) {
            "this is the device keyring: give it with --keyring; --published takes the commission's results"
        } else if crate::keyring::is_minisign_key(&head) {
            "this is a minisign public key (the commission's root key?): give it with --root-key; --published takes the commission's results"
        } else {
            return Err(anyhow::Error::new(e).context(context));
        };
        anyhow::bail!("{}: {what}; {context}", path.display())
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
        super::tell(&format!(
            "tally: warning: keyring {} is NOT AUTHENTICATED: give the commission's root key with --root-key; \
             until then nothing proves these device keys are the commission's",
            keyring.path.display()
        ));
    }
}

/// How the photo options say a batch is read (the tapes layout loaded).
pub(super) fn batch_options(photo: &PhotoArgs) -> anyhow::Result<BatchOptions> {
    if photo.cross_check && !cfg!(feature = "ocr") {
        anyhow::bail!(
            "--cross-check reads the printed text by OCR, and this build has no OCR: leave it out, or use a build with OCR"
        );
    }
    if let Some(file) = &photo.ocr_model {
        crate::photo::use_ocr_model(file)?;
    }
    let layout = photo
        .tapes_layout
        .as_deref()
        .map(crate::published::LayoutFile::load)
        .transpose()
        .context("--tapes-layout")?;
    let (cache_dir, cache_key) = cache_of(photo)?;
    Ok(BatchOptions {
        shard: photo.shard,
        photo: crate::photo::Options {
            cross_check: photo.cross_check,
            ..Default::default()
        },
        cache_dir,
        cache_key,
        tables: crate::published::ImportOptions {
            layout,
            ..Default::default()
        },
        tape_parts: photo.tape_parts.0.clone(),
    })
}

/// The photo cache's folder and key the options name. A key given with --cache-key that
/// cannot be used stops the run; the user's own key that cannot be made only costs the cache
/// (said on stderr).
fn cache_of(
    photo: &PhotoArgs,
) -> anyhow::Result<(Option<std::path::PathBuf>, Option<crate::source::CacheKey>)> {
    let dir = match (&photo.cache, photo.no_cache) {
        (_, true) => return Ok((None, None)),
        (Some(dir), _) => dir.clone(),
        (None, false) => match crate::source::Cache::default_dir() {
            Some(dir) => dir,
            None => return Ok((None, None)),
        },
    };
    match crate::source::CacheKey::load(photo.cache_key.as_deref(), &dir) {
        Ok(key) => Ok((Some(dir), Some(key))),
        Err(e) if photo.cache_key.is_none() => {
            super::tell(&format!(
                "tally: warning: {e}; photos are read without the cache this time"
            ));
            Ok((None, None))
        }
        Err(e) => Err(anyhow::Error::new(e).context("--cache-key")),
    }
}

/// Loads the keyring and reads and verifies every input under `paths`, with progress bars;
/// tells stderr about what could not be read.
pub(super) fn read_batch(
    paths: &[std::path::PathBuf],
    keyring: &KeyringArgs,
    photo: &PhotoArgs,
    bars: &progress::Bars,
) -> anyhow::Result<Batch> {
    read_batch_with(paths, keyring, photo, &batch_options(photo)?, bars)
}

/// [`read_batch`] with the photo options already resolved (`batch_options`), for a command
/// that needed them before reading.
pub(super) fn read_batch_with(
    paths: &[std::path::PathBuf],
    keyring: &KeyringArgs,
    photo: &PhotoArgs,
    options: &BatchOptions,
    bars: &progress::Bars,
) -> anyhow::Result<Batch> {
    bars.keep_in(options.cache_dir.clone());
    let batch = crate::source::batch::read_batch(paths, keyring_files(keyring), options, bars)?;
    warn_batch(&batch);
    refuse_shard_that_kept_nothing(&batch, photo)?;
    Ok(batch)
}

/// Tells stderr how many inputs could not be read, naming the first, so that a batch script
/// writing its report to a file still sees the problem; and about cache entries bound to
/// another photo than the one they were filed under (those photos were read afresh).
fn warn_batch(batch: &Batch) {
    let bad = batch.unreadable();
    if let Some((path, line, reason)) = bad.first() {
        let at = line.map_or(String::new(), |l| format!(":{l}"));
        super::tell(&format!(
            "tally: {} of {} could not be read; first: {}{at}: {}",
            bad.len(),
            plural(batch.checked.len(), "input", "inputs"),
            path.display(),
            reason
        ));
    }
    if let Some((path, line, reason)) = batch.skipped_rows.first() {
        super::tell(&format!(
            "tally: {} of observers' tables left out by the tapes layout; first: {}:{line}: {}",
            plural(batch.skipped_rows.len(), "row", "rows"),
            path.display(),
            reason
        ));
    }
    let (Some(log), Some(dir)) = (&batch.cache_log, &batch.cache_dir) else {
        return;
    };
    if let Some((first, why)) = log.refused.first() {
        super::tell(&format!(
                "tally: warning: photo cache {}: {} not believed and the photo read again; first: {}: {why}",
                dir.display(),
                plural(log.refused.len(), "entry was", "entries were"),
                first.display()
            ));
    }
    if let Some(why) = &log.first_failure {
        super::tell(&format!(
                "tally: warning: photo cache {}: {} of {} could not be kept (the next run reads them again); first: {why}",
                dir.display(),
                log.not_kept,
                plural(log.kept + log.not_kept, "reading", "readings")
            ));
    }
}

/// A shard's work is what it keeps in the cache for the run that joins the shards: one that
/// read photos and kept none of them did nothing, and must not pass for done.
fn refuse_shard_that_kept_nothing(batch: &Batch, photo: &PhotoArgs) -> anyhow::Result<()> {
    if photo.shard.is_none() || photo.no_cache {
        return Ok(());
    }
    let (kept, tried) = batch
        .cache_log
        .as_ref()
        .map_or((0, 1), |log| (log.kept, log.kept + log.not_kept));
    let photos = batch.checked.iter().any(|(input, _)| input.photo.is_some());
    if photos && tried > 0 && kept == 0 {
        anyhow::bail!(
            "--shard {}/{}: no reading could be kept in the photo cache, so the run that joins the shards would read these photos again: give a --cache folder this run can write (and its --cache-key)",
            photo.shard.map_or(0, |s| s.index),
            photo.shard.map_or(0, |s| s.of)
        );
    }
    Ok(())
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
