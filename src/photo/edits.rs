//! The doubtful characters of an OCR reading, aligned with the engine's glyphs, and the
//! single-character edits (substitutions, lost and extra digits) that candidate corrections
//! are made of.

use super::ocr::OcrLine;

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
    let glyphs: Vec<&super::ocr::Glyph> = ocr.words.iter().flatten().collect();
    let t: Vec<char> = text.chars().collect();
    let same = |a: char, b: char| {
        a == b || a.eq_ignore_ascii_case(&b) || super::lines::digit_lookalike(b) == a
    };
    let (n, m) = (t.len(), glyphs.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let sub = d[i - 1][j - 1] + usize::from(!same(t[i - 1], glyphs[j - 1].ch));
            d[i][j] = sub.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
        }
    }
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

/// Digits a camera and Tesseract confuse.
pub fn digit_confusions(c: char) -> &'static str {
    match c {
        '0' => "869",
        '1' => "74",
        '2' => "7",
        '3' => "859",
        '4' => "19",
        '5' => "6380",
        '6' => "580",
        '7' => "12",
        '8' => "30695",
        '9' => "8034",
        _ => "",
    }
}

/// What a candidate change does at its position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Op {
    /// The character becomes another.
    Sub(char),
    /// The character was not there (OCR saw a mark).
    Del,
    /// A digit OCR lost goes before the position.
    Ins(char),
}

/// One candidate change at character `pos` of line `line`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Edit {
    pub(super) line: usize,
    pub(super) pos: usize,
    pub(super) op: Op,
    pub(super) score: f32,
}

/// Prior of a lost or extra digit, below a doubtful character's alternatives.
pub(super) const INDEL_SCORE: f32 = 0.03;

/// Where the signed digits of a line are: field values and the code and votes of a choice.
pub(super) fn digit_sites(line: &TextLine) -> Vec<usize> {
    let t = &line.text;
    let first = t.split(' ').next().unwrap_or("");
    let is_label = first.chars().all(|c| c.is_ascii_uppercase()) && !first.is_empty();
    if first.starts_with("SIG") || first == "ELECTION" || first == "SIGNATURE" {
        return Vec::new();
    }
    let chars: Vec<char> = t.chars().collect();
    if is_label {
        return (first.len()..chars.len())
            .filter(|&i| chars[i].is_ascii_digit())
            .collect();
    }
    // A choice line: the first and the last word.
    let last_start = t.rfind(' ').map_or(0, |i| t[..i].chars().count() + 1);
    (0..chars.len())
        .filter(|&i| chars[i].is_ascii_digit() && (i < first.chars().count() || i >= last_start))
        .collect()
}

pub(super) fn text_of(lines: &[TextLine], edits: &[Edit]) -> String {
    let mut out = String::new();
    for (n, l) in lines.iter().enumerate() {
        let mut chars: Vec<char> = l.text.chars().collect();
        let mut here: Vec<&Edit> = edits.iter().filter(|e| e.line == n).collect();
        here.sort_by_key(|e| std::cmp::Reverse(e.pos));
        for e in here {
            match e.op {
                Op::Sub(c) => chars[e.pos] = c,
                Op::Del => {
                    chars.remove(e.pos);
                }
                Op::Ins(c) => chars.insert(e.pos, c),
            }
        }
        out.extend(chars);
        out.push('\n');
    }
    out
}
