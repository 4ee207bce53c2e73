//! Where a report goes: its format from `--format` or the file name, never over an input,
//! and one line on stderr saying what was written.

use std::path::Path;

use crate::report::plural;

/// Refuses an output file that is one of the inputs (by device and inode, whatever the name
/// it is reached by): the report would replace the evidence it was made from. Checked before
/// any work; the writer refuses again any file the run read ([`crate::files::was_read`]).
pub fn refuse_output_over_input<'a>(
    output: &Path,
    inputs: impl IntoIterator<Item = &'a Path>,
) -> anyhow::Result<()> {
    if is_stdout(output) {
        return Ok(());
    }
    // A keyring's signature is read from beside it (`keyring.csv.minisig`) when not named.
    let beside = |p: &Path| {
        let mut name = p.as_os_str().to_owned();
        name.push(".minisig");
        std::path::PathBuf::from(name)
    };
    for input in inputs {
        for read in [input.to_path_buf(), beside(input)] {
            if crate::files::same_file(output, &read) {
                let name = if read == output {
                    String::new()
                } else {
                    format!(" ({})", read.display())
                };
                anyhow::bail!(
                    "-o {} is one of the inputs{name}: the report would replace it; write the report to another file",
                    output.display(),
                );
            }
        }
    }
    Ok(())
}

/// The format a report is written in: as typed with `--format`; else the one the extension of
/// `-o` names (`report.html`); else a table. A typed format the file name contradicts is
/// refused with the fix.
pub fn resolve_format<F: clap::ValueEnum + Copy + PartialEq>(
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
    if let (None, Some(e), None) = (typed, ext.as_deref(), named) {
        let known: Vec<String> = F::value_variants().iter().map(|v| name(*v)).collect();
        anyhow::bail!(
            "-o {}: tally does not write .{e} files; it writes {} (name the file .txt, .md or by the format, or give --format)",
            output.display(),
            known.join(", ")
        );
    }
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
pub fn listing_holds(listing: &crate::report::listing::Listing) -> String {
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
pub fn tell_written(output: &Path, holds: &str) {
    if !is_stdout(output) {
        super::tell(&format!("wrote {}: {holds}", output.display()));
    }
}

/// Whether output goes to standard output.
pub fn is_stdout(path: &Path) -> bool {
    path == Path::new("-")
}
