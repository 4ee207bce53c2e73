//! The conversation itself: a question written to the output, one line of answer read from the
//! input. Generic over any `BufRead` and `Write`, so a terminal, a pipe and a test drive it
//! alike; the library never touches stdin or stderr itself.

use std::io::{BufRead, Write};

use super::EntryError;

/// A question-and-answer session over an input and an output.
///
/// On a terminal the person's typing is echoed by the terminal; with piped input, set `echo`
/// so the output reads as a transcript.
#[derive(Debug)]
pub struct Dialogue<R, W> {
    input: R,
    out: W,
    echo: bool,
    started: bool,
}

impl<R: BufRead, W: Write> Dialogue<R, W> {
    /// A session reading answers from `input` and writing questions and messages to `out`.
    pub fn new(input: R, out: W, echo: bool) -> Self {
        Dialogue {
            input,
            out,
            echo,
            started: false,
        }
    }

    /// Asks one question and returns the answer, trimmed (empty when the person just pressed
    /// Enter). The end of the input is [`EntryError::Abandoned`].
    pub fn ask(&mut self, prompt: &str) -> Result<String, EntryError> {
        loop {
            write!(self.out, "{prompt}")?;
            self.out.flush()?;
            let mut line = Vec::new();
            if self.input.read_until(b'\n', &mut line)? == 0 {
                writeln!(self.out)?;
                let at = prompt.trim_end_matches(['>', ':', ' ']).trim();
                return Err(EntryError::Abandoned { at: at.to_string() });
            }
            let Ok(text) = String::from_utf8(line) else {
                if self.echo {
                    writeln!(self.out)?;
                }
                self.problem("that answer is not UTF-8 text: type it again")?;
                continue;
            };
            let text = match self.started {
                false => text.strip_prefix('\u{feff}').unwrap_or(&text),
                true => &text,
            };
            self.started = true;
            let answer = text.trim().to_string();
            if self.echo {
                writeln!(self.out, "{}", visible(&answer))?;
            }
            return Ok(answer);
        }
    }

    /// Writes a message, then a line feed.
    pub fn say(&mut self, text: &str) -> Result<(), EntryError> {
        writeln!(self.out, "{text}")?;
        Ok(())
    }

    /// Writes a problem with an answer: `  ! ` before the first line, the others indented.
    pub fn problem(&mut self, text: &str) -> Result<(), EntryError> {
        for (i, line) in text.lines().enumerate() {
            let lead = if i == 0 { "  ! " } else { "    " };
            writeln!(self.out, "{lead}{line}")?;
        }
        Ok(())
    }

    /// Clears a terminal screen, so a second person does not see the first person's entry.
    pub fn clear_screen(&mut self) -> Result<(), EntryError> {
        write!(self.out, "\x1b[2J\x1b[H")?;
        Ok(())
    }

    /// The input and output back.
    pub fn into_parts(self) -> (R, W) {
        (self.input, self.out)
    }
}

/// Text made safe to show: control, bidi and zero-width characters are shown escaped.
pub(crate) fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match is_hidden(c) {
            true => c.escape_unicode().to_string(),
            false => c.to_string(),
        })
        .collect()
}

/// Whether a character could hide or reorder text: controls, bidi controls, zero-width.
pub(crate) fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}
