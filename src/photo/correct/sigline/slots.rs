//! A signature line's reading made 27 slots long: its symbols, each with the readings it
//! could also be and what each costs (the engine's alternatives, the second reading's, the
//! usual look-alikes), and the 27-slot bases made from it by dropping the symbols read twice
//! and leaving a slot for each symbol lost.

use crate::photo::lookalike::{crockford, primary, signature_confusions};
use crate::photo::ocr::doubts::Doubt;

/// Word lengths of a printed line body: five groups of five, one, and the check symbol.
const PRINTED_WORDS: [usize; 7] = [5, 5, 5, 5, 5, 1, 1];

/// One symbol of a reading.
#[derive(Debug, Clone)]
pub(super) struct Sym {
    /// The symbol read (Crockford's reading of the glyph).
    pub(super) ch: char,
    /// The engine's confidence in it, 0 to 1.
    pub(super) conf: f32,
    /// Other readings with their costs, cheapest first.
    pub(super) options: Vec<(char, f32)>,
    /// How much longer (positive) or shorter than printed its word is, when known.
    pub(super) excess: i32,
}

/// A slot of a 27-symbol reading: a symbol, or one lost and to be solved.
pub(super) type Slot = Option<Sym>;

/// The symbols of a reading with their options and word excess.
pub(super) fn symbols(body: &[Doubt], second_conf: Option<f32>) -> Vec<Sym> {
    let mut words: Vec<Vec<&Doubt>> = vec![Vec::new()];
    for d in body {
        if d.ch.is_whitespace() {
            if !words.last().is_some_and(Vec::is_empty) {
                words.push(Vec::new());
            }
        } else if !matches!(d.ch, '-' | '.' | ',') {
            words.last_mut().expect("one word").push(d);
        }
    }
    words.retain(|w| !w.is_empty());
    let known = words.len() == PRINTED_WORDS.len();
    let mut out = Vec::new();
    for (k, w) in words.iter().enumerate() {
        let excess = if known {
            w.len() as i32 - PRINTED_WORDS[k] as i32
        } else {
            0
        };
        for d in w {
            let ch = crockford(d.ch);
            let conf = second_conf.unwrap_or(d.conf);
            let mut options: Vec<(char, f32)> = Vec::new();
            let alts = d.alternatives.iter().map(|&c| (crockford(c), 0.6));
            let conf_alts = signature_confusions(ch).chars().map(|c| (c, 1.0));
            for (r, (c, base)) in alts.chain(conf_alts).enumerate() {
                if c != ch && !options.iter().any(|(o, _)| *o == c) && options.len() < 6 {
                    let base = if primary(ch, c) {
                        0.4
                    } else {
                        base + 0.25 * r as f32
                    };
                    options.push((c, base + 0.8 * conf));
                }
            }
            options.sort_by(|a, b| a.1.total_cmp(&b.1));
            out.push(Sym {
                ch,
                conf,
                options,
                excess,
            });
        }
    }
    out
}

/// Whether two neighbouring glyphs look like one glyph read twice.
fn doubled(a: char, b: char) -> bool {
    a == b || signature_confusions(a).contains(b) || signature_confusions(b).contains(a)
}

fn del_cost(syms: &[Sym], i: usize) -> f32 {
    let s = &syms[i];
    let mut cost = 1.4 + 1.2 * s.conf;
    if s.excess > 0 {
        cost -= 0.8;
    } else if s.excess < 0 {
        cost += 0.8;
    }
    let near = |j: usize| syms.get(j).is_some_and(|t| doubled(s.ch, t.ch));
    if near(i + 1) || (i > 0 && near(i - 1)) {
        cost -= 0.5;
    }
    cost
}

fn ins_cost(syms: &[Sym], gap: usize) -> f32 {
    let short = |j: usize| syms.get(j).is_some_and(|t| t.excess < 0);
    if short(gap) || (gap > 0 && short(gap - 1)) {
        1.0
    } else {
        2.0
    }
}

/// 27-slot readings made from one reading by dropping extra symbols and restoring lost ones.
pub(super) fn bases(syms: &[Sym], offset: f32) -> Vec<(f32, Vec<Slot>)> {
    let n = syms.len();
    let all: Vec<Slot> = syms.iter().cloned().map(Some).collect();
    let mut out: Vec<(f32, Vec<Slot>)> = Vec::new();
    let drop = |v: &[Slot], i: usize| -> Vec<Slot> {
        let mut w = v.to_vec();
        w.remove(i);
        w
    };
    let gap = |v: &[Slot], g: usize| -> Vec<Slot> {
        let mut w = v.to_vec();
        w.insert(g, None);
        w
    };
    match n {
        27 => {
            out.push((0.0, all.clone()));
            // An extra symbol in one group and a lost one in another.
            for i in (0..n).filter(|&i| syms[i].excess > 0) {
                let w = drop(&all, i);
                for g in (0..n).filter(|&g| syms[g].excess < 0) {
                    let g = if g > i { g - 1 } else { g };
                    for g in [g, g + 1] {
                        out.push((del_cost(syms, i) + ins_cost(syms, g), gap(&w, g)));
                    }
                }
            }
        }
        28 => {
            for i in 0..n {
                out.push((del_cost(syms, i), drop(&all, i)));
            }
        }
        29 => {
            let mut pairs: Vec<(f32, Vec<Slot>)> = Vec::new();
            for i in 0..n {
                for j in i + 1..n {
                    let cost = del_cost(syms, i) + del_cost(syms, j);
                    pairs.push((cost, drop(&drop(&all, j), i)));
                }
            }
            pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
            pairs.truncate(60);
            out.extend(pairs);
        }
        26 => {
            for g in 0..=n {
                out.push((ins_cost(syms, g), gap(&all, g)));
            }
        }
        _ => {}
    }
    for b in &mut out {
        b.0 += offset;
    }
    out
}
