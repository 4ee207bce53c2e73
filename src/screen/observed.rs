//! Where observers were present, did results differ? Stations with a verified tape against
//! the unobserved stations of the same polling centres: the mean difference of turnout and of
//! the district leader's share, with a permutation test that shuffles which stations of each
//! centre were observed.

use std::collections::{BTreeMap, BTreeSet};

use rand::seq::SliceRandom as _;
use rand::SeedableRng as _;
use rayon::prelude::*;

use super::figures::Figures;
use super::stats::monte_carlo;
use super::{Settings, Signal};

/// A station's measure: its turnout, or its district leader's share.
type Measure = dyn Fn(&Figures) -> f64 + Sync;

/// Mean of `value` over unobserved stations minus over observed ones, centres holding both.
fn difference(centres: &[Vec<(&Figures, bool)>], value: &Measure) -> f64 {
    let (mut o, mut no, mut u, mut nu) = (0.0, 0usize, 0.0, 0usize);
    for c in centres {
        for &(f, seen) in c {
            if seen {
                o += value(f);
                no += 1;
            } else {
                u += value(f);
                nu += 1;
            }
        }
    }
    if no == 0 || nu == 0 {
        return 0.0;
    }
    u / nu as f64 - o / no as f64
}

/// The two tests, run only when some centre has both observed and unobserved stations.
pub fn observed_against_unobserved(
    stations: &[Figures],
    observed: &BTreeSet<(u32, u32)>,
    settings: &Settings,
) -> Vec<Signal> {
    let mut by_centre: BTreeMap<u32, Vec<(&Figures, bool)>> = BTreeMap::new();
    for f in stations {
        by_centre
            .entry(f.center)
            .or_default()
            .push((f, observed.contains(&(f.center, f.station))));
    }
    let centres: Vec<Vec<(&Figures, bool)>> = by_centre
        .into_values()
        .filter(|c| c.iter().any(|x| x.1) && c.iter().any(|x| !x.1))
        .collect();
    let measures: [(&str, &str, &Measure, u64); 2] = [
        (
            "observed-turnout",
            "turnout",
            &|f: &Figures| f.turnout(),
            0x6f74,
        ),
        (
            "observed-leader-share",
            "the district leader's share",
            &|f: &Figures| f.leader_share(),
            0x6f73,
        ),
    ];
    measures
        .iter()
        .map(|&(name, what, value, salt)| {
            let tests = format!("{what} at unobserved stations minus at observed ones, in the polling centres that have both (permutation test)");
            let says = "Higher figures where no observer was present, against stations of the same centres where one was, is what manipulation that avoids witnesses looks like; observers are seldom placed at random, so a difference can also come from where they were sent.";
            if centres.is_empty() {
                return Signal::new(name, &tests, 0.0, 0.0, 1.0).saying(says);
            }
            let observed_diff = difference(&centres, value);
            let draws: Vec<f64> = (0..settings.draws)
                .into_par_iter()
                .map(|r| {
                    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(settings.seed ^ salt ^ ((r as u64) << 20));
                    let shuffled: Vec<Vec<(&Figures, bool)>> = centres
                        .iter()
                        .map(|c| {
                            let mut seen: Vec<bool> = c.iter().map(|x| x.1).collect();
                            seen.shuffle(&mut rng);
                            c.iter().zip(seen).map(|(x, s)| (x.0, s)).collect()
                        })
                        .collect();
                    difference(&shuffled, value).abs()
                })
                .collect();
            let unobserved: Vec<&Figures> = centres
                .iter()
                .flatten()
                .filter(|x| !x.1)
                .map(|x| x.0)
                .collect();
            Signal::new(name, &tests, observed_diff, 0.0, monte_carlo(observed_diff.abs(), &draws))
                .driven_by(&unobserved)
                .saying(says)
        })
        .collect()
}
