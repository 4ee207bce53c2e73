//! The reading of one photo: decode, QR code, then OCR with signature-guided correction,
//! and the cross-check of the printed figures against the signed QR code.

use crate::keyring::Keyring;
use crate::tape::{parse_qr_text, Signature, Tape};
use crate::verify::verify_tape;

use super::image::{decode, preprocess, qr};
use super::ocr::doubts::{align, mark_unread, TextLine};
use super::ocr::{choices, engine, lines, reread};
use super::{
    correct, Correction, FieldConfidence, Method, PhotoError, PhotoReading, PrintedDiffers,
};

/// What to try on a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Look for the QR code.
    pub qr: bool,
    /// Also read the printed text when the QR code was read, to find printed figures that
    /// differ from the signed ones (costs an OCR pass per photo).
    pub cross_check: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            qr: true,
            cross_check: false,
        }
    }
}

/// The OCR reading of the printed text: lines with doubts and the tape they parse to.
#[derive(Debug, Clone)]
pub struct OcrReading {
    /// The normalised tape text, line by line, with each character's doubt.
    pub lines: Vec<TextLine>,
    /// The normalised tape text.
    pub text: String,
    /// The tape the text parses to, or why it does not.
    pub tape: Result<Tape, String>,
    /// The prepared strips the text was read from (one, or one per part of a tape
    /// photographed in parts), and each line's strip and box on it, for second looks.
    pub(super) strips: Vec<image::GrayImage>,
    pub(super) boxes: Vec<reread::LineBox>,
}

impl OcrReading {
    /// The lines with every count and the time read again on its own, at `scales` in turn,
    /// where that reads differently (see `reread::counts_again`).
    pub fn counts_again(&self, scales: [f32; 2]) -> Result<Option<Vec<TextLine>>, PhotoError> {
        reread::counts_again(&self.strips, &self.lines, &self.boxes, scales)
    }
}

/// Reads the printed text of a decoded photo (no QR code, no correction): what the
/// correction search starts from.
pub fn read_text(img: &image::GrayImage) -> Result<OcrReading, PhotoError> {
    read_text_of(&preprocess::flat_strip(img))
}

/// [`read_text`], given the photo's flat strip (`preprocess::flat_strip`).
pub(super) fn read_text_of(flat: &image::GrayImage) -> Result<OcrReading, PhotoError> {
    let strip = preprocess::text_part(flat);
    let ocr_lines = engine::recognise(&strip)?;
    let raw: Vec<String> = ocr_lines.iter().map(engine::OcrLine::text).collect();
    let (text, from) = lines::normalise(&raw);
    let mut pairs: Vec<(String, engine::OcrLine)> = text
        .lines()
        .zip(&from)
        .map(|(t, &i)| (t.trim_end().to_string(), ocr_lines[i].clone()))
        .collect();
    reread::reread(&strip, &mut pairs)?;
    let joined: String = pairs.iter().map(|(t, _)| format!("{t}\n")).collect();
    let text = choices::fill_missing_votes(&joined);
    let mut lines: Vec<TextLine> = text
        .lines()
        .zip(&pairs)
        .map(|(t, (_, o))| align(t, o))
        .collect();
    mark_unread(&mut lines);
    let text: String = lines.iter().map(|l| format!("{}\n", l.text)).collect();
    let tape = Tape::parse(&text).map_err(|e| e.to_string());
    let boxes = pairs.iter().map(|(_, o)| (0, o.bbox)).collect();
    Ok(OcrReading {
        lines,
        text,
        tape,
        strips: vec![strip],
        boxes,
    })
}

/// Per field, the lowest confidence of its line's value characters.
fn confidences(tape: &Tape, lines: &[TextLine]) -> Vec<FieldConfidence> {
    tape.origin
        .iter()
        .filter_map(|o| {
            let line = lines.get(o.line.checked_sub(1)?)?;
            let skip = line.text.find(' ').map_or(0, |i| i + 1);
            let conf = line.doubts[skip.min(line.doubts.len())..]
                .iter()
                .filter(|d| !d.ch.is_whitespace())
                .map(|d| d.conf)
                .fold(1.0f32, f32::min);
            Some(FieldConfidence {
                field: o.field.name(),
                confidence: (conf * 1000.0).round() / 1000.0,
            })
        })
        .collect()
}

/// The payload's fields as `(field, value)` text, for comparisons.
fn field_values(tape: &Tape) -> Vec<(String, String)> {
    let p = &tape.payload;
    let mut v: Vec<(String, String)> = p
        .to_text()
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with("choice="))
        .filter_map(|l| {
            l.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
        })
        .collect();
    v.extend(
        p.choices
            .iter()
            .map(|c| (format!("choice {}", c.code), c.votes.to_string())),
    );
    v
}

fn diff(read: &Tape, proven: &Tape) -> Vec<Correction> {
    let before = field_values(read);
    let mut out: Vec<Correction> = field_values(proven)
        .into_iter()
        .filter_map(|(field, value)| {
            let was = before
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, v)| v.clone());
            (was.as_deref() != Some(value.as_str())).then(|| Correction {
                field,
                read: was.unwrap_or_else(|| "(missing)".into()),
                corrected: value,
            })
        })
        .collect();
    if let (Signature::Present(a), Signature::Present(b)) = (&read.signature, &proven.signature) {
        for i in 0..4 {
            if a[i * 16..(i + 1) * 16] != b[i * 16..(i + 1) * 16] {
                out.push(Correction {
                    field: format!("sig{}", i + 1),
                    read: "(as read)".into(),
                    corrected: "(proven)".into(),
                });
            }
        }
    } else if !matches!(read.signature, Signature::Present(_)) {
        out.push(Correction {
            field: "signature".into(),
            read: "(unreadable)".into(),
            corrected: "(proven)".into(),
        });
    }
    out
}

/// The correction the signature proves, from the reading as it is, or else after a second
/// look at every count.
fn prove(
    ocr: &OcrReading,
    tape: Option<&Tape>,
    keyring: Option<&Keyring>,
) -> Option<correct::Corrected> {
    let keyring = keyring?;
    // Without all four signature lines there is nothing to prove; a second look reads
    // figures, not signature lines, so their readings serve every attempt.
    let per_line = correct::line_readings(&ocr.lines)?;
    if let Some(proven) = correct::correct(&ocr.lines, &per_line, tape, keyring) {
        return Some(proven);
    }
    if tape.is_some_and(|t| matches!(t.signature, Signature::Absent)) {
        return None;
    }
    // A second look, enlarged first, then at the strip's scale first: which reads a figure
    // right varies from photo to photo. An engine failure leaves the verdict standing.
    let [a, b] = reread::FIGURE_SCALES;
    let mut tried: Vec<Vec<TextLine>> = Vec::new();
    for scales in [[a, b], [b, a]] {
        let Some(again) = ocr.counts_again(scales).ok().flatten() else {
            continue;
        };
        if tried
            .iter()
            .any(|t| t.iter().map(|l| &l.text).eq(again.iter().map(|l| &l.text)))
        {
            continue;
        }
        if let Some(proven) = correct::correct(&again, &per_line, tape, keyring) {
            return Some(proven);
        }
        tried.push(again);
    }
    None
}

/// Reads a photo of a tape. `keyring` judges corrections: without it, OCR readings are
/// returned as read. Errors say why the photo gave no tape at all.
pub fn read_photo(
    bytes: &[u8],
    keyring: Option<&Keyring>,
    options: &Options,
) -> Result<PhotoReading, PhotoError> {
    let img = decode::decode(bytes)?;
    // Straightened and evenly lit once: the QR code's second attempts and the OCR share it.
    let flat = std::cell::OnceCell::new();
    let flat = || flat.get_or_init(|| preprocess::flat_strip(&img));
    if let Some(reading) = options.qr.then(|| from_qr(&img, &flat)).flatten() {
        return Ok(cross_checked(reading, options, || {
            read_text_of(flat()).ok()
        }));
    }
    let ocr = read_text_of(flat())?;
    from_text(&ocr, keyring, || {
        crate::photo::image::quality::diagnose(&img)
            .unwrap_or_else(|| "retake the photo square-on and in focus".into())
    })
}

/// The reading of a photo's QR code, when one is read and holds a tape.
pub(super) fn from_qr<'s>(
    img: &image::GrayImage,
    strip: &dyn Fn() -> &'s image::GrayImage,
) -> Option<PhotoReading> {
    let (text, decoder) = qr::read_qr_with(img, strip)?;
    let tape = parse_qr_text(&text).ok()?;
    Some(PhotoReading {
        confidence: field_values(&tape)
            .into_iter()
            .map(|(field, _)| FieldConfidence {
                field,
                confidence: 1.0,
            })
            .collect(),
        tape,
        method: Method::Qr,
        engine: decoder.engine(),
        corrections: Vec::new(),
        uncertain: Vec::new(),
        printed_differs: Vec::new(),
        ocr_text: None,
    })
}

/// With `options.cross_check`, the QR reading with the printed figures that differ from the
/// signed ones (the printed text read by `printed`).
pub(super) fn cross_checked(
    mut reading: PhotoReading,
    options: &Options,
    printed: impl FnOnce() -> Option<OcrReading>,
) -> PhotoReading {
    if !options.cross_check {
        return reading;
    }
    if let Some(OcrReading {
        tape: Ok(printed),
        text,
        ..
    }) = printed()
    {
        reading.printed_differs = field_values(&printed)
            .into_iter()
            .filter_map(|(field, shown)| {
                let signed = field_values(&reading.tape)
                    .into_iter()
                    .find(|(f, _)| *f == field)
                    .map(|(_, v)| v)?;
                (signed != shown).then_some(PrintedDiffers {
                    field,
                    printed: shown,
                    signed,
                })
            })
            .collect();
        reading.ocr_text = Some(text);
    }
    reading
}

/// The reading of the printed text: as read when it verifies, else as the signature proves
/// a correction of it, else as read with its doubts. `advice` is what the observer should do
/// when the text is no tape at all.
pub(super) fn from_text(
    ocr: &OcrReading,
    keyring: Option<&Keyring>,
    advice: impl FnOnce() -> String,
) -> Result<PhotoReading, PhotoError> {
    let engine = format!(
        "tesseract {} model {}",
        engine::engine_version(),
        engine::model()
    );
    let tape = match &ocr.tape {
        Ok(tape) => tape.clone(),
        Err(e) => {
            // The text as read is no tape, but a correction the signature proves may be.
            let proven = prove(ocr, None, keyring).ok_or_else(|| {
                let message = format!("no QR code could be read and the printed text is not a tape ({e}): {}, or type the tape with `tally enter`", advice());
                match super::station_in_text(&ocr.text) {
                    Some(station) => PhotoError::NoTapeAt { message, station },
                    None => PhotoError::NoTape(message),
                }
            })?;
            let mut tape = proven.tape;
            tape.names = vec![None; tape.payload.choices.len()];
            return Ok(PhotoReading {
                confidence: confidences(&tape, &ocr.lines),
                tape,
                method: Method::OcrCorrected,
                engine,
                corrections: vec![Correction {
                    field: "text".into(),
                    read: format!("(not a tape: {e})"),
                    corrected: "(proven)".into(),
                }],
                uncertain: Vec::new(),
                printed_differs: Vec::new(),
                ocr_text: Some(ocr.text.clone()),
            });
        }
    };
    let confidence = confidences(&tape, &ocr.lines);
    let verified = verify_tape(&tape, keyring).status.figures_signed();
    let mut reading = PhotoReading {
        tape,
        method: Method::Ocr,
        engine,
        confidence,
        corrections: Vec::new(),
        uncertain: Vec::new(),
        printed_differs: Vec::new(),
        ocr_text: Some(ocr.text.clone()),
    };
    if verified {
        return Ok(reading);
    }
    match prove(ocr, Some(&reading.tape), keyring) {
        Some(proven)
            if proven.tape.payload != reading.tape.payload
                || proven.tape.signature != reading.tape.signature =>
        {
            reading.corrections = diff(&reading.tape, &proven.tape);
            let mut tape = proven.tape;
            tape.header = reading.tape.header.clone();
            tape.names = reading.tape.names.clone();
            if tape.names.len() != tape.payload.choices.len() {
                tape.names = vec![None; tape.payload.choices.len()];
            }
            reading.tape = tape;
            reading.method = Method::OcrCorrected;
        }
        _ => {
            reading.uncertain = reading
                .confidence
                .iter()
                .filter(|c| c.confidence < 0.9)
                .map(|c| c.field.clone())
                .collect();
            if let Signature::Unreadable { reason, .. } = &reading.tape.signature {
                reading.uncertain.push(reason.clone());
            }
        }
    }
    Ok(reading)
}
