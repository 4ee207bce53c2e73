//! A batch's inputs made ready to reconcile: each tape with its verdict gathered, each input
//! that could not be read kept for the station its file is named for.

use crate::published::Published;
use crate::source::batch::Checked;
use crate::source::Input;

use super::{Gathered, Unreadable};

/// The tapes of a batch, and the inputs named for a published station that could not be read
/// (that station is `tape-unreadable`, not `tape-missing`): by their file's name, or by the
/// station their text names (a photo whose CENTER and STATION were read, its text no tape).
pub fn gather(checked: Vec<Checked>, published: &Published) -> (Vec<Gathered>, Vec<Unreadable>) {
    let mut gathered = Vec::with_capacity(checked.len());
    let mut unreadable = Vec::new();
    for (input, verdict) in checked {
        let reason = read_failure(&input);
        // Named by its file, else by the CENTER and STATION its text was read with.
        let read_for = input
            .tape
            .as_ref()
            .err()
            .and_then(|e| e.station)
            .filter(|k| published.stations.contains_key(k));
        match (input.tape, verdict) {
            (Ok(tape), Some(verdict)) => gathered.push(Gathered {
                path: input.path,
                sha256: input.sha256,
                source: input.source,
                status: verdict.status,
                reason: verdict.reason,
                payload_sha256: verdict.payload_sha256,
                tape,
                line: input.line,
            }),
            // A table's row names its station in its cells, not in the file's name.
            _ if input.source == crate::source::Source::Table => {}
            _ => {
                if let Some(station) = station_named_in(&input.path, published).or(read_for) {
                    unreadable.push(Unreadable {
                        path: input.path,
                        sha256: input.sha256,
                        reason,
                        station,
                    });
                }
            }
        }
    }
    (gathered, unreadable)
}

/// Why an input could not be read, with the line it points at (`line 7: …`); empty when it was.
pub fn read_failure(input: &Input) -> String {
    input.tape.as_ref().err().map_or_else(String::new, |e| {
        e.line.map_or(String::new(), |l| format!("line {l}: ")) + &e.message
    })
}

/// The published station a file's name names, if exactly one: the digit groups of its name
/// (`tape-120345-3.jpg`, `120345_3 copy.png`), taken two by two, must give the centre and
/// number of a station in the published results. An unreadable photo is attributed this
/// way; a camera's name (`IMG_20240512_123456.jpg`) names no published station.
pub fn station_named_in(path: &std::path::Path, published: &Published) -> Option<(u32, u32)> {
    let stem = path.file_stem()?.to_str()?;
    let numbers: Vec<Option<u32>> = stem
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .map(|g| g.parse().ok())
        .collect();
    let mut named = numbers
        .windows(2)
        .filter_map(|w| Some((w[0]?, w[1]?)))
        .filter(|k| published.stations.contains_key(k));
    let first = named.next()?;
    named.all(|k| k == first).then_some(first)
}
