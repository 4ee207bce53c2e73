//! Reconciling a simulated election finds exactly the discrepancies injected into it:
//! precision and recall 1.0 against `truth.json`, for the published results in long layout,
//! wide layout and as a spreadsheet.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::{tally, write_xlsx};
use tally::report::reconcile::model::ReconcileReport;
use tally::simulate::score::score;
use tally::simulate::truth::Truth;

/// `tally reconcile --format json` on a simulated election, with its keyring or without.
fn run_reconcile(
    dir: &Path,
    published: &Path,
    keyring: bool,
) -> (ReconcileReport, Option<i32>, String) {
    let mut cmd = tally();
    cmd.arg("reconcile")
        .arg("--tapes")
        .arg(dir.join("tapes"))
        .arg("--published")
        .arg(published);
    if keyring {
        cmd.arg("--keyring")
            .arg(dir.join("keyring.csv"))
            .arg("--root-key")
            .arg(dir.join("commission-root.pub"));
    }
    let out = cmd.args(["--format", "json"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    (
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}")),
        out.status.code(),
        stderr,
    )
}

fn reconcile(dir: &Path, published: &Path) -> ReconcileReport {
    let (report, code, stderr) = run_reconcile(dir, published, true);
    assert_eq!(code, Some(1), "{stderr}");
    report
}

fn assert_exact(report: &ReconcileReport, truth: &Truth, label: &str) {
    let score = score(report, truth);
    assert!(
        score.precision == 1.0 && score.recall == 1.0,
        "{label}: {score:#?}"
    );
    assert!(
        score.expected >= 20,
        "{label}: the simulation injected too little to test ({})",
        score.expected
    );
    let statuses: BTreeMap<String, String> = report
        .stations
        .iter()
        .flat_map(|s| {
            s.tapes.iter().flat_map(|t| {
                t.copies
                    .iter()
                    .map(|c| (c.path.clone(), c.status.as_str().to_string()))
            })
        })
        .collect();
    for t in &truth.tapes {
        let path = report
            .inputs
            .iter()
            .find(|i| i.path.ends_with(&t.path))
            .map(|i| i.path.clone())
            .unwrap_or_default();
        assert_eq!(
            statuses.get(&path).map(String::as_str),
            Some(t.expected_status.as_str()),
            "{label}: {}",
            t.path
        );
    }
}

/// The long published CSV rewritten in wide layout: a row per station, a column per choice
/// code; a choice not on a station's ballot is an empty cell.
fn to_wide(long: &str) -> String {
    /// A station's totals cells and its votes per choice code.
    type WideRow = (Vec<String>, BTreeMap<u32, String>);
    let mut codes = BTreeSet::new();
    let mut stations: BTreeMap<(u32, u32), WideRow> = BTreeMap::new();
    for line in long.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let key = (cells[2].parse().unwrap(), cells[3].parse().unwrap());
        let code: u32 = cells[9].parse().unwrap();
        codes.insert(code);
        let entry = stations.entry(key).or_insert_with(|| {
            (
                cells[..9].iter().map(|c| c.to_string()).collect(),
                BTreeMap::new(),
            )
        });
        entry.1.insert(code, cells[10].to_string());
    }
    let mut out = String::from(
        "Governorate;District;Polling Center;Station No;Registered;Voters;Ballots;Invalid;Valid",
    );
    for c in &codes {
        out.push_str(&format!(";Candidate {c}"));
    }
    out.push('\n');
    for (totals, votes) in stations.values() {
        out.push_str(&totals.join(";"));
        for c in &codes {
            out.push(';');
            out.push_str(votes.get(c).map_or("", String::as_str));
        }
        out.push('\n');
    }
    out
}

#[test]
fn reconciling_a_simulated_election_finds_exactly_what_was_injected() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("election");
    tally()
        .args([
            "simulate",
            "--stations",
            "400",
            "--choices",
            "7",
            "--seed",
            "11",
            "--out",
        ])
        .arg(&dir)
        .assert()
        .success();
    let truth: Truth =
        serde_json::from_slice(&std::fs::read(dir.join("truth.json")).unwrap()).unwrap();
    let long = std::fs::read_to_string(dir.join("published.csv")).unwrap();
    assert_exact(
        &reconcile(&dir, &dir.join("published.csv")),
        &truth,
        "long CSV",
    );
    let wide = root.path().join("wide.csv");
    std::fs::write(&wide, to_wide(&long)).unwrap();
    let report = reconcile(&dir, &wide);
    assert_eq!(report.published.layout, tally::published::Layout::Wide);
    assert_exact(&report, &truth, "wide CSV");
    let xlsx = root.path().join("published.xlsx");
    write_xlsx(&long, &xlsx);
    assert_exact(&reconcile(&dir, &xlsx), &truth, "xlsx");
}

#[test]
fn reconciling_published_results_against_their_own_tapes_finds_nothing() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("election");
    tally()
        .args([
            "simulate",
            "--stations",
            "12",
            "--choices",
            "5",
            "--seed",
            "3",
            "--out",
        ])
        .arg(&dir)
        .assert()
        .success();
    let truth: Truth =
        serde_json::from_slice(&std::fs::read(dir.join("truth.json")).unwrap()).unwrap();
    let report = reconcile_or_clean(&dir);
    let anomalous: BTreeSet<(u32, u32)> = truth
        .anomalies
        .iter()
        .map(|a| (a.center, a.station))
        .collect();
    for s in &report.stations {
        if !anomalous.contains(&(s.center, s.station)) {
            assert!(
                s.findings.is_empty(),
                "{}-{}: {:?}",
                s.center,
                s.station,
                s.findings
            );
        }
    }
}

fn reconcile_or_clean(dir: &Path) -> ReconcileReport {
    let (report, code, stderr) = run_reconcile(dir, &dir.join("published.csv"), false);
    assert!(matches!(code, Some(0 | 1)), "{stderr}");
    report
}
