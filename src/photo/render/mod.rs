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
mod wear;

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
    /// The printer's typeface.
    pub font: PrintFont,
    /// Camera tilt about the picture's horizontal and vertical axes, in degrees (keystone:
    /// the far side of the tape smaller). 0 is square-on.
    pub tilt_deg: (f32, f32),
    /// Paper curling off the table: the half-angle of the curve across the tape, as a
    /// fraction of a quarter turn (0 flat, 0.5 the edges at 45°). Lines bow and the edges
    /// shrink and darken.
    pub curl: f32,
    /// A ceiling light's glare on the glossy paper: 0 none, 1 a spot that washes the print out.
    pub glare: f32,
    /// Camera shake: motion blur length in pixels (0: none), at a random angle.
    pub motion_blur_px: f32,
    /// Dead elements of the print head: the share of the width printed without ink in thin
    /// lines along the tape (0: none).
    pub streaks: f32,
    /// The share of the tape's width outside the picture, on one side (0: all in the frame;
    /// the margin is about 0.045 of the width, past it printed characters are cut).
    pub cut_edge: f32,
}

/// Which space of photo styles the simulator draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StyleMix {
    /// [`PhotoStyle::mixed`]: the wide space of real photos, hard ones included.
    #[default]
    Mixed,
    /// [`PhotoStyle::phone`]: a careful observer's phone photos.
    Phone,
}

impl StyleMix {
    /// A style drawn from this space.
    pub fn draw(self, rng: &mut impl Rng, smudge_qr: bool) -> PhotoStyle {
        match self {
            StyleMix::Mixed => PhotoStyle::mixed(rng, smudge_qr),
            StyleMix::Phone => PhotoStyle::phone(rng, smudge_qr),
        }
    }
}

/// The typeface a results printer uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PrintFont {
    /// DejaVu Sans Mono.
    #[default]
    Mono,
    /// DejaVu Sans Mono Bold: a darker head.
    Bold,
    /// DejaVu Sans Mono squeezed to 78 % of its width: a condensed printer font.
    Condensed,
    /// A dot-matrix font: each character drawn as dots on a grid, as a thermal or impact
    /// printer's head makes it.
    Dots,
}

impl PrintFont {
    /// Every typeface.
    pub const ALL: [PrintFont; 4] = [
        PrintFont::Mono,
        PrintFont::Bold,
        PrintFont::Condensed,
        PrintFont::Dots,
    ];

    /// Its name (`mono`, `bold`, `condensed`, `dots`).
    pub fn name(self) -> &'static str {
        match self {
            PrintFont::Mono => "mono",
            PrintFont::Bold => "bold",
            PrintFont::Condensed => "condensed",
            PrintFont::Dots => "dots",
        }
    }
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
            font: PrintFont::Mono,
            tilt_deg: (0.0, 0.0),
            curl: 0.0,
            glare: 0.0,
            motion_blur_px: 0.0,
            streaks: 0.0,
            cut_edge: 0.0,
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
            ..PhotoStyle::clean()
        }
    }

    /// The style in `key=value` words, one decimal: `font=dots char_px=12.3 tilt=3.1,-7.2
    /// rotation=4.0 curl=0.21 glare=0.0 motion_blur=0.0 blur=0.9 noise=3.2 jpeg=52 fade=0.3
    /// streaks=0.00 cut_edge=0.00 shadow=0.0 smudged_qr=false`.
    pub fn describe(&self) -> String {
        format!(
            "font={} char_px={:.1} tilt={:.1},{:.1} rotation={:.1} perspective={:.3} curl={:.2} glare={:.2} motion_blur={:.1} blur={:.2} noise={:.1} jpeg={} fade={:.2} streaks={:.3} cut_edge={:.3} shadow={:.2} light={:.2} smudged_qr={}",
            self.font.name(),
            self.char_px,
            self.tilt_deg.0,
            self.tilt_deg.1,
            self.rotation_deg,
            self.perspective,
            self.curl,
            self.glare,
            self.motion_blur_px,
            self.blur_sigma,
            self.noise,
            self.jpeg_quality,
            self.fade,
            self.streaks,
            self.cut_edge,
            self.shadow,
            self.light_gradient,
            self.smudge_qr
        )
    }

    /// A style drawn from the wide space of real photos, each axis at random and
    /// independently: any of the typefaces, 10 to 20 pixels per character, tilt up to 12° on
    /// both axes, paper curl, glare, shadows, motion and focus blur (up to a tenth and four
    /// tenths of a character), JPEG quality down to 40, faded and streaked print, a cut-off
    /// edge. Many such photos are hard; a few cannot be read by anyone.
    /// `tally simulate --photos` draws these by default.
    pub fn mixed(rng: &mut impl Rng, smudge_qr: bool) -> PhotoStyle {
        let sometimes = |rng: &mut dyn rand::RngCore, p: f64, lo: f32, hi: f32| {
            if rng.gen_bool(p) {
                rng.gen_range(lo..hi)
            } else {
                0.0
            }
        };
        // 10 to 20 pixels per character (a cell is 0.6 of the em): the range, down
        // to a phone held at arm's length over a 40-column tape.
        let char_px: f32 = rng.gen_range(17.0..34.0);
        let cell = 0.6 * char_px;
        PhotoStyle {
            char_px,
            rotation_deg: rng.gen_range(-10.0..10.0),
            perspective: rng.gen_range(0.0..0.03),
            light_gradient: rng.gen_range(0.0..0.6),
            shadow: sometimes(rng, 0.4, 0.1, 0.5),
            // Blur in proportion to the print: a σ of a tenth of a character is soft but
            // legible, past it strokes merge.
            blur_sigma: rng.gen_range(0.0..0.1) * cell,
            noise: rng.gen_range(0.5..9.0),
            jpeg_quality: rng.gen_range(40..=92),
            fade: rng.gen_range(0.0..0.6),
            smudge_qr,
            font: PrintFont::ALL[rng.gen_range(0..PrintFont::ALL.len())],
            tilt_deg: (rng.gen_range(-12.0..12.0), rng.gen_range(-12.0..12.0)),
            curl: sometimes(rng, 0.4, 0.05, 0.45),
            glare: sometimes(rng, 0.3, 0.2, 0.9),
            motion_blur_px: sometimes(rng, 0.25, 0.1, 0.4) * cell,
            streaks: sometimes(rng, 0.2, 0.005, 0.03),
            cut_edge: sometimes(rng, 0.15, 0.0, 0.07),
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

/// Whether the QR code of `signed`, photographed in `style`, is whole and unsmudged: no dirt
/// on it and no frame cutting into it (a code a phone could read, were it sharp). The photo
/// benchmark's "readable QR code".
pub fn qr_intact(signed: &Tape, style: &PhotoStyle) -> Result<bool, RenderError> {
    Ok(!style.smudge_qr && style.cut_edge < strip::qr_margin(signed, style)?)
}

/// Renders a tape as a phone photo, JPEG-encoded at the style's quality. Deterministic in
/// `(tape, style, seed)`: `tally simulate --photos` writes these bytes as `*.jpg`.
pub fn render_photo(tape: &Tape, style: &PhotoStyle, seed: u64) -> Result<Vec<u8>, RenderError> {
    jpeg(&render_image(tape, style, seed)?, style)
}

fn jpeg(img: &image::RgbImage, style: &PhotoStyle) -> Result<Vec<u8>, RenderError> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, style.jpeg_quality.clamp(1, 100))
        .encode_image(img)
        .map_err(|e| RenderError::Jpeg(e.to_string()))?;
    Ok(out)
}

/// Lines each part of a tape photographed in parts shows of the next.
pub const PART_OVERLAP_LINES: f32 = 5.0;

/// Renders a tape too long for one photo as `parts` photos of overlapping parts, top to
/// bottom (the QR code on the last), each taken as its own photo in `style`: what an observer
/// does with a tape of many choices. Deterministic in `(tape, style, seed, parts)`.
pub fn render_part_images(
    tape: &Tape,
    style: &PhotoStyle,
    seed: u64,
    parts: usize,
) -> Result<Vec<image::RgbImage>, RenderError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let strip = strip::draw_strip(tape, tape, style, &mut rng)?;
    let parts = parts.max(1) as u32;
    let overlap = (PART_OVERLAP_LINES * strip::line_height(style)) as u32;
    let h = strip.height();
    let window = (h + (parts - 1) * overlap).div_ceil(parts);
    (0..parts)
        .map(|k| {
            let top = (k * window.saturating_sub(overlap)).min(h.saturating_sub(1));
            let rows = window.min(h - top);
            let part = image::imageops::crop_imm(&strip, 0, top, strip.width(), rows).to_image();
            Ok(scene::photograph(&part, style, &mut rng))
        })
        .collect()
}

/// [`render_part_images`], each JPEG-encoded at the style's quality.
pub fn render_parts(
    tape: &Tape,
    style: &PhotoStyle,
    seed: u64,
    parts: usize,
) -> Result<Vec<Vec<u8>>, RenderError> {
    render_part_images(tape, style, seed, parts)?
        .iter()
        .map(|img| jpeg(img, style))
        .collect()
}

#[cfg(test)]
mod tests;
