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

/// Builds the summary of a reconciliation.
pub fn summarise(stations: &[StationResult], published: &Published) -> Summary {
    let mut overall = AreaSummary::default();
    let mut governorates: BTreeMap<Option<u32>, AreaSummary> = BTreeMap::new();
    let mut districts: BTreeMap<(Option<u32>, Option<u32>), AreaSummary> = BTreeMap::new();
    for s in stations {
        let p = published.stations.get(&(s.center, s.station));
        let shift = station_shift(s, p);
        overall.add(s, p, &shift);
        governorates
            .entry(s.governorate)
            .or_insert_with(|| AreaSummary {
                governorate: s.governorate,
                ..Default::default()
            })
            .add(s, p, &shift);
        districts
            .entry((s.governorate, s.district))
            .or_insert_with(|| AreaSummary {
                governorate: s.governorate,
                district: s.district,
                ..Default::default()
            })
            .add(s, p, &shift);
    }
    let mut summary = Summary {
        overall,
        governorates: governorates.into_values().collect(),
        districts: districts.into_values().collect(),
    };
    summary.overall.drop_zero_shifts();
    summary
        .governorates
        .iter_mut()
        .chain(summary.districts.iter_mut())
        .for_each(AreaSummary::drop_zero_shifts);
    summary
}
