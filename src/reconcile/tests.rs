use std::collections::BTreeMap;
use std::path::Path;

use super::*;
use crate::published::{load, ImportOptions};

const TAPE: &str = include_str!("../../fixtures/spec/tape-120345-3.txt");

fn gathered(path: &str, text: &str, status: Status) -> Gathered {
    let tape = Tape::parse(text).unwrap();
    Gathered {
        path: path.into(),
        sha256: Some("00".into()),
        source: Source::Typed,
        status,
        reason: String::new(),
        payload_sha256: crate::verify::verify_tape(&tape, None).payload_sha256,
        tape,
        line: None,
    }
}

fn published(rows: &str) -> Published {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.csv");
    std::fs::write(&path, format!("governorate,district,center,station,registered,voters,ballots,invalid,valid,choice,votes\n{rows}")).unwrap();
    load(Path::new(&path), &ImportOptions::default()).unwrap()
}

fn rows(station: u32, votes: [u32; 5], valid: u32) -> String {
    [101, 102, 103, 117, 230]
        .iter()
        .zip(votes)
        .map(|(c, v)| format!("12,3,120345,{station},512,301,301,7,{valid},{c},{v}\n"))
        .collect()
}

fn kinds(r: &StationResult) -> Vec<(&'static str, Option<u32>, Option<String>)> {
    r.findings
        .iter()
        .map(|f| (f.kind.as_str(), f.choice, f.field.clone()))
        .collect()
}

#[test]
fn identical_figures_find_nothing() {
    let p = published(&rows(3, [45, 12, 0, 151, 86], 294));
    let r = reconcile(vec![gathered("a.txt", TAPE, Status::Verified)], &p);
    assert_eq!(r.stations.len(), 1);
    assert!(r.stations[0].findings.is_empty());
    assert_eq!(r.summary.overall.stations_matching, 1);
    assert!(r.summary.overall.net_vote_shift.is_empty());
}

#[test]
fn moved_votes_are_found_and_shifted() {
    let p = published(&rows(3, [45, 12, 0, 141, 96], 294));
    let r = reconcile(vec![gathered("a.txt", TAPE, Status::Verified)], &p);
    let s = &r.stations[0];
    assert_eq!(
        kinds(s),
        [
            ("vote-mismatch", Some(117), None),
            ("vote-mismatch", Some(230), None)
        ]
    );
    assert!(s
        .findings
        .iter()
        .all(|f| f.severity == Severity::Critical && f.verified));
    let key = |code| ChoiceKey {
        governorate: Some(12),
        district: Some(3),
        code,
    };
    assert_eq!(
        r.summary.overall.net_vote_shift,
        BTreeMap::from([(key(117), -10), (key(230), 10)])
    );
    assert_eq!(r.summary.districts[0].district, Some(3));
    assert_eq!(r.summary.overall.proven_differ(), 1);
    // On a national ballot, the code alone.
    let national = reconcile_with(
        vec![gathered("a.txt", TAPE, Status::Verified)],
        Vec::new(),
        &p,
        BallotScope::National,
    );
    let code = |code| ChoiceKey {
        governorate: None,
        district: None,
        code,
    };
    assert_eq!(
        national.summary.overall.net_vote_shift,
        BTreeMap::from([(code(117), -10), (code(230), 10)])
    );
}

/// The same code on two districts' ballots is two choices: their shifts are never summed.
#[test]
fn a_code_is_a_choice_only_within_its_district() {
    let mut p = published(&rows(3, [45, 12, 0, 141, 96], 294));
    let other = TAPE
        .replace(
            "DISTRICT                               3",
            "DISTRICT                               4",
        )
        .replace(
            "STATION                                3",
            "STATION                                4",
        );
    let mut second = p.stations[&(120345, 3)].clone();
    second.station = 4;
    second.district = Some(4);
    second
        .choices
        .iter_mut()
        .find(|c| c.code == 117)
        .unwrap()
        .votes = 161;
    second
        .choices
        .iter_mut()
        .find(|c| c.code == 230)
        .unwrap()
        .votes = 76;
    p.stations.insert((120345, 4), second);
    let tapes = vec![
        gathered("a.txt", TAPE, Status::Verified),
        gathered("b.txt", &other, Status::Unsigned),
    ];
    let r = reconcile(tapes, &p);
    let shifts: Vec<_> = r
        .summary
        .overall
        .net_vote_shift
        .iter()
        .chain(&r.summary.overall.net_vote_shift_unverified)
        .map(|(k, v)| (k.district, k.code, *v))
        .collect();
    assert_eq!(
        shifts,
        [
            (Some(3), 117, -10),
            (Some(3), 230, 10),
            (Some(4), 117, 10),
            (Some(4), 230, -10)
        ]
    );
}

/// Every station with findings is counted once, under the first reason that holds; the
/// counts add up.
#[test]
fn stations_with_findings_are_counted_once_by_reason() {
    let p = published(&format!(
        "{}{}",
        rows(3, [45, 12, 0, 141, 96], 294),
        rows(4, [45, 12, 0, 141, 96], 294)
    ));
    let other = TAPE.replace(
        "STATION                                3",
        "STATION                                4",
    );
    let r = reconcile(
        vec![
            gathered("a.txt", TAPE, Status::Verified),
            gathered("b.txt", &other, Status::BadSignature),
        ],
        &p,
    );
    let o = &r.summary.overall;
    assert_eq!(
        o.discrepancies,
        BTreeMap::from([
            (Discrepancy::ProvenDiffer, 1),
            (Discrepancy::TapeFailsVerification, 1)
        ])
    );
    assert_eq!(
        o.discrepancies.values().sum::<usize>(),
        o.stations_with_findings
    );
}

/// An OCR reading nothing proves that names a station nobody holds makes no station: named
/// for a published station by its file, it is that station's unreadable photo (the station
/// is not `tape-missing`); else it is unattributed.
#[test]
fn unproven_readings_make_no_station_of_their_own() {
    let p = published(&rows(3, [45, 12, 0, 151, 86], 294));
    let misread = TAPE.replace(
        "STATION                                3",
        "STATION                                8",
    );
    let reading = |path: &str| Gathered {
        source: Source::Ocr,
        ..gathered(path, &misread, Status::Unproven)
    };
    let r = reconcile(vec![reading("photos/120345-3.jpg")], &p);
    assert_eq!(r.stations.len(), 1, "no station 120345-8");
    assert!(r.unattributed.is_empty());
    let s = &r.stations[0];
    assert_eq!((s.center, s.station), (120345, 3));
    assert_eq!(s.unreadable.len(), 1);
    assert!(s.unreadable[0]
        .reason
        .contains("read by OCR as station 120345-8"));
    assert_eq!(r.summary.overall.stations_unreadable, 1);
    let r = reconcile(vec![reading("photos/IMG_0001.jpg")], &p);
    assert_eq!(r.stations.len(), 1);
    assert_eq!(r.unattributed.len(), 1);
    assert_eq!(r.summary.overall.stations_without_tape, 1);
    // A reading that verifies makes its station, published or not.
    let r = reconcile(vec![gathered("x.txt", &misread, Status::Verified)], &p);
    assert_eq!(r.stations.len(), 2);
}

#[test]
fn unverified_tapes_are_compared_but_marked() {
    let p = published(&rows(3, [45, 12, 0, 141, 96], 294));
    let r = reconcile(vec![gathered("a.txt", TAPE, Status::Unsigned)], &p);
    assert!(r.stations[0]
        .findings
        .iter()
        .all(|f| !f.verified && f.severity == Severity::Medium));
    assert!(r.summary.overall.net_vote_shift.is_empty());
    assert_eq!(r.summary.overall.net_vote_shift_unverified.len(), 2);
}

#[test]
fn duplicates_count_once_and_conflicts_are_named() {
    let p = published(&rows(3, [45, 12, 0, 151, 86], 294));
    let copy = gathered("b.txt", TAPE, Status::Verified);
    let r = reconcile(vec![gathered("a.txt", TAPE, Status::Verified), copy], &p);
    assert_eq!(r.stations[0].tapes.len(), 1);
    assert_eq!(r.stations[0].tapes[0].copies.len(), 2);
    assert!(r.stations[0].findings.is_empty());

    let other = TAPE
        .replace(
            "HUDA N. KAREEM                 151",
            "HUDA N. KAREEM                 150",
        )
        .replace(
            "VALID                                294",
            "VALID                                293",
        );
    let r = reconcile(
        vec![
            gathered("a.txt", TAPE, Status::Verified),
            gathered("z.txt", &other, Status::Verified),
        ],
        &p,
    );
    let s = &r.stations[0];
    assert_eq!(
        kinds(s),
        [("conflicting-tapes", None, None)],
        "published matches the first tape"
    );
    assert!(s.findings[0].detail.contains("signed two different counts"));
    assert_eq!(s.findings[0].severity, Severity::Critical);
}

#[test]
fn missing_stations_both_ways_and_published_arithmetic() {
    let p = published(&format!(
        "{}{}",
        rows(4, [45, 12, 0, 151, 86], 294),
        rows(5, [45, 12, 0, 151, 85], 294)
    ));
    let r = reconcile(vec![gathered("a.txt", TAPE, Status::Verified)], &p);
    let by_station = |n: u32| r.stations.iter().find(|s| s.station == n).unwrap();
    assert_eq!(
        kinds(by_station(3)),
        [("station-missing-in-published", None, None)]
    );
    assert_eq!(kinds(by_station(4)), [("tape-missing", None, None)]);
    let five = kinds(by_station(5));
    assert_eq!(five[0].0, "published-arithmetic");
    assert_eq!(
        by_station(5).findings[0].rule.as_deref(),
        Some("valid = sum of choice votes")
    );
    assert_eq!(r.summary.overall.stations_published, 2);
    assert_eq!(r.summary.overall.stations_covered, 0);
    assert_eq!(r.stations[0].station, 3, "verified evidence first");
}

#[test]
fn totals_and_missing_choices() {
    let mut text = rows(3, [45, 12, 0, 151, 86], 294).replace(",512,", ",600,");
    text = text
        .lines()
        .filter(|l| !l.ends_with(",103,0") && !l.ends_with(",101,45"))
        .map(|l| format!("{l}\n"))
        .collect();
    text.push_str("12,3,120345,3,600,301,301,7,294,999,45\n");
    let r = reconcile(
        vec![gathered("a.txt", TAPE, Status::Verified)],
        &published(&text),
    );
    let k = kinds(&r.stations[0]);
    assert!(k.contains(&("total-mismatch", None, Some("registered".into()))));
    assert!(k.contains(&("choice-missing-in-published", Some(101), None)));
    assert!(k.contains(&("choice-missing-on-tape", Some(999), None)));
    let zero = r.stations[0]
        .findings
        .iter()
        .find(|f| f.choice == Some(103))
        .unwrap();
    assert_eq!(zero.severity, Severity::Info);
}

#[test]
fn an_absent_figure_is_not_compared_nor_taken_for_zero() {
    // Unsigned, typed without DEVICE, CLOSED and REGISTERED; the published register is 999.
    let typed: String = TAPE
        .lines()
        .take_while(|l| !l.starts_with("SIGNATURE"))
        .filter(|l| {
            !["DEVICE", "CLOSED", "REGISTERED"]
                .iter()
                .any(|k| l.starts_with(k))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let p = published(&rows(3, [45, 12, 0, 151, 86], 294).replace(",512,", ",999,"));
    let r = reconcile(vec![gathered("a.txt", &typed, Status::Unsigned)], &p);
    assert!(
        r.stations[0].findings.is_empty(),
        "{:?}",
        kinds(&r.stations[0])
    );
    // The same tape with its register typed: the difference is found.
    let full: String = TAPE
        .lines()
        .take_while(|l| !l.starts_with("SIGNATURE"))
        .map(|l| format!("{l}\n"))
        .collect();
    let r = reconcile(vec![gathered("a.txt", &full, Status::Unsigned)], &p);
    assert_eq!(
        kinds(&r.stations[0]),
        [("total-mismatch", None, Some("registered".into()))]
    );
}

#[test]
fn an_observation_compares_only_the_choices_it_lists() {
    let mut tape = Tape::parse(TAPE).unwrap();
    tape.signature = crate::tape::Signature::Absent;
    tape.payload.choices.retain(|c| c.code == 117);
    tape.names.truncate(1);
    tape.absent.unlisted_choices = true;
    let g = Gathered {
        tape,
        ..gathered("obs.csv", TAPE, Status::Unsigned)
    };
    let p = published(&rows(3, [45, 12, 0, 151, 86], 294));
    let r = reconcile(vec![g], &p);
    // Choices 101, 102, 103 and 230 were not observed: no choice-missing-on-tape, and the
    // choices' sum, unknown, breaks no rule.
    assert!(
        r.stations[0].findings.is_empty(),
        "{:?}",
        kinds(&r.stations[0])
    );
}

/// A photo whose text was read but is no tape, named `IMG_0001.jpg`: the station its CENTER
/// and STATION lines name is `tape-unreadable` with it, never `tape-missing`; a station the
/// published results lack names nothing.
#[test]
fn an_unparsed_photo_is_attributed_by_the_station_it_names() {
    let p = published(&rows(3, [45, 12, 0, 151, 86], 294));
    let text = "CENTER        120345\nSTATION            3\nVOTERS  30:1\n";
    let station = crate::photo::station_in_text(text);
    assert_eq!(station, Some((120345, 3)));
    let input = |station| crate::source::Input {
        path: "IMG_0001.jpg".into(),
        sha256: Some("00".into()),
        source: Source::Ocr,
        tape: Err(crate::source::ReadError {
            line: None,
            message: "not a tape".into(),
            station,
        }),
        photo: None,
        line: None,
    };
    let (_, unreadable) = gather(vec![(input(station), None)], &p);
    assert_eq!(unreadable.len(), 1);
    assert_eq!(unreadable[0].station, (120345, 3));
    let (_, unreadable) = gather(vec![(input(Some((999, 1))), None)], &p);
    assert!(unreadable.is_empty());
}
