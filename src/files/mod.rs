//! The files a user names: opened safely and remembered ([`read`]), and the small CSV files a
//! person types or tally writes.

mod read;
pub mod write;

pub use read::{
    open, read, read_text, regular, same_file, was_read, MAX_KEY_FILE_BYTES, MAX_LAYOUT_BYTES,
    MAX_SEATS_BYTES,
};

/// Most cells one row of a CSV file or sheet may have: a national wide file has one column
/// per candidate, a few thousand at most.
pub const MAX_ROW_CELLS: usize = 20_000;
/// Longest row of a CSV file (bytes).
pub const MAX_ROW_BYTES: usize = 1024 * 1024;
/// Longest cell (bytes): a name or a figure, never a page.
pub const MAX_CELL_BYTES: usize = 64 * 1024;

/// Refuses a row of a CSV file or sheet too large for a results table (a file that is not
/// what it seems, a wrong delimiter, a quote never closed): why, and what to do. Checked as
/// each row is read, so such a file is refused at once and in little memory.
pub fn check_row(record: &csv::StringRecord) -> Result<(), String> {
    if record.len() > MAX_ROW_CELLS {
        return Err(format!(
            "this row has {} cells, more than the {} tally reads in one row: is this the right file, and is its delimiter the one the file uses?",
            record.len(),
            MAX_ROW_CELLS
        ));
    }
    if record.as_slice().len() > MAX_ROW_BYTES {
        return Err(format!(
            "this row holds {} bytes, more than the {} tally reads in one row: is this the right file?",
            record.as_slice().len(),
            MAX_ROW_BYTES
        ));
    }
    if let Some((i, cell)) = record
        .iter()
        .enumerate()
        .find(|(_, c)| c.len() > MAX_CELL_BYTES)
    {
        return Err(format!(
            "cell {} holds {} bytes, more than the {} of any name or figure: a quote (\") left open swallows the lines after it; close it or remove it",
            i + 1,
            cell.len(),
            MAX_CELL_BYTES
        ));
    }
    Ok(())
}

/// Refuses a text file with a line far longer than any row of a results table, before it
/// is decoded or parsed (which would cost many times its size): the line and what to check.
/// Lines are counted by their line-feed bytes, which every encoding tally reads keeps; a row
/// may span lines (a quoted cell), so a line longer than this is a row longer than
/// [`MAX_ROW_BYTES`] even in UTF-16 (the bound is four times that).
pub fn check_lines(bytes: &[u8]) -> Result<(), String> {
    let limit = 4 * MAX_ROW_BYTES;
    for (line, piece) in bytes.split(|&b| b == b'\n').enumerate() {
        if piece.len() > limit {
            return Err(format!(
                "line {}: this line holds {} bytes, more than the {limit} of any row of a results table: is this the right file?",
                line + 1,
                piece.len()
            ));
        }
    }
    Ok(())
}

/// Why a small file a person types or tally writes (a seats file, a sample) cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SmallFileError {
    /// The file cannot be read.
    #[error("{path}: cannot be read: {source}")]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A line is wrong.
    #[error("{path}:{line}: {message}")]
    Line {
        /// The file.
        path: std::path::PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong and what to do.
        message: String,
    },
}

/// The line of a byte offset in a text, for offsets that only grow (the csv crate's own line
/// count leaves out blank lines). An offset on a line break is the line after it: the csv
/// crate may give a record's start as the blank line before it.
pub(crate) struct Lines<'t> {
    text: &'t [u8],
    offset: usize,
    line: usize,
}

impl<'t> Lines<'t> {
    /// Counting from the start of `text`.
    pub(crate) fn new(text: &'t [u8]) -> Self {
        Lines {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line of `offset`.
    pub(crate) fn at(&mut self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while matches!(self.text.get(offset), Some(b'\r' | b'\n')) {
            offset += 1;
        }
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += self.text[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        self.line
    }
}

/// The data rows of a small CSV file, each with its line.
pub type CsvRows = Vec<(usize, csv::StringRecord)>;

/// A small CSV file a person types or tally writes (a seats file, a quick count's sample):
/// UTF-8 (a BOM allowed), a header naming `columns` in any order (other columns ignored),
/// cells trimmed, every row as many cells as the header (a row `1,1,2` under
/// `constituency,seats` is a typo, never a row whose third cell is ignored). Returns each
/// column's index and the data rows with their lines (rows whose every cell is empty left
/// out), or the line and what is wrong: `fix` says what to do when the header lacks a column,
/// `what` names the file in the other messages.
pub fn small_csv(
    bytes: &[u8],
    columns: &[&str],
    what: &str,
    fix: &str,
) -> Result<(Vec<usize>, CsvRows), (usize, String)> {
    small_csv_with(bytes, columns, &[], what, fix).map(|(found, _, rows)| (found, rows))
}

/// A small CSV file read by [`small_csv_with`]: the index of each column, of each optional
/// column the header names, and the data rows with their lines.
pub type CsvTable = (Vec<usize>, Vec<Option<usize>>, CsvRows);

/// [`small_csv`], with `optional` columns too: each one's index when the header names it.
pub fn small_csv_with(
    bytes: &[u8],
    columns: &[&str],
    optional: &[&str],
    what: &str,
    fix: &str,
) -> Result<CsvTable, (usize, String)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        (line, format!("not UTF-8 text: save {what} as UTF-8 CSV"))
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| (1, format!("not CSV: {e}")))?
        .clone();
    check_row(&header).map_err(|why| (1, why))?;
    let position = |name: &&str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let found: Option<Vec<usize>> = columns.iter().map(position).collect();
    let optional: Vec<Option<usize>> = optional.iter().map(position).collect();
    let Some(found) = found else {
        return Err((
            1,
            format!(
                "the header must name the columns {} (found {:?}): {fix}",
                columns.join(", "),
                crate::tape::excerpt(&header.iter().collect::<Vec<_>>().join(","))
            ),
        ));
    };
    let mut rows = Vec::new();
    let mut lines = Lines::new(text.as_bytes());
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| lines.at(p.byte() as usize));
            (line, format!("not CSV: {e}"))
        })?;
        let line = record.position().map_or(0, |p| lines.at(p.byte() as usize));
        check_row(&record).map_err(|why| (line, why))?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != header.len() {
            let cells = |n: usize| {
                if n == 1 {
                    "1 cell".to_string()
                } else {
                    format!("{n} cells")
                }
            };
            let joined = |r: &csv::StringRecord| {
                crate::tape::excerpt(&r.iter().collect::<Vec<_>>().join(","))
            };
            return Err((
                line,
                format!(
                    "{} has {} but the header {} has {}: give {what} one cell per column on every row (a comma too many or too few moves the cells after it)",
                    joined(&record),
                    cells(record.len()),
                    joined(&header),
                    header.len(),
                ),
            ));
        }
        rows.push((line, record));
    }
    Ok((found, optional, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_lines_too_large_for_a_table_are_refused() {
        let row = |cells: usize, cell: &str| csv::StringRecord::from(vec![cell; cells]);
        assert!(check_row(&row(MAX_ROW_CELLS, "1")).is_ok());
        let e = check_row(&row(MAX_ROW_CELLS + 1, "")).unwrap_err();
        assert!(e.starts_with("this row has 20001 cells"), "{e}");
        let e = check_row(&row(20, &"x".repeat(MAX_ROW_BYTES / 10))).unwrap_err();
        assert!(e.starts_with("this row holds"), "{e}");
        let e = check_row(&row(2, &"x".repeat(MAX_CELL_BYTES + 1))).unwrap_err();
        assert!(e.starts_with("cell 1 holds 65537 bytes"), "{e}");
        let long = format!("a,b\n1,2\n{}\n", ",".repeat(4 * MAX_ROW_BYTES + 1));
        assert_eq!(
            check_lines(long.as_bytes()).unwrap_err(),
            "line 3: this line holds 4194305 bytes, more than the 4194304 of any row of a results table: is this the right file?"
        );
        assert!(check_lines(b"a,b\n1,2").is_ok());
    }

    #[test]
    fn rows_of_another_width_than_the_header_are_refused() {
        let read = |t: &str| {
            small_csv(
                t.as_bytes(),
                &["constituency", "seats"],
                "the seats file",
                "fix",
            )
        };
        let (line, message) = read("constituency,seats\n1,12\n1,1,2\n").unwrap_err();
        assert_eq!(line, 3);
        assert!(
            message.starts_with("\"1,1,2\" has 3 cells but the header \"constituency,seats\" has 2: give the seats file one cell per column"),
            "{message}"
        );
        // Lines counted as a person counts them: blank lines, CRLF, a quoted line break.
        let (line, message) = read("constituency,seats\n\n7\n").unwrap_err();
        assert_eq!(line, 3);
        let (line, _) = read("constituency,seats\r\n1,2\r\n\r\n\r\n3\r\n").unwrap_err();
        assert_eq!(line, 5);
        let (line, _) = read("constituency,seats\n1,\"a\nb\"\n\n3\n").unwrap_err();
        assert_eq!(line, 5);
        assert!(
            message.starts_with("\"7\" has 1 cell but the header"),
            "{message}"
        );
        // Rows of empty cells are left out, whatever their width; quoted commas are one cell.
        let (_, rows) = read("constituency,seats,note\n,\n1,12,\"a, b\"\n").unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].0, 3);
    }
}
