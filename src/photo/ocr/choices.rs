//! The results' lines: a choice's code, name and votes rebuilt from what OCR read (a code
//! glued to its name split off, marks dropped), lost votes marked, and one choice's lost
//! votes restored from the tape's arithmetic (a guess until the signature proves it).

use super::lines::numeric;

/// Marks votes that OCR lost: the arithmetic of the tape may restore them.
pub const MISSING_VOTES: &str = "?";

/// Whether a line reads like a choice: a number of two or more digits, a name, a number.
pub(super) fn looks_like_choice(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    let digits = |w: &str| w.chars().filter(char::is_ascii_digit).count();
    words.len() >= 3
        && digits(words[0]) >= 2
        && digits(words[0]) * 2 > words[0].len()
        && words[1].chars().any(|c| c.is_ascii_alphabetic())
}

/// A choice line: code first, votes last, name between (kept as read). A line whose last
/// word is a name has lost its votes: they are marked [`MISSING_VOTES`].
pub(super) fn choice(t: &str) -> Option<String> {
    // Marks before the code (a shadow's edge read as `-` or `~`) are no part of it.
    let mut words: Vec<&str> = t
        .split_whitespace()
        .skip_while(|w| !w.chars().any(char::is_alphanumeric))
        .collect();
    if words.is_empty() {
        return None;
    }
    // A code glued to the name (`117.LAYLA`, `147SCODST`): its leading digits are the code.
    let first = words[0];
    let lead = first.chars().take_while(char::is_ascii_digit).count();
    if lead >= 2 && first.chars().filter(char::is_ascii_digit).count() * 2 <= first.len() {
        let rest = first[lead..].trim_start_matches(['.', ':', ',']);
        words.splice(
            0..1,
            [&first[..lead], rest].into_iter().filter(|w| !w.is_empty()),
        );
    }
    let raw_code = words[0].trim_end_matches(['.', ':', ',']);
    if raw_code.chars().filter(char::is_ascii_digit).count() * 2 <= raw_code.len() {
        return None;
    }
    let code = numeric(raw_code);
    let last = words[words.len() - 1];
    let letters = last.chars().filter(|c| c.is_ascii_alphabetic()).count();
    if words.len() == 1 || (letters >= 2 && last.chars().count() >= 3) {
        let name = words[1..].join(" ");
        return Some(format!("{code} {name} {MISSING_VOTES}"));
    }
    let votes = numeric(last);
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let name = words[1..words.len() - 1].join(" ");
    // A mark where the votes are (`.`, `~`): the votes were lost.
    let votes = if votes.is_empty() {
        MISSING_VOTES.to_string()
    } else {
        votes
    };
    Some(format!("{code} {name} {votes}"))
}

/// Restores one choice's lost votes from the tape's arithmetic (`valid` less the other
/// choices), when exactly one is lost and the result is a count. The figure is a guess
/// until the signature proves it.
pub fn fill_missing_votes(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let missing: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].ends_with(&format!(" {MISSING_VOTES}")))
        .collect();
    let valid = lines
        .iter()
        .find_map(|l| l.strip_prefix("VALID "))
        .and_then(|v| v.trim().parse::<i64>().ok());
    let (Some(valid), [at]) = (valid, missing.as_slice()) else {
        return text.to_string();
    };
    let mut in_results = false;
    let mut others = 0i64;
    for (i, l) in lines.iter().enumerate() {
        if l.contains(" RESULTS ") {
            in_results = true;
        } else if l.starts_with("---") {
            in_results = false;
        } else if in_results && i != *at {
            let Some(v) = l.rsplit(' ').next().and_then(|v| v.parse::<i64>().ok()) else {
                return text.to_string();
            };
            others += v;
        }
    }
    if valid < others {
        return text.to_string();
    }
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i == *at {
            out.push_str(&l[..l.len() - MISSING_VOTES.len()]);
            out.push_str(&(valid - others).to_string());
        } else {
            out.push_str(l);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_glued_to_its_name_is_split_off() {
        assert_eq!(
            choice("117.LAYLA F. SAEED 105").as_deref(),
            Some("117 LAYLA F. SAEED 105")
        );
        assert_eq!(
            choice("147SCODSTLAAN B.. OMER 112").as_deref(),
            Some("147 SCODSTLAAN B.. OMER 112")
        );
        assert_eq!(
            choice("1O7 NOOR H. SALIH 9").as_deref(),
            Some("107 NOOR H. SALIH 9")
        );
        assert_eq!(choice("SAMIR 12"), None);
        assert_eq!(
            choice("105 KARIM A. MAHDI .").as_deref(),
            Some("105 KARIM A. MAHDI ?")
        );
        assert_eq!(
            choice("- 160 LAYLA F. SAEED 179").as_deref(),
            Some("160 LAYLA F. SAEED 179")
        );
    }
}
