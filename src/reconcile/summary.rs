//! Coverage, matching stations, findings and the net vote shift per choice: overall, per
//! governorate and per district. A choice is its code within its constituency: candidate
//! numbers start again in every district (as on Iraqi ballots), so the shift of code 603 in
//! one district is never summed with another district's 603, unless the ballot is national.

use std::collections::BTreeMap;

use super::{pair_choices, Discrepancy, Kind, StationResult};
use crate::published::{Published, PublishedStation};
use crate::verify::Status;

/// Which ballot a choice code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BallotScope {
    /// Each district has its own ballot: a code names a candidate within its district.
    #[default]
    District,
    /// One ballot for the whole election (a presidential race, a national list vote): a
    /// code names the same choice everywhere.
    National,
}

impl BallotScope {
    /// The name in reports (`district`, `national`).
    pub fn as_str(self) -> &'static str {
        match self {
            BallotScope::District => "district",
            BallotScope::National => "national",
        }
    }

    /// The choice `code` as counted at a station of this governorate and district.
    pub fn key(self, governorate: Option<u32>, district: Option<u32>, code: u32) -> ChoiceKey {
        match self {
            BallotScope::District => ChoiceKey {
                governorate,
                district,
                code,
            },
            BallotScope::National => ChoiceKey {
                governorate: None,
                district: None,
                code,
            },
        }
    }
}

/// A choice on its ballot: its code within its constituency (governorate and district, none
/// for a national ballot).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ChoiceKey {
    /// The governorate of the choice's ballot (none: national, or unknown).
    pub governorate: Option<u32>,
    /// The district of the choice's ballot (none: national, or unknown).
    pub district: Option<u32>,
    /// The choice's code on its ballot.
    pub code: u32,
}

/// The figures of one area (the whole election, a governorate or a district).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AreaSummary {
    /// The governorate (`None` for the whole election or when unknown).
    pub governorate: Option<u32>,
    /// The district (`None` above district level or when unknown).
    pub district: Option<u32>,
    /// Every station of the area: published, or with a tape. Each is in exactly one of
    /// `stations_matching_verified`, `stations_matching_not_proven`, `stations_with_findings`,
    /// `stations_unproven`, `stations_unreadable`, `stations_without_tape`.
    pub stations: usize,
    /// Stations in the published results.
    pub stations_published: usize,
    /// Stations with at least one tape.
    pub stations_with_tape: usize,
    /// Published stations with a tape.
    pub stations_covered: usize,
    /// Published stations whose compared tape verifies.
    pub stations_covered_verified: usize,
    /// Stations whose compared tape verifies.
    pub stations_verified: usize,
    /// Stations with a tape and published figures and no finding (proven or not).
    pub stations_matching: usize,
    /// Of those, the stations whose tape verifies: the only matching that is proven.
    pub stations_matching_verified: usize,
    /// Of those, the stations whose tape does not verify (unsigned, unknown key, no keyring,
    /// a keyring nobody authenticated…): matching, not proven.
    pub stations_matching_not_proven: usize,
    /// Stations with at least one discrepancy (any finding but `tape-missing`,
    /// `tape-unproven` and `tape-unreadable`).
    pub stations_with_findings: usize,
    /// Those stations by the one reason each is counted under; the first,
    /// [`Discrepancy::ProvenDiffer`], is the headline of every report. They add up to
    /// `stations_with_findings`.
    pub discrepancies: BTreeMap<Discrepancy, usize>,
    /// Stations whose only tapes are OCR readings nothing proves (and no discrepancy).
    pub stations_unproven: usize,
    /// Published stations with no tape, whose gathered photo could not be read.
    pub stations_unreadable: usize,
    /// Published stations with no tape gathered at all.
    pub stations_without_tape: usize,
    /// Findings per kind.
    pub findings: BTreeMap<Kind, usize>,
    /// Published minus tape votes per choice, over stations whose tape verifies.
    pub net_vote_shift: BTreeMap<ChoiceKey, i64>,
    /// The same over stations whose tape does not verify (not proven).
    pub net_vote_shift_unverified: BTreeMap<ChoiceKey, i64>,
}

impl AreaSummary {
    /// Stations proven to differ: a verified tape whose figure differs from the published one.
    pub fn proven_differ(&self) -> usize {
        self.discrepancies
            .get(&Discrepancy::ProvenDiffer)
            .copied()
            .unwrap_or(0)
    }

    /// Published stations with a tape, as a share of published stations (0 when none).
    pub fn coverage(&self) -> f64 {
        share(self.stations_covered, self.stations_published)
    }

    /// Published stations with a verified tape, as a share of published stations.
    pub fn coverage_verified(&self) -> f64 {
        share(self.stations_covered_verified, self.stations_published)
    }

    fn add(&mut self, s: &StationResult, p: Option<&PublishedStation>, shift: &[(ChoiceKey, i64)]) {
        let status = s.tape_status();
        let has_tape = status.is_some();
        let verified = status == Some(Status::Verified);
        self.stations += 1;
        self.stations_published += usize::from(p.is_some());
        self.stations_with_tape += usize::from(has_tape);
        self.stations_covered += usize::from(p.is_some() && has_tape);
        self.stations_covered_verified += usize::from(p.is_some() && verified);
        self.stations_verified += usize::from(verified);
        let matching = p.is_some() && has_tape && s.findings.is_empty();
        self.stations_matching += usize::from(matching);
        let bucket = if s.findings.iter().any(|f| f.kind.is_discrepancy()) {
            &mut self.stations_with_findings
        } else if s.is_unproven() {
            &mut self.stations_unproven
        } else if matching && verified {
            &mut self.stations_matching_verified
        } else if matching {
            &mut self.stations_matching_not_proven
        } else if s.unreadable.is_empty() {
            &mut self.stations_without_tape
        } else {
            &mut self.stations_unreadable
        };
        *bucket += 1;
        if let Some(d) = s.discrepancy() {
            *self.discrepancies.entry(d).or_default() += 1;
        }
        for f in &s.findings {
            *self.findings.entry(f.kind).or_default() += 1;
        }
        // An OCR reading nothing proves shifts nothing: it may be a misreading.
        let target = match status {
            None => return,
            Some(_) if s.is_unproven() => return,
            Some(Status::Verified) => &mut self.net_vote_shift,
            Some(_) => &mut self.net_vote_shift_unverified,
        };
        for (code, d) in shift {
            *target.entry(*code).or_default() += d;
        }
    }

    /// Adds another part of the same area.
    fn merge(&mut self, other: AreaSummary) {
        self.stations += other.stations;
        self.stations_published += other.stations_published;
        self.stations_with_tape += other.stations_with_tape;
        self.stations_covered += other.stations_covered;
        self.stations_covered_verified += other.stations_covered_verified;
        self.stations_verified += other.stations_verified;
        self.stations_matching += other.stations_matching;
        self.stations_matching_verified += other.stations_matching_verified;
        self.stations_matching_not_proven += other.stations_matching_not_proven;
        self.stations_with_findings += other.stations_with_findings;
        for (d, n) in other.discrepancies {
            *self.discrepancies.entry(d).or_default() += n;
        }
        self.stations_unproven += other.stations_unproven;
        self.stations_unreadable += other.stations_unreadable;
        self.stations_without_tape += other.stations_without_tape;
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

/// `part` as a share of `whole` (0 when `whole` is 0).
fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
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

/// Published minus tape votes per choice where they differ (the compared tape's figures),
/// each choice keyed on its ballot.
fn station_shift(
    s: &StationResult,
    p: Option<&PublishedStation>,
    scope: BallotScope,
) -> Vec<(ChoiceKey, i64)> {
    let (Some(tape), Some(p)) = (s.tapes.first(), p) else {
        return Vec::new();
    };
    let unlisted = tape.tape().absent.unlisted_choices;
    pair_choices(&tape.payload().choices, &p.choices)
        .filter(|(_, t, _)| t.is_some() || !unlisted)
        .map(|(code, t, q)| {
            let key = scope.key(s.governorate, s.district, code);
            (key, i64::from(q.unwrap_or(0)) - i64::from(t.unwrap_or(0)))
        })
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
    fn add(mut self, s: &StationResult, published: &Published, scope: BallotScope) -> Areas {
        let p = published.stations.get(&(s.center, s.station));
        let shift = station_shift(s, p, scope);
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
/// order), each choice keyed on its ballot as `scope` says.
pub fn summarise(stations: &[StationResult], published: &Published, scope: BallotScope) -> Summary {
    use rayon::prelude::*;
    let areas = stations
        .par_iter()
        .fold(Areas::default, |areas, s| areas.add(s, published, scope))
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
