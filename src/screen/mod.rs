//! Screening: every published station looked at for the patterns that manipulated counts
//! leave, each pattern a statistical test with its p-value, Holm-adjusted over all the tests
//! run. A signal is a reason to look, never proof: each says so, in a sentence, beside the
//! stations that drive it.
//!
//! The tests: station checks (more voters than registered, a full turnout, every valid vote
//! to one choice, identical counts at different stations, a station published as counted
//! with no vote); integer-percentage spikes in turnout and in the leading choices' shares
//! (Kobak, Shpilkin & Pshenichnikov 2016, with a Monte-Carlo null); the turnout × leading
//! share fingerprint (Klimek, Yegorov, Hanel & Thurner 2012): stations high on both, within
//! their district, against what independence of the two predicts; last-digit uniformity of
//! counts of 100 or more (a weak signal); and, with verified tapes, observed stations against
//! unobserved ones of the same polling centres (a permutation test). No first-digit (Benford)
//! test: vote counts do not follow Benford's law even when honest (Mebane 2011; Deckert,
//! Myagkov & Ordeshook 2011).

mod checks;
mod figures;
mod fingerprint;
mod observed;
mod spikes;
pub mod stats;

use serde::{Deserialize, Serialize};

pub use figures::{figures_of, figures_of_counts, Figures};
pub use fingerprint::Histogram;
pub use spikes::whole_percent;

/// How the screen runs.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Family-wise error rate: a signal is raised when its Holm-adjusted p-value is below.
    pub alpha: f64,
    /// Draws of each Monte-Carlo null.
    pub draws: usize,
    /// Seed of the Monte-Carlo draws (the screen is reproducible from its inputs).
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            alpha: 0.05,
            draws: 499,
            seed: 1,
        }
    }
}

/// One test's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    /// The test's name (`integer-turnout`, `fingerprint`, …).
    pub test: String,
    /// What it tests, in a sentence.
    pub tests: String,
    /// The statistic observed.
    pub statistic: f64,
    /// What the statistic would be expected to be in honest counts.
    pub expected: f64,
    /// p-value of this test alone.
    pub p_value: f64,
    /// p-value adjusted by Holm's method over every test run.
    pub p_holm: f64,
    /// Whether `p_holm` is below the screen's alpha.
    pub raised: bool,
    /// A weak signal (last digits): worth a look only beside others.
    pub weak: bool,
    /// Stations that drive it (`CENTRE-STATION`), at most [`MAX_LISTED`].
    pub stations: Vec<String>,
    /// How many stations drive it in all.
    pub stations_count: usize,
    /// What it shows and what it does not, in plain words.
    pub says: String,
}

/// Most stations listed with one signal (the count says how many there are in all).
pub const MAX_LISTED: usize = 100;

impl Signal {
    /// A signal not yet adjusted.
    pub(crate) fn new(
        test: &str,
        tests: &str,
        statistic: f64,
        expected: f64,
        p_value: f64,
    ) -> Signal {
        Signal {
            test: test.into(),
            tests: tests.into(),
            statistic,
            expected,
            p_value,
            p_holm: p_value,
            raised: false,
            weak: false,
            stations: Vec::new(),
            stations_count: 0,
            says: String::new(),
        }
    }

    /// With what it shows and what it does not.
    pub(crate) fn saying(mut self, says: &str) -> Signal {
        self.says = says.into();
        self
    }

    /// With the stations that drive it.
    pub(crate) fn driven_by(mut self, stations: &[&Figures]) -> Signal {
        self.stations_count = stations.len();
        self.stations = stations
            .iter()
            .take(MAX_LISTED)
            .map(|f| f.label())
            .collect();
        self
    }
}

/// Everything the screen found.
#[derive(Debug, Clone)]
pub struct Screen {
    /// Every test run, in a fixed order.
    pub signals: Vec<Signal>,
    /// The turnout × leading-share histogram, for the picture.
    pub fingerprint: Histogram,
    /// Stations screened (with a register and counts).
    pub stations: usize,
}

/// Screens `stations`; `observed` marks the stations with a verified tape (none: the test of
/// observed against unobserved stations is not run).
pub fn screen(
    stations: &[Figures],
    observed: Option<&std::collections::BTreeSet<(u32, u32)>>,
    settings: &Settings,
) -> Screen {
    let mut signals = checks::station_checks(stations, settings);
    signals.extend(spikes::integer_spikes(stations, settings));
    let (fp, histogram) = fingerprint::fingerprint(stations);
    signals.push(fp);
    signals.push(spikes::last_digits(stations, settings));
    if let Some(observed) = observed {
        signals.extend(observed::observed_against_unobserved(
            stations, observed, settings,
        ));
    }
    let adjusted = stats::holm(&signals.iter().map(|s| s.p_value).collect::<Vec<_>>());
    for (s, p) in signals.iter_mut().zip(adjusted) {
        s.p_holm = p;
        s.raised = p < settings.alpha;
    }
    Screen {
        signals,
        fingerprint: histogram,
        stations: stations.len(),
    }
}
