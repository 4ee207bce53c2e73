//! `tally estimate`: the quick count's estimate from the sampled stations' verified tapes.

use anyhow::Context as _;

use crate::cli::EstimateArgs;
use crate::published::{self, ImportOptions, LayoutFile};
use crate::quickcount::{self, estimate, observe, sample_file, Frame};
use crate::report::output::write_output_with;
use crate::report::quickcount::{build, render, EstimateFormat, FileRecord, Inputs};
use crate::report::sanitize::terminal;

use super::output::{refuse_output_over_input, resolve_format, tell_written};
use super::progress::Bars;
use super::reconcile::{import_options, warn_rejected_rows};
use super::{read_batch, tapes_used, verified_payloads, Outcome};

/// `tally estimate` resolved: everything that can be refused is refused before any input is
/// read.
struct Settings {
    frame: ImportOptions,
    published: ImportOptions,
    estimate: quickcount::Settings,
    format: EstimateFormat,
}

impl Settings {
    fn resolve(args: &EstimateArgs) -> anyhow::Result<Settings> {
        let output = &args.output.output;
        let inputs = [args.sample.as_path(), args.frame.as_path()]
            .into_iter()
            .chain(args.published.as_deref())
            .chain(args.tapes.iter().map(|p| p.as_path()));
        let inputs = inputs
            .chain(args.import.paths())
            .chain(args.published_layout.as_deref())
            .chain(args.photo.paths());
        refuse_output_over_input(output, inputs.chain(args.keyring.paths()))?;
        let import = import_options(&args.import)?;
        let published = match &args.published_layout {
            Some(path) => ImportOptions {
                layout: Some(LayoutFile::load(path).context("--published-layout")?),
                ..import.clone()
            },
            None => import.clone(),
        };
        Ok(Settings {
            frame: ImportOptions {
                stations_only: true,
                ..import
            },
            published,
            estimate: quickcount::Settings {
                confidence: args.confidence,
                min_reports: usize::try_from(args.min_reports).unwrap_or(2),
            },
            format: resolve_format(args.format, output, EstimateFormat::Table)?,
        })
    }
}

/// Runs `tally estimate`.
pub fn run(args: EstimateArgs) -> anyhow::Result<Outcome> {
    let settings = Settings::resolve(&args)?;
    let sample = sample_file::parse(&args.sample)?;
    let rows = &sample.rows;
    let frame_file = published::load(&args.frame, &settings.frame)
        .context("the frame cannot be read; nothing was estimated")?;
    let frame = Frame::of(&frame_file)?;
    let redrawn = quickcount::redraw(&frame, &sample, &args.sample, args.strata)?;
    warn_redrawn(&redrawn, &args);
    let (by, strata) = (redrawn.strata_by, redrawn.strata);
    let published = args
        .published
        .as_deref()
        .map(|path| {
            let p = super::inputs::published_or_hint(
                published::load(path, &settings.published),
                path,
                "the published results cannot be used; nothing was estimated",
            )?;
            warn_rejected_rows(path, &p);
            anyhow::Ok(p)
        })
        .transpose()?;
    let bars = Bars::new();
    let batch = read_batch(&args.tapes, &args.keyring, &args.photo, &bars)?;
    let verified = verified_payloads(Some(&batch));
    let tapes = tapes_used(&batch, verified.len());
    if !tapes.keyring_authenticated {
        anyhow::bail!(
            "the keyring is NOT AUTHENTICATED: no tape is proven, and an estimate from unproven figures proves nothing; give the commission's root key with --root-key"
        );
    }
    let sampled: std::collections::HashSet<(u32, u32)> = rows
        .iter()
        .map(|r| (r.drawn.center, r.drawn.station))
        .collect();
    let unverified = unverified_sampled(&batch, &sampled);
    let observed = observe(&strata, &frame, rows, &verified, published.as_ref());
    let estimate = estimate(&observed.strata, observed.choices.len(), &settings.estimate)
        .context("no estimate can be made")?;
    let report = build(
        Inputs {
            sample: FileRecord {
                path: args.sample.display().to_string(),
                sha256: sample.sha256.clone(),
            },
            frame: FileRecord {
                path: frame.path.display().to_string(),
                sha256: frame.sha256.clone(),
            },
            frame_stations: frame.stations.len(),
            published: published
                .as_ref()
                .map(|p| (p, quickcount::official(p, &frame))),
            strata_by: by,
            confidence: args.confidence,
            threshold: args.threshold,
            tapes,
            unverified,
        },
        &observed,
        &estimate,
    );
    write_output_with(&args.output.output, &mut |out| {
        out.write_all(
            render(
                &report,
                settings.format,
                crate::report::style::terminal_width(super::output::is_stdout(&args.output.output)),
            )
            .as_bytes(),
        )
    })?;
    let outside = report
        .choices
        .iter()
        .filter(|c| c.verdict == Some(quickcount::Verdict::Outside))
        .count();
    tell_written(
        &args.output.output,
        &format!(
            "the sample is the one its seed draws; {} of {} sampled stations reported; {outside} official {} outside the interval",
            report.reported,
            report.sampled,
            if outside == 1 { "share" } else { "shares" }
        ),
    );
    let incomplete = !batch.unreadable().is_empty()
        || published.as_ref().is_some_and(|p| !p.rejected.is_empty());
    Ok(Outcome::of(incomplete, report.has_findings()))
}

/// What is said on stderr about a sample that redraws: a short seed, another frame file.
fn warn_redrawn(redrawn: &quickcount::Redrawn, args: &EstimateArgs) {
    if let Some(warning) = &redrawn.seed_warning {
        eprintln!(
            "tally: warning: {}: {warning}",
            terminal(&args.sample.display().to_string())
        );
    }
    if let Some((found, drawn_from)) = &redrawn.other_frame {
        eprintln!(
            "tally: warning: {} is not the file the sample was drawn from (SHA-256 {found}, the sample's frame_sha256 {drawn_from}), but it lists the same stations in the same order: the sample redraws the same",
            terminal(&args.frame.display().to_string())
        );
    }
}

/// The sampled stations' tapes that do not verify, `CENTRE-STATION: status`: not used, and
/// listed, since a forged tape at a sampled station is a finding of its own.
fn unverified_sampled(
    batch: &crate::source::batch::Batch,
    sampled: &std::collections::HashSet<(u32, u32)>,
) -> Vec<String> {
    batch
        .checked
        .iter()
        .filter_map(|(input, v)| {
            let tape = input.tape.as_ref().ok()?;
            let status = v.as_ref()?.status;
            let key = (tape.payload.center, tape.payload.station);
            (status != crate::verify::Status::Verified && sampled.contains(&key))
                .then(|| format!("{}-{}: {}", key.0, key.1, status.as_str()))
        })
        .collect()
}
