//! Signed sample tapes and their keyring, made from a seed: what the photo tests and the
//! photo benchmark render, read back and check against the truth. (`tally simulate` makes
//! whole elections; this makes only what a photo needs.)

use ed25519_dalek::{Signer as _, SigningKey};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::tape::{Choice, Payload, Signature, Tape, Timestamp};

/// Candidate names printed beside the codes (presentation only).
const NAMES: [&str; 12] = [
    "AHMED K. HASSAN",
    "ZAINAB M. ALI",
    "OMAR S. JABBAR",
    "HUDA N. KAREEM",
    "SARBAST R. AZIZ",
    "LAYLA F. SAEED",
    "KARIM A. MAHDI",
    "NOOR H. SALIH",
    "YOUSIF T. RASHID",
    "MARYAM J. OBAID",
    "DILAN B. OMER",
    "SAMIR W. NAJI",
];

/// A set of signed tapes from devices of one keyring.
#[derive(Debug, Clone)]
pub struct SampleSet {
    /// The tapes, each signed by its own device key.
    pub tapes: Vec<Tape>,
    /// `keyring.csv` text holding every device's public key.
    pub keyring_csv: String,
    /// The seed the set was made from (it also derives the root key).
    pub seed: u64,
}

impl SampleSet {
    /// The commission's root key (`commission-root.pub`) and its minisign signature of
    /// `keyring_csv` (`keyring.csv.minisig`), so that the keyring is authenticated.
    pub fn keyring_authentication(&self) -> Result<(String, String), String> {
        let root = super::RootKey::derive(self.seed).map_err(|e| e.to_string())?;
        let public = root.public_text().map_err(|e| e.to_string())?;
        let signature = root
            .sign(self.keyring_csv.as_bytes(), "sample keyring")
            .map_err(|e| e.to_string())?;
        Ok((public, signature))
    }
}

/// Most choices a sample tape has: a long list, photographed in parts.
pub const MAX_SAMPLE_CHOICES: usize = 80;

/// The name printed beside a tape's `k`-th choice: the list's names, then (past twelve) each
/// first name with another's surname.
fn name(k: usize) -> String {
    let n = NAMES.len();
    if k < n {
        return NAMES[k].to_string();
    }
    let first = NAMES[k % n].split(' ').next().unwrap_or("");
    let last = NAMES[(k + k / n) % n].rsplit(' ').next().unwrap_or("");
    format!("{first} {last}")
}

/// Makes `count` signed tapes of `choices` choices each (1 to [`MAX_SAMPLE_CHOICES`]),
/// deterministic in `seed`.
/// Figures range from 0 to several hundred, as at a real station, and satisfy spec §6.
pub fn sample_set(seed: u64, count: usize, choices: usize) -> SampleSet {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut keyring_csv =
        "key_id,public_key,election,center,station,not_before,not_after,revoked_at\n".to_string();
    let mut tapes = Vec::with_capacity(count);
    for i in 0..count {
        let key = SigningKey::from_bytes(&rng.gen());
        let center = rng.gen_range(100_000..400_000u32);
        let station = rng.gen_range(1..20u32);
        let device = format!("RTS-{:06X}", rng.gen_range(0..0xFF_FFFFu32) ^ i as u32);
        keyring_csv.push_str(&format!(
            "{device},{},SIM-2025-PR,,,,,\n",
            hex::encode(key.verifying_key().to_bytes())
        ));
        let n = choices.clamp(1, MAX_SAMPLE_CHOICES);
        let mut code = rng.gen_range(100..110u32);
        let mut list = Vec::with_capacity(n);
        for _ in 0..n {
            let votes = if rng.gen_bool(0.1) {
                0
            } else {
                rng.gen_range(0..260u32)
            };
            list.push(Choice { code, votes });
            code += rng.gen_range(1..30u32);
        }
        let valid: u32 = list.iter().map(|c| c.votes).sum();
        let invalid = rng.gen_range(0..25u32);
        let ballots = valid + invalid;
        let voters = ballots + rng.gen_range(0..3u32);
        let registered = voters + rng.gen_range(0..600u32);
        let payload = Payload {
            election: "SIM-2025-PR".into(),
            governorate: rng.gen_range(1..19),
            district: rng.gen_range(1..40),
            center,
            station,
            device,
            closed: Timestamp::new(
                2025,
                11,
                11,
                rng.gen_range(17..21),
                rng.gen_range(0..60),
                rng.gen_range(0..60),
            )
            .expect("a valid time"),
            registered,
            voters,
            ballots,
            invalid,
            valid,
            choices: list,
        };
        let sig = key.sign(payload.to_text().as_bytes()).to_bytes();
        let mut tape = Tape::from_payload(payload, Signature::Present(sig));
        tape.header = vec![
            "INDEPENDENT HIGH ELECTORAL".into(),
            "COMMISSION".into(),
            "RESULT TAPE".into(),
        ];
        // Up to twelve choices, the list's names turned by the tape's index; past twelve, every
        // name differs.
        tape.names = (0..n)
            .map(|k| {
                Some(if n <= NAMES.len() {
                    NAMES[(k + i) % NAMES.len()].to_string()
                } else {
                    name(k)
                })
            })
            .collect();
        tapes.push(tape);
    }
    SampleSet {
        tapes,
        keyring_csv,
        seed,
    }
}
