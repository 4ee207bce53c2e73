//! Photos among the inputs: a JPEG, PNG, WebP or HEIC file is read by `photo` (QR code, or
//! OCR with corrections the signature proves) and keeps its provenance: how it was read, by
//! which engine, how sure the engine was of each field, what was corrected, what stays
//! doubtful, and any printed figure that differs from the signed QR code.

use serde::{Deserialize, Serialize};

use super::{ReadError, ReadOptions, Source};
use crate::photo::{
    self, Correction, FieldConfidence, Method, PhotoError, PhotoReading, PrintedDiffers,
};
use crate::tape::Tape;

/// Largest photo file read (a 48-megapixel phone photo is under 30 MB).
pub const MAX_PHOTO_BYTES: u64 = 64 * 1024 * 1024;

/// Who reviewed a reading by hand, and when (`tally review`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The reviewer, as they named themselves.
    pub reviewer: String,
    /// When, UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    pub at: String,
}

/// Provenance of a tape read from a photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoInfo {
    /// The engine and its version (`rxing 0.9.3`, `zbar 0.23.92`, `tesseract 5.3.0`).
    pub engine: String,
    /// Per field, how sure the engine was (0 to 1).
    pub confidence: Vec<FieldConfidence>,
    /// Corrections the signature proved.
    pub corrections: Vec<Correction>,
    /// Fields that stay doubtful (no signature proved the reading).
    pub uncertain: Vec<String>,
    /// Printed figures that differ from the signed QR code's (finding
    /// `printed-differs-from-qr`: the visible tape was altered).
    pub printed_differs_from_qr: Vec<PrintedDiffers>,
    /// The tape text as OCR read it, for review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_text: Option<String>,
    /// Set when an observer reviewed the reading by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// The photos of a tape photographed in parts (`--tape-parts`), read together as this
    /// one input, in the order given: each file and its SHA-256.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PhotoPart>,
}

/// One photo of a tape photographed in parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoPart {
    /// The photo's path, as given.
    pub path: String,
    /// SHA-256 of the photo's bytes, hex.
    pub sha256: String,
}

/// The source of a photo reading.
pub fn source_of(method: Method) -> Source {
    match method {
        Method::Qr => Source::Qr,
        Method::Ocr => Source::Ocr,
        Method::OcrCorrected => Source::OcrCorrected,
    }
}

/// What a photo gave: how it was read, the tape or why not, and the provenance.
pub type PhotoResult = (Source, Result<Tape, ReadError>, Option<PhotoInfo>);

/// Reads a photo's bytes, or takes what it gave from the cache. `sha256` is the bytes' hash.
pub fn read_photo_bytes(bytes: &[u8], sha256: &str, options: &ReadOptions) -> PhotoResult {
    cached(sha256, options, || {
        photo::read_photo(bytes, options.keyring, &options.photo)
    })
}

/// Reads the photos of the parts of one tape together (`--tape-parts`), or takes what they
/// gave from the cache. `key` names the photos together (see `source::parts`).
pub fn read_parts_bytes(parts: &[&[u8]], key: &str, options: &ReadOptions) -> PhotoResult {
    cached(key, options, || {
        photo::read_parts(parts, options.keyring, &options.photo)
    })
}

/// What the cache holds under `key`, else what `read` gives (kept in the cache unless the
/// machine, not the photo, was at fault).
fn cached(
    key: &str,
    options: &ReadOptions,
    read: impl FnOnce() -> Result<PhotoReading, PhotoError>,
) -> PhotoResult {
    if let Some(hit) = options
        .cache
        .and_then(|c| c.get_review(key).or_else(|| c.get(key)))
    {
        return hit;
    }
    let (result, keep) = match read() {
        Ok(reading) => (from_reading(reading), true),
        // A missing OCR engine or HEIC decoder is this machine's or this build's problem,
        // not the photo's: never kept.
        Err(e) => (
            (Source::Ocr, Err(photo_error(&e)), None),
            !matches!(
                e,
                PhotoError::Engine(_) | PhotoError::NoOcr | PhotoError::NoHeic
            ),
        ),
    };
    if let (Some(cache), true) = (options.cache, keep) {
        cache.put(key, result.0, &result.1, &result.2);
    }
    result
}

/// Splits a reading into its source, tape and provenance.
pub fn from_reading(r: PhotoReading) -> PhotoResult {
    let info = PhotoInfo {
        engine: r.engine,
        confidence: r.confidence,
        corrections: r.corrections,
        uncertain: r.uncertain,
        printed_differs_from_qr: r.printed_differs,
        ocr_text: r.ocr_text,
        review: None,
        parts: Vec::new(),
    };
    (source_of(r.method), Ok(r.tape), Some(info))
}

/// A photo error in the terms of an input that could not be read.
pub fn photo_error(e: &PhotoError) -> ReadError {
    let message = match e {
        PhotoError::NotAPhoto => e.to_string(),
        _ => format!("photo: {e}"),
    };
    let station = match e {
        PhotoError::NoTapeAt { station, .. } => Some(*station),
        _ => None,
    };
    ReadError {
        station,
        line: None,
        message,
    }
}
