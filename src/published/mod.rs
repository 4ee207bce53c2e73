//! The commission's published results: CSV (any common encoding and delimiter) or a
//! spreadsheet (.xlsx, .xls, .ods), long layout (a row per station and choice) or wide (a row
//! per station, a column per choice), headers in English or Arabic, in any order.

mod decode;
mod headers;
pub mod inspect;
pub mod layout;
mod table;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use headers::{map_columns, map_with_layout, map_with_samples, normalise, Columns, Field};
pub use layout::{LayoutError, LayoutFile};

use crate::tape::digits::parse_count;
use crate::tape::Choice;

/// How the user helps the import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// `--map FIELD=HEADER` overrides.
    pub map: Vec<(Field, String)>,
    /// `--encoding LABEL` for CSV.
    pub encoding: Option<String>,
    /// `--sheet NAME` for spreadsheets (default: the first sheet).
    pub sheet: Option<String>,
    /// `--layout FILE`: how this commission's format is read (`--map` and `--encoding` win
    /// over it).
    pub layout: Option<LayoutFile>,
    /// A list of stations: a file without any choice column is read too (its stations have
    /// no votes), as a quick count's sampling frame may be.
    pub stations_only: bool,
}

/// Long or wide layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// A row per station and choice.
    Long,
    /// A row per station, a column per choice.
    Wide,
}

/// Which code of a station groups it: its governorate or its district (a seats
/// constituency, a quick count's stratum).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum By {
    /// The governorate (Iraq's constituencies since 2023).
    Governorate,
    /// The electoral district.
    District,
}

impl By {
    /// `governorate` or `district`.
    pub fn as_str(self) -> &'static str {
        match self {
            By::Governorate => "governorate",
            By::District => "district",
        }
    }

    /// A published station's code of this kind, when the file gives it.
    pub fn code(self, station: &PublishedStation) -> Option<u32> {
        match self {
            By::Governorate => station.governorate,
            By::District => station.district,
        }
    }
}

/// The turnout fields in payload order.
pub const TOTALS: [Field; 5] = [
    Field::Registered,
    Field::Voters,
    Field::Ballots,
    Field::Invalid,
    Field::Valid,
];

/// Two rows of the file that give one station's figure differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// What differs: `registered`, `votes of choice 101`, `district`.
    pub what: String,
    /// Line of the first value.
    pub first_line: usize,
    /// The first value.
    pub first: u32,
    /// Line of the differing value.
    pub line: usize,
    /// The differing value.
    pub value: u32,
}

/// One station's published figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedStation {
    /// Governorate, if the file has it.
    pub governorate: Option<u32>,
    /// District, if the file has it.
    pub district: Option<u32>,
    /// Centre code.
    pub center: u32,
    /// Station number.
    pub station: u32,
    /// registered, voters, ballots, invalid, valid (as [`TOTALS`]), where published.
    pub totals: [Option<u32>; 5],
    /// Votes per choice, sorted by code.
    pub choices: Vec<Choice>,
    /// First line (or spreadsheet row) of the station.
    pub line: usize,
    /// The station's code as the file prints it, when that is not `CENTRE-STATION` as
    /// numbers (leading zeros, a combined code, a name): shown in every report.
    pub code: Option<String>,
    /// Rows that contradict each other.
    pub conflicts: Vec<Conflict>,
    /// Its status as the layout's status column gives it (`Validated`): the first row's.
    pub status: Option<String>,
}

impl PublishedStation {
    /// The published value of a turnout field.
    pub fn total(&self, field: Field) -> Option<u32> {
        TOTALS
            .iter()
            .position(|f| *f == field)
            .and_then(|i| self.totals[i])
    }
}

/// A row that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedRow {
    /// Line (CSV) or row (spreadsheet).
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// A published results file, read.
#[derive(Debug, Clone)]
pub struct Published {
    /// The file.
    pub path: PathBuf,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// `csv` or `spreadsheet`.
    pub format: &'static str,
    /// Text encoding (CSV) or sheet name (spreadsheet).
    pub encoding: String,
    /// Long or wide.
    pub layout: Layout,
    /// Which header each field was read from.
    pub columns: Vec<(Field, String)>,
    /// Number of choice columns (wide layout).
    pub choice_columns: usize,
    /// Each choice column's code and header (wide layout), in code order: the header is what
    /// the file calls the choice (`NM`, `Maduro`).
    pub choice_headers: Vec<(u32, String)>,
    /// Columns not used.
    pub ignored_columns: Vec<String>,
    /// Data rows read (rejected included, blank rows not).
    pub rows: usize,
    /// Rows whose every cell is empty: not read, counted so that none goes unsaid.
    pub empty_rows: usize,
    /// Stations by (centre, station).
    pub stations: BTreeMap<(u32, u32), PublishedStation>,
    /// Rows that could not be used.
    pub rejected: Vec<RejectedRow>,
    /// Rows the layout file leaves out (`[[skip]]`), with the rule that did.
    pub skipped: Vec<RejectedRow>,
    /// The layout file it was read with.
    pub layout_file: Option<LayoutFile>,
}

/// Why a published file cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum PublishedError {
    /// The file cannot be read.
    #[error("{path}: cannot read the published results: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not a results table tally can read.
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
}

/// Largest published results file read: a national long-layout file (55,000 stations × 40
/// choices, a row each) is about 150 MB.
pub const MAX_PUBLISHED_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Reads a published results file.
pub fn load(path: &Path, options: &ImportOptions) -> Result<Published, PublishedError> {
    let bytes = crate::files::read(path, MAX_PUBLISHED_BYTES, "a published results file").map_err(
        |source| PublishedError::Io {
            path: path.to_path_buf(),
            source,
        },
    )?;
    load_bytes(&bytes, path, options)
}

/// Reads published results from bytes already in memory (`path` names them in messages and
/// tells a spreadsheet by its extension).
pub fn load_bytes(
    bytes: &[u8],
    path: &Path,
    options: &ImportOptions,
) -> Result<Published, PublishedError> {
    let format_err = |message: String| PublishedError::Format {
        path: path.to_path_buf(),
        message,
    };
    let sha256 = hex::encode(Sha256::digest(bytes));
    let layout = options.layout.clone().unwrap_or_default();
    let mut sink = Sink {
        map: &options.map,
        need_choices: !options.stations_only,
        layout: &layout,
        header: None,
        sample: Vec::new(),
        builder: None,
        failed: None,
    };
    let mut read = options.clone();
    read.encoding = options.encoding.clone().or_else(|| layout.encoding.clone());
    let (format, encoding) =
        table::read_table(bytes, path, &read, &mut sink).map_err(format_err)?;
    let b = sink
        .finish()
        .map_err(format_err)?
        .ok_or_else(|| format_err("the file holds no header row: it is empty".into()))?;
    let mut published = b.finish(path, sha256, format, encoding);
    published.layout_file = options.layout.clone();
    Ok(published)
}

/// Receives the rows of a table: the header first, then data rows with their line numbers.
pub trait RowSink {
    /// The header row; an error stops the reading.
    fn header(&mut self, header: Vec<String>) -> Result<(), String>;
    /// A data row.
    fn row(&mut self, line: usize, record: &csv::StringRecord);
}

/// Rows looked at before the columns are mapped: guesses by header name are checked against
/// their values.
const SAMPLE_ROWS: usize = 50;

struct Sink<'a> {
    map: &'a [(Field, String)],
    /// Whether a file without choice columns is refused.
    need_choices: bool,
    layout: &'a LayoutFile,
    /// The header, until the columns are mapped.
    header: Option<Vec<String>>,
    /// The first rows, until the columns are mapped.
    sample: Vec<(usize, csv::StringRecord)>,
    builder: Option<Builder>,
    /// Why the columns could not be mapped (the rows after are not read).
    failed: Option<String>,
}

impl Sink<'_> {
    /// Maps the columns with the sample rows in view, then reads the sample.
    fn map(&mut self) {
        let Some(header) = self.header.take() else {
            return;
        };
        let sample: Vec<&csv::StringRecord> = self.sample.iter().map(|(_, r)| r).collect();
        match headers::map_fields(&header, self.map, self.layout, &sample, self.need_choices) {
            Ok(columns) => {
                let mut b = Builder::new(header, columns);
                for (line, record) in std::mem::take(&mut self.sample) {
                    b.add_row(line, &record);
                }
                self.builder = Some(b);
            }
            Err(e) => self.failed = Some(e),
        }
    }

    /// The builder once every row is in, or why the columns could not be mapped.
    fn finish(mut self) -> Result<Option<Builder>, String> {
        self.map();
        match self.failed {
            Some(e) => Err(e),
            None => Ok(self.builder),
        }
    }
}

impl RowSink for Sink<'_> {
    fn header(&mut self, header: Vec<String>) -> Result<(), String> {
        self.header = Some(header);
        Ok(())
    }

    fn row(&mut self, line: usize, record: &csv::StringRecord) {
        if let Some(b) = self.builder.as_mut() {
            b.add_row(line, record);
        } else if self.header.is_some() {
            self.sample.push((line, record.clone()));
            if self.sample.len() >= SAMPLE_ROWS {
                self.map();
            }
        }
    }
}

/// Builds stations row by row.
struct Builder {
    header: Vec<String>,
    columns: Columns,
    rows: usize,
    empty_rows: usize,
    /// Stations in order of first appearance, found through `index`; the last one used is
    /// looked up first, since a long-layout file gives a station's rows one after another.
    stations: Vec<PublishedStation>,
    index: HashMap<(u32, u32), usize>,
    last: Option<((u32, u32), usize)>,
    /// The row's choices (reused from row to row).
    choices: Vec<Choice>,
    rejected: Vec<RejectedRow>,
    skipped: Vec<RejectedRow>,
}

impl Builder {
    fn new(header: Vec<String>, columns: Columns) -> Builder {
        Builder {
            header,
            columns,
            rows: 0,
            empty_rows: 0,
            stations: Vec::new(),
            index: HashMap::new(),
            last: None,
            choices: Vec::new(),
            rejected: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// The station of this key, made from the row's figures if it is new.
    fn station(
        &mut self,
        key: (u32, u32),
        new: impl FnOnce() -> PublishedStation,
    ) -> &mut PublishedStation {
        let at = match self.last {
            Some((k, at)) if k == key => at,
            _ => *self.index.entry(key).or_insert_with(|| {
                self.stations.push(new());
                self.stations.len() - 1
            }),
        };
        self.last = Some((key, at));
        &mut self.stations[at]
    }

    fn layout(&self) -> Layout {
        if self.columns.get(Field::Choice).is_some() {
            Layout::Long
        } else {
            Layout::Wide
        }
    }

    fn add_row(&mut self, line: usize, record: &csv::StringRecord) {
        if record.iter().all(|c| c.trim().is_empty()) {
            self.empty_rows += 1;
            return;
        }
        self.rows += 1;
        let cell = |i: usize| record.get(i).unwrap_or("");
        if let Some((_, rule)) = self.columns.skip.iter().find(|(i, r)| r.skips(cell(*i))) {
            let reason = format!("left out by the layout: {}", rule.describe());
            self.skipped.push(RejectedRow { line, reason });
            return;
        }
        if let Err(reason) = self.parse_row(line, record) {
            self.rejected.push(RejectedRow { line, reason });
        }
    }

    /// The station's identity from its code columns (`[station_code]`): centre, station,
    /// governorate and district, each where a pattern names it.
    fn identity(&self, record: &csv::StringRecord) -> Result<[Option<u32>; 4], String> {
        let mut out = [None; 4];
        for (i, regex) in &self.columns.station_code {
            let value = record.get(*i).unwrap_or("").trim();
            let caps = regex.captures(value).ok_or_else(|| {
                format!(
                    "station code {} ({} column) does not match the layout's pattern {:?}",
                    crate::tape::excerpt(value),
                    crate::tape::excerpt(&self.header[*i]),
                    regex.as_str()
                )
            })?;
            for (slot, f) in out.iter_mut().zip([
                Field::Center,
                Field::Station,
                Field::Governorate,
                Field::District,
            ]) {
                if let Some(m) = caps.name(f.name()) {
                    let text = m.as_str().trim();
                    let named = self.columns.station_names.get(text).copied();
                    *slot = Some(match (named, parse_count(text)) {
                        (Some(n), _) | (None, Ok(n)) => n,
                        (None, Err(e)) => {
                            return Err(format!(
                                "{} in station code {}: {e}; a name needs its number in the layout's [station_code.names]",
                                f.name(),
                                crate::tape::excerpt(value)
                            ))
                        }
                    });
                }
            }
        }
        Ok(out)
    }

    fn parse_row(&mut self, line: usize, record: &csv::StringRecord) -> Result<(), String> {
        let width = self.header.len();
        if record.len() < width || record.iter().skip(width).any(|c| !c.trim().is_empty()) {
            return Err(format!("the row has {} cells, the header {width}: a cell is missing or a value holds an unquoted delimiter", record.len()));
        }
        let raw = |i: usize| record.get(i).unwrap_or("").trim();
        // A value the layout says means "none published" (`NA`) is an empty cell.
        let marked = |i: usize| self.columns.empty.iter().any(|e| e == raw(i));
        let cell = |i: usize| if marked(i) { "" } else { raw(i) };
        let number = |field: Field, i: usize| -> Result<Option<u32>, String> {
            let text = cell(i);
            if text.is_empty() {
                return Ok(None);
            }
            parse_count(text).map(Some).map_err(|e| {
                format!(
                    "{} ({} column): {} is {e}",
                    field.name(),
                    crate::tape::excerpt(&self.header[i]),
                    crate::tape::excerpt(text)
                )
            })
        };
        let field = |f: Field| -> Result<Option<u32>, String> {
            self.columns.get(f).map_or(Ok(None), |i| number(f, i))
        };
        let required = |f: Field| -> Result<u32, String> {
            field(f)?.ok_or_else(|| format!("{} is empty", f.name()))
        };
        let [coded_center, coded_station, coded_governorate, coded_district] =
            self.identity(record)?;
        let either = |coded: Option<u32>, f: Field| coded.map_or_else(|| field(f), |v| Ok(Some(v)));
        let center = either(coded_center, Field::Center)?
            .ok_or_else(|| format!("{} is empty", Field::Center.name()))?;
        let station = either(coded_station, Field::Station)?
            .ok_or_else(|| format!("{} is empty", Field::Station.name()))?;
        let governorate = either(coded_governorate, Field::Governorate)?;
        let district = either(coded_district, Field::District)?;
        let mut totals = [None; 5];
        for (slot, f) in totals.iter_mut().zip(TOTALS) {
            *slot = match self.columns.sums.iter().find(|(s, _)| *s == f) {
                // A sum of columns: empty only when every one of them is.
                Some((_, at)) => at.iter().try_fold(None, |sum: Option<u32>, &i| {
                    Ok::<_, String>(match number(f, i)? {
                        Some(v) => Some(sum.unwrap_or(0).checked_add(v).ok_or_else(|| {
                            format!("{} overflows as a sum of columns", f.name())
                        })?),
                        None => sum,
                    })
                })?,
                None => field(f)?,
            };
        }
        let mut choices = std::mem::take(&mut self.choices);
        choices.clear();
        match self.layout() {
            Layout::Long => {
                let code = match (&self.columns.choice_code, self.columns.get(Field::Choice)) {
                    (Some(regex), Some(i)) => {
                        let value = cell(i);
                        let code = regex
                            .captures(value)
                            .and_then(|c| c.name("choice"))
                            .ok_or_else(|| {
                                format!(
                                    "choice code {} does not match the layout's pattern {:?}",
                                    crate::tape::excerpt(value),
                                    regex.as_str()
                                )
                            })?;
                        parse_count(code.as_str()).map_err(|e| {
                            format!("choice in {}: {e}", crate::tape::excerpt(value))
                        })?
                    }
                    _ => required(Field::Choice)?,
                };
                // Votes published as unknown (`NA`): no votes for this choice.
                let unknown = self.columns.get(Field::Votes).is_some_and(marked);
                if !unknown {
                    choices.push(Choice {
                        code,
                        votes: required(Field::Votes)?,
                    });
                }
            }
            Layout::Wide => {
                for &(i, code) in &self.columns.choices {
                    if let Some(votes) = number(Field::Votes, i)? {
                        choices.push(Choice { code, votes });
                    }
                }
            }
        }
        let printed = if self.columns.station_code.is_empty() {
            let raw = |f: Field| self.columns.get(f).map_or("", |i| cell(i));
            format!("{}-{}", raw(Field::Center), raw(Field::Station))
        } else {
            let parts: Vec<&str> = self
                .columns
                .station_code
                .iter()
                .map(|(i, _)| cell(*i))
                .collect();
            parts.join(" ")
        };
        // Eastern Arabic or Persian digits are the same code: only a code written otherwise
        // (leading zeros, a combined code, a name) is kept.
        let code = (crate::tape::digits::ascii_digits(&printed) != format!("{center}-{station}"))
            .then_some(printed);
        let status = self
            .columns
            .status
            .map(|i| cell(i).to_string())
            .filter(|s| !s.is_empty());
        let entry = self.station((center, station), || PublishedStation {
            governorate,
            district,
            center,
            station,
            totals,
            choices: Vec::new(),
            line,
            code,
            conflicts: Vec::new(),
            status: None,
        });
        if entry.status.is_none() {
            entry.status = status;
        }
        merge(entry, line, "governorate", governorate, |s| {
            &mut s.governorate
        });
        merge(entry, line, "district", district, |s| &mut s.district);
        for (i, f) in TOTALS.iter().enumerate() {
            merge(entry, line, f.name(), totals[i], |s| &mut s.totals[i]);
        }
        for &c in &choices {
            match entry.choices.binary_search_by_key(&c.code, |x| x.code) {
                Ok(at) if entry.choices[at].votes != c.votes => {
                    let first = entry.choices[at].votes;
                    entry.conflicts.push(Conflict {
                        what: format!("votes of choice {}", c.code),
                        first_line: entry.line,
                        first,
                        line,
                        value: c.votes,
                    });
                }
                Ok(_) => {}
                Err(at) => entry.choices.insert(at, c),
            }
        }
        self.choices = choices;
        Ok(())
    }

    fn finish(
        self,
        path: &Path,
        sha256: String,
        format: &'static str,
        encoding: String,
    ) -> Published {
        let layout = self.layout();
        Published {
            path: path.to_path_buf(),
            sha256,
            format,
            encoding,
            layout,
            columns: self
                .columns
                .fields
                .iter()
                .map(|(f, i)| (*f, self.header[*i].clone()))
                .collect(),
            choice_columns: self.columns.choices.len(),
            choice_headers: {
                let mut h: Vec<(u32, String)> = self
                    .columns
                    .choices
                    .iter()
                    .map(|&(i, code)| (code, self.header[i].clone()))
                    .collect();
                h.sort();
                h
            },
            ignored_columns: self.columns.ignored.clone(),
            rows: self.rows,
            empty_rows: self.empty_rows,
            stations: self
                .stations
                .into_iter()
                .map(|s| ((s.center, s.station), s))
                .collect(),
            rejected: self.rejected,
            skipped: self.skipped,
            layout_file: None,
        }
    }
}

/// Records a value for a station, or a conflict when an earlier row gave another.
fn merge(
    s: &mut PublishedStation,
    line: usize,
    what: &str,
    value: Option<u32>,
    slot: impl Fn(&mut PublishedStation) -> &mut Option<u32>,
) {
    let Some(value) = value else { return };
    let first_line = s.line;
    match *slot(s) {
        None => *slot(s) = Some(value),
        Some(first) if first != value => s.conflicts.push(Conflict {
            what: what.to_string(),
            first_line,
            first,
            line,
            value,
        }),
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests;
