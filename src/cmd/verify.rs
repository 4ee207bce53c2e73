//! `tally verify`: the status of every input against the commission's keyring.

use crate::cli::{ColorChoice, ListingArgs, ListingFormat};
use crate::report::listing::Listing;
use crate::report::output::write_output;
use crate::report::style::{terminal_width, use_color};
use crate::report::{render_listing, View};

use super::output::{is_stdout, listing_holds, refuse_output_over_input, resolve_format};
use super::progress::Bars;
use super::Outcome;

/// `tally verify` and `tally read` resolved: how the listing is written.
pub(super) struct Settings {
    pub format: ListingFormat,
    pub color: bool,
    pub view: View,
}

impl Settings {
    /// Refuses what can be refused before any input is read.
    pub fn resolve(args: &ListingArgs, color: ColorChoice) -> anyhow::Result<Settings> {
        let output = &args.output.output;
        refuse_output_over_input(output, args.inputs())?;
        Ok(Settings {
            format: resolve_format(args.format, output, ListingFormat::Table)?,
            color: use_color(color, is_stdout(output)),
            view: View {
                problems_only: args.problems,
                width: terminal_width(is_stdout(output)),
            },
        })
    }
}

/// Runs `tally verify`.
pub fn run(args: ListingArgs, color: ColorChoice) -> anyhow::Result<Outcome> {
    if args.keyring.keyring.is_none() {
        anyhow::bail!("verify needs the commission's keyring: add --keyring keyring.csv --root-key commission-root.pub");
    }
    let settings = Settings::resolve(&args, color)?;
    let batch = super::read_batch(&args.paths, &args.keyring, &args.photo, &Bars::new())?;
    let listing = Listing::of_checked(&batch.checked, batch.keyring.as_ref(), false);
    let text = render_listing(&listing, settings.format, settings.color, settings.view);
    write_output(&args.output.output, text.as_bytes())?;
    super::output::tell_written(&args.output.output, &listing_holds(&listing));
    Ok(Outcome::of(
        listing.has_unreadable(),
        listing.has_findings(),
    ))
}
