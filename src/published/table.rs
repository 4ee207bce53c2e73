//! Rows of a published file, CSV or spreadsheet, handed one by one to a [`RowSink`] (a
//! national long-layout file has millions of rows: nothing is materialised).

use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_auto_from_rs, Cell, CellType, Data, Reader, Sheets};

use super::decode::{decode, sniff_delimiter};
use super::{ImportOptions, RowSink};

/// Whether the bytes are a spreadsheet (zip-based xlsx/ods or OLE xls).
fn is_spreadsheet(bytes: &[u8], path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        || matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods")
}

/// Reads the table, returning its format and encoding (or sheet name).
pub fn read_table(
    bytes: &[u8],
    path: &Path,
    options: &ImportOptions,
    sink: &mut dyn RowSink,
) -> Result<(&'static str, String), String> {
    if is_spreadsheet(bytes, path) {
        let sheet = read_sheet(bytes, options, sink)?;
        return Ok(("spreadsheet", sheet));
    }
    crate::files::check_lines(bytes)?;
    let (text, encoding) = decode(bytes, options.encoding.as_deref())?;
    read_csv(&text, sink)?;
    Ok(("csv", encoding.to_string()))
}

fn read_csv(text: &str, sink: &mut dyn RowSink) -> Result<(), String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut have_header = false;
    let mut lines = crate::files::Lines::new(text.as_bytes());
    // Where the last record starts (line, byte).
    let mut last = (0, 0);
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| lines.at(p.byte() as usize));
                return Err(format!("line {line}: not readable as CSV: {e}"));
            }
        }
        let byte = record.position().map_or(0, |p| p.byte() as usize);
        let line = lines.at(byte);
        last = (line, byte);
        feed(sink, &mut have_header, line, &record)?;
    }
    // An odd number of quotes from the last record to the end: a quote never closed, which
    // swallowed every line after it into one cell.
    let (line, byte) = last;
    let rest = text.get(byte..).unwrap_or("");
    if rest.bytes().filter(|&b| b == b'"').count() % 2 == 1 {
        return Err(format!(
            "line {line}: a quote (\") opens on this line and is never closed, so lines {line} to {} were read as one cell: close the quote or remove it",
            text.trim_end().lines().count().max(line)
        ));
    }
    Ok(())
}

/// Hands a row to the sink: the first non-blank row is the header, the others are data.
fn feed(
    sink: &mut dyn RowSink,
    have_header: &mut bool,
    line: usize,
    record: &csv::StringRecord,
) -> Result<(), String> {
    crate::files::check_row(record).map_err(|why| format!("line {line}: {why}"))?;
    if *have_header {
        sink.row(line, record);
    } else if record.iter().any(|c| !c.trim().is_empty()) {
        sink.header(record.iter().map(|c| c.trim().to_string()).collect())?;
        *have_header = true;
    }
    Ok(())
}

/// Text of a spreadsheet cell as a CSV cell would hold it.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

fn read_sheet(
    bytes: &[u8],
    options: &ImportOptions,
    sink: &mut dyn RowSink,
) -> Result<String, String> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| format!("not a readable spreadsheet: {e}"))?;
    let names = book.sheet_names();
    let name = match &options.sheet {
        Some(s) => names
            .iter()
            .find(|n| *n == s)
            .cloned()
            .ok_or_else(|| format!("no sheet {s:?}; the sheets are: {}", names.join(", ")))?,
        None => names
            .first()
            .cloned()
            .ok_or("the spreadsheet has no sheet")?,
    };
    let sheet_err = |e: &dyn std::fmt::Display| format!("sheet {name:?}: {e}");
    // xlsx and xlsb are read cell by cell: a whole sheet's declared range would be allocated
    // at once (`A1` and `XFD1048576` in a 1.5 KB file is 17 billion cells).
    let cells = match &mut book {
        Sheets::Xlsx(x) => Some(cells_of(
            x.worksheet_cells_reader(&name).map_err(|e| sheet_err(&e))?,
            |r| r.next_cell().map_err(|e| sheet_err(&e)),
        )?),
        Sheets::Xlsb(x) => Some(cells_of(
            x.worksheet_cells_reader(&name).map_err(|e| sheet_err(&e))?,
            |r| r.next_cell().map_err(|e| sheet_err(&e)),
        )?),
        Sheets::Xls(_) | Sheets::Ods(_) => None,
    };
    let mut have_header = false;
    if let Some(cells) = cells {
        feed_sparse(cells, sink, &mut have_header)?;
        return Ok(name);
    }
    // xls (at most 65,536 × 256 cells) and ods (calamine caps its repeated rows and columns)
    // are bounded by their formats.
    let range = book.worksheet_range(&name).map_err(|e| sheet_err(&e))?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut record = csv::StringRecord::new();
    for (i, row) in range.rows().enumerate() {
        record.clear();
        for cell in row {
            record.push_field(&cell_text(cell));
        }
        feed(sink, &mut have_header, first_row + i + 1, &record)?;
    }
    Ok(name)
}

/// A non-empty cell: (row, column) and its text.
type SparseCell = ((u32, u32), String);

/// Every non-empty cell of a sheet, from a cell reader (`next` gives the next cell).
fn cells_of<R, T: CellType + Into<Data>>(
    mut reader: R,
    mut next: impl FnMut(&mut R) -> Result<Option<Cell<T>>, String>,
) -> Result<Vec<SparseCell>, String> {
    let mut cells = Vec::new();
    while let Some(cell) = next(&mut reader)? {
        let pos = cell.get_position();
        let text = cell_text(&cell.get_value().clone().into());
        if !text.is_empty() {
            cells.push((pos, text));
        }
    }
    Ok(cells)
}

/// Hands sparse cells to the sink row by row (a row's line is its spreadsheet row number).
/// Rows start at the sheet's first used column; data rows are cut at the header's width,
/// since no column beyond it has a name.
fn feed_sparse(
    mut cells: Vec<SparseCell>,
    sink: &mut dyn RowSink,
    have_header: &mut bool,
) -> Result<(), String> {
    cells.sort_by_key(|(pos, _)| *pos);
    let first_col = cells.iter().map(|((_, c), _)| *c).min().unwrap_or(0);
    let mut width: Option<u32> = None;
    let mut record = csv::StringRecord::new();
    for row in cells.chunk_by(|a, b| a.0 .0 == b.0 .0) {
        let line = row[0].0 .0 as usize + 1;
        let last = row.last().map_or(first_col, |((_, c), _)| *c);
        let end = width.map_or(last, |w| last.min(first_col + w - 1));
        record.clear();
        let mut cell = row.iter().peekable();
        for col in first_col..=end {
            match cell.next_if(|((_, c), _)| *c == col) {
                Some((_, text)) => record.push_field(text),
                None => record.push_field(""),
            }
        }
        feed(sink, have_header, line, &record)?;
        if *have_header && width.is_none() {
            width = Some(end - first_col + 1);
        }
    }
    Ok(())
}
