//! Photos of tapes: turn an image into a tape. The QR code first; otherwise the printed text
//! through OCR, with corrections judged by the signature alone (a reading no signature proves
//! is never passed off as proven). Uses `tape` and `verify`, and knows nothing of
//! reconciliation or reports: it returns values, and prints nothing.
//!
//! # The stages, in the order a photo meets them
//!
//! [`read_photo`] (in `read.rs`) runs them; each stage uses only those above it.
//!
//! 1. **`image/`: bytes to pixels, and the QR code.** `decode` checks a JPEG, PNG, WebP or
//!    HEIC file's size and decodes it to grey levels; `qr` reads the QR code (the signed
//!    payload and signature, exactly), which, when found, is the reading (a cross-check then
//!    also reads the printed text, only to compare). `preprocess` finds the strip of paper,
//!    straightens it, evens its light and cuts the QR code off, for OCR.
//! 2. **`ocr/`: pixels to tape text, with doubts.** `engine` runs Tesseract on the strip;
//!    `lines` rebuilds the tape's text from its lines (labels misread by a letter, letters
//!    inside figures), `choices` the results' lines; `reread` takes a second look at each
//!    figure or signature line that came out lost or garbled; `doubts` gives every character
//!    of the text its glyph's confidence and alternatives, and lost figures placeholder
//!    digits.
//! 3. **`correct/`: the signature judges.** When the text as read does not verify,
//!    `candidates` (payload readings, most likely first, made of `edits` and of the tape's
//!    `arithmetic`) and `sigline` (each signature line's readings that satisfy its check
//!    symbol) feed a search whose only judge is the device's Ed25519 signature, checked
//!    strictly: whole signatures first, then the signature's halves apart (`halves`). Nothing
//!    is accepted that the signature does not prove.
//!
//! 4. **`parts`: a tape in several photos.** The photos of a long tape's overlapping parts:
//!    the QR code of any part, else each part's text (stage 2) joined by the lines the parts
//!    share, then judged as one text (stage 3). `find_parts` finds such parts among photos
//!    that each proved nothing alone.
//!
//! `lookalike` is the one table of which characters OCR takes for which, shared by `ocr/`
//! (undoing look-alikes inside figures) and `correct/` (what to try).
//!
//! **`render/` is only for the simulator**, never on the reading path: it draws a tape as a
//! phone photo (`tally simulate --photos`, the tests and the photo benchmark); the signed
//! sample tapes those photos show are made by `simulate::sample`.
//!
//! The stages are `pub(crate)`; the library's API is [`read_photo`] and the types below, and
//! the renderer. The diagnostic examples reach inside through [`diag`], which is not a
//! stable API.

pub(crate) mod correct;
pub mod diag;
pub(crate) mod image;
mod lookalike;
pub(crate) mod ocr;
pub mod parts;
mod read;
pub mod render;
mod view;

pub use ocr::engine::{model as ocr_model, use_model as use_ocr_model, Model as OcrModel};
pub use parts::read_parts;
pub use read::{read_photo, Options};
pub use render::{
    qr_intact, render_altered_image, render_image, render_part_images, render_parts, render_photo,
    PhotoStyle, PrintFont, RenderError, StyleMix,
};
pub use view::{line_view, LineSpot, LineView};

use crate::tape::Tape;

/// How a photo's figures were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// From the QR code: the whole payload and signature, exactly.
    Qr,
    /// From the printed text by OCR, as the engine read it.
    Ocr,
    /// From the printed text by OCR, with corrections the signature proved.
    OcrCorrected,
}

/// The confidence of one field's reading, 0 to 1 (1 for a QR code).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldConfidence {
    /// Payload key, `choice CODE`, or `sigN`.
    pub field: String,
    /// The lowest confidence of the field's characters.
    pub confidence: f32,
}

/// Confidences are never NaN (they are clamped to 0..1 when read), so equality is total.
impl Eq for FieldConfidence {}

/// A printed figure that differs from the signed QR code's: the visible tape was altered.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintedDiffers {
    /// Payload key or `choice CODE`.
    pub field: String,
    /// What the printed text shows (as read).
    pub printed: String,
    /// What the signed QR code holds.
    pub signed: String,
}

/// A correction the signature proved: what OCR read and what the field really is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// Payload key, `choice CODE`, or `sigN`.
    pub field: String,
    /// As OCR read it.
    pub read: String,
    /// As the signature proves it.
    pub corrected: String,
}

/// What was read from a photo.
#[derive(Debug, Clone)]
pub struct PhotoReading {
    /// The tape read. Its status is for `verify` to decide; with [`Method::OcrCorrected`] the
    /// signature is known to hold.
    pub tape: Tape,
    /// How it was read.
    pub method: Method,
    /// The engine, `rxing` or `tesseract`, and its version.
    pub engine: String,
    /// Per field, how sure the engine was.
    pub confidence: Vec<FieldConfidence>,
    /// Corrections the signature proved (empty unless `OcrCorrected`).
    pub corrections: Vec<Correction>,
    /// Fields that stay doubtful when nothing proved the reading.
    pub uncertain: Vec<String>,
    /// Printed figures that differ from the signed QR code's.
    pub printed_differs: Vec<PrintedDiffers>,
    /// The tape text as OCR read it (normalised), for review.
    pub ocr_text: Option<String>,
}

/// Why a photo gave no tape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    /// The bytes are not a JPEG, PNG, WebP or HEIC image.
    #[error("not a photo tally reads (JPEG, PNG, WebP or HEIC)")]
    NotAPhoto,
    /// The image is larger than tally decodes.
    #[error("{width}×{height} pixels is larger than tally decodes (at most 100 megapixels): resize the photo")]
    TooLarge {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
    /// The file is truncated or corrupt.
    #[error("{0}: the file is truncated or damaged; copy the photo again from the phone")]
    Corrupt(String),
    /// The OCR engine could not run.
    #[error("{0}")]
    Engine(String),
    /// The photo needs OCR and this build has none (built without the `ocr` feature).
    #[error("the QR code could not be read, and this build has no OCR to read the printed text: type the tape with `tally enter`, or use a build with OCR")]
    NoOcr,
    /// The photo is HEIC and this build cannot decode it (built without the `heic` feature).
    #[error(
        "this build cannot read HEIC photos: convert the photo to JPEG, or use a build with HEIC"
    )]
    NoHeic,
    /// Neither a QR code nor printed tape text was found.
    #[error("{0}")]
    NoTape(String),
    /// The printed text was read but is no tape (a line that does not parse, a signature line
    /// a symbol short), though it names its station: CENTER and STATION were read.
    #[error("{message}")]
    NoTapeAt {
        /// What is wrong and what to do.
        message: String,
        /// The (centre, station) the text names.
        station: (u32, u32),
    },
}

/// The station a tape's text names, when its CENTER and STATION lines were read (a label,
/// then a whole number): how a photo whose text does not parse is still attributed.
pub fn station_in_text(text: &str) -> Option<(u32, u32)> {
    let value = |label: &str| {
        text.lines().find_map(|l| {
            let mut words = l.split_whitespace();
            (words.next()? == label)
                .then(|| words.next_back()?.parse::<u32>().ok())
                .flatten()
        })
    };
    Some((value("CENTER")?, value("STATION")?))
}
