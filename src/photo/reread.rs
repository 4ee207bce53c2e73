//! Second looks: lines whose figure OCR lost or garbled are read again on their own.
//! Tesseract drops a lone figure far from the rest of its line (a `1` at the right edge), and
//! reads a whole signature line better on its own, restricted to the signature alphabet,
//! when the block reading breaks its check symbol.

use image::GrayImage;

use super::lines::{sig_body, sig_label, MISSING_VOTES};
use super::ocr::{recognise_as, Layout, OcrLine};
use super::PhotoError;
use crate::tape::sig::decode_line;
use crate::tape::{Timestamp, FIELD_LABELS};

/// Characters of a signature line: its label and the signature alphabets.
const SIG_WHITELIST: &str = "SIG0123456789ABCDEFHJKMNPQRTUVWXYZ*~$= ";

/// What a line needs read again.
enum Lost {
    /// The figure at the right: digits.
    Figure,
    /// The time.
    Time,
    /// The whole signature line.
    Signature(usize),
}

fn lost(line: &str) -> Option<Lost> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let first = *words.first()?;
    let numeric = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    if let Some(n) = first
        .strip_prefix("SIG")
        .and_then(|n| n.parse::<usize>().ok())
    {
        let body = line[first.len()..].trim();
        return decode_line(body).is_err().then_some(Lost::Signature(n));
    }
    if first == "CLOSED" {
        let value = line["CLOSED".len()..].trim();
        return Timestamp::parse_lenient(value)
            .is_none()
            .then_some(Lost::Time);
    }
    let count_field = FIELD_LABELS
        .iter()
        .any(|(l, k)| *l == first && !matches!(*k, "election" | "device" | "closed"));
    if count_field {
        return (words.len() != 2 || !numeric(words[1])).then_some(Lost::Figure);
    }
    if numeric(first)
        && (line.ends_with(&format!(" {MISSING_VOTES}")) || !numeric(words[words.len() - 1]))
    {
        return Some(Lost::Figure);
    }
    None
}

fn region(strip: &GrayImage, bbox: (u32, u32, u32, u32), left_cols: u32) -> GrayImage {
    let (w, h) = strip.dimensions();
    let left = w * left_cols / 44;
    let top = bbox.1.saturating_sub(8).min(h.saturating_sub(1));
    let height = (bbox.3 + 8).min(h).saturating_sub(top).max(1);
    image::imageops::crop_imm(strip, left, top, w - left, height).to_image()
}

fn read_line(img: &GrayImage, whitelist: &str) -> Result<Option<OcrLine>, PhotoError> {
    let lines = recognise_as(img, Layout::Line, whitelist)?;
    Ok(lines
        .into_iter()
        .max_by_key(|l| l.words.iter().map(Vec::len).sum::<usize>()))
}

/// Reads again, in place, each line whose figure was lost or garbled; each pair is the
/// normalised text and the OCR line its characters' doubts come from.
pub fn reread(strip: &GrayImage, pairs: &mut [(String, OcrLine)]) -> Result<(), PhotoError> {
    for (text, ocr) in pairs.iter_mut() {
        let Some(what) = lost(text) else { continue };
        match what {
            Lost::Figure => {
                let Some(line) = read_line(&region(strip, ocr.bbox, 30), "0123456789")? else {
                    continue;
                };
                let digits: String = line.text().chars().filter(char::is_ascii_digit).collect();
                if digits.is_empty() {
                    continue;
                }
                let head = text
                    .strip_suffix(MISSING_VOTES)
                    .map(str::trim_end)
                    .unwrap_or(text);
                let words: Vec<&str> = head.split_whitespace().collect();
                let keep = if words
                    .first()
                    .is_some_and(|w| w.chars().all(|c| c.is_ascii_uppercase()))
                {
                    words[..1].join(" ")
                } else if head.len() < text.len() {
                    head.to_string()
                } else {
                    words[..words.len().saturating_sub(1)].join(" ")
                };
                *text = format!("{keep} {digits}");
            }
            Lost::Time => {
                let Some(line) = read_line(&region(strip, ocr.bbox, 12), "0123456789-: UTC")?
                else {
                    continue;
                };
                *text = format!("CLOSED {}", line.text());
            }
            Lost::Signature(n) => {
                // Larger, the symbols Tesseract confuses (5/S, 3/J, 0/Q) part more.
                let crop = region(strip, ocr.bbox, 0);
                let (w, h) = crop.dimensions();
                let big = image::imageops::resize(
                    &crop,
                    w * 3 / 2,
                    h * 3 / 2,
                    image::imageops::FilterType::CatmullRom,
                );
                let Some(line) = read_line(&big, SIG_WHITELIST)? else {
                    continue;
                };
                let read = line.text();
                // The label, wherever it is among the first words (a mark at the strip's
                // edge can come first), and the symbols after it.
                let words: Vec<&str> = read.split_whitespace().collect();
                let start = words
                    .iter()
                    .take(3)
                    .position(|w| sig_label(w).is_some())
                    .map_or(1, |p| p + 1);
                let rest = words.get(start..).unwrap_or_default().join(" ");
                let again = format!("SIG{n} {}", sig_body(&rest));
                let symbols = |t: &str| t.split_whitespace().skip(1).map(str::len).sum::<usize>();
                if decode_line(&again[5..]).is_ok()
                    || (symbols(&again) == 27 && symbols(text) != 27)
                {
                    let first = std::mem::replace(text, again);
                    *ocr = line;
                    ocr.second = Some(first);
                } else {
                    ocr.second = Some(again);
                }
            }
        }
    }
    Ok(())
}
