//! The costs that bound `tally reconcile` at national scale, one core each, for
//! BENCHMARKS.md: strict signature verification, tape parsing, payload rebuilding, SHA-256 of a
//! tape file, and key checking. Run with `cargo bench --bench throughput`.

use std::hint::black_box;
use std::time::Instant;

use ed25519_dalek::{Signer, SigningKey};
use tally::keyring::check_public_key;
use tally::tape::{Signature, Tape};
use tally::verify::signature_holds;

fn per_item(label: &str, n: u32, mut f: impl FnMut(u32)) {
    for i in 0..n / 10 {
        f(i);
    }
    let start = Instant::now();
    for i in 0..n {
        f(i);
    }
    let each = start.elapsed().as_secs_f64() / f64::from(n);
    println!(
        "{label:<40} {:>8.2} µs each  ({:>7.0} per second per core)",
        each * 1e6,
        1.0 / each
    );
}

fn main() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/spec/tape-120345-3.txt"
    ))
    .unwrap();
    let mut tape = Tape::parse(&text).unwrap();
    // a tape of 40 choices, as in the national benchmark
    tape.payload.choices = (0..40)
        .map(|i| tally::tape::Choice {
            code: 100 + i,
            votes: 7 * i,
        })
        .collect();
    tape.names = (0..40)
        .map(|i| Some(format!("CANDIDATE NUMBER {i}")))
        .collect();
    let key = SigningKey::from_bytes(&[7; 32]);
    let payload = tape.payload.to_text();
    let sig = key.sign(payload.as_bytes()).to_bytes();
    tape.signature = Signature::Present(sig);
    let printed = tape.to_text();
    let public = key.verifying_key();
    println!(
        "tape of 40 choices: {} bytes printed, {} bytes signed",
        printed.len(),
        payload.len()
    );
    per_item("verify_strict (Ed25519)", 20_000, |_| {
        assert!(signature_holds(
            black_box(&public),
            payload.as_bytes(),
            &sig
        ))
    });
    per_item("parse a printed tape", 20_000, |_| {
        black_box(Tape::parse(black_box(&printed)).unwrap());
    });
    per_item("rebuild the signed payload", 100_000, |_| {
        black_box(tape.payload.to_text());
    });
    per_item("SHA-256 of the tape file", 100_000, |_| {
        use sha2::Digest;
        black_box(sha2::Sha256::digest(black_box(printed.as_bytes())));
    });
    let raw = public.to_bytes();
    per_item("check a keyring public key", 20_000, |_| {
        black_box(check_public_key(black_box(&raw)).unwrap());
    });
}
