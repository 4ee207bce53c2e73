//! The allocation against a second, independent formulation (all quotients sorted at once),
//! and the margin against brute force: moving the margin's votes changes the allocation, one
//! vote fewer between any two choices does not; and the margin, with the pair it names, the
//! same as the search of every pair found it (`pairwise.rs`) and as whole allocations find it.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::allocate::{allocate, Method, Quotient, SCALE};
use super::margin::margin;
use super::pairwise::margin_pairwise;

fn votes(v: &[(u32, u64)]) -> BTreeMap<u32, u64> {
    v.iter().copied().collect()
}

/// Seats per choice, and the tie (choices, seats) if any.
type Outcome = (BTreeMap<u32, u32>, Option<(Vec<u32>, u32)>);

const SL_PURE: Method = Method::SainteLague {
    first_divisor: SCALE,
};

#[test]
fn the_textbook_example_allocates_as_published() {
    // 100,000 / 80,000 / 30,000 / 20,000 votes, 8 seats (the usual worked example).
    let v = votes(&[(1, 100_000), (2, 80_000), (3, 30_000), (4, 20_000)]);
    let seats = |m| {
        allocate(&v, 8, m)
            .seats
            .values()
            .copied()
            .collect::<Vec<_>>()
    };
    assert_eq!(seats(Method::DHondt), [4, 3, 1, 0]);
    assert_eq!(seats(SL_PURE), [3, 3, 1, 1]);
    // A first divisor of 1.7 holds the smallest list back from its first seat.
    let iraq = Method::SainteLague {
        first_divisor: 17_000,
    };
    assert_eq!(seats(iraq), [4, 3, 1, 0]);
}

#[test]
fn a_tied_last_seat_is_left_unallocated_and_reported() {
    let v = votes(&[(7, 500), (9, 500), (11, 100)]);
    let a = allocate(&v, 1, Method::DHondt);
    let tie = a.tie.clone().expect("a tie");
    assert_eq!(tie.choices, [7, 9]);
    assert_eq!(tie.seats, 1);
    assert_eq!(a.seats.values().sum::<u32>(), 0);
    assert_eq!(margin(&v, &a, Method::DHondt), None);
    // Two seats for the two tied choices: no tie.
    assert!(allocate(&v, 2, Method::DHondt).tie.is_none());
}

#[test]
fn the_margin_names_the_last_seat_and_the_runner_up() {
    // D'Hondt, 1 seat: 600 against 400. Moving 100 ties it.
    let v = votes(&[(1, 600), (2, 400)]);
    let a = allocate(&v, 1, Method::DHondt);
    let m = margin(&v, &a, Method::DHondt).unwrap();
    assert_eq!((m.votes, m.from, m.to), (100, 1, 2));
}

/// The allocation by sorting every quotient at once: the top `seats` win; when the quotient
/// at the cut is shared by choices inside and outside it, those seats are tied.
fn by_sorting(v: &BTreeMap<u32, u64>, seats: u32, method: Method) -> Outcome {
    let mut all: Vec<Quotient> = Vec::new();
    for (&choice, &votes) in v {
        for k in 0..=seats {
            all.push(Quotient {
                choice,
                votes,
                divisor: method.divisor(k),
            });
        }
    }
    all.sort_by(|a, b| b.cmp_value(a));
    let s = seats as usize;
    let mut won: BTreeMap<u32, u32> = v.keys().map(|&c| (c, 0)).collect();
    let cut = all[s - 1];
    let tied = all.get(s).is_some_and(|q| q.cmp_value(&cut).is_eq()) || cut.votes == 0;
    if !tied {
        for q in &all[..s] {
            *won.get_mut(&q.choice).unwrap() += 1;
        }
        return (won, None);
    }
    let mut at_cut: Vec<u32> = Vec::new();
    let mut tied_seats = 0;
    for q in &all[..s] {
        if q.cmp_value(&cut).is_gt() {
            *won.get_mut(&q.choice).unwrap() += 1;
        } else {
            tied_seats += 1;
        }
    }
    for q in all.iter().filter(|q| q.cmp_value(&cut).is_eq()) {
        at_cut.push(q.choice);
    }
    at_cut.sort_unstable();
    (won, Some((at_cut, tied_seats)))
}

fn outcome(v: &BTreeMap<u32, u64>, seats: u32, method: Method) -> Outcome {
    let a = allocate(v, seats, method);
    let mut tie = a.tie.map(|t| (t.choices, t.seats));
    if let Some((c, _)) = tie.as_mut() {
        c.sort_unstable();
    }
    (a.seats, tie)
}

fn moved(v: &BTreeMap<u32, u64>, from: u32, to: u32, n: u64) -> BTreeMap<u32, u64> {
    let mut v = v.clone();
    *v.get_mut(&from).unwrap() -= n;
    *v.get_mut(&to).unwrap() += n;
    v
}

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        Just(Method::DHondt),
        Just(SL_PURE),
        Just(Method::SainteLague {
            first_divisor: 14_000
        }),
        Just(Method::SainteLague {
            first_divisor: 17_000
        }),
    ]
}

/// The margin from whole allocations: for every pair in code order, the fewest votes whose
/// move changes the outcome (a binary search: moving more changes at least as much), the
/// first pair with the fewest kept.
fn first_pair_by_allocation(
    v: &BTreeMap<u32, u64>,
    seats: u32,
    method: Method,
) -> Option<(u64, u32, u32)> {
    if allocate(v, seats, method).tie.is_some() {
        return None;
    }
    let mine = outcome(v, seats, method);
    let changes = |f, t, n| outcome(&moved(v, f, t, n), seats, method) != mine;
    let mut best: Option<(u64, u32, u32)> = None;
    for (&f, &n) in v {
        for &t in v.keys().filter(|&&t| t != f) {
            if n == 0 || !changes(f, t, n) {
                continue;
            }
            let (mut lo, mut hi) = (1, n);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if changes(f, t, mid) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            if best.is_none_or(|(b, _, _)| lo < b) {
                best = Some((lo, f, t));
            }
        }
    }
    best
}

/// Many choices, each number of seats won by several, ties of votes: where only a few
/// receivers per number of seats are tried, the margin and its pair are still those of every
/// pair.
#[test]
fn the_margin_of_many_choices_is_that_of_every_pair() {
    use rand::{Rng as _, SeedableRng as _};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(24);
    for case in 0..300 {
        let n = rng.gen_range(2..=120);
        let top = [60, 2_000, 400_000][case % 3];
        let v: BTreeMap<u32, u64> = (0..n)
            .map(|i| (rng.gen_range(1..5) + 7 * i, rng.gen_range(0..top)))
            .collect();
        let seats = rng.gen_range(1..=90);
        for method in [
            Method::DHondt,
            SL_PURE,
            Method::SainteLague {
                first_divisor: 17_000,
            },
        ] {
            let a = allocate(&v, seats, method);
            assert_eq!(
                margin(&v, &a, method).map(|m| (m.votes, m.from, m.to)),
                margin_pairwise(&v, &a, method),
                "{v:?}, {seats} seats, {method:?}"
            );
        }
    }
}

proptest! {
    // 2,000 random constituencies a run; SEATS_CASES=N for a longer one (BENCHMARKS.md).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("SEATS_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(2_000),
        ..ProptestConfig::default()
    })]

    #[test]
    fn allocation_equals_the_sorted_quotients_and_the_margin_is_exact(
        list in prop::collection::vec(0u64..400_000, 1..9),
        seats in 1u32..=70,
        method in method(),
    ) {
        let v: BTreeMap<u32, u64> = list.iter().enumerate().map(|(i, &n)| (100 + i as u32, n)).collect();
        let mine = outcome(&v, seats, method);
        prop_assert_eq!(&mine, &by_sorting(&v, seats, method));
        let a = allocate(&v, seats, method);
        let Some(m) = margin(&v, &a, method) else {
            // No move changes it: then neither does moving every vote of any choice.
            for (&f, &n) in &v {
                for &t in v.keys().filter(|&&t| t != f) {
                    prop_assert_eq!(&outcome(&moved(&v, f, t, n), seats, method), &mine);
                }
            }
            return Ok(());
        };
        prop_assert!(m.votes >= 1);
        prop_assert_ne!(&outcome(&moved(&v, m.from, m.to, m.votes), seats, method), &mine);
        for (&f, &n) in &v {
            for &t in v.keys().filter(|&&t| t != f) {
                let fewer = (m.votes - 1).min(n);
                prop_assert_eq!(&outcome(&moved(&v, f, t, fewer), seats, method), &mine,
                    "moving {} from {} to {} changes it, below the margin {:?}", fewer, f, t, m);
            }
        }
    }

    #[test]
    fn small_margins_equal_brute_force(
        list in prop::collection::vec(0u64..300, 2..5),
        seats in 1u32..=6,
        method in method(),
    ) {
        let v: BTreeMap<u32, u64> = list.iter().enumerate().map(|(i, &n)| (1 + i as u32, n)).collect();
        let a = allocate(&v, seats, method);
        let mine = outcome(&v, seats, method);
        let mut brute: Option<u64> = None;
        if a.tie.is_none() {
            for (&f, &n) in &v {
                for &t in v.keys().filter(|&&t| t != f) {
                    if let Some(k) = (1..=n).find(|&k| outcome(&moved(&v, f, t, k), seats, method) != mine) {
                        brute = Some(brute.map_or(k, |b: u64| b.min(k)));
                    }
                }
            }
        }
        prop_assert_eq!(margin(&v, &a, method).map(|m| m.votes), brute);
    }

    #[test]
    fn the_margin_and_its_pair_are_those_of_whole_allocations(
        list in prop::collection::vec(0u64..3_000, 2..12),
        seats in 1u32..=25,
        method in method(),
    ) {
        let v: BTreeMap<u32, u64> = list.iter().enumerate().map(|(i, &n)| (10 + 3 * i as u32, n)).collect();
        let a = allocate(&v, seats, method);
        let m = margin(&v, &a, method).map(|m| (m.votes, m.from, m.to));
        prop_assert_eq!(m, margin_pairwise(&v, &a, method));
        prop_assert_eq!(m, first_pair_by_allocation(&v, seats, method));
    }
}

/// Votes that are all multiples of one number (many quotients equal), once reported as
/// allocated unlike the sorted quotients: they are not.
#[test]
fn votes_of_one_common_factor_allocate_as_sorted() {
    let list = [
        240988u64, 328620, 197172, 372436, 328620, 21908, 153356, 109540,
    ];
    let v: BTreeMap<u32, u64> = list
        .iter()
        .enumerate()
        .map(|(i, &n)| (100 + i as u32, n))
        .collect();
    for method in [
        SL_PURE,
        Method::DHondt,
        Method::SainteLague {
            first_divisor: 17_000,
        },
    ] {
        let mine = outcome(&v, 37, method);
        assert_eq!(mine, by_sorting(&v, 37, method), "{method:?}");
    }
}
