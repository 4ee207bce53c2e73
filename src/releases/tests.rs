use std::path::Path;

use super::*;
use crate::published::{load, ImportOptions, LayoutFile};

/// The long layout with combined station codes, audit statuses and `NA` votes that a
/// commission published twice (the shape the realdata README describes; figures made up).
const LAYOUT: &str = r#"
status = "post_audit_status"
empty = ["NA"]
[columns]
choice = "candidate_code"
votes = "votes"
[station_code]
column = "ps_code"
pattern = '^(?<center>\d+)-(?<station>\d+)$'
[choice_code]
column = "candidate_code"
pattern = '^(?<choice>\d+)_'
"#;

fn release(rows: &str) -> Published {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.csv");
    let text = format!("\"ps_code\",\"post_audit_status\",\"candidate_code\",\"votes\"\n{rows}");
    std::fs::write(&path, text).unwrap();
    let options = ImportOptions {
        layout: Some(LayoutFile::parse(LAYOUT).unwrap()),
        ..ImportOptions::default()
    };
    load(Path::new(&path), &options).unwrap()
}

const PRELIMINARY: &str = "\"0101001-01\",\"Validated\",\"100_1_1\",120
\"0101001-01\",\"Validated\",\"200_1_1\",80
\"0101001-02\",\"Validated\",\"100_1_1\",50
\"0101001-02\",\"Validated\",\"200_1_1\",NA
\"0101002-01\",\"Validated\",\"100_1_1\",10
";

#[test]
fn identical_releases_differ_nowhere() {
    let r = compare(&release(PRELIMINARY), &release(PRELIMINARY));
    assert!(r.stations.is_empty() && r.net.is_empty());
    assert_eq!(r.unchanged, 3);
}

#[test]
fn an_audit_changes_votes_and_status_adds_and_removes_stations() {
    let last = "\"0101001-01\",\"Recounted\",\"100_1_1\",112
\"0101001-01\",\"Recounted\",\"200_1_1\",80
\"0101001-02\",\"Validated\",\"100_1_1\",50
\"0101001-02\",\"Validated\",\"200_1_1\",31
\"0101003-01\",\"Validated\",\"100_1_1\",7
";
    let old = release(PRELIMINARY);
    assert!(old.rejected.is_empty(), "{:?}", old.rejected);
    let r = compare(&old, &release(last));
    let summary: Vec<(u32, u32, &str, Vec<String>)> = r
        .stations
        .iter()
        .map(|s| {
            let details = s.changes.iter().map(Change::detail).collect();
            (s.center, s.station, s.kind.as_str(), details)
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                101001,
                1,
                "release-changed",
                vec![
                    "choice 100: 120 → 112".to_string(),
                    "status: \"Validated\" → \"Recounted\"".to_string()
                ]
            ),
            // NA is no value: published later as 31, it is a change from none.
            (
                101001,
                2,
                "release-changed",
                vec!["choice 200: (none) → 31".to_string()]
            ),
            (
                101002,
                1,
                "release-station-removed",
                vec![
                    "choice 100: 10 → (none)".to_string(),
                    "status: \"Validated\" → (none)".to_string()
                ]
            ),
            (
                101003,
                1,
                "release-station-added",
                vec![
                    "choice 100: (none) → 7".to_string(),
                    "status: (none) → \"Validated\"".to_string()
                ]
            ),
        ]
    );
    // The code as printed is kept (leading zeros).
    assert_eq!(r.stations[0].code.as_deref(), Some("0101001-01"));
    assert_eq!(r.unchanged, 0);
    let net: Vec<(u32, i64, i64, i64, i64)> = r
        .net
        .iter()
        .map(|n| (n.choice, n.changed, n.added, n.removed, n.total()))
        .collect();
    assert_eq!(net, [(200, 31, 0, 0, 31), (100, -8, 7, -10, -11)]);
}
