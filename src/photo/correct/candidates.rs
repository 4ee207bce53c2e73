//! Candidate corrections of an OCR reading, most likely first: the reading itself, device
//! ids of the keyring one or two letters away, readings that restore the tape's arithmetic
//! (valid = sum of choices, valid + invalid = ballots: one or two figures changed), those
//! combined with a doubtful character elsewhere, then single and double edits at the
//! engine's least confident characters. The signature alone decides which, if any, is right.

use super::edits::{digit_sites, text_of, Edit, Op, INDEL_SCORE};
use crate::keyring::Keyring;
use crate::photo::lookalike::{digit_for, figure_confusions};
use crate::photo::ocr::doubts::{among_choices, Doubt, TextLine};

/// Prior of a digit changed to one that is not a usual confusion (kept for the arithmetic).
const ANY_DIGIT_SCORE: f32 = 0.004;
/// Prior of a figure's other reading (a second look's, or the first when the second look
/// is taken), as likely as a doubtful digit's first alternative.
const SWAP_SCORE: f32 = 0.3;
/// Most candidates that restore the arithmetic kept for one reading.
const MAX_ARITH: usize = 60;

/// The edits worth trying on one line: the engine's alternatives and the usual confusions at
/// each digit, a lost or extra digit, and (on lines the arithmetic checks) any digit.
fn line_edits(n: usize, line: &TextLine, any_digit: bool) -> Vec<Edit> {
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
    for &pos in &sites {
        let d = &line.doubts[pos];
        let alts = d.alternatives.iter().map(|&c| digit_for(c));
        let likely: Vec<char> = alts.chain(figure_confusions(d.ch).chars()).collect();
        for to in '0'..='9' {
            let rank = likely.iter().position(|&c| c == to);
            if to == d.ch || (rank.is_none() && !any_digit) {
                continue;
            }
            let score = match rank {
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

/// What a line is to the arithmetic.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Valid,
    Invalid,
    Ballots,
    Choice,
}

fn role(text: &str, in_results: bool) -> Option<Role> {
    let first = text.split(' ').next()?;
    match first {
        "VALID" => Some(Role::Valid),
        "INVALID" => Some(Role::Invalid),
        "BALLOTS" => Some(Role::Ballots),
        _ if in_results && first.chars().all(|c| c.is_ascii_digit()) => Some(Role::Choice),
        _ => None,
    }
}

fn last_number(text: &str) -> Option<i64> {
    text.rsplit(' ')
        .next()?
        .parse()
        .ok()
        .filter(|v: &i64| *v <= i64::from(u32::MAX))
}

/// The lines the arithmetic checks, with their role and value.
fn arithmetic_lines(base: &[TextLine]) -> Vec<(usize, Role, i64)> {
    let choices = among_choices(base.iter().map(|l| l.text.as_str()));
    let mut out = Vec::new();
    for ((n, l), in_results) in base.iter().enumerate().zip(choices) {
        if let (Some(r), Some(v)) = (role(&l.text, in_results), last_number(&l.text)) {
            out.push((n, r, v));
        }
    }
    out
}

fn holds(lines: &[(usize, Role, i64)], changed: &[(usize, i64)]) -> bool {
    let value = |n: usize, v: i64| changed.iter().find(|(c, _)| *c == n).map_or(v, |(_, x)| *x);
    let mut sum = 0;
    let (mut valid, mut invalid, mut ballots) = (None, None, None);
    for &(n, r, v) in lines {
        let v = value(n, v);
        match r {
            Role::Choice => sum += v,
            Role::Valid => valid = Some(v),
            Role::Invalid => invalid = Some(v),
            Role::Ballots => ballots = Some(v),
        }
    }
    match (valid, invalid, ballots) {
        (Some(va), Some(i), Some(b)) => va == sum && va + i == b,
        (Some(va), _, _) => va == sum,
        _ => false,
    }
}

/// Edits (one or two) that make the arithmetic hold, most likely first.
fn arithmetic_fixes(base: &[TextLine]) -> Vec<Vec<Edit>> {
    let lines = arithmetic_lines(base);
    if lines.is_empty() || holds(&lines, &[]) {
        return Vec::new();
    }
    let mut edits: Vec<(Edit, i64)> = Vec::new();
    for &(n, _, _) in &lines {
        for e in line_edits(n, &base[n], true) {
            let text = text_of(&base[n..=n], &[Edit { line: 0, ..e }]);
            if let Some(v) = last_number(text.trim_end()) {
                edits.push((e, v));
            }
        }
    }
    let mut found: Vec<(f32, Vec<Edit>)> = Vec::new();
    for (e, v) in &edits {
        if holds(&lines, &[(e.line, *v)]) {
            found.push((e.score, vec![*e]));
        }
    }
    for (i, (a, va)) in edits.iter().enumerate() {
        for (b, vb) in &edits[i + 1..] {
            let same_place = a.line == b.line
                && (a.pos == b.pos || !matches!((a.op, b.op), (Op::Sub(_), Op::Sub(_))));
            if same_place {
                continue;
            }
            let (va, vb) = if a.line == b.line {
                let both = text_of(
                    &base[a.line..=a.line],
                    &[Edit { line: 0, ..*a }, Edit { line: 0, ..*b }],
                );
                match last_number(both.trim_end()) {
                    Some(v) => (v, v),
                    None => continue,
                }
            } else {
                (*va, *vb)
            };
            if holds(&lines, &[(a.line, va), (b.line, vb)]) {
                found.push((a.score * b.score, vec![*a, *b]));
            }
        }
    }
    found.sort_by(|a, b| b.0.total_cmp(&a.0));
    found.truncate(MAX_ARITH);
    found.into_iter().map(|(_, e)| e).collect()
}

/// Figures that make the arithmetic hold when one or two of its figures were misread
/// beyond a digit or two (`311` read as `5`, `111` as `1`): the misread figures solved from
/// the others. Two misread choices (or invalid and ballots) leave too little to solve.
fn arithmetic_solutions(base: &[TextLine]) -> Vec<Vec<(usize, i64)>> {
    let lines = arithmetic_lines(base);
    if lines.is_empty() || holds(&lines, &[]) {
        return Vec::new();
    }
    let get = |role: Role| lines.iter().find(|l| l.1 == role).map(|l| (l.0, l.2));
    let (Some(valid), invalid, ballots) =
        (get(Role::Valid), get(Role::Invalid), get(Role::Ballots))
    else {
        return Vec::new();
    };
    let choices: Vec<(usize, i64)> = lines
        .iter()
        .filter(|l| l.1 == Role::Choice)
        .map(|l| (l.0, l.2))
        .collect();
    let sum: i64 = choices.iter().map(|c| c.1).sum();
    // A choice's votes when the others and valid are right.
    let choice_from = |valid: i64, c: (usize, i64)| (c.0, valid - (sum - c.1));
    let by_ballots = invalid.zip(ballots).map(|(i, b)| b.1 - i.1);
    let mut out: Vec<Vec<(usize, i64)>> = Vec::new();
    // One figure misread.
    if by_ballots.is_none_or(|v| v == valid.1) {
        out.extend(choices.iter().map(|&c| vec![choice_from(valid.1, c)]));
    }
    if by_ballots.is_none_or(|v| v == sum) {
        out.push(vec![(valid.0, sum)]);
    }
    if valid.1 == sum {
        if let (Some(i), Some(b)) = (invalid, ballots) {
            out.push(vec![(i.0, b.1 - valid.1)]);
            out.push(vec![(b.0, valid.1 + i.1)]);
        }
    }
    // Two figures misread.
    if let (Some(i), Some(b)) = (invalid, ballots) {
        for &c in &choices {
            out.push(vec![(valid.0, b.1 - i.1), choice_from(b.1 - i.1, c)]);
            out.push(vec![choice_from(valid.1, c), (i.0, b.1 - valid.1)]);
            out.push(vec![choice_from(valid.1, c), (b.0, valid.1 + i.1)]);
        }
        out.push(vec![(valid.0, sum), (i.0, b.1 - sum)]);
        out.push(vec![(valid.0, sum), (b.0, sum + i.1)]);
    }
    out.retain(|changes| {
        changes
            .iter()
            .all(|&(_, v)| (0..=i64::from(u32::MAX)).contains(&v))
            && holds(&lines, changes)
    });
    out
}

/// A line with its last word (the figure) replaced by `value`.
fn with_figure(line: &TextLine, value: i64) -> TextLine {
    let head = line.text.rsplit_once(' ').map_or("", |(h, _)| h);
    fixed_line(format!("{head} {value}"))
}

fn fixed_line(text: String) -> TextLine {
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

/// Readings with the device id replaced by keyring ids one or two edits away, when the id
/// read is not in the keyring; and in each, the election the device's key is scoped to (a
/// tape of another election could not verify with that key).
fn device_bases(lines: &[TextLine], keyring: &Keyring) -> Vec<Vec<TextLine>> {
    let mut bases = vec![lines.to_vec()];
    let Some(n) = lines.iter().position(|l| l.text.starts_with("DEVICE ")) else {
        return bases;
    };
    let device = lines[n].text["DEVICE ".len()..].trim().to_string();
    if keyring.get(&device).is_none() {
        for id in keyring.ids_near(&device, 2) {
            let mut alt = lines.to_vec();
            alt[n] = fixed_line(format!("DEVICE {id}"));
            bases.push(alt);
        }
    }
    let election = lines.iter().position(|l| l.text.starts_with("ELECTION "));
    for base in &mut bases {
        let id = base[n].text["DEVICE ".len()..].trim();
        let scope = keyring.get(id).and_then(|k| k.election.clone());
        if let (Some(e), Some(scope)) = (election, scope) {
            if base[e].text["ELECTION ".len()..].trim() != scope {
                base[e] = fixed_line(format!("ELECTION {scope}"));
            }
        }
    }
    bases
}

/// Candidate tape texts, most likely first (see the module's documentation).
pub fn payload_candidates(lines: &[TextLine], keyring: &Keyring) -> Vec<String> {
    let mut out = Vec::new();
    for base in device_bases(lines, keyring) {
        out.push(text_of(&base, &[]));
        let mut singles: Vec<Edit> = (0..base.len())
            .flat_map(|n| line_edits(n, &base[n], true))
            .collect();
        singles.sort_by(|a, b| b.score.total_cmp(&a.score));
        let fixes = arithmetic_fixes(&base);
        for f in &fixes {
            out.push(text_of(&base, f));
        }
        for changes in arithmetic_solutions(&base) {
            let mut solved = base.clone();
            for (n, v) in changes {
                solved[n] = with_figure(&solved[n], v);
            }
            out.push(text_of(&solved, &[]));
        }
        // An arithmetic fix and one doubtful character elsewhere.
        for (k, f) in fixes.iter().take(5).enumerate() {
            let width = if k < 2 { 200 } else { 40 };
            for s in singles
                .iter()
                .filter(|s| f.iter().all(|e| e.line != s.line))
                .take(width)
            {
                let mut edits = f.clone();
                edits.push(*s);
                out.push(text_of(&base, &edits));
            }
        }
        let mut scored: Vec<(f32, String)> = Vec::new();
        for e in &singles {
            scored.push((e.score, text_of(&base, &[*e])));
        }
        let top: Vec<&Edit> = singles.iter().take(30).collect();
        for (i, a) in top.iter().enumerate() {
            for b in &top[i + 1..] {
                // Edits are applied from the right, so only two at one place clash.
                if a.line == b.line && a.pos == b.pos {
                    continue;
                }
                scored.push((a.score * b.score, text_of(&base, &[**a, **b])));
            }
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        out.extend(scored.into_iter().map(|(_, t)| t));
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|t| seen.insert(t.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<TextLine> {
        texts.iter().map(|t| fixed_line(t.to_string())).collect()
    }

    fn solved(texts: &[&str]) -> Vec<Vec<(usize, i64)>> {
        arithmetic_solutions(&lines(texts))
    }

    const RESULTS: &str = "--------------- RESULTS ----------------";

    #[test]
    fn a_figure_misread_beyond_a_digit_is_solved_from_the_others() {
        // BALLOTS 311 read as 5: valid + invalid.
        let ballots = solved(&[
            "BALLOTS 5",
            "INVALID 22",
            "VALID 289",
            RESULTS,
            "107 A 200",
            "116 B 89",
        ]);
        assert!(ballots.contains(&vec![(0, 311)]), "{ballots:?}");
        // A choice's 111 read as 1: valid less the others.
        let choice = solved(&[
            "BALLOTS 311",
            "INVALID 22",
            "VALID 289",
            RESULTS,
            "107 A 178",
            "116 B 1",
        ]);
        assert!(choice.contains(&vec![(5, 111)]), "{choice:?}");
        // Every solution makes the arithmetic hold, and none is negative.
        let lines = lines(&[
            "BALLOTS 40",
            "INVALID 90",
            "VALID 289",
            RESULTS,
            "107 A 178",
            "116 B 1",
        ]);
        for s in arithmetic_solutions(&lines) {
            assert!(s.iter().all(|&(_, v)| v >= 0), "{s:?}");
            assert!(holds(&arithmetic_lines(&lines), &s));
        }
    }

    #[test]
    fn two_misread_figures_are_solved_when_the_rest_decides_them() {
        // INVALID 17 read as 40 and a choice's 179 read as 79.
        let both = solved(&[
            "BALLOTS 306",
            "INVALID 40",
            "VALID 289",
            RESULTS,
            "107 A 110",
            "160 B 79",
        ]);
        assert!(both.contains(&vec![(5, 179), (1, 17)]), "{both:?}");
        // A tape whose arithmetic holds needs no solving.
        assert!(solved(&["BALLOTS 3", "INVALID 1", "VALID 2", RESULTS, "1 A 2"]).is_empty());
    }
}
