//! `tally screen`: a simulated election with stuffed boxes raises the fingerprint and one with
//! rounded turnouts the integer-turnout spike, a clean one nothing; observed against
//! unobserved stations with tapes; every format; the fingerprint drawn in a real browser.

use std::path::Path;

use tally::report::screen::ScreenReport;
use tally::simulate::truth::Truth;

use crate::common::{browser_dom, chromium, simulated_election_with, tally};

/// `tally simulate` of 3,000 stations with `extra` arguments into `dir/sim`.
fn simulated(dir: &Path, extra: &[&str]) {
    simulated_election_with(dir, 3000, 6, 4, extra);
}

/// The JSON report of `tally screen` on `dir/sim`, with its exit status.
fn screened(dir: &Path, extra: &[&str]) -> (ScreenReport, i32) {
    let out = tally()
        .current_dir(dir)
        .args([
            "screen",
            "--published",
            "sim/published.csv",
            "--format",
            "json",
        ])
        .args(extra)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).expect("the JSON report follows its schema");
    (report, out.status.code().unwrap_or(-1))
}

fn raised(r: &ScreenReport) -> Vec<&str> {
    r.signals
        .iter()
        .filter(|s| s.raised)
        .map(|s| s.test.as_str())
        .collect()
}

#[test]
fn stuffed_boxes_raise_the_fingerprint_and_a_clean_count_nothing() {
    let dir = tempfile::tempdir().unwrap();
    simulated(dir.path(), &["--stuffing", "0.08"]);
    let truth: Truth =
        serde_json::from_slice(&std::fs::read(dir.path().join("sim/truth.json")).unwrap()).unwrap();
    assert!(
        truth.manipulations.len() > 150,
        "{}",
        truth.manipulations.len()
    );
    let (r, code) = screened(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(raised(&r), ["fingerprint"]);
    let fp = r.signals.iter().find(|s| s.test == "fingerprint").unwrap();
    assert!(fp.statistic > 2.0 * fp.expected, "{fp:?}");
    assert!(fp.p_holm >= fp.p_value && fp.p_holm < 0.05);
    // Most stations in the corner are stuffed ones.
    let stuffed: std::collections::BTreeSet<String> = truth
        .manipulations
        .iter()
        .map(|m| format!("{}-{}", m.center, m.station))
        .collect();
    let hit = fp.stations.iter().filter(|s| stuffed.contains(*s)).count();
    assert!(
        hit * 2 > fp.stations.len(),
        "{hit} of {}",
        fp.stations.len()
    );
    // Every test is there, each with what it shows.
    for test in [
        "over-registered",
        "full-turnout",
        "one-choice",
        "identical-counts",
        "zero-counted",
        "integer-turnout",
        "integer-leader-share",
        "fingerprint",
        "last-digit",
    ] {
        let s = r
            .signals
            .iter()
            .find(|s| s.test == test)
            .unwrap_or_else(|| panic!("{test}"));
        assert!(!s.says.is_empty() && !s.tests.is_empty());
    }
    // The same seed gives the same report.
    assert_eq!(screened(dir.path(), &[]).0, r);

    let clean = tempfile::tempdir().unwrap();
    simulated(clean.path(), &[]);
    let (r, code) = screened(clean.path(), &[]);
    assert!(raised(&r).is_empty(), "{:?}", raised(&r));
    assert_eq!(code, 0);
}

#[test]
fn rounded_turnouts_raise_the_integer_spike() {
    let dir = tempfile::tempdir().unwrap();
    simulated(dir.path(), &["--rounding", "0.08"]);
    let (r, code) = screened(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(raised(&r).contains(&"integer-turnout"), "{:?}", raised(&r));
}

#[test]
fn observed_stations_are_compared_with_their_centres_unobserved_ones() {
    let dir = tempfile::tempdir().unwrap();
    simulated(dir.path(), &["--stuffing", "0.05"]);
    let (r, _) = screened(
        dir.path(),
        &[
            "--tapes",
            "sim/tapes/gov-01",
            "--keyring",
            "sim/keyring.csv",
            "--root-key",
            "sim/commission-root.pub",
        ],
    );
    let tapes = r.tapes.as_ref().unwrap();
    assert!(tapes.verified > 10 && tapes.keyring_authenticated);
    let turnout = r
        .signals
        .iter()
        .find(|s| s.test == "observed-turnout")
        .unwrap();
    assert!(turnout.stations_count > 0, "{turnout:?}");
    assert!((0.0..=1.0).contains(&turnout.p_value));
}

#[test]
fn every_format_and_the_fingerprint_in_a_browser() {
    let dir = tempfile::tempdir().unwrap();
    simulated(dir.path(), &["--stuffing", "0.08"]);
    for (format, marker) in [
        ("table", "RAISED"),
        ("markdown", "| fingerprint |"),
        ("html", "<svg id=fingerprint"),
    ] {
        let out = tally()
            .current_dir(dir.path())
            .args([
                "screen",
                "--published",
                "sim/published.csv",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(marker), "{format}: {text}");
        assert!(text.contains("never proof"), "{format}");
    }
    tally()
        .current_dir(dir.path())
        .args([
            "screen",
            "--published",
            "sim/published.csv",
            "-o",
            "screen.html",
        ])
        .assert()
        .code(1);
    let Some(browser) = chromium() else {
        eprintln!("skipped: no headless chromium here");
        return;
    };
    let dom = browser_dom(&browser, &dir.path().join("screen.html"));
    // The picture is an SVG the browser built, one square per occupied bin, holding every
    // station screened.
    let report = screened(dir.path(), &[]).0;
    let bins: Vec<u32> = dom
        .split("data-count=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect();
    assert!(dom.contains("<svg id=\"fingerprint\""), "{dom}");
    assert!(bins.len() > 10, "{} bins", bins.len());
    assert_eq!(bins.iter().sum::<u32>() as usize, report.stations);
}

#[test]
fn bad_options_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    tally()
        .current_dir(dir.path())
        .args(["simulate", "--out", "sim", "--stuffing", "1.5"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("a number from 0 to 1"));
    tally()
        .current_dir(dir.path())
        .args(["screen", "--published", "missing.csv"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("missing.csv"));
}
