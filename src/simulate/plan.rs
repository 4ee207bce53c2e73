//! The geography of a simulated election: governorates, electoral districts each with its own
//! ballot and voter preferences, polling centres of 1 to 10 stations, the device key ids, and
//! which stations carry an anomaly. Drawn from the seed's plan stream, one station after the
//! other, so it is the same however many threads later fill the stations in.

use std::collections::HashSet;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::anomalies;
use super::model::{District, Plan, Settings, StationPlan};
use super::names;

/// Relative sizes of the 19 governorates (registered voters, roughly), by governorate number.
const GOVERNORATE_WEIGHTS: [u32; 19] = [
    81, 37, 29, 22, 21, 20, 19, 18, 16, 16, 16, 15, 14, 13, 13, 12, 11, 8, 2,
];
/// Most governorates simulated.
const MAX_GOVERNORATES: u32 = 19;
/// Relative frequency of a centre holding 1 to 10 stations.
const CENTER_SIZE_WEIGHTS: [u32; 10] = [2, 4, 6, 8, 9, 9, 8, 6, 4, 2];
/// The random stream the plan is drawn from; station `i` uses stream `i + 1`.
pub(crate) const PLAN_STREAM: u64 = 0;

/// A random stream of the seed: the plan's, the root key's, or one station's.
pub(crate) fn stream(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// Splits `total` (at least `weights.len()`) into one share per weight, each at least 1, the
/// rest in proportion (largest remainder).
fn split(total: u32, weights: &[f64]) -> Vec<u32> {
    let n = weights.len() as u32;
    debug_assert!(total >= n);
    let spare = f64::from(total - n);
    let sum: f64 = weights.iter().sum();
    let exact: Vec<f64> = weights.iter().map(|w| spare * w / sum).collect();
    let mut shares: Vec<u32> = exact.iter().map(|e| 1 + e.floor() as u32).collect();
    let mut left = total - shares.iter().sum::<u32>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(a.cmp(&b))
    });
    for i in order.into_iter().cycle() {
        if left == 0 {
            break;
        }
        shares[i] += 1;
        left -= 1;
    }
    shares
}

fn district(
    rng: &mut ChaCha8Rng,
    governorate: u32,
    number: u32,
    choices: u32,
    national: bool,
) -> District {
    let codes: Vec<u32> = if choices <= 900 && !national {
        let mut c: Vec<u32> = rand::seq::index::sample(rng, 900, choices as usize)
            .into_iter()
            .map(|i| 100 + i as u32)
            .collect();
        c.sort_unstable();
        c
    } else {
        (100..100 + choices).collect()
    };
    let names = (0..choices).map(|_| Some(names::candidate(rng))).collect();
    let mut rank: Vec<usize> = (0..choices as usize).collect();
    rank.shuffle(rng);
    let strong = rng.gen_range(2..=4usize);
    let mut weights = vec![0.0; choices as usize];
    for (r, &i) in rank.iter().enumerate() {
        weights[i] = if r < strong {
            rng.gen_range(6.0..18.0)
        } else {
            2.5 / ((r - strong + 1) as f64).powf(1.1) * rng.gen_range(0.4..1.6)
        };
    }
    District {
        governorate,
        number,
        codes,
        names,
        weights,
        turnout: rng.gen_range(0.33..0.55),
    }
}

fn center_size(rng: &mut ChaCha8Rng) -> u32 {
    let total: u32 = CENTER_SIZE_WEIGHTS.iter().sum();
    let mut pick = rng.gen_range(0..total);
    for (i, w) in CENTER_SIZE_WEIGHTS.iter().enumerate() {
        if pick < *w {
            return i as u32 + 1;
        }
        pick -= w;
    }
    unreachable!("pick is below the total")
}

impl Plan {
    /// Draws the layout of an election from the settings' seed.
    pub fn new(settings: &Settings) -> Plan {
        let mut rng = stream(settings.seed, PLAN_STREAM);
        let n = settings.stations;
        let governorates = (n / 10).clamp(1, MAX_GOVERNORATES);
        let gov_weights: Vec<f64> = GOVERNORATE_WEIGHTS[..governorates as usize]
            .iter()
            .map(|&w| f64::from(w))
            .collect();
        let mut districts = Vec::new();
        let mut stations = Vec::with_capacity(n as usize);
        let mut center = 100_000;
        let mut centers = 0;
        let wide_gaps = n <= 300_000;
        for (g, gov_stations) in split(n, &gov_weights).into_iter().enumerate() {
            let governorate = g as u32 + 1;
            let most = 2 + GOVERNORATE_WEIGHTS[g] / 6;
            let count = (gov_stations / 20).clamp(1, most);
            let weights: Vec<f64> = (0..count).map(|_| rng.gen_range(0.6..1.4)).collect();
            for (d, mut left) in split(gov_stations, &weights).into_iter().enumerate() {
                districts.push(district(
                    &mut rng,
                    governorate,
                    d as u32 + 1,
                    settings.choices,
                    settings.national_ballot,
                ));
                while left > 0 {
                    center += if centers > 0 && wide_gaps && rng.gen_bool(0.3) {
                        2
                    } else {
                        1
                    };
                    centers += 1;
                    let size = center_size(&mut rng).min(left);
                    for station in 1..=size {
                        stations.push(StationPlan {
                            district: districts.len() - 1,
                            center,
                            station,
                            key_id: String::new(),
                            anomaly: None,
                        });
                    }
                    left -= size;
                }
            }
        }
        let mut used = HashSet::with_capacity(stations.len());
        for s in &mut stations {
            let id = loop {
                let id = rng.gen::<u32>() & 0xFF_FFFF;
                if used.insert(id) {
                    break id;
                }
            };
            s.key_id = format!("RTS-{id:06X}");
        }
        for (index, kind) in anomalies::choose(&mut rng, n, settings.choices) {
            stations[index].anomaly = Some(kind);
        }
        Plan {
            governorates,
            districts,
            centers,
            stations,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(stations: u32, choices: u32) -> Plan {
        Plan::new(&Settings::new("SIM-1", stations, choices, 42).unwrap())
    }

    #[test]
    fn split_keeps_the_total_and_a_minimum_of_one() {
        assert_eq!(split(10, &[1.0, 1.0]), [5, 5]);
        assert_eq!(split(3, &[100.0, 1.0, 1.0]), [1, 1, 1]);
        let s = split(1000, &[81.0, 2.0, 16.0]);
        assert_eq!(s.iter().sum::<u32>(), 1000);
        assert!(s[0] > s[2] && s[2] > s[1] && s[1] >= 1);
    }

    #[test]
    fn layout_is_realistic() {
        let p = plan(5000, 12);
        assert_eq!(p.stations.len(), 5000);
        assert_eq!(p.governorates, 19);
        assert!(
            p.districts.len() > 19 * 2,
            "{} districts",
            p.districts.len()
        );
        for pair in p.stations.windows(2) {
            assert!((pair[0].center, pair[0].station) < (pair[1].center, pair[1].station));
        }
        for s in &p.stations {
            assert!((100_000..=999_999).contains(&s.center) && (1..=10).contains(&s.station));
        }
        for d in &p.districts {
            assert_eq!(d.codes.len(), 12);
            assert!(
                d.codes.windows(2).all(|w| w[0] < w[1]) && d.codes[0] >= 100 && d.codes[11] <= 999
            );
        }
        let ids: HashSet<&str> = p.stations.iter().map(|s| s.key_id.as_str()).collect();
        assert_eq!(ids.len(), 5000);
        assert!(ids
            .iter()
            .all(|id| crate::tape::is_valid_id(id) && id.len() == 10));
    }

    #[test]
    fn small_elections_work() {
        let p = plan(1, 1);
        assert_eq!((p.governorates, p.districts.len(), p.centers), (1, 1, 1));
        assert_eq!(p.stations[0].center, 100_001);
        assert_eq!(p.stations[0].anomaly, None);
        let p = plan(7, 1000);
        assert_eq!(p.stations.len(), 7);
        assert_eq!(p.districts[0].codes.len(), 1000);
    }
}
