//! The quick count's estimate: for each ratio (a choice's share of the valid votes, turnout,
//! the invalid share) the stratified combined ratio estimator over the stations that
//! reported, its design-based standard error by linearisation with the finite-population
//! correction, and a Student-t interval on (reports − strata) degrees of freedom (Cochran,
//! *Sampling Techniques*, 3rd ed. 1977, §6.11; Lohr, *Sampling: Design and Analysis*, §4.2
//! and §9.1). The stations that did not report are taken as missing at random within their
//! stratum; what they could change at most is computed beside the estimate.

/// A station's figures, as its verified tape gives them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Figures {
    /// Voters on the register.
    pub registered: u64,
    /// Voters checked in.
    pub voters: u64,
    /// Ballots counted.
    pub ballots: u64,
    /// Invalid ballots.
    pub invalid: u64,
    /// Votes per choice, in the order of the estimate's choices.
    pub votes: Vec<u64>,
}

impl Figures {
    /// Valid votes: the sum of the choices' votes.
    pub fn valid(&self) -> u64 {
        self.votes.iter().sum()
    }
}

/// One stratum (or strata merged into one) of the estimate.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StratumData {
    /// The strata's names (one unless merged; none when the sample is not stratified).
    pub codes: Vec<Option<String>>,
    /// Their governorate, when all lie in the same one.
    pub parent: Option<u32>,
    /// Stations in the frame.
    pub frame_stations: u64,
    /// Stations sampled.
    pub sampled: u64,
    /// The figures of the sampled stations that reported (a verified tape).
    pub reports: Vec<Figures>,
    /// The sampled stations that did not: their valid votes where published, else none.
    pub missing: Vec<Option<u64>>,
}

/// How the estimate is made.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Confidence of the intervals (0.95).
    pub confidence: f64,
    /// A stratum with fewer reports is merged with a neighbour (at least 2: a stratum's
    /// variance needs two).
    pub min_reports: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            confidence: 0.95,
            min_reports: 2,
        }
    }
}

/// A stratum merged with its neighbour for want of reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    /// The strata that had too few reports (merged already, when more than one).
    pub strata: Vec<Option<String>>,
    /// Their reports.
    pub reports: usize,
    /// Their stations sampled.
    pub sampled: u64,
    /// The neighbour's strata they were merged with.
    pub with: Vec<Option<String>>,
}

/// An estimated ratio, in percent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ratio {
    /// The estimate.
    pub estimate: f64,
    /// Its standard error.
    pub stderr: f64,
    /// The interval's lower end.
    pub low: f64,
    /// The interval's upper end.
    pub high: f64,
    /// The estimate if every sampled station that did not report had given none of its
    /// votes to the choice, and if it had given them all (choices only; the size of a station
    /// not published is its stratum's mean).
    pub missing_range: Option<(f64, f64)>,
    /// The sample shows no variation at all (a choice without a vote at any station that
    /// reported), and stations went unobserved: the interval of width 0 bounds nothing, and
    /// no verdict is given.
    pub unbounded: bool,
}

/// The estimate.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// The strata as estimated (merged ones as one).
    pub strata: Vec<StratumData>,
    /// What was merged, in order.
    pub merged: Vec<Merge>,
    /// Degrees of freedom: reports − strata.
    pub degrees_of_freedom: u64,
    /// The t quantile of the intervals.
    pub t: f64,
    /// Each choice's share of the valid votes.
    pub choices: Vec<Ratio>,
    /// Voters checked in per registered voter.
    pub turnout: Ratio,
    /// Invalid ballots per ballot counted.
    pub invalid: Ratio,
}

/// Why no estimate can be made.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EstimateError {
    /// Too few reports.
    #[error("{reports} of the {sampled} sampled stations reported (a verified tape): an estimate and its margin need at least 2 more reports than strata, and there is {strata} stratum left after merging")]
    TooFew {
        /// Reports.
        reports: usize,
        /// Sampled.
        sampled: u64,
        /// Strata after merging.
        strata: usize,
    },
}

/// Merges every stratum with fewer than `min` reports into a neighbour (the next stratum in
/// frame order, or the previous one; one of the same governorate first).
pub fn merge(mut strata: Vec<StratumData>, min: usize) -> (Vec<StratumData>, Vec<Merge>) {
    let mut merged = Vec::new();
    while strata.len() > 1 {
        let Some(i) = strata.iter().position(|s| s.reports.len() < min) else {
            break;
        };
        let neighbours = [i + 1, i.wrapping_sub(1)];
        let same = |j: usize| {
            strata[i].parent.is_some()
                && strata.get(j).is_some_and(|n| n.parent == strata[i].parent)
        };
        let j = neighbours
            .iter()
            .copied()
            .find(|&j| same(j))
            .or_else(|| neighbours.iter().copied().find(|&j| j < strata.len()))
            .unwrap_or(0);
        let small = strata.remove(i);
        let j = if j > i { j - 1 } else { j };
        let into = &mut strata[j];
        merged.push(Merge {
            strata: small.codes.clone(),
            reports: small.reports.len(),
            sampled: small.sampled,
            with: into.codes.clone(),
        });
        if into.parent != small.parent {
            into.parent = None;
        }
        if j >= i {
            let mut codes = small.codes;
            codes.append(&mut into.codes);
            into.codes = codes;
        } else {
            into.codes.extend(small.codes);
        }
        into.frame_stations += small.frame_stations;
        into.sampled += small.sampled;
        into.reports.extend(small.reports);
        into.missing.extend(small.missing);
    }
    (strata, merged)
}

/// The two-sided Student-t quantile for `confidence` on `df` degrees of freedom.
pub fn t_quantile(confidence: f64, df: u64) -> f64 {
    // P(|T| > t) = I_{df/(df+t²)}(df/2, 1/2).
    let df = df as f64;
    let x = puruspe::invbetai(1.0 - confidence, df / 2.0, 0.5);
    (df * (1.0 - x) / x).sqrt()
}

/// A figure of a station: the numerator or the denominator of a ratio.
type Of<'a> = &'a dyn Fn(&Figures) -> f64;

/// The combined ratio estimate Σ y / Σ x over the `strata` (merged), and its standard error:
/// the sampling error, and for every stratum of `original` without any report (estimated by
/// the neighbour it was merged with) what it may differ from that neighbour.
fn ratio(strata: &[StratumData], original: &[StratumData], y: Of, x: Of) -> (f64, f64) {
    let (mut ty, mut tx) = (0.0, 0.0);
    for s in strata {
        let w = s.frame_stations as f64 / s.reports.len() as f64;
        ty += w * s.reports.iter().map(y).sum::<f64>();
        tx += w * s.reports.iter().map(x).sum::<f64>();
    }
    if tx <= 0.0 {
        return (0.0, 0.0);
    }
    let r = ty / tx;
    let mut var = 0.0;
    for s in strata {
        let n = s.reports.len() as f64;
        let big_n = s.frame_stations as f64;
        let e: Vec<f64> = s.reports.iter().map(|f| y(f) - r * x(f)).collect();
        var += big_n * big_n * fpc(n, big_n) * sample_variance(&e) / n;
    }
    let var = var / (tx * tx) + unobserved_variance(strata, original, y, x, tx);
    (r, var.sqrt())
}

/// The finite-population correction 1 − n/N.
fn fpc(n: f64, big_n: f64) -> f64 {
    (1.0 - n / big_n).max(0.0)
}

/// The sample variance (n − 1 in the denominator).
fn sample_variance(v: &[f64]) -> f64 {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    v.iter().map(|e| (e - mean).powi(2)).sum::<f64>() / (n - 1.0)
}

/// A stratum's own ratio and that ratio's sampling variance.
fn stratum_ratio(s: &StratumData, y: Of, x: Of) -> Option<(f64, f64)> {
    let n = s.reports.len() as f64;
    let sx: f64 = s.reports.iter().map(x).sum();
    if sx <= 0.0 || s.reports.len() < 2 {
        return None;
    }
    let r = s.reports.iter().map(y).sum::<f64>() / sx;
    let e: Vec<f64> = s.reports.iter().map(|f| y(f) - r * x(f)).collect();
    let mean_x = sx / n;
    Some((
        r,
        fpc(n, s.frame_stations as f64) * sample_variance(&e) / (n * mean_x * mean_x),
    ))
}

/// What the strata without any report add to the variance. Each is estimated by the
/// neighbour it was merged with, so its error is its difference from that neighbour: how far
/// two neighbouring strata differ is measured on the strata that did report (the mean of
/// (R_a − R_b)² over neighbouring pairs, less their own sampling variances), and weighed by
/// the unobserved strata's share of the votes. Neighbours alike add little; strata unlike
/// their neighbours add what they may differ.
fn unobserved_variance(
    strata: &[StratumData],
    original: &[StratumData],
    y: Of,
    x: Of,
    tx: f64,
) -> f64 {
    if original.iter().all(|s| !s.reports.is_empty()) {
        return 0.0;
    }
    let observed: Vec<(f64, f64)> = original
        .iter()
        .filter_map(|s| stratum_ratio(s, y, x))
        .collect();
    let pairs: Vec<f64> = observed
        .windows(2)
        .map(|w| (w[0].0 - w[1].0).powi(2) - w[0].1 - w[1].1)
        .collect();
    if pairs.is_empty() {
        return 0.0;
    }
    let d2 = (pairs.iter().sum::<f64>() / pairs.len() as f64).max(0.0);
    let mut var = 0.0;
    for group in strata {
        let unobserved: f64 = original
            .iter()
            .filter(|s| s.reports.is_empty() && s.codes.iter().all(|c| group.codes.contains(c)))
            .map(|s| s.frame_stations as f64)
            .sum();
        if unobserved == 0.0 {
            continue;
        }
        let mean_x = group.reports.iter().map(x).sum::<f64>() / group.reports.len() as f64;
        let share = unobserved * mean_x / tx;
        var += share * share * d2;
    }
    var
}

/// The share of choice `c` if the missing stations had given it none of their votes, and all.
fn missing_range(strata: &[StratumData], c: usize) -> (f64, f64) {
    let (mut low_y, mut high_y, mut tx) = (0.0, 0.0, 0.0);
    for s in strata {
        let mean = s.reports.iter().map(|f| f.valid() as f64).sum::<f64>() / s.reports.len() as f64;
        let missing: f64 = s.missing.iter().map(|m| m.map_or(mean, |v| v as f64)).sum();
        let w = s.frame_stations as f64 / (s.reports.len() + s.missing.len()) as f64;
        let y: f64 = s.reports.iter().map(|f| f.votes[c] as f64).sum();
        let x: f64 = s.reports.iter().map(|f| f.valid() as f64).sum::<f64>() + missing;
        low_y += w * y;
        high_y += w * (y + missing);
        tx += w * x;
    }
    if tx <= 0.0 {
        return (0.0, 0.0);
    }
    (100.0 * low_y / tx, 100.0 * high_y / tx)
}

/// Estimates every ratio from `strata` (merged first where reports are too few), `choices`
/// being the length of each report's votes.
pub fn estimate(
    strata: &[StratumData],
    choices: usize,
    settings: &Settings,
) -> Result<Estimate, EstimateError> {
    let reports: usize = strata.iter().map(|s| s.reports.len()).sum();
    let sampled: u64 = strata.iter().map(|s| s.sampled).sum();
    let original = strata;
    let (strata, merged) = merge(strata.to_vec(), settings.min_reports.max(2));
    let df = reports.saturating_sub(strata.len()) as u64;
    if strata.iter().any(|s| s.reports.len() < 2) || df < 1 {
        return Err(EstimateError::TooFew {
            reports,
            sampled,
            strata: strata.len(),
        });
    }
    let t = t_quantile(settings.confidence, df);
    let census = strata
        .iter()
        .all(|s| s.reports.len() as u64 >= s.frame_stations);
    let interval = |(r, se): (f64, f64), missing_range: Option<(f64, f64)>| Ratio {
        estimate: 100.0 * r,
        stderr: 100.0 * se,
        low: 100.0 * (r - t * se),
        high: 100.0 * (r + t * se),
        missing_range,
        unbounded: se == 0.0 && !census,
    };
    let choices = (0..choices)
        .map(|c| {
            interval(
                ratio(&strata, original, &|f| f.votes[c] as f64, &|f| {
                    f.valid() as f64
                }),
                Some(missing_range(&strata, c)),
            )
        })
        .collect();
    let turnout = interval(
        ratio(&strata, original, &|f| f.voters as f64, &|f| {
            f.registered as f64
        }),
        None,
    );
    let invalid = interval(
        ratio(&strata, original, &|f| f.invalid as f64, &|f| {
            f.ballots as f64
        }),
        None,
    );
    Ok(Estimate {
        strata,
        merged,
        degrees_of_freedom: df,
        t,
        choices,
        turnout,
        invalid,
    })
}

/// How the official figure stands against the interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The official figure lies inside the interval (and the interval does not straddle the
    /// threshold).
    Consistent,
    /// The official figure lies outside the interval.
    Outside,
    /// The interval straddles the threshold: the sample cannot say on which side the result
    /// falls.
    TooCloseToCall,
}

impl Verdict {
    /// `consistent`, `outside`, `too-close-to-call`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Consistent => "consistent",
            Verdict::Outside => "outside",
            Verdict::TooCloseToCall => "too-close-to-call",
        }
    }
}

/// The verdict on a ratio: `outside` when the official figure is outside the interval;
/// else `too-close-to-call` when the interval straddles the threshold; else `consistent`
/// (none without an official figure, unless the interval straddles the threshold; none when
/// the sample bounds nothing, [`Ratio::unbounded`]).
pub fn verdict(r: &Ratio, official: Option<f64>, threshold: Option<f64>) -> Option<Verdict> {
    if r.unbounded {
        return None;
    }
    if official.is_some_and(|o| o < r.low || o > r.high) {
        return Some(Verdict::Outside);
    }
    if threshold.is_some_and(|t| r.low < t && t < r.high) {
        return Some(Verdict::TooCloseToCall);
    }
    official.map(|_| Verdict::Consistent)
}

#[cfg(test)]
mod tests;
