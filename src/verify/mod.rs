//! Tape statuses (spec §5): strict Ed25519 verification of the rebuilt payload, then the
//! keyring's word on the key (known, revoked, in scope, in its window).

use ed25519_dalek::{Signature as EdSignature, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::keyring::Keyring;
use crate::tape::{Signature, Tape};

/// The status of a tape, spec §5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Strict signature valid, key known, in scope, window holds, not revoked.
    Verified,
    /// A signature is present and does not verify strictly.
    BadSignature,
    /// The device is not in the keyring (or no keyring was given).
    UnknownKey,
    /// The key is revoked.
    KeyRevoked,
    /// The key may not sign for this election, centre or station.
    KeyOutOfScope,
    /// `closed` lies outside the key's window.
    KeyExpired,
    /// The tape carries no signature.
    Unsigned,
    /// A signature is there but could not be read.
    UnreadableSignature,
    /// The signature holds for a key of a keyring nobody authenticated (no `--root-key`):
    /// nothing ties the key to the commission.
    KeyUnauthenticated,
    /// Figures read by OCR from a photo that no signature proves: the signature fails with
    /// them and nobody confirmed the reading, so a misreading is as likely as an altered tape.
    Unproven,
}

impl Status {
    /// The spec's name of the status (`bad-signature`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Verified => "verified",
            Status::BadSignature => "bad-signature",
            Status::UnknownKey => "unknown-key",
            Status::KeyRevoked => "key-revoked",
            Status::KeyOutOfScope => "key-out-of-scope",
            Status::KeyExpired => "key-expired",
            Status::Unsigned => "unsigned",
            Status::UnreadableSignature => "unreadable-signature",
            Status::KeyUnauthenticated => "key-unauthenticated",
            Status::Unproven => "unproven",
        }
    }

    /// Whether the status proves the figures: only `verified` does.
    pub fn is_proven(self) -> bool {
        self == Status::Verified
    }

    /// Whether the device's key signed exactly these figures, whatever the keyring says of
    /// the key: a reading whose signature holds was read right.
    pub fn figures_signed(self) -> bool {
        matches!(
            self,
            Status::Verified
                | Status::KeyUnauthenticated
                | Status::KeyRevoked
                | Status::KeyOutOfScope
                | Status::KeyExpired
        )
    }

    /// Every status, in spec order.
    pub const ALL: [Status; 10] = [
        Status::Verified,
        Status::BadSignature,
        Status::UnknownKey,
        Status::KeyRevoked,
        Status::KeyOutOfScope,
        Status::KeyExpired,
        Status::Unsigned,
        Status::UnreadableSignature,
        Status::KeyUnauthenticated,
        Status::Unproven,
    ];
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A status with the plain-language reason behind it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The status.
    pub status: Status,
    /// Why, in words an observer can repeat.
    pub reason: String,
    /// SHA-256 of the payload's bytes as signed (spec §3), hex: the figures' fingerprint, the
    /// same for every copy of one tape whatever its status.
    pub payload_sha256: String,
}

/// How a tape's figures were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// A printed tape typed in by a person (or its text saved by a device).
    Typed,
    /// The text a tape's QR code holds, saved as a file.
    QrText,
    /// A photo's QR code.
    Qr,
    /// A photo's printed text, read by OCR as the engine read it.
    Ocr,
    /// A photo's printed text, read by OCR with corrections the signature proved.
    OcrCorrected,
    /// A photo's reading corrected by an observer (`tally review`).
    Reviewed,
    /// A row of an observers' own table (a form export, decoded QR codes): unsigned.
    Table,
}

impl Source {
    /// The JSON name of the source.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Typed => "typed",
            Source::QrText => "qr-text",
            Source::Qr => "qr",
            Source::Ocr => "ocr",
            Source::OcrCorrected => "ocr-corrected",
            Source::Reviewed => "reviewed",
            Source::Table => "table",
        }
    }

    /// Whether the tape was read from a photo.
    pub fn is_photo(self) -> bool {
        matches!(
            self,
            Source::Qr | Source::Ocr | Source::OcrCorrected | Source::Reviewed
        )
    }
}

/// Strict Ed25519 verification (RFC 8032 with the checks of `verify_strict`: canonical S, no
/// small-order key or R).
pub fn signature_holds(public_key: &VerifyingKey, message: &[u8], signature: &[u8; 64]) -> bool {
    public_key
        .verify_strict(message, &EdSignature::from_bytes(signature))
        .is_ok()
}

/// Decides a tape's status against a keyring (`None`: no keyring was given).
pub fn verify_tape(tape: &Tape, keyring: Option<&Keyring>) -> Verdict {
    use sha2::Digest as _;
    let signed = tape.payload.to_text();
    let payload_sha256 = hex::encode(sha2::Sha256::digest(signed.as_bytes()));
    let verdict = |status, reason: String| Verdict {
        status,
        reason,
        payload_sha256: payload_sha256.clone(),
    };
    let sig = match &tape.signature {
        Signature::Absent => {
            return verdict(
                Status::Unsigned,
                "the tape carries no signature: its figures are not proven".into(),
            )
        }
        Signature::Unreadable { reason, .. } => {
            return verdict(
                Status::UnreadableSignature,
                format!("{reason}: the figures are not proven"),
            )
        }
        Signature::Present(sig) => sig,
    };
    let p = &tape.payload;
    let Some(keyring) = keyring else {
        return verdict(
            Status::UnknownKey,
            "no keyring given (--keyring): the signature was not checked".into(),
        );
    };
    let Some(key) = keyring.get(&p.device) else {
        return verdict(
            Status::UnknownKey,
            format!(
                "device {} is not in the keyring: the signature cannot be checked",
                p.device
            ),
        );
    };
    if !signature_holds(&key.public_key, signed.as_bytes(), sig) {
        return verdict(Status::BadSignature, format!("the signature does not verify with the key of {}: the figures are not the ones the device signed", p.device));
    }
    if let Some(at) = key.revoked_at {
        return verdict(
            Status::KeyRevoked,
            format!(
                "the key of {} was revoked at {at}: it proves nothing",
                p.device
            ),
        );
    }
    let scope_breaks = [
        key.election
            .as_ref()
            .filter(|e| **e != p.election)
            .map(|e| format!("election {e}")),
        key.center
            .filter(|c| *c != p.center)
            .map(|c| format!("centre {c}")),
        key.station
            .filter(|s| *s != p.station)
            .map(|s| format!("station {s}")),
    ];
    if let Some(limit) = scope_breaks.into_iter().flatten().next() {
        return verdict(
            Status::KeyOutOfScope,
            format!("the key of {} may only sign for {limit}", p.device),
        );
    }
    if key.not_before.is_some_and(|t| p.closed < t) || key.not_after.is_some_and(|t| p.closed > t) {
        let show =
            |t: Option<crate::tape::Timestamp>| t.map_or("open".to_string(), |t| t.to_string());
        return verdict(
            Status::KeyExpired,
            format!(
                "closed {} lies outside the key's window {} to {}",
                p.closed,
                show(key.not_before),
                show(key.not_after)
            ),
        );
    }
    match keyring.authenticity {
        crate::keyring::Authenticity::Authenticated { .. } => verdict(
            Status::Verified,
            format!("signature verified with the key of {}", p.device),
        ),
        crate::keyring::Authenticity::Unauthenticated => verdict(
            Status::KeyUnauthenticated,
            format!(
                "the signature holds for the key of {}, but nobody vouched for the keyring (no --root-key): it proves nothing",
                p.device
            ),
        ),
    }
}

/// Decides the status of a tape read from an input: as [`verify_tape`], except that figures
/// read by OCR whose signature fails, or whose device id the keyring lacks, are `unproven` —
/// a misreading of ours is as likely as an altered tape or a missing key — where figures
/// certain as given (typed, a QR code, a reading a person confirmed) are `bad-signature` or
/// `unknown-key`.
pub fn verify_reading(tape: &Tape, source: Source, keyring: Option<&Keyring>) -> Verdict {
    let v = verify_tape(tape, keyring);
    let by_ocr = matches!(source, Source::Ocr | Source::OcrCorrected);
    if v.status == Status::BadSignature && by_ocr {
        return Verdict {
            status: Status::Unproven,
            reason: "the signature fails with the figures as read by OCR".into(),
            ..v
        };
    }
    // A device id the keyring lacks, as OCR read it (`PC0S-…` for `PCOS-…`, its look-alike
    // ids already tried): a misreading of ours, which says nothing of the keyring.
    if v.status == Status::UnknownKey && by_ocr && keyring.is_some() {
        return Verdict {
            status: Status::Unproven,
            reason: format!(
                "device {} as read by OCR is not in the keyring, nor is any id it could be misread from: the reading is not proven",
                tape.payload.device
            ),
            ..v
        };
    }
    if source == Source::Table {
        return Verdict {
            reason: "a row of an observers' table: no signature, its figures are not proven".into(),
            ..v
        };
    }
    v
}

#[cfg(test)]
mod tests;
