//! `tally keys generate` and `tally keys show` through the real binary, and their files
//! against Debian's minisign(1) (skipped, with a note, when it is not installed).

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::tally;
use predicates::str::contains;

/// Whether minisign(1) is on this machine.
fn minisign() -> bool {
    crate::common::outside_tool("minisign", "-v")
}

/// `minisign -Sm FILE -s KEY`, the passphrase (if any) on standard input.
fn minisign_sign(file: &Path, key: &Path, pass: Option<&str>) {
    let mut child = Command::new("minisign")
        .arg("-Sm")
        .arg(file)
        .arg("-s")
        .arg(key)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    if let Some(p) = pass {
        writeln!(child.stdin.take().unwrap(), "{p}").unwrap();
    }
    drop(child.stdin.take());
    assert!(child.wait().unwrap().success(), "minisign -S failed");
}

fn minisign_verifies(file: &Path, public: &Path) -> bool {
    Command::new("minisign")
        .arg("-Vm")
        .arg(file)
        .arg("-p")
        .arg(public)
        .output()
        .unwrap()
        .status
        .success()
}

#[test]
fn generated_keys_are_minisign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    tally()
        .args(["keys", "generate", "--no-password", "--out"])
        .arg(&plain)
        .assert()
        .success()
        .stdout(contains("NOT protected"));
    let guarded = dir.path().join("guarded");
    tally()
        .env("TALLY_KEY_PASSWORD", "s3cret words")
        .args(["keys", "generate", "--out"])
        .arg(&guarded)
        .assert()
        .success()
        .stdout(contains("protected by your passphrase"));
    let pub_text = std::fs::read_to_string(dir.path().join("guarded.pub")).unwrap();
    assert!(pub_text.starts_with("untrusted comment: minisign public key "));
    tally()
        .env("TALLY_KEY_PASSWORD", "s3cret words")
        .args(["keys", "show"])
        .arg(dir.path().join("guarded.key"))
        .assert()
        .success()
        .stdout(contains("protected by a passphrase"));
    tally()
        .args(["keys", "show"])
        .arg(dir.path().join("plain.pub"))
        .assert()
        .success()
        .stdout(contains("kind: public key"));
    if !minisign() {
        return;
    }
    let file = dir.path().join("data.txt");
    std::fs::write(&file, "evidence\n").unwrap();
    minisign_sign(&file, &dir.path().join("plain.key"), None);
    assert!(minisign_verifies(&file, &dir.path().join("plain.pub")));
    minisign_sign(&file, &dir.path().join("guarded.key"), Some("s3cret words"));
    assert!(minisign_verifies(&file, &dir.path().join("guarded.pub")));
    assert!(!minisign_verifies(&file, &dir.path().join("plain.pub")));
}

#[test]
fn keys_made_by_minisign_work() {
    if !minisign() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("minisign")
        .args(["-G", "-W", "-p"])
        .arg(dir.path().join("m.pub"))
        .arg("-s")
        .arg(dir.path().join("m.key"))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let id = std::fs::read_to_string(dir.path().join("m.pub")).unwrap();
    let id = id
        .lines()
        .next()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .to_string();
    // minisign(1) prints the key id without leading zeros; tally always with 16 digits.
    let id = format!("{:016X}", u64::from_str_radix(&id, 16).unwrap());
    tally()
        .args(["keys", "show"])
        .arg(dir.path().join("m.key"))
        .assert()
        .success()
        .stdout(contains(format!("key id: {id}")))
        .stdout(contains("NOT protected"));
}

#[test]
fn wrong_passphrase_corrupt_key_and_existing_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("k");
    tally()
        .env("TALLY_KEY_PASSWORD", "right")
        .args(["keys", "generate", "--out"])
        .arg(&prefix)
        .assert()
        .success();
    let key = dir.path().join("k.key");
    tally()
        .env("TALLY_KEY_PASSWORD", "wrong")
        .args(["keys", "show"])
        .arg(&key)
        .assert()
        .code(2)
        .stderr(contains("wrong passphrase"));
    let before = std::fs::read(&key).unwrap();
    tally()
        .env("TALLY_KEY_PASSWORD", "right")
        .args(["keys", "generate", "--out"])
        .arg(&prefix)
        .assert()
        .code(2)
        .stderr(contains("never replaces a key file"));
    assert_eq!(std::fs::read(&key).unwrap(), before);
    tally()
        .env("TALLY_KEY_PASSWORD", "")
        .args(["keys", "generate", "--out"])
        .arg(dir.path().join("empty"))
        .assert()
        .code(2)
        .stderr(contains("--no-password"));
    let broken = dir.path().join("broken.key");
    std::fs::write(&broken, "untrusted comment: x\nRWQAAEIy\n").unwrap();
    tally()
        .args(["keys", "show"])
        .arg(&broken)
        .assert()
        .code(2)
        .stderr(contains("not a minisign secret key"));
}
