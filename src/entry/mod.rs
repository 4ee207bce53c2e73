//! Typed entry of a tape (`tally enter`): field by field in tape order, every answer checked as
//! it is typed (numbers, ids, times, duplicate choices, each signature line's check symbol,
//! the arithmetic of spec §6), and optionally a second, independent entry compared with the
//! first (double entry). The dialogue runs over any `BufRead` and `Write`, so a test drives it
//! without a terminal; this module never touches stdin or stderr itself.

pub mod answer;
mod dialogue;
pub mod double;
mod form;
pub mod review;
pub mod web;

use std::io::{BufRead, Write};

pub use dialogue::Dialogue;
pub use double::{compare, Disagreement, Item};

use crate::tape::Tape;

/// Why an entry did not produce a tape.
#[derive(Debug, thiserror::Error)]
pub enum EntryError {
    /// The input ended before the tape was complete (Ctrl-D, or a piped file that is too short).
    #[error(
        "entry abandoned, nothing written: the input ended at {at}, before the tape was complete"
    )]
    Abandoned {
        /// The question that was being asked.
        at: String,
    },
    /// The questions could not be written or the answers read.
    #[error("cannot read the answers or write the questions: {0}")]
    Io(#[from] std::io::Error),
    /// A reviewed reading could not be kept in the photo cache.
    #[error("cannot keep the reviewed reading in the cache folder: {0}")]
    Keep(#[source] std::io::Error),
}

/// How to run an entry.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// A second person types the tape again, and the two entries are compared.
    pub double: bool,
    /// Clear the screen before the second entry (on a terminal), so the first one is not seen.
    pub clear_screen: bool,
}

const INTRO: &str = "\
Type the tape as it is printed, one answer per line, Enter after each.
Every answer is checked at once; nothing is written until the whole tape is in.
Counts may use Eastern Arabic digits and thousands separators (1,234).
CLOSED as printed: 2021-10-10 15:02:11 UTC. Ctrl-C stops, writing nothing.";

const SECOND: &str = "\
========================================
First entry done. Now a SECOND person types the same tape
again from the paper, without looking at the first entry.
========================================";

/// Runs an entry and returns the tape, settled with the paper when two entries disagree.
pub fn enter<R: BufRead, W: Write>(
    d: &mut Dialogue<R, W>,
    options: Options,
) -> Result<Tape, EntryError> {
    d.say(INTRO)?;
    if !options.double {
        d.say("")?;
        let tape = form::type_tape(d)?;
        show_breaks(d, &tape)?;
        return Ok(tape);
    }
    d.say("\nDouble entry. FIRST person: type the tape.")?;
    let first = form::type_tape(d)?;
    if options.clear_screen {
        d.clear_screen()?;
    }
    d.say(&format!("\n{SECOND}"))?;
    let second = form::type_tape(d)?;
    let disagreements = compare(&first, &second);
    let tape = if disagreements.is_empty() {
        d.say("\nThe two entries agree on every field, every choice and every signature line.")?;
        first
    } else {
        let n = disagreements.len();
        d.say(&format!(
            "\nThe two entries disagree in {n} place{}:",
            if n == 1 { "" } else { "s" }
        ))?;
        for dis in &disagreements {
            d.say(&format!("  {dis}"))?;
        }
        d.say("Look at the paper tape and type what it says for each.")?;
        double::settle(d, &first, &second, &disagreements)?
    };
    show_breaks(d, &tape)?;
    Ok(tape)
}

/// Reminds the person of any §6 rule the tape breaks: it is written as printed.
fn show_breaks<R: BufRead, W: Write>(
    d: &mut Dialogue<R, W>,
    tape: &Tape,
) -> Result<(), EntryError> {
    let breaks = tape.payload.arithmetic_breaks();
    if breaks.is_empty() {
        return Ok(());
    }
    d.say("\nThe tape's arithmetic does not hold; it is written as printed, and reported as a finding:")?;
    for b in breaks {
        d.say(&format!("  {}: {}", b.rule, b.detail))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
