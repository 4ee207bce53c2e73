//! Reading the files a user names, safely: only regular files (a named pipe or a device would
//! block or never end), and never more than a bound that fits what the file should be.

use std::io::{self, Read as _};
use std::path::Path;

/// Largest key, root key or minisign signature file read (each is a few hundred bytes).
pub const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

/// What a path is when it is not a regular file, in an observer's words.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// Checks that `path` is a regular file (following links) and returns its length. The error
/// says what the path is instead.
pub fn regular(path: &Path) -> io::Result<u64> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        return Ok(meta.len());
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "this is {}, not a file: tally reads only regular files",
            kind_of(&meta)
        ),
    ))
}

/// Reads a regular file of at most `limit` bytes (`what` names it in the error: `a keyring`).
pub fn read(path: &Path, limit: u64, what: &str) -> io::Result<Vec<u8>> {
    let len = regular(path)?;
    let too_large = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("more than {limit} bytes is far too large for {what}: is this the right file?"),
        )
    };
    if len > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(len as usize);
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Reads a regular UTF-8 text file of at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64, what: &str) -> io::Result<String> {
    String::from_utf8(read(path, limit, what)?).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (byte {}): {what} is UTF-8 text",
                e.utf8_error().valid_up_to()
            ),
        )
    })
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
struct Lines<'t> {
    text: &'t [u8],
    offset: usize,
    line: usize,
}

impl Lines<'_> {
    fn at(&mut self, offset: usize) -> usize {
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
    let found: Option<Vec<usize>> = columns
        .iter()
        .map(|name| header.iter().position(|h| h.eq_ignore_ascii_case(name)))
        .collect();
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
    let mut lines = Lines {
        text: text.as_bytes(),
        offset: 0,
        line: 1,
    };
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| lines.at(p.byte() as usize));
            (line, format!("not CSV: {e}"))
        })?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        let line = record.position().map_or(0, |p| lines.at(p.byte() as usize));
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
    Ok((found, rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_within_bounds() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "hello").unwrap();
        assert_eq!(read(&file, 5, "a tape").unwrap(), b"hello");
        let err = read(&file, 4, "a tape").unwrap_err().to_string();
        assert!(err.contains("far too large for a tape"), "{err}");
        let err = read(dir.path(), 10, "a tape").unwrap_err().to_string();
        assert!(err.contains("this is a folder"), "{err}");
        std::fs::write(&file, b"\xff").unwrap();
        let err = read_text(&file, 10, "a keyring").unwrap_err().to_string();
        assert!(err.contains("not UTF-8 text (byte 0)"), "{err}");
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
