//! The conversation itself: a question written to the output, one line of answer read from the
//! input. Generic over any `BufRead` and `Write`, so a terminal, a pipe and a test drive it
//! alike; the library never touches stdin or stderr itself.

use std::io::{BufRead, Write};

use super::EntryError;

/// Columns a message may take before it is wrapped.
const WIDTH: usize = 80;

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

    /// Writes a message, then a line feed; lines longer than 80 columns are wrapped.
    pub fn say(&mut self, text: &str) -> Result<(), EntryError> {
        for line in text.split('\n').flat_map(|l| wrap(l, WIDTH)) {
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }

    /// Writes a problem with an answer: `  ! ` before the first line, the others indented.
    pub fn problem(&mut self, text: &str) -> Result<(), EntryError> {
        let lines = text.lines().flat_map(|l| wrap(l, WIDTH - 4));
        for (i, line) in lines.enumerate() {
            let lead = if i == 0 { "  ! " } else { "    " };
            writeln!(self.out, "{lead}{line}")?;
        }
        Ok(())
    }

    /// Clears a terminal screen, so a second person does not see the first person's entry.
    pub fn clear_screen(&mut self) -> Result<(), EntryError> {
        write!(self.out, "\x1b[H\x1b[2J\x1b[3J")?;
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

/// A line cut at spaces into lines of at most `width` columns (a longer word stays whole);
/// continuation lines keep the line's indent. Lines that fit are left exactly as they are.
fn wrap(line: &str, width: usize) -> Vec<String> {
    if line.chars().count() <= width {
        return vec![line.to_string()];
    }
    let indent = &line[..line.len() - line.trim_start().len()];
    let mut out = Vec::new();
    let mut current = indent.to_string();
    for word in line.split_whitespace() {
        let fits = current.chars().count() + 1 + word.chars().count() <= width;
        if current.len() > indent.len() && !fits {
            out.push(std::mem::replace(&mut current, indent.to_string()));
        }
        if current.len() > indent.len() {
            current.push(' ');
        }
        current.push_str(word);
    }
    out.push(current);
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn long_lines_wrap_at_spaces_and_keep_their_indent() {
        assert_eq!(
            wrap("ELECTION      IQ-2021-CR", 20),
            ["ELECTION IQ-2021-CR"]
        );
        assert_eq!(wrap("short   line", 20), ["short   line"]);
        assert_eq!(
            wrap("  one two three four five", 12),
            ["  one two", "  three four", "  five"]
        );
        assert_eq!(
            wrap("averyveryverylongword x", 8),
            ["averyveryverylongword", "x"]
        );
    }
}
