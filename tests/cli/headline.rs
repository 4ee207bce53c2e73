//! The report a lawyer attaches (issue 25): its headline counts the stations proven to differ
//! first, and every net shift names the candidate of its own district's ballot.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::{simulated_election, tally};
use tally::report::reconcile::model::ReconcileReport;

/// `tally reconcile` of the simulated election in `dir/sim`, as JSON, with its exit status.
fn reconcile(dir: &Path, extra: &[&str]) -> (ReconcileReport, i32) {
    let out = tally()
        .current_dir(dir)
        .args([
            "reconcile",
            "--tapes",
            "sim/tapes",
            "--published",
            "sim/published.csv",
        ])
        .args([
            "--keyring",
            "sim/keyring.csv",
            "--no-cache",
            "--format",
            "json",
        ])
        .args(extra)
        .output()
        .unwrap();
    let report: ReconcileReport = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (report, out.status.code().unwrap())
}

/// Candidate numbers start again in every district: every shift line names the candidate
/// the tapes of its own district print for that number, and a number two districts share is
/// two lines, never one sum under one name.
#[test]
fn every_shift_names_the_candidate_of_its_district() {
    let dir = tempfile::tempdir().unwrap();
    simulated_election(dir.path(), 400, 40, 23);
    let (r, _) = reconcile(dir.path(), &["--root-key", "sim/commission-root.pub"]);
    // What each district's tapes call each code, from the findings' own tapes.
    let mut printed: BTreeMap<(Option<u32>, Option<u32>, u32), BTreeSet<String>> = BTreeMap::new();
    for s in &r.stations {
        for f in &s.findings {
            if let (Some(code), Some(name)) = (f.choice, &f.choice_name) {
                printed
                    .entry((s.governorate, s.district, code))
                    .or_default()
                    .insert(name.clone());
            }
        }
    }
    let shifts: Vec<_> = r
        .summary
        .overall
        .net_vote_shift
        .iter()
        .chain(&r.summary.overall.net_vote_shift_unverified)
        .collect();
    assert!(shifts.len() > 5, "a simulated election moves votes");
    let mut checked = 0;
    for s in &shifts {
        assert!(s.district.is_some(), "a district's ballot: {s:?}");
        if let Some(names) = printed.get(&(s.governorate, s.district, s.choice)) {
            assert_eq!(names.len(), 1);
            assert_eq!(s.name.as_ref(), names.iter().next(), "{s:?}");
            checked += 1;
        }
    }
    assert!(
        checked > 5,
        "{checked} shift lines checked against their findings"
    );
    // The same number in two districts: two candidates, two lines.
    let codes: Vec<u32> = shifts.iter().map(|s| s.choice).collect();
    let shared = codes
        .iter()
        .any(|c| codes.iter().filter(|d| *d == c).count() > 1);
    let distinct_names: BTreeSet<_> = printed
        .iter()
        .map(|((_, _, code), names)| (*code, names.iter().next().cloned()))
        .collect();
    let codes_with_two_names = distinct_names
        .iter()
        .filter(|(c, _)| distinct_names.iter().filter(|(d, _)| d == c).count() > 1)
        .count();
    assert!(
        shared || codes_with_two_names > 0,
        "the election reuses numbers across districts"
    );
}

/// The headline is the stations proven to differ; the others with findings follow by the
/// one reason each is counted under, and they add up. Exit status 1 says a station is proven
/// to differ: without the root key nothing is proven, the headline is 0, and so is the
/// status.
#[test]
fn the_headline_is_the_stations_proven_to_differ() {
    let dir = tempfile::tempdir().unwrap();
    simulated_election(dir.path(), 300, 8, 11);
    let (r, code) = reconcile(dir.path(), &["--root-key", "sim/commission-root.pub"]);
    let o = &r.summary.overall;
    let proven = r
        .stations
        .iter()
        .filter(|s| {
            s.findings.iter().any(|f| {
                f.verified
                    && matches!(
                        f.kind.as_str(),
                        "vote-mismatch"
                            | "total-mismatch"
                            | "choice-missing-in-published"
                            | "choice-missing-on-tape"
                    )
                    && f.severity.as_str() != "info"
            })
        })
        .count();
    assert!(proven > 0);
    assert_eq!(r.summary.proven_differ, proven);
    assert_eq!(o.stations_proven_differ, proven);
    assert_eq!(
        o.stations_by_discrepancy.values().sum::<usize>(),
        o.stations_with_findings
    );
    assert!(o.stations_by_discrepancy["tape-fails-verification"] > 0);
    assert_eq!(code, 1);
    for format in ["table", "markdown"] {
        let out = tally()
            .current_dir(dir.path())
            .args([
                "reconcile",
                "--tapes",
                "sim/tapes",
                "--published",
                "sim/published.csv",
            ])
            .args([
                "--keyring",
                "sim/keyring.csv",
                "--root-key",
                "sim/commission-root.pub",
            ])
            .args(["--no-cache", "--format", format])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let headline = format!("Stations proven to differ: {proven} (");
        let at = text
            .find(&headline)
            .unwrap_or_else(|| panic!("{format}: {text}"));
        assert!(
            at < text
                .find("Coverage")
                .or(text.find("published stations"))
                .unwrap(),
            "{format}: the headline comes first"
        );
    }
    // Nobody vouched for the keyring: nothing is proven.
    let (r, code) = reconcile(dir.path(), &[]);
    assert_eq!(r.summary.proven_differ, 0);
    assert!(r.summary.overall.stations_with_findings > 0);
    assert_eq!(code, 0);
}
