//! `SAMPLE.csv`: the stations drawn, one row per station in draw order, with the columns
//! `center,station,stratum,draw` (`stratum` empty when the sample is not stratified).

use std::collections::HashMap;
use std::path::Path;

use super::draw::Drawn;

/// The header of a sample file.
pub const HEADER: &str = "center,station,stratum,draw";

/// Largest sample file read: a sample of every station of a national election is ~2 MB.
pub const MAX_SAMPLE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a sample file cannot be used.
pub type SampleFileError = crate::files::SmallFileError;

/// One row of a sample file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleRow {
    /// The station drawn.
    pub drawn: Drawn,
    /// Its line.
    pub line: usize,
}

/// The sample file's text.
pub fn write(drawn: &[Drawn]) -> String {
    let mut out = String::with_capacity(24 * (drawn.len() + 1));
    out.push_str(HEADER);
    out.push('\n');
    for d in drawn {
        let stratum = d.stratum.as_deref().unwrap_or("");
        out.push_str(&format!(
            "{},{},{stratum},{}\n",
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
}

/// Reads a sample file.
pub fn parse(path: &Path) -> Result<SampleFile, SampleFileError> {
    use sha2::Digest as _;
    let bytes = crate::files::read(path, MAX_SAMPLE_BYTES, "a sample file").map_err(|source| {
        SampleFileError::Io {
            path: path.to_path_buf(),
            source,
        }
    })?;
    Ok(SampleFile {
        sha256: hex::encode(sha2::Sha256::digest(&bytes)),
        rows: parse_bytes(&bytes, path)?,
    })
}

/// Whether `name` is a stratum's name: digits, or digits, a hyphen and digits.
fn is_stratum(name: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit());
    match name.split_once('-') {
        Some((g, d)) => digits(g) && digits(d),
        None => digits(name),
    }
}

/// [`parse`] of the bytes of `path`: the header must name the four columns (any order, other
/// columns ignored); every station once; `stratum` given on every row or on none.
pub fn parse_bytes(bytes: &[u8], path: &Path) -> Result<Vec<SampleRow>, SampleFileError> {
    let err = |line: usize, message: String| SampleFileError::Line {
        path: path.to_path_buf(),
        line,
        message,
    };
    let (columns, records) = crate::files::small_csv(
        bytes,
        &["center", "station", "stratum", "draw"],
        "the sample file",
        "give the file `tally sample` wrote",
    )
    .map_err(|(line, message)| err(line, message))?;
    let (c, s, st, d) = (columns[0], columns[1], columns[2], columns[3]);
    let mut rows: Vec<SampleRow> = Vec::new();
    let mut seen: HashMap<(u32, u32), usize> = HashMap::new();
    for (line, record) in records {
        let cell = |i: usize| record.get(i).unwrap_or("");
        let number = |i: usize, what: &str| -> Result<u32, SampleFileError> {
            cell(i).parse().map_err(|_| {
                err(
                    line,
                    format!(
                        "{what} {} is not a number: each row is `center,station,stratum,draw`",
                        crate::tape::excerpt(cell(i))
                    ),
                )
            })
        };
        let center = number(c, "center")?;
        let station = number(s, "station")?;
        let stratum = match cell(st) {
            "" => None,
            name if is_stratum(name) => Some(name.to_string()),
            name => {
                return Err(err(
                    line,
                    format!(
                        "stratum {} is not a stratum's name: a governorate's code (7) or a district's with its governorate's (7-3)",
                        crate::tape::excerpt(name)
                    ),
                ))
            }
        };
        let draw: u64 = cell(d).parse().ok().filter(|&n| n >= 1).ok_or_else(|| {
            err(
                line,
                format!(
                    "draw {} is not a draw's counter (1, 2, 3…)",
                    crate::tape::excerpt(cell(d))
                ),
            )
        })?;
        if let Some(first) = seen.insert((center, station), line) {
            return Err(err(
                line,
                format!("station {center}-{station} is listed twice (first on line {first}): a sample holds each station once"),
            ));
        }
        if let Some(first) = rows.first() {
            if first.drawn.stratum.is_some() != stratum.is_some() {
                return Err(err(
                    line,
                    format!("stratum is {} here and {} on line {}: a sample is stratified on every row or on none", if stratum.is_some() {"given"} else {"empty"}, if first.drawn.stratum.is_some() {"given"} else {"empty"}, first.line),
                ));
            }
        }
        rows.push(SampleRow {
            drawn: Drawn {
                center,
                station,
                stratum,
                draw,
            },
            line,
        });
    }
    if rows.is_empty() {
        return Err(err(
            1,
            "no station: the sample file lists no row after its header".into(),
        ));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back() {
        let drawn = [
            Drawn {
                center: 120345,
                station: 3,
                stratum: Some("7-3".into()),
                draw: 1,
            },
            Drawn {
                center: 9,
                station: 1,
                stratum: Some("2".into()),
                draw: 4,
            },
        ];
        let text = write(&drawn);
        assert!(text.starts_with("center,station,stratum,draw\n120345,3,7-3,1\n"));
        let back = parse_bytes(text.as_bytes(), Path::new("s.csv")).unwrap();
        assert_eq!(
            back.iter().map(|r| r.drawn.clone()).collect::<Vec<_>>(),
            drawn
        );
        assert_eq!(back[1].line, 3);
    }

    #[test]
    fn bad_files_name_the_line_and_the_fix() {
        let e = |t: &str| {
            parse_bytes(t.as_bytes(), Path::new("s.csv"))
                .unwrap_err()
                .to_string()
        };
        assert!(e("a,b\n1,2\n").contains("s.csv:1: the header must name"));
        assert!(e("center,station,stratum,draw\n1,2,,x\n").contains("s.csv:2: draw \"x\""));
        assert!(e("center,station,stratum,draw\n1,2,,1\n1,2,,2\n")
            .contains("s.csv:3: station 1-2 is listed twice (first on line 2)"));
        assert!(e("center,station,stratum,draw\n1,2,,1\n1,3,4,2\n")
            .contains("s.csv:3: stratum is given here and empty on line 2"));
        assert!(e("center,station,stratum,draw\n").contains("no station"));
        assert!(
            e("center,station,stratum,draw\n1,2,x,1\n").contains("s.csv:2: stratum \"x\" is not")
        );
        assert!(e("center,station,stratum,draw\n1,2,7-,1\n").contains("is not a stratum"));
        assert!(e("center,station,stratum,draw\n\u{661},2,,1\n").contains("center"));
        // A cell too many or too few is a typo, never a cell ignored.
        assert!(e("center,station,stratum,draw\n1,2,1\n").contains(
            "s.csv:2: \"1,2,1\" has 3 cells but the header \"center,station,stratum,draw\" has 4"
        ));
        assert!(e("center,station,stratum,draw\n1,2,,1,9\n")
            .contains("s.csv:2: \"1,2,,1,9\" has 5 cells"));
        assert!(parse_bytes(b"\xff", Path::new("s.csv")).is_err());
    }
}
