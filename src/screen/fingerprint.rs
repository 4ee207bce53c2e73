//! The turnout × leading-share fingerprint (Klimek, Yegorov, Hanel & Thurner, "Statistical
//! detection of systematic election irregularities", PNAS 2012). Ballots stuffed for one
//! choice raise a station's turnout and that choice's share together; in honest counts the
//! two vary about independently within a district. The test: stations in the top tenth of
//! both (each measured from its district's median), against the number independence predicts
//! (a binomial tail). The histogram of all stations is drawn in the HTML report.

use serde::{Deserialize, Serialize};

use super::figures::Figures;
use super::stats::binomial_at_least;
use super::Signal;

/// Bins on each axis of the picture.
pub const BINS: usize = 20;
/// The share of stations each margin's corner holds.
const CORNER: f64 = 0.10;
/// Fewest stations for the test to run.
const MIN_STATIONS: usize = 100;

/// Stations per (turnout, leading share) bin, each axis 0–100% in [`BINS`] steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Histogram {
    /// `counts[t][s]`: stations with turnout in bin `t` and leading share in bin `s`.
    pub counts: Vec<Vec<u32>>,
}

fn bin(x: f64) -> usize {
    ((x * BINS as f64) as usize).min(BINS - 1)
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The fingerprint test and the histogram.
pub fn fingerprint(stations: &[Figures]) -> (Signal, Histogram) {
    let used: Vec<&Figures> = stations.iter().filter(|f| f.valid > 0).collect();
    let mut counts = vec![vec![0u32; BINS]; BINS];
    for f in &used {
        counts[bin(f.turnout().min(1.0))][bin(f.leader_share().min(1.0))] += 1;
    }
    let histogram = Histogram { counts };
    let tests = "stations in the top tenth of both turnout and the district leader's share (each from its district's median), against independence";
    let says = "Stations where turnout and the leading choice's share are both unusually high for their district, more than independence predicts, are the mark ballot stuffing leaves (Klimek et al. 2012). Places where one community turns out and votes as one can do the same honestly.";
    if used.len() < MIN_STATIONS {
        return (
            Signal::new("fingerprint", tests, 0.0, 0.0, 1.0).saying(says),
            histogram,
        );
    }
    // Deviations from each district's median.
    let mut groups: std::collections::BTreeMap<_, (Vec<f64>, Vec<f64>)> = Default::default();
    for f in &used {
        let g = groups.entry(f.group).or_default();
        g.0.push(f.turnout());
        g.1.push(f.leader_share());
    }
    let medians: std::collections::BTreeMap<_, (f64, f64)> = groups
        .into_iter()
        .map(|(g, (mut t, mut s))| (g, (median(&mut t), median(&mut s))))
        .collect();
    let dev: Vec<(f64, f64)> = used
        .iter()
        .map(|f| {
            let (mt, ms) = medians[&f.group];
            (f.turnout() - mt, f.leader_share() - ms)
        })
        .collect();
    let cut = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[((1.0 - CORNER) * v.len() as f64) as usize]
    };
    let ct = cut(dev.iter().map(|d| d.0).collect());
    let cs = cut(dev.iter().map(|d| d.1).collect());
    let n = used.len() as f64;
    let high_t = dev.iter().filter(|d| d.0 > ct).count() as f64 / n;
    let high_s = dev.iter().filter(|d| d.1 > cs).count() as f64 / n;
    let corner: Vec<&Figures> = used
        .iter()
        .zip(&dev)
        .filter(|(_, d)| d.0 > ct && d.1 > cs)
        .map(|(f, _)| *f)
        .collect();
    let p = high_t * high_s;
    let signal = Signal::new(
        "fingerprint",
        tests,
        corner.len() as f64,
        n * p,
        binomial_at_least(corner.len() as u64, used.len() as u64, p),
    )
    .driven_by(&corner)
    .saying(says);
    (signal, histogram)
}
