//! Signature-guided correction of an OCR reading. When the figures read do not rebuild a
//! payload whose signature holds, candidate corrections are tried — from the signature
//! lines' check symbols, the tape's arithmetic, the engine's alternative readings and
//! confidence, and the usual confusions (0/8, 1/7, 3/8, 5/6) — and one is accepted only if
//! the device's signature then holds. A corrected reading that does not verify is never
//! accepted: whatever stays doubtful is reported as such.

use crate::keyring::Keyring;
use crate::tape::sig::{decode_line, CHECK_ALPHABET, DATA_ALPHABET};
use crate::tape::{Signature, Tape};
use crate::verify::signature_holds;

use super::candidates::payload_candidates;
use super::edits::{Doubt, TextLine};

/// Most signature checks tried on one photo.
pub const MAX_CHECKS: usize = 20_000;
/// Most readings kept for one damaged signature line.
const MAX_SIG_CANDIDATES: usize = 60;

/// Symbols a camera and Tesseract confuse on a signature line.
fn sig_confusions(c: char) -> &'static str {
    match c {
        '0' => "DQ8C",
        '1' => "7JT4",
        '2' => "Z7",
        '3' => "8B9",
        '4' => "1A",
        '5' => "S6",
        '6' => "G85",
        '7' => "1T2",
        '8' => "B360",
        '9' => "8",
        'B' => "8ER",
        'C' => "G0",
        'D' => "0B",
        'E' => "FB",
        'F' => "EP",
        'G' => "6C",
        'H' => "NMK",
        'J' => "1",
        'K' => "XH",
        'M' => "NWH",
        'N' => "MH",
        'P' => "RF",
        'Q' => "0",
        'R' => "PB",
        'S' => "58",
        'T' => "17Y",
        'V' => "YW",
        'W' => "VM",
        'X' => "KY",
        'Y' => "VTX",
        'Z' => "2",
        _ => "",
    }
}

/// The likely other readings of a symbol: the engine's alternatives, then the confusions.
fn likely(d: &Doubt) -> Vec<char> {
    let mut v: Vec<char> = Vec::new();
    for c in d
        .alternatives
        .iter()
        .copied()
        .chain(sig_confusions(d.ch).chars())
    {
        let c = c.to_ascii_uppercase();
        if c != d.ch && !v.contains(&c) && v.len() < 4 {
            v.push(c);
        }
    }
    v
}

/// Readings of one signature line body that satisfy its check symbol, most likely first:
/// the line itself if it does; otherwise one or two of the least confident symbols read as
/// the engine's alternatives or the usual confusions, a dropped extra symbol, a restored
/// lost one, and last any single symbol anywhere.
pub fn sig_line_candidates(body: &[Doubt], second: Option<&str>) -> Vec<[u8; 16]> {
    let mut symbols: Vec<Doubt> = body
        .iter()
        .filter(|d| !d.ch.is_whitespace() && d.ch != '-')
        .map(|d| Doubt {
            ch: match d.ch.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            },
            ..d.clone()
        })
        .collect();
    let mut out: Vec<[u8; 16]> = Vec::new();
    let other: Vec<char> = second
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    let push = |v: &[Doubt], out: &mut Vec<[u8; 16]>| {
        let text: String = v.iter().map(|d| d.ch).collect();
        if let Ok(chunk) = decode_line(&text) {
            if !out.contains(&chunk) {
                out.push(chunk);
            }
        }
    };
    // Two readings of the same line: where they differ, either may be right. Every mix of
    // the two comes first, and the differing symbols are the doubtful ones.
    if other.len() == 27 && symbols.len() == 27 {
        let differ: Vec<usize> = (0..27).filter(|&i| other[i] != symbols[i].ch).collect();
        if differ.len() <= 8 {
            for mask in 0u32..(1 << differ.len()) {
                let mut v = symbols.clone();
                for (k, &i) in differ.iter().enumerate() {
                    if mask & (1 << k) != 0 {
                        v[i].ch = other[i];
                    }
                }
                push(&v, &mut out);
            }
        }
        for &i in &differ {
            symbols[i].conf = 0.0;
            symbols[i].alternatives.insert(0, other[i]);
        }
    }
    // Lines of the right length to try substitutions on.
    let mut variants: Vec<Vec<Doubt>> = Vec::new();
    match symbols.len() {
        27 => variants.push(symbols.clone()),
        28 => {
            let mut order: Vec<usize> = (0..28).collect();
            order.sort_by(|&a, &b| symbols[a].conf.total_cmp(&symbols[b].conf));
            for i in order {
                let mut v = symbols.clone();
                v.remove(i);
                variants.push(v);
            }
        }
        26 => {
            for i in 0..=26 {
                let alphabet: &[u8] = if i == 26 {
                    CHECK_ALPHABET
                } else {
                    DATA_ALPHABET
                };
                for &c in alphabet {
                    let mut v = symbols.clone();
                    v.insert(
                        i,
                        Doubt {
                            ch: c as char,
                            conf: 0.0,
                            alternatives: Vec::new(),
                        },
                    );
                    push(&v, &mut out);
                }
            }
            out.truncate(MAX_SIG_CANDIDATES);
            return out;
        }
        _ => return out,
    }
    for v in &variants {
        push(v, &mut out);
    }
    let as_read: String = symbols.iter().map(|d| d.ch).collect();
    if symbols.len() == 27 && decode_line(&as_read).is_ok() {
        // The line satisfies its check symbol as read: a misreading passes it only by a
        // 1-in-37 chance, and the signature check will tell.
        return out;
    }
    for v in &variants {
        let mut order: Vec<usize> = (0..27).collect();
        order.sort_by(|&a, &b| v[a].conf.total_cmp(&v[b].conf));
        for &i in &order {
            for c in likely(&v[i]) {
                let mut w = v.clone();
                w[i].ch = c;
                push(&w, &mut out);
            }
        }
        if symbols.len() == 28 {
            continue;
        }
        let weakest = &order[..10];
        for (k, &i) in weakest.iter().enumerate() {
            for &j in &weakest[k + 1..] {
                for a in likely(&v[i]) {
                    for b in likely(&v[j]) {
                        let mut w = v.clone();
                        w[i].ch = a;
                        w[j].ch = b;
                        push(&w, &mut out);
                    }
                }
            }
        }
        for &i in &order {
            let alphabet: &[u8] = if i == 26 {
                CHECK_ALPHABET
            } else {
                DATA_ALPHABET
            };
            for &c in alphabet {
                let mut w = v.clone();
                w[i].ch = c as char;
                push(&w, &mut out);
            }
        }
    }
    out.truncate(MAX_SIG_CANDIDATES);
    out
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
/// each character's doubt; `tape` is the reading as OCR gave it. Returns `None` when no
/// candidate within the budget makes the signature hold (or there is no key to judge by).
pub fn correct(lines: &[TextLine], tape: &Tape, keyring: Option<&Keyring>) -> Option<Corrected> {
    let keyring = keyring?;
    // Signature lines: each line's readings that satisfy its check symbol.
    let mut per_line: Vec<Vec<[u8; 16]>> = Vec::new();
    for n in 1..=4 {
        let label = format!("SIG{n}");
        let line = lines.iter().find(|l| l.text.starts_with(&label))?;
        let body: Vec<Doubt> = line.doubts.iter().skip(label.len()).cloned().collect();
        let second = line
            .second
            .as_deref()
            .and_then(|s| s.split_once(' '))
            .map(|(_, b)| b);
        let c = sig_line_candidates(&body, second);
        if c.is_empty() {
            return None;
        }
        per_line.push(c);
    }
    let signatures = combine(&per_line, 400);
    if let Signature::Present(_) | Signature::Unreadable { .. } = tape.signature {
    } else {
        return None;
    }
    let mut checks = 0;
    let candidates = payload_candidates(lines, tape, keyring);
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

/// Whole signatures from per-line readings, fewest departures from each line's first
/// reading first, at most `cap`.
fn combine(per_line: &[Vec<[u8; 16]>], cap: usize) -> Vec<[u8; 64]> {
    let mut ranks: Vec<[usize; 4]> = Vec::new();
    let lens: Vec<usize> = per_line.iter().map(Vec::len).collect();
    let max_sum = lens.iter().map(|l| l - 1).sum::<usize>();
    'outer: for total in 0..=max_sum {
        for a in 0..lens[0] {
            for b in 0..lens[1] {
                for c in 0..lens[2] {
                    let used = a + b + c;
                    if used > total || total - used >= lens[3] {
                        continue;
                    }
                    ranks.push([a, b, c, total - used]);
                    if ranks.len() >= cap {
                        break 'outer;
                    }
                }
            }
        }
    }
    ranks
        .iter()
        .map(|r| {
            let mut sig = [0u8; 64];
            for (i, &k) in r.iter().enumerate() {
                sig[i * 16..(i + 1) * 16].copy_from_slice(&per_line[i][k]);
            }
            sig
        })
        .collect()
}
