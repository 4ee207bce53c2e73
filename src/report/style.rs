//! Colour decisions for terminal output (`--color`, NO_COLOR, TERM=dumb, non-TTY).

use std::io::IsTerminal as _;

use comfy_table::Color;

use crate::report::listing::InputStatus;
use crate::verify::Status;

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set or TERM is dumb.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Whether to colour output written to standard output.
pub fn use_color(choice: ColorChoice, to_stdout: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            to_stdout
                && !std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
                && std::io::stdout().is_terminal()
        }
    }
}

/// The colour of a status: green proven, red forged or revoked, yellow not proven.
pub fn status_color(status: InputStatus) -> Color {
    match status {
        InputStatus::Tape(Status::Verified) => Color::Green,
        InputStatus::Tape(Status::BadSignature | Status::KeyRevoked | Status::KeyOutOfScope | Status::KeyExpired) => Color::Red,
        _ => Color::Yellow,
    }
}
