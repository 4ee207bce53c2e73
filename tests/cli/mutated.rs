//! 3,000 mutated tapes in one run (issue 9): byte flips, dropped and doubled lines, any
//! Unicode at line starts and inside fields, NUL bytes, byte-order marks, CR/CRLF mixes and
//! lines of a million characters, made from a simulated election's signed tapes. One run of
//! `tally verify` must list every file once, end with exit ≤ 2 without a panic, and never call
//! `verified` a tape whose payload differs from a signed original's.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rand::{seq::SliceRandom as _, Rng as _, SeedableRng as _};
use rand_chacha::ChaCha8Rng;
use tally::report::listing::Listing;

use crate::common::tally;

/// Text that is put at line starts and inside fields.
const UNICODE: &[&str] = &[
    "في",
    "المفوضية",
    "ڕێکخراو",
    "۱۲۳",
    "٤٥",
    "é",
    "éé",
    "🗳",
    "👨\u{200D}👩\u{200D}👧",
    "\u{064B}",
    "\u{0301}",
    "\u{202E}",
    "\u{2066}",
    "\u{200F}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{FDFD}",
    "\u{0000}",
    "\u{00A0}",
    "\u{2028}",
    "\u{0085}",
    "SIG",
    "SIG1",
    "VOTERS",
    "117",
    "-----",
];

/// One mutation of a tape's bytes.
fn mutate(bytes: &mut Vec<u8>, rng: &mut ChaCha8Rng) {
    let lines =
        |b: &[u8]| -> Vec<Vec<u8>> { b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect() };
    match rng.gen_range(0..12) {
        0 | 1 => {
            let i = rng.gen_range(0..bytes.len().max(1));
            if let Some(b) = bytes.get_mut(i) {
                *b ^= 1 << rng.gen_range(0..8);
            }
        }
        2 => {
            let mut l = lines(bytes);
            let i = rng.gen_range(0..l.len());
            l.remove(i);
            *bytes = l.join(&b'\n');
        }
        3 => {
            let mut l = lines(bytes);
            let i = rng.gen_range(0..l.len());
            let line = l[i].clone();
            l.insert(i, line);
            *bytes = l.join(&b'\n');
        }
        4 | 5 => {
            let mut l = lines(bytes);
            let i = rng.gen_range(0..l.len());
            let what = UNICODE.choose(rng).unwrap().as_bytes();
            l[i].splice(0..0, what.iter().copied().chain([b' ']));
            *bytes = l.join(&b'\n');
        }
        6 => {
            // Inside a field: at a character boundary of the text, or anywhere in bytes.
            let what = UNICODE.choose(rng).unwrap().as_bytes();
            let i = rng.gen_range(0..=bytes.len());
            bytes.splice(i..i, what.iter().copied());
        }
        7 => {
            let i = rng.gen_range(0..=bytes.len());
            bytes.insert(i, 0);
        }
        8 => {
            let i = if rng.gen_bool(0.5) {
                0
            } else {
                rng.gen_range(0..=bytes.len())
            };
            bytes.splice(i..i, "\u{FEFF}".bytes());
        }
        9 => {
            let mut out = Vec::with_capacity(bytes.len() + 64);
            for &b in bytes.iter() {
                match (b, rng.gen_range(0..3)) {
                    (b'\n', 0) => out.extend_from_slice(b"\r\n"),
                    (b'\n', 1) => out.push(b'\r'),
                    _ => out.push(b),
                }
            }
            *bytes = out;
        }
        10 => {
            // Two digits swapped somewhere.
            let digits: Vec<usize> = (0..bytes.len())
                .filter(|&i| bytes[i].is_ascii_digit())
                .collect();
            if let (Some(&a), Some(&b)) = (digits.choose(rng), digits.choose(rng)) {
                bytes.swap(a, b);
            }
        }
        _ => {
            let mut l = lines(bytes);
            let i = rng.gen_range(0..l.len());
            l[i].extend(std::iter::repeat_n(b'7', rng.gen_range(1..400)));
            *bytes = l.join(&b'\n');
        }
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

fn verify_json(dir: &Path, paths: &[&str]) -> (Listing, i32) {
    let out = tally()
        .current_dir(dir)
        .arg("verify")
        .args(paths)
        .args([
            "--keyring",
            "sim/keyring.csv",
            "--root-key",
            "sim/commission-root.pub",
        ])
        .args(["--format", "json", "--no-cache"])
        .timeout(Duration::from_secs(600))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let listing = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (
        listing,
        out.status.code().expect("exit status, not a signal"),
    )
}

#[test]
fn three_thousand_mutated_tapes_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    tally()
        .current_dir(dir.path())
        .args([
            "simulate",
            "--out",
            "sim",
            "--stations",
            "60",
            "--choices",
            "6",
            "--seed",
            "9",
        ])
        .assert()
        .success();
    let (originals, _) = verify_json(dir.path(), &["sim/tapes"]);
    let signed: BTreeSet<String> = originals
        .tapes
        .iter()
        .filter(|t| t.status.as_str() == "verified")
        .filter_map(|t| t.payload.clone())
        .collect();
    assert!(signed.len() >= 40, "{} verified originals", signed.len());
    let tapes: Vec<Vec<u8>> = files_under(&dir.path().join("sim/tapes"))
        .iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    let mutants = dir.path().join("mutants");
    std::fs::create_dir(&mutants).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    for i in 0..3000 {
        let mut bytes = tapes.choose(&mut rng).unwrap().clone();
        if i % 600 == 0 {
            // A line of a million characters.
            bytes.extend(std::iter::repeat_n(b'X', 1_000_000));
        } else {
            for _ in 0..rng.gen_range(1..=3) {
                mutate(&mut bytes, &mut rng);
            }
        }
        std::fs::write(mutants.join(format!("m{i:04}.txt")), bytes).unwrap();
    }
    let (listing, code) = verify_json(dir.path(), &["mutants"]);
    assert!(code <= 2, "exit {code}");
    assert_eq!(listing.tapes.len(), 3000, "one entry per file");
    let mut seen = BTreeSet::new();
    for t in &listing.tapes {
        assert!(seen.insert(t.path.clone()), "{} listed twice", t.path);
        if t.status.as_str() == "verified" {
            let payload = t.payload.as_deref().unwrap_or_default();
            assert!(
                signed.contains(payload),
                "{} is verified with a payload no original was signed with:\n{payload}",
                t.path
            );
        }
        assert!(
            !t.reason.contains("internal error"),
            "{}: {}",
            t.path,
            t.reason
        );
    }
    let verified = listing
        .tapes
        .iter()
        .filter(|t| t.status.as_str() == "verified")
        .count();
    eprintln!("mutants by status: {:?}", listing.summary.by_status);
    assert!(
        verified > 100 && verified < 2900,
        "{verified} of 3000 verified: mutations too weak or too strong"
    );
}
