//! What the screen looks at of each published station: its register, turnout, valid votes and
//! each choice's votes, with the leading choice of its district.

use std::collections::BTreeMap;

use crate::published::{Field, Published};

/// One station's figures, as the screen uses them.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// Polling centre.
    pub center: u32,
    /// Station.
    pub station: u32,
    /// The group it is compared within: its (governorate, district), where published.
    pub group: (Option<u32>, Option<u32>),
    /// Voters on the register.
    pub registered: u32,
    /// Voters who voted: `voters`, else `ballots`, else valid + invalid.
    pub turnout_count: u32,
    /// Valid votes: `valid`, else the sum of the choices' votes.
    pub valid: u32,
    /// Votes per choice (code, votes), by code.
    pub votes: Vec<(u32, u32)>,
    /// The votes of its group's leading choice (most votes in the group).
    pub leader_votes: u32,
    /// The code of its group's leading choice.
    pub leader: u32,
    /// The station's code as printed, when not `CENTRE-STATION`.
    pub code: Option<String>,
}

impl Figures {
    /// Turnout: voters ÷ registered.
    pub fn turnout(&self) -> f64 {
        f64::from(self.turnout_count) / f64::from(self.registered.max(1))
    }

    /// The group leader's share of the valid votes.
    pub fn leader_share(&self) -> f64 {
        f64::from(self.leader_votes) / f64::from(self.valid.max(1))
    }

    /// The station as reports name it.
    pub fn label(&self) -> String {
        self.code
            .clone()
            .unwrap_or_else(|| format!("{}-{}", self.center, self.station))
    }
}

/// The stations of `published` the screen can use (a register of at least one voter and a
/// turnout count), and how many it cannot.
pub fn figures_of(published: &Published) -> (Vec<Figures>, usize) {
    let mut out = Vec::new();
    let mut unusable = 0;
    for s in published.stations.values() {
        let valid_sum: u32 = s
            .choices
            .iter()
            .map(|c| c.votes)
            .fold(0, u32::saturating_add);
        let valid = s.total(Field::Valid).unwrap_or(valid_sum);
        let counted = s
            .total(Field::Voters)
            .or(s.total(Field::Ballots))
            .or(s.total(Field::Invalid).map(|i| i.saturating_add(valid)));
        let (Some(registered), Some(turnout_count)) = (s.total(Field::Registered), counted) else {
            unusable += 1;
            continue;
        };
        if registered == 0 {
            unusable += 1;
            continue;
        }
        out.push(Figures {
            center: s.center,
            station: s.station,
            group: (s.governorate, s.district),
            registered,
            turnout_count,
            valid,
            votes: s.choices.iter().map(|c| (c.code, c.votes)).collect(),
            leader_votes: 0,
            leader: 0,
            code: s.code.clone(),
        });
    }
    (with_leaders(out), unusable)
}

/// The figures of signed counts (a simulated election's, for the screen's benchmarks).
pub fn figures_of_counts(counts: &[crate::tape::Payload]) -> Vec<Figures> {
    let out = counts
        .iter()
        .filter(|p| p.registered > 0)
        .map(|p| Figures {
            center: p.center,
            station: p.station,
            group: (Some(p.governorate), Some(p.district)),
            registered: p.registered,
            turnout_count: p.voters,
            valid: p.valid,
            votes: p.choices.iter().map(|c| (c.code, c.votes)).collect(),
            leader_votes: 0,
            leader: 0,
            code: None,
        })
        .collect();
    with_leaders(out)
}

/// Each station with its group's leading choice (most votes in the group).
fn with_leaders(mut out: Vec<Figures>) -> Vec<Figures> {
    let mut totals: BTreeMap<(Option<u32>, Option<u32>), BTreeMap<u32, u64>> = BTreeMap::new();
    for f in &out {
        let t = totals.entry(f.group).or_default();
        for &(code, n) in &f.votes {
            *t.entry(code).or_insert(0) += u64::from(n);
        }
    }
    let leaders: BTreeMap<_, u32> = totals
        .iter()
        .filter_map(|(g, t)| {
            let (code, _) = t.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
            Some((*g, *code))
        })
        .collect();
    for f in &mut out {
        if let Some(&leader) = leaders.get(&f.group) {
            f.leader = leader;
            f.leader_votes = f
                .votes
                .iter()
                .find(|(c, _)| *c == leader)
                .map_or(0, |(_, n)| *n);
        }
    }
    out
}
