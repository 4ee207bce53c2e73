//! The third stage, signature-guided correction of an OCR reading: the signature judges.
//! When the figures read do not rebuild a payload whose signature holds, candidate
//! corrections are tried — from the signature lines' check symbols, the tape's arithmetic,
//! the engine's alternative readings and confidence, and the usual confusions (0/8, 1/7, 3/8,
//! 5/6) — and one is accepted only if the device's signature then holds. A corrected reading
//! that does not verify is never accepted: whatever stays doubtful is reported as such.
//!
//! `candidates` gives the payload's readings, most likely first (made of `edits`, and of
//! `arithmetic` where the tape's sums do not hold); `sigline` each signature line's readings
//! that satisfy its check symbol. Two searches combine them,
//! the second only when the first finds nothing: whole signatures from the lines' cheapest
//! readings, each checked against each payload candidate (quick when few symbols are
//! misread); then the signature's halves apart ([`halves`]), so that a line read with three
//! or four wrong symbols, deep among its readings, is still reached.

mod arithmetic;
pub(crate) mod candidates;
mod edits;
pub(crate) mod halves;
mod sigline;

use crate::keyring::Keyring;
use crate::photo::ocr::doubts::{Doubt, TextLine};
use crate::tape::{Signature, Tape};
use crate::verify::signature_holds;

use candidates::payload_candidates;

/// Most whole-signature checks tried on one photo before the search by halves.
pub const MAX_CHECKS: usize = 4_000;
/// Most (payload, `R` half) pairs the search by halves tries on one photo (each costs about
/// as much as a signature check).
const MAX_PAIRS: usize = 40_000;
/// Most `S` halves (lines 3 and 4) put in the table.
const MAX_S_HALVES: usize = 8_192;
/// Most `R` halves (lines 1 and 2) tried.
const MAX_R_HALVES: usize = 8_000;
/// Most whole signatures made from the lines' readings.
const MAX_SIGNATURES: usize = 600;

/// Readings of one signature line body that satisfy its check symbol, most likely first
/// (see `sigline`). `second` is another reading of the same body.
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
    #[expect(
        dead_code,
        reason = "seen only through Debug since the stages are crate-private; kept for inspection"
    )]
    pub checks: usize,
}

/// One signature line's readings that satisfy its check symbol, cheapest first, with their
/// costs.
pub type LineReadings = Vec<(f32, [u8; 16])>;

/// Per signature line, its readings that satisfy the line's check symbol, cheapest first
/// with their costs (the last line's only those that can end a strict signature); `None`
/// when a line is missing or has no such reading.
pub fn line_readings(lines: &[TextLine]) -> Option<Vec<LineReadings>> {
    // Signature lines: each line's readings that satisfy its check symbol.
    let mut per_line: Vec<LineReadings> = Vec::new();
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
    Some(per_line)
}

/// Searches for the reading the signature proves. `lines` are the tape's text lines with
/// each character's doubt and `per_line` their signature lines' readings
/// ([`line_readings`]); `tape` is the reading as OCR gave it, if the text parsed. Returns
/// `None` when no candidate within the budget makes the signature hold.
pub fn correct(
    lines: &[TextLine],
    per_line: &[LineReadings],
    tape: Option<&Tape>,
    keyring: &Keyring,
) -> Option<Corrected> {
    if tape.is_some_and(|t| matches!(t.signature, Signature::Absent)) {
        return None;
    }
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
    let mut checks = 0;
    whole(per_line, &parsed, &mut checks).or_else(|| by_halves(per_line, &parsed, &mut checks))
}

/// Boxes of (payload rank, signature rank), tried in turn, so that a reading with both a
/// misread figure and misread signature symbols is reached within the budget.
const BOXES: [(usize, usize); 6] = [
    (usize::MAX, 1),
    (400, 8),
    (150, 40),
    (30, 400),
    (usize::MAX, 40),
    (usize::MAX, usize::MAX),
];

/// The same for the search by halves, where the second rank is the `R` half's (the `S` half
/// is free): a payload read right, or nearly, with a badly read `R` comes early.
const HALF_BOXES: [(usize, usize); 8] = [
    (usize::MAX, 1),
    (30, 30),
    (2, 2_000),
    (30, 400),
    (150, 40),
    (2, 8_000),
    (usize::MAX, 40),
    (usize::MAX, usize::MAX),
];

/// The (payload, signature) rank pairs of `boxes`, box by box, each once.
fn box_order(
    boxes: &'static [(usize, usize)],
    payloads: usize,
    signatures: usize,
) -> impl Iterator<Item = (usize, usize)> {
    boxes
        .iter()
        .enumerate()
        .flat_map(move |(b, &(pmax, smax))| {
            (0..payloads.min(pmax)).flat_map(move |p| {
                (0..signatures.min(smax))
                    .filter(move |&s| !boxes[..b].iter().any(|&(pp, ss)| p < pp && s < ss))
                    .map(move |s| (p, s))
            })
        })
}

fn proven(tape: &Tape, sig: [u8; 64], checks: usize) -> Corrected {
    let mut tape = tape.clone();
    tape.signature = Signature::Present(sig);
    Corrected { tape, checks }
}

/// The first search: whole signatures from the lines' cheapest readings, each checked with
/// each payload candidate. Finds the usual reading (few misread symbols) quickly.
fn whole(
    per_line: &[LineReadings],
    parsed: &[(Tape, String, ed25519_dalek::VerifyingKey)],
    checks: &mut usize,
) -> Option<Corrected> {
    let signatures = combine(per_line, MAX_SIGNATURES);
    for (p, s) in box_order(&BOXES, parsed.len(), signatures.len()) {
        let (tape, message, key) = &parsed[p];
        *checks += 1;
        if signature_holds(key, message.as_bytes(), &signatures[s]) {
            return Some(proven(tape, signatures[s], *checks));
        }
        if *checks >= MAX_CHECKS {
            return None;
        }
    }
    None
}

/// The second search, for readings with many misread symbols: the `S` halves (lines 3 and
/// 4) in a table, then each (payload, `R` half) pair looked up in it (see [`halves`]). A
/// match is accepted only if the signature then holds strictly.
fn by_halves(
    per_line: &[LineReadings],
    parsed: &[(Tape, String, ed25519_dalek::VerifyingKey)],
    checks: &mut usize,
) -> Option<Corrected> {
    let s_ranks = halves::cheapest(&[&per_line[2], &per_line[3]], MAX_S_HALVES, |_| true);
    let table = halves::STable::new(
        s_ranks
            .iter()
            .map(|r| halves::join(&per_line[2][r[0]].1, &per_line[3][r[1]].1)),
    );
    let mut r_halves = Vec::new();
    halves::cheapest(&[&per_line[0], &per_line[1]], MAX_R_HALVES, |r| {
        let half = halves::RHalf::new(halves::join(&per_line[0][r[0]].1, &per_line[1][r[1]].1));
        let found = half.is_some();
        r_halves.extend(half);
        found
    });
    // Candidates share a few devices: each key's point is made once.
    let mut points: std::collections::HashMap<[u8; 32], Option<halves::KeyPoint>> =
        Default::default();
    for (_, _, key) in parsed {
        points
            .entry(key.to_bytes())
            .or_insert_with(|| halves::KeyPoint::new(key));
    }
    let mut pairs = 0;
    for (p, r) in box_order(&HALF_BOXES, parsed.len(), r_halves.len()) {
        let (tape, message, key) = &parsed[p];
        let Some(Some(point)) = points.get(&key.to_bytes()) else {
            continue;
        };
        pairs += 1;
        if let Some(s) = table.complete(&r_halves[r], point, message.as_bytes()) {
            let mut sig = [0u8; 64];
            sig[..32].copy_from_slice(&r_halves[r].bytes());
            sig[32..].copy_from_slice(&s);
            *checks += 1;
            if signature_holds(key, message.as_bytes(), &sig) {
                return Some(proven(tape, sig, *checks));
            }
        }
        if pairs >= MAX_PAIRS {
            return None;
        }
    }
    None
}

/// Whole signatures from per-line readings, cheapest first, at most `cap`; those whose R
/// (the first two lines) is no curve point, which strict verification refuses, are left out.
fn combine(per_line: &[LineReadings], cap: usize) -> Vec<[u8; 64]> {
    let lists: Vec<&[(f32, [u8; 16])]> = per_line.iter().map(Vec::as_slice).collect();
    let mut r_point: std::collections::HashMap<(usize, usize), bool> = Default::default();
    halves::cheapest(&lists, cap, |r| {
        *r_point.entry((r[0], r[1])).or_insert_with(|| {
            let r_bytes = halves::join(&per_line[0][r[0]].1, &per_line[1][r[1]].1);
            ed25519_dalek::VerifyingKey::from_bytes(&r_bytes).is_ok()
        })
    })
    .into_iter()
    .map(|r| {
        let mut sig = [0u8; 64];
        for (i, &k) in r.iter().enumerate() {
            sig[i * 16..(i + 1) * 16].copy_from_slice(&per_line[i][k].1);
        }
        sig
    })
    .collect()
}
