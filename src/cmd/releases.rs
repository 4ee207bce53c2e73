//! `tally releases`: two releases of the published results compared.

use anyhow::Context as _;

use crate::cli::ReleasesArgs;
use crate::published::{self, ImportOptions};
use crate::report::output::write_output_with;
use crate::report::plural;
use crate::report::releases::{build, render, ReleasesFormat};

use super::output::{refuse_output_over_input, resolve_format, tell_written};
use super::reconcile::{import_options, warn_rejected_rows};
use super::Outcome;

/// Runs `tally releases`.
pub fn run(args: ReleasesArgs) -> anyhow::Result<Outcome> {
    let old_options = import_options(&args.import)?;
    let new_options = match &args.layout_new {
        Some(path) => ImportOptions {
            layout: Some(published::LayoutFile::load(path).context("--layout-new")?),
            ..old_options.clone()
        },
        None => old_options.clone(),
    };
    let output = &args.output.output;
    let inputs = [args.old.as_path(), args.new.as_path()].into_iter();
    let inputs = inputs
        .chain(args.import.paths())
        .chain(args.layout_new.as_deref());
    refuse_output_over_input(output, inputs)?;
    let format = resolve_format(args.format, output, ReleasesFormat::Table)?;
    let (old, new) = rayon::join(
        || published::load(&args.old, &old_options),
        || published::load(&args.new, &new_options),
    );
    let old = old.context("the old release cannot be used; nothing was compared")?;
    let new = new.context("the new release cannot be used; nothing was compared")?;
    warn_rejected_rows(&args.old, &old);
    warn_rejected_rows(&args.new, &new);
    let report = build(&crate::releases::compare(&old, &new), &old, &new);
    write_output_with(output, &mut |out| {
        out.write_all(
            render(
                &report,
                format,
                crate::report::style::terminal_width(super::output::is_stdout(output)),
            )
            .as_bytes(),
        )
    })?;
    let changed = plural(report.stations.len(), "station differs", "stations differ");
    tell_written(output, &changed);
    Ok(Outcome::of(report.has_rejections(), report.has_changes()))
}
