//! OCR lines into tape text: what Tesseract does to a receipt, undone only where it cannot
//! change a figure silently. Labels misread by a letter or two are recognised (`REGlSTERED`,
//! `5IG3`), letter look-alikes inside a number become digits (`3O1` → `301`), stray marks
//! are dropped, and everything after `SIG4` (the QR code's noise) is cut. The tape parser
//! then reads the result; the signature decides whether any of it is right.

use super::choices::{choice, looks_like_choice};
use crate::photo::lookalike::digit_for;
use crate::tape::FIELD_LABELS;

/// Whether `label` is a field whose value is a count (not the election, device or time).
pub(crate) fn is_count_label(label: &str) -> bool {
    FIELD_LABELS
        .iter()
        .any(|(l, k)| *l == label && !matches!(*k, "election" | "device" | "closed"))
}

/// Number of single-character edits between two short words.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The label a misread first word stands for: within one edit (two for long labels).
fn fuzzy_label(word: &str) -> Option<&'static str> {
    let upper = word.to_ascii_uppercase();
    let mut best: Option<(usize, &'static str)> = None;
    for (label, _) in FIELD_LABELS {
        let d = distance(&upper, label);
        let allowed = if label.len() >= 7 { 2 } else { 1 };
        if d <= allowed && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, label));
        }
    }
    // VALID and INVALID are one edit apart from each other's misreadings: prefer exact length.
    best.map(|(_, l)| l)
}

/// The label of a field line whose label is misread beyond [`fuzzy_label`] (`CLOSI:D`), from
/// the tape's fixed order: the field after the `last` one read, when the word is still half
/// like it, or, for `CLOSED`, when the value has a time's digits.
fn by_order(last: Option<usize>, word: &str, rest: &str) -> Option<&'static str> {
    let (expected, _) = FIELD_LABELS.get(last? + 1)?;
    let near = distance(&word.to_ascii_uppercase(), expected) <= expected.len() / 2;
    let time =
        *expected == "CLOSED" && rest.chars().filter(char::is_ascii_alphanumeric).count() >= 12;
    (!rest.is_empty() && (near || time)).then_some(expected)
}

/// `SIG1`..`SIG4` read with look-alikes (`5IG2`, `SlG3`, `S1G4`, `SIGA`).
pub(crate) fn sig_label(word: &str) -> Option<usize> {
    let w: Vec<char> = word.to_ascii_uppercase().chars().collect();
    if w.len() != 4 {
        return None;
    }
    let s = matches!(w[0], 'S' | '5' | '$');
    let i = matches!(w[1], 'I' | '1' | 'L' | '|' | 'T' | 'J');
    let g = matches!(w[2], 'G' | '6' | 'C');
    let n = match digit_for(w[3]) {
        d @ '1'..='4' => d as usize - '0' as usize,
        _ => return None,
    };
    (s && i && g).then_some(n)
}

/// A figure as read: spaces and stray marks dropped, letter look-alikes made digits.
pub(super) fn numeric(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '\'' | '`' | '"'))
        .map(digit_for)
        .collect()
}

fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.chars()
        .filter(|c| matches!(c, '-' | '_' | '=' | '~' | '—' | '–'))
        .count()
        >= 8
}

/// Rebuilds tape text from OCR lines. Returns the text and, for each output line, the index
/// of the OCR line it came from.
pub fn normalise(lines: &[String]) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut from = Vec::new();
    let mut in_results = false;
    let mut seen_fields = false;
    // The last field label read: the next field line's label is known by the tape's order.
    let mut last: Option<usize> = None;
    let mut push = |line: String, i: usize, out: &mut String| {
        out.push_str(&line);
        out.push('\n');
        from.push(i);
    };
    for (i, raw) in lines.iter().enumerate() {
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        // A mark at the strip's edge read as a short word before a signature line's label.
        let t = match t.split_once(char::is_whitespace) {
            Some((mark, rest))
                if mark.chars().count() <= 2
                    && rest.split_whitespace().next().and_then(sig_label).is_some() =>
            {
                rest.trim_start()
            }
            _ => t,
        };
        let (word, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
        let word = word.trim_end_matches(':');
        let rest = rest.trim().trim_start_matches(':').trim();
        if let Some(n) = sig_label(word) {
            push(format!("SIG{n} {}", sig_body(rest)), i, &mut out);
            if n == 4 {
                break;
            }
            continue;
        }
        if distance(&word.to_ascii_uppercase(), "SIGNATURE") <= 2 && rest.len() <= 3 {
            push("SIGNATURE".into(), i, &mut out);
            continue;
        }
        if t.to_ascii_uppercase().contains("RESULT") && is_rule(t)
            || (seen_fields && !in_results && is_rule(t))
        {
            push(
                "--------------- RESULTS ----------------".into(),
                i,
                &mut out,
            );
            in_results = true;
            continue;
        }
        if is_rule(t) {
            push("-".repeat(40), i, &mut out);
            in_results = false;
            continue;
        }
        let label = fuzzy_label(word)
            .or_else(|| {
                (seen_fields && !looks_like_choice(t))
                    .then(|| by_order(last, word, rest))
                    .flatten()
            })
            .filter(|_| !in_results);
        if let Some(label) = label {
            last = FIELD_LABELS.iter().position(|(l, _)| *l == label);
            let value = match label {
                "ELECTION" | "DEVICE" => rest
                    .replace(' ', "")
                    .replace(['=', '~', '_'], "-")
                    .to_ascii_uppercase(),
                "CLOSED" => closed(rest),
                _ => numeric(rest),
            };
            push(format!("{label} {value}"), i, &mut out);
            seen_fields = true;
            continue;
        }
        if seen_fields && !in_results && looks_like_choice(t) {
            // The RESULTS rule was lost: the first choice line opens the results.
            push(
                "--------------- RESULTS ----------------".into(),
                i,
                &mut out,
            );
            in_results = true;
        }
        if in_results {
            if let Some(line) = choice(t) {
                push(line, i, &mut out);
            }
            continue;
        }
        if !seen_fields {
            push(t.to_string(), i, &mut out);
        }
    }
    (out, from)
}

/// A signature line's body regrouped as printed (five groups of five symbols, one, and the
/// check symbol) where OCR merged two groups or read the space between them as a mark.
pub fn sig_body(rest: &str) -> String {
    let words: Vec<String> = rest
        .split_whitespace()
        .map(|w| w.replace(['.', ','], ""))
        .filter(|w| !w.is_empty())
        .collect();
    let mut out: Vec<String> = Vec::new();
    let last = words.len().saturating_sub(1);
    for (i, w) in words.iter().enumerate() {
        let c: Vec<char> = w.chars().collect();
        match c.len() {
            10 => out.extend([c[..5].iter().collect(), c[5..].iter().collect()]),
            11 => out.extend([c[..5].iter().collect(), c[6..].iter().collect()]),
            2 if i == last => out.extend([c[0].to_string(), c[1].to_string()]),
            _ => out.push(w.clone()),
        }
    }
    out.join(" ")
}

/// `CLOSED` as `YYYY-MM-DD HH:MM:SS UTC`, digits restored where letters were read. The
/// value has exactly 14 digits; when they are all there the separators are laid anew, since
/// OCR drops and merges them.
pub(crate) fn closed(value: &str) -> String {
    let mut words: Vec<&str> = value.split_whitespace().collect();
    if words.len() > 1
        && words
            .last()
            .is_some_and(|w| w.len() >= 2 && w.chars().all(char::is_alphabetic))
    {
        words.pop();
    }
    let fixed: String = words
        .join(" ")
        .chars()
        .map(|c| {
            if matches!(c, ':' | '-' | ' ') {
                c
            } else {
                digit_for(c)
            }
        })
        .collect();
    let digits: Vec<char> = fixed.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 14 {
        let d = |r: std::ops::Range<usize>| digits[r].iter().collect::<String>();
        return format!(
            "{}-{}-{} {}:{}:{} UTC",
            d(0..4),
            d(4..6),
            d(6..8),
            d(8..10),
            d(10..12),
            d(12..14)
        );
    }
    format!("{} UTC", fixed.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tape::Tape;

    #[test]
    fn ocr_damage_is_undone_where_it_is_safe() {
        let example = include_str!("../../../fixtures/spec/tape-120345-3.txt");
        let damaged = example
            .replace("REGISTERED ", "REGlSTERED ")
            .replace("VOTERS                               301", "V0TERS  3O1")
            .replace("SIG3", "5IG3")
            .replace(
                "--------------- RESULTS ----------------",
                "—————--- RESULTS ———---------",
            )
            .replace("2021-10-10 15:02:11 UTC", "2O21-10-10 15:02:1l UTC");
        let mut lines: Vec<String> = damaged.lines().map(str::to_string).collect();
        lines.push("%#@ !! ## QR junk".into());
        // A mark before a signature line's label.
        let sig3 = lines.iter().position(|l| l.starts_with("5IG3")).unwrap();
        lines[sig3] = format!("3 {}", lines[sig3]);
        let (text, from) = normalise(&lines);
        let tape = Tape::parse(&text).unwrap();
        let original = Tape::parse(example).unwrap();
        assert_eq!(tape.payload, original.payload);
        assert_eq!(tape.signature, original.signature);
        assert_eq!(from.len(), text.lines().count());
    }

    #[test]
    fn a_field_label_misread_past_recognition_is_known_by_its_place() {
        let example = include_str!("../../../fixtures/spec/tape-120345-3.txt");
        let damaged = example
            .replace("CLOSED ", "CLOSI:D ")
            .replace("BALLOTS ", "B4LL:7S ");
        let lines: Vec<String> = damaged.lines().map(str::to_string).collect();
        let (text, _) = normalise(&lines);
        let tape = Tape::parse(&text).unwrap();
        assert_eq!(tape.payload, Tape::parse(example).unwrap().payload);
        // Not when the word is nothing like the field expected there.
        let lines: Vec<String> = example
            .replace("BALLOTS ", "XQZWK ")
            .lines()
            .map(str::to_string)
            .collect();
        assert!(!normalise(&lines).0.contains("BALLOTS"));
    }
}
