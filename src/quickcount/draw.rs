//! Drawing the sample: the size allocated to the strata in proportion to their stations
//! (largest remainders, exact in integers), then in each stratum Rivest's sampler without
//! replacement. Stratified, a stratum's seed is the announced seed, a comma and the
//! stratum's name (`8123,7` for governorate 7, `8123,7-3` for its district 3): its draws are
//! the reference sampler's with that seed and the stratum's station count as total.

use super::frame::{Frame, Stratum};
use super::sampler;
use super::seed::{self, SeedError};

/// Why a sample cannot be drawn.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DrawError {
    /// A seed that cannot be drawn with ([`seed::check`]).
    #[error("--seed {0}: {fix}", fix = .0.fix_typed())]
    Seed(#[from] SeedError),
    /// A sample of nothing.
    #[error("--size 0: give the number of stations to sample")]
    Zero,
    /// More than the frame holds.
    #[error("--size {size} is more than the {stations} stations of the frame")]
    TooLarge {
        /// Asked for.
        size: u64,
        /// In the frame.
        stations: usize,
    },
}

/// A station drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawn {
    /// Centre code.
    pub center: u32,
    /// Station number.
    pub station: u32,
    /// Its stratum's name (none when not stratified).
    pub stratum: Option<String>,
    /// The counter of the draw that picked it, in its stratum's sequence.
    pub draw: u64,
}

/// How many stations of a stratum are sampled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allotted {
    /// The stratum's name (none when not stratified).
    pub stratum: Option<String>,
    /// Its stations in the frame.
    pub stations: usize,
    /// Its share of the sample.
    pub sample: usize,
}

/// The seed of a stratum's draws.
pub fn stratum_seed(seed: &str, stratum: Option<&str>) -> String {
    match stratum {
        Some(name) => format!("{seed},{name}"),
        None => seed.to_string(),
    }
}

/// `size` shared among strata of `sizes` stations in proportion to them, by largest
/// remainders (ties to the stratum listed first); exact in integers.
pub fn allocate(sizes: &[usize], size: usize) -> Vec<usize> {
    let total: u128 = sizes.iter().map(|&s| s as u128).sum();
    if total == 0 {
        return vec![0; sizes.len()];
    }
    let quota = |s: usize| {
        (
            size as u128 * s as u128 / total,
            size as u128 * s as u128 % total,
        )
    };
    let mut out: Vec<usize> = sizes.iter().map(|&s| quota(s).0 as usize).collect();
    let given: usize = out.iter().sum();
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(quota(sizes[i]).1), i));
    for &i in order.iter().take(size.saturating_sub(given)) {
        out[i] += 1;
    }
    out
}

/// Draws `size` stations of `frame` among `strata` with `seed` (refused as [`seed::check`]
/// refuses it).
pub fn draw(
    frame: &Frame,
    strata: &[Stratum],
    size: u64,
    seed: &str,
) -> Result<(Vec<Allotted>, Vec<Drawn>), DrawError> {
    seed::check(seed)?;
    if size == 0 {
        return Err(DrawError::Zero);
    }
    let stations = frame.stations.len();
    if size > stations as u64 {
        return Err(DrawError::TooLarge { size, stations });
    }
    let sizes: Vec<usize> = strata.iter().map(|s| s.stations.len()).collect();
    let shares = allocate(&sizes, size as usize);
    let mut allotted = Vec::with_capacity(strata.len());
    let mut drawn = Vec::with_capacity(size as usize);
    for (stratum, &share) in strata.iter().zip(&shares) {
        allotted.push(Allotted {
            stratum: stratum.code.clone(),
            stations: stratum.stations.len(),
            sample: share,
        });
        let picks = sampler::without_replacement(
            &stratum_seed(seed, stratum.code.as_deref()),
            stratum.stations.len() as u64,
            share as u64,
        );
        for p in picks {
            let s = &frame.stations[stratum.stations[(p.value - 1) as usize]];
            drawn.push(Drawn {
                center: s.center,
                station: s.station,
                stratum: stratum.code.clone(),
                draw: p.draw,
            });
        }
    }
    Ok((allotted, drawn))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_is_proportional_and_sums_to_the_size() {
        assert_eq!(allocate(&[100, 100, 100], 30), [10, 10, 10]);
        // 10 × 50/120 = 4.17, 10 × 40/120 = 3.33, 10 × 30/120 = 2.5: floors 4+3+2 = 9, the
        // largest remainder (2.5) gets the tenth.
        assert_eq!(allocate(&[50, 40, 30], 10), [4, 3, 3]);
        // Equal remainders: the stratum listed first.
        assert_eq!(allocate(&[10, 10], 1), [1, 0]);
        assert_eq!(allocate(&[7, 3], 10), [7, 3]);
        assert_eq!(allocate(&[], 0), Vec::<usize>::new());
        for (sizes, n) in [(vec![1, 2, 3, 1000, 7], 101), (vec![5; 17], 50)] {
            let got = allocate(&sizes, n);
            assert_eq!(got.iter().sum::<usize>(), n);
            assert!(got.iter().zip(&sizes).all(|(g, s)| g <= s));
        }
    }
}
