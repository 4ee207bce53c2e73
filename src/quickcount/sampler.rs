//! Rivest's SHA-256 sampler (R. L. Rivest, `sampler.py`, 14 November 2011; the pseudo-random
//! sampling used for election audits): the i-th draw from `1..=total` is
//! `1 + int(SHA-256(seed + "," + i)) mod total`, the seed and counter as UTF-8 text and the
//! digest read as a 256-bit big-endian number. Without replacement a repeat is skipped and the
//! counter goes on. Anyone can redraw a sample with the reference implementation, or with
//! Stark's browser page, from the seed announced in public.

use sha2::{Digest, Sha256};

/// The value of draw `counter` (1, 2, 3…) from `1..=total`. `total` must not be 0.
pub fn draw(seed: &str, counter: u64, total: u64) -> u64 {
    let digest = Sha256::digest(format!("{seed},{counter}").as_bytes());
    // The digest's 256-bit number modulo `total`, one byte at a time (Horner).
    let total = u128::from(total);
    let rest = digest
        .iter()
        .fold(0u128, |r, &b| (r * 256 + u128::from(b)) % total);
    1 + rest as u64
}

/// One pick of a sample: the counter of the draw that gave it and its value in `1..=total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pick {
    /// The draw's counter: `i` in `SHA-256(seed + "," + i)`.
    pub draw: u64,
    /// The value drawn, `1..=total`.
    pub value: u64,
}

/// `count` draws from `1..=total`, repeats allowed (the reference's "duplicates OK").
pub fn with_replacement(seed: &str, total: u64, count: u64) -> Vec<Pick> {
    if total == 0 {
        return Vec::new();
    }
    (1..=count)
        .map(|draw| Pick {
            draw,
            value: self::draw(seed, draw, total),
        })
        .collect()
}

/// `count` distinct values from `1..=total` (at most `total`), repeats skipped: the
/// reference's sampling without replacement.
pub fn without_replacement(seed: &str, total: u64, count: u64) -> Vec<Pick> {
    let count = count.min(total);
    let mut seen = std::collections::HashSet::new();
    let mut picks = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
    let mut counter = 0u64;
    while (picks.len() as u64) < count {
        counter += 1;
        let value = draw(seed, counter, total);
        if seen.insert(value) {
            picks.push(Pick {
                draw: counter,
                value,
            });
        }
    }
    picks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published test vectors of the reference sampler (repository
    /// cjerdonek/rivest-sampler-tests, `tests.json`, version 0.2.0-alpha: checked against
    /// Rivest's `sampler.py` under Python 2.6.9), drawn with repeats allowed:
    /// (seed, total, expected).
    const VECTORS: &[(&str, u64, &[u64])] = &[
        ("abc123", 1000, &[455, 764, 629]),
        ("0", 1000, &[905, 573, 160]),
        ("0", 2, &[1, 1, 2]),
        ("1", 1000, &[97, 89, 163]),
        ("0000000000", 1000, &[978, 359, 132]),
        ("999999999999999999999999", 1000, &[544, 800, 654]),
        ("abcde", 1000, &[247, 427, 157]),
        (
            "3546311556112163624615351222",
            876,
            &[740, 180, 264, 789, 238],
        ),
        ("snowman: \u{2603}", 1000, &[634, 56, 46]),
        ("\u{1F600}", 1000, &[596, 415, 303, 11, 141]),
    ];

    #[test]
    fn reproduces_every_published_test_vector() {
        for (seed, total, expected) in VECTORS {
            let got: Vec<u64> = with_replacement(seed, *total, expected.len() as u64)
                .iter()
                .map(|p| p.value)
                .collect();
            assert_eq!(&got, expected, "seed {seed:?}, total {total}");
        }
    }

    /// The transcript in the reference implementation's documentation: seed
    /// 3546311556112163624615351222, 47 values of 1..876 without replacement; draw 32 gives
    /// 611 again and is rejected.
    #[test]
    fn reproduces_the_reference_transcript_without_replacement() {
        let expected: [u64; 47] = [
            740, 180, 264, 789, 238, 448, 272, 611, 761, 208, 596, 88, 160, 113, 766, 427, 184,
            816, 653, 411, 779, 331, 339, 487, 594, 235, 65, 527, 821, 490, 461, 251, 471, 414,
            174, 567, 300, 134, 144, 357, 786, 792, 218, 550, 787, 537, 197,
        ];
        let picks = without_replacement("3546311556112163624615351222", 876, 47);
        let values: Vec<u64> = picks.iter().map(|p| p.value).collect();
        assert_eq!(values, expected);
        // Draw 32 was the repeat: the 32nd value came from draw 33, the last from draw 48.
        assert_eq!(picks[30].draw, 31);
        assert_eq!(picks[31].draw, 33);
        assert_eq!(picks[46].draw, 48);
    }

    #[test]
    fn without_replacement_takes_everything_and_never_more() {
        let picks = without_replacement("x", 5, 9);
        let mut values: Vec<u64> = picks.iter().map(|p| p.value).collect();
        values.sort_unstable();
        assert_eq!(values, [1, 2, 3, 4, 5]);
        assert!(without_replacement("x", 0, 3).is_empty());
        assert!(with_replacement("x", 0, 3).is_empty());
    }
}
