//! The seats file: `constituency,seats`, one row per constituency (its governorate or district
//! code), as a commission's seat table is typed in.

use std::collections::BTreeMap;
use std::path::Path;

/// Why a seats file cannot be used.
pub type SeatsError = crate::files::SmallFileError;

/// Most seats one constituency may have.
const MAX_SEATS: u32 = 10_000;

/// Reads a seats file: constituency code → seats. The header must name the columns
/// `constituency` and `seats` (any order, other columns ignored).
pub fn parse_seats(path: &Path) -> Result<BTreeMap<u32, u32>, SeatsError> {
    let bytes = crate::files::read(path, crate::files::MAX_SEATS_BYTES, "a seats file").map_err(
        |source| SeatsError::Io {
            path: path.to_path_buf(),
            source,
        },
    )?;
    parse_seats_bytes(&bytes, path)
}

/// [`parse_seats`] of the bytes of `path`.
pub fn parse_seats_bytes(bytes: &[u8], path: &Path) -> Result<BTreeMap<u32, u32>, SeatsError> {
    let err = |line: usize, message: String| SeatsError::Line {
        path: path.to_path_buf(),
        line,
        message,
    };
    let (columns, rows) = crate::files::small_csv(
        bytes,
        &["constituency", "seats"],
        "the seats file",
        "write `constituency,seats` on the first line",
    )
    .map_err(|(line, message)| err(line, message))?;
    let (c, s) = (columns[0], columns[1]);
    let mut out = BTreeMap::new();
    for (line, record) in rows {
        let cell = |i: usize| record.get(i).unwrap_or("");
        let code: u32 = cell(c).parse().map_err(|_| {
            err(
                line,
                format!(
                    "constituency {} is not a code: give the governorate or district number",
                    crate::tape::excerpt(cell(c))
                ),
            )
        })?;
        let seats: u32 = cell(s)
            .parse()
            .ok()
            .filter(|n| (1..=MAX_SEATS).contains(n))
            .ok_or_else(|| {
                err(
                    line,
                    format!(
                        "seats {} is not a number of seats from 1 to {MAX_SEATS}",
                        crate::tape::excerpt(cell(s))
                    ),
                )
            })?;
        if out.insert(code, seats).is_some() {
            return Err(err(
                line,
                format!("constituency {code} is listed twice: keep one row per constituency"),
            ));
        }
    }
    if out.is_empty() {
        return Err(err(
            1,
            "no constituency: add one row per constituency, `constituency,seats`".into(),
        ));
    }
    Ok(out)
}
