//! `SAMPLE.csv`: the stations drawn, one row per station in draw order, with the columns
//! `center,station,stratum,draw` (`stratum` empty when the sample is not stratified), then
//! what redraws it, the same on every row: `seed,size,strata_by,frame_sha256` (the seed
//! announced, the size, `governorate`, `district` or empty, and the SHA-256 of the frame
//! file drawn from). Every row carries them so that a row copied, sorted or cut out of the
//! file still says what sample it belongs to, and `tally estimate` redraws the sample and
//! refuses one that was edited.

use std::collections::HashMap;
use std::path::Path;

use super::draw::Drawn;
use super::seed;
use crate::published::By;

/// The header of a sample file.
pub const HEADER: &str = "center,station,stratum,draw,seed,size,strata_by,frame_sha256";

/// The columns of the stations drawn.
const STATION_COLUMNS: [&str; 4] = ["center", "station", "stratum", "draw"];

/// The columns of what redraws the sample.
const DESIGN_COLUMNS: [&str; 4] = ["seed", "size", "strata_by", "frame_sha256"];

/// Largest sample file read: a sample of every station of a national election is ~2 MB.
pub const MAX_SAMPLE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a sample file cannot be used.
pub type SampleFileError = crate::files::SmallFileError;

/// What a sample was drawn with: what redraws it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Design {
    /// The seed announced in public.
    pub seed: String,
    /// Stations sampled.
    pub size: u64,
    /// What the strata are; none when not stratified.
    pub strata: Option<By>,
    /// SHA-256 of the frame file's bytes (lowercase hex).
    pub frame_sha256: String,
}

/// One row of a sample file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleRow {
    /// The station drawn.
    pub drawn: Drawn,
    /// Its line.
    pub line: usize,
}

/// A cell of a sample file: quoted when it holds a comma or a quote (a seed may).
fn cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The sample file's text: the stations `drawn` with `design`.
pub fn write(design: &Design, drawn: &[Drawn]) -> String {
    let tail = format!(
        "{},{},{},{}",
        cell(&design.seed),
        design.size,
        design.strata.map_or("", By::as_str),
        design.frame_sha256
    );
    let mut out = String::with_capacity((24 + tail.len()) * (drawn.len() + 1));
    out.push_str(HEADER);
    out.push('\n');
    for d in drawn {
        let stratum = d.stratum.as_deref().unwrap_or("");
        out.push_str(&format!(
            "{},{},{stratum},{},{tail}\n",
            d.center, d.station, d.draw
        ));
    }
    out
}

/// A sample file as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleFile {
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Its rows, in order.
    pub rows: Vec<SampleRow>,
    /// What it was drawn with; `None` in a file without those columns (written by a tally
    /// before they were added), which cannot be redrawn.
    pub design: Option<Design>,
}

/// Reads a sample file.
pub fn parse(path: &Path) -> Result<SampleFile, SampleFileError> {
    let bytes = crate::files::read(path, MAX_SAMPLE_BYTES, "a sample file").map_err(|source| {
        SampleFileError::Io {
            path: path.to_path_buf(),
            source,
        }
    })?;
    parse_bytes(&bytes, path)
}

/// Whether `name` is a stratum's name: digits, or digits, a hyphen and digits.
fn is_stratum(name: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit());
    match name.split_once('-') {
        Some((g, d)) => digits(g) && digits(d),
        None => digits(name),
    }
}

/// [`parse`] of the bytes of `path`: the header must name the four station columns (any
/// order, other columns ignored) and the four design columns or none of them; every station
/// once; `stratum` given on every row or on none; the design the same on every row, its seed
/// one [`seed::check`] accepts.
pub fn parse_bytes(bytes: &[u8], path: &Path) -> Result<SampleFile, SampleFileError> {
    use sha2::Digest as _;
    let err = |line: usize, message: String| SampleFileError::Line {
        path: path.to_path_buf(),
        line,
        message,
    };
    let (columns, design_columns, records) = crate::files::small_csv_with(
        bytes,
        &STATION_COLUMNS,
        &DESIGN_COLUMNS,
        "the sample file",
        "give the file `tally sample` wrote",
    )
    .map_err(|(line, message)| err(line, message))?;
    let design_columns: Option<Vec<usize>> = match design_columns.iter().flatten().count() {
        0 => None,
        4 => Some(design_columns.into_iter().flatten().collect()),
        _ => {
            let missing: Vec<&str> = DESIGN_COLUMNS
                .iter()
                .zip(&design_columns)
                .filter(|(_, i)| i.is_none())
                .map(|(name, _)| *name)
                .collect();
            return Err(err(
                1,
                format!(
                    "the header lacks the column{} {} beside the others of {HEADER}: give the file `tally sample` wrote, whole",
                    if missing.len() == 1 { "" } else { "s" },
                    missing.join(", ")
                ),
            ));
        }
    };
    let mut rows: Vec<SampleRow> = Vec::new();
    let mut seen: HashMap<(u32, u32), usize> = HashMap::new();
    let mut first_design: Option<(usize, Vec<String>)> = None;
    for (line, record) in records {
        let row = station_row(&record, &columns, line).map_err(|m| err(line, m))?;
        if let Some(first) = seen.insert((row.drawn.center, row.drawn.station), line) {
            return Err(err(
                line,
                format!(
                    "station {}-{} is listed twice (first on line {first}): a sample holds each station once",
                    row.drawn.center, row.drawn.station
                ),
            ));
        }
        if let Some(first) = rows.first() {
            if first.drawn.stratum.is_some() != row.drawn.stratum.is_some() {
                let said = |s: &Option<String>| if s.is_some() { "given" } else { "empty" };
                return Err(err(
                    line,
                    format!(
                        "stratum is {} here and {} on line {}: a sample is stratified on every row or on none",
                        said(&row.drawn.stratum),
                        said(&first.drawn.stratum),
                        first.line
                    ),
                ));
            }
        }
        if let Some(indices) = &design_columns {
            let cells: Vec<String> = indices
                .iter()
                .map(|&i| record.get(i).unwrap_or("").to_string())
                .collect();
            match &first_design {
                None => first_design = Some((line, cells)),
                Some((first, expected)) => {
                    if let Some(k) = (0..4).find(|&k| cells[k] != expected[k]) {
                        return Err(err(
                            line,
                            format!(
                                "{} is {} here and {} on line {first}: every row carries what the sample was drawn with, the same; the file was edited, so draw the sample again with `tally sample`",
                                DESIGN_COLUMNS[k],
                                crate::tape::excerpt(&cells[k]),
                                crate::tape::excerpt(&expected[k])
                            ),
                        ));
                    }
                }
            }
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(err(
            1,
            "no station: the sample file lists no row after its header".into(),
        ));
    }
    let design = match first_design {
        Some((line, cells)) => Some(design(&cells).map_err(|m| err(line, m))?),
        None => None,
    };
    Ok(SampleFile {
        sha256: hex::encode(sha2::Sha256::digest(bytes)),
        rows,
        design,
    })
}

/// One row's station, from the cells of `columns` (center, station, stratum, draw).
fn station_row(
    record: &csv::StringRecord,
    columns: &[usize],
    line: usize,
) -> Result<SampleRow, String> {
    let cell = |i: usize| record.get(columns[i]).unwrap_or("");
    let number = |i: usize| -> Result<u32, String> {
        cell(i).parse().map_err(|_| {
            format!(
                "{} {} is not a number: each row is `{HEADER}`",
                STATION_COLUMNS[i],
                crate::tape::excerpt(cell(i))
            )
        })
    };
    let center = number(0)?;
    let station = number(1)?;
    let stratum = match cell(2) {
        "" => None,
        name if is_stratum(name) => Some(name.to_string()),
        name => {
            return Err(format!(
                "stratum {} is not a stratum's name: a governorate's code (7) or a district's with its governorate's (7-3)",
                crate::tape::excerpt(name)
            ))
        }
    };
    let draw: u64 = cell(3).parse().ok().filter(|&n| n >= 1).ok_or_else(|| {
        format!(
            "draw {} is not a draw's counter (1, 2, 3…)",
            crate::tape::excerpt(cell(3))
        )
    })?;
    Ok(SampleRow {
        drawn: Drawn {
            center,
            station,
            stratum,
            draw,
        },
        line,
    })
}

/// The design from its four cells (seed, size, strata_by, frame_sha256).
fn design(cells: &[String]) -> Result<Design, String> {
    let redraw = "the sample cannot be redrawn from it: draw the sample again with `tally sample` and the seed as announced";
    let seed = cells[0].clone();
    if let Err(e) = seed::check(&seed) {
        return Err(format!("seed {e}; {redraw}"));
    }
    let size = cells[1]
        .parse::<u64>()
        .ok()
        .filter(|&n| n >= 1)
        .ok_or_else(|| {
            format!(
                "size {} is not a number of stations; {redraw}",
                crate::tape::excerpt(&cells[1])
            )
        })?;
    let strata = match cells[2].as_str() {
        "" => None,
        "governorate" => Some(By::Governorate),
        "district" => Some(By::District),
        other => {
            return Err(format!(
                "strata_by {} is neither governorate, district nor empty; {redraw}",
                crate::tape::excerpt(other)
            ))
        }
    };
    let frame_sha256 = cells[3].clone();
    if frame_sha256.len() != 64
        || !frame_sha256
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return Err(format!(
            "frame_sha256 {} is not a SHA-256 (64 lowercase hexadecimal digits); {redraw}",
            crate::tape::excerpt(&frame_sha256)
        ));
    }
    Ok(Design {
        seed,
        size,
        strata,
        frame_sha256,
    })
}

#[cfg(test)]
mod tests;
