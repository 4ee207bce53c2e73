//! `make demo`'s last step: checks what tally made of a simulated election against the ground
//! truth `tally simulate` wrote (DIR/truth.json): every tape's status in DIR/verify.json, and
//! every finding of DIR/report.json (precision and recall). Exit 0 when both are exact.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use common::load;

use tally::report::listing::Listing;
use tally::report::reconcile::model::ReconcileReport;
use tally::simulate::score::score;
use tally::simulate::truth::Truth;

fn check(dir: &Path) -> Result<bool, String> {
    let truth: Truth = load(dir, "truth.json")?;
    let listing: Listing = load(dir, "verify.json")?;
    let report: ReconcileReport = load(dir, "report.json")?;
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
    for t in &listing.tapes {
        let got = t.status.as_str();
        if expected.get(&t.path) != Some(&got) {
            wrong += 1;
            eprintln!(
                "MISMATCH {}: expected {:?}, got {got} ({})",
                t.path,
                expected.get(&t.path),
                t.reason
            );
        }
    }
    let statuses_ok = wrong == 0 && listing.tapes.len() == expected.len();
    println!(
        "tapes: {} in the ground truth, {} verified by tally; {}",
        expected.len(),
        listing.tapes.len(),
        if statuses_ok {
            "every tape got the status the ground truth expects".to_string()
        } else {
            format!("{wrong} got another status")
        }
    );
    let s = score(&report, &truth);
    println!(
        "findings: {} injected, {} found by tally reconcile; precision {:.3}, recall {:.3}",
        s.expected, s.found, s.precision, s.recall
    );
    for x in s.extra.iter().take(10) {
        eprintln!("UNEXPECTED {x}");
    }
    for x in s.missed.iter().take(10) {
        eprintln!("MISSED {x}");
    }
    Ok(statuses_ok && s.precision == 1.0 && s.recall == 1.0)
}

fn main() -> ExitCode {
    common::run(
        "check_truth",
        "DIR (made by tally simulate, with verify.json and report.json in it)",
        check,
    )
}
