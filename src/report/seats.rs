//! The report of `tally seats`: per constituency the seats the published results give, those
//! the verified tapes give, the last seat, the runner-up and the margin, for people (terminal
//! table, Markdown, HTML) and machines (JSON).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::plural;
use super::reconcile::markdown::cell;
use super::reconcile::model::PublishedInfo;
use super::reconcile::table::{published_lines, published_rows};
use super::sanitize::{html as esc, terminal};
use crate::published::Published;
use crate::seats::{self, allocate::divisor_text, By, Leftovers, Method, Quotient, Tallied};

/// The JSON schema version of this report (`tally-seats(1)`).
pub const SCHEMA_VERSION: u32 = 1;

/// Output formats of `tally seats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SeatsFormat {
    /// Every constituency as terminal tables.
    Table,
    /// The full report as one JSON object (schema in tally-seats(1)).
    Json,
    /// Markdown tables.
    Markdown,
    /// A self-contained HTML page.
    Html,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeatsReport {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The tally that made it.
    pub tool_version: String,
    /// `sainte-lague` or `dhondt`.
    pub method: String,
    /// Sainte-Laguë's first divisor (`1.7`); absent for D'Hondt.
    pub first_divisor: Option<String>,
    /// `governorate` or `district`.
    pub by: By,
    /// The published results, as read.
    pub published_file: PublishedInfo,
    /// The tapes given, when any were.
    pub tapes: Option<TapesUsed>,
    /// One per constituency of the seats file, by code.
    pub constituencies: Vec<ConstituencyRecord>,
    /// What was left out of the sums, and why.
    pub left_out: LeftOutRecord,
}

/// The tapes given with --tapes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TapesUsed {
    /// Inputs read.
    pub inputs: usize,
    /// Inputs that gave no tape (or no readable signature).
    pub unreadable: usize,
    /// Tapes whose status is `verified`: only these replace published figures.
    pub verified: usize,
    /// Whether the keyring was authenticated by the commission's root key (without it no tape
    /// is `verified`).
    pub keyring_authenticated: bool,
}

/// A quotient that won or nearly won a seat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuotientRecord {
    /// The choice.
    pub choice: u32,
    /// Its votes in the constituency.
    pub votes: u64,
    /// The divisor of the seat.
    pub divisor: String,
    /// votes ÷ divisor, rounded to four decimals (compared exactly in the allocation).
    pub quotient: f64,
}

impl QuotientRecord {
    fn of(q: &Quotient) -> QuotientRecord {
        QuotientRecord {
            choice: q.choice,
            votes: q.votes,
            divisor: divisor_text(q.divisor),
            quotient: (q.value() * 1e4).round() / 1e4,
        }
    }
}

/// A choice whose seats move once the verified tapes' figures replace the published ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MovedRecord {
    /// The choice.
    pub choice: u32,
    /// Its seats by the published results.
    pub published: u32,
    /// Its seats by the corrected results.
    pub corrected: u32,
}

/// One constituency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConstituencyRecord {
    /// Its governorate or district code.
    pub constituency: u32,
    /// Seats to fill.
    pub seats: u32,
    /// Published stations summed.
    pub stations: usize,
    /// Votes per choice as published.
    pub votes: BTreeMap<u32, u64>,
    /// Seats per choice by the published results (tied seats left out).
    pub published: BTreeMap<u32, u32>,
    /// With tapes: how many stations' figures a verified tape replaced (or added).
    pub stations_replaced: Option<usize>,
    /// With tapes: votes per choice once verified figures replace published ones.
    pub corrected_votes: Option<BTreeMap<u32, u64>>,
    /// With tapes: seats per choice by the corrected results.
    pub corrected: Option<BTreeMap<u32, u32>>,
    /// With tapes: the choices whose seats move.
    pub moved: Vec<MovedRecord>,
    /// The quotient that won the last seat (published results).
    pub last_seat: Option<QuotientRecord>,
    /// The highest quotient that won no seat.
    pub runner_up: Option<QuotientRecord>,
    /// Whether the last seat is tied in the published results.
    pub tie: bool,
    /// The choices tied for the last seats, and how many seats are tied.
    pub tied_choices: Vec<u32>,
    /// Seats left unallocated by the tie.
    pub tied_seats: u32,
    /// With tapes: whether the last seat is tied in the corrected results.
    pub corrected_tie: Option<bool>,
    /// The fewest votes that, moved from `margin_from` to `margin_to`, change any choice's
    /// seats (or tie the last seat); 0 when the last seat is tied already; absent when no
    /// move can change them.
    pub margin_votes: Option<u64>,
    /// The choice the margin's votes come from.
    pub margin_from: Option<u32>,
    /// The choice they go to.
    pub margin_to: Option<u32>,
    /// With tapes: the votes the verified tapes prove were shifted at published stations
    /// (the larger of the votes gained and lost by all choices there); stations the published
    /// results lack are `stations_added`, never a shift.
    pub proven_shift_votes: Option<u64>,
    /// With tapes: stations the published results lack, whose verified tapes add them.
    #[serde(default)]
    pub stations_added: Option<usize>,
    /// With tapes: the votes on those stations' verified tapes.
    #[serde(default)]
    pub votes_added: Option<u64>,
}

/// What the sums left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeftOutRecord {
    /// Published stations without the constituency's code (`CENTRE-STATION line N`).
    pub stations_without_code: Vec<String>,
    /// Constituencies with published stations but no row in the seats file: code → stations.
    pub not_in_seats: BTreeMap<u32, usize>,
    /// Stations whose verified tapes disagree with each other (`CENTRE-STATION`): not used.
    pub conflicting_tapes: Vec<String>,
    /// Stations with a verified tape in no constituency of the seats file.
    pub tapes_outside: Vec<String>,
}

impl SeatsReport {
    /// The verdict the report opens with, in one sentence: whether any seat moves once the
    /// verified tapes' figures replace the published ones, and how many seats are tied.
    pub fn verdict(&self) -> String {
        let n = self.constituencies.len();
        let moved = self
            .constituencies
            .iter()
            .filter(|c| !c.moved.is_empty())
            .count();
        let tied = self
            .constituencies
            .iter()
            .filter(|c| c.tie || c.corrected_tie == Some(true))
            .count();
        let mut said = match &self.tapes {
            None => format!(
                "Seats by the published results alone in {} (no tapes given: nothing is compared).",
                plural(n, "constituency", "constituencies")
            ),
            Some(t) if !t.keyring_authenticated => format!(
                "No seat can move: the keyring is NOT AUTHENTICATED, so no tape is proven ({} allocated by the published results).",
                plural(n, "constituency", "constituencies")
            ),
            Some(_) if moved == 0 => format!(
                "No seat moves: in each of the {} the verified tapes give the seats the published results give.",
                plural(n, "constituency", "constituencies")
            ),
            Some(_) => format!(
                "SEATS MOVE in {} of {}: the verified tapes give other seats than the published results.",
                moved,
                plural(n, "constituency", "constituencies")
            ),
        };
        if tied > 0 {
            said.push_str(&format!(
                " The last seat is tied in {}.",
                plural(tied, "constituency", "constituencies")
            ));
        }
        said
    }

    /// Whether any seat moves or is tied.
    pub fn has_findings(&self) -> bool {
        self.constituencies
            .iter()
            .any(|c| !c.moved.is_empty() || c.tie || c.corrected_tie == Some(true))
    }
}

/// The report of an allocation of `table`'s seats over `tallied` votes.
pub fn build(
    published: &Published,
    table: &BTreeMap<u32, u32>,
    by: By,
    method: Method,
    tallied: &BTreeMap<u32, Tallied>,
    left: &Leftovers,
    tapes: Option<TapesUsed>,
) -> SeatsReport {
    let with_tapes = tapes.is_some();
    let constituencies = table
        .iter()
        .map(|(&code, &n)| {
            let t = tallied.get(&code).cloned().unwrap_or_default();
            let a = seats::allocate(&t.published, n, method);
            let m = seats::margin(&t.published, &a, method);
            let c = with_tapes.then(|| seats::allocate(&t.corrected, n, method));
            let moved = c.as_ref().map_or_else(Vec::new, |c| {
                a.seats
                    .keys()
                    .chain(c.seats.keys())
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .filter_map(|&choice| {
                        let p = a.seats.get(&choice).copied().unwrap_or(0);
                        let k = c.seats.get(&choice).copied().unwrap_or(0);
                        (p != k).then_some(MovedRecord {
                            choice,
                            published: p,
                            corrected: k,
                        })
                    })
                    .collect()
            });
            ConstituencyRecord {
                constituency: code,
                seats: n,
                stations: t.stations,
                published: a.seats.clone(),
                stations_replaced: with_tapes.then_some(t.replaced),
                corrected_votes: with_tapes.then(|| t.corrected.clone()),
                corrected: c.as_ref().map(|c| c.seats.clone()),
                moved,
                last_seat: a.last_seat.as_ref().map(QuotientRecord::of),
                runner_up: a.runner_up.as_ref().map(QuotientRecord::of),
                tie: a.tie.is_some(),
                tied_choices: a.tie.as_ref().map_or_else(Vec::new, |t| t.choices.clone()),
                tied_seats: a.tie.as_ref().map_or(0, |t| t.seats),
                corrected_tie: c.as_ref().map(|c| c.tie.is_some()),
                margin_votes: if a.tie.is_some() {
                    Some(0)
                } else {
                    m.map(|m| m.votes)
                },
                margin_from: m.map(|m| m.from),
                margin_to: m.map(|m| m.to),
                proven_shift_votes: with_tapes
                    .then(|| seats::shift(&t.replaced_published, &t.replaced_tapes)),
                stations_added: with_tapes.then_some(t.added),
                votes_added: with_tapes.then_some(t.added_votes),
                votes: t.published,
            }
        })
        .collect();
    let station = |(c, s): &(u32, u32)| format!("{c}-{s}");
    SeatsReport {
        schema_version: SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        method: match method {
            Method::DHondt => "dhondt".into(),
            Method::SainteLague { .. } => "sainte-lague".into(),
        },
        first_divisor: match method {
            Method::SainteLague { first_divisor } => Some(divisor_text(first_divisor)),
            Method::DHondt => None,
        },
        by,
        published_file: PublishedInfo::of(published),
        tapes,
        constituencies,
        left_out: LeftOutRecord {
            stations_without_code: left
                .without_code
                .iter()
                .map(|(c, s, line)| format!("{c}-{s} line {line}"))
                .collect(),
            not_in_seats: left.not_in_seats.clone(),
            conflicting_tapes: left.conflicting_tapes.iter().map(station).collect(),
            tapes_outside: left.tapes_outside.iter().map(station).collect(),
        },
    }
}

/// The report in `format`; a table laid out to `width` columns when given (see
/// `style::terminal_width`).
pub fn render(r: &SeatsReport, format: SeatsFormat, width: Option<u16>) -> String {
    match format {
        SeatsFormat::Json => serde_json::to_string_pretty(r).unwrap_or_default() + "\n",
        SeatsFormat::Table => super::fit::wrap_lines(&text(r, Style::Table, width), width),
        SeatsFormat::Markdown => text(r, Style::Markdown, None),
        SeatsFormat::Html => text(r, Style::Html, None),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Table,
    Markdown,
    Html,
}

/// The lines said first: the method, the inputs, what was left out.
fn head_lines(r: &SeatsReport) -> Vec<String> {
    let mut out = vec![r.verdict()];
    out.extend(published_lines(&r.published_file));
    out.push(format!(
        "Method: {}{}, constituencies by {}",
        r.method,
        r.first_divisor
            .as_ref()
            .map_or(String::new(), |d| format!(" (first divisor {d})")),
        r.by.as_str()
    ));
    match &r.tapes {
        None => out.push("No tapes given: the published results alone.".into()),
        Some(t) => {
            out.push(format!(
                "Tapes: {} read, {} verified (only verified tapes replace published figures){}",
                plural(t.inputs, "input", "inputs"),
                t.verified,
                if t.unreadable > 0 {
                    format!(", {} UNREADABLE", t.unreadable)
                } else {
                    String::new()
                }
            ));
            if !t.keyring_authenticated {
                out.push("The keyring is NOT AUTHENTICATED (no --root-key): no tape is proven, the corrected results are the published ones.".into());
            }
        }
    }
    let l = &r.left_out;
    if !l.stations_without_code.is_empty() {
        out.push(format!(
            "LEFT OUT: {} without a {} code: {}",
            plural(l.stations_without_code.len(), "station", "stations"),
            r.by.as_str(),
            l.stations_without_code.join(", ")
        ));
    }
    for (code, n) in &l.not_in_seats {
        out.push(format!(
            "LEFT OUT: {} of {} {code}, which the seats file does not list",
            plural(*n, "station", "stations"),
            r.by.as_str()
        ));
    }
    if !l.conflicting_tapes.is_empty() {
        out.push(format!(
            "NOT USED: verified tapes that disagree with each other at {}",
            l.conflicting_tapes.join(", ")
        ));
    }
    if !l.tapes_outside.is_empty() {
        out.push(format!(
            "NOT USED: verified tapes of stations in no listed constituency: {}",
            l.tapes_outside.join(", ")
        ));
    }
    out
}

/// What a constituency's table is followed by: last seat, runner-up, tie, margin, shift.
fn verdict_lines(c: &ConstituencyRecord) -> Vec<String> {
    let q = |q: &QuotientRecord| {
        format!(
            "choice {} ({} votes ÷ {} = {})",
            q.choice, q.votes, q.divisor, q.quotient
        )
    };
    let mut out = Vec::new();
    if c.stations == 0 {
        out.push("No published station in this constituency.".into());
    }
    if let Some(l) = &c.last_seat {
        out.push(format!("Last seat won: {}", q(l)));
    }
    if let Some(r) = &c.runner_up {
        out.push(format!("Runner-up: {}", q(r)));
    }
    if c.tie {
        out.push(format!(
            "TIE: {} tied between choices {}: not allocated",
            plural(c.tied_seats as usize, "seat", "seats"),
            c.tied_choices
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    match (c.margin_votes, c.margin_from, c.margin_to) {
        (Some(v), Some(f), Some(t)) => out.push(format!(
            "Margin: {} moved from choice {f} to choice {t} would change the seats",
            plural(v as usize, "vote", "votes")
        )),
        (Some(0), _, _) => out.push("Margin: 0 (the last seat is tied)".into()),
        _ => out.push("Margin: no move of votes between two choices changes the seats".into()),
    }
    if let Some(shift) = c.proven_shift_votes {
        let beyond = shift > 0 && c.margin_votes.is_some_and(|m| shift >= m);
        out.push(format!(
            "Proven shift: {} moved between choices at the {} published stations whose figures verified tapes replace{}",
            plural(shift as usize, "vote", "votes"),
            c.stations_replaced.unwrap_or(0),
            if beyond {
                ": AT OR ABOVE THE MARGIN"
            } else {
                ": below the margin"
            }
        ));
    }
    if let (Some(n), Some(votes)) = (c.stations_added, c.votes_added) {
        if n > 0 {
            out.push(format!(
                "Missing from the published results: {} with {} on their verified tapes, added to the corrected results (not a shift: the commission did not publish these stations)",
                plural(n, "station", "stations"),
                plural(votes as usize, "vote", "votes")
            ));
        }
    }
    if c.corrected_tie == Some(true) {
        out.push("TIE in the corrected results: the last seat is tied".into());
    }
    for m in &c.moved {
        out.push(format!(
            "SEAT MOVES: choice {}: {} published, {} by the verified tapes",
            m.choice, m.published, m.corrected
        ));
    }
    out
}

/// Header and rows of a constituency's table.
fn rows(c: &ConstituencyRecord) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let mut header = vec!["choice", "votes", "seats"];
    if c.corrected.is_some() {
        header.extend(["votes (corrected)", "seats (corrected)"]);
    }
    let rows = c
        .votes
        .iter()
        .map(|(choice, votes)| {
            let mut row = vec![
                choice.to_string(),
                votes.to_string(),
                c.published.get(choice).copied().unwrap_or(0).to_string(),
            ];
            if let (Some(v), Some(s)) = (&c.corrected_votes, &c.corrected) {
                row.push(v.get(choice).copied().unwrap_or(0).to_string());
                row.push(s.get(choice).copied().unwrap_or(0).to_string());
            }
            row
        })
        .collect();
    (header, rows)
}

fn text(r: &SeatsReport, style: Style, width: Option<u16>) -> String {
    let mut out = String::new();
    let para = |out: &mut String, lines: &[String]| match style {
        Style::Table => lines.iter().for_each(|l| {
            let _ = writeln!(out, "{}", terminal(l));
        }),
        Style::Markdown => lines.iter().for_each(|l| {
            let _ = writeln!(out, "- {}", cell(l));
        }),
        Style::Html => {
            out.push_str("<ul>\n");
            for l in lines {
                let _ = writeln!(out, "<li>{}</li>", esc(l));
            }
            out.push_str("</ul>\n");
        }
    };
    let title = "Seats by the published results";
    match style {
        Style::Table => {}
        Style::Markdown => {
            let _ = writeln!(out, "# {title}\n");
        }
        Style::Html => {
            let _ = write!(out, "<!doctype html>\n<html lang=en><head><meta charset=utf-8><title>{title}</title>\n<style>body{{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em}}table{{border-collapse:collapse;margin:.6em 0}}th,td{{border:1px solid #bbb;padding:.25em .6em}}td{{text-align:end;font-variant-numeric:tabular-nums}}</style></head><body>\n<h1>{title}</h1>\n");
        }
    }
    para(&mut out, &head_lines(r));
    for c in &r.constituencies {
        let heading = format!(
            "{} {}: {}",
            r.by.as_str(),
            c.constituency,
            plural(c.seats as usize, "seat", "seats")
        );
        let (header, rows) = rows(c);
        match style {
            Style::Table => {
                let _ = writeln!(out, "\n{heading}");
                let _ = writeln!(out, "{}", super::style::grid(&header, rows, width));
            }
            Style::Markdown => {
                let _ = writeln!(out, "\n## {heading}\n\n| {} |", header.join(" | "));
                let _ = writeln!(out, "|{}", "---:|".repeat(header.len()));
                for row in rows {
                    let _ = writeln!(out, "| {} |", row.join(" | "));
                }
                out.push('\n');
            }
            Style::Html => {
                let _ = write!(out, "<h2>{}</h2>\n<table><tr>", esc(&heading));
                for h in header {
                    let _ = write!(out, "<th>{}</th>", esc(h));
                }
                out.push_str("</tr>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for v in row {
                        let _ = write!(out, "<td>{}</td>", esc(&v));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</table>\n");
            }
        }
        para(&mut out, &verdict_lines(c));
    }
    let unread: Vec<String> = published_rows(&r.published_file)
        .lines()
        .map(str::to_string)
        .collect();
    if !unread.is_empty() {
        if style != Style::Table {
            out.push_str(if style == Style::Html {
                "<h2>Rows not read</h2>\n"
            } else {
                "\n## Rows not read\n\n"
            });
        }
        para(&mut out, &unread);
    }
    if style == Style::Html {
        out.push_str("</body></html>\n");
    }
    out
}
