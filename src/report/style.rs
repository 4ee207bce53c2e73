//! Colour decisions for terminal output (`--color`, NO_COLOR, TERM=dumb, non-TTY).

use std::io::IsTerminal as _;

use comfy_table::Color;

use super::fit::Fit;
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
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
                && std::io::stdout().is_terminal()
        }
    }
}

/// The colour of a status: green proven, red forged or revoked, yellow not proven.
pub fn status_color(status: InputStatus) -> Color {
    match status {
        InputStatus::Tape(Status::Verified) => Color::Green,
        InputStatus::Tape(
            Status::BadSignature | Status::KeyRevoked | Status::KeyOutOfScope | Status::KeyExpired,
        ) => Color::Red,
        _ => Color::Yellow,
    }
}

/// Rows a plain table lays out at once: a national table (100,000 stations) is laid out a
/// block at a time, in the widths of the whole, so that it costs the memory of one block.
const GRID_BLOCK: usize = 2_000;

/// A plain terminal table of a report (the house preset, no colour), every cell sanitized for
/// the terminal, as text: laid out to `width` columns when given (see [`terminal_width`];
/// columns wrapped, the last ones left out when even wrapped they cannot fit), else as wide
/// as its cells.
pub fn grid<R: AsRef<[String]>>(
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
    width: Option<u16>,
) -> String {
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|row| {
            row.as_ref()
                .iter()
                .map(|c| super::sanitize::terminal(c))
                .collect()
        })
        .collect();
    let drop: Vec<usize> = (1..header.len()).rev().collect();
    let fit = Fit::new(header, &rows, &[], width, &drop);
    let mut text = grid_in_blocks(header, &rows, &fit, GRID_BLOCK);
    if let Some(line) = fit.left_out(header) {
        text.push('\n');
        text.push_str(&super::fit::wrap_lines(&line, width));
    }
    text
}

/// [`grid`] laid out `block` rows at a time, every block in the widths of the whole table
/// (`fit`), its borders joined to the next, so that the text is the same as the whole table
/// laid out at once.
fn grid_in_blocks(header: &[&str], rows: &[Vec<String>], fit: &Fit, block: usize) -> String {
    if rows.len() <= block {
        return fit.render(header, rows);
    }
    let chunks: Vec<&[Vec<String>]> = rows.chunks(block).collect();
    let mut out = String::new();
    for (k, chunk) in chunks.iter().enumerate() {
        let text = fit.render(header, chunk);
        let lines: Vec<&str> = text.lines().collect();
        // The first block keeps its top border and header; the others start after border,
        // header and rule; all but the last lose their bottom border.
        let header_lines = lines
            .iter()
            .position(|l| l.starts_with('╞'))
            .map_or(3, |p| p + 1);
        let start = if k == 0 { 0 } else { header_lines };
        let end = if k + 1 == chunks.len() {
            lines.len()
        } else {
            lines.len() - 1
        };
        for line in &lines[start..end] {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(line);
        }
    }
    out
}

/// A terminal table in the house style, laid out to `width` columns when given (see
/// [`terminal_width`]), comfy-table wrapping its cells.
pub fn table(color: bool, width: Option<u16>) -> comfy_table::Table {
    use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement};
    let mut t = comfy_table::Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    if let Some(w) = width {
        t.set_width(w.max(super::fit::MIN_WIDTH as u16));
    }
    t
}

/// The width terminal tables are laid out to: `COLUMNS` when it is set to a number (as
/// `ls` honours it, wherever the output goes); else, when the output goes to a terminal
/// (`to_stdout` and standard output is one), its width, or 80 columns when it reports none
/// (`0×0`, as some CI terminals do); else none: a file or a pipe gets each row on one line,
/// for grep.
pub fn terminal_width(to_stdout: bool) -> Option<u16> {
    let columns = std::env::var("COLUMNS").ok();
    if let Some(w) = columns.as_deref().and_then(columns_value) {
        return Some(w);
    }
    (to_stdout && std::io::stdout().is_terminal())
        .then(|| usable_width(comfy_table::Table::new().width()))
}

/// The width `COLUMNS` says, if it is a number of columns.
fn columns_value(text: &str) -> Option<u16> {
    text.trim().parse::<u16>().ok().filter(|w| *w > 0)
}

/// The width to lay a table out to: the terminal's, or 80 when it reports none.
pub fn usable_width(reported: Option<u16>) -> u16 {
    reported.filter(|w| *w > 0).unwrap_or(80)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table laid out in blocks is the table laid out whole, to the byte, at its natural
    /// width and fitted to a terminal.
    #[test]
    fn a_table_in_blocks_is_the_whole_table() {
        let rows: Vec<Vec<String>> = (0..23)
            .map(|i| {
                vec![
                    format!("{}", 7u64.pow(i % 9)),
                    ["زينب", "AHMED K. HASSAN", "", "漢字"][i as usize % 4].to_string(),
                    "x ".repeat(i as usize % 7),
                ]
            })
            .collect();
        let header = ["votes", "name", "note"];
        for width in [None, Some(24)] {
            let fit = Fit::new(&header, &rows, &[], width, &[]);
            let whole = grid_in_blocks(&header, &rows, &fit, 1000);
            for block in [1, 2, 5, 22] {
                assert_eq!(
                    grid_in_blocks(&header, &rows, &fit, block),
                    whole,
                    "blocks of {block}"
                );
            }
        }
        // A header wider than every cell.
        let narrow = vec![vec!["1".to_string()]; 5];
        let fit = Fit::new(&["a long header"], &narrow, &[], None, &[]);
        assert_eq!(
            grid_in_blocks(&["a long header"], &narrow, &fit, 2),
            grid_in_blocks(&["a long header"], &narrow, &fit, 10)
        );
    }

    #[test]
    fn columns_says_the_width() {
        assert_eq!(columns_value("100"), Some(100));
        assert_eq!(columns_value(" 72 "), Some(72));
        assert_eq!(columns_value("0"), None);
        assert_eq!(columns_value("wide"), None);
    }

    #[test]
    fn a_terminal_of_no_width_is_taken_as_80_columns() {
        assert_eq!(usable_width(Some(0)), 80);
        assert_eq!(usable_width(None), 80);
        assert_eq!(usable_width(Some(132)), 132);
    }
}
