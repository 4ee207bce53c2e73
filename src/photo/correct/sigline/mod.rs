//! Readings of one signature line that satisfy its check symbol, cheapest first. A line is
//! 26 data symbols in groups of five (the last group one symbol) and a mod-37 check symbol.
//! Tesseract substitutes look-alikes (5/S, 3/J, 0/Q, 2/Z, 6/G, 8/B), reads one glyph as two
//! (`S5`, `IJ`, `O0`) and now and then loses one. Candidates are the reading with extra
//! symbols dropped (first in groups longer than five, and where a symbol doubles its
//! neighbour), lost symbols restored, and doubtful symbols replaced by the engine's
//! alternatives, the second reading's or the usual confusions. The check symbol is a linear
//! equation mod 37, so the last unknown symbol of a candidate is solved, not guessed.
//!
//! `slots` makes a reading 27 slots long (the bases, with each symbol's options and costs);
//! `solve` finds each base's candidates that satisfy the check symbol.

mod slots;
mod solve;

use crate::photo::ocr::doubts::Doubt;
use crate::tape::sig::SYMBOLS_PER_LINE;
use slots::{bases, symbols, Slot};
use solve::{expand, flips};

/// Symbols on a line: the data and the check symbol.
const LEN: usize = SYMBOLS_PER_LINE + 1;
/// Most readings kept for one line: enough for three or four misread symbols, which the
/// search by halves (`correct`) can afford to reach.
pub const MAX_LINE_CANDIDATES: usize = 3000;

/// Readings of one signature line body (after its label) that satisfy its check symbol,
/// cheapest first, with their costs. `second` is another reading of the same body.
pub fn line_candidates(body: &[Doubt], second: Option<&str>) -> Vec<(f32, [u8; 16])> {
    let first = symbols(body, None);
    let mut all: Vec<(f32, Vec<Slot>)> = bases(&first, 0.0);
    if let Some(text) = second {
        let doubts: Vec<Doubt> = text
            .chars()
            .map(|ch| Doubt {
                ch,
                conf: 0.5,
                alternatives: Vec::new(),
            })
            .collect();
        let other = symbols(&doubts, Some(0.5));
        let other_bases = bases(&other, 0.3);
        // Where the two readings (each made 27 long the cheapest way) differ, either may be
        // right: the other's symbol becomes the cheapest option.
        let best = |v: &[(f32, Vec<Slot>)]| -> Option<Vec<Slot>> {
            v.iter()
                .filter(|(_, s)| s.iter().all(Option::is_some))
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, s)| s.clone())
        };
        let mut other_bases = other_bases;
        if let (Some(a), Some(b)) = (best(&all), best(&other_bases)) {
            let differ = a
                .iter()
                .zip(&b)
                .filter(|(x, y)| x.as_ref().map(|s| s.ch) != y.as_ref().map(|s| s.ch))
                .count();
            if differ <= 8 {
                for (_, base) in &mut all {
                    mark(base, &b);
                }
                for (_, base) in &mut other_bases {
                    mark(base, &a);
                }
            }
        }
        all.extend(other_bases);
    }
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, [u8; 16])> = Vec::new();
    for (k, (cost, base)) in all.iter().enumerate() {
        expand(base, *cost, k < 3, &mut out);
        if k < 3 {
            flips(base, *cost, &mut out);
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut seen = std::collections::HashSet::new();
    out.retain(|(_, c)| seen.insert(*c));
    out.truncate(MAX_LINE_CANDIDATES);
    out
}

/// Marks where `base` differs from `other`: the other's symbol is the cheapest option there.
fn mark(base: &mut [Slot], other: &[Slot]) {
    if base.len() != other.len() || base.iter().any(Option::is_none) {
        return;
    }
    for (s, o) in base.iter_mut().zip(other) {
        let (Some(s), Some(o)) = (s, o) else { continue };
        if s.ch != o.ch {
            s.options.retain(|(c, _)| *c != o.ch);
            s.options.insert(0, (o.ch, 0.3));
            s.conf = s.conf.min(0.3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photo::lookalike::partners;
    use crate::tape::sig::{decode_line, printed_line};

    fn doubts(text: &str) -> Vec<Doubt> {
        text.chars()
            .map(|ch| Doubt {
                ch,
                conf: 0.9,
                alternatives: Vec::new(),
            })
            .collect()
    }

    const CHUNK: [u8; 16] = *b"0123456789abcdef";

    fn rank(read: &str, second: Option<&str>) -> Option<usize> {
        line_candidates(&doubts(read), second)
            .iter()
            .position(|(_, c)| *c == CHUNK)
    }

    #[test]
    fn check_equation_matches_the_decoder() {
        let printed = printed_line(&CHUNK);
        assert_eq!(decode_line(&printed).unwrap(), CHUNK);
        assert_eq!(rank(&printed, None), Some(0));
    }

    #[test]
    fn doubled_glyphs_lost_symbols_and_look_alikes_are_found() {
        let printed = printed_line(&CHUNK);
        let words: Vec<&str> = printed.split(' ').collect();
        // One look-alike, solved by the check symbol.
        let mut c: Vec<char> = printed.chars().collect();
        let partner = |x: char| {
            "S5J3Q0Z2G6B8"
                .find(x)
                .map(|i| "5S3J0Q2Z6G8B".as_bytes()[i] as char)
        };
        let pos = (1..20).find(|&i| partner(c[i]).is_some()).unwrap();
        c[pos] = partner(c[pos]).unwrap();
        let one: String = c.iter().collect();
        assert!(rank(&one, None).is_some_and(|r| r < 3), "{one}");
        // A glyph read twice in one group and one lost in another.
        let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        let twice = w[1].chars().nth(2).unwrap();
        w[1].insert(2, twice);
        w[3].remove(1);
        let moved = w.join(" ");
        assert!(rank(&moved, None).is_some_and(|r| r < 20), "{moved}");
    }

    #[test]
    fn a_run_of_look_alikes_read_wrong_is_found() {
        for seed in 0u8..40 {
            let chunk: [u8; 16] =
                std::array::from_fn(|i| (i as u8).wrapping_mul(37) ^ seed.wrapping_mul(101));
            let printed = printed_line(&chunk);
            let mut c: Vec<char> = printed.chars().collect();
            let sites: Vec<usize> = (1..c.len())
                .filter(|&i| c[i] != ' ' && partners(c[i]).next().is_some())
                .collect();
            if sites.len() < 4 {
                continue;
            }
            for &i in &sites[..3] {
                c[i] = partners(c[i]).next().unwrap();
            }
            let read: String = c.iter().collect();
            let found = line_candidates(&doubts(&read), None)
                .iter()
                .position(|(_, x)| *x == chunk);
            assert!(found.is_some(), "{printed} read {read}");
        }
    }
}
