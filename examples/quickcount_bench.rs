//! The quick-count benchmark (issue 15): on simulated elections (`simulate::counts`, each of
//! its own seed), how often the interval of `tally estimate` covers the true share, turnout
//! and invalid share, with every sampled station reporting, with a share of them not
//! reporting at random, or with one stratum without any report; and how often a published
//! result shifted by some points between the first two choices is found `outside`. The
//! sample is drawn as `tally sample` draws it (Rivest's sampler, proportional allocation),
//! and the estimate is `tally estimate`'s (the same functions).
//!
//! Usage: quickcount_bench [--runs R] [--stations N] [--choices C] [--fraction F]
//! [--nonresponse F] [--drop-stratum] [--shift POINTS] [--strata governorate|district|none]
//! [--confidence C] [--seed S] [--district-ballots]
//!
//! The elections have one national ballot (`tally simulate --national-ballot`: a
//! presidential race) unless `--district-ballots` gives each district its own choice codes,
//! where a code's national share sums unrelated candidates (coverage pooled over them).

use rand::{Rng, SeedableRng};

use tally::published::By;
use tally::quickcount::{
    draw, estimate, observe, verdict, Frame, FrameStation, SampleRow, Settings, Verdict,
};
use tally::simulate::counts;

struct Options {
    runs: usize,
    stations: u32,
    choices: u32,
    fraction: f64,
    nonresponse: f64,
    drop_stratum: bool,
    shift: f64,
    strata: Option<By>,
    confidence: f64,
    seed: u64,
    national: bool,
}

fn options() -> anyhow::Result<Options> {
    let mut o = Options {
        runs: 1000,
        stations: 10_000,
        choices: 6,
        fraction: 0.1,
        nonresponse: 0.0,
        drop_stratum: false,
        shift: 0.0,
        strata: Some(By::Governorate),
        confidence: 0.95,
        seed: 1,
        national: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match a.as_str() {
            "--runs" => o.runs = value().parse()?,
            "--stations" => o.stations = value().parse()?,
            "--choices" => o.choices = value().parse()?,
            "--fraction" => o.fraction = value().parse()?,
            "--nonresponse" => o.nonresponse = value().parse()?,
            "--drop-stratum" => o.drop_stratum = true,
            "--district-ballots" => o.national = false,
            "--shift" => o.shift = value().parse()?,
            "--confidence" => o.confidence = value().parse()?,
            "--seed" => o.seed = value().parse()?,
            "--strata" => {
                o.strata = match value().as_str() {
                    "governorate" => Some(By::Governorate),
                    "district" => Some(By::District),
                    "none" => None,
                    other => anyhow::bail!("--strata {other}"),
                }
            }
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    Ok(o)
}

fn main() -> anyhow::Result<()> {
    let o = options()?;
    let started = std::time::Instant::now();
    let (mut covered, mut estimated) = (Vec::<usize>::new(), Vec::<usize>::new());
    let (mut turnout_covered, mut invalid_covered) = (0usize, 0usize);
    let (mut shifted_outside, mut unshifted_outside, mut unshifted) = (0usize, 0usize, 0usize);
    let (mut merged_runs, mut stderr_sum, mut reports_sum) = (0usize, 0.0f64, 0usize);
    for run in 0..o.runs {
        let settings = tally::simulate::Settings {
            national_ballot: o.national,
            ..tally::simulate::Settings::new(
                "SIM-2025-PR",
                o.stations,
                o.choices,
                o.seed + run as u64,
            )?
        };
        let (payloads, _) = counts(&settings);
        let frame = Frame {
            path: "frame.csv".into(),
            sha256: String::new(),
            stations: payloads
                .iter()
                .enumerate()
                .map(|(i, p)| FrameStation {
                    center: p.center,
                    station: p.station,
                    governorate: Some(p.governorate),
                    district: Some(p.district),
                    line: i + 2,
                })
                .collect(),
        };
        let strata = frame.strata(o.strata)?;
        let size = (o.fraction * f64::from(o.stations)).round() as u64;
        let (_, drawn) = draw(&frame, &strata, size, &format!("bench-{}-{run}", o.seed))?;
        let rows: Vec<SampleRow> = drawn
            .iter()
            .enumerate()
            .map(|(i, d)| SampleRow {
                drawn: d.clone(),
                line: i + 2,
            })
            .collect();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(o.seed * 1_000_003 + run as u64);
        let dropped = if o.drop_stratum {
            strata[rng.gen_range(0..strata.len())].code.clone()
        } else {
            None
        };
        let by_key: std::collections::HashMap<(u32, u32), &tally::tape::Payload> = payloads
            .iter()
            .map(|p| ((p.center, p.station), p))
            .collect();
        let verified: Vec<&tally::tape::Payload> = rows
            .iter()
            .filter(|r| !(o.drop_stratum && r.drawn.stratum == dropped))
            .filter(|_| rng.gen::<f64>() >= o.nonresponse)
            .map(|r| by_key[&(r.drawn.center, r.drawn.station)])
            .collect();
        reports_sum += verified.len();
        let observed = observe(&strata, &frame, &rows, &verified, None);
        let settings = Settings {
            confidence: o.confidence,
            ..Settings::default()
        };
        let e = estimate(&observed.strata, observed.choices.len(), &settings)?;
        if !e.merged.is_empty() {
            merged_runs += 1;
        }
        // The truth: every station's counts.
        let k = observed.choices.len();
        let mut votes = vec![0u64; k];
        covered.resize(covered.len().max(k), 0);
        estimated.resize(estimated.len().max(k), 0);
        let (mut voters, mut registered, mut invalid, mut ballots) = (0u64, 0u64, 0u64, 0u64);
        for p in &payloads {
            for c in &p.choices {
                let i = observed.choices.binary_search(&c.code).unwrap_or(0);
                votes[i] += u64::from(c.votes);
            }
            voters += u64::from(p.voters);
            registered += u64::from(p.registered);
            invalid += u64::from(p.invalid);
            ballots += u64::from(p.ballots);
        }
        let valid: u64 = votes.iter().sum();
        let inside = |r: &tally::quickcount::Ratio, truth: f64| r.low <= truth && truth <= r.high;
        for (c, r) in e.choices.iter().enumerate() {
            let truth = 100.0 * votes[c] as f64 / valid as f64;
            estimated[c] += 1;
            if inside(r, truth) {
                covered[c] += 1;
            }
            stderr_sum += r.stderr;
            // Published shifted: the first choice gains `shift` points, the second loses them.
            let official = match c {
                0 => truth + o.shift,
                1 => truth - o.shift,
                _ => truth,
            };
            let outside = verdict(r, Some(official), None) == Some(Verdict::Outside);
            if c < 2 && o.shift != 0.0 {
                shifted_outside += usize::from(outside);
            } else {
                unshifted += 1;
                unshifted_outside += usize::from(outside);
            }
        }
        if inside(&e.turnout, 100.0 * voters as f64 / registered as f64) {
            turnout_covered += 1;
        }
        if inside(&e.invalid, 100.0 * invalid as f64 / ballots as f64) {
            invalid_covered += 1;
        }
    }
    let pct = |n: usize, of: usize| 100.0 * n as f64 / of as f64;
    let runs = o.runs;
    let pooled: usize = covered.iter().sum();
    let pooled_of: usize = estimated.iter().sum();
    println!(
        "{runs} elections of {} stations ({} choices), sample {}% stratified by {}, nonresponse {}%, one stratum dropped: {}, confidence {}",
        o.stations,
        o.choices,
        100.0 * o.fraction,
        o.strata.map_or("nothing", |b| b.as_str()),
        100.0 * o.nonresponse,
        o.drop_stratum,
        o.confidence
    );
    println!(
        "coverage per choice: {}; all choices pooled {:.1}%; turnout {:.1}%; invalid share {:.1}%",
        if covered.len() <= 12 {
            covered
                .iter()
                .zip(&estimated)
                .map(|(&n, &of)| format!("{:.1}%", pct(n, of)))
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            format!("{} codes", covered.len())
        },
        pct(pooled, pooled_of),
        pct(turnout_covered, runs),
        pct(invalid_covered, runs)
    );
    println!(
        "mean reports {:.0}, mean stderr {:.3} points, runs with merged strata {merged_runs}",
        reports_sum as f64 / runs as f64,
        stderr_sum / pooled_of as f64
    );
    if o.shift != 0.0 {
        println!(
            "shift {} points: shifted choices `outside` in {:.1}% ({shifted_outside} of {}); unshifted choices `outside` in {:.1}%",
            o.shift,
            pct(shifted_outside, 2 * runs),
            2 * runs,
            pct(unshifted_outside, unshifted)
        );
    } else {
        println!(
            "official = truth: `outside` (a false alarm) in {:.1}% of choices",
            pct(unshifted_outside, unshifted)
        );
    }
    println!("{:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}
