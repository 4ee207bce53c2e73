//! A sample checked against its seed: redrawn from the seed, size and strata its file carries
//! over the frame given, and refused when the stations differ (an edited sample is not a
//! random one: a station swapped for a friendlier one of its stratum, or rows dropped), the
//! first station that differs named with the one the seed draws. When the frame is not the
//! file the sample was drawn from (its SHA-256 is not the sample's `frame_sha256`), that is
//! named as the cause.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::draw::{draw, DrawError, Drawn};
use super::frame::{Frame, FrameError, Stratum};
use super::sample_file::{Design, SampleFile};
use super::seed::{self, SeedWarning};
use crate::published::By;

/// Why a sample is not the one its seed draws from the frame, or cannot be redrawn.
#[derive(Debug, thiserror::Error)]
pub enum RedrawError {
    /// A sample file without the design columns.
    #[error("{sample}: the file names no seed, size, strata_by nor frame_sha256 (columns that tally sample writes since this version), so nothing shows that its stations are the ones the seed draws: draw the sample again with tally sample --frame FRAME --size N [--strata UNIT] --seed SEED (the seed announced) and estimate from that file")]
    NoDesign {
        /// The sample file.
        sample: PathBuf,
    },
    /// `--strata` says other strata than the file.
    #[error("--strata {given}, but {sample} was drawn {drawn} (its strata_by column): leave --strata out")]
    StrataGiven {
        /// The sample file.
        sample: PathBuf,
        /// `governorate`.
        given: &'static str,
        /// `with strata by district`, `without strata`.
        drawn: String,
    },
    /// The frame cannot be divided into the sample's strata.
    #[error("{source}. {cause}")]
    Frame {
        /// Why.
        source: FrameError,
        /// [`Cause`] in words.
        cause: String,
    },
    /// The sample's size cannot be drawn from the frame.
    #[error("{sample}: {design} cannot be drawn from {frame}: {source}. {cause}")]
    Draw {
        /// The sample file.
        sample: PathBuf,
        /// The design in words.
        design: String,
        /// The frame file.
        frame: PathBuf,
        /// Why.
        source: DrawError,
        /// [`Cause`] in words.
        cause: String,
    },
    /// A row lists a station the seed does not draw.
    #[error("{sample}:{line}: station {found} is not what {design} draw from {frame}: {expected}. {cause}")]
    Differs {
        /// The sample file.
        sample: PathBuf,
        /// The row's line.
        line: usize,
        /// `500301-2 (stratum 2, draw 4)`.
        found: String,
        /// The design in words.
        design: String,
        /// The frame file.
        frame: PathBuf,
        /// What they draw instead, in words.
        expected: String,
        /// [`Cause`] in words.
        cause: String,
    },
    /// A station the seed draws is not listed.
    #[error("{sample}: station {expected}, which {design} draw from {frame}, is not in the sample: it lists {listed} of the {size} stations drawn. {cause}")]
    Missing {
        /// The sample file.
        sample: PathBuf,
        /// The station missing, in words.
        expected: String,
        /// The design in words.
        design: String,
        /// The frame file.
        frame: PathBuf,
        /// Rows of the sample.
        listed: usize,
        /// Its size.
        size: u64,
        /// [`Cause`] in words.
        cause: String,
    },
}

/// A sample that is the one its seed draws.
#[derive(Debug, Clone)]
pub struct Redrawn {
    /// What the strata are.
    pub strata_by: Option<By>,
    /// The strata of the frame.
    pub strata: Vec<Stratum>,
    /// What is said about the seed.
    pub seed_warning: Option<SeedWarning>,
    /// When the frame is another file than the one drawn from (same stations, same order):
    /// its SHA-256 and the sample's `frame_sha256`.
    pub other_frame: Option<(String, String)>,
}

/// A station in words: `500301-2 (stratum 2, draw 4)`.
fn station(d: &Drawn) -> String {
    match &d.stratum {
        Some(s) => format!("{}-{} (stratum {s}, draw {})", d.center, d.station, d.draw),
        None => format!("{}-{} (draw {})", d.center, d.station, d.draw),
    }
}

/// A word for a shell: as it is when plain, else in single quotes.
fn shell(word: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_.,:/=+@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// The design in words: `seed "8123", size 30 and strata by governorate`.
fn said(design: &Design) -> String {
    format!(
        "seed {}, size {} and {}",
        seed::shown(&design.seed),
        design.size,
        match design.strata {
            Some(by) => format!("strata by {}", by.as_str()),
            None => "no strata".into(),
        }
    )
}

/// Why the redraw differs, in words, with what to do.
fn cause(design: &Design, frame: &Frame) -> String {
    if frame.sha256 != design.frame_sha256 {
        return format!(
            "{} is not the frame the sample was drawn from (its SHA-256 is {}, the sample's frame_sha256 {}): give --frame the file the sample was drawn from",
            frame.path.display(),
            frame.sha256,
            design.frame_sha256
        );
    }
    format!(
        "The sample was edited after it was drawn, and an edited sample is not a random one: estimate only from the sample as drawn, which tally sample --frame {} --size {}{} --seed {} draws again",
        shell(&frame.path.display().to_string()),
        design.size,
        design
            .strata
            .map(|by| format!(" --strata {}", by.as_str()))
            .unwrap_or_default(),
        shell(&design.seed)
    )
}

/// Redraws the sample of `file` (at `path`) over `frame` and checks that it lists the same
/// stations, in any order; `given` is `--strata` when the user said. Returns the strata to
/// estimate by.
pub fn redraw(
    frame: &Frame,
    file: &SampleFile,
    path: &Path,
    given: Option<By>,
) -> Result<Redrawn, Box<RedrawError>> {
    let sample = || path.to_path_buf();
    let Some(design) = &file.design else {
        return Err(Box::new(RedrawError::NoDesign { sample: sample() }));
    };
    if let Some(g) = given.filter(|&g| Some(g) != design.strata) {
        return Err(Box::new(RedrawError::StrataGiven {
            sample: sample(),
            given: g.as_str(),
            drawn: match design.strata {
                Some(by) => format!("with strata by {}", by.as_str()),
                None => "without strata".into(),
            },
        }));
    }
    // The file's reader refuses a seed that fails the check: only the warning is left.
    let seed_warning = seed::check(&design.seed).ok().flatten();
    let strata = frame.strata(design.strata).map_err(|source| {
        Box::new(RedrawError::Frame {
            source,
            cause: cause(design, frame),
        })
    })?;
    let (_, expected) = draw(frame, &strata, design.size, &design.seed).map_err(|source| {
        Box::new(RedrawError::Draw {
            sample: sample(),
            design: said(design),
            frame: frame.path.clone(),
            source,
            cause: cause(design, frame),
        })
    })?;
    compare(&file.rows, &expected).map_err(|d| {
        Box::new(match d {
            Difference::Row(i, instead) => RedrawError::Differs {
                sample: sample(),
                line: file.rows[i].line,
                found: station(&file.rows[i].drawn),
                design: said(design),
                frame: frame.path.clone(),
                expected: match instead {
                    Some(e) => format!("they draw station {} there", station(&expected[e])),
                    None => format!(
                        "they draw the {} other stations the file lists, and no more",
                        expected.len()
                    ),
                },
                cause: cause(design, frame),
            },
            Difference::Missing(e) => RedrawError::Missing {
                sample: sample(),
                expected: station(&expected[e]),
                design: said(design),
                frame: frame.path.clone(),
                listed: file.rows.len(),
                size: design.size,
                cause: cause(design, frame),
            },
        })
    })?;
    Ok(Redrawn {
        strata_by: design.strata,
        strata,
        seed_warning,
        other_frame: (frame.sha256 != design.frame_sha256)
            .then(|| (frame.sha256.clone(), design.frame_sha256.clone())),
    })
}

/// How a sample's rows differ from the redraw.
#[derive(Debug, PartialEq, Eq)]
enum Difference {
    /// The first row (index) not redrawn, and the redrawn station (index) it should be: the
    /// one of its stratum and draw, else the first one not listed.
    Row(usize, Option<usize>),
    /// Every row redrawn, and this redrawn station (index) not listed.
    Missing(usize),
}

/// Whether `rows` list the stations `expected`, in any order (rows list a station once).
fn compare(rows: &[super::SampleRow], expected: &[Drawn]) -> Result<(), Difference> {
    if rows.len() == expected.len() && rows.iter().zip(expected).all(|(r, e)| r.drawn == *e) {
        return Ok(());
    }
    let key = |d: &Drawn| (d.center, d.station, d.stratum.clone(), d.draw);
    let listed: HashSet<_> = rows.iter().map(|r| key(&r.drawn)).collect();
    let redrawn: HashSet<_> = expected.iter().map(key).collect();
    let not_listed = || expected.iter().position(|e| !listed.contains(&key(e)));
    let by_draw: HashMap<(Option<&str>, u64), usize> = expected
        .iter()
        .enumerate()
        .map(|(i, e)| ((e.stratum.as_deref(), e.draw), i))
        .collect();
    if let Some(i) = rows.iter().position(|r| !redrawn.contains(&key(&r.drawn))) {
        let d = &rows[i].drawn;
        let instead = by_draw
            .get(&(d.stratum.as_deref(), d.draw))
            .copied()
            .filter(|&e| !listed.contains(&key(&expected[e])))
            .or_else(not_listed);
        return Err(Difference::Row(i, instead));
    }
    match not_listed() {
        Some(e) => Err(Difference::Missing(e)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;
