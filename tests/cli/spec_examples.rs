//! Every byte of the spec's examples must come out of our code. The examples are read from
//! `../shared/spec/examples` when it is there (and must equal the copy in `fixtures/spec`),
//! otherwise from `fixtures/spec`.

use std::path::{Path, PathBuf};

use tally::keyring::{Authenticity, Keyring};
use tally::tape::{parse_qr_text, qr_text, Payload, Signature, Tape};
use tally::verify::{verify_tape, Status};

fn dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("fixtures/spec")];
    dirs.extend(crate::common::shared_examples());
    dirs
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn fixtures_are_an_exact_copy_of_the_shared_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(shared) = crate::common::shared_examples() else {
        return;
    };
    for entry in std::fs::read_dir(&shared).unwrap() {
        let name = entry.unwrap().file_name();
        let ours = std::fs::read(root.join("fixtures/spec").join(&name)).unwrap_or_default();
        assert_eq!(
            ours,
            std::fs::read(shared.join(&name)).unwrap(),
            "fixtures/spec/{name:?} differs from the spec's; copy it again"
        );
    }
}

#[test]
fn tape_payload_and_qr_are_reproduced_byte_for_byte() {
    for dir in dirs() {
        let printed = read(&dir, "tape-120345-3.txt");
        let payload = read(&dir, "tape-120345-3.payload");
        let qr = read(&dir, "tape-120345-3.qr.txt");
        let tape = Tape::parse(&printed).unwrap();
        assert_eq!(tape.to_text(), printed);
        assert_eq!(tape.payload.to_text(), payload);
        assert_eq!(Payload::parse(&payload).unwrap(), tape.payload);
        let Signature::Present(sig) = tape.signature else {
            panic!("example is signed")
        };
        assert_eq!(qr_text(&tape.payload, &sig), qr);
        let from_qr = parse_qr_text(&qr).unwrap();
        assert_eq!(from_qr.payload, tape.payload);
        assert_eq!(from_qr.signature, Signature::Present(sig));
    }
}

#[test]
fn example_keyring_authenticates_and_the_tape_verifies() {
    for dir in dirs() {
        let keyring = Keyring::load(
            &dir.join("keyring.csv"),
            Some(&dir.join("commission-root.pub")),
            None,
        )
        .unwrap();
        assert!(matches!(
            keyring.authenticity,
            Authenticity::Authenticated { .. }
        ));
        let tape = Tape::parse(&read(&dir, "tape-120345-3.txt")).unwrap();
        assert_eq!(verify_tape(&tape, Some(&keyring)).status, Status::Verified);
        let qr = parse_qr_text(&read(&dir, "tape-120345-3.qr.txt")).unwrap();
        assert_eq!(verify_tape(&qr, Some(&keyring)).status, Status::Verified);
    }
}

#[test]
fn debian_minisign_verifies_the_example_keyring() {
    if !crate::common::outside_tool("minisign", "-v") {
        return;
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/spec");
    let status = std::process::Command::new("minisign")
        .args(["-Vm"])
        .arg(dir.join("keyring.csv"))
        .arg("-p")
        .arg(dir.join("commission-root.pub"))
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}
