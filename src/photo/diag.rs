//! For the diagnostic examples (`photo_debug`, `photo_diag`, `photo_bench`): the stages'
//! inner steps, one by one, to see where a photo's reading goes wrong. Not a stable API: it
//! follows the stages as they change. Everything else should use [`read_photo`](super::read_photo).

pub use super::correct::candidates::payload_candidates;
pub use super::correct::halves::{cheapest, join, RHalf};
pub use super::correct::{line_readings, sig_line_candidates, LineReadings};
pub use super::image::decode::decode;
pub use super::image::dewarp::{flatten as flatten_curl, surface as curl_surface, Surface};
pub use super::image::preprocess::{flat_strip, flatten_light, locate, prepare, straighten};
pub use super::image::qr::{read_qr, read_qr_traced};
pub use super::ocr::doubts::{edit_table, Doubt, TextLine};
pub use super::ocr::engine::{engine_version, recognise, Glyph, OcrLine};
pub use super::ocr::lines::normalise;
pub use super::ocr::reread::FIGURE_SCALES;
pub use super::read::{read_text, OcrReading};

/// CPU time this thread has used (Linux: /proc/thread-self/schedstat; zero elsewhere), so
/// that per-photo costs are measured on one core even while other work shares the machine.
pub fn thread_cpu() -> std::time::Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(std::time::Duration::ZERO, std::time::Duration::from_nanos)
}

/// Renders each tape as a photo in its style (render seed `seed ^ i` for the i-th) and maps
/// `f` over the photos' JPEG bytes, in parallel, in order: the loop the probes share.
pub fn map_photos<T: Send>(
    tapes: &[crate::tape::Tape],
    styles: &[super::PhotoStyle],
    seed: u64,
    f: impl Fn(usize, &crate::tape::Tape, Vec<u8>) -> T + Sync,
) -> Vec<T> {
    use rayon::prelude::*;
    tapes
        .par_iter()
        .zip(styles)
        .enumerate()
        .map(|(i, (tape, style))| {
            let bytes = super::render_photo(tape, style, seed ^ i as u64).expect("render");
            f(i, tape, bytes)
        })
        .collect()
}
