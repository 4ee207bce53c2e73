//! The single-character edits that candidate corrections of the payload are made of:
//! substitutions, lost and extra digits, and a line swapped for its other reading. Where the
//! signed digits of a line are, which edits are worth trying there (the engine's
//! alternatives, the usual look-alikes), and the text an edited reading becomes.

use crate::photo::lookalike::{digit_for, figure_confusions};
use crate::photo::ocr::doubts::{Doubt, TextLine};

/// What a candidate change does at its position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Op {
    /// The character becomes another.
    Sub(char),
    /// The character was not there (OCR saw a mark).
    Del,
    /// A digit OCR lost goes before the position.
    Ins(char),
    /// The whole line becomes its other reading (`TextLine::second`); other edits of the
    /// line are then void.
    Swap,
}

/// One candidate change at character `pos` of line `line`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Edit {
    /// The line, by its index in the reading.
    pub(super) line: usize,
    /// The character, by its index in the line.
    pub(super) pos: usize,
    /// What the change does there.
    pub(super) op: Op,
    /// How likely the change is (a prior: higher is tried first).
    pub(super) score: f32,
}

/// Prior of a lost or extra digit, below a doubtful character's alternatives.
pub(super) const INDEL_SCORE: f32 = 0.03;

/// Prior of a digit changed to one that is not a usual confusion (kept for the arithmetic).
const ANY_DIGIT_SCORE: f32 = 0.004;
/// Prior of a figure's other reading (a second look's, or the first when the second look
/// is taken), as likely as a doubtful digit's first alternative.
const SWAP_SCORE: f32 = 0.3;

/// The range of each of a time's 14 digits (`YYYY-MM-DD HH:MM:SS`): a year of this century,
/// then the tens of the month, day, hour, minutes and seconds.
const TIME_DIGITS: [(char, char); 14] = [
    ('2', '2'),
    ('0', '0'),
    ('0', '9'),
    ('0', '9'),
    ('0', '1'),
    ('0', '9'),
    ('0', '3'),
    ('0', '9'),
    ('0', '2'),
    ('0', '9'),
    ('0', '5'),
    ('0', '9'),
    ('0', '5'),
    ('0', '9'),
];

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

/// The tape text of `lines` with `edits` made (edits of one line from the right, so that
/// their positions hold; a line swapped for its other reading takes none of its other edits).
pub(super) fn text_of(lines: &[TextLine], edits: &[Edit]) -> String {
    let mut out = String::new();
    for (n, l) in lines.iter().enumerate() {
        let mut here: Vec<&Edit> = edits.iter().filter(|e| e.line == n).collect();
        if let Some(other) = l
            .second
            .as_deref()
            .filter(|_| here.iter().any(|e| e.op == Op::Swap))
        {
            out.push_str(other);
            out.push('\n');
            continue;
        }
        let mut chars: Vec<char> = l.text.chars().collect();
        here.sort_by_key(|e| std::cmp::Reverse(e.pos));
        for e in here {
            match e.op {
                Op::Sub(c) => chars[e.pos] = c,
                Op::Del => {
                    chars.remove(e.pos);
                }
                Op::Ins(c) => chars.insert(e.pos, c),
                Op::Swap => {}
            }
        }
        out.extend(chars);
        out.push('\n');
    }
    out
}

/// The edits worth trying on one line: the engine's alternatives and the usual confusions at
/// each digit, a lost or extra digit, and (on lines the arithmetic checks) any digit.
pub(super) fn line_edits(n: usize, line: &TextLine, any_digit: bool) -> Vec<Edit> {
    let mut out: Vec<Edit> = Vec::new();
    // A second look that read the figure otherwise: either reading may be right.
    if line.second.is_some() && !line.text.starts_with("SIG") {
        out.push(Edit {
            line: n,
            pos: 0,
            op: Op::Swap,
            score: SWAP_SCORE,
        });
    }
    let sites = digit_sites(line);
    // A time has a digit in each place: none lost, none extra.
    let fixed_width = line.text.starts_with("CLOSED ");
    let time = fixed_width && sites.len() == TIME_DIGITS.len();
    for (k, &pos) in sites.iter().enumerate() {
        let d = &line.doubts[pos];
        let alts = d.alternatives.iter().map(|&c| digit_for(c));
        let likely: Vec<char> = alts.chain(figure_confusions(d.ch).chars()).collect();
        // A time's digit out of its range (a month's tens of 2, seconds' tens of 6) is
        // surely misread: every digit in range is worth trying, the likely ones first.
        let range = if time { TIME_DIGITS[k] } else { ('0', '9') };
        let in_range = |c: char| (range.0..=range.1).contains(&c);
        let misread = !in_range(d.ch);
        for to in '0'..='9' {
            let rank = likely.iter().position(|&c| c == to);
            if to == d.ch || !in_range(to) || (rank.is_none() && !any_digit && !misread) {
                continue;
            }
            let score = match rank {
                Some(r) if misread => 0.9 / (1.0 + r as f32),
                None if misread => 0.15,
                Some(r) => (1.0 - d.conf).max(0.02) / (1.0 + r as f32),
                None => ANY_DIGIT_SCORE,
            };
            out.push(Edit {
                line: n,
                pos,
                op: Op::Sub(to),
                score,
            });
        }
        if fixed_width {
            continue;
        }
        let score = INDEL_SCORE * (1.0 - d.conf).max(0.1);
        out.push(Edit {
            line: n,
            pos,
            op: Op::Del,
            score,
        });
    }
    if fixed_width {
        return out;
    }
    let mut gaps: Vec<usize> = sites.clone();
    gaps.extend(sites.iter().map(|p| p + 1).filter(|p| !sites.contains(p)));
    for pos in gaps {
        // Next to a digit OCR did not read at all, a second lost digit is likely.
        let unread = |p: usize| line.doubts.get(p).is_some_and(|d| d.conf == 0.0);
        let score = if unread(pos) || (pos > 0 && unread(pos - 1)) {
            0.2
        } else {
            INDEL_SCORE * 0.5
        };
        for c in '0'..='9' {
            out.push(Edit {
                line: n,
                pos,
                op: Op::Ins(c),
                score,
            });
        }
    }
    out
}

/// A line with its last word (the figure) replaced by `value`.
pub(super) fn with_figure(line: &TextLine, value: i64) -> TextLine {
    let head = line.text.rsplit_once(' ').map_or("", |(h, _)| h);
    fixed_line(format!("{head} {value}"))
}

/// A line read with certainty: every character's confidence 1, no alternatives.
pub(super) fn fixed_line(text: String) -> TextLine {
    let doubts = text
        .chars()
        .map(|ch| Doubt {
            ch,
            conf: 1.0,
            alternatives: Vec::new(),
        })
        .collect();
    TextLine {
        text,
        doubts,
        second: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> TextLine {
        TextLine::plain(text)
    }

    #[test]
    fn a_swap_takes_the_other_reading_of_its_line_whole() {
        let mut lines = vec![line("VOTERS 252"), line("BALLOTS 7")];
        lines[1].second = Some("BALLOTS 311".into());
        let edit = |line, pos, op| Edit {
            line,
            pos,
            op,
            score: 1.0,
        };
        let text = text_of(
            &lines,
            &[
                edit(1, 0, Op::Swap),
                edit(1, 8, Op::Sub('9')),
                edit(0, 9, Op::Sub('5')),
            ],
        );
        assert_eq!(text, "VOTERS 255\nBALLOTS 311\n");
        // A line without another reading stays as read.
        assert_eq!(
            text_of(&lines[..1], &[edit(0, 0, Op::Swap)]),
            "VOTERS 252\n"
        );
    }

    #[test]
    fn a_times_digits_out_of_range_are_tried_first_and_kept_in_range() {
        // Year 2825 and seconds 63: misread at 8 and 24 of the line.
        let closed = line("CLOSED 2825-11-11 17:23:63 UTC");
        let edits = line_edits(0, &closed, false);
        let best = |pos| {
            edits
                .iter()
                .filter(|e| e.pos == pos)
                .max_by(|a, b| a.score.total_cmp(&b.score))
                .copied()
        };
        assert_eq!(best(8).map(|e| e.op), Some(Op::Sub('0')));
        // Every tens of seconds is tried, none out of range, the likeliest above any change
        // of a digit that is in range.
        let tens: Vec<Op> = edits.iter().filter(|e| e.pos == 24).map(|e| e.op).collect();
        assert_eq!(tens.len(), 6, "{tens:?}");
        assert!(tens.iter().all(|op| matches!(op, Op::Sub('0'..='5'))));
        let in_range = edits.iter().filter(|e| ![8, 24].contains(&e.pos));
        let top = in_range.map(|e| e.score).fold(0.0, f32::max);
        assert!(best(24).is_some_and(|e| e.score > top));
        // No change makes an hour's tens 3 or more.
        assert!(!edits
            .iter()
            .any(|e| e.pos == 18 && matches!(e.op, Op::Sub('3'..='9'))));
    }
}
