//! `--photos`: each tape of a station as an observer's phone photographs it, from the
//! station's own random stream of photo styles (so the photos, like the tapes, do not depend
//! on thread scheduling). A quarter of the QR codes are smudged, at random.

use std::path::Path;

use rand::Rng as _;

use super::model::SimulateError;
use super::plan::stream;
use super::truth::PhotoTruth;
use crate::photo::{render_photo, StyleMix};
use crate::tape::Tape;

/// Photo styles come from streams above every station's own (stations number at most 10^6).
const PHOTO_STREAMS: u64 = 1 << 32;

/// Share of photos whose QR code is smudged.
const SMUDGED: f64 = 0.25;

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
            let jpeg =
                render_photo(tape, &style, rng.gen()).map_err(|source| SimulateError::Photo {
                    path: path.clone(),
                    source,
                })?;
            std::fs::write(&path, jpeg).map_err(|source| SimulateError::Io { path, source })?;
            Ok(PhotoTruth {
                path: photo,
                tape: rel.clone(),
                qr_smudged,
                style: style.describe(),
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
    fn photos_sit_beside_their_tapes() {
        assert_eq!(
            photo_path("tapes/gov-03/tape-120345-3-b.txt"),
            "photos/gov-03/tape-120345-3-b.jpg"
        );
    }
}
