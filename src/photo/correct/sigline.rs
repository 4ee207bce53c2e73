//! Readings of one signature line that satisfy its check symbol, cheapest first. A line is
//! 26 data symbols in groups of five (the last group one symbol) and a mod-37 check symbol.
//! Tesseract substitutes look-alikes (5/S, 3/J, 0/Q, 2/Z, 6/G, 8/B), reads one glyph as two
//! (`S5`, `IJ`, `O0`) and now and then loses one. Candidates are the reading with extra
//! symbols dropped (first in groups longer than five, and where a symbol doubles its
//! neighbour), lost symbols restored, and doubtful symbols replaced by the engine's
//! alternatives, the second reading's or the usual confusions. The check symbol is a linear
//! equation mod 37, so the last unknown symbol of a candidate is solved, not guessed.

use crate::photo::lookalike::{crockford, partners, primary, signature_confusions};
use crate::photo::ocr::doubts::Doubt;
use crate::tape::sig::{CHECK_ALPHABET, DATA_ALPHABET, SYMBOLS_PER_LINE};

/// Symbols on a line: the data and the check symbol.
const LEN: usize = SYMBOLS_PER_LINE + 1;
/// Most readings kept for one line: enough for three or four misread symbols, which the
/// search by halves (`correct`) can afford to reach.
pub const MAX_LINE_CANDIDATES: usize = 3000;
/// Candidates costing more than this are not kept.
const MAX_COST: f32 = 14.0;
/// The weakest symbols among which two replacements are chosen together.
const PAIR_SITES: usize = 9;
/// Word lengths of a printed line body: five groups of five, one, and the check symbol.
const PRINTED_WORDS: [usize; 7] = [5, 5, 5, 5, 5, 1, 1];

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

/// One symbol of a reading.
#[derive(Debug, Clone)]
struct Sym {
    ch: char,
    conf: f32,
    /// Other readings with their costs, cheapest first.
    options: Vec<(char, f32)>,
    /// How much longer (positive) or shorter than printed its word is, when known.
    excess: i32,
}

/// A slot of a 27-symbol reading: a symbol, or one lost and to be solved.
type Slot = Option<Sym>;

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

/// The symbols of a reading with their options and word excess.
fn symbols(body: &[Doubt], second_conf: Option<f32>) -> Vec<Sym> {
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
fn bases(syms: &[Sym], offset: f32) -> Vec<(f32, Vec<Slot>)> {
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
fn expand(base: &[Slot], cost: f32, deep: bool, out: &mut Vec<(f32, [u8; 16])>) {
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
fn flips(base: &[Slot], cost: f32, out: &mut Vec<(f32, [u8; 16])>) {
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

/// Readings of one signature line body (after its label) that satisfy its check symbol,
/// cheapest first, with their costs. `second` is another reading of the same body.
pub fn line_candidates(body: &[Doubt], second: Option<&str>) -> Vec<(f32, [u8; 16])> {
    let first = symbols(body, None);
    let mut all: Vec<(f32, Vec<Slot>)> = bases(&first, 0.0);
    if let Some(text) = second {
        let doubts: Vec<Doubt> = text
            .chars()
            .map(|ch| Doubt {
                ch,
                conf: 0.5,
                alternatives: Vec::new(),
            })
            .collect();
        let other = symbols(&doubts, Some(0.5));
        let other_bases = bases(&other, 0.3);
        // Where the two readings (each made 27 long the cheapest way) differ, either may be
        // right: the other's symbol becomes the cheapest option.
        let best = |v: &[(f32, Vec<Slot>)]| -> Option<Vec<Slot>> {
            v.iter()
                .filter(|(_, s)| s.iter().all(Option::is_some))
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, s)| s.clone())
        };
        let mut other_bases = other_bases;
        if let (Some(a), Some(b)) = (best(&all), best(&other_bases)) {
            let differ = a
                .iter()
                .zip(&b)
                .filter(|(x, y)| x.as_ref().map(|s| s.ch) != y.as_ref().map(|s| s.ch))
                .count();
            if differ <= 8 {
                for (_, base) in &mut all {
                    mark(base, &b);
                }
                for (_, base) in &mut other_bases {
                    mark(base, &a);
                }
            }
        }
        all.extend(other_bases);
    }
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, [u8; 16])> = Vec::new();
    for (k, (cost, base)) in all.iter().enumerate() {
        expand(base, *cost, k < 3, &mut out);
        if k < 3 {
            flips(base, *cost, &mut out);
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut seen = std::collections::HashSet::new();
    out.retain(|(_, c)| seen.insert(*c));
    out.truncate(MAX_LINE_CANDIDATES);
    out
}

/// Marks where `base` differs from `other`: the other's symbol is the cheapest option there.
fn mark(base: &mut [Slot], other: &[Slot]) {
    if base.len() != other.len() || base.iter().any(Option::is_none) {
        return;
    }
    for (s, o) in base.iter_mut().zip(other) {
        let (Some(s), Some(o)) = (s, o) else { continue };
        if s.ch != o.ch {
            s.options.retain(|(c, _)| *c != o.ch);
            s.options.insert(0, (o.ch, 0.3));
            s.conf = s.conf.min(0.3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tape::sig::{decode_line, printed_line};

    fn doubts(text: &str) -> Vec<Doubt> {
        text.chars()
            .map(|ch| Doubt {
                ch,
                conf: 0.9,
                alternatives: Vec::new(),
            })
            .collect()
    }

    const CHUNK: [u8; 16] = *b"0123456789abcdef";

    fn rank(read: &str, second: Option<&str>) -> Option<usize> {
        line_candidates(&doubts(read), second)
            .iter()
            .position(|(_, c)| *c == CHUNK)
    }

    #[test]
    fn check_equation_matches_the_decoder() {
        let printed = printed_line(&CHUNK);
        assert_eq!(decode_line(&printed).unwrap(), CHUNK);
        assert_eq!(rank(&printed, None), Some(0));
    }

    #[test]
    fn doubled_glyphs_lost_symbols_and_look_alikes_are_found() {
        let printed = printed_line(&CHUNK);
        let words: Vec<&str> = printed.split(' ').collect();
        // One look-alike, solved by the check symbol.
        let mut c: Vec<char> = printed.chars().collect();
        let partner = |x: char| {
            "S5J3Q0Z2G6B8"
                .find(x)
                .map(|i| "5S3J0Q2Z6G8B".as_bytes()[i] as char)
        };
        let pos = (1..20).find(|&i| partner(c[i]).is_some()).unwrap();
        c[pos] = partner(c[pos]).unwrap();
        let one: String = c.iter().collect();
        assert!(rank(&one, None).is_some_and(|r| r < 3), "{one}");
        // A glyph read twice in one group and one lost in another.
        let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        let twice = w[1].chars().nth(2).unwrap();
        w[1].insert(2, twice);
        w[3].remove(1);
        let moved = w.join(" ");
        assert!(rank(&moved, None).is_some_and(|r| r < 20), "{moved}");
    }

    #[test]
    fn a_run_of_look_alikes_read_wrong_is_found() {
        for seed in 0u8..40 {
            let chunk: [u8; 16] =
                std::array::from_fn(|i| (i as u8).wrapping_mul(37) ^ seed.wrapping_mul(101));
            let printed = printed_line(&chunk);
            let mut c: Vec<char> = printed.chars().collect();
            let sites: Vec<usize> = (1..c.len())
                .filter(|&i| c[i] != ' ' && partners(c[i]).next().is_some())
                .collect();
            if sites.len() < 4 {
                continue;
            }
            for &i in &sites[..3] {
                c[i] = partners(c[i]).next().unwrap();
            }
            let read: String = c.iter().collect();
            let found = line_candidates(&doubts(&read), None)
                .iter()
                .position(|(_, x)| *x == chunk);
            assert!(found.is_some(), "{printed} read {read}");
        }
    }
}
