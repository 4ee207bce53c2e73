//! Station checks: figures an honest count cannot give, or gives so rarely that a few of them
//! are a reason to look. Each has a null expectation from the station's own size and its
//! district's turnout and shares, and a Poisson p-value for the count observed.

use std::collections::BTreeMap;

use super::figures::Figures;
use super::stats::poisson_at_least;
use super::{Settings, Signal};

/// Smallest register for a full turnout or an empty box to count.
const MIN_REGISTERED: u32 = 100;
/// Smallest number of valid votes for one choice taking all, or identical counts, to count.
const MIN_VALID: u32 = 50;
/// A choice expected to get fewer votes than this at a station is lumped with the others when
/// the chance of identical counts is reckoned.
const LUMP_BELOW: f64 = 5.0;

type Group = (Option<u32>, Option<u32>);

/// A station's votes, as compared for identical counts.
type Vector = Vec<(u32, u32)>;

/// Per group: mean turnout and each choice's share of the valid votes.
fn group_rates(stations: &[Figures]) -> BTreeMap<Group, (f64, BTreeMap<u32, f64>)> {
    let mut sums: BTreeMap<Group, (u64, u64, BTreeMap<u32, u64>, u64)> = BTreeMap::new();
    for f in stations {
        let s = sums.entry(f.group).or_default();
        s.0 += u64::from(f.turnout_count.min(f.registered));
        s.1 += u64::from(f.registered);
        for &(c, n) in &f.votes {
            *s.2.entry(c).or_insert(0) += u64::from(n);
            s.3 += u64::from(n);
        }
    }
    sums.into_iter()
        .map(|(g, (t, r, votes, all))| {
            let shares = votes
                .into_iter()
                .map(|(c, n)| (c, n as f64 / all.max(1) as f64))
                .collect();
            (g, (t as f64 / r.max(1) as f64, shares))
        })
        .collect()
}

/// The chance two stations of `valid` votes with these `shares` give identical counts
/// (normal approximation of the multinomial: (4πV)^(−(k−1)/2) · (Π shares)^(−1/2), small
/// choices lumped), at most 1.
fn identical_chance(valid: u32, shares: &BTreeMap<u32, f64>) -> f64 {
    let v = f64::from(valid);
    let mut cats: Vec<f64> = shares
        .values()
        .copied()
        .filter(|s| s * v >= LUMP_BELOW)
        .collect();
    let rest = 1.0 - cats.iter().sum::<f64>();
    if rest * v >= 1.0 {
        cats.push(rest);
    }
    if cats.len() < 2 {
        return 1.0;
    }
    let k = cats.len() as f64;
    let log = -(k - 1.0) / 2.0 * (4.0 * std::f64::consts::PI * v).ln()
        - 0.5 * cats.iter().map(|s| s.ln()).sum::<f64>();
    log.exp().min(1.0)
}

/// The station checks, in a fixed order.
pub fn station_checks(stations: &[Figures], _settings: &Settings) -> Vec<Signal> {
    let rates = group_rates(stations);
    let rate = |f: &Figures| rates.get(&f.group);
    let mut out = Vec::new();

    let over: Vec<&Figures> = stations
        .iter()
        .filter(|f| f.turnout_count > f.registered || f.valid > f.registered)
        .collect();
    out.push(
        Signal::new(
            "over-registered",
            "stations with more voters or valid votes than voters on the register",
            over.len() as f64,
            0.0,
            if over.is_empty() { 1.0 } else { 0.0 },
        )
        .driven_by(&over)
        .saying("An honest count cannot give more votes than registered voters (p is 0 by construction when any is found); a late register, a mobile box or a typing error in the published file can, so each station needs its own explanation."),
    );

    let full: Vec<&Figures> = stations
        .iter()
        .filter(|f| f.registered >= MIN_REGISTERED && f.turnout_count == f.registered)
        .collect();
    let lambda: f64 = stations
        .iter()
        .filter(|f| f.registered >= MIN_REGISTERED)
        .filter_map(|f| rate(f).map(|(t, _)| t.powi(f.registered as i32)))
        .sum();
    out.push(
        Signal::new(
            "full-turnout",
            "stations of 100 or more registered voters where every registered voter voted",
            full.len() as f64,
            lambda,
            poisson_at_least(full.len() as u64, lambda),
        )
        .driven_by(&full)
        .saying("A turnout of exactly 100% is all but impossible at this size when voters choose freely to vote; it is what a filled-in count looks like. It does not show which figures are wrong, or that any are."),
    );

    let one: Vec<&Figures> = stations
        .iter()
        .filter(|f| {
            f.valid >= MIN_VALID && f.votes.len() >= 2 && f.votes.iter().any(|&(_, n)| n == f.valid)
        })
        .collect();
    let lambda: f64 = stations
        .iter()
        .filter(|f| f.valid >= MIN_VALID && f.votes.len() >= 2)
        .filter_map(|f| {
            rate(f).map(|(_, shares)| shares.values().map(|s| s.powi(f.valid as i32)).sum::<f64>())
        })
        .sum();
    out.push(
        Signal::new(
            "one-choice",
            "stations of 50 or more valid votes where every valid vote went to one choice",
            one.len() as f64,
            lambda,
            poisson_at_least(one.len() as u64, lambda),
        )
        .driven_by(&one)
        .saying("Unanimous stations are far rarer than these counts when the district votes as it does; a closed community can vote as one, so each needs a look, not a conclusion."),
    );

    // Identical counts: stations of one group with the same valid votes and the same vector.
    let mut by_vector: BTreeMap<(Group, Vector), Vec<&Figures>> = BTreeMap::new();
    let mut by_valid: BTreeMap<(Group, u32), usize> = BTreeMap::new();
    for f in stations
        .iter()
        .filter(|f| f.valid >= MIN_VALID && f.votes.len() >= 2)
    {
        by_vector
            .entry((f.group, f.votes.clone()))
            .or_default()
            .push(f);
        *by_valid.entry((f.group, f.valid)).or_insert(0) += 1;
    }
    let same: Vec<&Figures> = by_vector
        .values()
        .filter(|v| v.len() > 1)
        .flatten()
        .copied()
        .collect();
    let pairs: usize = by_vector
        .values()
        .map(|v| v.len() * (v.len() - 1) / 2)
        .sum();
    let lambda: f64 = by_valid
        .iter()
        .filter(|(_, &n)| n > 1)
        .filter_map(|((g, valid), &n)| {
            let (_, shares) = rates.get(g)?;
            Some((n * (n - 1) / 2) as f64 * identical_chance(*valid, shares))
        })
        .sum();
    out.push(
        Signal::new(
            "identical-counts",
            "pairs of stations of one district, 50 or more valid votes each, with identical votes for every choice",
            pairs as f64,
            lambda,
            poisson_at_least(pairs as u64, lambda),
        )
        .driven_by(&same)
        .saying("Two stations giving the very same count for every choice is what a copied result sheet looks like; by chance it is rare at this size, though not impossible for small ballots."),
    );

    let zero: Vec<&Figures> = stations
        .iter()
        .filter(|f| f.registered >= MIN_REGISTERED && f.turnout_count == 0 && f.valid == 0)
        .collect();
    let lambda: f64 = stations
        .iter()
        .filter(|f| f.registered >= MIN_REGISTERED)
        .filter_map(|f| rate(f).map(|(t, _)| (1.0 - t).powi(f.registered as i32)))
        .sum();
    out.push(
        Signal::new(
            "zero-counted",
            "stations of 100 or more registered voters published as counted with no voter at all",
            zero.len() as f64,
            lambda,
            poisson_at_least(zero.len() as u64, lambda),
        )
        .driven_by(&zero)
        .saying("A station where nobody voted is almost never an honest count at this size: a station that did not open, or whose count was lost or set aside, published as a count. It does not say which."),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn station(station: u32, registered: u32, voters: u32, votes: &[u32]) -> Figures {
        Figures {
            center: 100,
            station,
            group: (Some(1), Some(1)),
            registered,
            turnout_count: voters,
            valid: votes.iter().sum(),
            votes: votes
                .iter()
                .enumerate()
                .map(|(i, &n)| (i as u32 + 1, n))
                .collect(),
            leader_votes: votes[0],
            leader: 1,
            code: None,
        }
    }

    #[test]
    fn impossible_and_improbable_stations_are_named() {
        let mut all: Vec<Figures> = (1..=200)
            .map(|s| {
                station(
                    s,
                    500,
                    250 + s % 40,
                    &[100 + s % 30, 90 + s % 17, 40 + s % 13],
                )
            })
            .collect();
        all.push(station(201, 300, 320, &[150, 100, 50]));
        all.push(station(202, 400, 400, &[200, 100, 80]));
        all.push(station(203, 400, 180, &[180, 0, 0]));
        all.push(station(204, 400, 0, &[0, 0, 0]));
        // A copy of station 7's sheet at station 205.
        let copy = all[6].clone();
        all.push(Figures {
            station: 205,
            ..copy
        });
        let signals = station_checks(&all, &Settings::default());
        let by = |t: &str| signals.iter().find(|s| s.test == t).unwrap();
        assert_eq!(by("over-registered").stations, ["100-201"]);
        assert_eq!(by("over-registered").p_value, 0.0);
        assert_eq!(by("full-turnout").stations, ["100-202"]);
        assert!(by("full-turnout").p_value < 1e-6);
        assert_eq!(by("one-choice").stations, ["100-203"]);
        assert!(by("one-choice").p_value < 1e-6);
        assert_eq!(by("zero-counted").stations, ["100-204"]);
        assert!(by("zero-counted").p_value < 1e-6);
        assert_eq!(by("identical-counts").stations_count, 2);
        assert_eq!(by("identical-counts").stations, ["100-7", "100-205"]);
    }
}
