//! `tally seats`: a verified tape that moves a seat, the margin beside the proven shift, an
//! unauthenticated keyring that proves nothing, every format, and bad inputs refused.

use std::path::Path;

use tally::report::seats::SeatsReport;

use crate::common::{spec, tally, with_spec_keyring};

/// Governorate 12 with two stations. The spec's tape (120345-3: 101 has 45 votes, 117 has
/// 151) is published with 100 votes moved from 117 to 101, which gives 101 the seat.
fn published(dir: &Path) {
    let mut csv = String::from("governorate,district,center,station,registered,voters,ballots,invalid,valid,choice,votes\n");
    for (station, votes) in [
        (3, [(101, 145), (102, 12), (103, 0), (117, 51), (230, 86)]),
        (4, [(101, 100), (102, 0), (103, 0), (117, 100), (230, 0)]),
    ] {
        for (choice, n) in votes {
            csv.push_str(&format!(
                "12,3,120345,{station},512,301,301,7,294,{choice},{n}\n"
            ));
        }
    }
    std::fs::write(dir.join("published.csv"), csv).unwrap();
    std::fs::write(dir.join("seats.csv"), "constituency,seats\n12,1\n").unwrap();
}

/// `tally seats --published published.csv --seats SEATS` in `dir`.
fn seats(dir: &Path, seats: &str) -> assert_cmd::Command {
    let mut cmd = tally();
    cmd.current_dir(dir)
        .args(["seats", "--published", "published.csv", "--seats", seats]);
    cmd
}

/// What `cmd` printed, once it exited with `code`.
fn output(cmd: &mut assert_cmd::Command, code: i32) -> std::process::Output {
    cmd.assert().code(code).get_output().clone()
}

fn report(stdout: &[u8]) -> SeatsReport {
    serde_json::from_slice(stdout).expect("the JSON report follows its schema")
}

#[test]
fn a_verified_tape_that_moves_a_seat_is_reported_beside_the_margin() {
    let dir = tempfile::tempdir().unwrap();
    published(dir.path());
    let out = output(
        with_spec_keyring("seats")
            .current_dir(dir.path())
            .args([
                "--published",
                "published.csv",
                "--seats",
                "seats.csv",
                "--format",
                "json",
            ])
            .arg("--tapes")
            .arg(spec("tape-120345-3.txt")),
        1,
    )
    .stdout;
    let r = report(&out);
    assert_eq!(r.schema_version, 1);
    assert_eq!(r.method, "sainte-lague");
    assert_eq!(r.first_divisor.as_deref(), Some("1.7"));
    assert_eq!(r.tapes.as_ref().map(|t| t.verified), Some(1));
    let c = &r.constituencies[0];
    assert_eq!((c.constituency, c.seats, c.stations), (12, 1, 2));
    assert_eq!(c.published[&101], 1);
    assert_eq!(c.corrected.as_ref().unwrap()[&117], 1);
    assert_eq!(c.votes[&101], 245);
    assert_eq!(c.corrected_votes.as_ref().unwrap()[&117], 251);
    assert_eq!(c.moved.len(), 2);
    // 245 against 151: 47 votes moved from 101 to 117 tie the seat (198 each).
    assert_eq!(
        (c.margin_votes, c.margin_from, c.margin_to),
        (Some(47), Some(101), Some(117))
    );
    assert_eq!(c.proven_shift_votes, Some(100));
    assert_eq!(c.last_seat.as_ref().map(|q| q.choice), Some(101));
    assert_eq!(c.runner_up.as_ref().map(|q| q.choice), Some(117));
    assert!(!c.tie);
}

#[test]
fn an_unauthenticated_keyring_moves_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    published(dir.path());
    let out = output(
        seats(dir.path(), "seats.csv")
            .arg("--tapes")
            .arg(spec("tape-120345-3.txt"))
            .arg("--keyring")
            .arg(spec("keyring.csv")),
        0,
    )
    .stdout;
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("NOT AUTHENTICATED"), "{text}");
    assert!(text.contains("0 verified"), "{text}");
    assert!(!text.contains("SEAT MOVES"), "{text}");
}

#[test]
fn every_format_shows_the_allocation_and_a_tie_is_never_broken() {
    let dir = tempfile::tempdir().unwrap();
    published(dir.path());
    // Two seats, D'Hondt: 245 and 151 win one each.
    std::fs::write(dir.path().join("seats.csv"), "constituency,seats\n12,2\n").unwrap();
    for (format, marker) in [
        ("table", "governorate 12: 2 seats"),
        ("markdown", "## governorate 12: 2 seats"),
        ("html", "<h2>governorate 12: 2 seats</h2>"),
    ] {
        let out = output(
            seats(dir.path(), "seats.csv").args(["--method", "dhondt", "--format", format]),
            0,
        )
        .stdout;
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(marker), "{format}: {text}");
        assert!(text.contains("Margin:"), "{format}: {text}");
    }
    // 101 and 117 tied for one seat: reported, left unallocated, exit 1.
    let tied =
        "governorate,district,center,station,choice,votes\n12,3,1,1,101,90\n12,3,1,1,117,90\n";
    std::fs::write(dir.path().join("tied.csv"), tied).unwrap();
    std::fs::write(dir.path().join("seats.csv"), "constituency,seats\n12,1\n").unwrap();
    tally()
        .current_dir(dir.path())
        .args([
            "seats",
            "--published",
            "tied.csv",
            "--seats",
            "seats.csv",
            "-o",
            "tied.json",
        ])
        .assert()
        .code(1);
    let r = report(&std::fs::read(dir.path().join("tied.json")).unwrap());
    let c = &r.constituencies[0];
    assert!(c.tie);
    assert_eq!(c.tied_choices, [101, 117]);
    assert_eq!(c.margin_votes, Some(0));
    assert!(c.published.values().all(|&s| s == 0));
}

#[test]
fn bad_seat_files_and_options_are_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    published(dir.path());
    std::fs::write(
        dir.path().join("bad.csv"),
        "constituency,seats\n12,1\n13,many\n",
    )
    .unwrap();
    let err = output(&mut seats(dir.path(), "bad.csv"), 2).stderr;
    let err = String::from_utf8(err).unwrap();
    assert!(
        err.contains("bad.csv:3:") && err.contains("\"many\""),
        "{err}"
    );
    std::fs::write(
        dir.path().join("twice.csv"),
        "constituency,seats\n12,1\n12,2\n",
    )
    .unwrap();
    seats(dir.path(), "twice.csv")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("listed twice"));
    seats(dir.path(), "seats.csv")
        .args(["--method", "dhondt", "--first-divisor", "1.4"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--first-divisor is Sainte-Laguë's",
        ));
    seats(dir.path(), "seats.csv")
        .args(["--first-divisor", "1,7"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("like 1.7"));
}

#[test]
fn a_row_with_a_cell_too_many_or_too_few_is_refused_not_half_read() {
    let dir = tempfile::tempdir().unwrap();
    published(dir.path());
    // `1,1,2` was meant as `1,12`: read as one seat, its third cell ignored, it moved seats.
    for (body, cells) in [
        ("constituency,seats\n12,1,2\n", "\"12,1,2\" has 3 cells"),
        ("constituency,seats\n13,4\n12\n", "\"12\" has 1 cell"),
    ] {
        std::fs::write(dir.path().join("ragged.csv"), body).unwrap();
        let err = output(&mut seats(dir.path(), "ragged.csv"), 2).stderr;
        let err = String::from_utf8(err).unwrap();
        let line = if body.contains("13,4") { 3 } else { 2 };
        assert!(
            err.contains(&format!("ragged.csv:{line}: {cells} but the header \"constituency,seats\" has 2: give the seats file one cell per column on every row")),
            "{err}"
        );
    }
}

#[test]
fn stations_of_no_listed_constituency_are_counted_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    published(dir.path());
    std::fs::write(dir.path().join("seats.csv"), "constituency,seats\n13,2\n").unwrap();
    let out = output(seats(dir.path(), "seats.csv").args(["--format", "json"]), 0).stdout;
    let r = report(&out);
    assert_eq!(r.left_out.not_in_seats[&12], 2);
    assert_eq!(r.constituencies[0].stations, 0);
}

#[test]
fn a_district_number_in_two_governorates_is_warned_of() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("published.csv"),
        "governorate,district,center,station,choice,votes\n1,1,100,1,101,10\n1,1,100,1,102,5\n2,1,200,1,101,3\n2,1,200,1,102,9\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("seats.csv"), "constituency,seats\n1,2\n").unwrap();
    let out = output(
        seats(dir.path(), "seats.csv").args(["--by", "district", "--format", "json"]),
        0,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("district 1 is in governorate 1 and in governorate 2"),
        "{err}"
    );
    let out = output(seats(dir.path(), "seats.csv").args(["--format", "json"]), 0);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("district 1 is in"));
}

/// A verified tape of a station the published results lack moved no vote between choices:
/// the proven shift stays 0 and the station is its own line (issue 25); every format opens
/// with the verdict.
#[test]
fn a_station_missing_from_the_results_is_no_proven_shift() {
    let dir = tempfile::tempdir().unwrap();
    published(dir.path());
    // Only station 4 is published: the spec's tape (station 3) is missing from the results.
    let csv = std::fs::read_to_string(dir.path().join("published.csv")).unwrap();
    let without: String = csv
        .lines()
        .filter(|l| !l.starts_with("12,3,120345,3,"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("published.csv"), without).unwrap();
    let run = |format: &str| {
        with_spec_keyring("seats")
            .current_dir(dir.path())
            .args(["--published", "published.csv", "--seats", "seats.csv"])
            .args(["--format", format])
            .arg("--tapes")
            .arg(spec("tape-120345-3.txt"))
            .output()
            .unwrap()
    };
    let r = report(&run("json").stdout);
    let c = &r.constituencies[0];
    assert_eq!(c.proven_shift_votes, Some(0));
    assert_eq!((c.stations_added, c.votes_added), (Some(1), Some(294)));
    assert_eq!(c.stations_replaced, Some(0));
    let text = String::from_utf8(run("table").stdout).unwrap();
    assert!(!text.contains("AT OR ABOVE THE MARGIN"), "{text}");
    assert!(
        text.contains("Missing from the published results: 1 station with 294 votes"),
        "{text}"
    );
    for format in ["table", "markdown", "html"] {
        let text = String::from_utf8(run(format).stdout).unwrap();
        let verdict = text
            .find(&r.verdict())
            .unwrap_or_else(|| panic!("{format}: {text}"));
        let first_table = text.find("choice").unwrap();
        assert!(
            verdict < first_table,
            "{format}: the verdict opens the report"
        );
    }
}
