//! `tally simulate`: a synthetic election — arguments → settings → `simulate` → a one-line
//! summary on stderr.

use std::time::Instant;

use crate::cli::SimulateArgs;
use crate::simulate::{simulate, Settings};

use super::{progress, Outcome};

/// Runs `tally simulate`.
pub fn run(args: SimulateArgs) -> anyhow::Result<Outcome> {
    let settings = Settings {
        photos: args.photos,
        stuffing: args.stuffing,
        rounding: args.rounding,
        national_ballot: args.national_ballot,
        photo_style: match args.photo_style {
            crate::cli::PhotoStyleArg::Mixed => crate::photo::StyleMix::Mixed,
            crate::cli::PhotoStyleArg::Phone => crate::photo::StyleMix::Phone,
        },
        ..Settings::new(&args.election, args.stations, args.choices, args.seed)?
    };
    let started = Instant::now();
    let bar = progress::bar(u64::from(settings.stations), "stations");
    let summary = simulate(&settings, &args.out, &|| bar.inc(1));
    bar.finish_and_clear();
    let summary = summary?;
    super::tell(&format!(
        "tally: simulated {} in {}: {} stations in {} centres, {} districts, {} governorates; {} tapes{}, {} published rows, {} anomalies (truth.json); {:.1} s",
        settings.election,
        args.out.display(),
        summary.stations,
        summary.centers,
        summary.districts,
        summary.governorates,
        summary.tapes,
        if settings.photos { " and their photos" } else { "" },
        summary.published_rows,
        summary.anomalies,
        started.elapsed().as_secs_f64()
    ));
    Ok(Outcome::Clean)
}
