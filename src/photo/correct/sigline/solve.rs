//! The check symbol solved: a 27-slot base's candidates that satisfy the line's check
//! equation (mod 37), with at most two chosen replacements and the last unknown slot solved,
//! not guessed; and the runs of look-alikes changed at once that the check symbol accepts.

use super::slots::{Slot, Sym};
use super::LEN;
use crate::photo::lookalike::partners;
use crate::tape::sig::{CHECK_ALPHABET, DATA_ALPHABET, SYMBOLS_PER_LINE};

/// Candidates costing more than this are not kept.
const MAX_COST: f32 = 14.0;
/// The weakest symbols among which two replacements are chosen together.
const PAIR_SITES: usize = 9;

fn data_value(c: char) -> Option<u32> {
    DATA_ALPHABET
        .iter()
        .position(|&a| a as char == c)
        .map(|p| p as u32)
}

fn check_value(c: char) -> Option<u32> {
    CHECK_ALPHABET
        .iter()
        .position(|&a| a as char == c)
        .map(|p| p as u32)
}

/// `32^(25-i) mod 37` for each data position, and its inverse.
fn weights() -> ([u32; SYMBOLS_PER_LINE], [u32; SYMBOLS_PER_LINE]) {
    let pow = |mut b: u32, mut e: u32| {
        let mut r = 1;
        while e > 0 {
            if e & 1 == 1 {
                r = r * b % 37;
            }
            b = b * b % 37;
            e >>= 1;
        }
        r
    };
    let w: [u32; SYMBOLS_PER_LINE] = std::array::from_fn(|i| pow(32, (25 - i) as u32));
    let inv = w.map(|x| pow(x, 35));
    (w, inv)
}

/// What replacing a symbol by a value not among its options costs.
fn any_cost(s: &Sym) -> f32 {
    2.6 + 1.5 * s.conf
}

fn valid_at(pos: usize, c: char) -> Option<u32> {
    match pos {
        0 => data_value(c).filter(|v| *v <= 7),
        SYMBOLS_PER_LINE => check_value(c),
        _ => data_value(c),
    }
}

fn sub_cost(s: &Sym, c: char) -> f32 {
    s.options
        .iter()
        .find(|(o, _)| *o == c)
        .map_or_else(|| any_cost(s), |(_, k)| *k)
}

/// The symbols' values of a 27-slot reading (data, then the check symbol).
struct Line {
    values: [u32; LEN],
}

impl Line {
    fn residual(&self, w: &[u32; SYMBOLS_PER_LINE], skip: usize) -> u32 {
        let sum: u32 = (0..SYMBOLS_PER_LINE)
            .filter(|&i| i != skip)
            .map(|i| self.values[i] * w[i])
            .sum();
        sum % 37
    }

    /// Solves the check equation for slot `at`, the others known: the value that makes the
    /// line's check symbol hold, if it is a symbol there.
    fn solve(
        &self,
        at: usize,
        w: &[u32; SYMBOLS_PER_LINE],
        inv: &[u32; SYMBOLS_PER_LINE],
    ) -> Option<u32> {
        let r = self.residual(w, at);
        if at == SYMBOLS_PER_LINE {
            return Some(r);
        }
        let v = (self.values[SYMBOLS_PER_LINE] + 37 - r) % 37 * inv[at] % 37;
        let limit = if at == 0 { 7 } else { 31 };
        (v <= limit).then_some(v)
    }

    fn chunk(&self) -> [u8; 16] {
        let mut n: u128 = 0;
        for v in &self.values[..SYMBOLS_PER_LINE] {
            n = (n << 5) | u128::from(*v);
        }
        n.to_be_bytes()
    }
}

fn symbol_at(pos: usize, v: u32) -> char {
    if pos == SYMBOLS_PER_LINE {
        CHECK_ALPHABET[v as usize] as char
    } else {
        DATA_ALPHABET[v as usize] as char
    }
}

/// Every candidate of one 27-slot base: at most two chosen replacements and one solved slot.
pub(super) fn expand(base: &[Slot], cost: f32, deep: bool, out: &mut Vec<(f32, [u8; 16])>) {
    let (w, inv) = weights();
    let mut values = [0u32; LEN];
    let mut unknown = None;
    for (i, s) in base.iter().enumerate() {
        match s.as_ref().and_then(|s| valid_at(i, s.ch)) {
            Some(v) => values[i] = v,
            None if unknown.is_none() => unknown = Some(i),
            None => {
                // Two unknowns (an invalid symbol and a lost one): take the invalid symbol's
                // options in turn.
                let Some(s) = s else { return };
                for (c, k) in &s.options {
                    if valid_at(i, *c).is_some() {
                        let mut b = base.to_vec();
                        b[i] = Some(Sym {
                            ch: *c,
                            conf: 1.0,
                            options: Vec::new(),
                            excess: 0,
                        });
                        expand(&b, cost + k, false, out);
                    }
                }
                return;
            }
        }
    }
    let line = Line { values };
    // The cost of a slot taking value v.
    let slot_cost = |i: usize, v: u32| -> f32 {
        match &base[i] {
            None => 0.0,
            Some(s) if valid_at(i, s.ch) == Some(v) => 0.0,
            Some(s) if valid_at(i, s.ch).is_none() => 0.3 + sub_cost(s, symbol_at(i, v)) * 0.5,
            Some(s) => sub_cost(s, symbol_at(i, v)),
        }
    };
    let push = |line: &Line, at: usize, c: f32, out: &mut Vec<(f32, [u8; 16])>| {
        if let Some(v) = line.solve(at, &w, &inv) {
            let mut l = Line {
                values: line.values,
            };
            l.values[at] = v;
            let c = c + slot_cost(at, v);
            if c <= MAX_COST {
                out.push((c, l.chunk()));
            }
        }
    };
    if let Some(u) = unknown {
        push(&line, u, cost, out);
        for i in (0..LEN).filter(|&i| i != u) {
            let Some(s) = &base[i] else { continue };
            for (c, k) in &s.options {
                if let Some(v) = valid_at(i, *c) {
                    let mut l = Line { values };
                    l.values[i] = v;
                    push(&l, u, cost + k, out);
                }
            }
        }
        return;
    }
    for at in 0..LEN {
        push(&line, at, cost, out);
    }
    // One or two chosen replacements at the weakest symbols, and one solved slot.
    let mut order: Vec<usize> = (0..LEN).collect();
    order.sort_by(|&a, &b| {
        let conf = |i: usize| base[i].as_ref().map_or(0.0, |s| s.conf);
        conf(a).total_cmp(&conf(b))
    });
    let weakest = &order[..if deep { 14 } else { 8 }];
    let opts = |i: usize| -> Vec<(u32, f32)> {
        base[i].as_ref().map_or_else(Vec::new, |s| {
            s.options
                .iter()
                .filter_map(|(c, k)| valid_at(i, *c).map(|v| (v, *k)))
                .collect()
        })
    };
    for (a, &i) in weakest.iter().enumerate() {
        for (vi, ki) in opts(i) {
            let mut l = Line { values };
            l.values[i] = vi;
            for at in (0..LEN).filter(|&at| at != i) {
                push(&l, at, cost + ki, out);
            }
            if !deep || a >= PAIR_SITES {
                continue;
            }
            for &j in &weakest[a + 1..PAIR_SITES] {
                for (vj, kj) in opts(j) {
                    let mut m = Line { values: l.values };
                    m.values[j] = vj;
                    for at in (0..LEN).filter(|&at| at != i && at != j) {
                        push(&m, at, cost + ki + kj, out);
                    }
                }
            }
        }
    }
}

/// The look-alike sites among which several are changed at once (the cheapest).
const FLIP_SITES: usize = 20;
/// Most look-alikes changed at once.
const MAX_FLIPS: usize = 4;

/// Readings with up to [`MAX_FLIPS`] of the usual look-alikes changed at once (`S` for `5`,
/// `3` for `J`...), anywhere on the line and however sure the engine was: on a blurred line
/// Tesseract reads a run of them wrong, more than [`expand`]'s two chosen replacements reach.
/// No slot is solved: the check symbol must hold as the changes leave it.
pub(super) fn flips(base: &[Slot], cost: f32, out: &mut Vec<(f32, [u8; 16])>) {
    let (w, _) = weights();
    let mut values = [0u32; LEN];
    let mut cost = cost;
    for (i, s) in base.iter().enumerate() {
        let Some(s) = s else { return };
        if let Some(v) = valid_at(i, s.ch) {
            values[i] = v;
            continue;
        }
        // A symbol that cannot stand here (`S` first, where only 0-7 can): its look-alike.
        let fix = partners(s.ch)
            .map(|p| (p, 0.4 + 0.8 * s.conf))
            .chain(s.options.iter().copied())
            .find_map(|(p, k)| valid_at(i, p).map(|v| (v, k)));
        let Some((v, k)) = fix else { return };
        values[i] = v;
        cost += k;
    }
    let fixed = values;
    // (slot, its value changed, what the change costs)
    let mut sites: Vec<(usize, u32, f32)> = Vec::new();
    for (i, s) in base.iter().enumerate() {
        let Some(s) = s.as_ref().filter(|s| valid_at(i, s.ch).is_some()) else {
            continue;
        };
        for p in partners(s.ch) {
            if let Some(v) = valid_at(i, p) {
                let k = s
                    .options
                    .iter()
                    .find(|(c, _)| *c == p)
                    .map_or(0.4 + 0.8 * s.conf, |(_, k)| *k);
                sites.push((i, v, k));
            }
        }
    }
    sites.sort_by(|a, b| a.2.total_cmp(&b.2));
    sites.truncate(FLIP_SITES);
    let residual = |v: &[u32; LEN]| (0..SYMBOLS_PER_LINE).map(|i| v[i] * w[i]).sum::<u32>() % 37;
    fn walk(
        sites: &[(usize, u32, f32)],
        from: usize,
        depth: usize,
        values: &mut [u32; LEN],
        used: u32,
        cost: f32,
        visit: &mut dyn FnMut(&[u32; LEN], f32),
    ) {
        if depth > 0 {
            visit(values, cost);
        }
        if depth == MAX_FLIPS {
            return;
        }
        for k in from..sites.len() {
            let (i, v, c) = sites[k];
            if used & (1 << i) != 0 || cost + c > MAX_COST {
                continue;
            }
            let was = values[i];
            values[i] = v;
            walk(
                sites,
                k + 1,
                depth + 1,
                values,
                used | 1 << i,
                cost + c,
                visit,
            );
            values[i] = was;
        }
    }
    let mut values = fixed;
    walk(&sites, 0, 0, &mut values, 0, cost, &mut |v, c| {
        if residual(v) == v[SYMBOLS_PER_LINE] {
            out.push((c, Line { values: *v }.chunk()));
        }
    });
}
