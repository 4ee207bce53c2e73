//! `--photos`: each tape of a station as an observer's phone photographs it, from the
//! station's own random stream of photo styles (so the photos, like the tapes, do not depend
//! on thread scheduling). A quarter of the QR codes are smudged, at random. A tape of more than
//! [`CHOICES_PER_PHOTO`] choices is photographed in overlapping parts, as an observer does
//! (`tape-….part1.jpg`, `.part2.jpg`, …; the QR code on the last).

use std::path::Path;

use rand::Rng as _;

use super::model::SimulateError;
use super::plan::stream;
use super::truth::PhotoTruth;
use crate::photo::{render_parts, render_photo, StyleMix};
use crate::tape::Tape;

/// Photo styles come from streams above every station's own (stations number at most 10^6).
const PHOTO_STREAMS: u64 = 1 << 32;

/// Share of photos whose QR code is smudged.
const SMUDGED: f64 = 0.25;

/// Most choices a tape photographed in one photo has; longer tapes are photographed in
/// parts of about this many choices each (four at most).
pub const CHOICES_PER_PHOTO: usize = 24;

/// How many photos a tape of `choices` choices is photographed in.
fn parts_for(choices: usize) -> usize {
    choices
        .div_ceil(CHOICES_PER_PHOTO)
        .clamp(1, crate::photo::parts::MAX_PARTS)
}

/// Renders station `index`'s tapes (paths relative to `root`, under `tapes/`) as JPEG photos
/// under `photos/`, and says what each shows.
pub(crate) fn write(
    root: &Path,
    seed: u64,
    index: usize,
    tapes: &[(String, Tape)],
    mix: StyleMix,
) -> Result<Vec<PhotoTruth>, SimulateError> {
    let mut rng = stream(seed, PHOTO_STREAMS + index as u64);
    tapes
        .iter()
        .map(|(rel, tape)| {
            let qr_smudged = rng.gen_bool(SMUDGED);
            let style = mix.draw(&mut rng, qr_smudged);
            let photo = photo_path(rel);
            let path = root.join(&photo);
            let count = parts_for(tape.payload.choices.len());
            let render_error = |source| SimulateError::Photo {
                path: path.clone(),
                source,
            };
            let (names, jpegs) = if count == 1 {
                let jpeg = render_photo(tape, &style, rng.gen()).map_err(render_error)?;
                (vec![photo.clone()], vec![jpeg])
            } else {
                let jpegs = render_parts(tape, &style, rng.gen(), count).map_err(render_error)?;
                let stem = photo.strip_suffix(".jpg").unwrap_or(&photo);
                let names = (1..=jpegs.len())
                    .map(|k| format!("{stem}.part{k}.jpg"))
                    .collect();
                (names, jpegs)
            };
            for (name, jpeg) in names.iter().zip(jpegs) {
                let path = root.join(name);
                std::fs::write(&path, jpeg).map_err(|source| SimulateError::Io { path, source })?;
            }
            Ok(PhotoTruth {
                path: names[0].clone(),
                tape: rel.clone(),
                qr_smudged,
                style: style.describe(),
                parts: if count == 1 { Vec::new() } else { names },
            })
        })
        .collect()
}

/// `tapes/gov-01/tape-1-2.txt` → `photos/gov-01/tape-1-2.jpg`.
fn photo_path(tape: &str) -> String {
    let rest = tape.strip_prefix("tapes/").unwrap_or(tape);
    let stem = rest.strip_suffix(".txt").unwrap_or(rest);
    format!("photos/{stem}.jpg")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_tapes_are_photographed_in_parts() {
        assert_eq!(parts_for(12), 1);
        assert_eq!(parts_for(24), 1);
        assert_eq!(parts_for(25), 2);
        assert_eq!(parts_for(60), 3);
        assert_eq!(parts_for(500), 4);
    }

    #[test]
    fn photos_sit_beside_their_tapes() {
        assert_eq!(
            photo_path("tapes/gov-03/tape-120345-3-b.txt"),
            "photos/gov-03/tape-120345-3-b.jpg"
        );
    }
}
