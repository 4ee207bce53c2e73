//! The seats margin benchmark (issue 24): one constituency of N choices (votes from a seeded
//! generator: a few large lists and a long tail, as real ballots), allocated, then its margin
//! found and timed: as tally finds it now (`seats::margin`) and, with `--pairwise`, as it did
//! before (every ordered pair, `src/seats/pairwise.rs`, included here). Both must agree.
//!
//! Usage: seats_bench [--choices N] [--seats S] [--dhondt] [--seed X] [--pairwise]

use std::collections::BTreeMap;
use std::time::Instant;

use rand::{Rng as _, SeedableRng as _};
use tally::seats::{margin, Method};

/// What `pairwise.rs` imports as `super::allocate`.
mod allocate {
    pub use tally::seats::allocate::*;
}

#[path = "../src/seats/pairwise.rs"]
mod pairwise;

fn main() -> anyhow::Result<()> {
    let (mut choices, mut seats, mut seed, mut dhondt, mut with_pairwise) =
        (10_000u32, 69u32, 1u64, false, false);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match a.as_str() {
            "--choices" => choices = value().parse()?,
            "--seats" => seats = value().parse()?,
            "--seed" => seed = value().parse()?,
            "--dhondt" => dhondt = true,
            "--pairwise" => with_pairwise = true,
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let method = if dhondt {
        Method::DHondt
    } else {
        Method::SainteLague {
            first_divisor: 17_000,
        }
    };
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let votes: BTreeMap<u32, u64> = (0..choices)
        .map(|i| {
            let big = 3_000_000 / (u64::from(i) + 1);
            (100 + i, big + rng.gen_range(0..5_000))
        })
        .collect();
    let started = Instant::now();
    let a = allocate::allocate(&votes, seats, method);
    let allocated = started.elapsed();
    let started = Instant::now();
    let m = margin(&votes, &a, method);
    let found = started.elapsed();
    println!(
        "{choices} choices, {seats} seats, {}: allocation {:.3} s; margin {:.3} s: {m:?}",
        method.describe(),
        allocated.as_secs_f64(),
        found.as_secs_f64()
    );
    if with_pairwise {
        let started = Instant::now();
        let p = pairwise::margin_pairwise(&votes, &a, method);
        println!(
            "  every pair (before): {:.3} s: {p:?}",
            started.elapsed().as_secs_f64()
        );
        anyhow::ensure!(
            p == m.map(|m| (m.votes, m.from, m.to)),
            "the margins differ"
        );
    }
    Ok(())
}
