//! The signature's two halves searched apart (meet in the middle). An Ed25519 signature
//! `R ‖ S` holds when `[S]B = R + [k]A`, with `k = SHA-512(R ‖ A ‖ message)`. `S` (the last
//! two signature lines) does not enter `k`, so the point `[S]B` of every candidate `S` is
//! computed once and kept in a table; each (message, `R`) pair then costs one hash and one
//! scalar multiplication, however many readings of `S` there are. A match is only a lead:
//! the caller checks it with the strict verification that judges every tape.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use sha2::{Digest, Sha512};

/// The cheapest combinations of one item from each list (each list cheapest first), cheapest
/// first, at most `cap` of them accepted by `accept`; `accept` sees the items' indices. A
/// best-first walk over the lists' ranks, so only combinations near the cheap end are
/// visited (at most eight times `cap`).
pub fn cheapest<T>(
    lists: &[&[(f32, T)]],
    cap: usize,
    mut accept: impl FnMut(&[usize]) -> bool,
) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    if lists.iter().any(|l| l.is_empty()) {
        return out;
    }
    let cost = |r: &[usize]| -> u32 {
        r.iter()
            .enumerate()
            .map(|(i, &k)| (lists[i][k].0.max(0.0) * 1000.0) as u32)
            .sum()
    };
    let start = vec![0usize; lists.len()];
    let mut heap = BinaryHeap::from([Reverse((cost(&start), start.clone()))]);
    let mut seen = HashSet::from([start]);
    let mut pops = 0;
    while let Some(Reverse((_, r))) = heap.pop() {
        pops += 1;
        if out.len() >= cap || pops > cap * 8 {
            break;
        }
        for i in 0..lists.len() {
            let mut next = r.clone();
            next[i] += 1;
            if next[i] < lists[i].len() && seen.insert(next.clone()) {
                heap.push(Reverse((cost(&next), next)));
            }
        }
        if accept(&r) {
            out.push(r);
        }
    }
    out
}

/// The 32 bytes of two 16-byte signature lines.
pub fn join(a: &[u8; 16], b: &[u8; 16]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out[..16].copy_from_slice(a);
    out[16..].copy_from_slice(b);
    out
}

/// Candidate `S` halves by the encoding of `[S]B`.
pub struct STable {
    by_point: HashMap<[u8; 32], [u8; 32]>,
}

impl STable {
    /// The table of the canonical scalars among `halves` (others cannot verify strictly).
    pub fn new(halves: impl IntoIterator<Item = [u8; 32]>) -> Self {
        let mut by_point = HashMap::new();
        for s in halves {
            let Some(scalar) = Option::<Scalar>::from(Scalar::from_canonical_bytes(s)) else {
                continue;
            };
            let point = EdwardsPoint::mul_base(&scalar).compress().to_bytes();
            by_point.entry(point).or_insert(s);
        }
        STable { by_point }
    }

    /// Candidates kept.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.by_point.len()
    }

    /// The `S` half that completes `r` into a signature of `message` under `key`, if one of
    /// the table's does.
    pub fn complete(&self, r: &RHalf, key: &KeyPoint, message: &[u8]) -> Option<[u8; 32]> {
        let mut wide = [0u8; 64];
        wide.copy_from_slice(
            &Sha512::new()
                .chain_update(r.bytes)
                .chain_update(key.bytes)
                .chain_update(message)
                .finalize(),
        );
        let k = Scalar::from_bytes_mod_order_wide(&wide);
        let expected =
            EdwardsPoint::vartime_double_scalar_mul_basepoint(&k, &key.point, &Scalar::ZERO)
                + r.point;
        self.by_point.get(&expected.compress().to_bytes()).copied()
    }
}

/// A candidate `R` half that is a curve point of large order (strict verification refuses
/// any other).
pub struct RHalf {
    bytes: [u8; 32],
    point: EdwardsPoint,
}

impl RHalf {
    /// The half, if it is such a point.
    pub fn new(bytes: [u8; 32]) -> Option<Self> {
        let point = CompressedEdwardsY(bytes).decompress()?;
        (!point.is_small_order()).then_some(RHalf { bytes, point })
    }

    /// Its 32 bytes.
    pub fn bytes(&self) -> [u8; 32] {
        self.bytes
    }
}

/// A device's public key as a curve point.
pub struct KeyPoint {
    bytes: [u8; 32],
    point: EdwardsPoint,
}

impl KeyPoint {
    /// The key's point, if its bytes are one.
    pub fn new(key: &ed25519_dalek::VerifyingKey) -> Option<Self> {
        let bytes = key.to_bytes();
        let point = CompressedEdwardsY(bytes).decompress()?;
        Some(KeyPoint { bytes, point })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    #[test]
    fn the_table_completes_exactly_the_signed_message() {
        let signing = SigningKey::from_bytes(&[7u8; 32]);
        let key = KeyPoint::new(&signing.verifying_key()).unwrap();
        let sig = signing.sign(b"station 12").to_bytes();
        let (r, s): ([u8; 32], [u8; 32]) =
            (sig[..32].try_into().unwrap(), sig[32..].try_into().unwrap());
        let mut wrong = s;
        wrong[3] ^= 1;
        let table = STable::new([wrong, s, [0xff; 32]]);
        assert_eq!(table.len(), 2, "the non-canonical scalar is left out");
        let r = RHalf::new(r).unwrap();
        assert_eq!(table.complete(&r, &key, b"station 12"), Some(s));
        assert_eq!(table.complete(&r, &key, b"station 13"), None);
    }

    #[test]
    fn cheapest_combinations_come_first() {
        let a = [(0.0, ()), (1.0, ()), (5.0, ())];
        let b = [(0.0, ()), (2.0, ())];
        let all = cheapest(&[&a, &b], 10, |_| true);
        assert_eq!(
            all,
            vec![
                vec![0, 0],
                vec![1, 0],
                vec![0, 1],
                vec![1, 1],
                vec![2, 0],
                vec![2, 1]
            ]
        );
        let odd = cheapest(&[&a, &b], 2, |r| r[0] != 1);
        assert_eq!(odd, vec![vec![0, 0], vec![0, 1]]);
    }
}
