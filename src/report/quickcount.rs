//! The report of `tally estimate`: the quick count's estimate of each choice's share, turnout
//! and the invalid share with their intervals, the official figures against them and a
//! verdict, how many sampled stations reported per stratum and what was merged, for people
//! (terminal table, Markdown, HTML) and machines (JSON).

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::plural;
use super::reconcile::markdown::cell;
use super::reconcile::model::PublishedInfo;
use super::sanitize::{html as esc, terminal};
use super::seats::TapesUsed;
use crate::published::By;
use crate::quickcount::{verdict, Estimate, Observed, Official, Ratio, Verdict};

/// The JSON schema version of this report (`tally-estimate(1)`).
pub const SCHEMA_VERSION: u32 = 1;

/// Output formats of `tally estimate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EstimateFormat {
    /// Terminal tables.
    Table,
    /// The full report as one JSON object (schema in tally-estimate(1)).
    Json,
    /// Markdown tables.
    Markdown,
    /// A self-contained HTML page.
    Html,
}

/// A file the estimate was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRecord {
    /// The file.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EstimateReport {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The tally that made it.
    pub tool_version: String,
    /// The sample file.
    pub sample_file: FileRecord,
    /// The frame file.
    pub frame_file: FileRecord,
    /// Stations in the frame.
    pub frame_stations: usize,
    /// The published results, when given.
    pub published_file: Option<PublishedInfo>,
    /// What the strata are: `governorate`, `district`, or none (not stratified).
    pub strata_by: Option<By>,
    /// Confidence of the intervals.
    pub confidence: f64,
    /// The threshold (`--threshold`, percent), when given.
    pub threshold: Option<f64>,
    /// Reports − strata (after merging).
    pub degrees_of_freedom: u64,
    /// The Student-t quantile of the intervals.
    pub t: f64,
    /// The tapes given.
    pub tapes: TapesUsed,
    /// Stations sampled.
    pub sampled: usize,
    /// Sampled stations with a verified tape: the reports used.
    pub reported: usize,
    /// Per stratum of the frame, in frame order.
    pub strata: Vec<StratumRecord>,
    /// Strata merged with a neighbour for want of reports, in order.
    pub merged: Vec<MergeRecord>,
    /// Each choice's share of the valid votes (percent), by code.
    pub choices: Vec<ChoiceRecord>,
    /// Voters checked in per registered voter (percent).
    pub turnout: FigureRecord,
    /// Invalid ballots per ballot counted (percent).
    pub invalid: FigureRecord,
    /// With `--published`: the stations the official figures cover.
    pub official_stations: Option<OfficialStations>,
    /// What was not used, and why.
    pub not_used: NotUsed,
}

/// One stratum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StratumRecord {
    /// Its name: the governorate's code, or GOVERNORATE-DISTRICT (none when not
    /// stratified).
    pub stratum: Option<String>,
    /// Stations in the frame.
    pub frame_stations: u64,
    /// Stations sampled.
    pub sampled: u64,
    /// Sampled stations that reported.
    pub reported: usize,
}

/// Strata merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeRecord {
    /// The strata short of reports.
    pub strata: Vec<Option<String>>,
    /// Their reports.
    pub reports: usize,
    /// Their stations sampled.
    pub sampled: u64,
    /// The neighbouring strata they were merged with.
    pub merged_with: Vec<Option<String>>,
}

/// A choice's estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceRecord {
    /// The choice's code.
    pub choice: u32,
    /// Its estimated share of the valid votes, percent.
    pub estimate: f64,
    /// The estimate's standard error, percentage points.
    pub stderr: f64,
    /// The interval's lower end.
    pub low: f64,
    /// The interval's upper end.
    pub high: f64,
    /// Its official share (with `--published`).
    pub official: Option<f64>,
    /// `consistent`, `outside`, `too-close-to-call`, or none.
    pub verdict: Option<Verdict>,
    /// (official − estimate) ÷ stderr, when outside.
    pub outside_by_stderr: Option<f64>,
    /// The estimate had every sampled station that did not report given the choice none of
    /// its votes.
    pub if_missing_gave_none: f64,
    /// … and all of them.
    pub if_missing_gave_all: f64,
    /// No station that reported gave the choice a vote (and stations went unobserved): the
    /// sample cannot bound its share, and gives no verdict.
    pub no_votes_in_sample: bool,
}

/// Turnout or the invalid share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureRecord {
    /// The estimate, percent.
    pub estimate: f64,
    /// Its standard error.
    pub stderr: f64,
    /// The interval's lower end.
    pub low: f64,
    /// The interval's upper end.
    pub high: f64,
    /// The official figure (with `--published`, when it gives the counts).
    pub official: Option<f64>,
    /// `consistent` or `outside`, or none.
    pub verdict: Option<Verdict>,
    /// (official − estimate) ÷ stderr, when outside.
    pub outside_by_stderr: Option<f64>,
}

/// The stations the official figures cover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficialStations {
    /// Frame stations the published results give.
    pub published: usize,
    /// Frame stations they do not give.
    pub frame_not_published: usize,
    /// Published stations outside the frame: not counted.
    pub published_not_in_frame: usize,
}

/// What was not used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotUsed {
    /// Stations with a verified tape that are not in the sample (an estimate uses only the
    /// sample): how many, and the first 100 (`CENTRE-STATION`).
    pub outside_sample: usize,
    /// The first 100 of them.
    pub outside_sample_first: Vec<String>,
    /// Sampled stations whose verified tapes disagree with each other.
    pub conflicting_tapes: Vec<String>,
    /// Tapes of sampled stations that do not verify, `CENTRE-STATION: status`: their figures
    /// prove nothing and are not used.
    pub sampled_unverified: Vec<String>,
    /// Sampled stations that did not report: how many.
    pub missing: usize,
    /// The first 100 of them.
    pub missing_first: Vec<String>,
}

/// Rounded to six decimals, so that the report is the same wherever it is made.
fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn figure(r: &Ratio, official: Option<f64>) -> FigureRecord {
    let v = verdict(r, official, None);
    FigureRecord {
        estimate: round(r.estimate),
        stderr: round(r.stderr),
        low: round(r.low),
        high: round(r.high),
        official: official.map(round),
        verdict: v,
        outside_by_stderr: outside_by(r, official, v),
    }
}

fn outside_by(r: &Ratio, official: Option<f64>, v: Option<Verdict>) -> Option<f64> {
    match (v, official) {
        (Some(Verdict::Outside), Some(o)) if r.stderr > 0.0 => {
            Some((100.0 * (o - r.estimate) / r.stderr).round() / 100.0)
        }
        _ => None,
    }
}

fn key((center, station): &(u32, u32)) -> String {
    format!("{center}-{station}")
}

/// What the report is made from, besides the estimate.
pub struct Inputs<'a> {
    /// The sample file.
    pub sample: FileRecord,
    /// The frame file.
    pub frame: FileRecord,
    /// Stations in the frame.
    pub frame_stations: usize,
    /// The published results and their official figures.
    pub published: Option<(&'a crate::published::Published, Official)>,
    /// What the strata are.
    pub strata_by: Option<By>,
    /// Confidence.
    pub confidence: f64,
    /// Threshold.
    pub threshold: Option<f64>,
    /// The tapes.
    pub tapes: TapesUsed,
    /// The sampled stations' tapes that do not verify (`CENTRE-STATION: status`).
    pub unverified: Vec<String>,
}

/// The report of an estimate.
pub fn build(inputs: Inputs<'_>, observed: &Observed, estimate: &Estimate) -> EstimateReport {
    let official = inputs.published.as_ref().map(|(_, o)| o);
    let choices = observed
        .choices
        .iter()
        .zip(&estimate.choices)
        .map(|(&code, r)| {
            let off = official.map(|o| o.shares.get(&code).copied().unwrap_or(0.0));
            let v = verdict(r, off, inputs.threshold);
            let (none, all) = r.missing_range.unwrap_or((r.estimate, r.estimate));
            ChoiceRecord {
                choice: code,
                estimate: round(r.estimate),
                stderr: round(r.stderr),
                low: round(r.low),
                high: round(r.high),
                official: off.map(round),
                verdict: v,
                outside_by_stderr: outside_by(r, off, v),
                if_missing_gave_none: round(none),
                if_missing_gave_all: round(all),
                no_votes_in_sample: r.unbounded,
            }
        })
        .collect();
    let first = |v: &[(u32, u32)]| v.iter().take(100).map(key).collect();
    EstimateReport {
        schema_version: SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        sample_file: inputs.sample,
        frame_file: inputs.frame,
        frame_stations: inputs.frame_stations,
        published_file: inputs.published.as_ref().map(|(p, _)| PublishedInfo::of(p)),
        strata_by: inputs.strata_by,
        confidence: inputs.confidence,
        threshold: inputs.threshold,
        degrees_of_freedom: estimate.degrees_of_freedom,
        t: round(estimate.t),
        tapes: inputs.tapes,
        sampled: observed.strata.iter().map(|s| s.sampled as usize).sum(),
        reported: observed.strata.iter().map(|s| s.reports.len()).sum(),
        strata: observed
            .strata
            .iter()
            .map(|s| StratumRecord {
                stratum: s.codes.first().cloned().flatten(),
                frame_stations: s.frame_stations,
                sampled: s.sampled,
                reported: s.reports.len(),
            })
            .collect(),
        merged: estimate
            .merged
            .iter()
            .map(|m| MergeRecord {
                strata: m.strata.clone(),
                reports: m.reports,
                sampled: m.sampled,
                merged_with: m.with.clone(),
            })
            .collect(),
        choices,
        turnout: figure(&estimate.turnout, official.and_then(|o| o.turnout)),
        invalid: figure(&estimate.invalid, official.and_then(|o| o.invalid)),
        official_stations: official.map(|o| OfficialStations {
            published: o.stations,
            frame_not_published: o.frame_not_published,
            published_not_in_frame: o.published_not_in_frame,
        }),
        not_used: NotUsed {
            outside_sample: observed.outside_sample.len(),
            outside_sample_first: first(&observed.outside_sample),
            conflicting_tapes: observed.conflicting.iter().map(key).collect(),
            sampled_unverified: inputs.unverified,
            missing: observed.missing.len(),
            missing_first: observed
                .missing
                .iter()
                .take(100)
                .map(|(_, c, s)| key(&(*c, *s)))
                .collect(),
        },
    }
}

impl ChoiceRecord {
    /// Its figures, as turnout's and the invalid share's are given.
    pub fn figure(&self) -> FigureRecord {
        FigureRecord {
            estimate: self.estimate,
            stderr: self.stderr,
            low: self.low,
            high: self.high,
            official: self.official,
            verdict: self.verdict,
            outside_by_stderr: self.outside_by_stderr,
        }
    }
}

impl EstimateReport {
    /// Whether an official figure lies outside its interval.
    pub fn has_findings(&self) -> bool {
        self.choices
            .iter()
            .map(|c| c.verdict)
            .chain([self.turnout.verdict, self.invalid.verdict])
            .any(|v| v == Some(Verdict::Outside))
    }
}

/// The report in `format`; a table laid out to `width` columns when given (see
/// `style::terminal_width`).
pub fn render(r: &EstimateReport, format: EstimateFormat, width: Option<u16>) -> String {
    match format {
        EstimateFormat::Json => serde_json::to_string_pretty(r).unwrap_or_default() + "\n",
        EstimateFormat::Table => super::fit::wrap_lines(&text(r, width), width),
        EstimateFormat::Markdown => markdown(r),
        EstimateFormat::Html => html(r),
    }
}

mod text;
use text::{html, markdown, text};
