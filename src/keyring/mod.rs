//! The commission's device keyring (spec §4): `keyring.csv`, its minisign signature by the
//! commission's root key, and the strict checks that make a keyring usable at all.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ed25519_dalek::VerifyingKey;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::tape::{is_valid_id, Timestamp};

/// The header row `keyring.csv` must have.
pub const HEADER: [&str; 8] = [
    "key_id",
    "public_key",
    "election",
    "center",
    "station",
    "not_before",
    "not_after",
    "revoked_at",
];

/// Largest keyring file read (a national keyring of 100,000 devices is about 15 MB).
const MAX_KEYRING_BYTES: u64 = 256 * 1024 * 1024;

/// Why a keyring cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    /// The file could not be read.
    #[error("{path}: cannot read the keyring: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A row or the header is malformed, or a key is unusable.
    #[error("{path}:{line}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// What is wrong and what to do.
        message: String,
    },
    /// The keyring and the root key were given the other way round.
    #[error("{} is a minisign public key and {} the device keyring: they look swapped; give --keyring {} --root-key {}", .keyring.display(), .root.display(), .root.display(), .keyring.display())]
    Swapped {
        /// The file given as the keyring (a minisign public key).
        keyring: PathBuf,
        /// The file given as the root key (a keyring).
        root: PathBuf,
    },
    /// The minisign signature or root key could not be used, or did not verify.
    #[error("{path}: {message}")]
    Authenticity {
        /// The file at fault (signature, root key or keyring).
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
}

/// One device key and the scope it may sign for.
#[derive(Debug, Clone)]
pub struct DeviceKey {
    /// The device's key id (`device=` of the payload).
    pub key_id: String,
    /// The Ed25519 public key (canonical, not small-order).
    pub public_key: VerifyingKey,
    /// Election the key may sign for (`None`: any).
    pub election: Option<String>,
    /// Centre the key may sign for (`None`: any).
    pub center: Option<u32>,
    /// Station the key may sign for (`None`: any).
    pub station: Option<u32>,
    /// Start of the window `closed` must fall in.
    pub not_before: Option<Timestamp>,
    /// End of the window `closed` must fall in.
    pub not_after: Option<Timestamp>,
    /// When the key was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
    /// 1-based line in `keyring.csv`.
    pub line: usize,
}

/// Whether the keyring's bytes were proven to come from the commission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authenticity {
    /// `keyring.csv.minisig` verified with the root key given.
    Authenticated {
        /// The root key's minisign key id, hex.
        root_key_id: String,
        /// The signature's trusted comment.
        trusted_comment: String,
    },
    /// No root key was given: nothing proves where this keyring came from.
    Unauthenticated,
}

/// A loaded, checked keyring.
#[derive(Debug, Clone)]
pub struct Keyring {
    /// Where it was read.
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// Whether the root key vouched for it.
    pub authenticity: Authenticity,
    keys: BTreeMap<String, DeviceKey>,
}

impl Keyring {
    /// Loads `keyring.csv`; with `root_key`, also checks `keyring.csv.minisig` beside it
    /// (or `signature`, when given) against that minisign public key.
    pub fn load(
        path: &Path,
        root_key: Option<&Path>,
        signature: Option<&Path>,
    ) -> Result<Keyring, KeyringError> {
        let io = |source| KeyringError::Io {
            path: path.to_path_buf(),
            source,
        };
        let bytes = crate::files::read(path, MAX_KEYRING_BYTES, "a keyring").map_err(io)?;
        if is_minisign_key(&bytes) {
            let root_is_keyring = root_key.is_some_and(|root| {
                crate::files::read(root, MAX_KEYRING_BYTES, "a keyring")
                    .is_ok_and(|b| is_keyring(&b))
            });
            return Err(match root_key {
                Some(root) if root_is_keyring => KeyringError::Swapped {
                    keyring: path.to_path_buf(),
                    root: root.to_path_buf(),
                },
                _ => KeyringError::Invalid {
                    path: path.to_path_buf(),
                    line: 1,
                    message: "this is a minisign public key (the commission's root key?), not the device keyring: give it with --root-key, and keyring.csv with --keyring".into(),
                },
            });
        }
        let authenticity = match root_key {
            None => Authenticity::Unauthenticated,
            Some(root) => {
                let default_sig = PathBuf::from(format!("{}.minisig", path.display()));
                authenticate(&bytes, path, root, signature.unwrap_or(&default_sig))?
            }
        };
        let mut keyring = Keyring::parse(&bytes, path)?;
        keyring.authenticity = authenticity;
        Ok(keyring)
    }

    /// Parses keyring bytes (no authenticity check: the result is `Unauthenticated`).
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Keyring, KeyringError> {
        let invalid = |line: usize, message: String| KeyringError::Invalid {
            path: path.to_path_buf(),
            line,
            message,
        };
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let good = &bytes[..e.valid_up_to()];
            invalid(
                1 + good.iter().filter(|&&b| b == b'\n').count(),
                format!(
                    "not UTF-8 text (byte {}): the keyring is UTF-8 CSV",
                    e.valid_up_to()
                ),
            )
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let header = reader
            .headers()
            .map_err(|e| invalid(1, format!("cannot read the header: {e}")))?
            .clone();
        crate::files::check_row(&header).map_err(|why| invalid(1, why))?;
        if header.iter().map(str::trim).ne(HEADER.iter().copied()) {
            return Err(invalid(
                1,
                format!(
                    "the header must be `{}`, found `{}`",
                    HEADER.join(","),
                    crate::tape::excerpt(&header.iter().collect::<Vec<_>>().join(","))
                ),
            ));
        }
        let records = reader
            .records()
            .map(|r| {
                r.map_err(|e| {
                    invalid(
                        e.position().map_or(0, |p| p.line() as usize),
                        format!("malformed row: {e}"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        // Checking a key decompresses a curve point: done in parallel for national keyrings.
        let parsed: Vec<Result<DeviceKey, KeyringError>> = records
            .par_iter()
            .map(|record| {
                let line = record.position().map_or(0, |p| p.line() as usize);
                parse_row(record, line).map_err(|m| invalid(line, m))
            })
            .collect();
        let mut keys: BTreeMap<String, DeviceKey> = BTreeMap::new();
        for key in parsed {
            let key = key?;
            let line = key.line;
            if let Some(first) = keys.get(&key.key_id) {
                return Err(invalid(line, format!("key_id {} appears twice (first on line {}): a keyring with a duplicate key id is invalid", key.key_id, first.line)));
            }
            keys.insert(key.key_id.clone(), key);
        }
        let sha256 = hex::encode(Sha256::digest(bytes));
        Ok(Keyring {
            path: path.to_path_buf(),
            sha256,
            authenticity: Authenticity::Unauthenticated,
            keys,
        })
    }

    /// The key with this id.
    pub fn get(&self, key_id: &str) -> Option<&DeviceKey> {
        self.keys.get(key_id)
    }

    /// Key ids at most `max_edits` character edits from `id`, nearest first: the devices a
    /// misread id may stand for.
    pub fn ids_near(&self, id: &str, max_edits: usize) -> Vec<&str> {
        let mut near: Vec<(usize, &str)> = self
            .keys
            .keys()
            .filter(|k| k.len().abs_diff(id.len()) <= max_edits)
            .map(|k| (edit_distance(k, id), k.as_str()))
            .filter(|(d, _)| *d <= max_edits)
            .collect();
        near.sort();
        near.into_iter().map(|(_, k)| k).collect()
    }

    /// Number of device keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the keyring holds no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Levenshtein distance between two short ASCII ids.
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Checks a 32-byte public key the way spec §4 demands: a canonical encoding of a point that is
/// not of small order.
pub fn check_public_key(bytes: &[u8; 32]) -> Result<VerifyingKey, String> {
    let key =
        VerifyingKey::from_bytes(bytes).map_err(|_| "is not a point on the curve".to_string())?;
    if !is_canonical_encoding(bytes) {
        return Err(
            "is not canonically encoded (y >= p): such a key has two spellings and is refused"
                .into(),
        );
    }
    if key.is_weak() {
        return Err(
            "is a small-order point: it would verify forged signatures and is refused".into(),
        );
    }
    Ok(key)
}

/// Whether a point encoding that decompresses is the one its point re-encodes to: `y < p`,
/// and no sign bit on `x = 0` (`y = ±1`). The same answer as re-encoding and comparing (see
/// the tests), without the field inversion that re-encoding costs: 55,000 keys are checked.
fn is_canonical_encoding(bytes: &[u8; 32]) -> bool {
    const P_MINUS_1: [u8; 32] = {
        let mut p = [0xff; 32];
        p[0] = 0xec;
        p[31] = 0x7f;
        p
    };
    let mut y = *bytes;
    y[31] &= 0x7f;
    let sign = bytes[31] & 0x80 != 0;
    // y >= p: the top 250 bits all set and the low byte at least 0xed (p = 2^255 - 19).
    let y_at_least_p = y[31] == 0x7f && y[1..31].iter().all(|&b| b == 0xff) && y[0] >= 0xed;
    let mut one = [0u8; 32];
    one[0] = 1;
    let x_is_zero = y == one || y == P_MINUS_1;
    !(y_at_least_p || (sign && x_is_zero))
}

fn parse_row(record: &csv::StringRecord, line: usize) -> Result<DeviceKey, String> {
    let _ = line;
    if record.len() != HEADER.len() {
        return Err(format!(
            "has {} columns, a keyring row has {}",
            record.len(),
            HEADER.len()
        ));
    }
    let cell = |i: usize| record.get(i).unwrap_or("").trim();
    let opt = |i: usize| Some(cell(i)).filter(|c| !c.is_empty());
    let key_id = cell(0).to_string();
    if !is_valid_id(&key_id) {
        return Err(format!(
            "key_id {key_id:?} is not an id (A-Z, 0-9 and '-', at most 32)"
        ));
    }
    let hex_key = cell(1);
    if hex_key.len() != 64
        || !hex_key
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(format!(
            "public_key of {key_id} must be 64 lowercase hex characters"
        ));
    }
    let mut raw = [0u8; 32];
    hex::decode_to_slice(hex_key, &mut raw).map_err(|e| format!("public_key of {key_id}: {e}"))?;
    let public_key = check_public_key(&raw).map_err(|m| format!("public_key of {key_id} {m}"))?;
    // Plain digits only: `+120345` parses as a number but is not how a code is written.
    let number = |i: usize| -> Result<Option<u32>, String> {
        opt(i)
            .map(|c| {
                c.parse::<u32>()
                    .ok()
                    .filter(|_| c.bytes().all(|b| b.is_ascii_digit()))
                    .ok_or_else(|| {
                        format!(
                            "{} of {key_id} is not a number (digits only): {c:?}",
                            HEADER[i]
                        )
                    })
            })
            .transpose()
    };
    let time = |i: usize| -> Result<Option<Timestamp>, String> {
        opt(i)
            .map(|c| {
                Timestamp::parse_payload_form(c).ok_or_else(|| {
                    format!(
                        "{} of {key_id} must be YYYY-MM-DDTHH:MM:SSZ, found {c:?}",
                        HEADER[i]
                    )
                })
            })
            .transpose()
    };
    let election = opt(2).map(str::to_string);
    if let Some(e) = &election {
        if !is_valid_id(e) {
            return Err(format!(
                "election of {key_id} {e:?} is not an election id as tapes print it (A-Z, 0-9 and '-', at most 32)"
            ));
        }
    }
    let (not_before, not_after) = (time(5)?, time(6)?);
    if let (Some(from), Some(to)) = (&not_before, &not_after) {
        if from > to {
            return Err(format!(
                "{key_id} is valid from {} to {}: not_before is after not_after, so no tape could ever verify; fix the dates",
                cell(5),
                cell(6)
            ));
        }
    }
    Ok(DeviceKey {
        election,
        center: number(3)?,
        station: number(4)?,
        not_before,
        not_after,
        revoked_at: time(7)?,
        key_id,
        public_key,
        line,
    })
}

fn authenticate(
    bytes: &[u8],
    path: &Path,
    root: &Path,
    sig_path: &Path,
) -> Result<Authenticity, KeyringError> {
    let fail = |p: &Path, message: String| KeyringError::Authenticity {
        path: p.to_path_buf(),
        message,
    };
    let root_text = crate::files::read_text(root, crate::files::MAX_KEY_FILE_BYTES, "a root key")
        .map_err(|e| fail(root, format!("cannot read the root key: {e}")))?;
    let sig_text = crate::files::read_text(sig_path, crate::files::MAX_KEY_FILE_BYTES, "a signature")
        .map_err(|e| fail(sig_path, format!("cannot read the keyring's signature ({e}): it is published beside keyring.csv as keyring.csv.minisig")))?;
    authenticate_texts(bytes, path, (root, &root_text), (sig_path, &sig_text))
}

/// Checks the keyring's bytes against its minisign signature and the root key, both given as
/// text with the paths that name them in messages.
pub fn authenticate_texts(
    bytes: &[u8],
    path: &Path,
    (root, root_text): (&Path, &str),
    (sig_path, sig_text): (&Path, &str),
) -> Result<Authenticity, KeyringError> {
    let fail = |p: &Path, message: String| KeyringError::Authenticity {
        path: p.to_path_buf(),
        message,
    };
    let public_key = minisign_verify::PublicKey::decode(root_text.trim_end())
        .or_else(|_| minisign_verify::PublicKey::from_base64(root_text.trim()))
        .map_err(|e| {
            let why = if is_keyring(root_text.as_bytes()) {
                "is the device keyring, not the root key: give it with --keyring, and the commission's root key (commission-root.pub) with --root-key".to_string()
            } else {
                format!("is not a minisign public key ({e}): give the commission's root key file (commission-root.pub)")
            };
            fail(root, why)
        })?;
    let signature = minisign_verify::Signature::decode(sig_text)
        .map_err(|e| fail(sig_path, format!("is not a minisign signature ({e})")))?;
    public_key.verify(bytes, &signature, false).map_err(|e| {
        fail(path, format!("its signature {} does not verify with the root key {} ({e}): this keyring is not the one the commission signed; do not use it, get it again from the commission", sig_path.display(), root.display()))
    })?;
    let root_key_id = root_key_id(root_text);
    Ok(Authenticity::Authenticated {
        root_key_id,
        trusted_comment: signature.trusted_comment().to_string(),
    })
}

/// Whether a file's bytes are a minisign public key (`untrusted comment:`, then a key), as
/// the commission's root key is.
pub fn is_minisign_key(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    let mut lines = text.lines();
    lines
        .next()
        .is_some_and(|l| l.starts_with("untrusted comment:"))
        && lines.next().is_some_and(|l| l.trim().starts_with("RW"))
}

/// Whether a file's bytes begin with the keyring's header (see [`HEADER`]).
pub fn is_keyring(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    text.lines().next().is_some_and(|first| {
        first
            .split(',')
            .map(|c| c.trim().trim_matches('"'))
            .eq(HEADER.iter().copied())
    })
}

/// The key id of a minisign public key file, as `minisign` prints it (16 hex digits), read
/// from the key itself rather than from its untrusted comment.
fn root_key_id(text: &str) -> String {
    let key = minisign::PublicKeyBox::from_string(text.trim_end())
        .and_then(|b| b.into_public_key())
        .or_else(|_| minisign::PublicKey::from_base64(text.trim()));
    key.ok()
        .and_then(|k| <[u8; 8]>::try_from(k.keynum()).ok())
        .map_or(String::new(), |n| format!("{:016X}", u64::from_le_bytes(n)))
}

#[cfg(test)]
mod tests;
