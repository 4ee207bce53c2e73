//! Realistic figures for one honest station: a register of 300 to 650 voters, turnout within 12
//! points of the district's (33 to 55%), a ballot or two sometimes missing from the box, 0.5 to 5% invalid
//! ballots, and the valid votes shared by the district's preferences with local noise. The
//! arithmetic of spec §6 always holds.

use rand::Rng;

use super::model::{District, StationPlan};
use crate::tape::{Choice, Payload, Timestamp};

/// Election day (UTC): the date every simulated count closes on.
pub(crate) const ELECTION_DAY: (u16, u8, u8) = (2025, 11, 11);
/// First hour (UTC) a count may close; counts close over the following six hours.
const FIRST_CLOSING_HOUR: u32 = 16;

/// A time on election day, `seconds` after midnight UTC (below 24 hours).
pub(crate) fn election_day_at(seconds: u32) -> Timestamp {
    let (y, m, d) = ELECTION_DAY;
    Timestamp::new(
        y,
        m,
        d,
        (seconds / 3600) as u8,
        (seconds / 60 % 60) as u8,
        (seconds % 60) as u8,
    )
    .expect("a time on election day")
}

/// Shares `total` among `weights` in proportion, exactly (largest remainder, ties to the
/// earlier choice).
pub(crate) fn apportion(total: u32, weights: &[f64]) -> Vec<u32> {
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| f64::from(total) * w / sum).collect();
    let mut shares: Vec<u32> = exact.iter().map(|e| e.floor() as u32).collect();
    let given: u32 = shares.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(a.cmp(&b))
    });
    for &i in order
        .iter()
        .cycle()
        .take(total.saturating_sub(given) as usize)
    {
        shares[i] += 1;
    }
    shares
}

/// The honest count of a station: what its device signs.
pub(crate) fn honest(
    rng: &mut impl Rng,
    election: &str,
    district: &District,
    station: &StationPlan,
) -> Payload {
    let registered = rng.gen_range(300..=650u32);
    // Never clamped in practice (districts lie between 33 and 55%): a clamp that bound would
    // pile stations up on one turnout, a spike no honest count makes.
    let turnout = (district.turnout + rng.gen_range(-0.12..0.12)).clamp(0.15, 0.85);
    let voters = (f64::from(registered) * turnout).round() as u32;
    let lost = if rng.gen_bool(0.15) {
        rng.gen_range(1..=2)
    } else {
        0
    };
    let ballots = voters - lost;
    let invalid = ((f64::from(ballots) * rng.gen_range(0.005..0.05)).round() as u32).min(ballots);
    let valid = ballots - invalid;
    let weights: Vec<f64> = district
        .weights
        .iter()
        .map(|w| w * rng.gen_range(0.7..1.3))
        .collect();
    let votes = apportion(valid, &weights);
    let closed = election_day_at(FIRST_CLOSING_HOUR * 3600 + rng.gen_range(0..6 * 3600));
    Payload {
        election: election.to_string(),
        governorate: district.governorate,
        district: district.number,
        center: station.center,
        station: station.station,
        device: station.key_id.clone(),
        closed,
        registered,
        voters,
        ballots,
        invalid,
        valid,
        choices: district
            .codes
            .iter()
            .zip(votes)
            .map(|(&code, votes)| Choice { code, votes })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::model::Plan;
    use crate::simulate::plan::stream;
    use crate::simulate::Settings;

    #[test]
    fn apportion_is_exact() {
        assert_eq!(apportion(10, &[1.0, 1.0, 1.0]), [4, 3, 3]);
        assert_eq!(apportion(0, &[1.0, 2.0]), [0, 0]);
        assert_eq!(apportion(7, &[5.0]), [7]);
        assert_eq!(apportion(100, &[0.5, 0.25, 0.25]).iter().sum::<u32>(), 100);
    }

    #[test]
    fn honest_figures_are_plausible_and_add_up() {
        let plan = Plan::new(&Settings::new("SIM-1", 400, 12, 5).unwrap());
        let mut rng = stream(5, 99);
        for s in &plan.stations {
            let p = honest(&mut rng, "SIM-1", &plan.districts[s.district], s);
            assert!(p.arithmetic_breaks().is_empty(), "{p:?}");
            assert!(p.check_form().is_ok());
            assert!((300..=650).contains(&p.registered));
            let turnout = f64::from(p.voters) / f64::from(p.registered);
            assert!((0.149..=0.851).contains(&turnout), "{turnout}");
            assert!(
                f64::from(p.invalid) <= (f64::from(p.ballots) * 0.05).round(),
                "{} invalid of {}",
                p.invalid,
                p.ballots
            );
            assert!((16..22).contains(&p.closed.hour));
            // a few strong candidates, a long tail
            let mut votes: Vec<u32> = p.choices.iter().map(|c| c.votes).collect();
            votes.sort_unstable_by(|a, b| b.cmp(a));
            let top: u32 = votes.iter().take(4).sum();
            assert!(top * 2 >= p.valid, "{votes:?}");
            assert!(votes[8] * 10 <= p.valid, "{votes:?}");
        }
    }
}
