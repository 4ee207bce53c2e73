//! The sampling frame: every station, in the order the frame file lists them (a station's
//! first line), and its strata. Station `k` of a draw is the k-th distinct station of this
//! order (within its stratum when stratified), so that anyone can redraw the sample from the
//! file with Rivest's sampler alone.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::published::{By, Published};

/// Why a frame cannot be sampled from.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// Rows of the frame were not read: the order would not be the file's.
    #[error("{path}: {count} of the frame could not be read (first: line {line}: {reason}); a sample drawn without them would not be the one anyone else draws from this file: correct the file, or say how to read it with --layout or --map")]
    RejectedRows {
        /// The frame file.
        path: PathBuf,
        /// `3 rows`.
        count: String,
        /// The first one's line.
        line: usize,
        /// Why.
        reason: String,
    },
    /// A station lacks the code its stratum is named by.
    #[error("{path}: line {line}: station {center}-{station} has no {by} code, and the strata are {by}s: name the {by} column with --map {by}=HEADER, or draw without --strata")]
    NoStratum {
        /// The frame file.
        path: PathBuf,
        /// The station's first line.
        line: usize,
        /// Its centre.
        center: u32,
        /// Its number.
        station: u32,
        /// `governorate`.
        by: &'static str,
    },
    /// Rows of one station give it two strata.
    #[error("{path}: line {line}: station {center}-{station} is in {by} {first} on line {first_line} and in {by} {second} here: a station is in one stratum; correct the file")]
    TwoStrata {
        /// The frame file.
        path: PathBuf,
        /// The differing line.
        line: usize,
        /// Its centre.
        center: u32,
        /// Its number.
        station: u32,
        /// `governorate`.
        by: &'static str,
        /// The first code.
        first: u32,
        /// Its line.
        first_line: usize,
        /// The other code.
        second: u32,
    },
    /// The frame holds no station.
    #[error("{path}: the frame lists no station")]
    Empty {
        /// The frame file.
        path: PathBuf,
    },
}

/// One station of the frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameStation {
    /// Centre code.
    pub center: u32,
    /// Station number.
    pub station: u32,
    /// Governorate, when the file gives it.
    pub governorate: Option<u32>,
    /// District, when the file gives it.
    pub district: Option<u32>,
    /// Its first line in the file.
    pub line: usize,
}

impl FrameStation {
    /// Its code of this kind.
    pub fn code(&self, by: By) -> Option<u32> {
        match by {
            By::Governorate => self.governorate,
            By::District => self.district,
        }
    }

    /// Its stratum's name: the governorate's code (`7`), or the district's with its
    /// governorate's (`7-3`: district numbers often start again in each governorate; the
    /// district's alone when the frame gives no governorate).
    pub fn stratum(&self, by: By) -> Option<String> {
        let code = self.code(by)?;
        Some(match (by, self.governorate) {
            (By::District, Some(g)) => format!("{g}-{code}"),
            _ => code.to_string(),
        })
    }
}

/// One stratum: its code (none when the sample is not stratified) and its stations, in frame
/// order (indices into [`Frame::stations`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stratum {
    /// Its name ([`FrameStation::stratum`]); `None` for the whole frame.
    pub code: Option<String>,
    /// The governorate the stratum lies in, when all its stations give the same one (a
    /// district stratum's): a stratum merged for want of reports is merged with a neighbour
    /// of the same governorate first.
    pub parent: Option<u32>,
    /// Its stations, in frame order.
    pub stations: Vec<usize>,
}

/// Every station of the frame file, in its order.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The file.
    pub path: PathBuf,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// The stations in the order of their first line.
    pub stations: Vec<FrameStation>,
}

impl Frame {
    /// The frame a published-results or station-list file gives. Refused when rows were not
    /// read: a sample must be redrawable from the file by anyone.
    pub fn of(published: &Published) -> Result<Frame, FrameError> {
        if let Some(first) = published.rejected.first() {
            return Err(FrameError::RejectedRows {
                path: published.path.clone(),
                count: match published.rejected.len() {
                    1 => "1 row".into(),
                    n => format!("{n} rows"),
                },
                line: first.line,
                reason: first.reason.clone(),
            });
        }
        let mut stations: Vec<FrameStation> = published
            .stations
            .values()
            .map(|s| FrameStation {
                center: s.center,
                station: s.station,
                governorate: s.governorate,
                district: s.district,
                line: s.line,
            })
            .collect();
        if stations.is_empty() {
            return Err(FrameError::Empty {
                path: published.path.clone(),
            });
        }
        stations.sort_by_key(|s| s.line);
        for s in published.stations.values() {
            for c in &s.conflicts {
                if c.what == "governorate" || c.what == "district" {
                    return Err(FrameError::TwoStrata {
                        path: published.path.clone(),
                        line: c.line,
                        center: s.center,
                        station: s.station,
                        by: if c.what == "governorate" {
                            "governorate"
                        } else {
                            "district"
                        },
                        first: c.first,
                        first_line: c.first_line,
                        second: c.value,
                    });
                }
            }
        }
        Ok(Frame {
            path: published.path.clone(),
            sha256: published.sha256.clone(),
            stations,
        })
    }

    /// The strata: the whole frame as one, or one per code in the order of first appearance.
    pub fn strata(&self, by: Option<By>) -> Result<Vec<Stratum>, FrameError> {
        let Some(by) = by else {
            return Ok(vec![Stratum {
                code: None,
                parent: None,
                stations: (0..self.stations.len()).collect(),
            }]);
        };
        let mut order: Vec<String> = Vec::new();
        let mut members: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, s) in self.stations.iter().enumerate() {
            let code = s.stratum(by).ok_or_else(|| FrameError::NoStratum {
                path: self.path.clone(),
                line: s.line,
                center: s.center,
                station: s.station,
                by: by.as_str(),
            })?;
            members
                .entry(code.clone())
                .or_insert_with(|| {
                    order.push(code);
                    Vec::new()
                })
                .push(i);
        }
        Ok(order
            .into_iter()
            .map(|code| {
                let stations = members.remove(&code).unwrap_or_default();
                let govs: std::collections::BTreeSet<Option<u32>> = stations
                    .iter()
                    .map(|&i| self.stations[i].governorate)
                    .collect();
                let parent = match (by, govs.len()) {
                    (By::District, 1) => govs.into_iter().next().flatten(),
                    _ => None,
                };
                Stratum {
                    code: Some(code),
                    parent,
                    stations,
                }
            })
            .collect())
    }

    /// Each station's index by (centre, station).
    pub fn index(&self) -> std::collections::HashMap<(u32, u32), usize> {
        self.stations
            .iter()
            .enumerate()
            .map(|(i, s)| ((s.center, s.station), i))
            .collect()
    }
}
