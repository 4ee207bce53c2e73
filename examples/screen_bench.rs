//! The screening benchmark (issue 14): how often `tally screen` raises a signal on clean
//! simulated elections (false alarms), and how often the matching signal on elections with
//! ballot stuffing or rounded turnouts (power). Each election is `simulate::counts` of its own
//! seed; the screen runs as `tally screen` does (alpha 0.05, 499 draws).
//!
//! Usage: screen_bench [--runs R] [--stations N] [--choices C] [--stuffing F] [--rounding F]
//! [--seed S]

use std::collections::BTreeMap;

use tally::screen::{figures_of_counts, screen, Settings};
use tally::simulate::counts;

fn main() -> anyhow::Result<()> {
    let (mut runs, mut stations, mut choices, mut stuffing, mut rounding, mut seed) =
        (200usize, 10_000u32, 6u32, 0.0f64, 0.0f64, 1u64);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match a.as_str() {
            "--runs" => runs = value().parse()?,
            "--stations" => stations = value().parse()?,
            "--choices" => choices = value().parse()?,
            "--stuffing" => stuffing = value().parse()?,
            "--rounding" => rounding = value().parse()?,
            "--seed" => seed = value().parse()?,
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let started = std::time::Instant::now();
    let mut any_raised = 0;
    let mut raised_by: BTreeMap<String, usize> = BTreeMap::new();
    for run in 0..runs {
        let settings = tally::simulate::Settings {
            stuffing,
            rounding,
            ..tally::simulate::Settings::new("SIM-2025-PR", stations, choices, seed + run as u64)?
        };
        let (payloads, _) = counts(&settings);
        let figures = figures_of_counts(&payloads);
        let found = screen(&figures, None, &Settings::default());
        let raised: Vec<&str> = found
            .signals
            .iter()
            .filter(|s| s.raised)
            .map(|s| s.test.as_str())
            .collect();
        if !raised.is_empty() {
            any_raised += 1;
        }
        for r in raised {
            *raised_by.entry(r.to_string()).or_insert(0) += 1;
        }
    }
    println!(
        "{runs} elections of {stations} stations ({choices} choices), stuffing {stuffing}, rounding {rounding}: any signal raised in {any_raised} ({:.1}%); by test: {raised_by:?}; {:.1} s",
        100.0 * any_raised as f64 / runs as f64,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
