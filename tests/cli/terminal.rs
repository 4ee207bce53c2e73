//! What a person at a terminal reads (issue 25): tables that fit the terminal's width and
//! show outside text's control characters as visible marks, hints that name the right fix
//! for a misplaced file or option, and long runs that say where they stand.

use unicode_width::UnicodeWidthStr as _;

use crate::common::{
    example_tape, reconcile_simulated, simulated_election, tally, verify_with_keyring,
};

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
        let out = reconcile_simulated(dir.path())
            .env("COLUMNS", width.to_string())
            .args(["--format", "table"])
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

/// `tally SUBCOMMAND ARGS` run in `dir` (a simulated election in `sim/`), its exit code and
/// standard error.
fn stderr_in(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let out = tally().current_dir(dir).args(args).output().unwrap();
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

const KEYS: [&str; 4] = [
    "--keyring",
    "sim/keyring.csv",
    "--root-key",
    "sim/commission-root.pub",
];

/// `tally verify --tapes DIR` is told that verify takes its paths as they are (not pointed
/// at --tapes-layout).
#[test]
fn verify_with_tapes_is_shown_the_paths_without_it() {
    let dir = tempfile::tempdir().unwrap();
    simulated_election(dir.path(), 2, 2, 1);
    let (code, err) = stderr_in(
        dir.path(),
        &[&["verify", "--tapes", "sim/tapes"][..], &KEYS].concat(),
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("tally verify sim/tapes --keyring"), "{err}");
    assert!(!err.contains("similar argument"), "{err}");
}

/// `tally reconcile DIR ...` is told to give the tapes with --tapes.
#[test]
fn reconcile_with_bare_paths_is_shown_tapes() {
    let dir = tempfile::tempdir().unwrap();
    simulated_election(dir.path(), 2, 2, 1);
    let args = [
        &["reconcile", "sim/tapes", "--published", "sim/published.csv"][..],
        &KEYS,
    ]
    .concat();
    let (code, err) = stderr_in(dir.path(), &args);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("tally reconcile --tapes sim/tapes --published sim/published.csv"),
        "{err}"
    );
}

/// The keyring and the root key given the other way round are said to look swapped, with the
/// command's options the right way.
#[test]
fn keyring_and_root_key_swapped_are_said_to_be() {
    let dir = tempfile::tempdir().unwrap();
    simulated_election(dir.path(), 2, 2, 1);
    let args = [
        "verify",
        "sim/tapes",
        "--keyring",
        "sim/commission-root.pub",
        "--root-key",
        "sim/keyring.csv",
    ];
    let (code, err) = stderr_in(dir.path(), &args);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("look swapped"), "{err}");
    assert!(
        err.contains("--keyring sim/keyring.csv --root-key sim/commission-root.pub"),
        "{err}"
    );
    assert!(!err.contains("signature"), "{err}");
}

/// The keyring given as the published results is named as the keyring, with the option it
/// goes with, not given a `--map` to read its columns by.
#[test]
fn a_keyring_given_as_published_results_is_named() {
    let dir = tempfile::tempdir().unwrap();
    simulated_election(dir.path(), 2, 2, 1);
    let args = [
        &[
            "reconcile",
            "--tapes",
            "sim/tapes",
            "--published",
            "sim/keyring.csv",
        ][..],
        &KEYS,
    ]
    .concat();
    let (code, err) = stderr_in(dir.path(), &args);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("this is the device keyring: give it with --keyring"),
        "{err}"
    );
    assert!(!err.contains("--map"), "{err}");
}

/// Published results among the tapes are said to be published results, to be given with
/// --published; the batch goes on and its report holds the hint too.
#[test]
fn published_results_among_the_tapes_are_named() {
    let dir = tempfile::tempdir().unwrap();
    simulated_election(dir.path(), 2, 2, 1);
    let published = std::fs::read_to_string(dir.path().join("sim/published.csv")).unwrap();
    // Another release of the results, not the file given with --published.
    std::fs::write(
        dir.path().join("sim/tapes/results.csv"),
        format!("{published}\n"),
    )
    .unwrap();
    let args = [
        &[
            "reconcile",
            "--tapes",
            "sim/tapes",
            "--published",
            "sim/published.csv",
        ][..],
        &KEYS,
    ]
    .concat();
    let out = tally()
        .current_dir(dir.path())
        .args(&args)
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    // An input that is no tape: the run is not complete (exit 2), as before.
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let hint = "this looks like published results, not a tape: give the commission's results with --published";
    assert!(stderr.contains(hint), "{stderr}");
    assert!(stdout.contains(hint), "{stdout}");
    let (_, err) = stderr_in(
        dir.path(),
        &[&["verify", "sim/published.csv"][..], &KEYS].concat(),
    );
    assert!(err.contains(hint), "{err}");
}

/// A cached unproven photo (read by OCR, no signature holds) costs a second run no OCR: its
/// lines, compared when looking for tapes photographed in parts, are kept in the cache too.
#[cfg(feature = "ocr")]
#[test]
fn a_cached_unproven_photo_is_not_read_again() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::simulated_election_with(dir.path(), 6, 4, 7, &["--photos"]);
    let run = || {
        let out = tally()
            .current_dir(dir.path())
            .env("TALLY_TIMINGS", "1")
            .args([
                "verify",
                "sim/photos",
                "--cache",
                "cache",
                "--cache-key",
                "cache.key",
            ])
            .args(KEYS)
            .output()
            .unwrap();
        String::from_utf8(out.stderr).unwrap()
    };
    let first = run();
    assert!(first.contains("unproven photos (1 read by OCR)"), "{first}");
    let second = run();
    assert!(
        second.contains("unproven photos (0 read by OCR)"),
        "{second}"
    );
}

/// Files under `dir`, recursively, whose name ends with `suffix`.
fn files_ending(dir: &std::path::Path, suffix: &str) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(suffix))
        .count()
}

/// Ctrl-C while photos are read: exit 130, and one line saying how many photos were read and
/// that their readings are kept in the cache, where the next run starts from.
#[cfg(all(unix, feature = "ocr"))]
#[test]
fn ctrl_c_says_what_was_kept_and_exits_130() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    crate::common::simulated_election_with(dir.path(), 6, 4, 7, &["--photos"]);
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("tally"))
        .current_dir(dir.path())
        .env_remove("COLUMNS")
        .args(["--color=never", "verify", "sim/photos", "--cache", "cache"])
        .args(["--cache-key", "cache.key"])
        .args(KEYS)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Once a photo's reading is kept the batch is reading photos (one of them by OCR, for
    // seconds): then Ctrl-C.
    let start = std::time::Instant::now();
    while files_ending(&dir.path().join("cache"), ".json") == 0 {
        assert!(child.try_wait().unwrap().is_none(), "ended before Ctrl-C");
        assert!(
            start.elapsed().as_secs() < 120,
            "no photo read in 2 minutes"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let pid = child.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("tally: interrupted: "), "{stderr}");
    assert!(
        stderr.contains("of 6 photos read; their readings are kept in the cache cache, the next run starts from there"),
        "{stderr}"
    );
}

/// `tally review --serve` says at once what it reads before its address comes, so that a
/// run whose output is not a terminal is not silent for minutes.
#[test]
fn review_serve_says_what_it_reads_first() {
    let dir = tempfile::tempdir().unwrap();
    simulated_election(dir.path(), 3, 2, 1);
    let args = [
        "review",
        "sim/tapes",
        "--serve",
        "--no-open",
        "--reviewer",
        "T",
        "--cache",
        "cache",
        "--cache-key",
        "cache.key",
    ];
    let (code, err) = stderr_in(dir.path(), &[&args[..], &KEYS].concat());
    assert_eq!(code, Some(0), "{err}");
    let reading = err.find("tally: reading 3 inputs first").expect(&err);
    let nothing = err.find("0 photos to review").expect(&err);
    assert!(reading < nothing, "{err}");
}
