//! The margin of an allocation: the fewest votes that, moved from one choice to another in
//! the constituency, change any choice's seats (or tie the last seat).
//!
//! An allocation stands exactly when every winner's last quotient is above every choice's
//! next quotient. Moving `v` votes from `a` to `b` lowers `a`'s quotients and raises `b`'s,
//! leaving the others' as they are, so whether the allocation still stands is monotone in
//! `v`: per pair of choices a binary search, each step a constant-time check against the
//! others' lowest winning and highest losing quotients. Exact, in integers.
//!
//! Not every pair needs a search. Among the choices that won the same number of seats, one
//! with more votes is at least as good a receiver: its next quotient starts higher and rises
//! at the same rate. So the receivers worth trying are, for each number of seats won, the
//! four with the most votes (enough to leave out the giver and the two choices whose
//! quotients stand for "the others"), and the choices of those quotients: a few per number of
//! seats, whatever the number of choices. Every choice is tried as the giver: O(choices ×
//! distinct seat counts × log votes). The pair reported is the one the search of every pair
//! reports: the first giver, then the first receiver, in code order, that the fewest votes
//! take the allocation from.

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
        last: seats.checked_sub(1).map(q),
        next: q(seats),
    }
}

/// A choice as a move sees it: its code, votes and seats.
#[derive(Clone, Copy)]
struct Choice {
    code: u32,
    votes: u64,
    seats: u32,
}

/// An allocation that stands, and what checking a move against it needs.
struct Search {
    method: Method,
    /// The three lowest last quotients and three highest next quotients: enough to leave out
    /// the two choices of a pair.
    lows: Vec<Quotient>,
    highs: Vec<Quotient>,
}

impl Search {
    /// Whether the allocation still stands once `v` votes (at most `a`'s) moved from `a` to
    /// `b`.
    fn stands(&self, a: Choice, b: Choice, v: u64) -> bool {
        let others = |q: &&Quotient| q.choice != a.code && q.choice != b.code;
        let other_low = self.lows.iter().find(others);
        let other_high = self.highs.iter().find(others);
        let sa = standing(a.code, a.votes - v, a.seats, self.method);
        let sb = standing(b.code, b.votes.saturating_add(v), b.seats, self.method);
        let lasts = [sa.last.as_ref(), sb.last.as_ref(), other_low];
        let nexts = [Some(&sa.next), Some(&sb.next), other_high];
        lasts.iter().flatten().all(|l| {
            nexts
                .iter()
                .flatten()
                .all(|n| l.choice == n.choice || l.cmp_value(n).is_gt())
        })
    }

    /// The fewest votes, at most `limit` (at most `a`'s), that moved from `a` to `b` change
    /// the allocation.
    fn fewest(&self, a: Choice, b: Choice, limit: u64) -> Option<u64> {
        if limit == 0 || self.stands(a, b, limit) {
            return None;
        }
        let (mut lo, mut hi) = (1, limit);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.stands(a, b, mid) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Some(lo)
    }

    /// The receivers worth trying among `all` (see the module's documentation), in code
    /// order.
    fn receivers(&self, all: &[Choice]) -> Vec<Choice> {
        let mut by_seats: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
        for (i, c) in all.iter().enumerate() {
            let top = by_seats.entry(c.seats).or_default();
            top.push(i);
            if top.len() > 4 {
                top.sort_by(|&x, &y| all[y].votes.cmp(&all[x].votes));
                top.truncate(4);
            }
        }
        let named = |q: &Quotient| all.binary_search_by_key(&q.choice, |c| c.code).ok();
        let mut out: Vec<usize> = by_seats
            .values()
            .flatten()
            .copied()
            .chain(self.lows.iter().chain(&self.highs).filter_map(named))
            .collect();
        out.sort_unstable();
        out.dedup();
        out.into_iter().map(|i| all[i]).collect()
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
    // In code order (the map's), as the pair reported is chosen.
    let all: Vec<Choice> = votes
        .iter()
        .map(|(&code, &votes)| Choice {
            code,
            votes,
            seats: allocation.seats.get(&code).copied().unwrap_or(0),
        })
        .collect();
    let standings: Vec<Standing> = all
        .iter()
        .map(|c| standing(c.code, c.votes, c.seats, method))
        .collect();
    let mut lows: Vec<Quotient> = standings.iter().filter_map(|s| s.last).collect();
    lows.sort_by(|a, b| a.cmp_value(b));
    lows.truncate(3);
    let mut highs: Vec<Quotient> = standings.iter().map(|s| s.next).collect();
    highs.sort_by(|a, b| b.cmp_value(a));
    highs.truncate(3);
    let search = Search {
        method,
        lows,
        highs,
    };
    let receivers = search.receivers(&all);
    // The fewest votes, the first giver they are taken from, and one receiver.
    let mut best: Option<(u64, Choice, Choice)> = None;
    for &a in &all {
        for &b in &receivers {
            if a.code == b.code {
                continue;
            }
            let limit = best.map_or(a.votes, |(m, _, _)| m.min(a.votes));
            if let Some(v) = search.fewest(a, b, limit) {
                if best.is_none_or(|(m, _, _)| v < m) {
                    best = Some((v, a, b));
                }
            }
        }
    }
    // The first receiver those votes, from that giver, take the allocation from.
    best.map(|(votes, a, b)| Margin {
        votes,
        from: a.code,
        to: all
            .iter()
            .find(|c| c.code != a.code && !search.stands(a, **c, votes))
            .map_or(b.code, |c| c.code),
    })
}
