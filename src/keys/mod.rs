//! Observer keys: the minisign key pair an observer network signs its evidence bundles with.
//!
//! The files are minisign's own (`minisign -G` makes the same, `minisign -Vm FILE -p KEY.pub`
//! verifies what they sign); the `minisign` crate reads and writes them. A secret key is
//! protected by a passphrase (scrypt, as minisign) or, like `minisign -W`, by none. Asking for
//! the passphrase is the caller's business: this module never prompts and never prints.

use ed25519_dalek::SigningKey;

/// Why a key could not be made, read or used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The file is not a minisign key of the expected kind.
    #[error("{path}: not a minisign {kind} key ({detail}): give the file `tally keys generate` or `minisign -G` wrote")]
    NotAKey {
        /// The file.
        path: String,
        /// `public` or `secret`.
        kind: &'static str,
        /// What is wrong with it.
        detail: String,
    },
    /// The passphrase does not open the secret key.
    #[error("{path}: wrong passphrase for this secret key (or the key file is corrupted): try again, or check TALLY_KEY_PASSWORD")]
    WrongPassphrase {
        /// The file.
        path: String,
    },
    /// The secret key opens but its halves disagree: the file was damaged.
    #[error("{path}: the secret key is corrupted (its public half does not match its secret half): restore it from a backup")]
    Corrupt {
        /// The file.
        path: String,
    },
    /// The passphrase could not be had.
    #[error("{0}")]
    Passphrase(String),
    /// The minisign library failed.
    #[error("minisign: {0}")]
    Minisign(String),
}

/// The first comment line of the files.
const COMMENT_PREFIX: &str = "untrusted comment: ";
/// Length of a decoded secret key: algorithm, KDF, checksum algorithm, salt, limits, key
/// number, Ed25519 secret and public key, checksum.
const SECRET_KEY_BYTES: usize = 2 + 2 + 2 + 32 + 8 + 8 + 8 + 64 + 32;
/// KDF algorithm bytes of a key without passphrase (`minisign -W`).
const KDF_NONE: [u8; 2] = [0, 0];

/// A key pair as files: the text of `PREFIX.key` and `PREFIX.pub`.
#[derive(Debug, Clone)]
pub struct GeneratedKey {
    /// The secret key file's text.
    pub secret_text: String,
    /// The public key file's text.
    pub public_text: String,
    /// The key id, 16 upper-case hex digits as minisign prints it.
    pub key_id: String,
    /// The public key's base64 line (for `minisign -P`).
    pub public_base64: String,
}

/// A secret key opened for signing.
pub struct SecretKey {
    secret: minisign::SecretKey,
    public: minisign::PublicKey,
    /// Whether the file was protected by a passphrase.
    pub encrypted: bool,
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretKey")
            .field("key_id", &self.key_id())
            .field("encrypted", &self.encrypted)
            .finish_non_exhaustive()
    }
}

fn minisign_error(e: minisign::PError) -> KeyError {
    KeyError::Minisign(e.to_string())
}

/// The key id of a public key, as minisign prints it.
fn key_id_of(public: &minisign::PublicKey) -> String {
    let bytes = public.to_bytes();
    let mut keynum = [0u8; 8];
    keynum.copy_from_slice(&bytes[2..10]);
    format!("{:016X}", u64::from_le_bytes(keynum))
}

/// A public key file as minisign(1) writes it.
fn public_file_text(public: &minisign::PublicKey) -> String {
    format!(
        "{COMMENT_PREFIX}minisign public key {}\n{}\n",
        key_id_of(public),
        public.to_base64()
    )
}

/// Makes a new key pair; `passphrase` `None` leaves the secret key unprotected, as
/// `minisign -W`.
pub fn generate(passphrase: Option<&str>) -> Result<GeneratedKey, KeyError> {
    let pair = match passphrase {
        Some(p) if !p.is_empty() => {
            minisign::KeyPair::generate_encrypted_keypair(Some(p.to_string()))
                .map_err(minisign_error)?
        }
        _ => {
            // The crate writes an unprotected key with the scrypt KDF named (which minisign(1)
            // would ask a passphrase for): rewrite it in minisign -W's layout, no KDF.
            let pair = minisign::KeyPair::generate_encrypted_keypair(Some(String::new()))
                .map_err(minisign_error)?;
            let mut raw = pair.sk.to_bytes();
            raw[2..4].copy_from_slice(&KDF_NONE);
            raw[6..54].fill(0);
            let sk = minisign::SecretKey::from_bytes(&raw).map_err(minisign_error)?;
            minisign::KeyPair { pk: pair.pk, sk }
        }
    };
    let comment = if passphrase.is_some_and(|p| !p.is_empty()) {
        "minisign encrypted secret key"
    } else {
        "minisign secret key (no passphrase)"
    };
    Ok(GeneratedKey {
        secret_text: pair
            .sk
            .to_box(Some(comment))
            .map_err(minisign_error)?
            .to_string(),
        public_text: public_file_text(&pair.pk),
        key_id: key_id_of(&pair.pk),
        public_base64: pair.pk.to_base64(),
    })
}

/// The base64 line of a key file (its second line), checked to be present.
fn key_line<'a>(text: &'a str, path: &str, kind: &'static str) -> Result<&'a str, KeyError> {
    let not_a_key = |detail: &str| KeyError::NotAKey {
        path: path.to_string(),
        kind,
        detail: detail.to_string(),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    let first = lines.next().ok_or_else(|| not_a_key("the file is empty"))?;
    if !first.starts_with(COMMENT_PREFIX) {
        return Err(not_a_key("its first line is not `untrusted comment: ...`"));
    }
    lines
        .next()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .ok_or_else(|| not_a_key("the key line is missing"))
}

/// Reads a public key file (`PREFIX.pub`, `minisign.pub`), or a bare base64 key line.
pub fn read_public(text: &str, path: &str) -> Result<PublicKey, KeyError> {
    let line = match key_line(text, path, "public") {
        Ok(line) => line,
        Err(e) => {
            let bare = text.trim();
            if bare.lines().count() == 1 {
                bare
            } else {
                return Err(e);
            }
        }
    };
    let public = minisign::PublicKey::from_base64(line).map_err(|e| KeyError::NotAKey {
        path: path.to_string(),
        kind: "public",
        detail: e.to_string(),
    })?;
    Ok(PublicKey { public })
}

/// A public key.
#[derive(Debug, Clone)]
pub struct PublicKey {
    public: minisign::PublicKey,
}

impl PublicKey {
    /// The key id, as minisign prints it.
    pub fn key_id(&self) -> String {
        key_id_of(&self.public)
    }

    /// The base64 line (for `minisign -P`).
    pub fn base64(&self) -> String {
        self.public.to_base64()
    }

    /// The public key file's text.
    pub fn file_text(&self) -> String {
        public_file_text(&self.public)
    }
}

/// Whether a secret key file is protected by a passphrase (so that a caller asks for one
/// only when it is needed).
pub fn secret_is_encrypted(text: &str, path: &str) -> Result<bool, KeyError> {
    Ok(decode_secret(text, path)?[2..4] != KDF_NONE)
}

fn decode_secret(text: &str, path: &str) -> Result<Vec<u8>, KeyError> {
    use ct_codecs::{Base64, Decoder as _};
    let not_a_key = |detail: String| KeyError::NotAKey {
        path: path.to_string(),
        kind: "secret",
        detail,
    };
    let line = key_line(text, path, "secret")?;
    let raw = Base64::decode_to_vec(line, None)
        .map_err(|_| not_a_key("the key line is not base64".into()))?;
    if raw.len() != SECRET_KEY_BYTES {
        return Err(not_a_key(format!(
            "{} bytes where a secret key has {SECRET_KEY_BYTES}",
            raw.len()
        )));
    }
    if &raw[0..2] != b"Ed" {
        return Err(not_a_key("its algorithm is not Ed25519".into()));
    }
    if raw[2..4] != KDF_NONE && &raw[2..4] != b"Sc" {
        return Err(not_a_key("unknown key derivation function".into()));
    }
    Ok(raw)
}

/// Opens a secret key file. `passphrase` is asked only when the key is protected by one.
pub fn open_secret(
    text: &str,
    path: &str,
    passphrase: impl FnOnce() -> Result<String, KeyError>,
) -> Result<SecretKey, KeyError> {
    let raw = decode_secret(text, path)?;
    let encrypted = raw[2..4] != KDF_NONE;
    let secret = if encrypted {
        let pass = passphrase()?;
        if pass.is_empty() {
            return Err(KeyError::WrongPassphrase { path: path.into() });
        }
        let boxed = minisign::SecretKeyBox::from_string(text).map_err(minisign_error)?;
        minisign::SecretKey::from_box(boxed, Some(pass)).map_err(|e| {
            if e.to_string().contains("Wrong password") {
                KeyError::WrongPassphrase { path: path.into() }
            } else {
                minisign_error(e)
            }
        })?
    } else {
        // minisign -W leaves the checksum empty, which the crate's loader refuses: read the
        // raw layout, and check the key's two halves below instead.
        minisign::SecretKey::from_bytes(&raw).map_err(minisign_error)?
    };
    let public = minisign::PublicKey::from_secret_key(&secret).map_err(minisign_error)?;
    // The Ed25519 secret is seed || public key: the seed must give that public key.
    let bytes = secret.to_bytes();
    let seed: [u8; 32] = bytes[62..94].try_into().expect("32 bytes");
    if SigningKey::from_bytes(&seed).verifying_key().to_bytes() != bytes[94..126] {
        return Err(KeyError::Corrupt { path: path.into() });
    }
    Ok(SecretKey {
        secret,
        public,
        encrypted,
    })
}

impl SecretKey {
    /// The key id, as minisign prints it.
    pub fn key_id(&self) -> String {
        key_id_of(&self.public)
    }

    /// Its public key.
    pub fn public(&self) -> PublicKey {
        PublicKey {
            public: self.public.clone(),
        }
    }

    /// A minisign signature (the `.minisig` file's text) of `bytes` with this trusted comment.
    pub fn sign(&self, bytes: &[u8], trusted_comment: &str) -> Result<String, KeyError> {
        let signature = minisign::sign(
            Some(&self.public),
            &self.secret,
            bytes,
            Some(trusted_comment),
            Some("signature from tally observer key"),
        )
        .map_err(minisign_error)?;
        Ok(signature.to_string())
    }
}

/// A minisign signature that verified: its trusted comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The trusted comment (signed with the data).
    pub trusted_comment: String,
}

/// Verifies a minisign signature (`.minisig` text) of `bytes` with a public key.
pub fn verify(public: &PublicKey, bytes: &[u8], signature: &str) -> Result<Verified, String> {
    let pk = minisign_verify::PublicKey::from_base64(&public.base64())
        .map_err(|e| format!("the public key cannot be used: {e}"))?;
    let sig = minisign_verify::Signature::decode(signature)
        .map_err(|e| format!("not a minisign signature: {e}"))?;
    pk.verify(bytes, &sig, false).map_err(|e| match e {
        minisign_verify::Error::UnexpectedKeyId => format!(
            "signed by another key than {} (the observer key given)",
            public.key_id()
        ),
        e => format!("the signature does not verify: {e}"),
    })?;
    Ok(Verified {
        trusted_comment: sig.trusted_comment().to_string(),
    })
}

#[cfg(test)]
mod tests;
