//! Signature-guided correction of an OCR reading. When the figures read do not rebuild a
//! payload whose signature holds, candidate corrections are tried — from the signature
//! lines' check symbols, the tape's arithmetic, the engine's alternative readings and
//! confidence, and the usual confusions (0/8, 1/7, 3/8, 5/6) — and one is accepted only if
//! the device's signature then holds. A corrected reading that does not verify is never
//! accepted: whatever stays doubtful is reported as such.

use crate::keyring::Keyring;
use crate::tape::{Signature, Tape};
use crate::verify::signature_holds;

use super::candidates::payload_candidates;
use super::edits::{Doubt, TextLine};
use super::sigline;

/// Most signature checks tried on one photo.
pub const MAX_CHECKS: usize = 20_000;
/// Most whole signatures made from the lines' readings.
const MAX_SIGNATURES: usize = 600;

/// Readings of one signature line body that satisfy its check symbol, most likely first
/// (see [`sigline`]). `second` is another reading of the same body.
pub fn sig_line_candidates(body: &[Doubt], second: Option<&str>) -> Vec<[u8; 16]> {
    sigline::line_candidates(body, second)
        .into_iter()
        .map(|(_, c)| c)
        .collect()
}

/// Whether the last signature line can end a strict signature: it holds the high half of S,
/// which must be below the group order (strict verification refuses a non-canonical S).
fn canonical_s_half(chunk: &[u8; 16]) -> bool {
    u128::from_le_bytes(*chunk) <= 1u128 << 124
}

/// The outcome of a correction search.
#[derive(Debug, Clone)]
pub struct Corrected {
    /// The tape whose signature holds.
    pub tape: Tape,
    /// Signature checks tried.
    pub checks: usize,
}

/// Searches for the reading the signature proves. `lines` are the tape's text lines with
/// each character's doubt; `tape` is the reading as OCR gave it, if the text parsed. Returns `None` when no
/// candidate within the budget makes the signature hold (or there is no key to judge by).
pub fn correct(
    lines: &[TextLine],
    tape: Option<&Tape>,
    keyring: Option<&Keyring>,
) -> Option<Corrected> {
    let keyring = keyring?;
    // Signature lines: each line's readings that satisfy its check symbol.
    let mut per_line: Vec<Vec<(f32, [u8; 16])>> = Vec::new();
    for n in 1..=4 {
        let label = format!("SIG{n}");
        let line = lines.iter().find(|l| l.text.starts_with(&label))?;
        let body: Vec<Doubt> = line.doubts.iter().skip(label.len()).cloned().collect();
        let second = line
            .second
            .as_deref()
            .and_then(|s| s.split_once(' '))
            .map(|(_, b)| b);
        let mut c = sigline::line_candidates(&body, second);
        if n == 4 {
            c.retain(|(_, chunk)| canonical_s_half(chunk));
        }
        if c.is_empty() {
            return None;
        }
        per_line.push(c);
    }
    let signatures = combine(&per_line, MAX_SIGNATURES);
    if tape.is_some_and(|t| matches!(t.signature, Signature::Absent)) {
        return None;
    }
    let mut checks = 0;
    let candidates = payload_candidates(lines, keyring);
    // Parse each candidate once: its payload bytes and its device's key.
    let parsed: Vec<(Tape, String, ed25519_dalek::VerifyingKey)> = candidates
        .iter()
        .filter_map(|text| {
            let t = Tape::parse(text).ok()?;
            let key = keyring.get(&t.payload.device)?.public_key;
            let message = t.payload.to_text();
            Some((t, message, key))
        })
        .collect();
    // Boxes of (payload rank, signature rank), tried in turn, so that a reading with both a
    // misread figure and misread signature symbols is reached within the budget.
    let boxes = [
        (usize::MAX, 1),
        (400, 8),
        (150, 40),
        (30, 400),
        (usize::MAX, 40),
        (usize::MAX, usize::MAX),
    ];
    for (b, &(pmax, smax)) in boxes.iter().enumerate() {
        for (p, (tape, message, key)) in parsed.iter().enumerate().take(pmax) {
            for (s, sig) in signatures.iter().enumerate().take(smax) {
                if boxes[..b].iter().any(|&(pp, ss)| p < pp && s < ss) {
                    continue;
                }
                checks += 1;
                if signature_holds(key, message.as_bytes(), sig) {
                    let mut proven = tape.clone();
                    proven.signature = Signature::Present(*sig);
                    return Some(Corrected {
                        tape: proven,
                        checks,
                    });
                }
                if checks >= MAX_CHECKS {
                    return None;
                }
            }
        }
    }
    None
}

/// Whole signatures from per-line readings, cheapest first, at most `cap`; those whose R
/// (the first two lines) is no curve point, which strict verification refuses, are left out.
fn combine(per_line: &[Vec<(f32, [u8; 16])>], cap: usize) -> Vec<[u8; 64]> {
    use std::cmp::Reverse;
    use std::collections::{BinaryHeap, HashMap, HashSet};
    let cost = |r: &[usize; 4]| -> u32 {
        r.iter()
            .enumerate()
            .map(|(i, &k)| (per_line[i][k].0.max(0.0) * 1000.0) as u32)
            .sum()
    };
    let mut heap = BinaryHeap::from([Reverse((cost(&[0; 4]), [0usize; 4]))]);
    let mut seen = HashSet::from([[0usize; 4]]);
    let mut r_point: HashMap<(usize, usize), bool> = HashMap::new();
    let mut out = Vec::new();
    let mut pops = 0;
    while let Some(Reverse((_, r))) = heap.pop() {
        pops += 1;
        if out.len() >= cap || pops > cap * 8 {
            break;
        }
        for i in 0..4 {
            let mut next = r;
            next[i] += 1;
            if next[i] < per_line[i].len() && seen.insert(next) {
                heap.push(Reverse((cost(&next), next)));
            }
        }
        let mut sig = [0u8; 64];
        for (i, &k) in r.iter().enumerate() {
            sig[i * 16..(i + 1) * 16].copy_from_slice(&per_line[i][k].1);
        }
        let point = *r_point.entry((r[0], r[1])).or_insert_with(|| {
            let r_bytes: [u8; 32] = sig[..32].try_into().expect("32 bytes");
            ed25519_dalek::VerifyingKey::from_bytes(&r_bytes).is_ok()
        });
        if point {
            out.push(sig);
        }
    }
    out
}
