//! `tally read`: each input's tape in full, its status, and where each value came from.

use crate::cli::{ColorChoice, ListingArgs, ListingFormat};
use crate::report::listing::Listing;
use crate::report::output::write_output;
use crate::report::{render_listing, render_read};

use super::output::{listing_holds, tell_written};
use super::progress::Bars;
use super::verify::Settings;
use super::Outcome;

/// Runs `tally read`.
pub fn run(args: ListingArgs, color: ColorChoice) -> anyhow::Result<Outcome> {
    let settings = Settings::resolve(&args, color)?;
    let batch = super::read_batch(&args.paths, &args.keyring, &args.photo, &Bars::new())?;
    let listing = Listing::of_checked(&batch.checked, batch.keyring.as_ref(), true);
    let (color, view) = (settings.color, settings.view);
    let text = match settings.format {
        ListingFormat::Table => {
            let inputs: Vec<_> = batch.checked.iter().map(|(i, _)| i).collect();
            render_read(&listing, &inputs, color, view)
        }
        other => render_listing(&listing, other, color, view),
    };
    write_output(&args.output.output, text.as_bytes())?;
    tell_written(&args.output.output, &listing_holds(&listing));
    // Without a keyring nothing was asked to verify: showing the tapes is all `read` did.
    Ok(Outcome::of(
        listing.has_unreadable(),
        listing.keyring.is_some() && listing.has_findings(),
    ))
}
