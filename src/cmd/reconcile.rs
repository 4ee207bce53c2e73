//! `tally reconcile`: tapes against the published results.

use std::path::PathBuf;

use anyhow::Context as _;

use crate::cli::{ColorChoice, ReconcileArgs};
use crate::published::{self, Field, ImportOptions};
use crate::reconcile::{reconcile_with, station_named_in, Gathered, Unreadable};
use crate::report::listing::{InputStatus, KeyringInfo, StationId};
use crate::report::output::write_output_with;
use crate::report::plural;
use crate::report::reconcile::model::{InputKind, InputRecord, Outcome as InputOutcome};
use crate::report::reconcile::{build, exporter};
use crate::report::style::use_color;
use crate::tape::Signature;

use super::{is_stdout, read_inputs, Outcome};

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

/// Runs `tally reconcile`.
pub fn run(args: ReconcileArgs, color: ColorChoice) -> anyhow::Result<Outcome> {
    let options = ImportOptions {
        map: parse_map(&args.map)?,
        encoding: args.encoding.clone(),
        sheet: args.sheet.clone(),
    };
    let inputs = args
        .tapes
        .iter()
        .map(PathBuf::as_path)
        .chain([args.published.as_path()]);
    super::refuse_output_over_input(&args.output.output, inputs.chain(args.keyring.paths()))?;
    let format = super::resolve_format(
        args.format,
        &args.output.output,
        crate::report::reconcile::ReconcileFormat::Table,
    )?;
    let timer = super::progress::Timings::from_env();
    let (published, read) = rayon::join(
        || {
            let p = published::load(&args.published, &options);
            timer.mark("  published results read");
            p
        },
        || read_inputs(&args.tapes, &args.keyring, &args.photo, &timer),
    );
    let (keyring, checked) = read?;
    let published =
        published.context("the published results cannot be used; nothing was reconciled")?;
    let mut records = Vec::with_capacity(checked.len() + 2);
    let mut gathered = Vec::with_capacity(checked.len());
    let mut unreadable = Vec::new();
    for (input, verdict) in checked {
        let path = input.path.display().to_string();
        match (input.tape, verdict) {
            (Ok(tape), Some(verdict)) => {
                let at = match &tape.signature {
                    Signature::Unreadable { line, .. } => format!("line {line}: "),
                    _ => String::new(),
                };
                records.push(InputRecord {
                    path,
                    kind: InputKind::Tape,
                    outcome: InputOutcome::Accepted,
                    reason: at + &verdict.reason,
                    sha256: input.sha256.clone(),
                    status: Some(InputStatus::Tape(verdict.status)),
                    station: Some(StationId {
                        center: tape.payload.center,
                        station: tape.payload.station,
                    }),
                });
                gathered.push(Gathered {
                    path: input.path,
                    sha256: input.sha256,
                    source: input.source,
                    status: verdict.status,
                    reason: verdict.reason,
                    tape,
                });
            }
            (tape, _) => {
                let reason = tape.err().map_or_else(String::new, |e| {
                    e.line.map_or(String::new(), |l| format!("line {l}: ")) + &e.message
                });
                // A file named for a published station (`tape-120345-3.jpg`) was gathered
                // for it: the station is `tape-unreadable`, not `tape-missing`.
                let station = station_named_in(&input.path, &published);
                if let Some(station) = station {
                    unreadable.push(Unreadable {
                        path: input.path.clone(),
                        sha256: input.sha256.clone(),
                        reason: reason.clone(),
                        station,
                    });
                }
                records.push(InputRecord {
                    path,
                    kind: InputKind::Tape,
                    outcome: InputOutcome::Rejected,
                    reason,
                    sha256: input.sha256,
                    status: Some(InputStatus::Unreadable),
                    station: station.map(|(center, station)| StationId { center, station }),
                });
            }
        }
    }
    records.push(InputRecord {
        path: published.path.display().to_string(),
        kind: InputKind::Published,
        outcome: InputOutcome::Accepted,
        reason: format!(
            "{}, {}, {} rejected",
            plural(published.rows, "row", "rows"),
            plural(published.stations.len(), "station", "stations"),
            plural(published.rejected.len(), "row", "rows")
        ),
        sha256: Some(published.sha256.clone()),
        status: None,
        station: None,
    });
    if let Some(k) = &keyring {
        let info = KeyringInfo::of(k);
        records.push(InputRecord {
            path: info.path.clone(),
            kind: InputKind::Keyring,
            outcome: InputOutcome::Accepted,
            reason: if info.authenticated {
                format!(
                    "{}, authenticated by the root key",
                    plural(info.keys, "key", "keys")
                )
            } else {
                format!(
                    "{}, NOT authenticated (no --root-key)",
                    plural(info.keys, "key", "keys")
                )
            },
            sha256: Some(info.sha256),
            status: None,
            station: None,
        });
    }
    if let Some(row) = published.rejected.first() {
        eprintln!(
            "tally: {} of {} could not be read; first: line {}: {}",
            plural(published.rejected.len(), "row", "rows"),
            args.published.display(),
            row.line,
            row.reason
        );
    }
    timer.mark("read published and tapes, verify");
    let reconciliation = reconcile_with(gathered, unreadable, &published);
    timer.mark("reconcile");
    let report = build(
        &reconciliation,
        records,
        keyring.as_ref().map(KeyringInfo::of),
        &published,
    );
    let color = use_color(color, is_stdout(&args.output.output));
    let exporter = exporter(format, color, args.lang);
    timer.mark("report model");
    write_output_with(&args.output.output, &mut |out| exporter.write(&report, out))?;
    super::tell_written(
        &args.output.output,
        &plural(
            report.summary.overall.stations_with_findings,
            "station with findings",
            "stations with findings",
        ),
    );
    timer.mark("render and write");
    let outcome = Outcome::of(report.has_rejections(), report.has_findings());
    // A national run holds a few hundred MB in millions of small allocations: the process is
    // about to exit, so let the operating system take them back at once.
    std::mem::forget((report, reconciliation, published));
    Ok(outcome)
}
