//! The tape's arithmetic (valid = sum of choices, valid + invalid = ballots) as a source of
//! candidate corrections: the edits (one or two) that make it hold again, and the figures
//! misread beyond a digit or two solved from the others. Only a lead: the signature judges.

use super::edits::{line_edits, text_of, Edit, Op};
use crate::photo::ocr::doubts::{among_choices, TextLine};

/// Most candidates that restore the arithmetic kept for one reading.
const MAX_ARITH: usize = 60;

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
pub(super) fn arithmetic_fixes(base: &[TextLine]) -> Vec<Vec<Edit>> {
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
pub(super) fn arithmetic_solutions(base: &[TextLine]) -> Vec<Vec<(usize, i64)>> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photo::correct::edits::fixed_line;

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
