//! How tally reads a published results file, shown to the person writing its layout file: the
//! encoding and why, the columns with sample values and the role each was given, and what
//! the rows give (or why the header could not be mapped); and a starter layout to edit.

use std::fmt::Write as _;
use std::path::Path;

use super::table::read_table;
use super::{load_bytes, map_with_samples, Columns, Field, ImportOptions, Published, RowSink};

/// Sample rows shown per column.
const SHOWN: usize = 3;

/// Sample rows kept per file (the columns are mapped with them in view, as `load` does).
const SAMPLES: usize = 50;

/// What inspecting a file found.
#[derive(Debug)]
pub struct Inspection {
    /// `csv` or `spreadsheet`.
    pub format: &'static str,
    /// The encoding (CSV) or sheet (spreadsheet).
    pub encoding: String,
    /// Why that encoding.
    pub encoding_why: &'static str,
    /// The header row.
    pub header: Vec<String>,
    /// The first data rows.
    pub samples: Vec<Vec<String>>,
    /// The role of each column, or why the header could not be mapped.
    pub columns: Result<Columns, String>,
    /// The file read as `reconcile` reads it, or why it cannot be.
    pub read: Result<Published, String>,
}

struct Capture {
    header: Vec<String>,
    samples: Vec<Vec<String>>,
}

impl RowSink for Capture {
    fn header(&mut self, header: Vec<String>) -> Result<(), String> {
        self.header = header;
        Ok(())
    }

    fn row(&mut self, _line: usize, record: &csv::StringRecord) {
        if self.samples.len() < SAMPLES && record.iter().any(|c| !c.trim().is_empty()) {
            self.samples
                .push(record.iter().map(str::to_string).collect());
        }
    }
}

/// Why a CSV file's encoding is the one it was read in.
fn encoding_why(bytes: &[u8], options: &ImportOptions) -> &'static str {
    if options.encoding.is_some() {
        "as given (--encoding)"
    } else if options
        .layout
        .as_ref()
        .is_some_and(|l| l.encoding.is_some())
    {
        "as the layout file says"
    } else if encoding_rs::Encoding::for_bom(bytes).is_some() {
        "its byte-order mark"
    } else if std::str::from_utf8(bytes).is_ok() {
        "every byte is valid UTF-8"
    } else if super::decode::single_byte(bytes).1 {
        "not UTF-8 nor UTF-16: a single-byte encoding, told by the text's letters; if names come out wrong, name the encoding (encoding = \"...\" in the layout, or --encoding)"
    } else {
        "not UTF-8 nor UTF-16, and the letters do not tell the encoding: read as Windows-1256, the default; if names come out wrong, name it (encoding = \"windows-1252\" in the layout, or --encoding)"
    }
}

/// Inspects a published file's bytes (`path` names it and tells a spreadsheet by its
/// extension).
pub fn inspect(bytes: &[u8], path: &Path, options: &ImportOptions) -> Result<Inspection, String> {
    let layout = options.layout.clone().unwrap_or_default();
    let mut read = options.clone();
    read.encoding = options.encoding.clone().or_else(|| layout.encoding.clone());
    let mut capture = Capture {
        header: Vec::new(),
        samples: Vec::new(),
    };
    let (format, encoding) = read_table(bytes, path, &read, &mut capture)?;
    let sample: Vec<csv::StringRecord> = capture
        .samples
        .iter()
        .map(|r| csv::StringRecord::from(r.clone()))
        .collect();
    let refs: Vec<&csv::StringRecord> = sample.iter().collect();
    let columns = map_with_samples(&capture.header, &options.map, &layout, &refs);
    Ok(Inspection {
        format,
        encoding,
        encoding_why: if format == "csv" {
            encoding_why(bytes, options)
        } else {
            "a spreadsheet: its sheet"
        },
        header: capture.header,
        samples: capture.samples,
        columns,
        read: load_bytes(bytes, path, options).map_err(|e| e.to_string()),
    })
}

impl Inspection {
    /// The role of column `i`: a field, a choice code, ignored.
    pub fn role(&self, i: usize) -> String {
        let Ok(c) = &self.columns else {
            return "unmapped".into();
        };
        if let Some((f, _)) = c.withdrawn.iter().find(|(_, h)| *h == self.header[i]) {
            return format!("not {}: text", f.name());
        }
        if let Some((f, _)) = c.fields.iter().find(|(_, at)| *at == i) {
            return f.name().into();
        }
        if let Some((_, code)) = c.choices.iter().find(|(at, _)| *at == i) {
            return format!("choice {code}");
        }
        if let Some((f, _)) = c.sums.iter().find(|(_, at)| at.contains(&i)) {
            return format!("part of {}", f.name());
        }
        if c.station_code.iter().any(|(at, _)| *at == i) {
            return "station code".into();
        }
        "ignored".into()
    }

    /// The sample values of column `i`, comma-separated.
    pub fn samples_of(&self, i: usize) -> String {
        let values: Vec<&str> = self
            .samples
            .iter()
            .take(SHOWN)
            .map(|r| r.get(i).map_or("", |v| v.trim()))
            .collect();
        values.join(", ")
    }

    /// A starter layout file for this file: what tally recognised, as a layout; every other
    /// column listed with its samples, to be named or ignored.
    pub fn starter_layout(&self, name: &str) -> String {
        let mut out = format!(
            "# Layout for {name}, written by `tally published inspect`: check it, edit it, then\n# tally reconcile --published {name} --layout THIS-FILE.toml\n"
        );
        if self.format == "csv" {
            let _ = writeln!(out, "encoding = {:?}", self.encoding.to_lowercase());
        }
        let columns = self.columns.as_ref().ok();
        out.push_str("\n[columns]\n");
        for f in Field::ALL {
            match columns.and_then(|c| c.get(f)) {
                Some(i) => {
                    let _ = writeln!(out, "{} = {:?}", f.name(), self.header[i].trim());
                }
                None => {
                    let _ = writeln!(out, "# {} = \"HEADER\"", f.name());
                }
            }
        }
        let unused: Vec<(usize, &String)> = self
            .header
            .iter()
            .enumerate()
            .filter(|(i, h)| {
                !h.trim().is_empty() && (columns.is_none() || self.role(*i) == "ignored")
            })
            .collect();
        let numeric = |i: usize| {
            !self.samples.is_empty()
                && self.samples.iter().all(|r| {
                    let v = r.get(i).map_or("", |v| v.trim());
                    !v.is_empty() && crate::tape::digits::parse_count(v).is_ok()
                })
        };
        let texts: Vec<String> = unused
            .iter()
            .filter(|(i, _)| !numeric(*i))
            .map(|(_, h)| format!("{:?}", h.trim()))
            .collect();
        let _ = writeln!(
            out,
            "# Text columns: never read as figures.\nignore = [{}]",
            texts.join(", ")
        );
        out.push_str("\n# Every column of the file, with sample values:\n");
        for (i, h) in self.header.iter().enumerate() {
            let _ = writeln!(
                out,
                "#   {:?} ({}): {}",
                h.trim(),
                self.role(i),
                self.samples_of(i)
            );
        }
        out.push_str("\n[choices]\n");
        match columns.filter(|c| !c.choices.is_empty()) {
            Some(c) => {
                for (i, code) in &c.choices {
                    let _ = writeln!(out, "{code} = {:?}", self.header[*i].trim());
                }
            }
            None => {
                out.push_str("# A wide file: one line per choice column, code = \"HEADER\"; numeric columns not yet named:\n");
                for (n, (i, h)) in unused.iter().filter(|(i, _)| numeric(*i)).enumerate() {
                    let _ = writeln!(
                        out,
                        "# {} = {:?}   # {}",
                        n + 1,
                        h.trim(),
                        self.samples_of(*i)
                    );
                }
            }
        }
        out
    }
}
