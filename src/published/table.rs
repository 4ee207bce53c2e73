//! Rows of a published file, CSV or spreadsheet, handed one by one to a [`RowSink`] (a
//! national long-layout file has millions of rows: nothing is materialised).

use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

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
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(format!("line {line}: not readable as CSV: {e}"));
            }
        }
        let line = record.position().map_or(0, |p| p.line() as usize);
        feed(sink, &mut have_header, line, &record)?;
    }
}

/// Hands a row to the sink: the first non-blank row is the header, the others are data.
fn feed(
    sink: &mut dyn RowSink,
    have_header: &mut bool,
    line: usize,
    record: &csv::StringRecord,
) -> Result<(), String> {
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
    let range = book
        .worksheet_range(&name)
        .map_err(|e| format!("sheet {name:?}: {e}"))?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let mut record = csv::StringRecord::new();
    let mut have_header = false;
    for (i, row) in range.rows().enumerate() {
        record.clear();
        for cell in row {
            record.push_field(&cell_text(cell));
        }
        feed(sink, &mut have_header, first_row + i + 1, &record)?;
    }
    Ok(name)
}
