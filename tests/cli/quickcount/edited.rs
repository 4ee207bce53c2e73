//! Issue 24: a sample edited after it was drawn (stations swapped for others of their
//! stratum, rows dropped), drawn from another frame, or without what redraws it is refused
//! by `tally estimate`, naming the first station that differs and the one the seed draws;
//! the rows in another order are the same sample.

use std::collections::HashSet;

use super::{election_and_sample, estimate_sample, fixture, report, sample, stderr};
use crate::common::tally;

/// The seed of [`election_and_sample`].
const SEED: &str = "31415926535897932384626433";

/// The cells of each data row of a sample file.
fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .skip(1)
        .map(|l| l.split(',').map(String::from).collect())
        .collect()
}

/// A sample file of `header` and `rows`.
fn file(header: &str, rows: &[Vec<String>]) -> String {
    let mut out = format!("{header}\n");
    for r in rows {
        out.push_str(&r.join(","));
        out.push('\n');
    }
    out
}

#[test]
fn an_edited_sample_is_refused_naming_the_first_station_that_differs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    election_and_sample(d);
    let text = std::fs::read_to_string(d.join("sample.csv")).unwrap();
    let header = text.lines().next().unwrap();
    assert_eq!(
        header,
        "center,station,stratum,draw,seed,size,strata_by,frame_sha256"
    );
    let drawn = rows(&text);
    // Every station with its governorate: a sample of the whole frame.
    let whole = |size: &str| {
        tally()
            .current_dir(d)
            .args(["sample", "--frame", "sim/published.csv", "--size", size])
            .args([
                "--strata",
                "governorate",
                "--seed",
                "every station of the frame, in turn",
            ])
            .assert()
            .success()
            .get_output()
            .clone()
    };
    let said = String::from_utf8(whole("1").stderr).unwrap();
    let stations = said
        .split(" of ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap();
    let all = rows(&String::from_utf8(whole(stations).stdout).unwrap());
    let taken: HashSet<(String, String)> =
        drawn.iter().map(|r| (r[0].clone(), r[1].clone())).collect();
    let mut spare = all
        .iter()
        .filter(|r| !taken.contains(&(r[0].clone(), r[1].clone())));

    // Ten stations swapped for others of their governorate, every other cell kept.
    let mut swapped = drawn.clone();
    for (i, row) in swapped.iter_mut().enumerate().skip(5).step_by(20).take(10) {
        let other = spare.by_ref().find(|r| r[2] == row[2]).unwrap();
        if i == 5 {
            let (was, now) = (
                format!(
                    "{}-{} (stratum {}, draw {})",
                    row[0], row[1], row[2], row[3]
                ),
                format!(
                    "{}-{} (stratum {}, draw {})",
                    other[0], other[1], row[2], row[3]
                ),
            );
            let mut edited = drawn.clone();
            edited[5][0] = other[0].clone();
            edited[5][1] = other[1].clone();
            std::fs::write(d.join("one.csv"), file(header, &edited)).unwrap();
            let e = stderr(
                &mut estimate_sample(d, "one.csv", &["--tapes", "sim/tapes"]),
                2,
            );
            assert!(
                e.contains(&format!("one.csv:7: station {now} is not what seed \"{SEED}\", size 300 and strata by governorate draw from sim/published.csv: they draw station {was} there")),
                "{e}"
            );
            assert!(
                e.contains("The sample was edited after it was drawn"),
                "{e}"
            );
        }
        row[0] = other[0].clone();
        row[1] = other[1].clone();
    }
    std::fs::write(d.join("swapped.csv"), file(header, &swapped)).unwrap();
    let e = stderr(
        &mut estimate_sample(d, "swapped.csv", &["--tapes", "sim/tapes"]),
        2,
    );
    assert!(
        e.contains(&format!(
            "swapped.csv:7: station {}-{} (stratum {}, draw {}) is not what seed",
            swapped[5][0], swapped[5][1], swapped[5][2], swapped[5][3]
        )),
        "{e}"
    );
    assert!(
        e.contains(&format!(
            "they draw station {}-{} (stratum {}, draw {}) there",
            drawn[5][0], drawn[5][1], drawn[5][2], drawn[5][3]
        )),
        "{e}"
    );

    // Every second row dropped.
    let halved: Vec<Vec<String>> = drawn.iter().step_by(2).cloned().collect();
    std::fs::write(d.join("halved.csv"), file(header, &halved)).unwrap();
    let e = stderr(
        &mut estimate_sample(d, "halved.csv", &["--tapes", "sim/tapes"]),
        2,
    );
    assert!(
        e.contains(&format!(
            "halved.csv: station {}-{} (stratum {}, draw {}), which seed \"{SEED}\", size 300 and strata by governorate draw from sim/published.csv, is not in the sample: it lists 150 of the 300 stations drawn",
            drawn[1][0], drawn[1][1], drawn[1][2], drawn[1][3]
        )),
        "{e}"
    );
    // And the size said to match: still not the seed's sample of 150.
    let mut resized = halved.clone();
    for r in &mut resized {
        r[5] = "150".into();
    }
    std::fs::write(d.join("resized.csv"), file(header, &resized)).unwrap();
    let e = stderr(
        &mut estimate_sample(d, "resized.csv", &["--tapes", "sim/tapes"]),
        2,
    );
    assert!(e.contains("resized.csv:"), "{e}");
    assert!(e.contains("size 150 and strata by governorate"), "{e}");

    // The rows in another order: the same sample, estimated as before.
    let mut reversed = drawn.clone();
    reversed.reverse();
    std::fs::write(d.join("reversed.csv"), file(header, &reversed)).unwrap();
    let before = report(
        &mut estimate_sample(d, "sample.csv", &["--tapes", "sim/tapes"]),
        0,
    );
    let after = report(
        &mut estimate_sample(d, "reversed.csv", &["--tapes", "sim/tapes"]),
        0,
    );
    assert_eq!(after.choices, before.choices);
    assert_eq!(after.sampled, 300);
}

#[test]
fn another_frame_is_named_as_the_cause() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let frame = std::fs::read_to_string(fixture("frame.csv")).unwrap();
    std::fs::write(d.join("frame.csv"), &frame).unwrap();
    std::fs::write(
        d.join("sample.csv"),
        std::fs::read_to_string(fixture("sample-10-by-governorate.csv")).unwrap(),
    )
    .unwrap();
    // The same stations in another order: another sample.
    let mut lines: Vec<&str> = frame.lines().collect();
    lines[1..].reverse();
    std::fs::write(d.join("reordered.csv"), lines.join("\n") + "\n").unwrap();
    // The same stations in the same order, one vote count changed: the same sample.
    let changed = frame.replacen(",101,103\n", ",101,104\n", 1);
    assert_ne!(changed, frame);
    std::fs::write(d.join("changed.csv"), changed).unwrap();
    let run = |frame: &str| {
        let mut cmd = tally();
        cmd.current_dir(d).args([
            "estimate",
            "--sample",
            "sample.csv",
            "--frame",
            frame,
            "--tapes",
            "no-tapes",
            "--keyring",
            "no-keyring.csv",
        ]);
        cmd
    };
    let e = stderr(&mut run("reordered.csv"), 2);
    assert!(
        e.contains("reordered.csv is not the frame the sample was drawn from (its SHA-256 is"),
        "{e}"
    );
    assert!(
        e.contains("the sample's frame_sha256 97ebad49c232d8daafd13af544810c76eb73a32d9fcb53248c5a6ce00ef05583): give --frame the file the sample was drawn from"),
        "{e}"
    );
    // Past the redraw, only the keyring is missing.
    let e = stderr(&mut run("changed.csv"), 2);
    assert!(
        e.contains("warning: changed.csv is not the file the sample was drawn from"),
        "{e}"
    );
    assert!(e.contains("the sample redraws the same"), "{e}");
    let e = stderr(&mut run("frame.csv"), 2);
    assert!(!e.contains("warning"), "{e}");
    assert!(!e.contains("sample.csv"), "{e}");
}

#[test]
fn a_sample_without_its_seed_is_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = std::fs::read_to_string(fixture("sample-10-by-governorate.csv")).unwrap();
    let old: String = text
        .lines()
        .map(|l| l.split(',').take(4).collect::<Vec<_>>().join(",") + "\n")
        .collect();
    std::fs::write(d.join("old.csv"), old).unwrap();
    let mut cmd = tally();
    cmd.current_dir(d)
        .args(["estimate", "--sample", "old.csv", "--frame"])
        .arg(fixture("frame.csv"))
        .args(["--tapes", "no-tapes", "--keyring", "no-keyring.csv"]);
    let e = stderr(&mut cmd, 2);
    assert!(e.contains("old.csv: the file names no seed"), "{e}");
    assert!(e.contains("draw the sample again with tally sample"), "{e}");
}

#[test]
fn the_written_sample_names_its_frame() {
    let out = sample(
        &fixture("frame.csv"),
        &[
            "--size",
            "2",
            "--seed",
            "a, \"quoted\" seed of thirty characters",
        ],
        0,
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let sha = {
        use sha2::Digest as _;
        hex::encode(sha2::Sha256::digest(
            std::fs::read(fixture("frame.csv")).unwrap(),
        ))
    };
    assert!(
        text.lines().nth(1).unwrap().ends_with(&format!(
            ",\"a, \"\"quoted\"\" seed of thirty characters\",2,,{sha}"
        )),
        "{text}"
    );
}
