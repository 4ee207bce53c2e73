//! `tally read`: each input's tape in full, its status, and where each value came from.

use crate::cli::{ColorChoice, ListingFormat, ReadArgs};
use crate::report::output::write_output;
use crate::report::style::use_color;
use crate::report::{render_listing, render_read};

use super::{is_stdout, load_keyring, read_and_list, Outcome};

/// Runs `tally read`.
pub fn run(args: ReadArgs, color: ColorChoice) -> anyhow::Result<Outcome> {
    let keyring = load_keyring(&args.keyring)?;
    let (inputs, listing) = read_and_list(&args.paths, keyring.as_ref(), &args.photo);
    let color = use_color(color, is_stdout(&args.output.output));
    let text = match args.format {
        ListingFormat::Table => render_read(&listing, &inputs, color),
        other => render_listing(&listing, other, color),
    };
    write_output(&args.output.output, text.as_bytes())?;
    Ok(if listing.has_unreadable() {
        Outcome::Incomplete
    } else {
        Outcome::Clean
    })
}
