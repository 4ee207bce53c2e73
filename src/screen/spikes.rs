//! Integer-percentage spikes (Kobak, Shpilkin & Pshenichnikov, "Integer percentages as
//! electoral falsification fingerprints", Annals of Applied Statistics 2016): stations whose
//! turnout, or whose district leader's share, is a whole percentage (to one decimal, `.0`)
//! against how many would be by chance at their sizes (a Monte-Carlo null: each station's
//! count drawn again from a binomial at its own rate, which is a whole percentage with a
//! probability computed exactly, so that a redraw is one uniform number). And last-digit
//! uniformity of large counts, a weak signal, against the same kind of null.

use rand::{Rng as _, SeedableRng as _};
use rayon::prelude::*;

use super::figures::Figures;
use super::stats::{binomial_window, monte_carlo};
use super::{Settings, Signal};

/// Smallest denominator (register, or valid votes) for a percentage to count.
const MIN_BASE: u32 = 100;
/// Smallest count whose last digit is looked at.
const MIN_DIGIT_COUNT: u32 = 100;

/// Whether `x` of `n` is a whole percentage to one decimal (`57.0%`).
pub fn whole_percent(x: u32, n: u32) -> bool {
    let (x, n) = (u64::from(x), u64::from(n));
    n > 0 && ((1000 * x + n / 2) / n) % 10 == 0
}

/// One spike test: `pick` gives each station's (count, base).
fn spike<'a>(
    stations: &'a [Figures],
    settings: &Settings,
    salt: u64,
    pick: impl Fn(&Figures) -> (u32, u32),
) -> (f64, f64, f64, Vec<&'a Figures>) {
    let used: Vec<(&'a Figures, u32, u32)> = stations
        .iter()
        .map(|f| {
            let (x, n) = pick(f);
            (f, x, n)
        })
        .filter(|&(_, x, n)| n >= MIN_BASE && x <= n)
        .collect();
    let hits: Vec<&Figures> = used
        .iter()
        .filter(|&&(_, x, n)| whole_percent(x, n))
        .map(|&(f, _, _)| f)
        .collect();
    // Each station's chance of a whole percentage when its count is drawn again from a
    // binomial at its own rate: exact, so that a redraw is one uniform number.
    let chances: Vec<f64> = used
        .par_iter()
        .map(|&(_, x, n)| {
            let (lo, pmf) = binomial_window(n, f64::from(x) / f64::from(n));
            (lo..)
                .zip(&pmf)
                .filter(|&(v, _)| whole_percent(v, n))
                .map(|(_, p)| p)
                .sum()
        })
        .collect();
    let draws: Vec<f64> = (0..settings.draws)
        .into_par_iter()
        .map(|r| {
            let mut rng =
                rand_chacha::ChaCha8Rng::seed_from_u64(settings.seed ^ salt ^ ((r as u64) << 20));
            chances.iter().filter(|&&q| rng.gen::<f64>() < q).count() as f64
        })
        .collect();
    let expected = chances.iter().sum::<f64>();
    let observed = hits.len() as f64;
    (observed, expected, monte_carlo(observed, &draws), hits)
}

/// The spike tests: turnout, and the district leader's share.
pub fn integer_spikes(stations: &[Figures], settings: &Settings) -> Vec<Signal> {
    let (obs, exp, p, hits) = spike(stations, settings, 0x7475_726e, |f| {
        (f.turnout_count, f.registered)
    });
    let turnout = Signal::new(
        "integer-turnout",
        "stations (100 or more registered) whose turnout is a whole percentage, against chance at their sizes",
        obs,
        exp,
        p,
    )
    .driven_by(&hits)
    .saying("More whole-number turnouts than chance gives is what figures written to a target look like (Kobak et al. 2016). Most stations listed are honest: only the excess is the signal, not any one station.");
    let (obs, exp, p, hits) = spike(stations, settings, 0x6c65_6164, |f| {
        (f.leader_votes, f.valid)
    });
    let share = Signal::new(
        "integer-leader-share",
        "stations (100 or more valid votes) where the district leader's share is a whole percentage, against chance",
        obs,
        exp,
        p,
    )
    .driven_by(&hits)
    .saying("More whole-number shares for the leading choice than chance gives is what results written to a target look like. Most stations listed are honest: only the excess is the signal.");
    vec![turnout, share]
}

/// χ² of the last digits of the counts of 100 or more in `counts`, against uniform; and how
/// many there were.
fn digit_chi(counts: impl Iterator<Item = u64>) -> (f64, u64) {
    let mut by_digit = [0u64; 10];
    for n in counts.filter(|&n| n >= u64::from(MIN_DIGIT_COUNT)) {
        by_digit[(n % 10) as usize] += 1;
    }
    (chi_of(&by_digit), by_digit.iter().sum())
}

/// χ² of counts per last digit against uniform.
fn chi_of(by_digit: &[u64; 10]) -> f64 {
    let total: u64 = by_digit.iter().sum();
    if total == 0 {
        return 0.0;
    }
    let e = total as f64 / 10.0;
    by_digit.iter().map(|&c| (c as f64 - e).powi(2) / e).sum()
}

/// Last digits of every choice's count of 100 or more. Honest counts are not uniform in their
/// last digit when most are just above 100 and fewer further up (lower digits come first in
/// each ten), so the χ² against uniform is judged against a Monte-Carlo null: every count
/// drawn again from a binomial at its own station's size and share, its χ² taken the same way.
pub fn last_digits(stations: &[Figures], settings: &Settings) -> Signal {
    let counts: Vec<(u32, u32)> = stations
        .iter()
        .flat_map(|f| f.votes.iter().map(move |&(_, n)| (n, f.valid)))
        // A count far below 100 is not drawn to 100 or more: only those within reach are.
        .filter(|&(n, valid)| n >= MIN_DIGIT_COUNT * 7 / 10 && n <= valid)
        .collect();
    let (chi, total) = digit_chi(counts.iter().map(|&(n, _)| u64::from(n)));
    let mut s = Signal::new(
        "last-digit",
        "last digits of every choice's count of 100 or more: χ² against uniform, judged against the same χ² of counts drawn again at each station's size and share",
        chi,
        9.0,
        1.0,
    )
    .saying("Invented numbers favour some last digits more than honest counts do. A weak signal: it says nothing about where, and means little alone. (No first-digit or Benford test: vote counts do not follow Benford's law even when honest.)");
    s.weak = true;
    if total >= 50 {
        // Each count's chance of each last digit (at 100 or more) when drawn again, and of
        // falling below 100 (the eleventh), cumulated: a redraw is one uniform number.
        let laws: Vec<[f64; 11]> = counts
            .par_iter()
            .map(|&(n, valid)| {
                let (lo, pmf) = binomial_window(valid, f64::from(n) / f64::from(valid));
                let mut by = [0.0; 11];
                for (v, p) in (lo..).zip(&pmf) {
                    let slot = if v >= MIN_DIGIT_COUNT {
                        (v % 10) as usize
                    } else {
                        10
                    };
                    by[slot] += p;
                }
                let mut sum = 0.0;
                by.map(|p| {
                    sum += p;
                    sum
                })
            })
            .collect();
        let draws: Vec<f64> = (0..settings.draws)
            .into_par_iter()
            .map(|r| {
                let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(
                    settings.seed ^ 0x6469_6774 ^ ((r as u64) << 20),
                );
                let mut by_digit = [0u64; 10];
                for cum in &laws {
                    let u: f64 = rng.gen();
                    if let Some(d) = cum[..10].iter().position(|&c| u < c) {
                        by_digit[d] += 1;
                    }
                }
                chi_of(&by_digit)
            })
            .collect();
        s.expected = draws.iter().sum::<f64>() / draws.len().max(1) as f64;
        s.p_value = monte_carlo(chi, &draws);
        s.p_holm = s.p_value;
    }
    s
}
