use super::*;

fn report(votes: &[u64]) -> Figures {
    let valid: u64 = votes.iter().sum();
    Figures {
        registered: 2 * valid,
        voters: valid + 10,
        ballots: valid + 10,
        invalid: 10,
        votes: votes.to_vec(),
    }
}

fn stratum(code: u32, frame: u64, reports: &[&[u64]]) -> StratumData {
    StratumData {
        codes: vec![Some(code.to_string())],
        parent: None,
        frame_stations: frame,
        sampled: reports.len() as u64,
        reports: reports.iter().map(|v| report(v)).collect(),
        missing: Vec::new(),
    }
}

#[test]
fn t_quantiles_match_the_tables() {
    for (df, t) in [
        (1, 12.706),
        (2, 4.303),
        (10, 2.228),
        (30, 2.042),
        (1000, 1.962),
    ] {
        assert!((t_quantile(0.95, df) - t).abs() < 1e-3, "df {df}");
    }
    assert!((t_quantile(0.99, 20) - 2.845).abs() < 1e-3);
    // The extremes: a national sample's many degrees of freedom, and the widest level.
    assert!((t_quantile(0.95, 100_000) - 1.95998).abs() < 1e-4);
    assert!((t_quantile(0.999, 1) - 636.62).abs() < 0.1);
    assert!((t_quantile(0.5, 10) - 0.6998).abs() < 1e-3);
}

#[test]
fn a_census_gives_the_exact_share_and_no_error() {
    let s = stratum(1, 3, &[&[10, 30], &[20, 20], &[5, 15]]);
    let e = estimate(&[s], 2, &Settings::default()).unwrap();
    assert!((e.choices[0].estimate - 35.0).abs() < 1e-9);
    assert_eq!(e.choices[0].stderr, 0.0);
    assert_eq!(e.degrees_of_freedom, 2);
}

/// Worked by hand: two strata of 10 stations, 3 and 2 reports.
/// Stratum 1: valid 40, 40, 20 (choice 0: 10, 20, 5); stratum 2: valid 50, 30 (choice 0: 25, 15).
/// Y = 10/3·35 + 10/2·40 = 316.667; X = 10/3·100 + 10/2·80 = 733.333; R = 0.431818.
/// Residuals e = y − R·x: stratum 1: −7.2727, 2.7273, −3.6364 (mean −2.7273, s² = 25.620);
/// stratum 2: 3.4091, 2.0455 (s² = 0.92975).
/// V = [100·(1−0.3)·25.620/3 + 100·(1−0.2)·0.92975/2] / X² = (597.80 + 37.19) / 537777.8.
#[test]
fn the_linearised_standard_error_matches_a_hand_computation() {
    let strata = vec![
        stratum(1, 10, &[&[10, 30], &[20, 20], &[5, 15]]),
        stratum(2, 10, &[&[25, 25], &[15, 15]]),
    ];
    let e = estimate(&strata, 2, &Settings::default()).unwrap();
    let r = e.choices[0];
    assert!((r.estimate - 43.1818).abs() < 1e-3, "{}", r.estimate);
    let se = ((597.80 + 37.19) / 537_777.8f64).sqrt() * 100.0;
    assert!((r.stderr - se).abs() < 1e-3, "{} vs {se}", r.stderr);
    assert_eq!(e.degrees_of_freedom, 3);
    assert!((r.low - (r.estimate - t_quantile(0.95, 3) * r.stderr)).abs() < 1e-9);
    // The two choices' shares sum to 100 and have the same error.
    assert!((e.choices[1].estimate + r.estimate - 100.0).abs() < 1e-9);
    assert!((e.choices[1].stderr - r.stderr).abs() < 1e-9);
}

#[test]
fn strata_with_too_few_reports_are_merged_with_a_neighbour() {
    let strata = vec![
        stratum(1, 10, &[&[1, 1], &[2, 1]]),
        stratum(2, 10, &[]),
        stratum(3, 10, &[&[1, 1], &[2, 1]]),
        stratum(4, 10, &[&[1, 3]]),
    ];
    let (merged, said) = merge(strata, 2);
    // Stratum 2 goes to the next one, 4 (the last) to the previous one.
    let name = |c: &str| Some(c.to_string());
    let codes: Vec<Vec<Option<String>>> = merged.iter().map(|s| s.codes.clone()).collect();
    assert_eq!(
        codes,
        [vec![name("1")], vec![name("2"), name("3"), name("4")]]
    );
    assert_eq!(said.len(), 2);
    assert_eq!(said[0].strata, [name("2")]);
    assert_eq!(said[0].with, [name("3")]);
    assert_eq!(said[1].strata, [name("4")]);
    assert_eq!(merged[1].frame_stations, 30);
    assert_eq!(merged[1].reports.len(), 3);
}

#[test]
fn a_district_is_merged_within_its_governorate_first() {
    let mut strata = vec![
        stratum(1, 10, &[&[1, 1], &[2, 1]]),
        stratum(2, 10, &[]),
        stratum(3, 10, &[&[1, 1], &[2, 1]]),
    ];
    strata[0].parent = Some(7);
    strata[1].parent = Some(7);
    strata[2].parent = Some(8);
    let (merged, _) = merge(strata, 2);
    assert_eq!(merged[0].codes, [Some("1".into()), Some("2".into())]);
    assert_eq!(merged[0].parent, Some(7));
}

#[test]
fn too_few_reports_is_an_error() {
    let e = estimate(&[stratum(1, 10, &[&[1, 1]])], 2, &Settings::default()).unwrap_err();
    assert!(e
        .to_string()
        .contains("1 of the 1 sampled stations reported"));
}

#[test]
fn the_missing_range_brackets_the_estimate() {
    let mut s = stratum(1, 100, &[&[10, 30], &[20, 20], &[5, 15]]);
    s.missing = vec![Some(100), None];
    s.sampled = 5;
    let e = estimate(&[s], 2, &Settings::default()).unwrap();
    let (low, high) = e.choices[0].missing_range.unwrap();
    // Reports: 35 of 100 votes; missing: 100 published + 33.3 (the mean) = 133.3 votes.
    assert!((low - 100.0 * 35.0 / 233.333).abs() < 1e-2, "{low}");
    assert!((high - 100.0 * 168.333 / 233.333).abs() < 1e-2, "{high}");
    assert!(low < e.choices[0].estimate && e.choices[0].estimate < high);
}

#[test]
fn verdicts() {
    let r = Ratio {
        estimate: 50.7,
        stderr: 1.05,
        low: 48.6,
        high: 52.8,
        missing_range: None,
        unbounded: false,
    };
    assert_eq!(verdict(&r, Some(50.49), None), Some(Verdict::Consistent));
    assert_eq!(
        verdict(&r, Some(50.49), Some(50.0)),
        Some(Verdict::TooCloseToCall)
    );
    assert_eq!(verdict(&r, Some(47.0), Some(50.0)), Some(Verdict::Outside));
    assert_eq!(verdict(&r, None, None), None);
    assert_eq!(verdict(&r, None, Some(50.0)), Some(Verdict::TooCloseToCall));
    assert_eq!(verdict(&r, None, Some(40.0)), None);
}

#[test]
fn a_stratum_without_reports_adds_what_neighbours_differ_by() {
    let alike = |a: u64| {
        stratum(
            a as u32,
            100,
            &[&[a, 100 - a], &[a + 2, 98 - a], &[a - 2, 102 - a]],
        )
    };
    let mut empty = stratum(9, 100, &[]);
    empty.sampled = 3;
    empty.missing = vec![None; 3];
    let se = |strata: Vec<StratumData>| {
        estimate(&strata, 2, &Settings::default()).unwrap().choices[0].stderr
    };
    // Neighbours alike: the empty stratum adds (almost) nothing beyond its sampling error.
    let same = vec![alike(50), alike(50), empty.clone(), alike(50), alike(50)];
    let base = vec![alike(50), alike(50), alike(50), alike(50)];
    let (with, without) = (se(same), se(base));
    assert!(with < without * 1.2, "{with} vs {without}");
    // Neighbours 20 points apart: the empty stratum may differ as much.
    let unlike = vec![alike(30), alike(50), empty, alike(30), alike(50)];
    let wide = se(unlike);
    assert!(wide > 2.0 * with, "{wide} vs {with}");
}

#[test]
fn a_choice_without_a_vote_in_the_sample_gets_no_verdict() {
    let s = stratum(1, 100, &[&[10, 0, 5], &[20, 0, 1], &[5, 0, 9]]);
    let e = estimate(&[s], 3, &Settings::default()).unwrap();
    let r = e.choices[1];
    assert!(r.unbounded && r.stderr == 0.0);
    assert_eq!(verdict(&r, Some(0.3), None), None);
    assert!(!e.choices[0].unbounded);
    // A census bounds everything: its figures are exact.
    let s = stratum(1, 3, &[&[10, 0], &[20, 0], &[5, 0]]);
    let e = estimate(&[s], 2, &Settings::default()).unwrap();
    assert!(!e.choices[1].unbounded);
    assert_eq!(
        verdict(&e.choices[1], Some(0.3), None),
        Some(Verdict::Outside)
    );
}
