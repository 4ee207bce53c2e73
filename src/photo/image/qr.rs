//! The tape's QR code, read by two decoders: rxing (ZXing's algorithms) and ZBar (the C
//! library, as Debian ships it), since each reads codes the other misses (ZBar survives
//! blur and JPEG blocks better, rxing a slant). Tried on the photo as it is first, which is
//! fast and reads most codes; then on the strip of paper cut out, straightened and evenly lit,
//! with dead print-head lines filled in, downscaled, and unrolled for paper curling off the
//! table. A decoder checks the code's own error correction, so a text it returns is exactly
//! what was printed; the signature then judges it.

use image::{GrayImage, Luma};
use imageproc::geometric_transformations::{warp_with, Interpolation};
use rxing::common::HybridBinarizer;
use rxing::qrcode::detector::FinderPatternFinder;
use rxing::qrcode::QRCodeReader;
use rxing::{BinaryBitmap, DecodeHints, Luma8Source, Reader as _};
#[cfg(feature = "zbar")]
use zbar_rust::{ZBarConfig, ZBarImageScanner, ZBarSymbolType};

use super::preprocess;

/// Longest side the first attempts work on; larger photos are downscaled first.
const WORKING_SIDE: u32 = 1800;

/// Widths the straightened strip's QR band is also tried at: ZXing's binariser reads small
/// modules best.
const BAND_WIDTHS: [u32; 2] = [600, 420];

/// The rxing version (pinned in Cargo.toml).
const RXING_VERSION: &str = "0.9.3";

/// Which decoder read a code, for the reading's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoder {
    /// rxing, a Rust port of ZXing.
    Rxing,
    /// ZBar, the C library the system provides.
    Zbar,
}

impl Decoder {
    /// The decoder and its version, as readings record it (`rxing 0.9.3`, `zbar 0.23.92`).
    pub fn engine(self) -> String {
        match self {
            Decoder::Rxing => format!("rxing {RXING_VERSION}"),
            #[cfg(feature = "zbar")]
            Decoder::Zbar => {
                let (major, minor, patch) = zbar_rust::version();
                format!("zbar {major}.{minor}.{patch}")
            }
            #[cfg(not(feature = "zbar"))]
            Decoder::Zbar => "zbar (not in this build)".into(),
        }
    }
}

/// Paper curl tried when the code is not read flat: the edges' angle in radians (about 11° to
/// 43°), and how far the rows bow at the edges, as a fraction of the tape's width.
const CURLS: [f32; 4] = [0.2, 0.35, 0.55, 0.75];
const BOWS: [f32; 5] = [0.0, -0.03, 0.03, -0.06, 0.06];

/// Width the band is unrolled at: small enough to try many curls quickly, with modules still
/// several pixels wide.
const UNROLL_WIDTH: u32 = 600;

fn rxing(img: &GrayImage, try_harder: bool) -> Option<(String, Decoder)> {
    let hints = DecodeHints {
        TryHarder: Some(try_harder),
        ..Default::default()
    };
    let source = Luma8Source::new_with_slice(img.as_raw(), img.width(), img.height()).ok()?;
    let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    QRCodeReader
        .decode_with_hints(&mut bitmap, &hints)
        .ok()
        .map(|r| (r.getText().to_string(), Decoder::Rxing))
}

/// ZBar: not in this build (built without the `zbar` feature): rxing alone reads codes.
#[cfg(not(feature = "zbar"))]
fn zbar(_img: &GrayImage) -> Option<(String, Decoder)> {
    None
}

/// ZBar, QR codes only (no other symbology can be mistaken for one), bytes as printed.
#[cfg(feature = "zbar")]
fn zbar(img: &GrayImage) -> Option<(String, Decoder)> {
    let mut scanner = ZBarImageScanner::new();
    scanner
        .set_config(ZBarSymbolType::ZBarNone, ZBarConfig::ZBarCfgEnable, 0)
        .ok()?;
    for config in [ZBarConfig::ZBarCfgEnable, ZBarConfig::ZBarCfgBinary] {
        scanner
            .set_config(ZBarSymbolType::ZBarQRCode, config, 1)
            .ok()?;
    }
    let found = scanner
        .scan_y800(img.as_raw(), img.width(), img.height())
        .ok()?;
    found
        .into_iter()
        .find_map(|r| String::from_utf8(r.data).ok())
        .map(|text| (text, Decoder::Zbar))
}

fn both(img: &GrayImage) -> Option<(String, Decoder)> {
    rxing(img, true).or_else(|| zbar(img))
}

fn downscale(img: &GrayImage, side: u32) -> GrayImage {
    let (w, h) = img.dimensions();
    let k = side as f32 / w.max(h) as f32;
    if k >= 1.0 {
        return img.clone();
    }
    let (nw, nh) = (
        ((w as f32 * k) as u32).max(1),
        ((h as f32 * k) as u32).max(1),
    );
    image::imageops::resize(img, nw, nh, image::imageops::FilterType::Triangle)
}

/// The bottom of the straightened, evenly lit strip (`preprocess::flat_strip`), where the
/// code is printed.
fn qr_band(strip: &GrayImage) -> GrayImage {
    let (w, h) = strip.dimensions();
    let top = h.saturating_sub(w * 13 / 10);
    image::imageops::crop_imm(strip, 0, top, w, h - top).to_image()
}

/// Dead print-head dots leave thin unprinted lines along the tape, through the modules: the
/// darkest of each pixel's horizontal neighbours fills them in.
fn fill_dead_lines(band: &GrayImage) -> GrayImage {
    let w = band.width();
    GrayImage::from_fn(w, band.height(), |x, y| {
        let (lo, hi) = (x.saturating_sub(2), (x + 2).min(w - 1));
        let darkest = (lo..=hi).map(|xx| band.get_pixel(xx, y).0[0]).min();
        Luma([darkest.unwrap_or(255)])
    })
}

/// The band as it would lie flat, if the paper curls across its width with its edges at
/// `theta` radians (seen at `x = W/2 + r sin(s/r)` for paper position `s`) and its rows bow
/// by `bow` of the width at the edges. Kept at the band's size.
fn unroll(band: &GrayImage, theta: f32, bow: f32) -> GrayImage {
    let (w, h) = (band.width() as f32, band.height() as f32);
    let r = (w / 2.0) / theta.sin();
    let half_paper = r * theta;
    let edge_drop = 1.0 - theta.cos();
    warp_with(
        band,
        |x, y| {
            let s = (x - w / 2.0) / (w / 2.0) * half_paper;
            let a = s / r;
            let seen_x = w / 2.0 + r * a.sin();
            let seen_y = y + bow * w * (1.0 - a.cos()) / edge_drop;
            (seen_x, seen_y.clamp(0.0, h - 1.0))
        },
        Interpolation::Bilinear,
        Luma([255]),
    )
}

/// One way of looking for the code.
type Attempt<'a> = Box<dyn Fn() -> Option<(String, Decoder)> + 'a>;

/// Reads the QR code's text and which decoder read it, or `None` when no attempt finds a
/// code.
pub fn read_qr(img: &GrayImage) -> Option<(String, Decoder)> {
    let strip = std::cell::OnceCell::new();
    read_qr_with(img, &|| strip.get_or_init(|| preprocess::flat_strip(img)))
}

/// [`read_qr`], given the photo's flat strip (`preprocess::flat_strip`, made when first
/// needed, and kept by the caller for the OCR).
pub fn read_qr_with<'s>(
    img: &GrayImage,
    strip: &dyn Fn() -> &'s GrayImage,
) -> Option<(String, Decoder)> {
    read_qr_traced(img, strip).map(|(text, decoder, _)| (text, decoder))
}

/// [`read_qr_with`], with the number of the attempt that read the code (0: the photo as it
/// is; see the body for the order), for tuning.
pub fn read_qr_traced<'s>(
    img: &GrayImage,
    strip: &dyn Fn() -> &'s GrayImage,
) -> Option<(String, Decoder, usize)> {
    let first = downscale(img, WORKING_SIDE);
    let band = std::cell::OnceCell::new();
    let band = || band.get_or_init(|| qr_band(strip()));
    let filled = std::cell::OnceCell::new();
    let filled = || filled.get_or_init(|| fill_dead_lines(band()));
    let mut attempts: Vec<Attempt<'_>> = vec![
        Box::new(|| rxing(&first, false)),
        Box::new(|| zbar(&first)),
        Box::new(|| {
            let half = downscale(&first, first.width().max(first.height()) * 5 / 8);
            rxing(&half, true)
        }),
        Box::new(|| both(band())),
        Box::new(|| both(filled())),
    ];
    for side in BAND_WIDTHS {
        attempts.push(Box::new(move || rxing(&downscale(band(), side), true)));
    }
    let flat = attempts
        .iter()
        .enumerate()
        .find_map(|(i, attempt)| attempt().map(|(text, d)| (text, d, i)));
    // Unrolling costs a warp and two decoders per curl tried: only worth it where the flat
    // band shows a code's finder patterns (a smudged or missing code shows one or none, and
    // no unrolling brings them back).
    if flat.is_some() || !(finder_patterns(band()) || finder_patterns(filled())) {
        return flat;
    }
    let first = attempts.len();
    let small = downscale(band(), UNROLL_WIDTH);
    CURLS
        .iter()
        .flat_map(|&theta| BOWS.iter().map(move |&bow| (theta, bow)))
        .enumerate()
        .find_map(|(i, (theta, bow))| {
            both(&unroll(&small, theta, bow)).map(|(text, d)| (text, d, first + i))
        })
}

/// Whether a QR code's finder patterns are found on `img` (rxing's finder, trying hard): all
/// three, or two seen on several rows (curl can hide the third), whether or not the code then
/// decodes.
fn finder_patterns(img: &GrayImage) -> bool {
    let Ok(source) = Luma8Source::new_with_slice(img.as_raw(), img.width(), img.height()) else {
        return false;
    };
    let bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let hints = DecodeHints {
        TryHarder: Some(true),
        ..Default::default()
    };
    let mut finder = FinderPatternFinder::new(bitmap.get_black_matrix());
    finder.find(&hints).is_ok()
        || finder
            .getPossibleCenters()
            .iter()
            .filter(|c| c.getCount() >= 2)
            .count()
            >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photo::{render_image, PhotoStyle};
    use crate::simulate::sample::sample_set;
    use crate::tape::{qr_text, Signature};

    fn photo(style: &PhotoStyle) -> (GrayImage, String) {
        let tape = sample_set(3, 1, 5).tapes.remove(0);
        let Signature::Present(sig) = &tape.signature else {
            panic!("sample tapes are signed")
        };
        let img = image::DynamicImage::ImageRgb8(render_image(&tape, style, 9).unwrap());
        (img.to_luma8(), qr_text(&tape.payload, sig))
    }

    #[test]
    fn a_curled_tape_is_read_once_unrolled() {
        let style = PhotoStyle {
            curl: 0.4,
            ..PhotoStyle::clean()
        };
        let (img, truth) = photo(&style);
        let first = downscale(&img, WORKING_SIDE);
        assert_eq!(rxing(&first, true), None, "flat reading fails on the curl");
        assert_eq!(zbar(&first), None, "flat reading fails on the curl");
        let (text, _) = read_qr(&img).expect("read once unrolled");
        assert_eq!(text.trim_end(), truth.trim_end());
    }

    #[test]
    #[cfg(feature = "zbar")]
    fn both_decoders_read_a_clean_code_and_say_who_read_it() {
        let (img, truth) = photo(&PhotoStyle::clean());
        let (a, by) = rxing(&img, false).expect("rxing");
        assert_eq!((a.trim_end(), by), (truth.trim_end(), Decoder::Rxing));
        let (b, by) = zbar(&img).expect("zbar");
        assert_eq!((b.trim_end(), by), (truth.trim_end(), Decoder::Zbar));
        assert_eq!(Decoder::Rxing.engine(), "rxing 0.9.3");
        assert!(Decoder::Zbar.engine().starts_with("zbar 0."));
    }

    #[test]
    fn dead_print_head_lines_are_filled() {
        // A dark module with a one-pixel unprinted line through it, on white paper.
        let band = GrayImage::from_fn(20, 4, |x, _| {
            Luma([if (5..15).contains(&x) && x != 9 {
                20
            } else {
                250
            }])
        });
        let filled = fill_dead_lines(&band);
        assert_eq!(filled.get_pixel(9, 1).0[0], 20, "the line is inked");
        assert_eq!(
            filled.get_pixel(0, 1).0[0],
            250,
            "paper far from ink stays white"
        );
    }

    #[test]
    fn unrolling_a_flat_band_barely_moves_it() {
        // A ramp across: a shift of a pixel changes a value by 2.
        let band = GrayImage::from_fn(100, 50, |x, y| Luma([(x * 2 + y) as u8]));
        let flat = unroll(&band, 0.05, 0.0);
        // Inside the band: its edge columns and last row fall just outside it, white.
        let moved = |other: &GrayImage| {
            band.enumerate_pixels()
                .zip(other.pixels())
                .filter(|((x, y, a), b)| {
                    (2..98).contains(x) && *y < 49 && a.0[0].abs_diff(b.0[0]) > 2
                })
                .count()
        };
        assert_eq!(moved(&flat), 0);
        assert!(
            moved(&unroll(&band, 0.75, 0.0)) > 1000,
            "a strong curl moves them"
        );
    }
}
