//! The quick count (parallel vote tabulation): observers at a random sample of stations,
//! and from their verified tapes an estimate of the result with its margin of error, set
//! against the official result.
//!
//! `sampler` is Rivest's SHA-256 sampler; `seed` the checks of the seed announced; `frame`
//! the stations a sample is drawn from, in the frame file's order; `draw` the allocation to
//! strata and the draw; `sample_file` the `SAMPLE.csv` written and read back; `redraw` a
//! sample checked against its seed; `estimate` the statistics. Here: the glue that puts a
//! sample, its verified tapes and the published results together into the estimate's input.

pub mod draw;
pub mod estimate;
pub mod frame;
pub mod redraw;
pub mod sample_file;
pub mod sampler;
pub mod seed;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::published::Published;
use crate::tape::Payload;

pub use draw::{allocate, draw, Allotted, DrawError, Drawn};
pub use estimate::{
    estimate, verdict, Estimate, EstimateError, Figures, Ratio, Settings, StratumData, Verdict,
};
pub use frame::{Frame, FrameError, FrameStation, Stratum};
pub use redraw::{redraw, RedrawError, Redrawn};
pub use sample_file::{Design, SampleFile, SampleFileError, SampleRow};
pub use seed::{SeedError, SeedWarning};

/// The estimate's input, and what was set aside on the way.
#[derive(Debug, Clone, Default)]
pub struct Observed {
    /// One per stratum of the frame, in frame order.
    pub strata: Vec<StratumData>,
    /// The choice codes, in the order of each report's votes.
    pub choices: Vec<u32>,
    /// Stations with a verified tape that are not in the sample: not used.
    pub outside_sample: Vec<(u32, u32)>,
    /// Sampled stations whose verified tapes disagree with each other: not used.
    pub conflicting: Vec<(u32, u32)>,
    /// Sampled stations that did not report, with their stratum.
    pub missing: Vec<(Option<String>, u32, u32)>,
}

/// Puts the sample, the verified tapes and (for the missing stations' sizes) the published
/// results together: per stratum its frame stations, its sampled stations, the figures of
/// those that reported and the published valid votes of those that did not.
pub fn observe(
    strata: &[Stratum],
    frame: &Frame,
    rows: &[SampleRow],
    verified: &[&Payload],
    published: Option<&Published>,
) -> Observed {
    let mut out = Observed::default();
    let sampled: BTreeSet<(u32, u32)> = rows
        .iter()
        .map(|r| (r.drawn.center, r.drawn.station))
        .collect();
    let (inside, outside): (Vec<&Payload>, Vec<&Payload>) = verified
        .iter()
        .partition(|p| sampled.contains(&(p.center, p.station)));
    out.outside_sample = outside.iter().map(|p| (p.center, p.station)).collect();
    // One verified payload per station; disagreeing ones are not used.
    let proven = crate::tape::one_per_station(inside, |q, p| {
        q.choices == p.choices && counts(q) == counts(p)
    });
    out.outside_sample.sort_unstable();
    out.outside_sample.dedup();
    out.conflicting = proven
        .iter()
        .filter(|(_, p)| p.is_none())
        .map(|(k, _)| *k)
        .collect();
    let codes: BTreeSet<u32> = proven
        .values()
        .flatten()
        .flat_map(|p| p.choices.iter().map(|c| c.code))
        .chain(published.iter().flat_map(|p| {
            p.stations
                .values()
                .flat_map(|s| s.choices.iter().map(|c| c.code))
        }))
        .collect();
    out.choices = codes.into_iter().collect();
    let position: HashMap<u32, usize> = out
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| (*c, i))
        .collect();
    let stratum_of: HashMap<usize, usize> = strata
        .iter()
        .enumerate()
        .flat_map(|(h, s)| s.stations.iter().map(move |&i| (i, h)))
        .collect();
    let index = frame.index();
    out.strata = strata
        .iter()
        .map(|s| StratumData {
            codes: vec![s.code.clone()],
            parent: s.parent,
            frame_stations: s.stations.len() as u64,
            ..StratumData::default()
        })
        .collect();
    for r in rows {
        let key = (r.drawn.center, r.drawn.station);
        let Some(h) = index.get(&key).and_then(|i| stratum_of.get(i)) else {
            continue;
        };
        let data = &mut out.strata[*h];
        data.sampled += 1;
        match proven.get(&key) {
            Some(Some(p)) => {
                let mut votes = vec![0u64; out.choices.len()];
                for c in &p.choices {
                    votes[position[&c.code]] += u64::from(c.votes);
                }
                data.reports.push(Figures {
                    registered: p.registered.into(),
                    voters: p.voters.into(),
                    ballots: p.ballots.into(),
                    invalid: p.invalid.into(),
                    votes,
                });
            }
            _ => {
                let valid = published
                    .and_then(|p| p.stations.get(&key))
                    .filter(|s| !s.choices.is_empty())
                    .map(|s| s.choices.iter().map(|c| u64::from(c.votes)).sum());
                data.missing.push(valid);
                out.missing.push((r.drawn.stratum.clone(), key.0, key.1));
            }
        }
    }
    out
}

/// A payload's turnout counts.
fn counts(p: &Payload) -> [u32; 5] {
    [p.registered, p.voters, p.ballots, p.invalid, p.valid]
}

/// The official figures over the frame's stations: each choice's share of the valid votes,
/// turnout and the invalid share (percent), and how many stations they cover.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Official {
    /// Per choice code, percent of the valid votes.
    pub shares: BTreeMap<u32, f64>,
    /// Voters checked in per registered voter, percent (stations giving both).
    pub turnout: Option<f64>,
    /// Invalid ballots per ballot counted, percent (stations giving both).
    pub invalid: Option<f64>,
    /// Frame stations the published results give.
    pub stations: usize,
    /// Frame stations the published results do not give.
    pub frame_not_published: usize,
    /// Published stations outside the frame: not counted.
    pub published_not_in_frame: usize,
}

/// The official figures of `published` over the stations of `frame`.
pub fn official(published: &Published, frame: &Frame) -> Official {
    use crate::published::Field;
    let index = frame.index();
    let mut out = Official::default();
    let mut votes: BTreeMap<u32, u64> = BTreeMap::new();
    let (mut voters, mut registered, mut invalid, mut ballots) = (0u64, 0u64, 0u64, 0u64);
    for (key, s) in &published.stations {
        if !index.contains_key(key) {
            out.published_not_in_frame += 1;
            continue;
        }
        out.stations += 1;
        for c in &s.choices {
            *votes.entry(c.code).or_insert(0) += u64::from(c.votes);
        }
        if let (Some(v), Some(r)) = (s.total(Field::Voters), s.total(Field::Registered)) {
            voters += u64::from(v);
            registered += u64::from(r);
        }
        if let (Some(i), Some(b)) = (s.total(Field::Invalid), s.total(Field::Ballots)) {
            invalid += u64::from(i);
            ballots += u64::from(b);
        }
    }
    out.frame_not_published = frame.stations.len() - out.stations;
    let valid: u64 = votes.values().sum();
    if valid > 0 {
        out.shares = votes
            .into_iter()
            .map(|(c, v)| (c, 100.0 * v as f64 / valid as f64))
            .collect();
    }
    out.turnout = (registered > 0).then(|| 100.0 * voters as f64 / registered as f64);
    out.invalid = (ballots > 0).then(|| 100.0 * invalid as f64 / ballots as f64);
    out
}
