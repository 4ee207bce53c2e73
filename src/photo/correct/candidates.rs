//! Candidate corrections of an OCR reading, most likely first: the reading itself, device
//! ids of the keyring one or two letters away (three when none is nearer), readings that restore the tape's arithmetic
//! (valid = sum of choices, valid + invalid = ballots: one or two figures changed), those
//! combined with a doubtful character elsewhere, then single and double edits at the
//! engine's least confident characters. The signature alone decides which, if any, is right.

use super::arithmetic::{arithmetic_fixes, arithmetic_solutions};
use super::edits::{fixed_line, line_edits, text_of, with_figure, Edit};
use crate::keyring::Keyring;
use crate::photo::ocr::doubts::TextLine;

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
        // Three edits only when no id is nearer: a prefix lost (`-5019DE` for `RTS-5019DE`).
        let mut near = keyring.ids_near(&device, 2);
        if near.is_empty() {
            near = keyring.ids_near(&device, 3);
        }
        for id in near {
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
