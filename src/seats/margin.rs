//! The margin of an allocation: the fewest votes that, moved from one choice to another in
//! the constituency, change any choice's seats (or tie the last seat).
//!
//! An allocation stands exactly when every winner's last quotient is above every choice's
//! next quotient. Moving `v` votes from `a` to `b` lowers `a`'s quotients and raises `b`'s,
//! leaving the others' as they are, so whether the allocation still stands is monotone in
//! `v`: per pair of choices a binary search, each step a constant-time check against the
//! others' lowest winning and highest losing quotients. Exact, in integers.

use std::collections::BTreeMap;

use super::allocate::{Allocation, Method, Quotient};

/// The smallest move that changes the allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Margin {
    /// Votes moved.
    pub votes: u64,
    /// The choice they are taken from.
    pub from: u32,
    /// The choice they go to.
    pub to: u32,
}

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

/// The smallest move of votes between two choices that changes `allocation` (made from
/// `votes` by `method`): `None` when none does (one choice, or no seat). A tied allocation has
/// margin 0 from nowhere: [`margin`] is for allocations that stand.
pub fn margin(
    votes: &BTreeMap<u32, u64>,
    allocation: &Allocation,
    method: Method,
) -> Option<Margin> {
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
    let mut best: Option<Margin> = None;
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
            let limit = best.map_or(va, |m| m.votes.min(va));
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
            if best.is_none_or(|m| lo < m.votes) {
                best = Some(Margin {
                    votes: lo,
                    from: a.choice,
                    to: b.choice,
                });
            }
        }
    }
    best
}
