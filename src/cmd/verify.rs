//! `tally verify`: the status of every input against the commission's keyring.

use crate::cli::{ColorChoice, ListingArgs, ListingFormat};
use crate::report::output::write_output;
use crate::report::style::use_color;
use crate::report::{render_listing, View};

use super::{is_stdout, read_listing, Outcome};

/// Runs `tally verify`.
pub fn run(args: ListingArgs, color: ColorChoice) -> anyhow::Result<Outcome> {
    if args.keyring.keyring.is_none() {
        anyhow::bail!("verify needs the commission's keyring: add --keyring keyring.csv --root-key commission-root.pub");
    }
    super::refuse_output_over_input(&args.output.output, args.inputs())?;
    let format = super::resolve_format(args.format, &args.output.output, ListingFormat::Table)?;
    let (_, listing) = read_listing(&args, false)?;
    let color = use_color(color, is_stdout(&args.output.output));
    let view = View {
        problems_only: args.problems,
        width: crate::report::style::terminal_width(is_stdout(&args.output.output)),
    };
    write_output(
        &args.output.output,
        render_listing(&listing, format, color, view).as_bytes(),
    )?;
    super::tell_written(&args.output.output, &super::listing_holds(&listing));
    Ok(Outcome::of(
        listing.has_unreadable(),
        listing.has_findings(),
    ))
}
