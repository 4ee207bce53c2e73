//! `tally read`: each input's tape in full, its status, and where each value came from.

use crate::cli::{ColorChoice, ListingArgs, ListingFormat};
use crate::report::output::write_output;
use crate::report::style::use_color;
use crate::report::{render_listing, render_read, View};

use super::{is_stdout, read_listing, Outcome};

/// Runs `tally read`.
pub fn run(args: ListingArgs, color: ColorChoice) -> anyhow::Result<Outcome> {
    super::refuse_output_over_input(&args.output.output, args.inputs())?;
    let format = super::resolve_format(args.format, &args.output.output, ListingFormat::Table)?;
    let (checked, listing) = read_listing(&args, true)?;
    let color = use_color(color, is_stdout(&args.output.output));
    let view = View {
        problems_only: args.problems,
        width: crate::report::style::terminal_width(is_stdout(&args.output.output)),
    };
    let text = match format {
        ListingFormat::Table => {
            let inputs: Vec<_> = checked.iter().map(|(i, _)| i).collect();
            render_read(&listing, &inputs, color, view)
        }
        other => render_listing(&listing, other, color, view),
    };
    write_output(&args.output.output, text.as_bytes())?;
    super::tell_written(&args.output.output, &super::listing_holds(&listing));
    // Without a keyring nothing was asked to verify: showing the tapes is all `read` did.
    Ok(Outcome::of(
        listing.has_unreadable(),
        listing.keyring.is_some() && listing.has_findings(),
    ))
}
