//! What is visibly wrong with a photo that could not be read, told in words the observer can
//! act on: the tape not found against its background, or its print too small to read.

use image::GrayImage;

use super::preprocess::locate;

/// Character cells across the tape: 40 printed columns and two of margin each side.
const COLUMNS: f32 = 44.0;

/// Fewest pixels per character (a character cell's width) below which tally reads print only
/// by chance (BENCHMARKS.md, the wide mix: 5% at 8-10 px, 1% at 6-8).
pub(crate) const MIN_PX_PER_CHAR: f32 = 10.0;

/// A character cell's width in pixels, from where the tape was found in the photo.
pub(crate) fn px_per_char(photo: &GrayImage) -> Option<f32> {
    let c = locate(photo)?;
    let dist = |a: (f32, f32), b: (f32, f32)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
    let width = (dist(c[0], c[1]) + dist(c[3], c[2])) / 2.0;
    Some(width / COLUMNS)
}

/// Why a photo that could not be read was hard to read, when that can be told: `None` when
/// nothing in particular shows (then the generic advice stands).
pub(crate) fn diagnose(photo: &GrayImage) -> Option<String> {
    let Some(px) = px_per_char(photo) else {
        return Some(
            "no paper tape stands out from the background: lay the tape flat on a darker surface and fill the frame with it"
                .into(),
        );
    };
    (px < MIN_PX_PER_CHAR).then(|| {
        format!(
            "too small: {px:.0} px per character (tally needs {MIN_PX_PER_CHAR:.0} or more); move closer, the tape's width filling the frame"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photo::{render_image, PhotoStyle};
    use crate::simulate::sample::sample_set;

    fn grey(style: &PhotoStyle) -> GrayImage {
        let tape = sample_set(3, 1, 5).tapes.remove(0);
        image::DynamicImage::ImageRgb8(render_image(&tape, style, 9).unwrap()).to_luma8()
    }

    #[test]
    fn the_character_size_is_measured_from_the_tape_found() {
        for char_px in [12.0, 20.0, 28.0] {
            let style = PhotoStyle {
                char_px,
                rotation_deg: 5.0,
                ..PhotoStyle::clean()
            };
            let px = px_per_char(&grey(&style)).unwrap();
            // DejaVu Sans Mono's advance is 0.602 of its size.
            let expected = char_px * 0.602;
            // Found on a reduced picture: within 15 %.
            assert!(
                (px - expected).abs() < 0.15 * expected,
                "{char_px}: {px} vs {expected}"
            );
        }
    }

    #[test]
    fn a_photo_too_small_says_so_and_a_fair_one_does_not() {
        let small = PhotoStyle {
            char_px: 10.0,
            ..PhotoStyle::clean()
        };
        let said = diagnose(&grey(&small)).unwrap();
        assert!(
            said.starts_with("too small: ") && said.contains(" px per character"),
            "{said}"
        );
        assert_eq!(diagnose(&grey(&PhotoStyle::clean())), None);
    }
}
