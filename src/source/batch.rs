//! A batch: every input under the paths given — files, folders, photos, a shard of them,
//! readings kept in the photo cache — read and verified in one parallel pass, in input order,
//! each with its verdict or the reason it has none. The commands call this and only render.
//!
//! Typed tapes are read while the keyring loads; photos wait for it, since signatures judge
//! their corrections. Nothing here prints: what happens is told to a [`Watch`].

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::keyring::{Keyring, KeyringError};
use crate::verify::{verify_reading, Verdict};

use super::{
    expand, guard, read_input_with, read_unless_photo, Cache, Entry, Input, ReadError, ReadOptions,
    Shard, Staged,
};

/// An input and, when it is a tape, its verdict.
pub type Checked = (Input, Option<Verdict>);

/// The files of the commission's keyring.
#[derive(Debug, Clone, Copy)]
pub struct KeyringFiles<'a> {
    /// The keyring (`keyring.csv`).
    pub path: &'a Path,
    /// The commission's root key that signs it (none: the keyring is not authenticated).
    pub root_key: Option<&'a Path>,
    /// The keyring's minisign signature, when not beside it as `keyring.csv.minisig`.
    pub signature: Option<&'a Path>,
}

impl KeyringFiles<'_> {
    /// Loads and checks the keyring.
    pub fn load(&self) -> Result<Keyring, KeyringError> {
        Keyring::load(self.path, self.root_key, self.signature)
    }
}

/// How a batch is read.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Only this share of the inputs (`--shard K/N`).
    pub shard: Option<Shard>,
    /// What to try on photos.
    pub photo: crate::photo::Options,
    /// The photo cache's folder (none: every photo is read afresh).
    pub cache_dir: Option<PathBuf>,
    /// The key the cache's entries are sealed with (none: no cache is used).
    pub cache_key: Option<super::CacheKey>,
    /// How observers' tables among the inputs are read (`--tapes-layout`).
    pub tables: crate::published::ImportOptions,
    /// Photos of the parts of one tape each (`--tape-parts`): each group is one input, and
    /// its photos are not read on their own when found among the paths.
    pub tape_parts: Vec<Vec<PathBuf>>,
}

impl BatchOptions {
    /// The photo cache these options name, for readings judged against `keyring`.
    pub fn cache(&self, keyring: Option<&Keyring>) -> Option<Cache> {
        let dir = self.cache_dir.clone()?;
        Some(Cache::new(
            dir,
            self.cache_key.clone()?,
            keyring.map(|k| k.sha256.as_str()),
            &self.photo,
        ))
    }
}

/// What a batch tells as it goes: progress bars and timings belong to the caller.
pub trait Watch: Sync {
    /// A phase of `len` items begins (`reading`, `checking`).
    fn phase(&self, _what: &'static str, _len: u64) {}
    /// One item of the phase is done.
    fn step(&self) {}
    /// The phase is over.
    fn phase_done(&self) {}
    /// `count` photos are to be read in the phase that begins.
    fn photos(&self, _count: u64) {}
    /// One of them was read (or taken from the cache).
    fn photo_read(&self) {}
    /// A point in time worth marking (for `TALLY_TIMINGS`).
    fn mark(&self, _what: &str) {}
    /// The keyring is loaded (before any photo is read).
    fn keyring_loaded(&self, _keyring: &Keyring) {}
}

/// A watch that tells nobody.
pub struct Quiet;

impl Watch for Quiet {}

/// Why a batch could not be read at all (a bad input is never this: it is kept, with its
/// reason).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// A folder named on the command line holds no file: a wrong path must not pass for a
    /// clean run.
    #[error("no tape found in {}: the folder holds no file; check the path", .0.display())]
    NothingFound(PathBuf),
    /// The keyring cannot be used.
    #[error("the keyring cannot be used")]
    Keyring(#[source] KeyringError),
}

/// A batch read and verified.
#[derive(Debug)]
pub struct Batch {
    /// The keyring the tapes were verified against.
    pub keyring: Option<Keyring>,
    /// Every input, in input order, with its verdict when it is a tape.
    pub checked: Vec<Checked>,
    /// The photo cache's folder, when one was used.
    pub cache_dir: Option<PathBuf>,
    /// What happened to the photo cache's entries (none: no cache): entries not believed
    /// (each such photo was read afresh, and the folder deserves a look), readings kept and
    /// not kept.
    pub cache_log: Option<super::cache::CacheLog>,
    /// Rows of observers' tables that the tapes layout's `[[skip]]` rules left out: the
    /// table, the line and why.
    pub skipped_rows: Vec<(PathBuf, usize, String)>,
    /// The layout observers' tables were read with.
    pub tables_layout: Option<crate::published::LayoutFile>,
}

impl Batch {
    /// The inputs that could not be read, or whose signature could not be read: path, line
    /// and reason.
    pub fn unreadable(&self) -> Vec<(&Path, Option<usize>, &str)> {
        self.checked
            .iter()
            .filter_map(|(input, _)| match &input.tape {
                Err(e) => Some((input.path.as_path(), e.line, e.message.as_str())),
                Ok(t) => match &t.signature {
                    crate::tape::Signature::Unreadable { line, reason } => {
                        Some((input.path.as_path(), Some(*line), reason.as_str()))
                    }
                    _ => None,
                },
            })
            .collect()
    }
}

/// Loads the keyring (when given) and reads and verifies every input under `paths`.
pub fn read_batch(
    paths: &[PathBuf],
    keyring: Option<KeyringFiles>,
    options: &BatchOptions,
    watch: &dyn Watch,
) -> Result<Batch, BatchError> {
    let (keyring, staged) = rayon::join(
        || {
            let k = keyring.map(|k| k.load()).transpose();
            if let Ok(Some(k)) = &k {
                watch.keyring_loaded(k);
            }
            watch.mark("  keyring loaded");
            k
        },
        || {
            let entries = without_parts(share(paths, options.shard)?, &options.tape_parts);
            watch.mark("  inputs listed");
            watch.phase("reading", entries.len() as u64);
            let staged: Vec<Staged> = entries
                .into_par_iter()
                .map(|e| {
                    let s = read_unless_photo(e, options.tables.layout.is_some());
                    watch.step();
                    s
                })
                .collect();
            watch.phase_done();
            watch.mark("  typed tapes read");
            let parts = options.tape_parts.iter().cloned().map(Staged::Parts);
            Ok(staged.into_iter().chain(parts).collect::<Vec<_>>())
        },
    );
    let keyring = keyring.map_err(BatchError::Keyring)?;
    let (staged, skipped_rows) = open_tables(staged?, &options.tables);
    let cache = options.cache(keyring.as_ref());
    let photos = staged
        .iter()
        .filter(|s| matches!(s, Staged::Photo(_) | Staged::Parts(_)))
        .count();
    watch.photos(photos as u64);
    let checked = check_all(
        staged,
        keyring.as_ref(),
        (options, cache.as_ref()),
        watch,
        |s, o| {
            let input = match s {
                Staged::Read(input) => return input,
                Staged::Photo(path) => read_input_with(&path, o),
                Staged::Parts(paths) => super::parts::read_parts_input(&paths, o),
                Staged::Table(path) => return unreachable_table(path),
            };
            watch.photo_read();
            input
        },
    );
    watch.mark("  photos read, tapes verified");
    let checked = match keyring.as_ref() {
        Some(k) => {
            let (checked, (compared, read)) =
                super::parts::join_found_parts(checked, k, cache.as_ref());
            if compared > 0 {
                watch.mark(&format!(
                    "  parts looked for among {compared} unproven photos ({read} read by OCR)"
                ));
            }
            checked
        }
        None => checked,
    };
    let cache_log = cache.map(|c| c.log());
    Ok(Batch {
        keyring,
        checked,
        cache_dir: options.cache_dir.clone(),
        cache_log,
        skipped_rows,
        tables_layout: options.tables.layout.clone(),
    })
}

/// Replaces each observers' table by its rows, read as inputs; returns the rows its layout
/// left out.
fn open_tables(
    staged: Vec<Staged>,
    options: &crate::published::ImportOptions,
) -> (Vec<Staged>, Vec<(PathBuf, usize, String)>) {
    let mut out = Vec::with_capacity(staged.len());
    let mut skipped = Vec::new();
    for s in staged {
        match s {
            Staged::Table(path) => {
                let table = guard::guarded(|| super::table::read_table(&path, options))
                    .unwrap_or_else(|message| super::table::TableInputs {
                        inputs: vec![super::failed(path.clone(), None, message)],
                        skipped: Vec::new(),
                    });
                out.extend(table.inputs.into_iter().map(Staged::Read));
                skipped.extend(
                    table
                        .skipped
                        .into_iter()
                        .map(|(line, reason)| (path.clone(), line, reason)),
                );
            }
            other => out.push(other),
        }
    }
    (out, skipped)
}

/// Tables are opened before checking ([`open_tables`]): one that reached here is a failure of
/// ours, kept as this input's reason.
fn unreachable_table(path: PathBuf) -> Input {
    super::failed(
        path,
        None,
        "internal error: this table was not opened; please report it".into(),
    )
}

/// Finishes reading each item with `read` and verifies its tape, in parallel and in order,
/// photos kept in `cache`.
fn check_all<T: Send>(
    items: Vec<T>,
    keyring: Option<&Keyring>,
    (options, cache): (&BatchOptions, Option<&Cache>),
    watch: &dyn Watch,
    read: impl Fn(T, &ReadOptions) -> Input + Sync,
) -> Vec<Checked> {
    watch.phase("checking", items.len() as u64);
    let read_options = ReadOptions {
        keyring,
        photo: options.photo,
        cache,
    };
    let checked: Vec<Checked> = items
        .into_par_iter()
        .map(|item| {
            let mut input = read(item, &read_options);
            let source = input.source;
            let verify = |t| guard::guarded(|| verify_reading(t, source, keyring));
            // A failure of ours while verifying stays with this input, as one while reading.
            let verdict = match input.tape.as_ref().map(verify) {
                Ok(Ok(verdict)) => Some(verdict),
                Ok(Err(message)) => {
                    input.tape = Err(ReadError {
                        station: None,
                        line: None,
                        message,
                    });
                    None
                }
                Err(_) => None,
            };
            watch.step();
            (input, verdict)
        })
        .collect();
    watch.phase_done();
    checked
}

/// The entries without the photos that are parts of a tape given with `--tape-parts` (found
/// by their canonical path): those are read together, as one input.
fn without_parts(entries: Vec<Entry>, groups: &[Vec<PathBuf>]) -> Vec<Entry> {
    if groups.is_empty() {
        return entries;
    }
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let parts: std::collections::HashSet<PathBuf> =
        groups.iter().flatten().map(|p| canonical(p)).collect();
    entries
        .into_iter()
        .filter(|e| !matches!(e, Ok(p) if parts.contains(&canonical(p))))
        .collect()
}

/// The inputs under `paths`, or with a shard only its share of them (by each input's path
/// under the argument it was found under, so every machine must see the same layout).
fn share(paths: &[PathBuf], shard: Option<Shard>) -> Result<Vec<Entry>, BatchError> {
    let mut out = Vec::new();
    for root in paths {
        let entries = expand(std::slice::from_ref(root));
        if entries.is_empty() {
            return Err(BatchError::NothingFound(root.clone()));
        }
        for entry in entries {
            let Some(shard) = shard else {
                out.push(entry);
                continue;
            };
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
    Ok(out)
}
