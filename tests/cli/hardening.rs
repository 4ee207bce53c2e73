//! No input can stop a batch (issue 9): the defects found by probing, each through the real
//! binary. Every test here failed before its fix.

use std::path::Path;
use std::time::Duration;

use crate::common::{example_tape, spec, tally, verify_with_keyring};
use predicates::str::contains;
use tally::report::listing::Listing;

fn listing_of(cmd: &mut assert_cmd::Command) -> (Listing, i32) {
    let out = cmd
        .args(["--format", "json"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let listing: Listing = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (listing, out.status.code().unwrap())
}

fn status_of<'a>(listing: &'a Listing, name: &str) -> (&'a str, &'a str) {
    let t = listing
        .tapes
        .iter()
        .find(|t| t.path.ends_with(name))
        .unwrap_or_else(|| panic!("{name} not listed"));
    (t.status.as_str(), t.reason.as_str())
}

/// An Arabic word, accented letters or an emoji at the start of a line never stop a batch:
/// a header line verifies, a choice line is refused with its line, the good tape still verifies.
#[test]
fn unicode_at_line_starts_never_stops_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    let tape = example_tape();
    let put = |name: &str, text: String| std::fs::write(dir.path().join(name), text).unwrap();
    put(
        "a-arabic-choice.txt",
        tape.replace(
            "101   AHMED K. HASSAN                 45",
            "في   AHMED K. HASSAN   45",
        ),
    );
    put("b-accented-header.txt", format!("éé COMMISSION\n{tape}"));
    put("c-emoji-header.txt", format!("🗳 RESULTS OF\n{tape}"));
    put("d-arabic-header.txt", format!("المفوضية العليا\n{tape}"));
    put("e-good.txt", tape.clone());
    let (listing, code) = listing_of(verify_with_keyring().arg(dir.path()));
    assert_eq!(code, 2, "one input is unreadable");
    assert_eq!(listing.tapes.len(), 5);
    let (status, reason) = status_of(&listing, "a-arabic-choice.txt");
    assert_eq!(status, "unreadable");
    assert!(
        reason.contains("\"في   AHMED K. HASSAN   45\" is not a tape line"),
        "{reason}"
    );
    for name in [
        "b-accented-header.txt",
        "c-emoji-header.txt",
        "d-arabic-header.txt",
        "e-good.txt",
    ] {
        assert_eq!(status_of(&listing, name).0, "verified", "{name}");
    }
}

/// A failure of ours while reading one input is that input's reason; every other input is
/// still read, verified and reported, and the run ends with exit 2.
#[test]
fn a_failure_stays_with_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let tape = example_tape();
    std::fs::write(dir.path().join("a-good.txt"), &tape).unwrap();
    std::fs::write(dir.path().join("b-fails.txt"), format!("FAIL-HERE\n{tape}")).unwrap();
    std::fs::write(dir.path().join("c-good.txt"), &tape).unwrap();
    let (listing, code) = listing_of(
        verify_with_keyring()
            .env("TALLY_TEST_FAILURE", "FAIL-HERE")
            .arg(dir.path()),
    );
    assert_eq!(code, 2);
    let (status, reason) = status_of(&listing, "b-fails.txt");
    assert_eq!(status, "unreadable");
    assert!(
        reason.starts_with("internal error while reading this input: deliberate failure")
            && reason.ends_with("(please report it)"),
        "{reason}"
    );
    assert_eq!(status_of(&listing, "a-good.txt").0, "verified");
    assert_eq!(status_of(&listing, "c-good.txt").0, "verified");
    // reconcile goes on too, and reports the station of the good tapes.
    let published = dir.path().join("published.csv");
    std::fs::write(
        &published,
        "center,station,registered,voters,ballots,invalid,valid,101,102,103,117,230\n\
         120345,3,512,301,301,7,294,45,12,0,151,86\n",
    )
    .unwrap();
    reconcile(dir.path(), &published)
        .env("TALLY_TEST_FAILURE", "FAIL-HERE")
        .args(["--format", "json"])
        .assert()
        .code(2)
        .stdout(contains("internal error while reading this input"))
        .stdout(contains("\"center\": 120345"));
}

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo(1) is needed for this test (coreutils)");
}

/// A named pipe among the tapes, or as the published results, is listed with its reason
/// instead of blocking the run forever.
#[test]
fn named_pipes_are_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), example_tape()).unwrap();
    mkfifo(&dir.path().join("b-pipe.txt"));
    let (listing, code) = listing_of(verify_with_keyring().arg(dir.path()));
    assert_eq!(code, 2);
    let (status, reason) = status_of(&listing, "b-pipe.txt");
    assert_eq!(status, "unreadable");
    assert!(
        reason.contains("a named pipe (FIFO), not a file"),
        "{reason}"
    );
    assert_eq!(status_of(&listing, "a.txt").0, "verified");
    tally()
        .args(["reconcile", "--tapes"])
        .arg(dir.path().join("a.txt"))
        .arg("--published")
        .arg(dir.path().join("b-pipe.txt"))
        .timeout(Duration::from_secs(60))
        .assert()
        .code(2)
        .stderr(contains("named pipe"));
}

/// A long line is refused with an excerpt, quickly, in every format.
#[test]
fn a_huge_line_is_refused_with_an_excerpt() {
    let dir = tempfile::tempdir().unwrap();
    let tape = example_tape().replace(
        "102   ZAINAB M. ALI                   12",
        &format!("102   {} 12", "Z".repeat(500_000)),
    );
    std::fs::write(dir.path().join("long.txt"), tape).unwrap();
    let out = verify_with_keyring()
        .arg(dir.path())
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.len() < 4000, "{} bytes of table", text.len());
    assert!(text.contains("a tape line is 40"), "{text}");
}

/// A line that reads as a choice above ELECTION, among the unsigned header lines, is reported.
#[test]
fn a_choice_among_the_header_lines_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.txt");
    std::fs::write(&path, format!("117 HUDA 152\n{}", example_tape())).unwrap();
    let (listing, code) = listing_of(verify_with_keyring().arg(&path));
    assert_eq!(code, 2);
    let t = &listing.tapes[0];
    assert_eq!(t.line, Some(1));
    assert!(
        t.reason
            .contains("looks like a choice line but stands above ELECTION"),
        "{}",
        t.reason
    );
}

/// `tally reconcile --tapes TAPES --published PUBLISHED` with the spec's keyring and root key.
fn reconcile(tapes: &Path, published: &Path) -> assert_cmd::Command {
    let mut cmd = tally();
    cmd.arg("reconcile")
        .arg("--tapes")
        .arg(tapes)
        .arg("--published")
        .arg(published)
        .arg("--keyring")
        .arg(spec("keyring.csv"))
        .arg("--root-key")
        .arg(spec("commission-root.pub"))
        .timeout(Duration::from_secs(120));
    cmd
}

/// Writes a published CSV and reconciles the example tape against it (JSON).
fn reconcile_against(published: &[u8]) -> (tempfile::TempDir, assert_cmd::assert::Assert) {
    let dir = tempfile::tempdir().unwrap();
    let (tape, file) = (
        dir.path().join("tape.txt"),
        dir.path().join("published.csv"),
    );
    std::fs::write(&tape, example_tape()).unwrap();
    std::fs::write(&file, published).unwrap();
    let assert = reconcile(&tape, &file).args(["--format", "json"]).assert();
    (dir, assert)
}

const HEADER: &str = "center,station,registered,voters,ballots,invalid,valid,101,102,103,117,230";

#[test]
fn duplicate_column_names_are_refused_naming_both() {
    let csv = format!("{HEADER},117\n120345,3,512,301,301,7,294,45,12,0,151,86,999\n");
    reconcile_against(csv.as_bytes()).1.code(2).stderr(contains(
        "columns 11 (\"117\") and 13 (\"117\") have the same name",
    ));
}

#[test]
fn an_unclosed_quote_names_its_line() {
    let csv = format!(
        "{HEADER}\n\"120345,3,512,301,301,7,294,45,12,0,151,86\n120346,1,5,5,5,0,5,1,1,1,1,1\n"
    );
    reconcile_against(csv.as_bytes()).1.code(2).stderr(contains(
        "line 2: a quote (\") opens on this line and is never closed, so lines 2 to 3 were read as one cell",
    ));
}

/// CRLF files give the right line for rejected rows and for each station's published line.
#[test]
fn crlf_files_give_exact_lines() {
    let csv = format!(
        "{HEADER}\r\n120345,3,512,301,301,7,294,46,12,0,151,86\r\n120346,x,5,5,5,0,5,1,1,1,1,1\r\n"
    );
    let (_dir, assert) = reconcile_against(csv.as_bytes());
    let out = assert.get_output();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = report.to_string();
    assert!(text.contains("\"published_line\":2"), "{text}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("first: line 3:"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A 1.5 KB spreadsheet whose only cells are A1 and XFD1048576 is read cell by cell, not as
/// 17 billion cells.
#[test]
fn a_sparse_spreadsheet_is_not_allocated_whole() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("bomb.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "center").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    book.save(&xlsx).unwrap();
    assert!(std::fs::metadata(&xlsx).unwrap().len() < 8000);
    std::fs::write(dir.path().join("tape.txt"), example_tape()).unwrap();
    reconcile(&dir.path().join("tape.txt"), &xlsx)
        .assert()
        .code(2)
        .stderr(contains("cannot tell which columns hold"));
}

/// The keyring refuses what no device key can mean, naming the line.
#[test]
fn keyring_rows_that_cannot_be_right_are_refused() {
    let good = std::fs::read_to_string(spec("keyring.csv")).unwrap();
    let mut lines = good.lines();
    let header = lines.next().unwrap();
    let row = lines.next().unwrap();
    let cells: Vec<&str> = row.split(',').collect();
    let with = |i: usize, value: &str| {
        let mut c = cells.clone();
        c[i] = value;
        format!("{header}\n{}\n", c.join(","))
    };
    let cases = [
        (with(2, "iq-2021-cr"), "is not an election id"),
        (with(3, "+120345"), "is not a number (digits only)"),
        (
            {
                let mut c = cells.clone();
                c[5] = "2021-10-11T00:00:00Z";
                c[6] = "2021-10-10T00:00:00Z";
                format!("{header}\n{}\n", c.join(","))
            },
            "not_before is after not_after",
        ),
    ];
    for (text, needle) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("keyring.csv"), text).unwrap();
        tally()
            .arg("verify")
            .arg(spec("tape-120345-3.txt"))
            .arg("--keyring")
            .arg(dir.path().join("keyring.csv"))
            .assert()
            .code(2)
            .stderr(contains(needle))
            .stderr(contains(":2"));
    }
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = format!("{header}\n").into_bytes();
    bytes.extend_from_slice(b"\xff\xfe,x\n");
    std::fs::write(dir.path().join("keyring.csv"), bytes).unwrap();
    tally()
        .arg("verify")
        .arg(spec("tape-120345-3.txt"))
        .arg("--keyring")
        .arg(dir.path().join("keyring.csv"))
        .assert()
        .code(2)
        .stderr(contains("not UTF-8"))
        .stderr(contains(":2"));
}

/// `-o` naming a folder, a missing folder, or one of the inputs is refused with the fix.
#[test]
fn output_paths_that_cannot_be_right_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let tape = dir.path().join("t.txt");
    std::fs::write(&tape, example_tape()).unwrap();
    verify_with_keyring()
        .arg(&tape)
        .arg("-o")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(contains("is a folder: give -o a file name"));
    verify_with_keyring()
        .arg(&tape)
        .arg("-o")
        .arg(dir.path().join("missing/report.txt"))
        .assert()
        .code(2)
        .stderr(contains("missing does not exist: create it first"));
    verify_with_keyring()
        .arg(&tape)
        .arg("-o")
        .arg(&tape)
        .assert()
        .code(2)
        .stderr(contains("is one of the inputs"));
    assert_eq!(std::fs::read_to_string(&tape).unwrap(), example_tape());
    // A partial file left by a killed run is recognisable, and the next write removes it.
    let stale = dir.path().join(".report.txt.tally-partial-AbC123");
    std::fs::write(&stale, "half a report").unwrap();
    verify_with_keyring()
        .arg(&tape)
        .arg("-o")
        .arg(dir.path().join("report.txt"))
        .assert()
        .success();
    assert!(!stale.exists());
    assert!(dir.path().join("report.txt").exists());
}

/// A name holding a bidi override reaches Markdown and CSV reports escaped, never obeyed.
#[test]
fn markdown_and_csv_reports_show_bidi_overrides_escaped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("tape.txt"),
        example_tape().replace("HUDA N. KAREEM   ", "HUDA\u{202E}KAREEM\u{200B}   "),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("published.csv"),
        format!("{HEADER}\n120345,3,512,301,301,7,294,45,12,0,152,86\n"),
    )
    .unwrap();
    for format in ["markdown", "csv"] {
        let out = reconcile(
            &dir.path().join("tape.txt"),
            &dir.path().join("published.csv"),
        )
        .args(["--format", format])
        .output()
        .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains('\u{202E}') && !text.contains('\u{200B}'),
            "{format}: {text}"
        );
        assert!(text.contains("‹U+202E›"), "{format}: {text}");
    }
}

/// An error says its cause once.
#[test]
fn an_error_says_its_cause_once() {
    let out = tally()
        .args(["verify", "x.txt", "--keyring", "/nonexistent/keyring.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("No such file or directory").count(),
        1,
        "{stderr}"
    );
}
