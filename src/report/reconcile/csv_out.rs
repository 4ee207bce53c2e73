//! CSV: one row per finding, every text cell defused against spreadsheet formulas.

use super::model::ReconcileReport;
use super::{figures, TextExporter};
use crate::report::plural;
use crate::report::sanitize::csv_cell;

/// The CSV renderer.
pub struct Csv;

/// The header of the findings CSV (a contract).
pub const HEADER: [&str; 23] = [
    "center",
    "station",
    "governorate",
    "district",
    "tape_status",
    "severity",
    "kind",
    "verified",
    "choice",
    "choice_name",
    "field",
    "rule",
    "tape",
    "published",
    "difference",
    "detail",
    "evidence_path",
    "evidence_sha256",
    "evidence_status",
    "published_line",
    "differences",
    "station_code",
    "evidence_line",
];

/// The differences a finding carries (a `tape-unproven` reading's), one detail each, `; `
/// between them.
fn differences(f: &super::model::FindingRecord) -> String {
    let details: Vec<&str> = f.differences.iter().map(|d| d.detail.as_str()).collect();
    details.join("; ")
}

/// The published file's rows and columns not read, one CSV row each after the findings
/// (never only in the JSON): kinds `published-row-rejected` (severity high),
/// `published-row-left-out`, `published-rows-empty` and `published-columns-not-read` (info),
/// the line in `published_line`, the station cells empty.
fn published_rows(r: &ReconcileReport) -> Vec<[String; HEADER.len()]> {
    let p = &r.published;
    let row = |severity: &str, kind: &str, detail: String, line: Option<usize>| {
        let line = line.map_or(String::new(), |l| l.to_string());
        let values = [
            ("severity", severity.to_string()),
            ("kind", kind.to_string()),
            ("detail", csv_cell(&detail)),
            ("evidence_path", csv_cell(&p.path)),
            ("evidence_sha256", p.sha256.clone()),
            ("published_line", line),
        ];
        let mut cells: [String; HEADER.len()] = Default::default();
        for (cell, name) in cells.iter_mut().zip(HEADER) {
            if let Some((_, v)) = values.iter().find(|(n, _)| *n == name) {
                cell.clone_from(v);
            }
        }
        cells
    };
    let mut out: Vec<[String; HEADER.len()]> = Vec::new();
    for (rows, severity, kind) in [
        (&p.rejected_rows, "high", "published-row-rejected"),
        (&p.skipped_rows, "info", "published-row-left-out"),
    ] {
        out.extend(
            rows.iter()
                .map(|x| row(severity, kind, x.reason.clone(), Some(x.line))),
        );
    }
    if p.empty_rows > 0 {
        let detail = format!(
            "{} entirely empty, not read",
            plural(p.empty_rows, "row", "rows")
        );
        out.push(row("info", "published-rows-empty", detail, None));
    }
    if !p.ignored_columns.is_empty() {
        let detail = p.ignored_columns.join(", ");
        out.push(row("info", "published-columns-not-read", detail, None));
    }
    out
}

impl TextExporter for Csv {
    fn render(&self, r: &ReconcileReport) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(HEADER);
        let opt = |v: Option<u32>| v.map_or(String::new(), |v| v.to_string());
        for s in &r.stations {
            for f in &s.findings {
                let (tape, published, diff) = figures(f);
                let e = f.evidence.as_ref();
                let _ = w.write_record([
                    s.center.to_string(),
                    s.station.to_string(),
                    opt(s.governorate),
                    opt(s.district),
                    s.tape_status.as_str().to_string(),
                    f.severity.as_str().to_string(),
                    f.kind.as_str().to_string(),
                    f.verified.to_string(),
                    opt(f.choice),
                    csv_cell(f.choice_name.as_deref().unwrap_or("")),
                    csv_cell(f.field.as_deref().unwrap_or("")),
                    csv_cell(f.rule.as_deref().unwrap_or("")),
                    tape,
                    published,
                    diff,
                    csv_cell(&f.detail),
                    csv_cell(e.map_or("", |e| e.path.as_str())),
                    e.and_then(|e| e.sha256.clone()).unwrap_or_default(),
                    e.map_or(String::new(), |e| e.status.as_str().to_string()),
                    s.published_line.map_or(String::new(), |l| l.to_string()),
                    csv_cell(&differences(f)),
                    csv_cell(s.code.as_deref().unwrap_or("")),
                    e.and_then(|e| e.line)
                        .map_or(String::new(), |l| l.to_string()),
                ]);
            }
        }
        for row in published_rows(r) {
            let _ = w.write_record(row);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}
