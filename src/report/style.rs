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

/// A plain terminal table of a report (the house preset, no colour, its natural width),
/// every cell sanitized for the terminal, as text.
pub fn grid<R: AsRef<[String]>>(header: &[&str], rows: impl IntoIterator<Item = R>) -> String {
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|row| {
            row.as_ref()
                .iter()
                .map(|c| super::sanitize::terminal(c))
                .collect()
        })
        .collect();
    grid_in_blocks(header, &rows, GRID_BLOCK)
}

/// [`grid`] laid out `block` rows at a time: every block padded to the widest cell of its
/// column in the whole table, its borders joined to the next, so that the text is the same
/// as the whole table laid out at once.
fn grid_in_blocks(header: &[&str], rows: &[Vec<String>], block: usize) -> String {
    use comfy_table::{ColumnConstraint, Width};
    use unicode_width::UnicodeWidthStr as _;
    let one = |rows: &[Vec<String>], widths: Option<&[u16]>| {
        let mut t = comfy_table::Table::new();
        t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
        t.set_header(header.to_vec());
        t.add_rows(rows.iter().cloned());
        if let Some(widths) = widths {
            t.set_constraints(
                widths
                    .iter()
                    .map(|&w| ColumnConstraint::LowerBoundary(Width::Fixed(w))),
            );
        }
        t.to_string()
    };
    if rows.len() <= block {
        return one(rows, None);
    }
    let columns = rows
        .iter()
        .map(Vec::len)
        .chain([header.len()])
        .max()
        .unwrap_or(0);
    let mut widths = vec![0u16; columns];
    let cells = rows
        .iter()
        .flat_map(|r| r.iter().map(String::as_str).enumerate());
    for (i, cell) in header.iter().copied().enumerate().chain(cells) {
        // comfy-table pads each cell with one space on either side.
        let w = cell.lines().map(|l| l.width()).max().unwrap_or(0) + 2;
        widths[i] = widths[i].max(u16::try_from(w).unwrap_or(u16::MAX));
    }
    let chunks: Vec<&[Vec<String>]> = rows.chunks(block).collect();
    let mut out = String::new();
    for (k, chunk) in chunks.iter().enumerate() {
        let text = one(chunk, Some(&widths));
        let lines: Vec<&str> = text.lines().collect();
        // The first block keeps its top border and header; the others start at their first
        // row (after border, header and rule); all but the last lose their bottom border.
        let start = if k == 0 { 0 } else { 3 };
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
/// [`terminal_width`]); else, when styled for a terminal, to the terminal's width or 80.
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
    match width {
        Some(w) => {
            t.set_width(w);
        }
        None if t.is_tty() => {
            t.set_width(usable_width(t.width()));
        }
        None => {}
    }
    t
}

/// The width of the terminal output goes to, when it goes to one (`to_stdout` and standard
/// output is a terminal): its width, or 80 columns when it reports none (`0×0`, as some CI
/// terminals do). Colour or not, a table on a terminal fits it.
pub fn terminal_width(to_stdout: bool) -> Option<u16> {
    (to_stdout && std::io::stdout().is_terminal())
        .then(|| usable_width(comfy_table::Table::new().width()))
}

/// The width to lay a table out to: the terminal's, or 80 when it reports none.
pub fn usable_width(reported: Option<u16>) -> u16 {
    reported.filter(|w| *w > 0).unwrap_or(80)
}

/// Keeps column `column` at least as wide as its widest cell (`cells`), so that a file path is
/// never broken inside a name; the other columns wrap instead.
pub fn keep_whole(t: &mut comfy_table::Table, column: usize, cells: impl Iterator<Item = String>) {
    use comfy_table::{ColumnConstraint, Width};
    let widest = cells
        .map(|c| c.lines().map(|l| l.chars().count()).max().unwrap_or(0))
        .max()
        .unwrap_or(0);
    if let (Some(col), Ok(w)) = (t.column_mut(column), u16::try_from(widest)) {
        // The constraint counts the cell's padding too.
        let w = w.saturating_add(col.padding_width());
        col.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(w)));
    }
}

/// Breaks a path into lines of at most `max` characters, after a `/` where it can (a name
/// longer than a line is cut where it must), so that a long path stays readable in a narrow
/// column instead of squeezing the others to nothing.
pub fn fold_path(path: &str, max: usize) -> String {
    let max = max.max(1);
    let mut lines: Vec<String> = vec![String::new()];
    // Pieces end after each '/', so a line break falls between a folder and what is in it.
    for piece in path.split_inclusive('/') {
        let line = lines.last_mut().expect("at least one line");
        let (have, add) = (line.chars().count(), piece.chars().count());
        if have > 0 && have + add > max {
            lines.push(String::new());
        }
        for c in piece.chars() {
            let line = lines.last_mut().expect("at least one line");
            if line.chars().count() == max {
                lines.push(String::new());
            }
            lines.last_mut().expect("at least one line").push(c);
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table laid out in blocks is the table laid out whole, to the byte.
    #[test]
    fn a_table_in_blocks_is_the_whole_table() {
        let rows: Vec<Vec<String>> = (0..23)
            .map(|i| {
                vec![
                    format!("{}", 7u64.pow(i % 9)),
                    ["زينب", "AHMED K. HASSAN", "", "漢字"][i as usize % 4].to_string(),
                    "x".repeat(i as usize % 7),
                ]
            })
            .collect();
        let header = ["votes", "name", "note"];
        let whole = grid_in_blocks(&header, &rows, 1000);
        for block in [1, 2, 5, 22] {
            assert_eq!(
                grid_in_blocks(&header, &rows, block),
                whole,
                "blocks of {block}"
            );
        }
        // A header wider than every cell.
        let narrow = vec![vec!["1".to_string()]; 5];
        assert_eq!(
            grid_in_blocks(&["a long header"], &narrow, 2),
            grid_in_blocks(&["a long header"], &narrow, 10)
        );
    }

    #[test]
    fn a_long_path_folds_after_its_slashes() {
        assert_eq!(fold_path("/a/b/c.txt", 80), "/a/b/c.txt");
        assert_eq!(
            fold_path("/tmp/abcdef/tape-1.txt", 12),
            "/tmp/abcdef/\ntape-1.txt"
        );
        assert_eq!(
            fold_path("/tmp/abcdef/tape-1.txt", 11),
            "/tmp/\nabcdef/\ntape-1.txt"
        );
        assert_eq!(fold_path("abcdefghij", 4), "abcd\nefgh\nij");
        for line in fold_path("/ééééé/ééé/x", 3).lines() {
            assert!(line.chars().count() <= 3, "{line}");
        }
    }

    #[test]
    fn a_terminal_of_no_width_is_taken_as_80_columns() {
        assert_eq!(usable_width(Some(0)), 80);
        assert_eq!(usable_width(None), 80);
        assert_eq!(usable_width(Some(132)), 132);
    }

    #[test]
    fn a_long_path_is_never_broken_inside_a_name() {
        let path = "tapes/governorate-baghdad/district-karkh/centre-120345/tape-120345-3.txt";
        let mut t = comfy_table::Table::new();
        t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
            .set_width(60)
            .set_header(["#", "file", "why"]);
        t.add_row(vec!["1", path, &"a long reason that wraps ".repeat(6)]);
        keep_whole(&mut t, 1, [path.to_string()].into_iter());
        assert!(t.to_string().contains(path), "{t}");
    }
}
