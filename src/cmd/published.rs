//! `tally published inspect`: a published results file as tally reads it, and a starter
//! layout file to edit.

use std::io::Write as _;

use anyhow::Context as _;

use crate::cli::{InspectArgs, PublishedArgs, PublishedCommand};
use crate::published::inspect::inspect;
use crate::report::plural;
use crate::report::sanitize::terminal;

use super::Outcome;

/// Runs `tally published`.
pub fn run(args: PublishedArgs) -> anyhow::Result<Outcome> {
    match args.command {
        PublishedCommand::Inspect(a) => run_inspect(a),
    }
}

fn run_inspect(args: InspectArgs) -> anyhow::Result<Outcome> {
    // Settings.
    let options = super::reconcile::import_options(&args.import)?;
    if let Some(out) = &args.write_layout {
        if out.exists() {
            anyhow::bail!(
                "{} already exists: nothing was written; give another --write-layout FILE",
                out.display()
            );
        }
    }
    // Core.
    let bytes = crate::files::read(
        &args.file,
        crate::published::MAX_PUBLISHED_BYTES,
        "a published results file",
    )
    .with_context(|| format!("{}: cannot read the published results", args.file.display()))?;
    let found = inspect(&bytes, &args.file, &options)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    // Render.
    let mut o = std::io::stdout().lock();
    let name = args.file.display().to_string();
    writeln!(
        o,
        "{}: {}, {} ({})",
        terminal(&name),
        found.format,
        found.encoding,
        found.encoding_why
    )?;
    writeln!(o, "\ncolumns:")?;
    let width = found
        .header
        .iter()
        .map(|h| h.trim().chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    for (i, h) in found.header.iter().enumerate() {
        writeln!(
            o,
            "  {:<width$}  {:<16} {}",
            terminal(h.trim()),
            found.role(i),
            terminal(&found.samples_of(i))
        )?;
    }
    let outcome = match (&found.columns, &found.read) {
        (Err(why), _) | (_, Err(why)) => {
            writeln!(o, "\nthe header cannot be mapped: {}", why)?;
            Outcome::Findings
        }
        (Ok(_), Ok(p)) => {
            writeln!(
                o,
                "\n{} layout: {} read, {}, {} rejected, {} left out by the layout, {} entirely empty",
                match p.layout {
                    crate::published::Layout::Long => "long",
                    crate::published::Layout::Wide => "wide",
                },
                plural(p.rows, "row", "rows"),
                plural(p.stations.len(), "station", "stations"),
                p.rejected.len(),
                p.skipped.len(),
                p.empty_rows
            )?;
            for (what, rows) in [("rejected", &p.rejected), ("left out", &p.skipped)] {
                for r in rows.iter().take(5) {
                    writeln!(o, "  {what}: line {}: {}", r.line, terminal(&r.reason))?;
                }
            }
            if p.rejected.is_empty() {
                Outcome::Clean
            } else {
                Outcome::Findings
            }
        }
    };
    if let Some(out) = &args.write_layout {
        let file_name = args
            .file
            .file_name()
            .map_or(name.clone(), |n| n.to_string_lossy().into_owned());
        crate::report::output::write_atomic_new(out, found.starter_layout(&file_name).as_bytes())
            .with_context(|| format!("{}: cannot write the layout", out.display()))?;
        super::tell(&format!(
            "wrote {}: a starter layout to edit",
            out.display()
        ));
    }
    Ok(outcome)
}
