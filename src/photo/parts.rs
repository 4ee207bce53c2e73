//! A tape too long for one photo, photographed in overlapping parts: the parts' QR code read
//! if any part shows it (it holds the whole tape); else each part's printed text read, the
//! parts put in order by the lines they have in common and joined into one text, which the
//! signature then judges as for any photo. A join the lines do not support is refused, never
//! guessed: the observer is told to photograph the parts with lines in common.

use crate::keyring::Keyring;
use crate::tape::Tape;
use crate::verify::verify_tape;

use super::image::{decode, preprocess};
use super::ocr::doubts::{edit_table, TextLine};
use super::read::{cross_checked, from_qr, from_text, read_text, read_text_of, OcrReading};
use super::{Options, PhotoError, PhotoReading};

/// Most parts one tape is joined from (every order of them is tried).
pub const MAX_PARTS: usize = 4;

/// Fewest lines two neighbouring parts must have in common, read alike, to be joined.
const MIN_COMMON: usize = 2;

/// A line's words, for comparing two readings of one printed line.
fn words(line: &TextLine) -> String {
    line.text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How alike two readings of lines are: 2 when they read the same, 1 when they differ by
/// a few characters (one in eight: OCR reads a printed line a little differently in each
/// photo), 0 otherwise.
fn alike(a: &str, b: &str) -> usize {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    if a == b {
        return 2;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let longest = a.len().max(b.len());
    if longest < 8 {
        return 0;
    }
    let d = edit_table(a.len(), b.len(), |i, j| a[i] != b[j])[a.len()][b.len()];
    usize::from(d * 8 <= longest)
}

/// Where `b` continues `a`: the index of `a` at which `b`'s first line lies, and how alike
/// the overlap reads (see [`alike`]), for the best such place; `None` when no place has
/// [`MIN_COMMON`] lines alike, one of them read the same. A part's edge line may be cut by
/// the frame, so lines that differ inside the overlap are allowed, but at least half must be
/// alike. A wrong join is no danger to the figures: the signature judges the joined text.
fn overlap(a: &[TextLine], b: &[TextLine]) -> Option<(usize, usize)> {
    let a_words: Vec<String> = a.iter().map(words).collect();
    let b_words: Vec<String> = b.iter().map(words).collect();
    overlap_words(&a_words, &b_words)
}

/// [`overlap`] of two readings given as their lines' words (see [`words`]).
fn overlap_words(a_words: &[String], b_words: &[String]) -> Option<(usize, usize)> {
    let (a, b) = (a_words, b_words);
    (1..a.len())
        .filter_map(|start| {
            let n = (a.len() - start).min(b.len());
            let scores: Vec<usize> = (0..n)
                .map(|i| alike(&a_words[start + i], &b_words[i]))
                .collect();
            let common = scores.iter().filter(|&&s| s > 0).count();
            let same = scores.contains(&2);
            let score: usize = scores.iter().sum();
            (common >= MIN_COMMON && same && 2 * common >= n).then_some((start, score))
        })
        .max_by_key(|&(start, score)| (score, usize::MAX - start))
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
    // Each part straightened and evenly lit once, for its QR attempts and its OCR.
    let flats: Vec<std::cell::OnceCell<image::GrayImage>> =
        imgs.iter().map(|_| std::cell::OnceCell::new()).collect();
    let flat = |i: usize| flats[i].get_or_init(|| preprocess::flat_strip(&imgs[i]));
    let texts = || -> Result<Vec<OcrReading>, PhotoError> {
        (0..imgs.len()).map(|i| read_text_of(flat(i))).collect()
    };
    if options.qr {
        if let Some(reading) = imgs
            .iter()
            .enumerate()
            .find_map(|(i, img)| from_qr(img, &|| flat(i)))
        {
            return Ok(cross_checked(reading, options, || join(texts().ok()?).ok()));
        }
    }
    let joined = join(texts()?).map_err(|reason| {
        PhotoError::NoTape(format!(
            "no QR code could be read and {reason}: photograph the parts with a few lines of each in the next, or type the tape with `tally enter`"
        ))
    })?;
    from_text(&joined, keyring, || {
        "photograph the parts square-on and in focus, a few lines of each in the next".into()
    })
}

/// What [`find_parts`] found: the tapes joined from parts, and every photo's telling lines
/// (see [`telling_lines`]; `None` where its text could not be read), for
/// [`part_of`]; every photo's lines as compared, to keep for the next run; and how many
/// photos had to be read by OCR.
#[derive(Debug, Default)]
pub struct Found {
    /// Groups of photos (indices, in the tape's order) and their proven reading.
    pub tapes: Vec<(Vec<usize>, PhotoReading)>,
    /// Each photo's telling lines.
    pub lines: Vec<Option<std::collections::HashSet<String>>>,
    /// Each photo's lines, their words single-spaced (`None`: its text could not be read):
    /// what a later run gives back as `known`.
    pub words: Vec<Option<Vec<String>>>,
    /// How many photos were read by OCR (those whose lines were not known, and the members
    /// of a join tried).
    pub read: usize,
}

/// The lines of a reading that tell one tape from another: with a figure, of some length (a
/// header's words are on every tape), words single-spaced.
fn telling_lines(lines: &[String]) -> std::collections::HashSet<String> {
    lines
        .iter()
        .filter(|w| w.len() >= 8 && w.chars().any(|c| c.is_ascii_digit()))
        .cloned()
        .collect()
}

/// A line as [`part_of`] compares it: a choice's line by its code and votes (a tape read from
/// a QR code has no names), any other by its words.
fn comparable(line: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        [code, .., votes] if code.chars().all(|c| c.is_ascii_digit()) => {
            format!("{code} {votes}")
        }
        _ => words.join(" "),
    }
}

/// Whether a photo whose telling lines are `lines` shows a part of `tape`: three of its lines
/// at least, and most of them, are printed on the tape as read. A part of a tape read from
/// another photo's QR code, so not a tape of its own.
pub fn part_of(lines: &std::collections::HashSet<String>, tape: &Tape) -> bool {
    let printed: std::collections::HashSet<String> = crate::tape::print_tape(tape)
        .lines()
        .map(comparable)
        .collect();
    let on_tape = lines
        .iter()
        .filter(|l| printed.contains(&comparable(l)))
        .count();
    on_tape >= 3 && 5 * on_tape >= 3 * lines.len()
}

/// Most photos [`find_parts`] compares pairwise (beyond them, parts must be given together).
pub const MAX_CANDIDATES: usize = 256;

/// Among photos that each gave no tape on their own, the tapes photographed in parts: groups
/// of 2 to [`MAX_PARTS`] photos (indices into `photos`) whose printed lines join into a tape
/// whose signature `keyring` proves, each with its reading. A photo is in one group at most.
/// A join the signature does not prove is never offered: those photos stay as they were.
/// Beyond [`MAX_CANDIDATES`] photos none is looked for. `known` holds the lines a photo
/// gave before (`Some`: its [`Found::words`] of an earlier run), so that a photo is read by
/// OCR only to be joined, never only to be compared.
pub fn find_parts(
    photos: &[&[u8]],
    keyring: &Keyring,
    known: &[Option<Option<Vec<String>>>],
) -> Found {
    if photos.is_empty() || photos.len() > MAX_CANDIDATES {
        return Found::default();
    }
    let n = photos.len();
    let full: Vec<std::cell::OnceCell<Option<OcrReading>>> =
        (0..n).map(|_| std::cell::OnceCell::new()).collect();
    let reading =
        |i: usize| full[i].get_or_init(|| read_text(&decode::decode(photos[i]).ok()?).ok());
    let lines: Vec<Option<Vec<String>>> = (0..n)
        .map(|i| match known.get(i) {
            Some(Some(lines)) => lines.clone(),
            _ => reading(i)
                .as_ref()
                .map(|r| r.lines.iter().map(words).collect()),
        })
        .collect();
    // Parts overlap with a line read the same in both (see `overlap`): only photos that share
    // such a line are compared. A line with a figure, of some length: a header's words are on
    // every tape.
    let telling: Vec<Option<std::collections::HashSet<String>>> = lines
        .iter()
        .map(|l| l.as_deref().map(telling_lines))
        .collect();
    // follows[i]: the photos that continue photo i, best overlap first.
    let mut follows: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    let mut preceded = vec![false; n];
    for i in 0..n {
        for j in 0..n {
            let (Some(a), Some(b), Some(ta), Some(tb)) =
                (&lines[i], &lines[j], &telling[i], &telling[j])
            else {
                continue;
            };
            if i != j && !ta.is_disjoint(tb) {
                if let Some((_, score)) = overlap_words(a, b) {
                    follows[i].push((j, score));
                    preceded[j] = true;
                }
            }
        }
        follows[i].sort_by_key(|&(j, score)| (usize::MAX - score, j));
    }
    let mut used = vec![false; n];
    let mut found = Vec::new();
    // Chains start at a photo nothing precedes (a tape's top), then any other.
    let starts = (0..n)
        .filter(|&i| !preceded[i])
        .chain((0..n).filter(|&i| preceded[i]));
    for start in starts.collect::<Vec<_>>() {
        if used[start] || lines[start].is_none() {
            continue;
        }
        let mut chain = vec![start];
        while chain.len() < MAX_PARTS {
            let last = chain[chain.len() - 1];
            let next = follows[last]
                .iter()
                .map(|&(j, _)| j)
                .find(|j| !used[*j] && !chain.contains(j));
            match next {
                Some(j) => chain.push(j),
                None => break,
            }
        }
        // The longest prefix whose joined reading the signature proves.
        for len in (2..=chain.len()).rev() {
            let group = &chain[..len];
            let parts: Vec<OcrReading> = group.iter().filter_map(|&i| reading(i).clone()).collect();
            if parts.len() != group.len() {
                continue;
            }
            let Ok(joined) = join(parts) else {
                continue;
            };
            let Ok(reading) = from_text(&joined, Some(keyring), String::new) else {
                continue;
            };
            if verify_tape(&reading.tape, Some(keyring))
                .status
                .figures_signed()
            {
                for &i in group {
                    used[i] = true;
                }
                found.push((group.to_vec(), reading));
                break;
            }
        }
    }
    Found {
        tapes: found,
        lines: telling,
        words: lines,
        read: full.iter().filter(|r| r.get().is_some()).count(),
    }
}

#[cfg(test)]
mod tests;
