//! The report of `tally releases`: two releases of the published results compared, for people
//! (terminal table, Markdown, HTML) and machines (JSON, CSV).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::reconcile::markdown::cell;
use super::reconcile::model::PublishedInfo;
use super::reconcile::signed;
use super::reconcile::table::{published_head, published_rows};
use super::sanitize::{csv_cell, html as esc};
use crate::published::Published;
use crate::releases::{ReleaseKind, Releases, Value};

/// The JSON schema version of this report (`tally-releases(1)`).
pub const SCHEMA_VERSION: u32 = 1;

/// Output formats of `tally releases`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReleasesFormat {
    /// Summary and every change as terminal tables.
    Table,
    /// The full report as one JSON object (schema in tally-releases(1)).
    Json,
    /// One row per change, safe to open in a spreadsheet.
    Csv,
    /// Summary and changes as Markdown tables.
    Markdown,
    /// A self-contained HTML page.
    Html,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleasesReport {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The tally that made it.
    pub tool_version: String,
    /// The old release, as read.
    pub old: PublishedInfo,
    /// The new release, as read.
    pub new: PublishedInfo,
    /// The stations that differ, by centre and station.
    pub stations: Vec<ReleaseStationRecord>,
    /// Counts and net changes.
    pub summary: ReleasesSummary,
}

/// A station that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseStationRecord {
    /// Polling centre.
    pub center: u32,
    /// Station.
    pub station: u32,
    /// The code as printed, when it is not `CENTRE-STATION`.
    pub code: Option<String>,
    /// Added, removed or changed.
    pub kind: ReleaseKind,
    /// First line in the old release.
    pub old_line: Option<usize>,
    /// First line in the new release.
    pub new_line: Option<usize>,
    /// Every value that differs.
    pub findings: Vec<ReleaseFindingRecord>,
}

impl ReleaseStationRecord {
    /// The station as people know it: the code as printed, else `CENTRE-STATION`.
    pub fn label(&self) -> String {
        self.code
            .clone()
            .unwrap_or_else(|| format!("{}-{}", self.center, self.station))
    }
}

/// One value that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseFindingRecord {
    /// The station's kind of change.
    pub kind: ReleaseKind,
    /// The field (`registered`, `status`…), for a field.
    pub field: Option<String>,
    /// The choice, for votes.
    pub choice: Option<u32>,
    /// The choice's column header, when a release names it.
    pub choice_name: Option<String>,
    /// In the old release (`null`: not given there).
    pub old: Option<Value>,
    /// In the new release (`null`: not given there).
    pub new: Option<Value>,
    /// New minus old, for counts in both.
    pub difference: Option<i64>,
    /// In words: `choice 3: 201 → 204`.
    pub detail: String,
}

/// Counts and net changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleasesSummary {
    /// Stations in the old release.
    pub stations_old: usize,
    /// Stations in the new release.
    pub stations_new: usize,
    /// In the new only.
    pub stations_added: usize,
    /// In the old only.
    pub stations_removed: usize,
    /// In both, with a change.
    pub stations_changed: usize,
    /// In both, identical.
    pub stations_unchanged: usize,
    /// Findings by kind.
    pub findings: BTreeMap<ReleaseKind, usize>,
    /// Per choice, new minus old votes, largest gain first.
    pub net_change: Vec<NetChangeRecord>,
    /// Fields and choices only one release gives anywhere (a column the other does not
    /// publish): not compared.
    pub not_compared: Vec<NotComparedRecord>,
}

/// A field or choice only one release gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotComparedRecord {
    /// `registered`, `choice 11`, `status`.
    pub item: String,
    /// The release that gives it: `old` or `new`.
    pub only_in: String,
}

/// A choice's net change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetChangeRecord {
    /// The choice.
    pub choice: u32,
    /// Its column header, when a release names it.
    pub name: Option<String>,
    /// Over the stations in both releases.
    pub changed: i64,
    /// The votes of the stations added.
    pub added: i64,
    /// The votes of the stations removed (negative).
    pub removed: i64,
    /// The change of the choice's total.
    pub total: i64,
}

impl ReleasesReport {
    /// Whether anything differs (exit 1).
    pub fn has_changes(&self) -> bool {
        !self.stations.is_empty()
    }

    /// Whether a row of either release could not be read (exit 2).
    pub fn has_rejections(&self) -> bool {
        !self.old.rejected_rows.is_empty() || !self.new.rejected_rows.is_empty()
    }
}

/// Builds the report of two releases compared.
pub fn build(r: &Releases, old: &Published, new: &Published) -> ReleasesReport {
    let names: BTreeMap<u32, String> = old
        .choice_headers
        .iter()
        .chain(&new.choice_headers)
        .cloned()
        .collect();
    let stations: Vec<ReleaseStationRecord> = r
        .stations
        .iter()
        .map(|s| ReleaseStationRecord {
            center: s.center,
            station: s.station,
            code: s.code.clone(),
            kind: s.kind,
            old_line: s.old_line,
            new_line: s.new_line,
            findings: s
                .changes
                .iter()
                .map(|c| ReleaseFindingRecord {
                    kind: s.kind,
                    field: c.field.map(str::to_string),
                    choice: c.choice,
                    choice_name: c.choice.and_then(|code| names.get(&code).cloned()),
                    old: c.old.clone(),
                    new: c.new.clone(),
                    difference: c.difference(),
                    detail: c.detail(),
                })
                .collect(),
        })
        .collect();
    let mut findings = BTreeMap::new();
    for s in &stations {
        *findings.entry(s.kind).or_insert(0) += s.findings.len();
    }
    ReleasesReport {
        schema_version: SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        old: PublishedInfo::of(old),
        new: PublishedInfo::of(new),
        summary: ReleasesSummary {
            stations_old: old.stations.len(),
            stations_new: new.stations.len(),
            stations_added: r.count(ReleaseKind::ReleaseStationAdded),
            stations_removed: r.count(ReleaseKind::ReleaseStationRemoved),
            stations_changed: r.count(ReleaseKind::ReleaseChanged),
            stations_unchanged: r.unchanged,
            findings,
            net_change: r
                .net
                .iter()
                .map(|n| NetChangeRecord {
                    choice: n.choice,
                    name: names.get(&n.choice).cloned(),
                    changed: n.changed,
                    added: n.added,
                    removed: n.removed,
                    total: n.total(),
                })
                .collect(),
            not_compared: r
                .one_sided
                .iter()
                .map(|(item, only_in)| NotComparedRecord {
                    item: item.clone(),
                    only_in: (*only_in).to_string(),
                })
                .collect(),
        },
        stations,
    }
}

/// Renders the report in a format; a table laid out to `width` columns when given (see
/// `style::terminal_width`).
pub fn render(report: &ReleasesReport, format: ReleasesFormat, width: Option<u16>) -> String {
    match format {
        ReleasesFormat::Table => super::fit::wrap_lines(&table(report, width), width),
        ReleasesFormat::Json => serde_json::to_string_pretty(report).unwrap_or_default() + "\n",
        ReleasesFormat::Csv => csv(report),
        ReleasesFormat::Markdown => markdown(report),
        ReleasesFormat::Html => html(report),
    }
}

/// A value for people: a count, a quoted text, or `-` when not given.
fn shown(v: &Option<Value>) -> String {
    v.as_ref().map_or("-".to_string(), Value::to_string)
}

/// What a finding is about: `choice 3 (Maduro)`, `registered`.
fn about(f: &ReleaseFindingRecord) -> String {
    match (&f.field, f.choice, &f.choice_name) {
        (Some(field), _, _) => field.clone(),
        (None, Some(c), Some(name)) => format!("choice {c} ({name})"),
        (None, Some(c), None) => format!("choice {c}"),
        (None, None, _) => String::new(),
    }
}

/// The summary in one sentence per line.
fn summary_lines(r: &ReleasesReport) -> Vec<String> {
    let s = &r.summary;
    let mut lines = vec![format!(
        "Stations: {} in the old release, {} in the new; {} unchanged, {} changed, {} added, {} removed",
        s.stations_old, s.stations_new, s.stations_unchanged, s.stations_changed, s.stations_added, s.stations_removed
    )];
    for n in &s.not_compared {
        lines.push(format!(
            "Not compared: {} is in the {} release only",
            n.item, n.only_in
        ));
    }
    if s.net_change.is_empty() {
        lines.push("Votes: no choice's votes changed".into());
    }
    lines
}

fn net_rows(r: &ReleasesReport) -> Vec<[String; 5]> {
    r.summary
        .net_change
        .iter()
        .map(|n| {
            let name = n
                .name
                .as_ref()
                .map_or(n.choice.to_string(), |m| format!("{} ({m})", n.choice));
            [
                name,
                signed(n.total),
                signed(n.changed),
                signed(n.added),
                signed(n.removed),
            ]
        })
        .collect()
}

const NET_HEADER: [&str; 5] = [
    "choice",
    "net change",
    "stations in both",
    "added",
    "removed",
];
const CHANGE_HEADER: [&str; 6] = ["station", "change", "about", "old", "new", "difference"];

/// The change rows: station, kind, about, old, new, difference. A station added or removed
/// is one row (its line in each release, the votes it adds or takes away); the JSON and CSV
/// list its every value.
fn change_rows(r: &ReleasesReport) -> Vec<[String; 6]> {
    let line = |l: Option<usize>| l.map_or("-".to_string(), |l| format!("line {l}"));
    r.stations
        .iter()
        .flat_map(|s| {
            let whole = (s.kind != ReleaseKind::ReleaseChanged).then(|| {
                let votes: i64 = s
                    .findings
                    .iter()
                    .filter(|f| f.choice.is_some())
                    .map(|f| {
                        let count = |v: &Option<Value>| match v {
                            Some(Value::Count(n)) => i64::from(*n),
                            _ => 0,
                        };
                        count(&f.new) - count(&f.old)
                    })
                    .sum();
                [
                    s.label(),
                    s.kind.as_str().to_string(),
                    "the station (votes)".to_string(),
                    line(s.old_line),
                    line(s.new_line),
                    signed(votes),
                ]
            });
            let changed = whole.is_none();
            let each = s.findings.iter().filter(move |_| changed).map(move |f| {
                [
                    s.label(),
                    f.kind.as_str().to_string(),
                    about(f),
                    shown(&f.old),
                    shown(&f.new),
                    f.difference.map_or(String::new(), signed),
                ]
            });
            whole.into_iter().chain(each)
        })
        .collect()
}

fn table(r: &ReleasesReport, width: Option<u16>) -> String {
    let mut out = published_head("Old", &r.old);
    out.push_str(&published_head("New", &r.new));
    for line in summary_lines(r) {
        out.push_str(&line);
        out.push('\n');
    }
    let grid = |header: &[&str], rows: Vec<Vec<String>>| super::style::grid(header, rows, width);
    if !r.summary.net_change.is_empty() {
        out.push_str("Net change of votes (new minus old) per choice:\n");
        out.push_str(&grid(
            &NET_HEADER,
            net_rows(r).into_iter().map(Vec::from).collect(),
        ));
        out.push('\n');
    }
    if r.stations.is_empty() {
        out.push_str("The two releases give the same figures at every station.\n");
    } else {
        out.push_str(&grid(
            &CHANGE_HEADER,
            change_rows(r).into_iter().map(Vec::from).collect(),
        ));
        out.push('\n');
    }
    out.push_str(&published_rows(&r.old));
    out.push_str(&published_rows(&r.new));
    out
}

/// The CSV header (a contract).
pub const CSV_HEADER: [&str; 13] = [
    "center",
    "station",
    "station_code",
    "kind",
    "field",
    "choice",
    "choice_name",
    "old",
    "new",
    "difference",
    "detail",
    "old_line",
    "new_line",
];

fn csv(r: &ReleasesReport) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(CSV_HEADER);
    let opt = |v: Option<usize>| v.map_or(String::new(), |v| v.to_string());
    let value = |v: &Option<Value>| match v {
        Some(Value::Count(n)) => n.to_string(),
        Some(Value::Text(t)) => csv_cell(t),
        None => String::new(),
    };
    for s in &r.stations {
        for f in &s.findings {
            let _ = w.write_record([
                s.center.to_string(),
                s.station.to_string(),
                csv_cell(s.code.as_deref().unwrap_or("")),
                f.kind.as_str().to_string(),
                csv_cell(f.field.as_deref().unwrap_or("")),
                f.choice.map_or(String::new(), |c| c.to_string()),
                csv_cell(f.choice_name.as_deref().unwrap_or("")),
                value(&f.old),
                value(&f.new),
                f.difference.map_or(String::new(), |d| d.to_string()),
                csv_cell(&f.detail),
                opt(s.old_line),
                opt(s.new_line),
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn markdown(r: &ReleasesReport) -> String {
    let mut out = String::from("# Two releases of the published results compared\n\n");
    for (label, p) in [("Old", &r.old), ("New", &r.new)] {
        for line in published_head(label, p).lines() {
            let _ = writeln!(out, "- {}", cell(line));
        }
        let _ = writeln!(out, "- {label}: SHA-256 `{}`", p.sha256);
    }
    for line in summary_lines(r) {
        let _ = writeln!(out, "- {}", cell(&line));
    }
    let md_table = |out: &mut String, header: &[&str], rows: Vec<Vec<String>>| {
        let _ = writeln!(out, "\n| {} |", header.join(" | "));
        let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
        for row in rows {
            let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
    };
    if !r.summary.net_change.is_empty() {
        out.push_str("\n## Net change of votes per choice\n");
        md_table(
            &mut out,
            &NET_HEADER,
            net_rows(r).into_iter().map(Vec::from).collect(),
        );
    }
    if !r.stations.is_empty() {
        out.push_str("\n## Changes\n");
        md_table(
            &mut out,
            &CHANGE_HEADER,
            change_rows(r).into_iter().map(Vec::from).collect(),
        );
    }
    let unread = published_rows(&r.old) + &published_rows(&r.new);
    if !unread.is_empty() {
        out.push_str("\n## Rows not read\n\n");
        for line in unread.lines() {
            let _ = writeln!(out, "- {}", cell(line));
        }
    }
    out
}

fn html(r: &ReleasesReport) -> String {
    let mut out = String::from(
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8><title>Two releases compared</title>\n<style>body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em}table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{border:1px solid #bbb;padding:.25em .5em;text-align:start}td.n{text-align:end;font-variant-numeric:tabular-nums}.hash{font-family:monospace;font-size:.8em;word-break:break-all}</style></head><body>\n<h1>Two releases of the published results compared</h1>\n<ul>\n",
    );
    for (label, p) in [("Old", &r.old), ("New", &r.new)] {
        for line in published_head(label, p).lines() {
            let _ = writeln!(out, "<li>{}</li>", esc(line));
        }
        let _ = writeln!(
            out,
            "<li>{label}: <span class=hash>SHA-256 {}</span></li>",
            esc(&p.sha256)
        );
    }
    for line in summary_lines(r) {
        let _ = writeln!(out, "<li>{}</li>", esc(&line));
    }
    out.push_str("</ul>\n");
    let html_table = |out: &mut String, header: &[&str], rows: Vec<Vec<String>>| {
        out.push_str("<table><tr>");
        for h in header {
            let _ = write!(out, "<th>{}</th>", esc(h));
        }
        out.push_str("</tr>\n");
        for row in rows {
            out.push_str("<tr>");
            for c in row {
                let _ = write!(out, "<td><bdi dir=ltr>{}</bdi></td>", esc(&c));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</table>\n");
    };
    if !r.summary.net_change.is_empty() {
        out.push_str("<h2>Net change of votes per choice</h2>\n");
        html_table(
            &mut out,
            &NET_HEADER,
            net_rows(r).into_iter().map(Vec::from).collect(),
        );
    }
    if !r.stations.is_empty() {
        out.push_str("<h2>Changes</h2>\n");
        html_table(
            &mut out,
            &CHANGE_HEADER,
            change_rows(r).into_iter().map(Vec::from).collect(),
        );
    }
    let unread = published_rows(&r.old) + &published_rows(&r.new);
    if !unread.is_empty() {
        out.push_str("<h2>Rows not read</h2>\n<ul>\n");
        for line in unread.lines() {
            let _ = writeln!(out, "<li>{}</li>", esc(line));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body></html>\n");
    out
}
