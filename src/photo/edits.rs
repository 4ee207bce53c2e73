//! The doubtful characters of an OCR reading and the candidate corrections they suggest,
//! most likely first: the engine's alternatives at its least confident characters, the usual
//! digit confusions, device ids of the keyring one or two letters away, with readings that
//! restore the tape's arithmetic (valid = sum of choices, valid + invalid = ballots) ahead.

use super::ocr::OcrLine;
use crate::keyring::Keyring;
use crate::tape::Tape;

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
enum Op {
    /// The character becomes another.
    Sub(char),
    /// The character was not there (OCR saw a mark).
    Del,
    /// A digit OCR lost goes before the position.
    Ins(char),
}

/// One candidate change at character `pos` of line `line`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Edit {
    line: usize,
    pos: usize,
    op: Op,
    score: f32,
}

/// Prior of a lost or extra digit, below a doubtful character's alternatives.
const INDEL_SCORE: f32 = 0.03;

/// Where the signed digits of a line are: field values and the code and votes of a choice.
fn digit_sites(line: &TextLine) -> Vec<usize> {
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

fn text_of(lines: &[TextLine], edits: &[Edit]) -> String {
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

fn breaks(text: &str) -> Option<usize> {
    Tape::parse(text).ok().map(|t| {
        t.payload
            .arithmetic_breaks()
            .iter()
            .filter(|b| !b.rule.contains("<="))
            .count()
    })
}

/// Candidate tape texts, most likely first: the reading itself, device ids from the
/// keyring, then single and double digit corrections, those that restore the arithmetic
/// ahead of those that do not.
pub fn payload_candidates(lines: &[TextLine], tape: &Tape, keyring: &Keyring) -> Vec<String> {
    let mut bases = vec![lines.to_vec()];
    if keyring.get(&tape.payload.device).is_none() {
        if let Some(n) = lines.iter().position(|l| l.text.starts_with("DEVICE ")) {
            for id in keyring.ids_near(&tape.payload.device, 2) {
                let mut alt = lines.to_vec();
                alt[n] = TextLine {
                    text: format!("DEVICE {id}"),
                    doubts: Vec::new(),
                };
                alt[n].doubts = alt[n]
                    .text
                    .chars()
                    .map(|ch| Doubt {
                        ch,
                        conf: 1.0,
                        alternatives: Vec::new(),
                    })
                    .collect();
                bases.push(alt);
            }
        }
    }
    let mut out = Vec::new();
    for base in bases {
        out.push(text_of(&base, &[]));
        let mut singles: Vec<Edit> = Vec::new();
        for (n, line) in base.iter().enumerate() {
            let sites = digit_sites(line);
            for &pos in &sites {
                let d = &line.doubts[pos];
                let alts = d
                    .alternatives
                    .iter()
                    .map(|&c| super::lines::digit_lookalike(c));
                for (rank, to) in alts.chain(digit_confusions(d.ch).chars()).enumerate() {
                    let op = Op::Sub(to);
                    if to == d.ch
                        || !to.is_ascii_digit()
                        || singles
                            .iter()
                            .any(|e| e.line == n && e.pos == pos && e.op == op)
                    {
                        continue;
                    }
                    let score = (1.0 - d.conf).max(0.02) / (1.0 + rank as f32);
                    singles.push(Edit {
                        line: n,
                        pos,
                        op,
                        score,
                    });
                }
                let score = INDEL_SCORE * (1.0 - d.conf).max(0.1);
                singles.push(Edit {
                    line: n,
                    pos,
                    op: Op::Del,
                    score,
                });
            }
            // A digit lost anywhere in a value, or just after it.
            let mut gaps: Vec<usize> = sites.clone();
            gaps.extend(sites.iter().map(|p| p + 1).filter(|p| !sites.contains(p)));
            for pos in gaps {
                for c in '0'..='9' {
                    let score = INDEL_SCORE * 0.5;
                    singles.push(Edit {
                        line: n,
                        pos,
                        op: Op::Ins(c),
                        score,
                    });
                }
            }
        }
        singles.sort_by(|a, b| b.score.total_cmp(&a.score));
        let base_breaks = breaks(&text_of(&base, &[])).unwrap_or(0);
        let mut scored: Vec<(bool, f32, String)> = Vec::new();
        for e in &singles {
            let text = text_of(&base, &[*e]);
            let fixes = base_breaks > 0 && breaks(&text) == Some(0);
            scored.push((fixes, e.score, text));
        }
        let top: Vec<&Edit> = singles.iter().take(30).collect();
        for (i, a) in top.iter().enumerate() {
            for b in &top[i + 1..] {
                let indel = |e: &Edit| !matches!(e.op, Op::Sub(_));
                if a.line == b.line && (a.pos == b.pos || indel(a) || indel(b)) {
                    continue;
                }
                let text = text_of(&base, &[**a, **b]);
                let fixes = base_breaks > 0 && breaks(&text) == Some(0);
                scored.push((fixes, a.score * b.score, text));
            }
        }
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)));
        out.extend(scored.into_iter().map(|(_, _, t)| t));
    }
    out
}
