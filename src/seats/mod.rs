//! Seats: would the proven discrepancies change who won a seat? The published results summed
//! per constituency (governorate or district) and allocated by a highest-averages method;
//! with verified tapes, allocated again after each verified station's signed figures replace
//! the published ones; and the margin of each allocation, the fewest votes that moved between
//! two choices change a seat, beside the votes the tapes prove were shifted.

pub mod allocate;
pub mod margin;
#[cfg(test)]
mod pairwise;
mod table;

use std::collections::BTreeMap;

use crate::published::Published;
use crate::tape::Payload;

pub use crate::published::By;
pub use allocate::{allocate, Allocation, Method, Quotient, Tie};
pub use margin::{margin, Margin};
pub use table::{parse_seats, parse_seats_bytes, SeatsError};

/// One constituency's votes: published, and corrected by verified tapes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tallied {
    /// Votes per choice as published.
    pub published: BTreeMap<u32, u64>,
    /// Votes per choice once every verified station's figures replace the published ones.
    pub corrected: BTreeMap<u32, u64>,
    /// Published stations counted in it.
    pub stations: usize,
    /// Published stations whose figures a verified tape replaced.
    pub replaced: usize,
    /// At those stations: the published votes per choice...
    pub replaced_published: BTreeMap<u32, u64>,
    /// ...and the verified tapes' votes: what they prove moved between choices.
    pub replaced_tapes: BTreeMap<u32, u64>,
    /// Stations the published results lack, added by a verified tape: missing, not shifted.
    pub added: usize,
    /// The votes on those stations' verified tapes.
    pub added_votes: u64,
}

/// What summing the published results (and verified tapes) per constituency left out, so that
/// nothing is lost unsaid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Leftovers {
    /// Published stations without the constituency's code, by first line.
    pub without_code: Vec<(u32, u32, usize)>,
    /// Constituencies with stations but not in the seats file: code → stations.
    pub not_in_seats: BTreeMap<u32, usize>,
    /// Stations with verified tapes that disagree with each other: not used.
    pub conflicting_tapes: Vec<(u32, u32)>,
    /// Stations with a verified tape whose constituency is not in the seats file.
    pub tapes_outside: Vec<(u32, u32)>,
}

/// A station's code of its constituency in the payload.
fn code_of(payload: &Payload, by: By) -> u32 {
    match by {
        By::Governorate => payload.governorate,
        By::District => payload.district,
    }
}

/// Sums the published votes per constituency of `seats`, and the corrected votes with the
/// `verified` payloads (one per station; stations whose verified tapes disagree are left out
/// of the correction and listed).
pub fn tally(
    published: &Published,
    seats: &BTreeMap<u32, u32>,
    by: By,
    verified: &[&Payload],
) -> (BTreeMap<u32, Tallied>, Leftovers) {
    let mut out: BTreeMap<u32, Tallied> = seats.keys().map(|&c| (c, Tallied::default())).collect();
    let mut left = Leftovers::default();
    // One verified payload per station; disagreeing ones are not used.
    let proven = crate::tape::one_per_station(verified.iter().copied(), |q, p| {
        q.choices == p.choices && code_of(q, by) == code_of(p, by)
    });
    for (key, slot) in &proven {
        if slot.is_none() {
            left.conflicting_tapes.push(*key);
        }
    }
    let add = |votes: &mut BTreeMap<u32, u64>, code: u32, n: u32| {
        *votes.entry(code).or_insert(0) += u64::from(n);
    };
    for (key, s) in &published.stations {
        let Some(code) = by.code(s) else {
            left.without_code.push((s.center, s.station, s.line));
            continue;
        };
        let Some(t) = out.get_mut(&code) else {
            *left.not_in_seats.entry(code).or_insert(0) += 1;
            continue;
        };
        t.stations += 1;
        let replaced = matches!(proven.get(key), Some(Some(_)));
        for c in &s.choices {
            add(&mut t.published, c.code, c.votes);
            t.corrected.entry(c.code).or_insert(0);
            if replaced {
                add(&mut t.replaced_published, c.code, c.votes);
            } else {
                add(&mut t.corrected, c.code, c.votes);
            }
        }
    }
    for p in proven.values().flatten() {
        let Some(t) = out.get_mut(&code_of(p, by)) else {
            left.tapes_outside.push((p.center, p.station));
            continue;
        };
        let published_station = published.stations.contains_key(&(p.center, p.station));
        if published_station {
            t.replaced += 1;
        } else {
            t.added += 1;
        }
        for c in &p.choices {
            add(&mut t.corrected, c.code, c.votes);
            t.published.entry(c.code).or_insert(0);
            if published_station {
                add(&mut t.replaced_tapes, c.code, c.votes);
            } else {
                t.added_votes += u64::from(c.votes);
            }
        }
    }
    (out, left)
}

/// The votes the correction moved: the larger of the votes gained and the votes lost over all
/// choices.
pub fn shift(published: &BTreeMap<u32, u64>, corrected: &BTreeMap<u32, u64>) -> u64 {
    let (mut gained, mut lost) = (0u64, 0u64);
    for (code, &p) in published {
        let c = corrected.get(code).copied().unwrap_or(0);
        if c > p {
            gained += c - p;
        } else {
            lost += p - c;
        }
    }
    for (code, &c) in corrected {
        if !published.contains_key(code) {
            gained += c;
        }
    }
    gained.max(lost)
}

#[cfg(test)]
mod tests;
