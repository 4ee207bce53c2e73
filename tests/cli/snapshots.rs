//! Snapshots of what people read: the terminal table and the Markdown report of a
//! reconciliation, and the verify table. Run from `fixtures/` so paths are stable; update with
//! `INSTA_UPDATE=always cargo test --test cli snapshots::` after an intended change, and read the diff.

use std::path::Path;

use crate::common::tally;

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"))
}

fn run(args: &[&str]) -> String {
    let out = tally().current_dir(fixtures()).args(args).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

const KEYS: [&str; 4] = [
    "--keyring",
    "spec/keyring.csv",
    "--root-key",
    "spec/commission-root.pub",
];
const PUBLISHED: &str = "published/long-10-votes-moved-117-to-230-and-station-4-without-tape.csv";

#[test]
fn reconcile_table() {
    let mut args = vec![
        "reconcile",
        "--tapes",
        "spec/tape-120345-3.txt",
        "--published",
        PUBLISHED,
    ];
    args.extend(KEYS);
    insta::assert_snapshot!(run(&args));
}

#[test]
fn reconcile_markdown() {
    let mut args = vec![
        "reconcile",
        "--tapes",
        "spec/tape-120345-3.txt",
        "--published",
        PUBLISHED,
        "--format",
        "markdown",
    ];
    args.extend(KEYS);
    insta::assert_snapshot!(run(&args));
}

#[test]
fn verify_table() {
    let mut args = vec![
        "verify",
        "spec/tape-120345-3.txt",
        "spec/tape-120345-3.qr.txt",
        "spec/keyring.csv",
    ];
    args.extend(KEYS);
    insta::assert_snapshot!(run(&args));
}
