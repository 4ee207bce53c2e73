//! `tally verify`: the status of every input against the commission's keyring.

use crate::cli::{ColorChoice, VerifyArgs};
use crate::report::output::write_output;
use crate::report::render_listing;
use crate::report::style::use_color;

use super::{is_stdout, load_keyring, read_and_list, Outcome};

/// Runs `tally verify`.
pub fn run(args: VerifyArgs, color: ColorChoice) -> anyhow::Result<Outcome> {
    if args.keyring.keyring.is_none() {
        anyhow::bail!("verify needs the commission's keyring: add --keyring keyring.csv --root-key commission-root.pub");
    }
    let keyring = load_keyring(&args.keyring)?;
    let (_inputs, listing) = read_and_list(&args.paths, keyring.as_ref(), &args.photo);
    let color = use_color(color, is_stdout(&args.output.output));
    write_output(
        &args.output.output,
        render_listing(&listing, args.format, color).as_bytes(),
    )?;
    Ok(if listing.has_unreadable() {
        Outcome::Incomplete
    } else if listing.has_findings() {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
