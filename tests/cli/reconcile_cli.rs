//! `tally reconcile` through the real binary: layouts, encodings, spreadsheets, bad published
//! files, exit codes and the JSON contract (strict deserialisation).

use std::path::{Path, PathBuf};

use crate::common::{spec, tally, write_xlsx};
use predicates::str::contains;
use tally::report::reconcile::model::{Outcome, ReconcileReport, TapeStatus};
use tally::verify::Status;

const LONG_HEADER: &str = "Governorate,District,Polling Center,Station No,Registered,Voters,Ballots,Invalid,Valid,Candidate No,Votes\n";

fn long_rows(votes: [u32; 5]) -> String {
    [101, 102, 103, 117, 230]
        .iter()
        .zip(votes)
        .map(|(c, v)| format!("12,3,120345,3,512,301,301,7,294,{c},{v}\n"))
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `tally reconcile --tapes EXAMPLE --published PUBLISHED`.
fn reconcile_cmd(published: &Path) -> assert_cmd::Command {
    let mut cmd = tally();
    cmd.arg("reconcile")
        .arg("--tapes")
        .arg(spec("tape-120345-3.txt"))
        .arg("--published")
        .arg(published);
    cmd
}

fn reconcile(published: &Path, extra: &[&str]) -> (ReconcileReport, i32) {
    let out = reconcile_cmd(published)
        .arg("--keyring")
        .arg(spec("keyring.csv"))
        .arg("--root-key")
        .arg(spec("commission-root.pub"))
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (report, out.status.code().unwrap())
}

#[test]
fn matching_results_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "p.csv",
        format!("{LONG_HEADER}{}", long_rows([45, 12, 0, 151, 86])).as_bytes(),
    );
    let (r, code) = reconcile(&p, &[]);
    assert_eq!(code, 0);
    assert_eq!(r.schema_version, 2);
    assert_eq!(r.stations.len(), 1);
    assert_eq!(
        r.stations[0].tape_status,
        TapeStatus::Tape(Status::Verified)
    );
    assert!(r.stations[0].findings.is_empty());
    assert_eq!(r.summary.overall.stations_matching, 1);
    assert!(r.inputs.iter().all(|i| i.outcome == Outcome::Accepted));
    assert_eq!(r.inputs.len(), 3, "tape, published, keyring");
}

#[test]
fn moved_votes_in_every_layout_and_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("{LONG_HEADER}{}", long_rows([45, 12, 0, 141, 96]));
    let wide = "رقم المركز,رقم المحطة,المسجلين,الأصوات الصحيحة,101,102,103,117,230\n١٢٠٣٤٥,٣,512,294,45,12,0,141,96\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(wide.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    let xlsx = dir.path().join("p.xlsx");
    write_xlsx(&long, &xlsx);
    for path in [
        write(dir.path(), "long.csv", long.as_bytes()),
        write(dir.path(), "wide16.csv", &utf16),
        xlsx,
    ] {
        let (r, code) = reconcile(&path, &[]);
        assert_eq!(code, 1, "{}", path.display());
        let kinds: Vec<(&str, Option<u32>)> = r.stations[0]
            .findings
            .iter()
            .map(|f| (f.kind.as_str(), f.choice))
            .collect();
        assert_eq!(
            kinds,
            [("vote-mismatch", Some(117)), ("vote-mismatch", Some(230))],
            "{}",
            path.display()
        );
        let f = &r.stations[0].findings[0];
        assert!(f.verified);
        assert_eq!(f.choice_name.as_deref(), Some("HUDA N. KAREEM"));
        let e = f.evidence.as_ref().unwrap();
        assert!(e.path.ends_with("tape-120345-3.txt") && e.sha256.as_ref().unwrap().len() == 64);
        let shift: Vec<(u32, i64)> = r
            .summary
            .overall
            .net_vote_shift
            .iter()
            .map(|s| (s.choice, s.shift))
            .collect();
        // Largest gain first, with the choice's name as the tape prints it.
        assert_eq!(shift, [(230, 10), (117, -10)]);
        assert_eq!(
            r.summary.overall.net_vote_shift[1].name.as_deref(),
            Some("HUDA N. KAREEM")
        );
    }
}

#[test]
fn bad_published_rows_are_rejected_and_conflicts_found() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{LONG_HEADER}{}12,3,120345,3,512,301,301,7,294,117,999\n12,3,120345,9,512,three,301,7,294,101,1\n12,3,120345,9\n", long_rows([45, 12, 0, 151, 86]));
    let p = write(dir.path(), "p.csv", text.as_bytes());
    let (r, code) = reconcile(&p, &[]);
    assert_eq!(code, 2, "rejected rows make the run incomplete");
    assert_eq!(r.published.rejected_rows.len(), 2);
    assert_eq!(r.published.rejected_rows[0].line, 8);
    assert!(r.published.rejected_rows[0].reason.contains("\"three\""));
    let kinds: Vec<&str> = r.stations[0]
        .findings
        .iter()
        .map(|f| f.kind.as_str())
        .collect();
    assert_eq!(kinds, ["published-conflict"]);
}

#[test]
fn unknown_layout_names_headers_and_map_fixes_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "Kod,Nr,Kandidat,Glasovi\n{}",
        [101, 102, 103, 117, 230]
            .iter()
            .zip([45, 12, 0, 151, 86])
            .map(|(c, v)| format!("120345,3,{c},{v}\n"))
            .collect::<String>()
    );
    let p = write(dir.path(), "p.csv", text.as_bytes());
    reconcile_cmd(&p)
        .assert()
        .code(2)
        .stderr(contains("\"Kod\", \"Nr\", \"Kandidat\", \"Glasovi\""))
        .stderr(contains("--map center="));
    let (r, code) = reconcile(
        &p,
        &[
            "--map",
            "center=Kod",
            "--map",
            "station=Nr",
            "--map",
            "choice=Kandidat",
            "--map",
            "votes=Glasovi",
        ],
    );
    assert_eq!(code, 0, "{:?}", r.stations[0].findings);
    reconcile_cmd(&p)
        .args(["--map", "centre=Kod"])
        .assert()
        .code(2)
        .stderr(contains("the fields are governorate, district, center"));
}

#[test]
fn every_format_renders_and_html_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "p<x>.csv",
        format!("{LONG_HEADER}{}", long_rows([45, 12, 0, 141, 96])).as_bytes(),
    );
    for (format, needle) in [
        ("table", "vote-mismatch"),
        ("csv", "center,station,governorate"),
        ("markdown", "# Reconciliation report"),
        ("html", "<!DOCTYPE html>"),
    ] {
        let out = dir.path().join(format!("r.{format}"));
        // No keyring: nothing is proven, so exit 0 unless any discrepancy is to fail.
        reconcile_cmd(&p)
            .args(["--format", format, "-o"])
            .arg(&out)
            .assert()
            .code(0);
        reconcile_cmd(&p)
            .args(["--format", format, "--fail-on", "discrepancy", "-o"])
            .arg(&out)
            .assert()
            .code(1);
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains(needle), "{format}: {text}");
        if format == "html" {
            assert!(text.contains("p&lt;x&gt;.csv") && !text.contains("p<x>.csv"));
            assert!(
                text.contains("<bdi dir=ltr>117 HUDA N. KAREEM</bdi>"),
                "{text}"
            );
        }
    }
}

#[test]
fn missing_or_unreadable_published_file_exits_2() {
    tally()
        .arg("reconcile")
        .arg("--tapes")
        .arg(spec("tape-120345-3.txt"))
        .arg("--published")
        .arg("/no/such.csv")
        .assert()
        .code(2)
        .stderr(contains("/no/such.csv"));
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "fake.xlsx", b"PK\x03\x04 not a workbook");
    reconcile_cmd(&p)
        .assert()
        .code(2)
        .stderr(contains("not a readable spreadsheet"));
}
