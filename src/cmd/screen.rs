//! `tally screen`: every published station screened for the patterns of manipulated counts.

use std::collections::BTreeSet;

use crate::cli::ScreenArgs;
use crate::published;
use crate::report::output::write_output_with;
use crate::report::plural;
use crate::report::screen::{build, render, ScreenFormat};
use crate::screen::{figures_of, screen, Settings};

use super::output::{refuse_output_over_input, resolve_format, tell_written};
use super::progress::Bars;
use super::reconcile::{import_options, warn_rejected_rows};
use super::{optional_batch, tapes_used, verified_payloads, Outcome};

/// Runs `tally screen`.
pub fn run(args: ScreenArgs) -> anyhow::Result<Outcome> {
    let output = &args.output.output;
    let inputs =
        std::iter::once(args.published.as_path()).chain(args.tapes.iter().map(|p| p.as_path()));
    let inputs = inputs.chain(args.import.paths()).chain(args.photo.paths());
    refuse_output_over_input(output, inputs.chain(args.keyring.paths()))?;
    let format = resolve_format(args.format, output, ScreenFormat::Table)?;
    let import = import_options(&args.import)?;
    let settings = Settings {
        alpha: args.alpha,
        seed: args.seed,
        ..Settings::default()
    };
    let bars = Bars::new();
    let published = super::inputs::published_or_hint(
        published::load(&args.published, &import),
        &args.published,
        "the published results cannot be used; nothing was screened",
    )?;
    warn_rejected_rows(&args.published, &published);
    let batch = optional_batch(&args.tapes, &args.keyring, &args.photo, &bars)?;
    let observed: Option<BTreeSet<(u32, u32)>> = batch.as_ref().map(|b| {
        verified_payloads(Some(b))
            .iter()
            .map(|p| (p.center, p.station))
            .collect()
    });
    let (stations, unusable) = figures_of(&published);
    let found = screen(&stations, observed.as_ref(), &settings);
    let tapes = batch
        .as_ref()
        .map(|b| tapes_used(b, observed.as_ref().map_or(0, BTreeSet::len)));
    let report = build(&published, &found, unusable, &settings, tapes);
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
    let raised = report.signals.iter().filter(|s| s.raised).count();
    tell_written(output, &plural(raised, "signal raised", "signals raised"));
    let incomplete = !published.rejected.is_empty()
        || batch.as_ref().is_some_and(|b| !b.unreadable().is_empty());
    Ok(Outcome::of(incomplete, raised > 0))
}
