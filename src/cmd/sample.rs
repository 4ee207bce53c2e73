//! `tally sample`: the quick count's sample, drawn from the frame with Rivest's sampler.

use anyhow::Context as _;

use crate::cli::SampleArgs;
use crate::published::{self, ImportOptions};
use crate::quickcount::{draw, sample_file, seed, Design, Frame};
use crate::report::output::write_output_with;
use crate::report::plural;
use crate::report::sanitize::terminal;

use super::output::{refuse_output_over_input, tell_written};
use super::reconcile::import_options;
use super::Outcome;

/// `tally sample` resolved.
struct Settings {
    import: ImportOptions,
}

impl Settings {
    fn resolve(args: &SampleArgs) -> anyhow::Result<Settings> {
        let inputs = std::iter::once(args.frame.as_path()).chain(args.import.paths());
        refuse_output_over_input(&args.output.output, inputs)?;
        Ok(Settings {
            import: ImportOptions {
                stations_only: true,
                ..import_options(&args.import)?
            },
        })
    }
}

/// Runs `tally sample`.
pub fn run(args: SampleArgs) -> anyhow::Result<Outcome> {
    let settings = Settings::resolve(&args)?;
    let published = published::load(&args.frame, &settings.import)
        .context("the frame cannot be read; no station was drawn")?;
    let frame = Frame::of(&published)?;
    let strata = frame.strata(args.strata)?;
    let (allotted, drawn) = draw(&frame, &strata, args.size, &args.seed)?;
    if let Ok(Some(warning)) = seed::check(&args.seed) {
        eprintln!("tally: warning: --seed: {warning}; drawn all the same");
    }
    let design = Design {
        seed: args.seed.clone(),
        size: args.size,
        strata: args.strata,
        frame_sha256: frame.sha256.clone(),
    };
    let text = sample_file::write(&design, &drawn);
    write_output_with(&args.output.output, &mut |out| {
        out.write_all(text.as_bytes())
    })?;
    let empty = allotted.iter().filter(|a| a.sample == 0).count();
    let said = format!(
        "{} of {} sampled{}, seed {}{}",
        drawn.len(),
        plural(frame.stations.len(), "station", "stations"),
        match args.strata {
            Some(by) => format!(
                " in {} ({})",
                plural(strata.len(), "stratum", "strata"),
                by.as_str()
            ),
            None => String::new(),
        },
        terminal(&format!("{:?}", args.seed)),
        if empty > 0 {
            format!(
                "; {} too small for a share of the sample: none of its stations drawn (tally estimate merges it with a neighbour)",
                plural(empty, "stratum is", "strata are")
            )
        } else {
            String::new()
        }
    );
    if super::output::is_stdout(&args.output.output) {
        super::tell(&format!("tally: {said}"));
    } else {
        tell_written(&args.output.output, &said);
    }
    Ok(Outcome::Clean)
}
