//! `tally read`: each input's tape in full, its status, and where each value came from.

use crate::cli::{ColorChoice, ListingFormat, ReadArgs};
use crate::report::listing::listing;
use crate::report::output::write_output;
use crate::report::style::use_color;
use crate::report::{render_listing, render_read};
use crate::source::read_all;

use super::{is_stdout, load_keyring, progress, warn_unreadable, Outcome};

/// Runs `tally read`.
pub fn run(args: ReadArgs, color: ColorChoice) -> anyhow::Result<Outcome> {
    let keyring = load_keyring(&args.keyring)?;
    let bar = progress::bar(0, "inputs");
    let inputs = read_all(&args.paths, &|| bar.inc(1));
    bar.finish_and_clear();
    let listing = listing(&inputs, keyring.as_ref());
    warn_unreadable(&listing);
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
