//! What a person at a terminal reads (issue 25): tables that fit the terminal's width and
//! show outside text's control characters as visible marks, hints that name the right fix
//! for a misplaced file or option, and long runs that say where they stand.

use unicode_width::UnicodeWidthStr as _;

use crate::common::{example_tape, simulated_election, tally, verify_with_keyring};

/// Every line of `text` at most `width` display columns.
fn assert_fits(text: &str, width: usize) {
    for line in text.lines() {
        assert!(
            line.width() <= width,
            "{} columns: {line}\n{text}",
            line.width()
        );
    }
}

/// `tally reconcile --format table` of a simulated election of 50 stations and 12 choices,
/// with `COLUMNS=100`, fits 100 columns: every line, the table's and the summary's.
#[test]
fn a_reconciliation_table_fits_columns() {
    let dir = tempfile::tempdir().unwrap();
    simulated_election(dir.path(), 50, 12, 3);
    for width in [100, 72] {
        let out = tally()
            .current_dir(dir.path())
            .env("COLUMNS", width.to_string())
            .args([
                "reconcile",
                "--tapes",
                "sim/tapes",
                "--published",
                "sim/published.csv",
                "--keyring",
                "sim/keyring.csv",
                "--root-key",
                "sim/commission-root.pub",
                "--format",
                "table",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8(out.stdout).unwrap();
        assert_fits(&text, width);
        assert!(
            text.contains("vote-mismatch") && text.contains("NASRIN U."),
            "{text}"
        );
    }
}

/// A reason of several lines (a tape's broken arithmetic) is shown on several lines of its
/// cell, never as `\u{a}`; a control character in a file's name is a visible mark; and the
/// table fits `COLUMNS`, the file's name on a line of its own.
#[test]
fn a_verify_table_shows_line_breaks_and_controls_as_marks() {
    let dir = tempfile::tempdir().unwrap();
    let broken: String = example_tape()
        .lines()
        .take_while(|l| !l.starts_with("SIGNATURE"))
        .map(|l| {
            if l.starts_with("VALID") {
                "VALID                                300\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(dir.path().join("tape-120345-3-broken.txt"), broken).unwrap();
    std::fs::write(
        dir.path().join("tab\there\u{1b}[2J.txt"),
        "ELECTION X\r\nno\n",
    )
    .unwrap();
    let out = verify_with_keyring()
        .env("COLUMNS", "100")
        .arg(dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("\\u{"), "{text}");
    assert!(!text.contains('\u{1b}') && !text.contains('\t'), "{text:?}");
    assert!(text.contains("tab␉here␛[2J.txt"), "{text}");
    assert_fits(&text, 100);
    // The arithmetic starts a line of its own in the cell.
    let arithmetic = text
        .lines()
        .filter(|l| l.contains("arithmetic: valid"))
        .collect::<Vec<_>>();
    assert!(!arithmetic.is_empty(), "{text}");
    for line in arithmetic {
        let cell = line.rsplit('┆').next().unwrap().trim_start();
        assert!(cell.starts_with("arithmetic:"), "{line}\n{text}");
    }
    assert!(text.contains("tape-120345-3-broken.txt"), "{text}");
}
