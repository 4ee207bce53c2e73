//! `tally sample` and `tally estimate`: the sample equals an independent redraw, bad inputs
//! are refused with the line and the fix, and the estimate of a simulated election covers
//! its published shares, finds a shifted one outside, says what it merged and refuses an
//! unauthenticated keyring.

use std::path::{Path, PathBuf};

use tally::quickcount::Verdict;
use tally::report::quickcount::EstimateReport;

use crate::common::{simulated_election_with, tally};

mod edited;
mod seeds;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cli/quickcount")
        .join(name)
}

/// `tally sample --frame frame.csv` with `args`, its stdout once it exits with `code`.
fn sample(frame: &Path, args: &[&str], code: i32) -> std::process::Output {
    tally()
        .args(["sample", "--frame"])
        .arg(frame)
        .args(args)
        .assert()
        .code(code)
        .get_output()
        .clone()
}

#[test]
fn the_sample_is_the_one_an_independent_redraw_gives() {
    for (expected, args) in [
        (
            "sample-10-by-governorate.csv",
            &[
                "--size",
                "10",
                "--strata",
                "governorate",
                "--seed",
                "3546311556112163624615351222",
            ][..],
        ),
        (
            "sample-10-unstratified.csv",
            &["--size", "10", "--seed", "snowman ☃ 42"][..],
        ),
        (
            "sample-11-by-district.csv",
            &[
                "--size",
                "11",
                "--strata",
                "district",
                "--seed",
                "dice 6 6 1 2",
            ][..],
        ),
        (
            "sample-5-quoted-seed.csv",
            &[
                "--size",
                "5",
                "--strata",
                "governorate",
                "--seed",
                "dice, \"rolled\" 6 6 1 2 3 4 5 6 1 2 3 4",
            ][..],
        ),
    ] {
        let out = sample(&fixture("frame.csv"), args, 0);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            std::fs::read_to_string(fixture(expected)).unwrap(),
            "{expected}"
        );
    }
}

#[test]
fn a_list_of_stations_without_votes_is_a_frame() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("stations.csv");
    std::fs::write(
        &list,
        "governorate,district,center,station\n1,1,100,1\n1,1,100,2\n2,3,200,1\n2,3,200,2\n",
    )
    .unwrap();
    let out = sample(
        &list,
        &["--size", "2", "--strata", "governorate", "--seed", "7"],
        0,
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
    assert!(text.lines().nth(1).unwrap().starts_with("100,"), "{text}");
    assert!(text.lines().nth(2).unwrap().starts_with("200,"), "{text}");
}

#[test]
fn bad_samples_are_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let frame = fixture("frame.csv");
    let err = |out: std::process::Output| String::from_utf8(out.stderr).unwrap();
    assert!(err(sample(&frame, &["--size", "0", "--seed", "1"], 2)).contains("--size 0"));
    assert!(err(sample(&frame, &["--size", "33", "--seed", "1"], 2))
        .contains("--size 33 is more than the 32 stations of the frame"));
    assert!(err(sample(&frame, &["--size", "3", "--seed", " 12"], 2))
        .contains("starts or ends with blanks"));
    assert!(err(sample(&frame, &["--size", "3", "--seed", ""], 2)).contains("--seed is empty"));
    // A row not read: the order would not be the file's.
    let text = std::fs::read_to_string(&frame).unwrap();
    let broken = dir.path().join("broken.csv");
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[5] = lines[5].replacen(",400,", ",four hundred,", 1);
    std::fs::write(&broken, lines.join("\n")).unwrap();
    let e = err(sample(&broken, &["--size", "3", "--seed", "1"], 2));
    assert!(
        e.contains("1 row of the frame could not be read (first: line 6"),
        "{e}"
    );
    // Strata need every station's code.
    let list = dir.path().join("list.csv");
    std::fs::write(&list, "center,station\n100,1\n100,2\n").unwrap();
    let e = err(sample(
        &list,
        &["--size", "1", "--strata", "governorate", "--seed", "1"],
        2,
    ));
    assert!(
        e.contains("line 2: station 100-1 has no governorate code"),
        "{e}"
    );
    // Never over the frame.
    let e = err(sample(
        &list,
        &["--size", "1", "--seed", "1", "-o", list.to_str().unwrap()],
        2,
    ));
    assert!(e.contains("is one of the inputs"), "{e}");
}

/// The stderr of `cmd` once it exits with `code`.
fn stderr(cmd: &mut assert_cmd::Command, code: i32) -> String {
    let out = cmd.assert().code(code).get_output().clone();
    String::from_utf8(out.stderr).unwrap()
}

/// In `dir`: a national-ballot election of 1,000 stations in `sim/` and a stratified sample
/// of 300 in `sample.csv`.
fn election_and_sample(dir: &Path) {
    simulated_election_with(dir, 1000, 3, 5, &["--national-ballot"]);
    tally()
        .current_dir(dir)
        .args([
            "sample",
            "--frame",
            "sim/published.csv",
            "--size",
            "300",
            "--strata",
            "governorate",
            "--seed",
            "31415926535897932384626433",
            "-o",
            "sample.csv",
        ])
        .assert()
        .success();
}

/// `tally estimate` of the sample in `dir` with `args`.
fn estimate(dir: &Path, args: &[&str]) -> assert_cmd::Command {
    estimate_sample(dir, "sample.csv", args)
}

/// `tally estimate` of `sample` in `dir` with `args`.
fn estimate_sample(dir: &Path, sample: &str, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = tally();
    cmd.current_dir(dir).args([
        "estimate",
        "--sample",
        sample,
        "--frame",
        "sim/published.csv",
        "--keyring",
        "sim/keyring.csv",
        "--root-key",
        "sim/commission-root.pub",
    ]);
    cmd.args(args);
    cmd
}

fn report(cmd: &mut assert_cmd::Command, code: i32) -> EstimateReport {
    let out = cmd
        .args(["--format", "json"])
        .assert()
        .code(code)
        .get_output()
        .clone();
    serde_json::from_slice(&out.stdout).expect("the JSON report follows its schema")
}

#[test]
fn the_estimate_covers_the_published_shares_and_finds_a_shifted_one_outside() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    election_and_sample(d);
    let r = report(
        &mut estimate(
            d,
            &["--tapes", "sim/tapes", "--published", "sim/published.csv"],
        ),
        0,
    );
    assert_eq!(r.schema_version, 1);
    assert_eq!(r.sampled, 300);
    assert_eq!(r.reported + r.not_used.missing, r.sampled);
    assert!(r.reported > 250, "{}", r.reported);
    assert_eq!(r.strata_by, Some(tally::published::By::Governorate));
    assert_eq!(r.strata.iter().map(|s| s.sampled).sum::<u64>(), 300);
    assert_eq!(r.choices.len(), 3);
    let total: f64 = r.choices.iter().map(|c| c.estimate).sum();
    assert!((total - 100.0).abs() < 1e-6, "{total}");
    for c in &r.choices {
        assert!(c.low < c.estimate && c.estimate < c.high, "{c:?}");
        assert!(c.stderr > 0.3 && c.stderr < 3.0, "{c:?}");
        assert_eq!(c.verdict, Some(Verdict::Consistent), "{c:?}");
        assert!(c.if_missing_gave_none <= c.estimate && c.estimate <= c.if_missing_gave_all);
    }
    assert_eq!(r.turnout.verdict, Some(Verdict::Consistent));
    // Verified tapes outside the sample are not used, and said so.
    assert!(
        r.not_used.outside_sample > 600,
        "{}",
        r.not_used.outside_sample
    );

    // The commission's file with choice 100 given 15% more votes at every station.
    let published = std::fs::read_to_string(d.join("sim/published.csv")).unwrap();
    let mut shifted = String::new();
    for (i, line) in published.lines().enumerate() {
        let mut cells: Vec<String> = line.split(',').map(String::from).collect();
        if i > 0 && cells[9] == "100" {
            let votes: u64 = cells[10].parse().unwrap();
            cells[10] = (votes * 115 / 100).to_string();
        }
        shifted.push_str(&cells.join(","));
        shifted.push('\n');
    }
    std::fs::write(d.join("shifted.csv"), shifted).unwrap();
    let r = report(
        &mut estimate(d, &["--tapes", "sim/tapes", "--published", "shifted.csv"]),
        1,
    );
    let c100 = &r.choices[0];
    assert_eq!(c100.choice, 100);
    assert_eq!(c100.verdict, Some(Verdict::Outside), "{c100:?}");
    assert!(c100.official.unwrap() > c100.high);
    assert!(c100.outside_by_stderr.unwrap() > 2.0, "{c100:?}");
    // Too close to call: the threshold inside the interval of a choice consistent with it.
    let c = &r.choices[1];
    let threshold = format!("{:.3}", c.estimate);
    let r = report(
        &mut estimate(d, &["--tapes", "sim/tapes", "--threshold", &threshold]),
        0,
    );
    assert_eq!(r.choices[1].verdict, Some(Verdict::TooCloseToCall));
    assert_eq!(r.choices[1].official, None);
}

#[test]
fn a_stratum_without_reports_is_merged_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    election_and_sample(d);
    let full = report(&mut estimate(d, &["--tapes", "sim/tapes"]), 0);
    // Every governorate's tapes but the second's.
    let mut cmd = estimate(d, &["--tapes"]);
    for entry in std::fs::read_dir(d.join("sim/tapes")).unwrap() {
        let path = entry.unwrap().path();
        if !path.ends_with("gov-02") {
            cmd.arg(path);
        }
    }
    let r = report(&mut cmd, 0);
    let merged = r
        .merged
        .iter()
        .find(|m| m.strata == [Some("2".to_string())])
        .expect("governorate 2 merged");
    assert_eq!(merged.reports, 0);
    assert_eq!(merged.merged_with, [Some("3".to_string())]);
    assert_eq!(r.strata[1].reported, 0);
    // The interval widens by what neighbouring governorates differ by.
    assert!(
        r.choices[0].stderr > full.choices[0].stderr,
        "{} vs {}",
        r.choices[0].stderr,
        full.choices[0].stderr
    );
    let text = estimate(d, &["--tapes", "sim/tapes/gov-01", "sim/tapes/gov-03"])
        .assert()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(text).unwrap();
    assert!(
        text.contains("MERGED: governorate 2: none of its"),
        "{text}"
    );
}

#[test]
fn estimate_refuses_what_proves_nothing_or_does_not_fit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    election_and_sample(d);
    // No root key: nothing is proven.
    let out = tally()
        .current_dir(d)
        .args([
            "estimate",
            "--sample",
            "sample.csv",
            "--frame",
            "sim/published.csv",
            "--tapes",
            "sim/tapes",
            "--keyring",
            "sim/keyring.csv",
        ])
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stderr).contains("NOT AUTHENTICATED"));
    // A station the frame does not hold, with the cells of the others.
    let mut text = std::fs::read_to_string(d.join("sample.csv")).unwrap();
    let tail = text.lines().last().unwrap().splitn(5, ',').last().unwrap();
    text.push_str(&format!("999999,1,1,400,{tail}\n"));
    std::fs::write(d.join("other.csv"), text).unwrap();
    let refused = |sample: &str| {
        let out = estimate_sample(d, sample, &["--tapes", "sim/tapes"])
            .assert()
            .code(2)
            .get_output()
            .clone();
        String::from_utf8(out.stderr).unwrap()
    };
    let e = refused("other.csv");
    assert!(
        e.contains("other.csv:302: station 999999-1 (stratum 1, draw 400) is not what seed \"31415926535897932384626433\", size 300 and strata by governorate draw from sim/published.csv: they draw the 300 other stations the file lists, and no more"),
        "{e}"
    );
    // A sample file that is not one.
    std::fs::write(d.join("bad.csv"), "centre,station\n1,2\n").unwrap();
    assert!(refused("bad.csv").contains("bad.csv:1: the header must name"));
    // --tapes is needed.
    tally()
        .current_dir(d)
        .args([
            "estimate",
            "--sample",
            "sample.csv",
            "--frame",
            "sim/published.csv",
        ])
        .assert()
        .code(2);
}

#[test]
fn every_format_says_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    election_and_sample(d);
    for (name, needle) in [
        ("quick.html", "<h1>Quick count</h1>"),
        ("quick.md", "# Quick count"),
        ("quick.txt", "│ choice 100"),
    ] {
        estimate(
            d,
            &[
                "--tapes",
                "sim/tapes",
                "--published",
                "sim/published.csv",
                "-o",
                name,
            ],
        )
        .assert()
        .success();
        let text = std::fs::read_to_string(d.join(name)).unwrap();
        assert!(text.contains(needle), "{name}: {text}");
        assert!(text.contains("consistent"), "{name}");
        assert!(
            text.contains("DO NOT VERIFY"),
            "{name}: the sampled stations' bad tapes listed"
        );
    }
}
