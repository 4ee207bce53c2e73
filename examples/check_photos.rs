//! `make demo-photos`' last step: checks what tally read from the photos of a simulated
//! election (`tally simulate --photos`) against the tapes they show: DIR/photos.json (`tally
//! verify --format json` of DIR/photos) and DIR/photo-report.json (`tally reconcile` of the
//! photos). Exit 1 if any photo is reported verified with a figure its tape does not carry.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use common::load;

use tally::report::listing::{InputStatus, Listing};
use tally::report::reconcile::model::ReconcileReport;
use tally::simulate::score::score;
use tally::simulate::truth::Truth;
use tally::tape::Tape;
use tally::verify::Status;

/// Photos counted by how their QR code was printed: `[readable, smudged]`.
#[derive(Default)]
struct Tally {
    photos: [usize; 2],
    as_expected: [usize; 2],
    wrong_verified: usize,
}

fn check(dir: &Path) -> Result<bool, String> {
    let truth: Truth = load(dir, "truth.json")?;
    let listing: Listing = load(dir, "photos.json")?;
    let expected: BTreeMap<&str, Status> = truth
        .tapes
        .iter()
        .map(|t| (t.path.as_str(), t.expected_status))
        .collect();
    let read: BTreeMap<String, _> = listing.tapes.iter().map(|t| (t.path.clone(), t)).collect();
    let mut tally = Tally::default();
    for photo in &truth.photos {
        let k = usize::from(photo.qr_smudged);
        tally.photos[k] += 1;
        let text = std::fs::read_to_string(dir.join(&photo.tape)).map_err(|e| e.to_string())?;
        let tape = Tape::parse(&text).map_err(|e| format!("{}: {e}", photo.tape))?;
        let Some(entry) = read.get(&dir.join(&photo.path).display().to_string()) else {
            return Err(format!("{} is missing from photos.json", photo.path));
        };
        let same = entry.payload.as_deref() == Some(tape.payload.to_text().as_str());
        let want = expected.get(photo.tape.as_str()).copied();
        match entry.status {
            InputStatus::Tape(Status::Verified) if !same => {
                tally.wrong_verified += 1;
                eprintln!(
                    "WRONG {}: verified, but not the figures of its tape",
                    photo.path
                );
            }
            InputStatus::Tape(status) if same && Some(status) == want => {
                tally.as_expected[k] += 1;
            }
            // A forged tape read by OCR: its signature fails with the figures read, which
            // could as well be a misreading, so the reading is `unproven`, as it must be.
            InputStatus::Tape(Status::Unproven) if same && want == Some(Status::BadSignature) => {
                tally.as_expected[k] += 1;
            }
            _ => {}
        }
    }
    let share = |k: usize| {
        format!(
            "{}/{} ({:.0}%)",
            tally.as_expected[k],
            tally.photos[k],
            100.0 * tally.as_expected[k] as f64 / tally.photos[k].max(1) as f64
        )
    };
    println!(
        "photos: read exactly, with the status their tape must get: {} with a readable QR code, {} with a smudged one; verified with a wrong figure: {}",
        share(0),
        share(1),
        tally.wrong_verified
    );
    let report: ReconcileReport = load(dir, "photo-report.json")?;
    let s = score(&report, &truth);
    println!(
        "findings from the photos alone: {} injected, {} found; precision {:.3}, recall {:.3} (a photo that could not be read leaves its station's findings unfound)",
        s.expected, s.found, s.precision, s.recall
    );
    Ok(tally.wrong_verified == 0)
}

fn main() -> ExitCode {
    common::run(
        "check_photos",
        "DIR (made by tally simulate --photos, with photos.json and photo-report.json in it)",
        check,
    )
}
