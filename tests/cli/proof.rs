//! Reports claim exactly what is proven: on a simulated election gathered as photos, a photo
//! whose OCR reading no signature proves is `unproven` (one `tape-unproven` finding carrying
//! its differences, no discrepancy, no vote shift), a photo that cannot be read makes its
//! station `tape-unreadable` (never `tape-missing`), and the summary's counts add up.

use std::path::{Path, PathBuf};

use tally::photo::{render_altered_image, PhotoStyle};
use tally::report::reconcile::model::{AreaRecord, ReconcileReport, StationRecord};
use tally::tape::Tape;

use crate::common::{simulated_election, tally};

/// `tally reconcile --tapes TAPES` over the simulated election in `dir/sim`, as JSON.
/// `tally reconcile` of the tapes under `tapes` against the simulation's published results,
/// with its keyring authenticated, in `format`.
fn reconcile_as(dir: &Path, tapes: &str, format: &str, extra: &[&str]) -> std::process::Output {
    tally()
        .current_dir(dir)
        .args(["reconcile", "--tapes", tapes])
        .args(["--published", "sim/published.csv"])
        .args(["--keyring", "sim/keyring.csv"])
        .args(["--root-key", "sim/commission-root.pub"])
        .args(["--no-cache", "--format", format])
        .args(extra)
        .output()
        .unwrap()
}

fn reconcile_json(dir: &Path, tapes: &str, extra: &[&str]) -> (ReconcileReport, i32) {
    let out = reconcile_as(dir, tapes, "json", extra);
    let report: ReconcileReport = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (report, out.status.code().unwrap())
}

fn station(r: &ReconcileReport, key: (u32, u32)) -> &StationRecord {
    r.stations
        .iter()
        .find(|s| (s.center, s.station) == key)
        .unwrap_or_else(|| panic!("station {key:?} is not in the report"))
}

fn kinds(s: &StationRecord) -> Vec<&'static str> {
    s.findings.iter().map(|f| f.kind.as_str()).collect()
}

/// Every station is counted once, in exactly one of the partition's counts.
fn adds_up(a: &AreaRecord) {
    let parts = a.stations_matching_verified
        + a.stations_matching_not_proven
        + a.stations_with_findings
        + a.stations_unproven
        + a.stations_unreadable
        + a.stations_without_tape;
    assert_eq!(parts, a.stations, "{a:?}");
    assert_eq!(
        a.stations_matching,
        a.stations_matching_verified + a.stations_matching_not_proven
    );
    assert!(a.stations_covered_verified <= a.stations_covered);
}

/// The photo of a station's tape: `sim/photos/gov-NN/tape-CENTER-STATION.jpg`.
fn photo_of(dir: &Path, key: (u32, u32)) -> (PathBuf, PathBuf) {
    let name = format!("tape-{}-{}", key.0, key.1);
    let find = |folder: &str, ext: &str| {
        walkdir::WalkDir::new(dir.join(folder))
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .find(|p| p.file_name().unwrap().to_string_lossy() == format!("{name}.{ext}"))
            .unwrap_or_else(|| panic!("no {name}.{ext} under {folder}"))
    };
    (find("sim/photos", "jpg"), find("sim/tapes", "txt"))
}

#[test]
#[cfg(feature = "ocr")]
fn unproven_readings_and_unreadable_photos_are_never_discrepancies() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    tally()
        .current_dir(d)
        .args([
            "simulate",
            "--out",
            "sim",
            "--stations",
            "10",
            "--choices",
            "4",
        ])
        .args(["--seed", "5", "--photos", "--photo-style", "phone"])
        .assert()
        .success();
    // Two stations whose typed tape verifies and matches the published figures.
    let (typed, _) = reconcile_json(d, "sim/tapes", &[]);
    let clean: Vec<(u32, u32)> = typed
        .stations
        .iter()
        .filter(|s| s.tape_status.as_str() == "verified" && s.findings.is_empty())
        .map(|s| (s.center, s.station))
        .take(2)
        .collect();
    assert_eq!(clean.len(), 2, "the simulation has two clean stations");
    let (altered, unreadable) = (clean[0], clean[1]);

    // A photo whose printed figures are not the ones signed (100 votes moved onto a choice),
    // its QR code smudged: read by OCR, the signature fails with it, nothing proves it.
    let (photo, tape_file) = photo_of(d, altered);
    let truth = Tape::parse(&std::fs::read_to_string(&tape_file).unwrap()).unwrap();
    let mut printed = truth.clone();
    printed.payload.choices[0].votes += 100;
    printed.payload.valid += 100;
    printed.payload.ballots += 100;
    printed.payload.voters += 100;
    printed.payload.registered += 100;
    let smudged = PhotoStyle {
        smudge_qr: true,
        ..PhotoStyle::clean()
    };
    let png = photo.with_extension("png");
    render_altered_image(&printed, &truth, &smudged, 2)
        .unwrap()
        .save(&png)
        .unwrap();
    std::fs::remove_file(&photo).unwrap();
    // A photo that is no photo at all, under the station's name.
    let (broken, _) = photo_of(d, unreadable);
    std::fs::write(&broken, b"\xFF\xD8\xFF this is not a JPEG").unwrap();

    let (r, code) = reconcile_json(d, "sim/photos", &[]);
    assert_eq!(code, 2, "an input could not be read");
    let s = station(&r, altered);
    // The signature fails with the figures read (`unproven`), or OCR could not read a line of
    // it (`unreadable-signature`): either way nothing proves the reading.
    assert!(
        ["unproven", "unreadable-signature"].contains(&s.tape_status.as_str()),
        "{:?}",
        s.tapes
    );
    assert_eq!(kinds(s), ["tape-unproven"], "{:?}", s.findings);
    let f = &s.findings[0];
    assert!(f.detail.contains("tally review"), "{}", f.detail);
    assert!(
        f.differences
            .iter()
            .any(|d| d.kind.as_str() == "vote-mismatch"),
        "the differences as read are carried: {:?}",
        f.differences
    );
    assert_eq!(
        f.evidence.as_ref().unwrap().path,
        png.strip_prefix(d).unwrap().display().to_string()
    );
    // No discrepancy anywhere rests on an unproven tape.
    for s in r.stations.iter().filter(|s| {
        s.findings
            .iter()
            .any(|f| f.kind.as_str() == "tape-unproven")
    }) {
        assert!(
            s.findings
                .iter()
                .all(|f| !f.kind.is_discrepancy() || f.kind.as_str().starts_with("published-")),
            "{:?}",
            s.findings
        );
    }
    // The CSV carries the same differences in its `differences` column.
    let out = reconcile_as(d, "sim/photos", "csv", &[]);
    let mut rows = csv::Reader::from_reader(out.stdout.as_slice());
    let header = rows.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = rows
        .records()
        .map(Result::unwrap)
        .find(|r| {
            &r[column("kind")] == "tape-unproven"
                && r[column("center")] == altered.0.to_string()
                && r[column("station")] == altered.1.to_string()
        })
        .expect("a tape-unproven row");
    let want: Vec<&str> = f.differences.iter().map(|d| d.detail.as_str()).collect();
    assert_eq!(&row[column("differences")], want.join("; "));
    let s = station(&r, unreadable);
    assert_eq!(kinds(s), ["tape-unreadable"], "{:?}", s.findings);
    assert!(s.findings[0]
        .detail
        .contains(&broken.file_name().unwrap().to_string_lossy().to_string()));
    assert_eq!(s.unreadable.len(), 1);
    let o = &r.summary.overall;
    adds_up(o);
    r.summary.governorates.iter().for_each(adds_up);
    r.summary.districts.iter().for_each(adds_up);
    assert!(
        o.stations_unproven >= 1 && o.stations_unreadable >= 1,
        "{o:?}"
    );
    assert_eq!(o.findings.get("tape-missing"), None, "{:?}", o.findings);

    // The unproven reading shifts no vote: the same shifts as without that photo at all.
    std::fs::remove_file(&png).unwrap();
    let (without, _) = reconcile_json(d, "sim/photos", &[]);
    assert_eq!(
        station(&without, altered).findings[0].kind.as_str(),
        "tape-missing"
    );
    assert_eq!(o.net_vote_shift, without.summary.overall.net_vote_shift);
    assert_eq!(
        o.net_vote_shift_unverified,
        without.summary.overall.net_vote_shift_unverified
    );
}

/// With no root key, a signature that holds proves nothing: no station matches "verified",
/// and the matching ones are said to match on a tape that is not proven.
#[test]
fn without_the_root_key_nothing_matches_as_proven() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    simulated_election(d, 12, 3, 8);
    let run = |extra: &[&str]| {
        tally()
            .current_dir(d)
            .args(["reconcile", "--tapes", "sim/tapes"])
            .args([
                "--published",
                "sim/published.csv",
                "--keyring",
                "sim/keyring.csv",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let r: ReconcileReport = serde_json::from_slice(&run(&["--format", "json"]).stdout).unwrap();
    let o = &r.summary.overall;
    adds_up(o);
    assert_eq!(o.stations_verified, 0);
    assert_eq!(o.stations_matching_verified, 0);
    assert_eq!(o.stations_covered_verified, 0);
    assert!(o.stations_matching_not_proven > 0, "{o:?}");
    assert!(o.net_vote_shift.is_empty());
    assert!(r
        .stations
        .iter()
        .all(|s| s.findings.iter().all(|f| !f.verified)));
    let text = String::from_utf8_lossy(&run(&[]).stdout).to_string();
    assert!(text.contains("0 match, on a verified tape"), "{text}");
    assert!(text.contains("match, on a tape not proven"), "{text}");
    assert!(!text.contains("stations match;"), "{text}");
}
