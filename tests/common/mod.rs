//! Helpers shared by the CLI tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The spec's example files, copied into fixtures/spec.
pub fn spec(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/spec")
        .join(name)
}

/// The example tape's text.
pub fn example_tape() -> String {
    std::fs::read_to_string(spec("tape-120345-3.txt")).unwrap()
}

/// `tally` with no colour.
pub fn tally() -> Command {
    let mut cmd = Command::cargo_bin("tally").unwrap();
    cmd.env_remove("NO_COLOR").arg("--color=never");
    cmd
}

/// `tally verify ARGS --keyring ... --root-key ...` against the spec keyring.
pub fn verify_with_keyring() -> Command {
    let mut cmd = tally();
    cmd.arg("verify")
        .arg("--keyring")
        .arg(spec("keyring.csv"))
        .arg("--root-key")
        .arg(spec("commission-root.pub"));
    cmd
}
