//! The doubt about each character of an OCR reading: the normalised text aligned with the
//! engine's glyphs (each character gets its glyph's confidence and alternative readings), and
//! the figures OCR lost or read as no number given placeholder digits, so that the correction
//! search knows where to look.

use super::engine::{Glyph, OcrLine};
use crate::photo::lookalike::{digit_for, figure_confusions};

/// One character of the normalised tape text, with the engine's doubt about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Doubt {
    /// The character.
    pub ch: char,
    /// The engine's confidence, 0 to 1 (0.5 when the character was not aligned to a glyph).
    pub conf: f32,
    /// The engine's other readings, most likely first.
    pub alternatives: Vec<char>,
}

/// A line of the normalised tape text with one [`Doubt`] per character.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    /// The line as the parser reads it.
    pub text: String,
    /// One per character of `text`.
    pub doubts: Vec<Doubt>,
    /// Another reading of the same line, when a second look read it differently.
    pub second: Option<String>,
}

/// Aligns a normalised line with the OCR line it came from (edit distance, letters and their
/// digit look-alikes matching), giving each character the confidence of its glyph.
pub fn align(text: &str, ocr: &OcrLine) -> TextLine {
    let glyphs: Vec<&Glyph> = ocr.words.iter().flatten().collect();
    let t: Vec<char> = text.chars().collect();
    let same = |a: char, b: char| a == b || a.eq_ignore_ascii_case(&b) || digit_for(b) == a;
    let (n, m) = (t.len(), glyphs.len());
    let d = edit_table(n, m, |i, j| !same(t[i], glyphs[j].ch));
    let mut doubts: Vec<Doubt> = t
        .iter()
        .map(|&ch| Doubt {
            ch,
            conf: if ch == ' ' { 1.0 } else { 0.5 },
            alternatives: Vec::new(),
        })
        .collect();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let g = glyphs[j - 1];
        if d[i][j] == d[i - 1][j - 1] + usize::from(!same(t[i - 1], g.ch)) {
            doubts[i - 1].conf = if same(t[i - 1], g.ch) { g.conf } else { 0.3 };
            doubts[i - 1].alternatives = g.alternatives.clone();
            i -= 1;
            j -= 1;
        } else if d[i][j] == d[i - 1][j] + 1 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    TextLine {
        second: ocr.second.clone(),
        text: text.to_string(),
        doubts,
    }
}

/// The edit-distance table between a sequence of `n` items and one of `m` (Levenshtein):
/// `d[i][j]` is the fewest edits from the first `i` items to the first `j`, where `differ(i,
/// j)` says whether item `i` of the first must be substituted to become item `j` of the second.
/// Walk it back from `d[n][m]` to align the two.
pub fn edit_table(n: usize, m: usize, differ: impl Fn(usize, usize) -> bool) -> Vec<Vec<usize>> {
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let sub = d[i - 1][j - 1] + usize::from(differ(i - 1, j - 1));
            d[i][j] = sub.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
        }
    }
    d
}

/// The doubt of a figure's digit OCR did not read: a `0` held in its place, any digit
/// equally likely, for the correction search to replace.
fn unread_digit() -> Doubt {
    Doubt {
        ch: '0',
        conf: 0.0,
        alternatives: "123456789".chars().collect(),
    }
}

/// Per line, whether it stands among the choices: after the `RESULTS` rule and before the
/// next rule or signature line (the rules themselves do not).
pub(crate) fn among_choices<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<bool> {
    let mut inside = false;
    texts
        .into_iter()
        .map(|t| {
            if t.contains(" RESULTS ") {
                inside = true;
                false
            } else if t.starts_with("---") || t.starts_with("SIG") {
                inside = false;
                false
            } else {
                inside
            }
        })
        .collect()
}

/// Where each digit of a printed time `YYYY-MM-DD HH:MM:SS` can only be `0..=max` (the tens of
/// month, day, hour, minute and second), by its position in the time.
const TIME_TENS: [(usize, char); 5] = [(5, '1'), (8, '3'), (11, '2'), (14, '5'), (17, '5')];

/// Marks the digits of the closing time that no time can have (`20:06:69`: the `6` of the
/// seconds) as unread, so that the correction search tries the possible digits there first.
fn mark_impossible_time(line: &mut TextLine) {
    let Some(value) = line.text.strip_prefix("CLOSED ") else {
        return;
    };
    let start = "CLOSED ".len();
    let chars: Vec<char> = value.chars().collect();
    if crate::tape::Timestamp::parse_lenient(value).is_some() || chars.len() < 19 {
        return;
    }
    let mut impossible: Vec<(usize, char)> = TIME_TENS
        .iter()
        .filter(|(at, max)| chars[*at].is_ascii_digit() && chars[*at] > *max)
        .copied()
        .collect();
    // An hour of 24 or more: the ones digit, when the tens is right.
    if chars[11] == '2' && chars[12].is_ascii_digit() && chars[12] > '3' {
        impossible.push((12, '3'));
    }
    for (at, max) in impossible {
        if let Some(d) = line.doubts.get_mut(start + at) {
            let read = d.ch;
            d.conf = 0.0;
            d.alternatives = figure_confusions(read)
                .chars()
                .chain('0'..='9')
                .filter(|c| *c <= max)
                .fold(Vec::new(), |mut v, c| {
                    if !v.contains(&c) {
                        v.push(c);
                    }
                    v
                });
        }
    }
}

/// Gives every count figure that OCR lost or read as no number a placeholder digit per
/// character (a lost figure one digit), so that the reading parses and the correction search
/// tries the digits there; lines already numeric are left alone. Digits of the closing time
/// that no time can have are marked unread.
pub fn mark_unread(lines: &mut [TextLine]) {
    let choices = among_choices(lines.iter().map(|l| l.text.as_str()));
    for (line, in_results) in lines.iter_mut().zip(choices) {
        mark_impossible_time(line);
        let text = line.text.clone();
        let chars: Vec<char> = text.chars().collect();
        let first = text.split(' ').next().unwrap_or("");
        // Where the figure starts (in characters): after a count label, or a choice's last
        // word.
        let start = if super::lines::is_count_label(first) {
            first.len()
        } else if in_results && text.ends_with(" ?") {
            chars.len() - 2
        } else {
            continue;
        };
        let value: String = chars[start..].iter().collect();
        let value = value.trim();
        if !value.is_empty() && value.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let mut doubts: Vec<Doubt> = line.doubts[..start.min(line.doubts.len())].to_vec();
        let mut out: String = chars[..start].iter().collect();
        out.push(' ');
        doubts.push(Doubt {
            ch: ' ',
            conf: 1.0,
            alternatives: Vec::new(),
        });
        let figure: Vec<usize> = (start..chars.len())
            .filter(|&i| !chars[i].is_whitespace())
            .collect();
        if figure.is_empty() {
            out.push('0');
            doubts.push(unread_digit());
        }
        for i in figure {
            if chars[i].is_ascii_digit() {
                out.push(chars[i]);
                doubts.push(line.doubts.get(i).cloned().unwrap_or_else(unread_digit));
            } else {
                out.push('0');
                doubts.push(unread_digit());
            }
        }
        line.text = out;
        line.doubts = doubts;
    }
}

#[cfg(test)]
impl TextLine {
    /// A line read as `text`, every character at confidence 0.9 with no alternative.
    pub(crate) fn plain(text: &str) -> TextLine {
        TextLine {
            text: text.into(),
            doubts: text
                .chars()
                .map(|ch| Doubt {
                    ch,
                    conf: 0.9,
                    alternatives: Vec::new(),
                })
                .collect(),
            second: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> TextLine {
        TextLine::plain(text)
    }

    #[test]
    fn lost_and_garbled_figures_get_placeholders() {
        let mut lines = vec![
            line("GOVERNORATE"),
            line("STATION 1Y"),
            line("VOTERS 301"),
            line("--------------- RESULTS ----------------"),
            line("104 LAYLA F. SAEED ?"),
        ];
        mark_unread(&mut lines);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts[..3], ["GOVERNORATE 0", "STATION 10", "VOTERS 301"]);
        assert_eq!(texts[4], "104 LAYLA F. SAEED 0");
        for l in &lines {
            assert_eq!(l.text.chars().count(), l.doubts.len());
        }
        assert_eq!(lines[1].doubts[9].conf, 0.0);
        assert_eq!(lines[1].doubts[8].conf, 0.9);
    }

    #[test]
    fn impossible_time_digits_are_marked_unread() {
        let mut lines = vec![line("CLOSED 2025-11-11 26:06:69 UTC")];
        mark_unread(&mut lines);
        let at = |i: usize| &lines[0].doubts["CLOSED ".len() + i];
        assert_eq!((at(11).conf, at(17).conf), (0.9, 0.0));
        assert_eq!(at(17).alternatives, vec!['5', '0', '1', '2', '3', '4']);
        // The hour's ones digit: 26 is no hour, and its tens is a possible digit.
        assert_eq!(at(12).conf, 0.0);
        assert_eq!(at(14).conf, 0.9, "06 minutes is a time");
    }
}
