//! Terminal tables laid out to a width: every column given a width that the table fits in,
//! cells wrapped to it (text between words or after a hyphen, a path after a `/`, so that a
//! file's name stays whole when the column can hold it), and, when even wrapped the columns
//! cannot fit, the least needed columns left out (and said so under the table). Lines of
//! prose beside a table are wrapped to the same width ([`wrap_lines`]).

use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

/// The narrowest width a table is laid out to: below it (`COLUMNS=5`), a table is laid out
/// to this many columns.
pub const MIN_WIDTH: usize = 20;

/// The width below which a column of long cells is not squeezed while another column can be
/// left out instead: a column wrapped narrower reads badly (a name a word a line).
const COMFORT: usize = 16;

/// How a column's cells may be broken across lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Wrap {
    /// Between words and after a hyphen between letters (`total-mismatch`, never `-5`,
    /// `100010-1` or `--format`).
    #[default]
    Text,
    /// Between words only (prose).
    Words,
    /// After a `/` (a name longer than the column is cut where it must be).
    Path,
}

/// How a table's columns are laid out: each column's content width, or `None` when it is
/// left out for lack of width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fit {
    widths: Vec<Option<usize>>,
    wraps: Vec<Wrap>,
}

/// The display width of a cell: its widest line.
fn width_of(text: &str) -> usize {
    text.lines().map(|l| l.width()).max().unwrap_or(0)
}

/// The pieces a line may be broken into, each with the spaces that follow it (dropped at a
/// line's end).
fn pieces(line: &str, wrap: Wrap) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut before = ' ';
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let after = i + c.len_utf8();
        let next = chars.peek().map(|&(_, n)| n);
        let space = c == ' ' && next != Some(' ');
        let breaks = match wrap {
            Wrap::Text => {
                space
                    || (c == '-' && before.is_alphabetic() && next.is_some_and(char::is_alphabetic))
            }
            Wrap::Words => space,
            Wrap::Path => c == '/' || space,
        };
        before = c;
        if breaks {
            out.push(&line[start..after]);
            start = after;
        }
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}

/// The widest piece of a cell that should not be broken.
fn widest_piece(text: &str, wrap: Wrap) -> usize {
    text.lines()
        .flat_map(|l| pieces(l, wrap))
        .map(|p| p.trim_end().width())
        .max()
        .unwrap_or(0)
}

/// A cell wrapped to `width` columns: its own line breaks kept, each line broken between
/// pieces, a piece wider than the column cut where it must be.
pub fn wrap_cell(text: &str, width: usize, wrap: Wrap) -> String {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    for line in text.split('\n') {
        let mut current = String::new();
        for piece in pieces(line, wrap) {
            let fits = (current.clone() + piece.trim_end()).width() <= width;
            if !current.is_empty() && !fits {
                lines.push(current.trim_end().to_string());
                current.clear();
            }
            if piece.trim_end().width() <= width {
                current.push_str(piece);
                continue;
            }
            // A piece wider than the column: cut it.
            for c in piece.chars() {
                if (current.trim_end().width() + c.width().unwrap_or(0)) > width {
                    lines.push(current.trim_end().to_string());
                    current.clear();
                }
                current.push(c);
            }
        }
        lines.push(current.trim_end().to_string());
    }
    lines.join("\n")
}

/// The extra room there is, shared among columns so that each gets what it wants up to an
/// equal share, the share of those that want less going to the others (max-min fairness).
fn share(want: &[usize], mut room: usize) -> Vec<usize> {
    let mut given = vec![0; want.len()];
    let mut open: Vec<usize> = (0..want.len()).filter(|&i| want[i] > 0).collect();
    open.sort_by_key(|&i| want[i]);
    let mut left = open.len();
    for i in open {
        let fair = room / left.max(1);
        given[i] = want[i].min(fair);
        room -= given[i];
        left -= 1;
    }
    given
}

impl Fit {
    /// Lays out a table of `header` and `rows` (text already made safe for a terminal; a `\n`
    /// in a cell is a line break meant) to `width` columns, borders included, in the house
    /// style (`│ a ┆ b │`: three columns of border and padding per column, and one). With no
    /// width, every column is as wide as its widest cell. When the columns cannot fit even
    /// wrapped between words, columns are left out in the order of `drop` until they do.
    pub fn new<R: AsRef<[String]>>(
        header: &[&str],
        rows: &[R],
        wraps: &[Wrap],
        width: Option<u16>,
        drop: &[usize],
    ) -> Fit {
        let n = header.len();
        let wraps: Vec<Wrap> = (0..n)
            .map(|i| wraps.get(i).copied().unwrap_or_default())
            .collect();
        let cells = |i: usize| {
            std::iter::once(header[i]).chain(
                rows.iter()
                    .filter_map(move |r| r.as_ref().get(i).map(String::as_str)),
            )
        };
        let natural: Vec<usize> = (0..n)
            .map(|i| cells(i).map(width_of).max().unwrap_or(0).max(1))
            .collect();
        let Some(width) = width else {
            return Fit {
                widths: natural.into_iter().map(Some).collect(),
                wraps,
            };
        };
        let width = usize::from(width).max(MIN_WIDTH);
        // A word or a file's name longer than a third of the width is cut rather than
        // squeezing every other column.
        let longest = (width / 3).max(COMFORT);
        let least: Vec<usize> = (0..n)
            .map(|i| {
                cells(i)
                    .map(|c| widest_piece(c, wraps[i]))
                    .max()
                    .unwrap_or(0)
                    .min(longest)
                    .clamp(1, natural[i])
            })
            .collect();
        // Columns are left out before any is squeezed below what reads well; once none is
        // left to leave out, squeezed to their longest words.
        let comfortable: Vec<usize> = (0..n)
            .map(|i| least[i].max(natural[i].min(COMFORT)))
            .collect();
        let mut shown = vec![true; n];
        let mut drops = drop.iter().copied().filter(|&i| i < n);
        let mut squeezed = false;
        loop {
            let columns: Vec<usize> = (0..n).filter(|&i| shown[i]).collect();
            let room = width.saturating_sub(3 * columns.len() + 1);
            let sum = |w: &[usize]| columns.iter().map(|&i| w[i]).sum::<usize>();
            let least = if squeezed { &least } else { &comfortable };
            let widths: Option<Vec<usize>> = if sum(&natural) <= room {
                Some(natural.clone())
            } else if sum(least) <= room {
                let want: Vec<usize> = columns.iter().map(|&i| natural[i] - least[i]).collect();
                let extra = share(&want, room - sum(least));
                let mut w = least.clone();
                for (k, &i) in columns.iter().enumerate() {
                    w[i] += extra[k];
                }
                Some(w)
            } else {
                None
            };
            if let Some(w) = widths {
                return Fit::shown(&w, &shown, wraps);
            }
            if let Some(i) = drops.next() {
                shown[i] = false;
                continue;
            }
            if !squeezed {
                squeezed = true;
                continue;
            }
            // No column left to leave out: the columns share the room, wrapped where they
            // must be; the last ones go when even one character each cannot fit.
            while columns_room(&shown, width) < shown.iter().filter(|s| **s).count() {
                match shown.iter().rposition(|s| *s) {
                    Some(last) if shown.iter().filter(|s| **s).count() > 1 => shown[last] = false,
                    _ => break,
                }
            }
            let columns: Vec<usize> = (0..n).filter(|&i| shown[i]).collect();
            let room = columns_room(&shown, width);
            let want: Vec<usize> = columns.iter().map(|&i| natural[i] - 1).collect();
            let extra = share(&want, room.saturating_sub(columns.len()));
            let mut w = vec![1; n];
            for (k, &i) in columns.iter().enumerate() {
                w[i] += extra[k];
            }
            return Fit::shown(&w, &shown, wraps);
        }
    }

    fn shown(widths: &[usize], shown: &[bool], wraps: Vec<Wrap>) -> Fit {
        Fit {
            widths: widths
                .iter()
                .zip(shown)
                .map(|(&w, &s)| s.then_some(w))
                .collect(),
            wraps,
        }
    }

    /// Column `i`'s cell `text` wrapped to the column's width (empty when it is left out).
    pub fn cell(&self, i: usize, text: &str) -> String {
        match self.widths.get(i).copied().flatten() {
            Some(w) if width_of(text) <= w => text.to_string(),
            Some(w) => wrap_cell(text, w, self.wraps.get(i).copied().unwrap_or_default()),
            None => String::new(),
        }
    }

    /// Gives a comfy-table its columns' widths: fixed, or hidden.
    pub fn apply(&self, t: &mut comfy_table::Table) {
        use comfy_table::{ColumnConstraint, Width};
        t.set_content_arrangement(comfy_table::ContentArrangement::Disabled);
        t.set_constraints(self.widths.iter().map(|w| match w {
            // The width counts the cell's padding, one space each side.
            Some(w) => {
                ColumnConstraint::Absolute(Width::Fixed(u16::try_from(w + 2).unwrap_or(u16::MAX)))
            }
            None => ColumnConstraint::Hidden,
        }));
    }

    /// A table of `header` and `rows` laid out, as text (no colour), every cell wrapped.
    pub fn render<R: AsRef<[String]>>(&self, header: &[&str], rows: &[R]) -> String {
        let mut t = comfy_table::Table::new();
        t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
        t.force_no_tty();
        t.set_header(
            header
                .iter()
                .enumerate()
                .map(|(i, h)| self.cell(i, h))
                .collect::<Vec<_>>(),
        );
        for row in rows {
            let cells: Vec<String> = row
                .as_ref()
                .iter()
                .enumerate()
                .map(|(i, c)| self.cell(i, c))
                .collect();
            t.add_row(cells);
        }
        self.apply(&mut t);
        t.to_string()
    }

    /// The line to print under the table when columns were left out: which, and where to
    /// find them.
    pub fn left_out(&self, header: &[&str]) -> Option<String> {
        let gone: Vec<&str> = header
            .iter()
            .zip(&self.widths)
            .filter(|(_, w)| w.is_none())
            .map(|(h, _)| *h)
            .collect();
        (!gone.is_empty()).then(|| {
            format!(
                "Not shown for lack of width: {}. A wider terminal (or COLUMNS) shows {}; --format csv or json has every column.",
                gone.join(", "),
                if gone.len() == 1 { "it" } else { "them" }
            )
        })
    }
}

/// The room the shown columns have for their content, at `width`.
fn columns_room(shown: &[bool], width: usize) -> usize {
    width.saturating_sub(3 * shown.iter().filter(|s| **s).count() + 1)
}

/// Text whose lines are at most `width` columns: a longer line is broken between words, its
/// next lines indented by two spaces (a word longer than a line is cut). Lines that fit, a
/// table's among them, are left as they are.
pub fn wrap_lines(text: &str, width: Option<u16>) -> String {
    let Some(width) = width else {
        return text.to_string();
    };
    let width = usize::from(width).max(MIN_WIDTH);
    if text.lines().all(|l| l.width() <= width) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 64);
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        if line.width() <= width {
            out.push_str(line);
            continue;
        }
        let first = wrap_cell(line, width, Wrap::Words);
        let mut lines = first.lines();
        out.push_str(lines.next().unwrap_or(""));
        let rest: Vec<&str> = lines.collect();
        if !rest.is_empty() {
            let rest = wrap_cell(&rest.join(" "), width - 2, Wrap::Words);
            for l in rest.lines() {
                out.push_str("\n  ");
                out.push_str(l);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(cells: &[&[&str]]) -> Vec<Vec<String>> {
        cells
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn cells_break_between_words_and_paths_after_a_slash() {
        assert_eq!(
            wrap_cell("the tape carries no signature", 12, Wrap::Text),
            "the tape\ncarries no\nsignature"
        );
        assert_eq!(
            wrap_cell("station-missing-in-published", 16, Wrap::Text),
            "station-missing-\nin-published"
        );
        assert_eq!(
            wrap_cell("sim/tapes/gov-01/tape-100001-4.txt", 20, Wrap::Path),
            "sim/tapes/gov-01/\ntape-100001-4.txt"
        );
        assert_eq!(wrap_cell("abcdefghij", 4, Wrap::Path), "abcd\nefgh\nij");
        assert_eq!(
            wrap_cell("one\ntwo three", 5, Wrap::Text),
            "one\ntwo\nthree"
        );
        for line in wrap_cell("زينب ééééé 漢字漢字漢字", 4, Wrap::Text).lines() {
            assert!(line.width() <= 4, "{line}");
        }
    }

    #[test]
    fn a_table_fits_its_width_or_leaves_columns_out() {
        let header = ["station", "finding", "file", "why"];
        let body = rows(&[&[
            "120345-3",
            "station-missing-in-published",
            "tapes/governorate-baghdad/tape-120345-3.txt",
            "the signature does not verify with the key of RTS-0A1B2C: the figures are not the ones the device signed",
        ]]);
        let wraps = [Wrap::Text, Wrap::Text, Wrap::Path, Wrap::Text];
        for width in [20u16, 33, 40, 60, 80, 100, 200] {
            let fit = Fit::new(&header, &body, &wraps, Some(width), &[2, 0]);
            let text = fit.render(&header, &body);
            for line in text.lines() {
                assert!(
                    line.width() <= usize::from(width).max(MIN_WIDTH),
                    "{width}: {line}\n{text}"
                );
            }
            if width >= 80 {
                assert!(text.contains("tape-120345-3.txt"), "{text}");
                assert!(fit.left_out(&header).is_none());
            }
        }
        let narrow = Fit::new(&header, &body, &wraps, Some(40), &[2, 0]);
        assert!(narrow.left_out(&header).unwrap().contains("file"));
        let natural = Fit::new(&header, &body, &wraps, None, &[]);
        assert_eq!(natural.render(&header, &body).lines().count(), 5);
    }

    #[test]
    fn prose_wraps_with_a_hanging_indent() {
        let text = format!("short\n{}", "word ".repeat(30));
        let wrapped = wrap_lines(&text, Some(40));
        assert!(wrapped.lines().all(|l| l.width() <= 40), "{wrapped}");
        assert!(wrapped.lines().nth(2).unwrap().starts_with("  word"));
        assert_eq!(wrap_lines(&text, None), text);
    }
}
