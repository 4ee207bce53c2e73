//! A tape too long for one photo, photographed in overlapping parts: the parts' QR code read
//! if any part shows it (it holds the whole tape); else each part's printed text read, the
//! parts put in order by the lines they have in common and joined into one text, which the
//! signature then judges as for any photo. A join the lines do not support is refused, never
//! guessed: the observer is told to photograph the parts with lines in common.

use crate::keyring::Keyring;
use crate::tape::Tape;

use super::image::decode;
use super::ocr::doubts::TextLine;
use super::read::{cross_checked, from_qr, from_text, read_text, OcrReading};
use super::{Options, PhotoError, PhotoReading};

/// Most parts one tape is joined from (every order of them is tried).
pub const MAX_PARTS: usize = 4;

/// Fewest lines two neighbouring parts must have in common, read alike, to be joined.
const MIN_COMMON: usize = 2;

/// A line's words, for comparing two readings of one printed line.
fn words(line: &TextLine) -> String {
    line.text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where `b` continues `a`: the index of `a` at which `b`'s first line lies, and how many
/// lines of the overlap read alike, for the best such place; `None` when no place has
/// [`MIN_COMMON`] lines alike. A part's edge line may be cut by the frame, so lines that
/// differ inside the overlap are allowed, but at least half must agree.
fn overlap(a: &[TextLine], b: &[TextLine]) -> Option<(usize, usize)> {
    let a_words: Vec<String> = a.iter().map(words).collect();
    let b_words: Vec<String> = b.iter().map(words).collect();
    (1..a.len())
        .filter_map(|start| {
            let n = (a.len() - start).min(b.len());
            let alike = (0..n)
                .filter(|&i| !a_words[start + i].is_empty() && a_words[start + i] == b_words[i])
                .count();
            (alike >= MIN_COMMON && 2 * alike >= n).then_some((start, alike))
        })
        .max_by_key(|&(start, alike)| (alike, usize::MAX - start))
}

/// The weakest character confidence of a line (1 for an empty line).
fn weakest(line: &TextLine) -> f32 {
    line.doubts.iter().map(|d| d.conf).fold(1.0, f32::min)
}

/// `b` joined after `a` at `start`: `a`'s lines before the overlap, in the overlap each pair's
/// surer reading (a line at a part's cut edge yields to the other part's), then the rest of
/// `b`. A pair read differently keeps the other reading as the line's second one.
fn join_two(a: OcrReading, b: OcrReading, start: usize) -> OcrReading {
    let offset = a.strips.len();
    let b_boxes = b.boxes.iter().map(|(part, bbox)| (part + offset, *bbox));
    let a_len = a.lines.len();
    let overlap = (a_len - start).min(b.lines.len());
    let mut lines: Vec<TextLine> = Vec::with_capacity(start + b.lines.len());
    let mut boxes = Vec::with_capacity(lines.capacity());
    let a_pairs = a.lines.into_iter().zip(a.boxes);
    let mut b_pairs = b.lines.into_iter().zip(b_boxes);
    for (i, (line, bbox)) in a_pairs.enumerate() {
        if i < start {
            lines.push(line);
            boxes.push(bbox);
            continue;
        }
        let Some((other, other_box)) = b_pairs.next() else {
            break;
        };
        let j = i - start;
        let a_at_edge = i + 1 == a_len;
        let b_at_edge = j == 0;
        let keep_b = (a_at_edge && !b_at_edge)
            || (a_at_edge == b_at_edge && weakest(&other) > weakest(&line));
        let (mut kept, kept_box, dropped) = if keep_b {
            (other, other_box, line)
        } else {
            (line, bbox, other)
        };
        if kept.second.is_none() && words(&kept) != words(&dropped) {
            kept.second = Some(dropped.text);
        }
        lines.push(kept);
        boxes.push(kept_box);
        if j + 1 == overlap {
            break;
        }
    }
    for (line, bbox) in b_pairs {
        lines.push(line);
        boxes.push(bbox);
    }
    let mut strips = a.strips;
    strips.extend(b.strips);
    let text: String = lines.iter().map(|l| format!("{}\n", l.text)).collect();
    OcrReading {
        tape: Tape::parse(&text).map_err(|e| e.to_string()),
        lines,
        text,
        strips,
        boxes,
    }
}

/// Every order of `0..n`, the given one first.
fn orders(n: usize) -> Vec<Vec<usize>> {
    if n <= 1 {
        return vec![(0..n).collect()];
    }
    let mut out = Vec::new();
    for first in 0..n {
        for rest in orders(n - 1) {
            let mut order = vec![first];
            order.extend(rest.into_iter().map(|i| if i >= first { i + 1 } else { i }));
            out.push(order);
        }
    }
    out
}

/// The parts' readings joined into one, in the order whose neighbours have the most lines
/// in common (every neighbouring pair must have [`MIN_COMMON`]), or why they cannot be.
pub(super) fn join(parts: Vec<OcrReading>) -> Result<OcrReading, String> {
    let n = parts.len();
    let best = orders(n)
        .into_iter()
        .filter_map(|order| {
            let places: Option<Vec<(usize, usize)>> = order
                .windows(2)
                .map(|w| overlap(&parts[w[0]].lines, &parts[w[1]].lines))
                .collect();
            let places = places?;
            let alike: usize = places.iter().map(|p| p.1).sum();
            Some((alike, order, places))
        })
        .max_by_key(|(alike, order, _)| (*alike, order.iter().rev().copied().collect::<Vec<_>>()));
    let Some((_, order, _)) = best else {
        return Err(format!(
            "the {n} parts have no {MIN_COMMON} lines in common that read alike, so they cannot be put together"
        ));
    };
    let mut slots: Vec<Option<OcrReading>> = parts.into_iter().map(Some).collect();
    let mut joined = slots[order[0]].take().ok_or("a part used twice")?;
    for &next in &order[1..] {
        let part = slots[next].take().ok_or("a part used twice")?;
        // Joined so far, the place is found again: the joined lines end as the last part's.
        let (start, _) = overlap(&joined.lines, &part.lines)
            .ok_or("the parts' common lines were lost in joining")?;
        joined = join_two(joined, part, start);
    }
    Ok(joined)
}

/// Reads the photos of the parts of one tape, in any order. The QR code of whichever part
/// shows it is the reading (it holds the whole tape); else the parts' printed texts are
/// joined by their common lines and read as one tape, the signature judging corrections.
pub fn read_parts(
    parts: &[&[u8]],
    keyring: Option<&Keyring>,
    options: &Options,
) -> Result<PhotoReading, PhotoError> {
    if parts.is_empty() || parts.len() > MAX_PARTS {
        return Err(PhotoError::NoTape(format!(
            "a tape is joined from 1 to {MAX_PARTS} photos, not {}",
            parts.len()
        )));
    }
    let imgs = parts
        .iter()
        .map(|bytes| decode::decode(bytes))
        .collect::<Result<Vec<_>, _>>()?;
    let texts = |imgs: &[image::GrayImage]| -> Result<Vec<OcrReading>, PhotoError> {
        imgs.iter().map(read_text).collect()
    };
    if options.qr {
        if let Some(reading) = imgs.iter().find_map(from_qr) {
            return Ok(cross_checked(reading, options, || {
                join(texts(&imgs).ok()?).ok()
            }));
        }
    }
    let joined = join(texts(&imgs)?).map_err(|reason| {
        PhotoError::NoTape(format!(
            "no QR code could be read and {reason}: photograph the parts with a few lines of each in the next, or type the tape with `tally enter`"
        ))
    })?;
    from_text(&joined, keyring, || {
        "photograph the parts square-on and in focus, a few lines of each in the next".into()
    })
}

#[cfg(test)]
mod tests;
