//! A deterministic renderer of a tape as a phone photo would see it: the thermal strip (text
//! and QR code) lying on a table, turned and seen at a slant, under uneven light, slightly
//! blurred and JPEG-compressed, its print faded and sometimes its QR code smudged. The same
//! tape, style and seed always give the same bytes, so tests and benchmarks run on photos
//! nobody hand-picked, and can be re-made.
//!
//! Only for the simulator (`tally simulate --photos`), the tests and the photo benchmark:
//! nothing here is on the path that reads a photo. `simulate::sample` makes the signed tapes
//! to draw.

mod scene;
mod strip;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::tape::Tape;

/// How a photo is taken and how worn the tape is.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoStyle {
    /// Size of the printed characters on the strip, in pixels (em size; a character cell is
    /// about 0.6 of it wide). 24 to 30 is a phone held over a receipt.
    pub char_px: f32,
    /// Rotation of the strip in the picture, in degrees.
    pub rotation_deg: f32,
    /// Slant of the camera: how far each corner of the strip moves, as a fraction of the
    /// strip's width (0 is square-on, 0.08 is a marked keystone).
    pub perspective: f32,
    /// Uneven light: 0 is even, 1 is one side twice as bright as the other.
    pub light_gradient: f32,
    /// A shadow band (a hand or the phone) across the picture: 0 none, 1 deep.
    pub shadow: f32,
    /// Focus blur, Gaussian sigma in pixels (0: sharp).
    pub blur_sigma: f32,
    /// Sensor noise, standard deviation in grey levels.
    pub noise: f32,
    /// JPEG quality, 1 to 100.
    pub jpeg_quality: u8,
    /// Faded print: 0 fresh, 1 nearly gone.
    pub fade: f32,
    /// Whether dirt and a thumb cover parts of the QR code.
    pub smudge_qr: bool,
}

impl PhotoStyle {
    /// A clean, square-on, sharp photo.
    pub fn clean() -> PhotoStyle {
        PhotoStyle {
            char_px: 28.0,
            rotation_deg: 0.0,
            perspective: 0.0,
            light_gradient: 0.0,
            shadow: 0.0,
            blur_sigma: 0.0,
            noise: 0.0,
            jpeg_quality: 92,
            fade: 0.0,
            smudge_qr: false,
        }
    }

    /// A style drawn at random among those of observers' phone photos: a few degrees of
    /// rotation, some slant, uneven light, a little blur, JPEG quality 55 to 90, some fading.
    pub fn phone(rng: &mut impl Rng, smudge_qr: bool) -> PhotoStyle {
        PhotoStyle {
            char_px: rng.gen_range(25.0..31.0),
            rotation_deg: rng.gen_range(-6.0..6.0),
            perspective: rng.gen_range(0.0..0.05),
            light_gradient: rng.gen_range(0.1..0.45),
            shadow: if rng.gen_bool(0.4) {
                rng.gen_range(0.1..0.35)
            } else {
                0.0
            },
            blur_sigma: rng.gen_range(0.3..1.2),
            noise: rng.gen_range(1.0..6.0),
            jpeg_quality: rng.gen_range(55..=90),
            fade: rng.gen_range(0.0..0.45),
            smudge_qr,
        }
    }
}

/// Why a tape could not be rendered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// The embedded font could not be loaded (a build problem).
    #[error("the embedded font could not be loaded")]
    Font,
    /// The QR code could not be made.
    #[error("the QR code could not be made: {0}")]
    Qr(String),
    /// The tape is too long to be photographed in one picture.
    #[error("a tape of {0} lines is too long for one photo")]
    TooLong(usize),
    /// The JPEG could not be encoded.
    #[error("JPEG encoding failed: {0}")]
    Jpeg(String),
}

/// Renders a tape as a phone photo, as RGB pixels. Deterministic in `(tape, style, seed)`.
pub fn render_image(
    tape: &Tape,
    style: &PhotoStyle,
    seed: u64,
) -> Result<image::RgbImage, RenderError> {
    render_altered_image(tape, tape, style, seed)
}

/// Renders a tape whose printed text was altered after printing: `printed` is what the
/// strip shows, `signed` what its QR code holds (the device's signed tape). Reading such a
/// photo with a cross-check finds the figures that differ.
pub fn render_altered_image(
    printed: &Tape,
    signed: &Tape,
    style: &PhotoStyle,
    seed: u64,
) -> Result<image::RgbImage, RenderError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let strip = strip::draw_strip(printed, signed, style, &mut rng)?;
    Ok(scene::photograph(&strip, style, &mut rng))
}

/// Renders a tape as a phone photo, JPEG-encoded at the style's quality. Deterministic in
/// `(tape, style, seed)`: `tally simulate --photos` writes these bytes as `*.jpg`.
pub fn render_photo(tape: &Tape, style: &PhotoStyle, seed: u64) -> Result<Vec<u8>, RenderError> {
    let img = render_image(tape, style, seed)?;
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, style.jpeg_quality.clamp(1, 100))
        .encode_image(&img)
        .map_err(|e| RenderError::Jpeg(e.to_string()))?;
    Ok(out)
}
