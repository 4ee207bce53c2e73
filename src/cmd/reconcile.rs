//! `tally reconcile`: tapes against the published results.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::cli::{ColorChoice, ImportArgs, ReconcileArgs};
use crate::published::{self, Field, ImportOptions};
use crate::reconcile::{gather, reconcile_with, BallotScope};
use crate::report::lang::Lang;
use crate::report::listing::KeyringInfo;
use crate::report::output::write_output_with;
use crate::report::pdf::Pdf;
use crate::report::plural;
use crate::report::reconcile::model::{IssueRecord, LayoutFileRecord};
use crate::report::reconcile::{build, exporter, input_records, Exporter, ReconcileFormat};
use crate::report::style::{terminal_width, use_color};

use super::output::{is_stdout, refuse_output_over_input, resolve_format, tell_written};
use super::progress::Bars;
use super::Outcome;

/// How the options say the published file is read: `--map` checked, the layout file loaded.
pub(super) fn import_options(args: &ImportArgs) -> anyhow::Result<ImportOptions> {
    Ok(ImportOptions {
        map: parse_map(&args.map)?,
        encoding: args.encoding.clone(),
        sheet: args.sheet.clone(),
        layout: args
            .layout
            .as_deref()
            .map(crate::published::LayoutFile::load)
            .transpose()?,
        stations_only: false,
    })
}

/// `--map FIELD=HEADER` entries, checked.
fn parse_map(entries: &[String]) -> anyhow::Result<Vec<(Field, String)>> {
    entries
        .iter()
        .map(|e| {
            let (field, header) = e.split_once('=').with_context(|| {
                format!(
                    "--map {e:?}: write it as FIELD=HEADER, e.g. --map center=\"Polling Center\""
                )
            })?;
            let f = Field::from_name(field).with_context(|| {
                let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "--map {e:?}: {field:?} is not a field; the fields are {}",
                    names.join(", ")
                )
            })?;
            Ok((f, header.to_string()))
        })
        .collect()
}

/// `tally reconcile` resolved: everything that can be refused is refused before any input is
/// read.
struct Settings {
    import: ImportOptions,
    format: ReconcileFormat,
    color: bool,
    lang: Lang,
    now: crate::tape::Timestamp,
}

impl Settings {
    fn resolve(args: &ReconcileArgs, color: ColorChoice) -> anyhow::Result<Settings> {
        let import = import_options(&args.import)?;
        let output = &args.output.output;
        let inputs = args.tapes.iter().map(PathBuf::as_path);
        let inputs = inputs.chain([args.published.as_path()]);
        let inputs = inputs.chain(args.import.paths()).chain(args.photo.paths());
        refuse_output_over_input(output, inputs.chain(args.keyring.paths()))?;
        let format = resolve_format(args.format, output, ReconcileFormat::Table)?;
        if format == ReconcileFormat::Pdf && is_stdout(output) && std::io::stdout().is_terminal() {
            anyhow::bail!("a PDF is not for the terminal: write it to a file, e.g. -o report.pdf");
        }
        Ok(Settings {
            import,
            format,
            color: use_color(color, is_stdout(output)),
            lang: args.lang,
            now: super::now()?,
        })
    }
}

/// Runs `tally reconcile`.
pub fn run(args: ReconcileArgs, color: ColorChoice) -> anyhow::Result<Outcome> {
    let settings = Settings::resolve(&args, color)?;
    let bars = Bars::new();
    let (published, batch) = rayon::join(
        || {
            let p = published::load(&args.published, &settings.import);
            bars.mark("  published results read");
            p
        },
        || super::read_batch(&args.tapes, &args.keyring, &args.photo, &bars),
    );
    let mut batch = batch?;
    let published = super::inputs::published_or_hint(
        published,
        &args.published,
        "the published results cannot be used; nothing was reconciled",
    )?;
    refuse_published_as_tapes(&mut batch.checked, &published);
    warn_rejected_rows(&args.published, &published);
    bars.mark("read published and tapes, verify");
    let keyring = batch.keyring.as_ref().map(KeyringInfo::of);
    let records = input_records(&batch.checked, &published, keyring.as_ref());
    let (tapes, unreadable) = gather(batch.checked, &published);
    // The PDF's sheets show each station's tapes: kept until the report is made.
    let sheet_tapes = (settings.format == ReconcileFormat::Pdf).then(|| tapes.clone());
    let election = election_of(&tapes);
    let scope = if args.national_ballot {
        BallotScope::National
    } else {
        BallotScope::District
    };
    let reconciliation = reconcile_with(tapes, unreadable, &published, scope);
    bars.mark("reconcile");
    let mut report = build(&reconciliation, records, keyring, &published);
    report.issue = IssueRecord {
        election: args.issue.election.clone().or(election),
        network: args.issue.network.clone(),
        date: Some(super::date_of(settings.now)),
    };
    report.tapes_layout = batch.tables_layout.as_ref().map(LayoutFileRecord::of);
    bars.mark("report model");
    let exporter: Box<dyn Exporter> = match sheet_tapes {
        Some(tapes) => Box::new(pdf_with_tapes(&report, &tapes, &published, settings.lang)),
        None => exporter(
            settings.format,
            settings.color,
            terminal_width(is_stdout(&args.output.output)),
            settings.lang,
        ),
    };
    write_output_with(&args.output.output, &mut |out| exporter.write(&report, out))?;
    let o = &report.summary.overall;
    let holds = format!(
        "{} proven to differ, {} with findings",
        plural(report.summary.proven_differ, "station", "stations"),
        o.stations_with_findings
    );
    tell_written(&args.output.output, &holds);
    bars.mark("render and write");
    // Exit 1 says what the headline says: a station is proven to differ (or, asked, any
    // station has a discrepancy).
    let fails = match args.fail_on {
        crate::cli::FailOn::Proven => report.summary.proven_differ > 0,
        crate::cli::FailOn::Discrepancy => o.stations_with_findings > 0,
    };
    let outcome = Outcome::of(report.has_rejections(), fails);
    // A national run holds a few hundred MB in millions of small allocations: the process is
    // about to exit, so let the operating system take them back at once.
    std::mem::forget((report, reconciliation, published));
    Ok(outcome)
}

/// The election the verified tapes name, when they all name the same one.
fn election_of(tapes: &[crate::reconcile::Gathered]) -> Option<String> {
    let mut ids = tapes
        .iter()
        .filter(|g| g.status == crate::verify::Status::Verified)
        .map(|g| g.tape.payload.election.as_str());
    let first = ids.next()?;
    ids.all(|e| e == first).then(|| first.to_string())
}

/// The PDF with each station's tapes: their figures, and the tape file itself (photo or text)
/// read again and attached when its SHA-256 is still the one the report gives.
fn pdf_with_tapes(
    report: &crate::report::reconcile::ReconcileReport,
    tapes: &[crate::reconcile::Gathered],
    published: &published::Published,
    lang: Lang,
) -> Pdf {
    let figures = crate::report::sheet::figures(report, tapes, Some(published));
    let mut files = std::collections::BTreeMap::new();
    let sheet_copies = report
        .stations
        .iter()
        .filter(|s| crate::report::sheet::has_sheet(s))
        .filter_map(|s| s.tapes.first().and_then(|t| t.copies.first()));
    for copy in sheet_copies {
        let Some(sha256) = &copy.sha256 else { continue };
        let bytes = crate::files::read(
            Path::new(&copy.path),
            crate::source::MAX_PHOTO_BYTES,
            "a tape's photo",
        );
        match bytes {
            Ok(bytes) if crate::bundle::manifest::sha256_hex(&bytes) == *sha256 => {
                files.insert(copy.path.clone(), bytes);
            }
            Ok(_) => super::tell(&format!(
                "tally: {} changed since it was read: its sheet names it and its SHA-256 but does not show it",
                copy.path
            )),
            // Inside an archive, or gone: the sheet names the file and its hash.
            Err(_) => {}
        }
    }
    Pdf::with_tapes(lang, figures, files)
}

/// The published results given among the tapes too (a folder holding both, read with
/// `--tapes-layout`) would be taken for observations and match themselves: its rows are
/// refused as tapes, each with the reason.
fn refuse_published_as_tapes(
    checked: &mut [crate::source::batch::Checked],
    published: &published::Published,
) {
    for (input, verdict) in checked.iter_mut() {
        if input.sha256.as_deref() == Some(published.sha256.as_str()) {
            let line = input.line;
            input.tape = Err(crate::source::ReadError {
                station: None,
                line,
                message: "this file is the published results themselves, not an observation: take it out of --tapes".into(),
            });
            *verdict = None;
        }
    }
}

/// Tells stderr how many published rows could not be read, and how many the layout left
/// out, naming the first of each.
pub(super) fn warn_rejected_rows(path: &Path, published: &published::Published) {
    for (rows, what) in [
        (&published.rejected, "could not be read"),
        (&published.skipped, "were left out by the layout"),
    ] {
        if let Some(row) = rows.first() {
            super::tell(&format!(
                "tally: {} of {} {what}; first: line {}: {}",
                plural(rows.len(), "row", "rows"),
                path.display(),
                row.line,
                row.reason
            ));
        }
    }
}
