//! The reconciliation again, from the bundle's own files: tapes read and verified against the
//! bundled keyring, the published file read as the report says it was, and every station of
//! the report compared with what the files give now.

use std::collections::BTreeMap;
use std::path::Path;

use super::check::Check;
use crate::keyring::Keyring;
use crate::published::{self, Field, ImportOptions, Published};
use crate::reconcile::{reconcile_with, Gathered, Unreadable};
use crate::report::listing::InputStatus;
use crate::report::reconcile::model::{FindingRecord, InputKind, ReconcileReport};
use crate::report::sheet::Figures;
use crate::source;
use crate::tape::Tape;
use crate::verify::verify_reading;

/// The report's inputs read back from the bundle.
pub(crate) struct Loaded {
    /// The published results, or why they cannot be read.
    pub published: Result<Published, String>,
    /// Every tape that could be read, with its status now.
    pub tapes: Vec<Gathered>,
    /// Each tape input's status now, by path and (for a row of an observers' table) line
    /// (`None`: its file is not in the bundle).
    pub statuses: BTreeMap<(String, Option<usize>), Option<InputStatus>>,
    /// The inputs the report attributes to a station (by their name) that still cannot be
    /// read.
    pub unreadable: Vec<Unreadable>,
}

/// How the report says the published file was read.
fn import_options(report: &ReconcileReport) -> ImportOptions {
    let p = &report.published;
    let spreadsheet = p.format == "spreadsheet";
    ImportOptions {
        map: p
            .columns
            .iter()
            .filter_map(|(f, h)| Some((Field::from_name(f)?, h.clone())))
            .collect(),
        encoding: (!spreadsheet).then(|| p.encoding.clone()),
        sheet: spreadsheet.then(|| p.encoding.clone()),
        // The layout file the report was made with, as it recorded it.
        layout: p
            .layout_file
            .as_ref()
            .and_then(|l| crate::published::LayoutFile::parse(&l.text).ok()),
        stations_only: false,
    }
}

/// The observers' tables of a bundle, each read once, their rows by line.
#[derive(Default)]
struct Tables {
    read: BTreeMap<String, BTreeMap<usize, Result<Tape, source::ReadError>>>,
}

impl Tables {
    /// The tape of a table's row, the table read with the report's tapes layout.
    fn row(
        &mut self,
        report: &ReconcileReport,
        path: &str,
        bytes: &[u8],
        line: usize,
    ) -> Result<Tape, source::ReadError> {
        let rows = self.read.entry(path.to_string()).or_insert_with(|| {
            let options = ImportOptions {
                layout: report
                    .tapes_layout
                    .as_ref()
                    .and_then(|l| published::LayoutFile::parse(&l.text).ok()),
                ..ImportOptions::default()
            };
            let Ok(table) = published::load_bytes(bytes, Path::new(path), &options) else {
                return BTreeMap::new();
            };
            source::table::observations(Path::new(path), table)
                .inputs
                .into_iter()
                .filter_map(|i| Some((i.line?, i.tape)))
                .collect()
        });
        rows.get(&line).cloned().unwrap_or_else(|| {
            Err(source::ReadError {
                station: None,
                line: Some(line),
                message: "this row of the table gives no station now".into(),
            })
        })
    }
}

/// Reads the report's inputs from the bundle's files.
pub(crate) fn load(
    report: &ReconcileReport,
    files: &BTreeMap<String, Vec<u8>>,
    keyring: Option<&Keyring>,
) -> Loaded {
    let published = match files.get(&report.published.path) {
        None => Err(format!("{} is not in the bundle", report.published.path)),
        Some(bytes) => published::load_bytes(
            bytes,
            Path::new(&report.published.path),
            &import_options(report),
        )
        .map_err(|e| e.to_string()),
    };
    let mut tapes = Vec::new();
    let mut statuses = BTreeMap::new();
    let mut unreadable = Vec::new();
    let mut tables = Tables::default();
    for input in report.inputs.iter().filter(|i| i.kind == InputKind::Tape) {
        let key = (input.path.clone(), input.line);
        let Some(bytes) = files.get(&input.path) else {
            statuses.insert(key, None);
            continue;
        };
        let hash = super::manifest::sha256_hex(bytes);
        let options = source::ReadOptions {
            keyring,
            ..Default::default()
        };
        let (src, tape) = match input.line {
            // A row of an observers' table: the table read again with the report's layout.
            Some(line) => (
                source::Source::Table,
                tables.row(report, &input.path, bytes, line),
            ),
            None => {
                let (src, tape, _) = source::read_bytes_with(bytes, &hash, &options);
                (src, tape)
            }
        };
        let tape = match tape {
            Ok(tape) => tape,
            Err(e) => {
                statuses.insert(key, Some(InputStatus::Unreadable));
                if let Some(at) = input.station {
                    unreadable.push(Unreadable {
                        path: input.path.clone().into(),
                        sha256: Some(hash),
                        reason: e.message,
                        station: (at.center, at.station),
                    });
                }
                continue;
            }
        };
        let verdict = verify_reading(&tape, src, keyring);
        statuses.insert(key, Some(InputStatus::Tape(verdict.status)));
        tapes.push(Gathered {
            path: input.path.clone().into(),
            sha256: Some(hash),
            source: src,
            status: verdict.status,
            reason: verdict.reason,
            payload_sha256: verdict.payload_sha256,
            tape,
            line: input.line,
        });
    }
    Loaded {
        published,
        tapes,
        statuses,
        unreadable,
    }
}

/// The tape and published figures of every station of the report that has a tape.
pub(crate) fn figures(report: &ReconcileReport, loaded: &Loaded) -> Figures {
    crate::report::sheet::figures(report, &loaded.tapes, loaded.published.as_ref().ok())
}

/// A finding as compared: what it claims, without the words (`vote-mismatch critical
/// verified choice 881 tape 76 published 147`), each part said only when it is there.
fn claim(f: &FindingRecord) -> String {
    let mut parts = vec![f.kind.as_str().to_string(), f.severity.as_str().to_string()];
    parts.push(
        if f.verified {
            "verified"
        } else {
            "not verified"
        }
        .into(),
    );
    if let Some(c) = f.choice {
        parts.push(format!("choice {c}"));
    }
    if let Some(field) = &f.field {
        parts.push(field.clone());
    }
    if let Some(rule) = &f.rule {
        parts.push(format!("rule {rule}"));
    }
    if let Some(t) = f.tape {
        parts.push(format!("tape {t}"));
    }
    if let Some(p) = f.published {
        parts.push(format!("published {p}"));
    }
    parts.join(" ")
}

/// Claims listed for a person: `a; b` (or `none`).
fn listed(claims: &[&String]) -> String {
    if claims.is_empty() {
        "none".into()
    } else {
        claims
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Re-runs the reconciliation and compares every station of the report with it.
pub(crate) fn compare(report: &ReconcileReport, loaded: Loaded, whole: bool) -> Vec<Check> {
    let published = match loaded.published {
        Ok(p) => p,
        Err(e) => {
            return vec![Check::fails(
                "re-run",
                format!("the published results cannot be read again: {e}"),
            )]
        }
    };
    let again = reconcile_with(
        loaded.tapes,
        loaded.unreadable,
        &published,
        report.ballot_scope(),
    );
    let rebuilt = crate::report::reconcile::build(&again, Vec::new(), None, &published);
    let by_key: BTreeMap<(u32, u32), _> = rebuilt
        .stations
        .iter()
        .map(|s| ((s.center, s.station), s))
        .collect();
    let mut checks = Vec::new();
    let (mut confirmed, mut stations) = (0usize, 0usize);
    for s in &report.stations {
        let label = format!("station {}-{}", s.center, s.station);
        let Some(now) = by_key.get(&(s.center, s.station)) else {
            checks.push(Check::fails(
                &label,
                "the bundled files do not give this station at all".into(),
            ));
            continue;
        };
        let claimed: Vec<String> = s.findings.iter().map(claim).collect();
        let found: Vec<String> = now.findings.iter().map(claim).collect();
        if claimed == found && s.tape_status == now.tape_status {
            confirmed += claimed.len();
            stations += 1;
            continue;
        }
        let missing: Vec<&String> = claimed.iter().filter(|c| !found.contains(c)).collect();
        let extra: Vec<&String> = found.iter().filter(|c| !claimed.contains(c)).collect();
        checks.push(Check::fails(
            &label,
            format!(
                "the report says tape {} with {} findings; the bundled files give tape {} with {}; not confirmed: {}; not in the report: {}",
                s.tape_status.as_str(),
                claimed.len(),
                now.tape_status.as_str(),
                found.len(),
                listed(&missing),
                listed(&extra)
            ),
        ));
    }
    if whole {
        let listed: std::collections::BTreeSet<(u32, u32)> = report
            .stations
            .iter()
            .map(|s| (s.center, s.station))
            .collect();
        for s in rebuilt
            .stations
            .iter()
            .filter(|s| !listed.contains(&(s.center, s.station)))
        {
            checks.push(Check::fails(
                &format!("station {}-{}", s.center, s.station),
                format!(
                    "the bundled files give this station ({} findings) but the report leaves it out",
                    s.findings.len()
                ),
            ));
        }
    }
    checks.insert(
        0,
        Check::holds(
            "findings",
            format!(
                "{} at {stations} of {} confirmed by re-running the reconciliation on the bundled files",
                crate::report::plural(confirmed, "finding", "findings"),
                crate::report::plural(report.stations.len(), "station", "stations")
            ),
        ),
    );
    checks
}
