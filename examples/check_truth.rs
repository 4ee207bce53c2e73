//! `make demo`'s last step: compares the statuses `tally verify` gave a simulated election's
//! tapes (DIR/verify.json) with the ground truth `tally simulate` wrote (DIR/truth.json).
//! Exit 0 when every tape got its expected status, 1 otherwise.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use tally::report::listing::Listing;

#[derive(serde::Deserialize)]
struct Truth {
    tapes: Vec<TruthTape>,
    anomalies: Vec<serde_json::Value>,
}

#[derive(serde::Deserialize)]
struct TruthTape {
    path: String,
    expected_status: String,
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!(
            "usage: check_truth DIR (a folder made by tally simulate, with verify.json in it)"
        );
        return ExitCode::from(2);
    };
    let dir = Path::new(&dir);
    let load = |name: &str| {
        std::fs::read(dir.join(name))
            .unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()))
    };
    let truth: Truth = serde_json::from_slice(&load("truth.json"))
        .expect("truth.json is tally simulate's ground truth");
    let listing: Listing = serde_json::from_slice(&load("verify.json"))
        .expect("verify.json is tally verify --format json");
    let expected: BTreeMap<String, &str> = truth
        .tapes
        .iter()
        .map(|t| {
            (
                dir.join(&t.path).display().to_string(),
                t.expected_status.as_str(),
            )
        })
        .collect();
    let mut wrong = 0;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for t in &listing.tapes {
        let got = t.status.as_str();
        *counts.entry(got).or_default() += 1;
        match expected.get(&t.path) {
            Some(want) if *want == got => {}
            Some(want) => {
                wrong += 1;
                eprintln!(
                    "MISMATCH {}: expected {want}, got {got} ({})",
                    t.path, t.reason
                );
            }
            None => {
                wrong += 1;
                eprintln!("UNEXPECTED {}: not in truth.json (got {got})", t.path);
            }
        }
    }
    let missing = expected
        .len()
        .saturating_sub(listing.tapes.len() - wrong.min(listing.tapes.len()));
    let summary: Vec<String> = counts.iter().map(|(s, n)| format!("{n} {s}")).collect();
    println!(
        "ground truth: {} tapes, {} anomalies injected; verify: {}",
        expected.len(),
        truth.anomalies.len(),
        summary.join(", ")
    );
    if wrong == 0 && listing.tapes.len() == expected.len() {
        println!("every tape got the status the ground truth expects");
        ExitCode::SUCCESS
    } else {
        eprintln!("{wrong} tapes got a status other than expected; {missing} expected tapes were not listed");
        ExitCode::from(1)
    }
}
