//! Second looks: lines whose figure OCR lost or garbled are read again on their own.
//! Tesseract drops a lone figure far from the rest of its line (a `1` at the right edge), and
//! reads a whole signature line better on its own, restricted to the signature alphabet,
//! when the block reading breaks its check symbol.

use image::GrayImage;

use super::choices::MISSING_VOTES;
use super::doubts::{align, among_choices, Doubt, TextLine};
use super::engine::{recognise_as, Glyph, Layout, OcrLine};
use super::lines::{is_count_label, sig_body, sig_label};
use crate::photo::PhotoError;
use crate::tape::sig::decode_line;
use crate::tape::Timestamp;

/// Characters of a signature line: its label and the signature alphabets.
const SIG_WHITELIST: &str = "SIG0123456789ABCDEFHJKMNPQRTUVWXYZ*~$= ";

/// How much a figure is enlarged for a second look, in the order tried (measured on rendered
/// photos: a faded `17` that reads as nothing at the strip's scale reads right at twice it,
/// and some figures only at the strip's scale).
pub const FIGURE_SCALES: [f32; 2] = [2.0, 1.0];

/// Characters of a count.
const DIGITS: &str = "0123456789";
/// Characters of the closing time.
const TIME_WHITELIST: &str = "0123456789-: UTC";

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
    if is_count_label(first) {
        return (words.len() != 2 || !numeric(words[1])).then_some(Lost::Figure);
    }
    if numeric(first)
        && (line.ends_with(&format!(" {MISSING_VOTES}")) || !numeric(words[words.len() - 1]))
    {
        return Some(Lost::Figure);
    }
    None
}

/// The part of a line's box right of column `left_cols` (of the tape's 44), on a white
/// margin, enlarged `scale` times. The crop ends at the line's own right edge: the strip's
/// edge beyond it (a shadow, the table) reads as a stray `1` or swallows a short figure.
/// Enlarged, faded strokes and look-alikes (`7`/`1`, 5/S, 3/J, 0/Q) part more.
fn region(strip: &GrayImage, bbox: (u32, u32, u32, u32), left_cols: u32, scale: f32) -> GrayImage {
    const MARGIN: u32 = 12;
    let (w, h) = strip.dimensions();
    let left = (w * left_cols / 44).min(w.saturating_sub(1));
    let right = (bbox.2 + 6).clamp(left + 1, w);
    let top = bbox.1.saturating_sub(8).min(h.saturating_sub(1));
    let height = (bbox.3 + 8).min(h).saturating_sub(top).max(1);
    let crop = image::imageops::crop_imm(strip, left, top, right - left, height).to_image();
    let mut out = GrayImage::from_pixel(
        crop.width() + 2 * MARGIN,
        crop.height() + 2 * MARGIN,
        image::Luma([255]),
    );
    image::imageops::replace(&mut out, &crop, i64::from(MARGIN), i64::from(MARGIN));
    if scale == 1.0 {
        return out;
    }
    let (w, h) = out.dimensions();
    image::imageops::resize(
        &out,
        (w as f32 * scale) as u32,
        (h as f32 * scale) as u32,
        image::imageops::FilterType::CatmullRom,
    )
}

fn read_line(img: &GrayImage, whitelist: &str) -> Result<Option<OcrLine>, PhotoError> {
    let lines = recognise_as(img, Layout::Line, whitelist)?;
    Ok(lines
        .into_iter()
        .max_by_key(|l| l.words.iter().map(Vec::len).sum::<usize>()))
}

/// A figure's part of a line read on its own, at each of `scales` in turn until one reads a
/// digit.
fn read_figure(
    strip: &GrayImage,
    bbox: (u32, u32, u32, u32),
    left_cols: u32,
    whitelist: &str,
    scales: [f32; 2],
) -> Result<Option<OcrLine>, PhotoError> {
    for scale in scales {
        let line = read_line(&region(strip, bbox, left_cols, scale), whitelist)?;
        if line
            .as_ref()
            .is_some_and(|l| l.words.iter().flatten().any(|g| g.ch.is_ascii_digit()))
        {
            return Ok(line);
        }
    }
    Ok(None)
}

/// Reads again, in place, each line whose figure was lost or garbled; each pair is the
/// normalised text and the OCR line its characters' doubts come from.
pub fn reread(strip: &GrayImage, pairs: &mut [(String, OcrLine)]) -> Result<(), PhotoError> {
    for (text, ocr) in pairs.iter_mut() {
        let Some(what) = lost(text) else { continue };
        match what {
            Lost::Figure => {
                let Some(line) = read_figure(strip, ocr.bbox, 30, DIGITS, FIGURE_SCALES)? else {
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
                let Some(line) = read_figure(strip, ocr.bbox, 12, TIME_WHITELIST, FIGURE_SCALES)?
                else {
                    continue;
                };
                *text = format!("CLOSED {}", line.text());
            }
            Lost::Signature(n) => {
                let big = region(strip, ocr.bbox, 0, 1.5);
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

/// Whether a line's last word is a signed count: a count field's value or a choice's votes.
fn holds_count(text: &str, in_results: bool) -> bool {
    let first = text.split(' ').next().unwrap_or("");
    is_count_label(first)
        || (in_results && !first.is_empty() && first.chars().all(|c| c.is_ascii_digit()))
}

/// Where a line was read: the index of its strip (one per photographed part of a tape),
/// and its box on that strip.
pub(crate) type LineBox = (usize, (u32, u32, u32, u32));

/// A second look at every count and the time: each count field's value, each choice's
/// votes and the closing time read again on its own (one line, digits only), where the block
/// reading can merge or drop glyphs of a figure printed far from its label (`311` read as
/// `S`, `15` as `A`). `scales` are tried in order until one reads a figure (a time: a valid
/// time). `boxes` are the lines' boxes, each on its strip of `strips` (the photo's, or one
/// per part of a tape photographed in parts). Returns the lines with the figures so read
/// where they differ, or `None` when every figure reads the same.
pub fn counts_again(
    strips: &[GrayImage],
    lines: &[TextLine],
    boxes: &[LineBox],
    scales: [f32; 2],
) -> Result<Option<Vec<TextLine>>, PhotoError> {
    let mut out = lines.to_vec();
    let mut changed = false;
    let choices = among_choices(lines.iter().map(|l| l.text.as_str()));
    for ((line, (part, bbox)), in_results) in out.iter_mut().zip(boxes).zip(choices) {
        let Some(strip) = strips.get(*part) else {
            continue;
        };
        if let Some(value) = line.text.strip_prefix("CLOSED ") {
            for scale in scales {
                let Some(read) = read_line(&region(strip, *bbox, 12, scale), TIME_WHITELIST)?
                else {
                    continue;
                };
                let time = super::lines::closed(&read.text());
                if Timestamp::parse_lenient(&time).is_some() {
                    if time != value {
                        *line = TextLine {
                            second: Some(line.text.clone()),
                            ..align(&format!("CLOSED {time}"), &read)
                        };
                        changed = true;
                    }
                    break;
                }
            }
            continue;
        }
        if !holds_count(&line.text, in_results) {
            continue;
        }
        let Some((head, figure)) = line.text.rsplit_once(' ') else {
            continue;
        };
        let Some(read) = read_figure(strip, *bbox, 30, DIGITS, scales)? else {
            continue;
        };
        let glyphs: Vec<&Glyph> = read
            .words
            .iter()
            .flatten()
            .filter(|g| g.ch.is_ascii_digit())
            .collect();
        let digits: String = glyphs.iter().map(|g| g.ch).collect();
        if digits.is_empty() || digits == figure {
            continue;
        }
        let keep = head.chars().count() + 1;
        let weakest = |d: &mut dyn Iterator<Item = f32>| d.fold(1.0f32, f32::min);
        let before = weakest(&mut line.doubts.iter().skip(keep).map(|d| d.conf));
        let after = weakest(&mut glyphs.iter().map(|g| g.conf));
        let again = format!("{head} {digits}");
        // The surer reading leads; the other stays as the line's other reading.
        if after < before {
            line.second = Some(again);
        } else {
            let mut doubts: Vec<Doubt> = line.doubts[..keep.min(line.doubts.len())].to_vec();
            doubts.extend(glyphs.iter().map(|g| Doubt {
                ch: g.ch,
                conf: g.conf,
                alternatives: g.alternatives.clone(),
            }));
            *line = TextLine {
                text: again,
                doubts,
                second: Some(line.text.clone()),
            };
        }
        changed = true;
    }
    Ok(changed.then_some(out))
}
