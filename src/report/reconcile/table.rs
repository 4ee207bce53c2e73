//! Terminal tables: summary first, then stations with findings, most severe first.

use comfy_table::{Attribute, Cell, Color};

use super::model::{Outcome, PublishedInfo, ReconcileReport, ShiftRecord};
use super::{figures, subject, words, TextExporter};
use crate::reconcile::Severity;
use crate::report::fit::{wrap_lines, Fit, Wrap};
use crate::report::lang::{Lang, Say};
use crate::report::plural;
use crate::report::sanitize::terminal;

/// The table renderer.
pub struct Table {
    /// Whether to colour.
    pub color: bool,
    /// The columns to lay the report out to (`None`: as wide as it comes).
    pub width: Option<u16>,
}

fn severity_color(s: Severity) -> Color {
    match s {
        Severity::Critical => Color::Red,
        Severity::High => Color::Magenta,
        Severity::Medium => Color::Yellow,
        Severity::Low | Severity::Info => Color::Reset,
    }
}

/// The shifts, largest gain first: all of them when there are at most ten, else the five
/// largest gains and the five largest losses, and how many more there are.
fn largest_shifts(shifts: &[ShiftRecord]) -> String {
    let show = |s: &ShiftRecord| {
        let (label, value) = words::shift_parts(s);
        format!("{} {value}", terminal(&label))
    };
    if shifts.len() <= 10 {
        return shifts.iter().map(show).collect::<Vec<_>>().join(", ");
    }
    let mut text: Vec<String> = shifts[..5].iter().map(show).collect();
    text.push(format!(
        "… {} more choices (all in the JSON and HTML reports) …",
        shifts.len() - 10
    ));
    text.extend(shifts[shifts.len() - 5..].iter().map(show));
    text.join(", ")
}

impl TextExporter for Table {
    fn render(&self, r: &ReconcileReport) -> String {
        let mut out = String::new();
        let p = &r.published;
        out.push_str(&published_head("Published", p));
        match &r.keyring {
            None => out.push_str("Keyring: none given: no tape is verified, no figure is proven\n"),
            Some(k) if !k.authenticated => out.push_str(&format!(
                "Keyring: {} NOT AUTHENTICATED (no --root-key)\n",
                terminal(&k.path)
            )),
            Some(k) => out.push_str(&format!(
                "Keyring: {} authenticated by root key {}\n",
                terminal(&k.path),
                k.root_key_id.as_deref().unwrap_or("?")
            )),
        }
        let o = &r.summary.overall;
        let (proven, rest) = words::headline(Lang::En, o);
        out.push_str(&format!("{}\n", terminal(&proven.plain())));
        if !rest.is_empty() {
            let rest: Vec<String> = rest
                .into_iter()
                .map(|(say, n)| format!("{n} {}", Lang::En.say(say)))
                .collect();
            out.push_str(&format!(
                "{}: {}\n",
                Lang::En.say(Say::AlsoWithFindings),
                rest.join("; ")
            ));
        }
        out.push_str(&format!(
            "Coverage: {} of {} published stations have a tape ({:.1}%), {} a verified tape ({:.1}%)\n",
            o.stations_covered,
            o.stations_published,
            o.coverage * 100.0,
            o.stations_covered_verified,
            o.coverage_verified * 100.0,
        ));
        let stations: Vec<String> = words::partition(o)
            .into_iter()
            .map(|(say, n)| format!("{n} {}", Lang::En.say(say)))
            .collect();
        out.push_str(&format!(
            "Stations ({}): {}\n",
            o.stations,
            stations.join("; ")
        ));
        if !o.findings.is_empty() {
            let kinds: Vec<String> = o.findings.iter().map(|(k, n)| format!("{k} {n}")).collect();
            out.push_str(&format!("Findings: {}\n", kinds.join(", ")));
        }
        for (label, shifts) in [
            (Lang::En.say(Say::ShiftVerified), &o.net_vote_shift),
            (
                Lang::En.say(Say::ShiftNotProven),
                &o.net_vote_shift_unverified,
            ),
        ] {
            if !shifts.is_empty() {
                out.push_str(&format!("{label}: {}\n", largest_shifts(shifts)));
            }
        }
        let header = [
            "station",
            "severity",
            "tape status",
            "finding",
            "about",
            "tape",
            "published",
            "diff",
            "tape file",
        ];
        let mut rows: Vec<[String; 9]> = Vec::new();
        let mut severities = Vec::new();
        for s in r.stations.iter().filter(|s| !s.findings.is_empty()) {
            for f in &s.findings {
                let (tape, published, diff) = figures(f);
                let file = f
                    .evidence
                    .as_ref()
                    .map_or(String::new(), |e| terminal(&e.located()));
                rows.push([
                    terminal(&s.label()),
                    f.severity.as_str().to_string(),
                    s.tape_status.as_str().to_string(),
                    f.kind.as_str().to_string(),
                    terminal(&subject(f)),
                    tape,
                    published,
                    diff,
                    file,
                ]);
                severities.push(f.severity);
            }
        }
        if rows.is_empty() {
            out.push_str("No findings: every station's figures match.\n");
        } else {
            // Narrow, the tape's status goes first (the severity says most of it), then the
            // file (in every other format), then the severity.
            let wraps = [
                Wrap::Text,
                Wrap::Text,
                Wrap::Text,
                Wrap::Text,
                Wrap::Text,
                Wrap::Text,
                Wrap::Text,
                Wrap::Text,
                Wrap::Path,
            ];
            let fit = Fit::new(&header, &rows, &wraps, self.width, &[2, 8, 1]);
            let mut t = crate::report::style::table(self.color, None);
            t.set_header(
                header
                    .iter()
                    .enumerate()
                    .map(|(i, h)| fit.cell(i, h))
                    .collect::<Vec<_>>(),
            );
            for (row, severity) in rows.iter().zip(severities) {
                let mut cells: Vec<Cell> = row
                    .iter()
                    .enumerate()
                    .map(|(i, c)| Cell::new(fit.cell(i, c)))
                    .collect();
                if self.color {
                    cells[1] = Cell::new(fit.cell(1, &row[1]))
                        .fg(severity_color(severity))
                        .add_attribute(Attribute::Bold);
                }
                t.add_row(cells);
            }
            fit.apply(&mut t);
            out.push_str(&format!("{t}\n"));
            if let Some(line) = fit.left_out(&header) {
                out.push_str(&format!("{line}\n"));
            }
        }
        let rejected: Vec<_> = r
            .inputs
            .iter()
            .filter(|i| i.outcome == Outcome::Rejected)
            .collect();
        for i in &rejected {
            out.push_str(&format!(
                "REJECTED {}: {}\n",
                terminal(&i.path),
                terminal(&i.reason)
            ));
        }
        for u in &r.unattributed {
            out.push_str(&format!(
                "UNATTRIBUTED {}: read by OCR as station {}, which neither the published results nor any tape holds, and nothing proves the reading (likely misread): counted nowhere; check it with tally review\n",
                terminal(&u.path),
                terminal(&u.read_as)
            ));
        }
        out.push_str(&published_rows(p));
        wrap_lines(&out, self.width)
    }
}

/// What a report says first of a published file (`label`: `Published`, `Old`, `New`): how it
/// was read, its rows and stations, the rows rejected, empty or left out and the columns not
/// read.
pub(crate) fn published_head(label: &str, p: &PublishedInfo) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "{label}: {} ({}, {}, {:?} layout): {}, {}{}\n",
        terminal(&p.path),
        p.format,
        terminal(&p.encoding),
        p.layout,
        plural(p.rows, "row", "rows"),
        plural(p.stations, "station", "stations"),
        if p.rejected_rows.is_empty() {
            String::new()
        } else {
            format!(", {} ROWS REJECTED", p.rejected_rows.len())
        }
    ));
    if p.empty_rows > 0 {
        out.push_str(&format!(
            "{label}: {} entirely empty, not read\n",
            plural(p.empty_rows, "row", "rows")
        ));
    }
    if !p.skipped_rows.is_empty() {
        out.push_str(&format!(
            "{label}: {} left out by the layout file\n",
            plural(p.skipped_rows.len(), "row", "rows")
        ));
    }
    if !p.ignored_columns.is_empty() {
        let columns: Vec<String> = p.ignored_columns.iter().map(|c| terminal(c)).collect();
        out.push_str(&format!(
            "{label}: columns not read: {}\n",
            columns.join(", ")
        ));
    }
    out
}

/// The lines a report on one published file (`seats`, `screen`) opens with: how it was read,
/// then its SHA-256.
pub(crate) fn published_lines(p: &PublishedInfo) -> Vec<String> {
    let mut out: Vec<String> = published_head("Published", p)
        .lines()
        .map(str::to_string)
        .collect();
    out.push(format!("Published: SHA-256 {}", p.sha256));
    out
}

/// Every published row rejected or left out by the layout, one line each.
pub(crate) fn published_rows(p: &PublishedInfo) -> String {
    let mut out = String::new();
    for (rows, what) in [
        (&p.rejected_rows, "REJECTED"),
        (&p.skipped_rows, "LEFT OUT"),
    ] {
        for row in rows {
            out.push_str(&format!(
                "{what} {} line {}: {}\n",
                terminal(&p.path),
                row.line,
                terminal(&row.reason)
            ));
        }
    }
    out
}
