//! `tally enter` through the real binary, answers piped to stdin: what a person types becomes a
//! tape file that `tally verify` proves, and every refusal ends with the documented exit code.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use tally::tape::Tape;

/// The spec example's answers, as a person types them from the paper tape.
const ANSWERS: [&str; 22] = [
    "IQ-2021-CR",
    "12",
    "3",
    "120345",
    "3",
    "RTS-0A1B2C",
    "2021-10-10 15:02:11 UTC",
    "512",
    "301",
    "301",
    "7",
    "294",
    "101 AHMED K. HASSAN 45",
    "102 ZAINAB M. ALI 12",
    "103 OMAR S. JABBAR 0",
    "117 HUDA N. KAREEM 151",
    "230 SARBAST R. AZIZ 86",
    "",
    "5J4KS WHMA2 HMW9P TVAJC EXX5D 0 B",
    "6BK3K 0KM6E ZSENK 6SVK1 FP3AR M W",
    "4C5A5 NZY54 W4CWN C8D91 C27T5 A P",
    "33V37 VNX51 Z3GJN B007N ZA6CG 4 0",
];
const VOTERS: usize = 8;
const SIG3: usize = 20;

fn spec(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/spec")
        .join(file)
}

/// The answers with `edits` applied (index, replacement lines), one per line.
fn stdin(edits: &[(usize, &[&str])]) -> String {
    let mut out = String::new();
    for (i, answer) in ANSWERS.iter().enumerate() {
        match edits.iter().find(|(at, _)| *at == i) {
            Some((_, lines)) => lines.iter().for_each(|l| out.push_str(&format!("{l}\n"))),
            None => out.push_str(&format!("{answer}\n")),
        }
    }
    out
}

/// Output that holds `message`, whatever the line wrapping.
fn says(message: &'static str) -> impl Predicate<str> {
    predicate::function(move |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains(message)
    })
}

fn tally(dir: &Path) -> Command {
    let mut cmd = assert_cmd::cargo_bin_cmd!("tally");
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

fn keyring_args() -> [String; 4] {
    [
        "--keyring".into(),
        spec("keyring.csv").display().to_string(),
        "--root-key".into(),
        spec("commission-root.pub").display().to_string(),
    ]
}

fn example() -> Tape {
    Tape::parse(&std::fs::read_to_string(spec("tape-120345-3.txt")).unwrap()).unwrap()
}

#[test]
fn the_spec_example_typed_in_is_verified_by_tally_verify() {
    let dir = tempfile::tempdir().unwrap();
    tally(dir.path())
        .arg("enter")
        .write_stdin(stdin(&[]))
        .assert()
        .success();
    let file = dir.path().join("tape-120345-3.txt");
    let written = Tape::parse(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(
        (written.payload, written.signature),
        (example().payload, example().signature)
    );
    tally(dir.path())
        .arg("verify")
        .arg(&file)
        .args(keyring_args())
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("verified")
                .and(predicate::str::contains("bad-signature").not()),
        );
}

#[test]
fn with_a_keyring_the_status_is_shown_and_decides_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    tally(dir.path())
        .args(["enter", "-o", "t.txt"])
        .args(keyring_args())
        .write_stdin(stdin(&[]))
        .assert()
        .code(0)
        .stderr(says(
            "t.txt: verified signature verified with the key of RTS-0A1B2C",
        ));

    // a vote typed wrong and then kept "as printed": written, but the signature says no
    let edits: &[(usize, &[&str])] = &[(15, &["117 HUDA N. KAREEM 115"]), (17, &["", ""])];
    tally(dir.path())
        .args(["enter", "-o", "typo.txt"])
        .args(keyring_args())
        .write_stdin(stdin(edits))
        .assert()
        .code(1)
        .stderr(says("The choices add up to 258, but VALID is 294"))
        .stderr(says(
            "typo.txt: bad-signature the signature does not verify",
        ))
        .stderr(says(
            "so either a figure was typed differently from the paper tape",
        ));
    assert!(dir.path().join("typo.txt").exists());
}

#[test]
fn typing_errors_are_caught_and_asked_again() {
    let dir = tempfile::tempdir().unwrap();
    let typo = "4C5A5 NZY55 W4CWN C8D91 C27T5 A P";
    tally(dir.path())
        .args(["enter", "-o", "t.txt"])
        .write_stdin(stdin(&[(VOTERS, &["3O1", "301"]), (SIG3, &[typo, ANSWERS[SIG3]])]))
        .assert()
        .code(0)
        .stderr(says("VOTERS: \"3O1\" is not a whole number"))
        .stderr(says("line SIG3 has a typing or reading error: its check symbol does not match, re-read every symbol of this line"));
    let written = Tape::parse(&std::fs::read_to_string(dir.path().join("t.txt")).unwrap()).unwrap();
    assert_eq!(
        (written.payload, written.signature),
        (example().payload, example().signature)
    );
}

#[test]
fn input_that_ends_early_abandons_the_entry_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let short: String = stdin(&[])
        .lines()
        .take(10)
        .map(|l| format!("{l}\n"))
        .collect();
    tally(dir.path())
        .arg("enter")
        .write_stdin(short)
        .assert()
        .code(2)
        .stderr(says(
            "entry abandoned, nothing written: the input ended at INVALID",
        ));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "a file was left behind"
    );
}

#[test]
fn double_entry_lists_the_disagreement_and_writes_the_settled_value() {
    let dir = tempfile::tempdir().unwrap();
    let input = format!("{}{}301\n", stdin(&[]), stdin(&[(VOTERS, &["310"])]));
    tally(dir.path())
        .args(["enter", "--double", "-o", "t.txt"])
        .write_stdin(input)
        .assert()
        .code(0)
        .stderr(says("SECOND person"))
        .stderr(says(
            "The two entries disagree in 1 place: VOTERS: first 301, second 310 ",
        ));
    let written = Tape::parse(&std::fs::read_to_string(dir.path().join("t.txt")).unwrap()).unwrap();
    assert_eq!(written.payload, example().payload);

    let twice = format!("{}{}", stdin(&[]), stdin(&[]));
    tally(dir.path())
        .args(["enter", "--double", "-o", "same.txt"])
        .write_stdin(twice)
        .assert()
        .code(0)
        .stderr(says("The two entries agree"));
}

#[test]
fn an_existing_output_is_refused_before_anything_is_asked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.txt"), "keep me").unwrap();
    tally(dir.path())
        .args(["enter", "-o", "t.txt"])
        .write_stdin(stdin(&[]))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("t.txt already exists")
                .and(predicate::str::contains("ELECTION").not()),
        );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("t.txt")).unwrap(),
        "keep me"
    );

    tally(dir.path())
        .args(["enter", "-o", "t.txt", "--force"])
        .write_stdin(stdin(&[]))
        .assert()
        .code(0);
    assert!(std::fs::read_to_string(dir.path().join("t.txt"))
        .unwrap()
        .starts_with("ELECTION"));
}

#[test]
fn an_existing_default_file_asks_for_another_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tape-120345-3.txt"), "keep me").unwrap();
    tally(dir.path())
        .arg("enter")
        .write_stdin(format!("{}other.txt\n", stdin(&[])))
        .assert()
        .code(0)
        .stderr(says("tape-120345-3.txt already exists"))
        .stderr(says("Written to other.txt."));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("tape-120345-3.txt")).unwrap(),
        "keep me"
    );
    assert!(dir.path().join("other.txt").exists());

    tally(dir.path())
        .arg("enter")
        .write_stdin(stdin(&[]))
        .assert()
        .code(2)
        .stderr(says("nothing written"));
}

#[test]
fn dash_writes_the_tape_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = tally(dir.path())
        .args(["enter", "-o", "-"])
        .write_stdin(stdin(&[]))
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let written = Tape::parse(std::str::from_utf8(&out).unwrap()).unwrap();
    assert_eq!(written.payload, example().payload);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
