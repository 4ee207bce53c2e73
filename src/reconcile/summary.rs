//! Coverage, matching stations, findings and the net vote shift per choice: overall, per
//! governorate and per district.

use std::collections::BTreeMap;

use super::{pair_choices, Kind, StationResult};
use crate::published::{Published, PublishedStation};
use crate::verify::Status;

/// The figures of one area (the whole election, a governorate or a district).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AreaSummary {
    /// The governorate (`None` for the whole election or when unknown).
    pub governorate: Option<u32>,
    /// The district (`None` above district level or when unknown).
    pub district: Option<u32>,
    /// Stations in the published results.
    pub stations_published: usize,
    /// Stations with at least one tape.
    pub stations_with_tape: usize,
    /// Published stations with a tape.
    pub stations_covered: usize,
    /// Stations whose compared tape verifies.
    pub stations_verified: usize,
    /// Stations with a tape and published figures and no finding.
    pub stations_matching: usize,
    /// Stations with at least one finding other than `tape-missing`.
    pub stations_with_findings: usize,
    /// Findings per kind.
    pub findings: BTreeMap<Kind, usize>,
    /// Published minus tape votes per choice, over stations whose tape verifies.
    pub net_vote_shift: BTreeMap<u32, i64>,
    /// The same over stations whose tape does not verify (not proven).
    pub net_vote_shift_unverified: BTreeMap<u32, i64>,
}

impl AreaSummary {
    /// Published stations with a tape, as a share of published stations (0 when none).
    pub fn coverage(&self) -> f64 {
        if self.stations_published == 0 {
            0.0
        } else {
            self.stations_covered as f64 / self.stations_published as f64
        }
    }

    fn add(&mut self, s: &StationResult, p: Option<&PublishedStation>, shift: &[(u32, i64)]) {
        self.stations_published += usize::from(p.is_some());
        self.stations_with_tape += usize::from(!s.tapes.is_empty());
        self.stations_covered += usize::from(p.is_some() && !s.tapes.is_empty());
        let verified = s.tape_status() == Some(Status::Verified);
        self.stations_verified += usize::from(verified);
        self.stations_matching +=
            usize::from(p.is_some() && !s.tapes.is_empty() && s.findings.is_empty());
        self.stations_with_findings +=
            usize::from(s.findings.iter().any(|f| f.kind != Kind::TapeMissing));
        for f in &s.findings {
            *self.findings.entry(f.kind).or_default() += 1;
        }
        let target = if verified {
            &mut self.net_vote_shift
        } else {
            &mut self.net_vote_shift_unverified
        };
        for (code, d) in shift {
            *target.entry(*code).or_default() += d;
        }
    }

    /// Adds another part of the same area.
    fn merge(&mut self, other: AreaSummary) {
        self.stations_published += other.stations_published;
        self.stations_with_tape += other.stations_with_tape;
        self.stations_covered += other.stations_covered;
        self.stations_verified += other.stations_verified;
        self.stations_matching += other.stations_matching;
        self.stations_with_findings += other.stations_with_findings;
        for (kind, n) in other.findings {
            *self.findings.entry(kind).or_default() += n;
        }
        for (code, d) in other.net_vote_shift {
            *self.net_vote_shift.entry(code).or_default() += d;
        }
        for (code, d) in other.net_vote_shift_unverified {
            *self.net_vote_shift_unverified.entry(code).or_default() += d;
        }
    }

    fn drop_zero_shifts(&mut self) {
        self.net_vote_shift.retain(|_, v| *v != 0);
        self.net_vote_shift_unverified.retain(|_, v| *v != 0);
    }
}

/// Overall, per governorate, per district (sorted by number).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// The whole election.
    pub overall: AreaSummary,
    /// Per governorate.
    pub governorates: Vec<AreaSummary>,
    /// Per district (governorate and district).
    pub districts: Vec<AreaSummary>,
}

/// Published minus tape votes per choice where they differ (the compared tape's figures).
fn station_shift(s: &StationResult, p: Option<&PublishedStation>) -> Vec<(u32, i64)> {
    let (Some(tape), Some(p)) = (s.tapes.first(), p) else {
        return Vec::new();
    };
    pair_choices(&tape.payload().choices, &p.choices)
        .map(|(code, t, q)| (code, i64::from(q.unwrap_or(0)) - i64::from(t.unwrap_or(0))))
        .filter(|(_, d)| *d != 0)
        .collect()
}

/// The areas being summed: the whole election, its governorates and its districts.
#[derive(Default)]
struct Areas {
    overall: AreaSummary,
    governorates: BTreeMap<Option<u32>, AreaSummary>,
    districts: BTreeMap<(Option<u32>, Option<u32>), AreaSummary>,
}

impl Areas {
    fn add(mut self, s: &StationResult, published: &Published) -> Areas {
        let p = published.stations.get(&(s.center, s.station));
        let shift = station_shift(s, p);
        self.overall.add(s, p, &shift);
        self.governorates
            .entry(s.governorate)
            .or_insert_with(|| AreaSummary {
                governorate: s.governorate,
                ..Default::default()
            })
            .add(s, p, &shift);
        self.districts
            .entry((s.governorate, s.district))
            .or_insert_with(|| AreaSummary {
                governorate: s.governorate,
                district: s.district,
                ..Default::default()
            })
            .add(s, p, &shift);
        self
    }

    fn merge(mut self, other: Areas) -> Areas {
        self.overall.merge(other.overall);
        merge_areas(&mut self.governorates, other.governorates);
        merge_areas(&mut self.districts, other.districts);
        self
    }
}

fn merge_areas<K: Ord>(into: &mut BTreeMap<K, AreaSummary>, from: BTreeMap<K, AreaSummary>) {
    for (key, area) in from {
        match into.entry(key) {
            std::collections::btree_map::Entry::Occupied(mut e) => e.get_mut().merge(area),
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(area);
            }
        }
    }
}

/// Builds the summary of a reconciliation (summed in parallel: the sums do not depend on the
/// order).
pub fn summarise(stations: &[StationResult], published: &Published) -> Summary {
    use rayon::prelude::*;
    let areas = stations
        .par_iter()
        .fold(Areas::default, |areas, s| areas.add(s, published))
        .reduce(Areas::default, Areas::merge);
    let mut summary = Summary {
        overall: areas.overall,
        governorates: areas.governorates.into_values().collect(),
        districts: areas.districts.into_values().collect(),
    };
    summary.overall.drop_zero_shifts();
    summary
        .governorates
        .iter_mut()
        .chain(summary.districts.iter_mut())
        .for_each(AreaSummary::drop_zero_shifts);
    summary
}
