//! The tape's QR code (rxing): tried on the photo as it is, then downscaled, then binarised,
//! since small, blurred and unevenly lit codes each give way to a different attempt.

use image::GrayImage;
use rxing::common::HybridBinarizer;
use rxing::qrcode::QRCodeReader;
use rxing::{BinaryBitmap, DecodeHints, Luma8Source, Reader as _};

/// Longest side the first attempt works on; larger photos are downscaled first.
const WORKING_SIDE: u32 = 1800;

fn attempt(img: &GrayImage, try_harder: bool) -> Option<String> {
    let hints = DecodeHints {
        TryHarder: Some(try_harder),
        ..Default::default()
    };
    let source = Luma8Source::new_with_slice(img.as_raw(), img.width(), img.height()).ok()?;
    let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    QRCodeReader
        .decode_with_hints(&mut bitmap, &hints)
        .ok()
        .map(|r| r.getText().to_string())
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

/// Reads the QR code's text, or `None` when no attempt finds a code.
pub fn read_qr(img: &GrayImage) -> Option<String> {
    let first = downscale(img, WORKING_SIDE);
    if let Some(text) = attempt(&first, false) {
        return Some(text);
    }
    let half = downscale(&first, first.width().max(first.height()) * 5 / 8);
    if let Some(text) = attempt(&half, true) {
        return Some(text);
    }
    let level = imageproc::contrast::otsu_level(&first);
    let binary =
        imageproc::contrast::threshold(&first, level, imageproc::contrast::ThresholdType::Binary);
    attempt(&binary, true)
}
