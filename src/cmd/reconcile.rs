//! `tally reconcile`: tapes against the published results.

use anyhow::Context as _;

use crate::cli::{ColorChoice, ReconcileArgs};
use crate::published::{self, Field, ImportOptions};
use crate::reconcile::{reconcile, Gathered};
use crate::report::listing::{InputStatus, KeyringInfo};
use crate::report::output::write_output;
use crate::report::reconcile::model::{InputKind, InputRecord, Outcome as InputOutcome};
use crate::report::reconcile::{build, exporter};
use crate::report::style::use_color;

use super::{is_stdout, load_keyring, read_and_list, Outcome};

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
    let keyring = load_keyring(&args.keyring)?;
    let (published, (inputs, listing)) = rayon::join(
        || published::load(&args.published, &options),
        || read_and_list(&args.tapes, keyring.as_ref(), &args.photo),
    );
    let published =
        published.context("the published results cannot be used; nothing was reconciled")?;
    let mut records = Vec::with_capacity(inputs.len() + 2);
    let mut gathered = Vec::with_capacity(inputs.len());
    for (input, entry) in inputs.into_iter().zip(&listing.tapes) {
        let accepted = entry.status != InputStatus::Unreadable;
        records.push(InputRecord {
            path: entry.path.clone(),
            kind: InputKind::Tape,
            outcome: if accepted {
                InputOutcome::Accepted
            } else {
                InputOutcome::Rejected
            },
            reason: entry.line.map_or(String::new(), |l| format!("line {l}: ")) + &entry.reason,
            sha256: entry.sha256.clone(),
            status: Some(entry.status),
            station: entry.station,
        });
        if let (Ok(tape), InputStatus::Tape(status)) = (input.tape, entry.status) {
            gathered.push(Gathered {
                path: input.path,
                sha256: input.sha256,
                source: input.source,
                status,
                reason: entry.reason.clone(),
                tape,
            });
        }
    }
    records.push(InputRecord {
        path: published.path.display().to_string(),
        kind: InputKind::Published,
        outcome: InputOutcome::Accepted,
        reason: format!(
            "{} rows, {} stations, {} rows rejected",
            published.rows,
            published.stations.len(),
            published.rejected.len()
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
                format!("{} keys, authenticated by the root key", info.keys)
            } else {
                format!("{} keys, NOT authenticated (no --root-key)", info.keys)
            },
            sha256: Some(info.sha256),
            status: None,
            station: None,
        });
    }
    if let Some(row) = published.rejected.first() {
        eprintln!(
            "tally: {} rows of {} could not be read; first: line {}: {}",
            published.rejected.len(),
            args.published.display(),
            row.line,
            row.reason
        );
    }
    let reconciliation = reconcile(gathered, &published);
    let report = build(
        &reconciliation,
        records,
        keyring.as_ref().map(KeyringInfo::of),
        &published,
    );
    let color = use_color(color, is_stdout(&args.output.output));
    write_output(
        &args.output.output,
        exporter(args.format, color).render(&report).as_bytes(),
    )?;
    Ok(if report.has_rejections() {
        Outcome::Incomplete
    } else if report.has_findings() {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
