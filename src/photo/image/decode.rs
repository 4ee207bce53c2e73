//! Photo files into pixels: JPEG, PNG and WebP through the `image` crate, HEIC (the iPhone
//! default) through libheif. Dimensions are read from the header and checked before any
//! pixel is decoded, so a 20000×20000 PNG or a decompression bomb is refused without
//! allocating it; a truncated or corrupt file is a clear error, never a panic.

use std::io::Cursor;

use image::{DynamicImage, GrayImage, ImageDecoder as _, ImageFormat, ImageReader, Limits};

use crate::photo::PhotoError;

/// Largest photo decoded, in pixels (100 megapixels: twice a 48 MP phone camera).
pub const MAX_PIXELS: u64 = 100_000_000;

/// The photo formats tally reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoFormat {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    WebP,
    /// HEIC/HEIF.
    Heic,
}

impl PhotoFormat {
    /// Recognises a photo from its first bytes.
    pub fn sniff(bytes: &[u8]) -> Option<PhotoFormat> {
        if bytes.starts_with(b"\xFF\xD8\xFF") {
            Some(PhotoFormat::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(PhotoFormat::Png)
        } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(PhotoFormat::WebP)
        } else if bytes.len() >= 12
            && &bytes[4..8] == b"ftyp"
            && matches!(
                &bytes[8..12],
                b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1"
            )
        {
            Some(PhotoFormat::Heic)
        } else {
            None
        }
    }

    /// The format's name for messages.
    pub fn name(self) -> &'static str {
        match self {
            PhotoFormat::Jpeg => "JPEG",
            PhotoFormat::Png => "PNG",
            PhotoFormat::WebP => "WebP",
            PhotoFormat::Heic => "HEIC",
        }
    }
}

/// Most pixels a photo file may hold per byte of it. A phone photo of a tape holds tens;
/// a file that claims far more is a decompression bomb (a 666-byte JPEG found by the fuzzer
/// claimed 65503×1512 pixels: 350 MB and 5 s of CPU to decode).
pub const MAX_PIXELS_PER_BYTE: u64 = 1000;

/// Pixels any photo may hold whatever its file's size (a small image decodes in a blink).
const DENSITY_FLOOR: u64 = 2_000_000;

/// Refuses a photo whose pixels its file's size cannot account for.
fn check_density(width: u32, height: u32, len: usize) -> Result<(), PhotoError> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels > DENSITY_FLOOR.max(len as u64 * MAX_PIXELS_PER_BYTE) {
        return Err(PhotoError::Corrupt(format!(
            "{width}×{height} pixels from a file of {len} bytes: no photo compresses that far, it was made to exhaust memory or damaged"
        )));
    }
    Ok(())
}

fn check_size(width: u32, height: u32) -> Result<(), PhotoError> {
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoError::TooLarge { width, height });
    }
    if width < 16 || height < 16 {
        return Err(PhotoError::Corrupt(format!(
            "{width}×{height} pixels is too small to hold a tape"
        )));
    }
    Ok(())
}

/// Decodes a photo into grey levels, upright as the camera's orientation tag says.
pub fn decode(bytes: &[u8]) -> Result<GrayImage, PhotoError> {
    let format = PhotoFormat::sniff(bytes).ok_or(PhotoError::NotAPhoto)?;
    if format == PhotoFormat::Heic {
        return decode_heic(bytes);
    }
    let image_format = match format {
        PhotoFormat::Jpeg => ImageFormat::Jpeg,
        PhotoFormat::Png => ImageFormat::Png,
        _ => ImageFormat::WebP,
    };
    let corrupt = |e: image::ImageError| {
        PhotoError::Corrupt(format!("this {} cannot be decoded: {e}", format.name()))
    };
    if format == PhotoFormat::Jpeg && jpeg_truncated(bytes) {
        return Err(PhotoError::Corrupt(
            "this JPEG is cut short (no end marker after its image data)".into(),
        ));
    }
    let header = ImageReader::with_format(Cursor::new(bytes), image_format);
    let (width, height) = header.into_dimensions().map_err(corrupt)?;
    check_size(width, height)?;
    check_density(width, height, bytes.len())?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    Ok(img.into_luma8())
}

/// Whether a JPEG ends before its image data does: no end-of-image marker after the last
/// start-of-scan (decoders fill the missing rows with grey instead of failing).
fn jpeg_truncated(bytes: &[u8]) -> bool {
    let last = |marker: u8| {
        bytes
            .windows(2)
            .rposition(|w| w[0] == 0xFF && w[1] == marker)
    };
    match (last(0xDA), last(0xD9)) {
        (Some(sos), Some(eoi)) => eoi < sos,
        _ => true,
    }
}

/// A HEIC photo: this build has no HEIC decoder (built without the `heic` feature).
#[cfg(not(feature = "heic"))]
fn decode_heic(_bytes: &[u8]) -> Result<GrayImage, PhotoError> {
    Err(PhotoError::NoHeic)
}

#[cfg(feature = "heic")]
fn decode_heic(bytes: &[u8]) -> Result<GrayImage, PhotoError> {
    use libheif_rs::{ColorSpace, HeifContext, RgbChroma};
    let corrupt = |e: libheif_rs::HeifError| {
        PhotoError::Corrupt(format!("this HEIC cannot be decoded: {}", e.message))
    };
    let ctx = HeifContext::read_from_bytes(bytes).map_err(corrupt)?;
    let handle = ctx.primary_image_handle().map_err(corrupt)?;
    check_size(handle.width(), handle.height())?;
    check_density(handle.width(), handle.height(), bytes.len())?;
    let image = handle
        .decode(ColorSpace::Rgb(RgbChroma::Rgb), false)
        .map_err(corrupt)?;
    let planes = image.planes();
    let plane = planes
        .interleaved
        .ok_or_else(|| PhotoError::Corrupt("this HEIC decoded to no RGB plane".into()))?;
    let (w, h) = (plane.width, plane.height);
    check_size(w, h)?;
    let mut gray = GrayImage::new(w, h);
    for (y, row) in plane.data.chunks(plane.stride).take(h as usize).enumerate() {
        for (x, px) in row.chunks_exact(3).take(w as usize).enumerate() {
            let l =
                (u32::from(px[0]) * 299 + u32::from(px[1]) * 587 + u32::from(px[2]) * 114) / 1000;
            gray.put_pixel(x as u32, y as u32, image::Luma([l as u8]));
        }
    }
    Ok(gray)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_too_small_for_its_pixels_is_refused_before_decoding() {
        let bomb = include_bytes!("../../../fuzz/regressions/photo/jpeg-99mp-from-666-bytes");
        let start = std::time::Instant::now();
        let err = decode(bomb).unwrap_err().to_string();
        assert!(
            err.contains("65503×1512 pixels from a file of 666 bytes"),
            "{err}"
        );
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
        assert!(
            check_density(4000, 3000, 200_000).is_ok(),
            "a 12 MP phone photo"
        );
        assert!(
            check_density(1000, 1000, 100).is_ok(),
            "small images always decode"
        );
        assert!(check_density(20_000, 2_000, 30_000).is_err());
    }
}
