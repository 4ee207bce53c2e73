//! Scores a reconciliation report against the ground truth of a simulated election: which
//! findings were expected and found, missed, or found without being expected. Used by the
//! tests and by `make demo` to show that reconciliation finds exactly what was injected.

use std::collections::BTreeSet;

use super::truth::{Finding, Truth};
use crate::report::reconcile::model::{FindingRecord, ReconcileReport};

/// Precision and recall of a report against the truth.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// Findings expected.
    pub expected: usize,
    /// Findings reported.
    pub found: usize,
    /// Found and expected / found (1 when nothing was found).
    pub precision: f64,
    /// Found and expected / expected (1 when nothing was expected).
    pub recall: f64,
    /// Reported but not expected, as `CENTER-STATION kind details`.
    pub extra: Vec<String>,
    /// Expected but not reported.
    pub missed: Vec<String>,
}

fn truth_key(center: u32, station: u32, f: &Finding) -> String {
    let what = match f {
        Finding::VoteMismatch {
            choice,
            tape,
            published,
        } => format!("vote-mismatch {choice} {tape} {published}"),
        Finding::TotalMismatch {
            field,
            tape,
            published,
        } => format!("total-mismatch {field} {tape} {published}"),
        Finding::StationMissingInPublished => "station-missing-in-published".into(),
        Finding::TapeMissing => "tape-missing".into(),
        Finding::ConflictingTapes => "conflicting-tapes".into(),
        Finding::PublishedArithmetic { rule } => format!("published-arithmetic {rule}"),
        Finding::TapeArithmetic { rule } => format!("tape-arithmetic {rule}"),
    };
    format!("{center}-{station} {what}")
}

fn report_key(center: u32, station: u32, f: &FindingRecord) -> String {
    let num = |v: Option<u32>| v.map_or("-".into(), |v| v.to_string());
    let what = match f.kind.as_str() {
        "vote-mismatch" => format!(
            "vote-mismatch {} {} {}",
            num(f.choice),
            num(f.tape),
            num(f.published)
        ),
        "total-mismatch" => format!(
            "total-mismatch {} {} {}",
            f.field.as_deref().unwrap_or("-"),
            num(f.tape),
            num(f.published)
        ),
        "published-arithmetic" | "tape-arithmetic" => {
            format!("{} {}", f.kind.as_str(), f.rule.as_deref().unwrap_or("-"))
        }
        other => format!(
            "{other}{}",
            f.choice.map_or(String::new(), |c| format!(" {c}"))
        ),
    };
    format!("{center}-{station} {what}")
}

/// Scores `report` against `truth`.
pub fn score(report: &ReconcileReport, truth: &Truth) -> Score {
    let expected: BTreeSet<String> = truth
        .anomalies
        .iter()
        .flat_map(|a| {
            a.findings
                .iter()
                .map(move |f| truth_key(a.center, a.station, f))
        })
        .collect();
    let found: BTreeSet<String> = report
        .stations
        .iter()
        .flat_map(|s| {
            s.findings
                .iter()
                .map(move |f| report_key(s.center, s.station, f))
        })
        .collect();
    let hits = expected.intersection(&found).count() as f64;
    Score {
        expected: expected.len(),
        found: found.len(),
        precision: if found.is_empty() {
            1.0
        } else {
            hits / found.len() as f64
        },
        recall: if expected.is_empty() {
            1.0
        } else {
            hits / expected.len() as f64
        },
        extra: found.difference(&expected).cloned().collect(),
        missed: expected.difference(&found).cloned().collect(),
    }
}
