//! Highest-averages seat allocation, exactly: modified Sainte-Laguë (divisors `f`, 3, 5, 7…
//! with a first divisor `f`: 1.7 is Iraq's since 2023, 1.4 Norway's, 1.0 the pure method) and
//! D'Hondt (1, 2, 3…). Quotients are compared as fractions in integers, never as floats, so a
//! tie is a tie: when the last seat is tied it is left unallocated and reported, never broken
//! silently.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Fixed-point scale of divisors: four decimals (`--first-divisor 1.7` is 17000).
pub const SCALE: u64 = 10_000;

/// A highest-averages method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Modified Sainte-Laguë: the first divisor (scaled by [`SCALE`]), then 3, 5, 7…
    SainteLague {
        /// The first divisor times [`SCALE`] (1.7 → 17000).
        first_divisor: u64,
    },
    /// D'Hondt: 1, 2, 3…
    DHondt,
}

impl Method {
    /// The divisor of a choice's `k`-th seat (0-based), times [`SCALE`].
    pub fn divisor(self, k: u32) -> u64 {
        match self {
            Method::SainteLague { first_divisor } if k == 0 => first_divisor,
            Method::SainteLague { .. } => (2 * u64::from(k) + 1) * SCALE,
            Method::DHondt => (u64::from(k) + 1) * SCALE,
        }
    }

    /// The method's name as reports give it (`sainte-lague 1.7`, `dhondt`).
    pub fn describe(self) -> String {
        match self {
            Method::SainteLague { first_divisor } => {
                format!(
                    "sainte-lague (first divisor {})",
                    divisor_text(first_divisor)
                )
            }
            Method::DHondt => "dhondt".into(),
        }
    }
}

/// A scaled divisor as a decimal (`17000` → `1.7`).
pub fn divisor_text(scaled: u64) -> String {
    let whole = scaled / SCALE;
    let frac = scaled % SCALE;
    if frac == 0 {
        return format!("{whole}.0");
    }
    let digits = format!("{frac:04}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// A first divisor as typed (`1.7`, `1.4`, `1`): at least 0.5, at most four decimals.
pub fn parse_divisor(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let ok = !whole.is_empty()
        && whole.len() <= 3
        && frac.len() <= 4
        && whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit());
    if !ok {
        return Err(format!(
            "{text:?} is not a divisor: write a decimal number with at most four decimals, like 1.7"
        ));
    }
    let frac = format!("{frac:0<4}");
    let scaled = whole.parse::<u64>().unwrap_or(0) * SCALE + frac.parse::<u64>().unwrap_or(0);
    if scaled < SCALE / 2 {
        return Err(format!(
            "{text:?} is too small for a first divisor: use 0.5 or more (1.7, 1.4, 1.0)"
        ));
    }
    Ok(scaled)
}

/// A choice's quotient for one seat: `votes / divisor`, kept as the two integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotient {
    /// The choice.
    pub choice: u32,
    /// Its votes.
    pub votes: u64,
    /// The divisor, times [`SCALE`].
    pub divisor: u64,
}

impl Quotient {
    /// The quotient as a number, for reports.
    pub fn value(&self) -> f64 {
        self.votes as f64 * SCALE as f64 / self.divisor as f64
    }

    /// Compares two quotients exactly.
    pub fn cmp_value(&self, other: &Quotient) -> Ordering {
        (u128::from(self.votes) * u128::from(other.divisor))
            .cmp(&(u128::from(other.votes) * u128::from(self.divisor)))
    }
}

/// An allocation of seats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    /// Seats of every choice (zero included), by choice code.
    pub seats: BTreeMap<u32, u32>,
    /// The quotient that won the last seat allocated, if any seat was.
    pub last_seat: Option<Quotient>,
    /// The highest quotient that won no seat: the runner-up for the last seat.
    pub runner_up: Option<Quotient>,
    /// When the last seats are tied: the choices tied for them (each could take one), and how
    /// many seats they are tied for. Those seats are not in `seats`.
    pub tie: Option<Tie>,
}

/// A tie for the last seats: more choices with the same quotient than seats left for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tie {
    /// The choices tied, by code.
    pub choices: Vec<u32>,
    /// The seats they are tied for.
    pub seats: u32,
}

/// Allocates `seats` seats among `votes` (choice → votes) by `method`, seat by seat to the
/// highest quotient. Seats tied at the end are left out and reported in `tie`.
pub fn allocate(votes: &BTreeMap<u32, u64>, seats: u32, method: Method) -> Allocation {
    let mut won: BTreeMap<u32, u32> = votes.keys().map(|&c| (c, 0)).collect();
    let next = |choice: u32, won: &BTreeMap<u32, u32>| Quotient {
        choice,
        votes: votes[&choice],
        divisor: method.divisor(won[&choice]),
    };
    let mut last_seat = None;
    let mut left = seats;
    while left > 0 {
        let mut best: Vec<Quotient> = Vec::new();
        for &c in votes.keys() {
            let q = next(c, &won);
            match best.first().map(|b| q.cmp_value(b)) {
                None | Some(Ordering::Greater) => best = vec![q],
                Some(Ordering::Equal) => best.push(q),
                Some(Ordering::Less) => {}
            }
        }
        let Some(top) = best.first().copied() else {
            break;
        };
        if top.votes == 0 {
            // Seats no vote earned: tied among every choice.
            return tied(won, last_seat, best, left);
        }
        if best.len() as u32 > left {
            return tied(won, last_seat, best, left);
        }
        for q in best {
            *won.get_mut(&q.choice).expect("a choice") += 1;
            left -= 1;
            last_seat = Some(q);
        }
    }
    let runner_up = votes
        .keys()
        .map(|&c| next(c, &won))
        .max_by(|a, b| a.cmp_value(b).then(b.choice.cmp(&a.choice)));
    Allocation {
        seats: won,
        last_seat,
        runner_up,
        tie: None,
    }
}

fn tied(
    seats: BTreeMap<u32, u32>,
    last_seat: Option<Quotient>,
    best: Vec<Quotient>,
    left: u32,
) -> Allocation {
    Allocation {
        seats,
        last_seat,
        runner_up: best.first().copied(),
        tie: Some(Tie {
            choices: best.iter().map(|q| q.choice).collect(),
            seats: left,
        }),
    }
}
