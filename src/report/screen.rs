//! The report of `tally screen`: every test with its statistic, p-values and the stations that
//! drive it, for people (terminal table, Markdown, HTML with the fingerprint drawn) and
//! machines (JSON).

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::plural;
use super::reconcile::markdown::cell;
use super::reconcile::model::PublishedInfo;
use super::reconcile::table::{published_lines, published_rows};
use super::sanitize::{html as esc, terminal};
use super::seats::TapesUsed;
use crate::published::Published;
use crate::screen::{Histogram, Screen, Settings, Signal};

/// The JSON schema version of this report (`tally-screen(1)`).
pub const SCHEMA_VERSION: u32 = 1;

/// Output formats of `tally screen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScreenFormat {
    /// The tests as a terminal table, then each raised signal's stations.
    Table,
    /// The full report as one JSON object (schema in tally-screen(1)).
    Json,
    /// Markdown.
    Markdown,
    /// A self-contained HTML page with the turnout × leading-share fingerprint drawn.
    Html,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScreenReport {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The tally that made it.
    pub tool_version: String,
    /// The family-wise error rate signals are raised at.
    pub alpha: f64,
    /// Seed of the Monte-Carlo draws.
    pub seed: u64,
    /// Draws of each Monte-Carlo null.
    pub draws: usize,
    /// The published results, as read.
    pub published_file: PublishedInfo,
    /// The tapes given, when any were (verified ones mark the observed stations).
    pub tapes: Option<TapesUsed>,
    /// Stations screened.
    pub stations: usize,
    /// Published stations without a register or a turnout count: not screened.
    pub stations_unusable: usize,
    /// Every test run, in a fixed order.
    pub signals: Vec<Signal>,
    /// Stations per (turnout, district leader's share) bin, 20 × 20 over 0–100%.
    pub fingerprint: Histogram,
}

/// The report of a screen.
pub fn build(
    published: &Published,
    screen: &Screen,
    unusable: usize,
    settings: &Settings,
    tapes: Option<TapesUsed>,
) -> ScreenReport {
    ScreenReport {
        schema_version: SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        alpha: settings.alpha,
        seed: settings.seed,
        draws: settings.draws,
        published_file: PublishedInfo::of(published),
        tapes,
        stations: screen.stations,
        stations_unusable: unusable,
        signals: screen.signals.clone(),
        fingerprint: screen.fingerprint.clone(),
    }
}

/// The report in `format`; a table laid out to `width` columns when given (see
/// `style::terminal_width`).
pub fn render(r: &ScreenReport, format: ScreenFormat, width: Option<u16>) -> String {
    match format {
        ScreenFormat::Json => serde_json::to_string_pretty(r).unwrap_or_default() + "\n",
        ScreenFormat::Table => super::fit::wrap_lines(&table(r, width), width),
        ScreenFormat::Markdown => markdown(r),
        ScreenFormat::Html => html(r),
    }
}

fn head_lines(r: &ScreenReport) -> Vec<String> {
    let mut out = published_lines(&r.published_file);
    out.push(format!(
        "{} screened{}; signals raised at a Holm-adjusted p below {} ({} Monte-Carlo draws, seed {})",
        plural(r.stations, "station", "stations"),
        if r.stations_unusable > 0 {
            format!(
                ", {} NOT SCREENED (no register or turnout count)",
                r.stations_unusable
            )
        } else {
            String::new()
        },
        r.alpha,
        r.draws,
        r.seed
    ));
    if let Some(t) = &r.tapes {
        out.push(format!(
            "Tapes: {} read, {} verified: the observed stations{}",
            plural(t.inputs, "input", "inputs"),
            t.verified,
            if t.keyring_authenticated {
                ""
            } else {
                " (the keyring is NOT AUTHENTICATED: no tape is verified)"
            }
        ));
    }
    out.push("A signal is a reason to look, never proof.".into());
    out
}

const HEADER: [&str; 7] = [
    "test",
    "statistic",
    "expected",
    "p",
    "p (Holm)",
    "stations",
    "signal",
];

fn fmt(x: f64) -> String {
    if x == 0.0 || (x.abs() >= 0.01 && x.abs() < 1e6) {
        format!("{x:.3}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        format!("{x:.2e}")
    }
}

fn rows(r: &ScreenReport) -> Vec<[String; 7]> {
    r.signals
        .iter()
        .map(|s| {
            [
                s.test.clone(),
                fmt(s.statistic),
                fmt(s.expected),
                fmt(s.p_value),
                fmt(s.p_holm),
                s.stations_count.to_string(),
                match (s.raised, s.weak) {
                    (true, true) => "RAISED (weak)".into(),
                    (true, false) => "RAISED".into(),
                    (false, _) => "-".into(),
                },
            ]
        })
        .collect()
}

/// Per test: what it tests, what it says, and (raised) the stations.
fn details(s: &Signal) -> Vec<String> {
    let mut out = vec![
        format!("{}: {}", s.test, s.tests),
        format!("{}: {}", s.test, s.says),
    ];
    if s.raised && !s.stations.is_empty() {
        let more = s.stations_count.saturating_sub(s.stations.len());
        out.push(format!(
            "{}: stations: {}{}",
            s.test,
            s.stations.join(", "),
            if more > 0 {
                format!(
                    " and {more} more (JSON lists the first {})",
                    s.stations.len()
                )
            } else {
                String::new()
            }
        ));
    }
    out
}

fn table(r: &ScreenReport, width: Option<u16>) -> String {
    let mut out = String::new();
    for l in head_lines(r) {
        let _ = writeln!(out, "{}", terminal(&l));
    }
    let _ = writeln!(out, "{}", super::style::grid(&HEADER, rows(r), width));
    for s in r.signals.iter().filter(|s| s.raised) {
        for l in details(s) {
            let _ = writeln!(out, "{}", terminal(&l));
        }
    }
    out.push_str(&published_rows(&r.published_file));
    out
}

fn markdown(r: &ScreenReport) -> String {
    let mut out = String::from("# Screening of the published results\n\n");
    for l in head_lines(r) {
        let _ = writeln!(out, "- {}", cell(&l));
    }
    let _ = writeln!(
        out,
        "\n| {} |\n|{}",
        HEADER.join(" | "),
        "---|".repeat(HEADER.len())
    );
    for row in rows(r) {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push_str("\n## What each test shows\n\n");
    for s in &r.signals {
        for l in details(s) {
            let _ = writeln!(out, "- {}", cell(&l));
        }
    }
    for l in published_rows(&r.published_file).lines() {
        let _ = writeln!(out, "- {}", cell(l));
    }
    out
}

/// The fingerprint as an SVG heat map: turnout across, the leader's share up.
fn picture(h: &Histogram) -> String {
    let n = h.counts.len().max(1);
    let cell = 18;
    let size = n * cell;
    let max = h.counts.iter().flatten().copied().max().unwrap_or(0).max(1);
    let mut out = format!(
        "<svg id=fingerprint xmlns='http://www.w3.org/2000/svg' width='{w}' height='{hgt}' viewBox='0 0 {w} {hgt}' role=img aria-label='stations by turnout (across) and the district leader&#39;s share (up)'>\n",
        w = size + 60,
        hgt = size + 40
    );
    for (t, column) in h.counts.iter().enumerate() {
        for (s, &count) in column.iter().enumerate() {
            if count == 0 {
                continue;
            }
            // Darker with more stations, on a log scale so that a few stand out.
            let level = (f64::from(count).ln_1p() / f64::from(max).ln_1p() * 220.0) as u32;
            let shade = 235 - level.min(220);
            let _ = writeln!(
                out,
                "<rect class=bin data-turnout='{t}' data-share='{s}' data-count='{count}' x='{}' y='{}' width='{cell}' height='{cell}' fill='rgb({shade},{shade},255)'><title>{count}</title></rect>",
                50 + t * cell,
                (n - 1 - s) * cell
            );
        }
    }
    let _ = writeln!(
        out,
        "<rect x='50' y='0' width='{size}' height='{size}' fill='none' stroke='#444'/>\n<text x='50' y='{y}' font-size='12'>0%</text><text x='{x}' y='{y}' font-size='12' text-anchor=end>turnout 100%</text>\n<text x='0' y='12' font-size='12'>100%</text><text x='0' y='{size}' font-size='12'>0%</text>\n</svg>",
        y = size + 16,
        x = 50 + size
    );
    out
}

fn html(r: &ScreenReport) -> String {
    let title = "Screening of the published results";
    let mut out = format!("<!doctype html>\n<html lang=en><head><meta charset=utf-8><title>{title}</title>\n<style>body{{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em}}table{{border-collapse:collapse;margin:.6em 0}}th,td{{border:1px solid #bbb;padding:.25em .6em;text-align:start}}.raised{{font-weight:bold;color:#a00}}</style></head><body>\n<h1>{title}</h1>\n<ul>\n");
    for l in head_lines(r) {
        let _ = writeln!(out, "<li>{}</li>", esc(&l));
    }
    out.push_str("</ul>\n<table><tr>");
    for h in HEADER {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr>\n");
    for (row, s) in rows(r).iter().zip(&r.signals) {
        let _ = write!(out, "<tr{}>", if s.raised { " class=raised" } else { "" });
        for c in row {
            let _ = write!(out, "<td>{}</td>", esc(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n<h2>Turnout × the district leader's share</h2>\n<p>Each square counts the stations with that turnout (across, 0–100%) and that share for their district's leading choice (up, 0–100%). Honest counts make one cloud; ballots stuffed for one choice stretch it toward the top right corner (Klimek et al. 2012).</p>\n");
    out.push_str(&picture(&r.fingerprint));
    out.push_str("<h2>What each test shows</h2>\n<ul>\n");
    for s in &r.signals {
        for l in details(s) {
            let _ = writeln!(out, "<li>{}</li>", esc(&l));
        }
    }
    out.push_str("</ul>\n");
    let unread = published_rows(&r.published_file);
    if !unread.is_empty() {
        out.push_str("<h2>Rows not read</h2>\n<ul>\n");
        for l in unread.lines() {
            let _ = writeln!(out, "<li>{}</li>", esc(l));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body></html>\n");
    out
}
