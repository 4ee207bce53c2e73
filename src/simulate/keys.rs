//! The simulated commission's keys: a minisign root key derived from the seed, which signs the
//! device keyring, and the keyring itself (spec §4), one device key per station scoped to its
//! election, centre and station for election day.

use std::fmt::Write as _;

use ed25519_dalek::SigningKey;
use rand::RngCore;

use super::model::{KeyRow, SimulateError};
use super::numbers::ELECTION_DAY;
use super::plan::stream;
use crate::keyring::HEADER;
use crate::tape::Timestamp;

/// The random stream the root key is drawn from.
const ROOT_STREAM: u64 = u64::MAX;

/// The window every device key is valid in: election day and the day after.
pub(crate) fn key_window() -> (Timestamp, Timestamp) {
    let (y, m, d) = ELECTION_DAY;
    let from = Timestamp::new(y, m, d, 0, 0, 0).expect("election day");
    let to = Timestamp::new(y, m, d + 1, 23, 59, 59).expect("the day after election day");
    (from, to)
}

/// `keyring.csv` for these device keys, in the order given.
pub(crate) fn keyring_csv<'a>(election: &str, rows: impl Iterator<Item = &'a KeyRow>) -> String {
    let (from, to) = key_window();
    let mut out = format!("{}\n", HEADER.join(","));
    for r in rows {
        let revoked = r.revoked_at.map(|t| t.to_string()).unwrap_or_default();
        let _ = writeln!(
            out,
            "{},{},{election},{},{},{from},{to},{revoked}",
            r.key_id,
            hex::encode(r.public_key),
            r.center,
            r.station
        );
    }
    out
}

/// The commission's root key, derived from the seed.
pub(crate) struct RootKey {
    secret: minisign::SecretKey,
    public: minisign::PublicKey,
}

impl RootKey {
    /// Builds the minisign key pair of a seed: an unencrypted secret key in minisign's raw
    /// layout (algorithm `Ed`, no KDF, checksum `B2`, key number and Ed25519 seed from the seed).
    pub fn derive(seed: u64) -> Result<RootKey, SimulateError> {
        let mut rng = stream(seed, ROOT_STREAM);
        let mut ed_seed = [0u8; 32];
        rng.fill_bytes(&mut ed_seed);
        let mut keynum = [0u8; 8];
        rng.fill_bytes(&mut keynum);
        let public = SigningKey::from_bytes(&ed_seed).verifying_key().to_bytes();
        let mut raw = Vec::with_capacity(158);
        raw.extend_from_slice(b"Ed");
        raw.extend_from_slice(&[0, 0]);
        raw.extend_from_slice(b"B2");
        raw.extend_from_slice(&[0; 32 + 8 + 8]);
        raw.extend_from_slice(&keynum);
        raw.extend_from_slice(&ed_seed);
        raw.extend_from_slice(&public);
        raw.extend_from_slice(&[0; 32]);
        let secret = minisign::SecretKey::from_bytes(&raw)
            .map_err(|e| SimulateError::RootKey(e.to_string()))?;
        let public = minisign::PublicKey::from_secret_key(&secret)
            .map_err(|e| SimulateError::RootKey(e.to_string()))?;
        Ok(RootKey { secret, public })
    }

    /// The public key file (`commission-root.pub`), minisign format.
    pub fn public_text(&self) -> Result<String, SimulateError> {
        Ok(self
            .public
            .to_box()
            .map_err(|e| SimulateError::RootKey(e.to_string()))?
            .to_string())
    }

    /// A minisign signature of `bytes` (the `.minisig` file) with this trusted comment.
    pub fn sign(&self, bytes: &[u8], trusted_comment: &str) -> Result<String, SimulateError> {
        let signature = minisign::sign(
            Some(&self.public),
            &self.secret,
            bytes,
            Some(trusted_comment),
            None,
        )
        .map_err(|e| SimulateError::RootKey(e.to_string()))?;
        Ok(signature.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_key_is_derived_and_signs_verifiably() {
        let root = RootKey::derive(9).unwrap();
        let text = root.public_text().unwrap();
        assert_eq!(text, RootKey::derive(9).unwrap().public_text().unwrap());
        assert_ne!(text, RootKey::derive(10).unwrap().public_text().unwrap());
        assert!(
            text.starts_with("untrusted comment: minisign public key: "),
            "{text}"
        );
        let sig = root.sign(b"hello\n", "X device keyring").unwrap();
        let pk = minisign_verify::PublicKey::decode(text.trim_end()).unwrap();
        let sig = minisign_verify::Signature::decode(&sig).unwrap();
        assert_eq!(sig.trusted_comment(), "X device keyring");
        pk.verify(b"hello\n", &sig, false).unwrap();
        assert!(pk.verify(b"hello!\n", &sig, false).is_err());
    }

    #[test]
    fn keyring_rows_follow_the_spec() {
        let row = KeyRow {
            key_id: "RTS-00A1B2".into(),
            public_key: [7; 32],
            center: 100001,
            station: 3,
            revoked_at: None,
        };
        let revoked = KeyRow {
            revoked_at: Timestamp::new(2025, 11, 11, 23, 5, 0),
            ..row.clone()
        };
        let csv = keyring_csv("SIM-1", [row, revoked].iter());
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "key_id,public_key,election,center,station,not_before,not_after,revoked_at"
        );
        assert_eq!(
            lines[1],
            format!(
                "RTS-00A1B2,{},SIM-1,100001,3,2025-11-11T00:00:00Z,2025-11-12T23:59:59Z,",
                "07".repeat(32)
            )
        );
        assert!(lines[2].ends_with(",2025-11-12T23:59:59Z,2025-11-11T23:05:00Z"));
    }
}
