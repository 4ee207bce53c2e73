//! The report's record of every input: each tape file (accepted, or rejected and why), the
//! published results, the keyring.

use crate::published::Published;
use crate::reconcile::{read_failure, station_named_in};
use crate::report::listing::{InputStatus, KeyringInfo, StationId};
use crate::report::plural;
use crate::source::batch::Checked;
use crate::tape::Signature;

use super::model::{InputKind, InputRecord, Outcome};

/// The record of every input, in input order, then the published results and the keyring.
pub fn input_records(
    checked: &[Checked],
    published: &Published,
    keyring: Option<&KeyringInfo>,
) -> Vec<InputRecord> {
    let mut records: Vec<InputRecord> = checked
        .iter()
        .map(|(input, verdict)| {
            let path = input.path.display().to_string();
            match (&input.tape, verdict) {
                (Ok(tape), Some(verdict)) => {
                    let at = match &tape.signature {
                        Signature::Unreadable { line, .. } => format!("line {line}: "),
                        _ => String::new(),
                    };
                    InputRecord {
                        path,
                        kind: InputKind::Tape,
                        outcome: Outcome::Accepted,
                        reason: at + &verdict.reason,
                        sha256: input.sha256.clone(),
                        status: Some(InputStatus::Tape(verdict.status)),
                        station: Some(StationId {
                            center: tape.payload.center,
                            station: tape.payload.station,
                        }),
                        line: input.line,
                    }
                }
                _ => InputRecord {
                    path,
                    kind: InputKind::Tape,
                    outcome: Outcome::Rejected,
                    reason: read_failure(input),
                    sha256: input.sha256.clone(),
                    status: Some(InputStatus::Unreadable),
                    // Named for a published station (`tape-120345-3.jpg`): gathered for it
                    // (a table's row names its station in its cells).
                    station: (input.source != crate::source::Source::Table)
                        .then(|| station_named_in(&input.path, published))
                        .flatten()
                        .map(|(center, station)| StationId { center, station }),
                    line: input.line,
                },
            }
        })
        .collect();
    records.push(InputRecord {
        path: published.path.display().to_string(),
        kind: InputKind::Published,
        outcome: Outcome::Accepted,
        reason: format!(
            "{}, {}, {} rejected, {} left out by the layout, {} entirely empty",
            plural(published.rows, "row", "rows"),
            plural(published.stations.len(), "station", "stations"),
            plural(published.rejected.len(), "row", "rows"),
            published.skipped.len(),
            published.empty_rows
        ),
        sha256: Some(published.sha256.clone()),
        status: None,
        station: None,
        line: None,
    });
    if let Some(info) = keyring {
        let proof = if info.authenticated {
            "authenticated by the root key"
        } else {
            "NOT authenticated (no --root-key)"
        };
        records.push(InputRecord {
            path: info.path.clone(),
            kind: InputKind::Keyring,
            outcome: Outcome::Accepted,
            reason: format!("{}, {proof}", plural(info.keys, "key", "keys")),
            sha256: Some(info.sha256.clone()),
            status: None,
            station: None,
            line: None,
        });
    }
    records
}
