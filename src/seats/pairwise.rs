//! The margin as tally found it before (issue 24): a binary search for every ordered pair of
//! choices, O(choices²). Kept as the reference [`super::margin`] is compared with by the
//! tests, and timed against it by `examples/seats_bench.rs` (which includes this file).

use std::collections::BTreeMap;

use super::allocate::{Allocation, Method, Quotient};

/// Each choice's last winning quotient (when it won a seat) and next quotient.
struct Standing {
    choice: u32,
    last: Option<Quotient>,
    next: Quotient,
}

/// The standing of `choice` with `votes` votes and `seats` seats.
fn standing(choice: u32, votes: u64, seats: u32, method: Method) -> Standing {
    let q = |k| Quotient {
        choice,
        votes,
        divisor: method.divisor(k),
    };
    Standing {
        choice,
        last: seats.checked_sub(1).map(q),
        next: q(seats),
    }
}

/// The margin searched pair by pair: (votes, from, to), the first pair in code order with the
/// fewest votes.
pub fn margin_pairwise(
    votes: &BTreeMap<u32, u64>,
    allocation: &Allocation,
    method: Method,
) -> Option<(u64, u32, u32)> {
    if allocation.tie.is_some() {
        return None;
    }
    let all: Vec<Standing> = votes
        .iter()
        .map(|(&c, &v)| standing(c, v, allocation.seats[&c], method))
        .collect();
    // The three lowest last quotients and three highest next quotients: enough to leave out
    // the two choices of a pair.
    let mut lows: Vec<&Quotient> = all.iter().filter_map(|s| s.last.as_ref()).collect();
    lows.sort_by(|a, b| a.cmp_value(b));
    lows.truncate(3);
    let mut highs: Vec<&Quotient> = all.iter().map(|s| &s.next).collect();
    highs.sort_by(|a, b| b.cmp_value(a));
    highs.truncate(3);
    let mut best: Option<(u64, u32, u32)> = None;
    for a in &all {
        let va = votes[&a.choice];
        if va == 0 {
            continue;
        }
        for b in &all {
            if a.choice == b.choice {
                continue;
            }
            let other_low = lows
                .iter()
                .find(|q| q.choice != a.choice && q.choice != b.choice);
            let other_high = highs
                .iter()
                .find(|q| q.choice != a.choice && q.choice != b.choice);
            let seats = |s: &Standing| allocation.seats[&s.choice];
            let stands = |v: u64| {
                let sa = standing(a.choice, va - v, seats(a), method);
                let sb = standing(b.choice, votes[&b.choice] + v, seats(b), method);
                let lasts = [sa.last.as_ref(), sb.last.as_ref(), other_low.copied()];
                let nexts = [Some(&sa.next), Some(&sb.next), other_high.copied()];
                lasts.iter().flatten().all(|l| {
                    nexts
                        .iter()
                        .flatten()
                        .all(|n| l.choice == n.choice || l.cmp_value(n).is_gt())
                })
            };
            let limit = best.map_or(va, |m| m.0.min(va));
            if stands(limit) {
                continue;
            }
            // Smallest v in 1..=limit that does not stand.
            let (mut lo, mut hi) = (1, limit);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if stands(mid) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            if best.is_none_or(|m| lo < m.0) {
                best = Some((lo, a.choice, b.choice));
            }
        }
    }
    best
}
