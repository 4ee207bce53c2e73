//! Real published results (`../shared/realdata/`, byte for byte as their publishers wrote
//! them) read through the layout files of `fixtures/layouts/`, with no edit to the data, and
//! what is known about them (the realdata README) found again.

use std::path::{Path, PathBuf};

use tally::published::{load, ImportOptions, LayoutFile, Published};

use crate::common::tally;

fn realdata(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/realdata")
        .join(name);
    assert!(
        path.is_file(),
        "{} is missing: clone the project with ../shared beside it",
        path.display()
    );
    path
}

fn layout(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/layouts")
        .join(name)
}

fn read(data: &str, layout_file: &str) -> Published {
    let options = ImportOptions {
        layout: Some(LayoutFile::load(&layout(layout_file)).unwrap()),
        ..ImportOptions::default()
    };
    load(&realdata(data), &options).unwrap()
}

/// A real file read with its layout, which must give `rows` rows and `stations` stations with
/// no row rejected.
fn read_whole(data: &str, layout_file: &str, rows: usize, stations: usize) -> Published {
    let p = read(data, layout_file);
    assert_eq!((p.rows, p.stations.len()), (rows, stations), "{data}");
    let first: Vec<_> = p.rejected.iter().take(3).collect();
    assert!(p.rejected.is_empty(), "{data}: {first:?}");
    p
}

/// A station's votes: (choice code, votes) by (centre, table).
type Votes = Vec<((u32, u32), Vec<(u32, u32)>)>;

/// The votes of every station, by (centre, table).
fn votes(p: &Published) -> Votes {
    p.stations
        .iter()
        .map(|(k, s)| (*k, s.choices.iter().map(|c| (c.code, c.votes)).collect()))
        .collect()
}

#[test]
fn venezuelan_actas_read_as_published() {
    let v1 = read_whole(
        "ve-2024-actas-v1-lara.csv",
        "ve-2024-actas-v1.toml",
        1487,
        1487,
    );
    assert_eq!(v1.encoding, "UTF-8");
    assert_eq!(v1.choice_columns, 10);
    assert_eq!(v1.ignored_columns, ["EDO", "MUN", "COD_PAR", "PAR", "URL"]);
    let s = &v1.stations[&(110501003, 2)];
    assert_eq!((s.governorate, s.district), (Some(11), Some(5)));
    assert_eq!(s.totals, [Some(802), None, None, Some(0), Some(486)]);
    // EG (code 8) 375, NM (code 1) 100, as the first data row says.
    assert_eq!(
        &s.choices[..2],
        &[
            tally::tape::Choice {
                code: 1,
                votes: 100
            },
            tally::tape::Choice { code: 2, votes: 4 }
        ]
    );
    assert_eq!(s.choices.iter().find(|c| c.code == 8).unwrap().votes, 375);

    // The second release is Windows-1252: said in the layout, read without a replacement
    // character; it adds tables and changes no vote of the first.
    let v2 = read_whole(
        "ve-2024-actas-v2-lara.csv",
        "ve-2024-actas-v2.toml",
        1616,
        1616,
    );
    assert_eq!(v2.encoding, "windows-1252");
    let old = votes(&v1);
    let new: std::collections::BTreeMap<_, _> = votes(&v2).into_iter().collect();
    let changed: Vec<_> = old
        .iter()
        .filter(|(k, v)| new.get(k).is_some_and(|n| n != v))
        .collect();
    assert!(changed.is_empty(), "{changed:?}");
    let removed = old.iter().filter(|(k, _)| !new.contains_key(k)).count();
    assert_eq!((removed, new.len() - (old.len() - removed)), (0, 129));
}

#[test]
fn qr_decoded_actas_differ_from_the_first_release_at_one_table() {
    let qr = read_whole(
        "ve-2024-qr-decoded-actas-lara.csv",
        "ve-2024-qr-decoded-actas.toml",
        1148,
        1148,
    );
    let v1: std::collections::BTreeMap<_, _> =
        votes(&read("ve-2024-actas-v1-lara.csv", "ve-2024-actas-v1.toml"))
            .into_iter()
            .collect();
    let differ: Vec<(u32, u32)> = votes(&qr)
        .into_iter()
        .filter(|(k, v)| v1.get(k).is_some_and(|p| p != v))
        .map(|(k, _)| k)
        .collect();
    assert_eq!(differ, [(110202070, 1)]);
    let q = &qr.stations[&(110202070, 1)];
    let of = |p: &tally::published::PublishedStation, code| {
        p.choices.iter().find(|c| c.code == code).map(|c| c.votes)
    };
    assert_eq!((of(q, 1), of(q, 2)), (Some(201), Some(4)));
    let published = read("ve-2024-actas-v1-lara.csv", "ve-2024-actas-v1.toml");
    let p = &published.stations[&(110202070, 1)];
    assert_eq!((of(p, 1), of(p, 2)), (Some(204), Some(1)));
}

#[test]
fn reconcile_takes_a_layout_file() {
    let dir = tempfile::tempdir().unwrap();
    let run = || {
        tally()
            .args(["reconcile", "--tapes"])
            .arg(dir.path())
            .arg("--published")
            .arg(realdata("ve-2024-actas-v1-lara.csv"))
            .arg("--layout")
            .arg(layout("ve-2024-actas-v1.toml"))
            .args(["--format", "json", "--no-cache"])
            .output()
            .unwrap()
    };
    // No tape in an empty folder: refused (exit 2) before the published file matters.
    assert_eq!(run().status.code(), Some(2));
    std::fs::write(dir.path().join("note.txt"), "not a tape").unwrap();
    let out = run();
    let report: tally::report::reconcile::ReconcileReport = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(report.published.stations, 1487);
    let kept = report.published.layout_file.expect("the layout is kept");
    assert!(kept.text.contains("CENTRO") && kept.path.ends_with("ve-2024-actas-v1.toml"));
}

#[test]
fn tunisian_offices_split_their_code_and_sum_invalid() {
    let tn = read(
        "tn-2024-presidential-pv-first12.csv",
        "tn-2024-presidential-pv.toml",
    );
    assert_eq!((tn.rows, tn.stations.len()), (12, 11));
    // The office code that lost a digit on the form is rejected, named, not misread.
    assert_eq!(tn.rejected.len(), 1, "{:?}", tn.rejected);
    assert_eq!(tn.rejected[0].line, 7);
    assert!(
        tn.rejected[0].reason.contains("0101011205"),
        "{}",
        tn.rejected[0].reason
    );
    let first = &tn.stations[&(10101102, 1)];
    // registered, voters, ballots, invalid (2 blank + 15 spoilt), valid.
    assert_eq!(
        first.totals,
        [Some(1067), Some(293), Some(293), Some(17), Some(276)]
    );
    assert_eq!(first.choices.iter().map(|c| c.votes).sum::<u32>(), 276);
    // The row that breaks voters <= registered.
    let broken: Vec<_> = tn
        .stations
        .values()
        .filter(|s| s.totals[1] > s.totals[0])
        .map(|s| (s.center, s.station, s.totals[0], s.totals[1]))
        .collect();
    assert_eq!(broken, [(10101102, 5, Some(66), Some(227))]);
}

#[test]
fn published_inspect_shows_roles_and_writes_a_starter_layout() {
    let out = tally()
        .args(["published", "inspect"])
        .arg(realdata("ve-2024-actas-v1-lara.csv"))
        .arg("--layout")
        .arg(layout("ve-2024-actas-v1.toml"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("UTF-8 (its byte-order mark)"), "{text}");
    let eg = text
        .lines()
        .find(|l| l.trim_start().starts_with("EG "))
        .unwrap();
    assert!(eg.contains("choice 8") && eg.contains("375"), "{eg}");
    assert!(
        text.contains("1,487 rows read") || text.contains("1487 rows read"),
        "{text}"
    );

    // Without a layout the header cannot be mapped: said, exit 1, and a starter layout that
    // parses, with the file's text columns ignored and its candidates offered as choices.
    let dir = tempfile::tempdir().unwrap();
    let starter = dir.path().join("starter.toml");
    let write_layout = || {
        tally()
            .args(["published", "inspect"])
            .arg(realdata("ve-2024-actas-v2-lara.csv"))
            .arg("--write-layout")
            .arg(&starter)
            .output()
            .unwrap()
    };
    let out = write_layout();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("the header cannot be mapped"), "{text}");
    // Windows-1252, told from Windows-1256 by its letters with no layout to say so.
    assert!(
        text.lines().next().unwrap().contains("csv, windows-1252"),
        "{text}"
    );
    let written = std::fs::read_to_string(&starter).unwrap();
    let parsed = LayoutFile::parse(&written).unwrap();
    assert_eq!(parsed.ignore, ["EDO", "MUN", "PAR", "URL"]);
    assert!(written.contains("= \"EG\""), "{written}");
    // Never replaces a file.
    assert_eq!(write_layout().status.code(), Some(2));
}

#[test]
fn rejected_and_left_out_rows_and_unread_columns_are_in_every_human_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("note.txt"), "not a tape").unwrap();
    let layout_file = dir.path().join("tn.toml");
    let text = std::fs::read_to_string(layout("tn-2024-presidential-pv.toml")).unwrap();
    std::fs::write(
        &layout_file,
        format!("{text}\n[[skip]]\ncolumn = \"bureau_code\"\nequals = \"01010210101\"\n"),
    )
    .unwrap();
    let run = |format: &str| {
        let out = tally()
            .args(["reconcile", "--tapes"])
            .arg(dir.path())
            .arg("--published")
            .arg(realdata("tn-2024-presidential-pv-first12.csv"))
            .arg("--layout")
            .arg(&layout_file)
            .args(["--no-cache", "--color", "never", "--format", format])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(
            stderr.contains("1 row of") && stderr.contains("left out by the layout"),
            "{stderr}"
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let table = run("table");
    assert!(table.contains("line 7:"), "{table}");
    assert!(
        table.contains("LEFT OUT") && table.contains("bureau_code is \"01010210101\""),
        "{table}"
    );
    assert!(table.contains("columns not read: governorate"), "{table}");
    // Stations keep the code the commission printed (a leading zero, one code), and the
    // office whose voters exceed its register is a published-arithmetic finding.
    let office = table
        .lines()
        .find(|l| l.contains("01010110205") && l.contains("published-arithmetic"));
    assert!(
        office.is_some_and(|l| l.contains("voters <= registered")),
        "{table}"
    );
    let csv = run("csv");
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",station_code,evidence_line"), "{header}");
    assert!(
        csv.lines()
            .any(|l| l.starts_with("10101102,5,") && l.ends_with(",01010110205,")),
        "{csv}"
    );
    // The rows and columns not read are rows of the CSV too, after the findings.
    let left_out = csv
        .lines()
        .find(|l| l.contains(",published-row-left-out,"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(
        left_out.contains(",8,") && left_out.contains("01010210101"),
        "{left_out}"
    );
    assert!(
        csv.lines()
            .any(|l| l.contains(",published-columns-not-read,")),
        "{csv}"
    );
    let markdown = run("markdown");
    assert!(markdown.contains("left out by the layout"), "{markdown}");
    assert!(markdown.contains("columns not read"), "{markdown}");
    let html = run("html");
    assert!(html.contains("left out by the layout") && html.contains("columns not read"));
}

#[test]
fn russian_precincts_by_region_name_and_number_with_summed_turnout() {
    let ru = read_whole(
        "ru-2024-presidential-uik-altai.csv",
        "ru-2024-presidential-uik.toml",
        235,
        235,
    );
    let first = &ru.stations[&(4, 1)];
    // registered; voters = 0 early + 1,406 in the room + 38 outside; ballots = 38 + 1,406.
    assert_eq!(
        first.totals,
        [Some(2218), Some(1444), Some(1444), Some(35), Some(1409)]
    );
    assert_eq!(first.choices.iter().map(|c| c.votes).sum::<u32>(), 1409);
    // A region the layout does not number is rejected with the fix.
    let layout = LayoutFile::parse(
        &std::fs::read_to_string(layout("ru-2024-presidential-uik.toml"))
            .unwrap()
            .replace("\"Республика Алтай\" = 4", ""),
    )
    .unwrap();
    let options = ImportOptions {
        layout: Some(layout),
        ..ImportOptions::default()
    };
    let unnamed = load(&realdata("ru-2024-presidential-uik-altai.csv"), &options).unwrap();
    assert_eq!(unnamed.rejected.len(), 235);
    assert!(
        unnamed.rejected[0].reason.contains("[station_code.names]"),
        "{}",
        unnamed.rejected[0].reason
    );
}

#[test]
fn without_a_layout_text_columns_are_not_guessed_and_the_hint_fits() {
    let plain = ImportOptions::default();
    // Tunisia: "governorate" and "polling_centre" are named like fields but hold Arabic text.
    let err = load(&realdata("tn-2024-presidential-pv-first12.csv"), &plain)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("\"governorate\" is named like governorate but holds text")
            && err.contains("\"polling_centre\" is named like center but holds text"),
        "{err}"
    );
    assert!(err.contains("--map center=\"bureau_code\""), "{err}");
    // Venezuela: the hint names the column of centre codes, not the first column.
    let err = load(&realdata("ve-2024-actas-v1-lara.csv"), &plain)
        .unwrap_err()
        .to_string();
    assert!(err.contains("--map center=\"CENTRO\""), "{err}");
}

/// `tally reconcile` of the QR-decoded actas, read as observers' tapes with their layout,
/// against the first release, with `extra` arguments.
fn observers_against_v1<S: AsRef<std::ffi::OsStr>>(extra: &[S]) -> std::process::Output {
    tally()
        .args(["reconcile", "--no-cache", "--tapes"])
        .arg(realdata("ve-2024-qr-decoded-actas-lara.csv"))
        .arg("--tapes-layout")
        .arg(layout("ve-2024-qr-decoded-actas.toml"))
        .arg("--published")
        .arg(realdata("ve-2024-actas-v1-lara.csv"))
        .arg("--layout")
        .arg(layout("ve-2024-actas-v1.toml"))
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn qr_decoded_actas_as_observers_tapes_differ_at_exactly_one_table() {
    // Observers' tables are not signed: the difference is not proven (exit 0), and fails the
    // run when any discrepancy is to fail it.
    assert_eq!(
        observers_against_v1(&["--format", "json"]).status.code(),
        Some(0)
    );
    let out = observers_against_v1(&["--format", "json", "--fail-on", "discrepancy"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: tally::report::reconcile::ReconcileReport =
        serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report.summary.proven_differ, 0);
    assert_eq!(
        report
            .summary
            .overall
            .stations_by_discrepancy
            .get("differs-not-proven"),
        Some(&1)
    );
    let tapes: Vec<_> = report
        .inputs
        .iter()
        .filter(|i| i.kind == tally::report::reconcile::model::InputKind::Tape)
        .collect();
    assert_eq!(tapes.len(), 1148, "one tape per row, none rejected");
    assert!(tapes
        .iter()
        .all(|i| i.line.is_some() && i.reason.contains("observers' table")));
    // Votes differ at one table only; the QR data has no register or turnout columns, and
    // absent is not zero: no total-mismatch anywhere.
    let mut differing = Vec::new();
    for s in &report.stations {
        for f in &s.findings {
            assert_ne!(
                f.kind.as_str(),
                "total-mismatch",
                "{}-{}",
                s.center,
                s.station
            );
            assert_ne!(
                f.kind.as_str(),
                "choice-missing-on-tape",
                "{}-{}",
                s.center,
                s.station
            );
            if f.kind.as_str() == "vote-mismatch" {
                let e = f.evidence.as_ref().unwrap();
                assert_eq!((e.status.as_str(), e.line), ("unsigned", Some(259)));
                differing.push((s.center, s.station, f.choice, f.tape, f.published));
            }
        }
    }
    assert_eq!(
        differing,
        [
            (110202070, 1, Some(1), Some(201), Some(204)),
            (110202070, 1, Some(2), Some(4), Some(1))
        ]
    );
    let overall = &report.summary.overall;
    assert_eq!(
        (overall.stations_with_tape, overall.stations_verified),
        (1148, 0)
    );
    // The tables observed but not in the first release are said, not dropped.
    assert_eq!(
        overall.findings.get("station-missing-in-published"),
        Some(&3)
    );
}

fn releases(old: &Path, new: &Path, layouts: &[&str], format: &str) -> std::process::Output {
    let mut cmd = tally();
    cmd.arg("releases").arg(old).arg(new);
    cmd.arg("--layout").arg(layout(layouts[0]));
    if let Some(l) = layouts.get(1) {
        cmd.arg("--layout-new").arg(layout(l));
    }
    cmd.args(["--format", format]).output().unwrap()
}

#[test]
fn the_second_venezuelan_release_adds_tables_and_changes_no_vote() {
    let (v1, v2) = (
        realdata("ve-2024-actas-v1-lara.csv"),
        realdata("ve-2024-actas-v2-lara.csv"),
    );
    let layouts = ["ve-2024-actas-v1.toml", "ve-2024-actas-v2.toml"];
    let out = releases(&v1, &v2, &layouts, "json");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: tally::report::releases::ReleasesReport = serde_json::from_slice(&out.stdout).unwrap();
    let s = &r.summary;
    assert_eq!(
        (
            s.stations_old,
            s.stations_new,
            s.stations_added,
            s.stations_removed,
            s.stations_changed
        ),
        (1487, 1616, 129, 0, 0)
    );
    assert_eq!(s.stations_unchanged, 1487);
    // The second release publishes no register: not compared, not 1,487 changes.
    assert_eq!(s.not_compared.len(), 1);
    assert_eq!(
        (
            s.not_compared[0].item.as_str(),
            s.not_compared[0].only_in.as_str()
        ),
        ("registered", "old")
    );
    assert!(s
        .net_change
        .iter()
        .all(|n| n.changed == 0 && n.removed == 0 && n.added > 0));
    assert_eq!(r.new.encoding, "windows-1252");
    // The same release twice: identical, exit 0.
    let same = releases(&v1, &v1, &layouts[..1], "table");
    assert_eq!(same.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&same.stdout).contains("the same figures at every station"));
}

#[test]
fn an_audit_between_two_long_releases_is_found_value_by_value() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/releases");
    let (old, new) = (dir.join("preliminary.csv"), dir.join("final.csv"));
    let layouts = ["long-ps-code-audit.toml"];
    let csv = String::from_utf8(releases(&old, &new, &layouts, "csv").stdout).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "center,station,station_code,kind,field,choice,choice_name,old,new,difference,detail,old_line,new_line");
    assert!(
        rows.contains(
            &"101001,1,0101001-01,release-changed,,100,,120,112,-8,choice 100: 120 → 112,2,2"
        ),
        "{csv}"
    );
    assert!(
        rows.iter()
            .any(|r| r
                .starts_with("101001,1,0101001-01,release-changed,status,,,Validated,Recounted,")),
        "{csv}"
    );
    assert!(
        rows.iter().any(|r| r
            .starts_with("101002,1,0101002-01,release-changed,status,,,Validated,Invalidated,")),
        "{csv}"
    );
    // NA was no value: 31 in the final release is a value where there was none.
    assert!(
        rows.iter()
            .any(|r| r.starts_with("101001,2,0101001-02,release-changed,,200,,,31,")),
        "{csv}"
    );
    assert!(
        rows.iter()
            .any(|r| r.starts_with("101003,1,0101003-01,release-station-added,")),
        "{csv}"
    );
    for format in ["table", "markdown", "html"] {
        let text = String::from_utf8(releases(&old, &new, &layouts, format).stdout).unwrap();
        for needle in [
            "0101001-01",
            "Recounted",
            "release-station-added",
            "0101003-01",
        ] {
            assert!(text.contains(needle), "{format} lacks {needle}: {text}");
        }
    }
}

#[test]
fn a_bundle_of_observers_tapes_holds_the_table_once_and_checks() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let out = observers_against_v1(&["-o".as_ref(), report.as_os_str()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let key = dir.path().join("observer");
    let run = |args: &[&std::ffi::OsStr]| {
        tally()
            .args(args)
            .env("TALLY_KEY_PASSWORD", "a passphrase")
            .output()
            .unwrap()
    };
    let os = |s: &str| std::ffi::OsString::from(s);
    assert!(
        run(&[&os("keys"), &os("generate"), &os("--out"), key.as_os_str()])
            .status
            .success()
    );
    let bundle = dir.path().join("b.zip");
    let made = run(&[
        &os("bundle"),
        &os("--report"),
        report.as_os_str(),
        &os("--out"),
        bundle.as_os_str(),
        &os("--sign"),
        key.with_extension("key").as_os_str(),
        &os("--station"),
        &os("110202070-1"),
    ]);
    let said =
        String::from_utf8_lossy(&made.stdout).to_string() + &String::from_utf8_lossy(&made.stderr);
    assert!(made.status.success(), "{said}");
    // The report, its sheets, the table once, the published file: not 1,148 copies.
    assert!(said.contains(": 9 files, 1 station"), "{said}");
    let check = run(&[
        &os("bundle"),
        &os("check"),
        bundle.as_os_str(),
        &os("--observer-key"),
        key.with_extension("pub").as_os_str(),
    ]);
    let text = String::from_utf8_lossy(&check.stdout).to_string()
        + &String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{text}");
    assert!(
        text.contains("2 findings at 1 of 1 station confirmed"),
        "{text}"
    );
}

#[test]
fn bad_releases_and_tapes_layouts_are_refused_with_the_reason() {
    let v1 = realdata("ve-2024-actas-v1-lara.csv");
    let out = tally()
        .arg("releases")
        .arg(&v1)
        .arg("no-such-release.csv")
        .arg("--layout")
        .arg(layout("ve-2024-actas-v1.toml"))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("the new release cannot be used") && said.contains("no-such-release.csv"),
        "{said}"
    );
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[columns]\nvoterz = \"X\"\n").unwrap();
    let out = tally()
        .args(["read", "--no-cache"])
        .arg(realdata("ve-2024-qr-decoded-actas-lara.csv"))
        .arg("--tapes-layout")
        .arg(&bad)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("--tapes-layout") && said.contains("\"voterz\" is not a field"),
        "{said}"
    );
}
