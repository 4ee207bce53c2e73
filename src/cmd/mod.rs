//! Command glue: one file per subcommand, each the same shape — arguments → settings → core →
//! render. Only this layer and the renderers write to streams.

mod bundle;
mod completions;
mod enter;
mod keys;
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
    /// The outcome of a run: incomplete beats findings beats clean.
    pub fn of(incomplete: bool, findings: bool) -> Outcome {
        if incomplete {
            Outcome::Incomplete
        } else if findings {
            Outcome::Findings
        } else {
            Outcome::Clean
        }
    }

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
        Command::Keys(args) => keys::run(args),
        Command::Bundle(args) => bundle::run(args),
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

/// An input and, when it is a tape, its verdict.
type Checked = (crate::source::Input, Option<crate::verify::Verdict>);

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

/// Loads the keyring and reads every input, then verifies them. Typed tapes are read (parsed
/// and hashed) while the keyring loads; photos wait for it, since signatures judge their
/// corrections.
/// `timer` marks the phases (the caller's, so that every mark counts from one start).
fn read_inputs(
    paths: &[std::path::PathBuf],
    keyring: &KeyringArgs,
    photo: &crate::cli::PhotoArgs,
    timer: &progress::Timings,
) -> anyhow::Result<(Option<Keyring>, Vec<Checked>)> {
    use rayon::prelude::*;
    let (keyring, staged) = rayon::join(
        || {
            let k = load_keyring(keyring);
            timer.mark("  keyring loaded");
            k
        },
        || {
            let entries = share(paths, photo.shard)?;
            timer.mark("  inputs listed");
            let bar = progress::bar(entries.len() as u64, "reading");
            let staged: Vec<_> = entries
                .into_par_iter()
                .map(|e| {
                    let s = crate::source::read_unless_photo(e);
                    bar.inc(1);
                    s
                })
                .collect();
            bar.finish_and_clear();
            timer.mark("  typed tapes read");
            anyhow::Ok(staged)
        },
    );
    let (keyring, staged) = (keyring?, staged?);
    let checked = check_all(staged, keyring.as_ref(), photo, |s, options| match s {
        crate::source::Staged::Read(input) => input,
        crate::source::Staged::Photo(path) => crate::source::read_input_with(&path, options),
    });
    timer.mark("  photos read, tapes verified");
    Ok((keyring, checked))
}

/// Reads and verifies every input in one parallel pass with a progress bar, in input order
/// (photos are read with the keyring judging their corrections); tells stderr about the
/// inputs that could not be read.
fn check_inputs(
    entries: Vec<crate::source::Entry>,
    keyring: Option<&Keyring>,
    photo: &crate::cli::PhotoArgs,
) -> Vec<Checked> {
    check_all(entries, keyring, photo, crate::source::read_entry_with)
}

/// Finishes reading each item with `read` and verifies its tape, in parallel and in order,
/// with a progress bar; tells stderr about the inputs that could not be read.
fn check_all<T: Send>(
    items: Vec<T>,
    keyring: Option<&Keyring>,
    photo: &crate::cli::PhotoArgs,
    read: impl Fn(T, &crate::source::ReadOptions) -> crate::source::Input + Sync,
) -> Vec<Checked> {
    use rayon::prelude::*;
    let bar = progress::bar(items.len() as u64, "checking");
    let cache = make_cache(photo, keyring);
    let options = crate::source::ReadOptions {
        keyring,
        photo: photo_options(photo),
        cache: cache.as_ref(),
    };
    let checked: Vec<Checked> = items
        .into_par_iter()
        .map(|item| {
            let mut input = read(item, &options);
            let source = input.source;
            let verify = |t| {
                crate::source::guard::guarded(|| crate::verify::verify_reading(t, source, keyring))
            };
            // A failure of ours while verifying stays with this input, as one while reading.
            let verdict = match input.tape.as_ref().map(verify) {
                Ok(Ok(verdict)) => Some(verdict),
                Ok(Err(message)) => {
                    input.tape = Err(crate::source::ReadError {
                        line: None,
                        message,
                    });
                    None
                }
                Err(_) => None,
            };
            bar.inc(1);
            (input, verdict)
        })
        .collect();
    bar.finish_and_clear();
    warn_unreadable(&checked);
    if let Some(cache) = &cache {
        warn_refused_cache(cache);
    }
    checked
}

/// Tells stderr about cache entries that were bound to another photo than the one they were
/// filed under: those photos were read afresh, and the cache folder deserves a look.
fn warn_refused_cache(cache: &crate::source::Cache) {
    let refused = cache.refused_entries();
    if let Some(first) = refused.first() {
        eprintln!(
            "tally: warning: photo cache {}: {} made from another photo than the one it is filed under (copied over, or altered): not used, the photo was read again; first: {}",
            crate::report::sanitize::terminal(&cache.dir().display().to_string()),
            plural(refused.len(), "entry was", "entries were"),
            crate::report::sanitize::terminal(&first.display().to_string())
        );
    }
}

use crate::report::plural;

/// The inputs and their listing, for commands that walk the inputs one by one.
fn read_and_list(
    paths: &[std::path::PathBuf],
    keyring: Option<&Keyring>,
    photo: &crate::cli::PhotoArgs,
) -> anyhow::Result<(Vec<crate::source::Input>, crate::report::listing::Listing)> {
    let checked = check_inputs(share(paths, photo.shard)?, keyring, photo);
    let listing = listing_of(&checked, keyring, false);
    Ok((checked.into_iter().map(|(i, _)| i).collect(), listing))
}

/// `tally read` and `tally verify`: the inputs read and checked, and their listing
/// (`with_origin` for `tally read`).
fn read_listing(
    args: &crate::cli::ListingArgs,
    with_origin: bool,
) -> anyhow::Result<(Vec<Checked>, crate::report::listing::Listing)> {
    let (keyring, checked) = read_inputs(
        &args.paths,
        &args.keyring,
        &args.photo,
        &progress::Timings::from_env(),
    )?;
    let listing = listing_of(&checked, keyring.as_ref(), with_origin);
    Ok((checked, listing))
}

/// The listing of checked inputs (`with_origin` for `tally read`).
fn listing_of(
    checked: &[Checked],
    keyring: Option<&Keyring>,
    with_origin: bool,
) -> crate::report::listing::Listing {
    use rayon::prelude::*;
    let entries = checked
        .par_iter()
        .map(|(i, v)| crate::report::listing::entry(i, v.as_ref(), with_origin))
        .collect();
    crate::report::listing::Listing::from_entries(entries, keyring)
}

/// The inputs under `paths`, or with `--shard K/N` only share K of them (by each input's path
/// under the argument it was found under, so every machine must see the same layout). A
/// folder that holds no file at all is an error: a wrong path must not pass for a clean run.
fn share(
    paths: &[std::path::PathBuf],
    shard: Option<crate::source::Shard>,
) -> anyhow::Result<Vec<crate::source::Entry>> {
    let mut out = Vec::new();
    for root in paths {
        let entries = crate::source::expand(std::slice::from_ref(root));
        if entries.is_empty() {
            anyhow::bail!(
                "no tape found in {}: the folder holds no file; check the path",
                root.display()
            );
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

/// Tells stderr how many inputs could not be read, naming the first, so that a batch script
/// writing its report to a file still sees the problem.
fn warn_unreadable(checked: &[Checked]) {
    use crate::report::sanitize::terminal;
    let bad: Vec<(&std::path::Path, Option<usize>, &str)> = checked
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
        .collect();
    if let Some((path, line, reason)) = bad.first() {
        let at = line.map_or(String::new(), |l| format!(":{l}"));
        eprintln!(
            "tally: {} of {} could not be read; first: {}{at}: {}",
            bad.len(),
            plural(checked.len(), "input", "inputs"),
            terminal(&path.display().to_string()),
            terminal(reason)
        );
    }
}

/// Refuses an output file that is one of the inputs: the report would replace the evidence it
/// was made from.
fn refuse_output_over_input<'a>(
    output: &Path,
    inputs: impl IntoIterator<Item = &'a Path>,
) -> anyhow::Result<()> {
    if is_stdout(output) {
        return Ok(());
    }
    let Ok(out) = std::fs::canonicalize(output) else {
        return Ok(());
    };
    for input in inputs {
        if std::fs::canonicalize(input).is_ok_and(|i| i == out) {
            anyhow::bail!(
                "-o {} is one of the inputs: the report would replace it; write the report to another file",
                output.display()
            );
        }
    }
    Ok(())
}

/// The format a report is written in: as typed with `--format`; else the one the extension of
/// `-o` names (`report.html`); else a table. A typed format the file name contradicts is
/// refused with the fix.
fn resolve_format<F: clap::ValueEnum + Copy + PartialEq>(
    typed: Option<F>,
    output: &Path,
    default: F,
) -> anyhow::Result<F> {
    let name = |f: F| {
        f.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    };
    let ext = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let named = ext.as_deref().and_then(|e| {
        let e = match e {
            "htm" => "html",
            "md" => "markdown",
            "txt" => "table",
            e => e,
        };
        F::value_variants().iter().copied().find(|v| name(*v) == e)
    });
    match (typed, named) {
        (Some(t), Some(n)) if t != n => anyhow::bail!(
            "-o {} names a {} file but --format is {}: leave out --format, or name the file for {}",
            output.display(),
            name(n),
            name(t),
            name(t)
        ),
        (Some(t), _) => Ok(t),
        (None, Some(n)) => Ok(n),
        (None, None) => Ok(default),
    }
}

/// What a listing holds, in a few words: `3 inputs, 2 verified`.
fn listing_holds(listing: &crate::report::listing::Listing) -> String {
    let verified = listing
        .summary
        .by_status
        .get("verified")
        .copied()
        .unwrap_or(0);
    format!(
        "{}, {verified} verified",
        plural(listing.tapes.len(), "input", "inputs")
    )
}

/// Tells stderr what was written where (`wrote report.html: 36 stations with findings`), so
/// that a script's log says it; nothing when the report went to standard output.
fn tell_written(output: &Path, holds: &str) {
    if !is_stdout(output) {
        eprintln!(
            "wrote {}: {holds}",
            crate::report::sanitize::terminal(&output.display().to_string())
        );
    }
}

/// Whether output goes to standard output.
fn is_stdout(path: &Path) -> bool {
    path == Path::new("-")
}
