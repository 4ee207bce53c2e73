//! Observers' own tables as tapes: each row of a CSV or spreadsheet (a form export, SMS
//! reports, decoded QR codes) is one station's figures as an observer network collected them,
//! read with a layout file like the commission's results (`--tapes-layout`). Such a tape is
//! unsigned and says only what its columns hold: a figure without a column or with an empty
//! cell is absent, never zero.

use std::path::Path;

use crate::published::{self, Field, ImportOptions, PublishedError, PublishedStation, TOTALS};
use crate::tape::{
    Absent, Origin, OriginField, Payload, Signature, Tape, COUNT_FIELDS, PLACEHOLDER_CLOSED,
    PLACEHOLDER_ID,
};

use super::{Input, ReadError, Source};

/// The file extensions read as observers' tables rather than typed tapes.
const TABLE_EXTENSIONS: [&str; 5] = ["csv", "tsv", "xlsx", "xls", "ods"];

/// Whether a file is read as an observers' table (by its extension).
pub fn is_table(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TABLE_EXTENSIONS.iter().any(|t| e.eq_ignore_ascii_case(t)))
}

/// What an observers' table gave: one input per station row (or per row that could not be
/// read), in the table's order, and the rows its layout left out.
#[derive(Debug)]
pub struct TableInputs {
    /// One input per station, or per row that could not be read.
    pub inputs: Vec<Input>,
    /// Rows the layout's `[[skip]]` rules left out: `(line, reason)`.
    pub skipped: Vec<(usize, String)>,
}

/// Reads an observers' table into inputs: every station an unsigned tape of source `table`
/// with its file and line; a row that cannot be read, or rows of one station that disagree,
/// an input with the reason. Never fails as a whole: a table that cannot be read at all is one
/// input with the reason.
pub fn read_table(path: &Path, options: &ImportOptions) -> TableInputs {
    let table = match published::load(path, options) {
        Ok(table) => table,
        Err(e) => {
            let message = match e {
                PublishedError::Io { source, .. } => format!("cannot read: {source}"),
                PublishedError::Format { message, .. } => {
                    format!("{message} (read as an observers' table with the --tapes-layout file: fix the layout)")
                }
            };
            return TableInputs {
                inputs: vec![failed(path, None, None, message)],
                skipped: Vec::new(),
            };
        }
    };
    observations(path, table)
}

/// A table read as observations: every station an unsigned tape, every row rejected or in
/// conflict an input with the reason, in the table's order (see [`read_table`]).
pub fn observations(path: &Path, table: published::Published) -> TableInputs {
    let failed = |sha256, line, message| failed(path, sha256, line, message);
    let sha256 = Some(table.sha256.clone());
    let mut rows: Vec<(usize, Input)> = table
        .rejected
        .iter()
        .map(|r| {
            (
                r.line,
                failed(sha256.clone(), Some(r.line), r.reason.clone()),
            )
        })
        .collect();
    for station in table.stations.values() {
        let input = match conflict(station) {
            Some(reason) => failed(sha256.clone(), Some(station.line), reason),
            None => Input {
                path: path.to_path_buf(),
                sha256: sha256.clone(),
                source: Source::Table,
                tape: Ok(observation(station, &table.choice_headers)),
                photo: None,
                line: Some(station.line),
            },
        };
        rows.push((station.line, input));
    }
    rows.sort_by_key(|(line, _)| *line);
    TableInputs {
        inputs: rows.into_iter().map(|(_, input)| input).collect(),
        skipped: table
            .skipped
            .into_iter()
            .map(|r| (r.line, r.reason))
            .collect(),
    }
}

/// An input of a table that gives no tape, and why.
fn failed(path: &Path, sha256: Option<String>, line: Option<usize>, message: String) -> Input {
    Input {
        path: path.to_path_buf(),
        sha256,
        source: Source::Table,
        tape: Err(ReadError {
            line,
            message,
            station: None,
        }),
        photo: None,
        line,
    }
}

/// Why a station's rows cannot be one observation: two rows give it different figures.
fn conflict(station: &PublishedStation) -> Option<String> {
    let c = station.conflicts.first()?;
    let more = match station.conflicts.len() {
        1 => String::new(),
        n => format!(" (and {} more)", n - 1),
    };
    Some(format!(
        "centre {} station {}: {} is {} on line {} and {} on line {}{more}: the table gives this station twice; correct or remove one row",
        station.center, station.station, c.what, c.first, c.first_line, c.value, c.line
    ))
}

/// A station's row as an unsigned tape that says only what the table holds; a choice is
/// named by its column's header (`Maduro`).
fn observation(s: &PublishedStation, headers: &[(u32, String)]) -> Tape {
    let mut absent = vec!["election"];
    if s.governorate.is_none() {
        absent.push("governorate");
    }
    if s.district.is_none() {
        absent.push("district");
    }
    absent.extend(["device", "closed"]);
    absent.extend(
        COUNT_FIELDS
            .iter()
            .zip(TOTALS)
            .filter(|(_, f)| s.total(*f).is_none())
            .map(|(key, _)| *key),
    );
    let total = |f: Field| s.total(f).unwrap_or(0);
    let payload = Payload {
        election: PLACEHOLDER_ID.to_string(),
        governorate: s.governorate.unwrap_or(0),
        district: s.district.unwrap_or(0),
        center: s.center,
        station: s.station,
        device: PLACEHOLDER_ID.to_string(),
        closed: PLACEHOLDER_CLOSED,
        registered: total(Field::Registered),
        voters: total(Field::Voters),
        ballots: total(Field::Ballots),
        invalid: total(Field::Invalid),
        valid: total(Field::Valid),
        choices: s.choices.clone(),
    };
    let at = |field| Origin {
        field,
        line: s.line,
    };
    let mut origin: Vec<Origin> = ["governorate", "district", "center", "station"]
        .into_iter()
        .chain(COUNT_FIELDS)
        .filter(|key| !absent.contains(key))
        .map(|key| at(OriginField::Key(key)))
        .collect();
    origin.extend(s.choices.iter().map(|c| at(OriginField::Choice(c.code))));
    Tape {
        header: Vec::new(),
        names: payload
            .choices
            .iter()
            .map(|c| {
                headers
                    .binary_search_by_key(&c.code, |(code, _)| *code)
                    .ok()
                    .map(|i| headers[i].1.clone())
            })
            .collect(),
        payload,
        signature: Signature::Absent,
        origin,
        absent: Absent {
            keys: absent,
            unlisted_choices: true,
        },
    }
}
