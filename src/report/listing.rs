//! The tape listing of `tally read` and `tally verify`: one entry per input, in input order.
//! Its JSON form is a contract (schema_version 2), documented in tally-verify(1).

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::keyring::{Authenticity, Keyring};
use crate::source::{Input, Source};
use crate::verify::{verify_reading, Status, Verdict};

/// Version of the listing's JSON schema.
pub const SCHEMA_VERSION: u32 = 2;

/// Declares a status type that is a spec §5 status or one more word (`unreadable`,
/// `missing`), serialised as that word.
macro_rules! status_or {
    ($(#[$doc:meta])* $name:ident, $extra:ident, $word:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            /// A tape with this status.
            Tape(Status),
            #[doc = concat!("`", $word, "`")]
            $extra,
        }

        impl $name {
            /// The JSON name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $name::Tape(s) => s.as_str(),
                    $name::$extra => $word,
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <String as serde::Deserialize>::deserialize(d)?;
                Status::ALL
                    .iter()
                    .map(|s| $name::Tape(*s))
                    .chain([$name::$extra])
                    .find(|s| s.as_str() == text)
                    .ok_or_else(|| serde::de::Error::custom(format!("unknown status {text:?}")))
            }
        }
    };
}
pub(crate) use status_or;

status_or!(
    /// The status of one input: a spec §5 status, or `unreadable` when the file is not a tape.
    InputStatus,
    Unreadable,
    "unreadable"
);

/// The keyring a listing was checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyringInfo {
    /// Path of keyring.csv.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Whether its minisign signature verified with the root key given.
    pub authenticated: bool,
    /// The root key's id, when authenticated.
    pub root_key_id: Option<String>,
    /// The signature's trusted comment, when authenticated.
    pub trusted_comment: Option<String>,
    /// Number of device keys.
    pub keys: usize,
}

/// A station's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StationId {
    /// Polling centre code.
    pub center: u32,
    /// Station number in the centre.
    pub station: u32,
}

/// A broken rule of spec §6.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArithmeticEntry {
    /// The rule as the spec states it.
    pub rule: String,
    /// The figures.
    pub detail: String,
}

/// Where a value was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OriginEntry {
    /// Field (`registered`, `choice 101`, `sig2`).
    pub field: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// One input of a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TapeEntry {
    /// The file.
    pub path: String,
    /// SHA-256 of the file's bytes (absent when it could not be read).
    pub sha256: Option<String>,
    /// Spec §5 status, or `unreadable`.
    pub status: InputStatus,
    /// Why, in plain words.
    pub reason: String,
    /// The line the reason points at, if any.
    pub line: Option<usize>,
    /// How the figures were read.
    pub source: Source,
    /// The station, when the tape was read.
    pub station: Option<StationId>,
    /// The signing device's key id.
    pub device: Option<String>,
    /// The exact payload bytes that were checked, as text (`None` when the tape does not give
    /// them all).
    pub payload: Option<String>,
    /// The payload keys an unsigned tape does not give (absent is not zero).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<String>,
    /// The spec §6 rules the tape's figures break (still the device's word; never corrected).
    pub arithmetic: Vec<ArithmeticEntry>,
    /// The line of the file each value came from.
    pub origin: Vec<OriginEntry>,
    /// For a tape read from a photo: the engine, per-field confidence, corrections the
    /// signature proved, what stays doubtful, and printed figures that differ from the
    /// signed QR code (absent for typed tapes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo: Option<crate::source::PhotoInfo>,
}

/// Counts per status.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListingSummary {
    /// Inputs listed.
    pub inputs: usize,
    /// Inputs per status, sorted by status name.
    pub by_status: std::collections::BTreeMap<String, usize>,
    /// Tapes whose arithmetic breaks a rule of spec §6.
    pub arithmetic: usize,
}

/// The whole listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listing {
    /// Schema version, 2.
    pub schema_version: u32,
    /// tally's version.
    pub tool_version: String,
    /// The keyring used, if any.
    pub keyring: Option<KeyringInfo>,
    /// One entry per input, in the order given (folders walked in sorted order).
    pub tapes: Vec<TapeEntry>,
    /// Counts.
    pub summary: ListingSummary,
}

impl TapeEntry {
    /// Whether the input needs a look: it is not a verified tape, its arithmetic breaks a rule
    /// of spec §6, or printed figures differ from its signed QR code.
    pub fn is_problem(&self) -> bool {
        self.status != InputStatus::Tape(Status::Verified)
            || !self.arithmetic.is_empty()
            || self
                .photo
                .as_ref()
                .is_some_and(|p| !p.printed_differs_from_qr.is_empty())
    }
}

impl KeyringInfo {
    /// Describes a loaded keyring.
    pub fn of(keyring: &Keyring) -> KeyringInfo {
        let (authenticated, root_key_id, trusted_comment) = match &keyring.authenticity {
            Authenticity::Authenticated {
                root_key_id,
                trusted_comment,
            } => (
                true,
                Some(root_key_id.clone()),
                Some(trusted_comment.clone()),
            ),
            Authenticity::Unauthenticated => (false, None, None),
        };
        KeyringInfo {
            path: keyring.path.display().to_string(),
            sha256: keyring.sha256.clone(),
            authenticated,
            root_key_id,
            trusted_comment,
            keys: keyring.len(),
        }
    }
}

impl TapeEntry {
    /// Where to find it: `table.csv:12` for a row of an observers' table, else the path.
    pub fn place(&self) -> String {
        // Other inputs' line is the line their reason points at, not where they are.
        let row = self.line.filter(|_| self.source == Source::Table);
        crate::source::located(&self.path, row)
    }
}

/// Builds the entry of one input from its verdict (`None` when it is not a tape);
/// `with_origin` lists the line each value came from (`tally read`).
pub fn entry(input: &Input, verdict: Option<&Verdict>, with_origin: bool) -> TapeEntry {
    let mut e = TapeEntry {
        path: input.path.display().to_string(),
        sha256: input.sha256.clone(),
        status: InputStatus::Unreadable,
        reason: String::new(),
        line: input.line,
        source: input.source,
        station: None,
        device: None,
        payload: None,
        absent: Vec::new(),
        arithmetic: Vec::new(),
        origin: Vec::new(),
        photo: input.photo.clone(),
    };
    match (&input.tape, verdict) {
        (Err(err), _) => {
            e.reason = err.message.clone();
            e.line = err.line;
        }
        (Ok(_), None) => e.reason = "not verified".into(),
        (Ok(tape), Some(verdict)) => {
            e.status = InputStatus::Tape(verdict.status);
            e.reason = photo_reason(input.source, verdict.status, verdict.reason.clone());
            if let crate::tape::Signature::Unreadable { line, .. } = &tape.signature {
                e.line = Some(*line).filter(|l| *l > 0);
            }
            let p = &tape.payload;
            e.station = Some(StationId {
                center: p.center,
                station: p.station,
            });
            e.device = tape.device().map(str::to_string);
            e.payload = tape.signed_text();
            e.absent = tape.absent.keys.iter().map(|k| k.to_string()).collect();
            e.arithmetic = tape
                .arithmetic_breaks()
                .into_iter()
                .map(|b| ArithmeticEntry {
                    rule: b.rule.to_string(),
                    detail: b.detail,
                })
                .collect();
            if with_origin {
                e.origin = tape
                    .origin
                    .iter()
                    .map(|o| OriginEntry {
                        field: o.field.name(),
                        line: o.line,
                    })
                    .collect();
            }
        }
    }
    e
}

/// The reason of a photo reading's status, saying how it was read and, when nothing proved
/// it, that the reading is not to be trusted.
fn photo_reason(source: Source, status: Status, reason: String) -> String {
    match (source, status) {
        (Source::Qr, _) => format!("read from the photo's QR code; {reason}"),
        (Source::OcrCorrected, _) => {
            format!("read by OCR from the photo, with corrections the signature proved; {reason}")
        }
        (Source::Ocr, Status::Verified) => format!("read by OCR from the photo; {reason}"),
        (Source::Ocr, _) => format!(
            "read by OCR from the photo and NOT proven: {reason}; a figure may be misread \
             (or the tape altered): check it with `tally review`"
        ),
        (Source::Reviewed, _) => format!("corrected by hand from the photo; {reason}"),
        _ => reason,
    }
}

/// Builds a listing, verifying the inputs in parallel.
pub fn listing(inputs: &[Input], keyring: Option<&Keyring>) -> Listing {
    let tapes: Vec<TapeEntry> = inputs
        .par_iter()
        .map(|i| {
            let verdict = i
                .tape
                .as_ref()
                .ok()
                .map(|t| verify_reading(t, i.source, keyring));
            entry(i, verdict.as_ref(), true)
        })
        .collect();
    Listing::from_entries(tapes, keyring)
}

impl Listing {
    /// The listing of a batch's inputs, read and verified (`with_origin` for `tally read`).
    pub fn of_checked(
        checked: &[crate::source::batch::Checked],
        keyring: Option<&Keyring>,
        with_origin: bool,
    ) -> Listing {
        let entries = checked
            .par_iter()
            .map(|(i, v)| entry(i, v.as_ref(), with_origin))
            .collect();
        Listing::from_entries(entries, keyring)
    }

    /// A listing of entries already built with [`entry`], in input order.
    pub fn from_entries(tapes: Vec<TapeEntry>, keyring: Option<&Keyring>) -> Listing {
        let mut summary = ListingSummary {
            inputs: tapes.len(),
            ..Default::default()
        };
        for t in &tapes {
            *summary
                .by_status
                .entry(t.status.as_str().to_string())
                .or_default() += 1;
            summary.arithmetic += usize::from(!t.arithmetic.is_empty());
        }
        Listing {
            schema_version: SCHEMA_VERSION,
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            keyring: keyring.map(KeyringInfo::of),
            tapes,
            summary,
        }
    }

    /// Whether an input could not be read (a file that is not a tape, a signature that
    /// could not be read): the command could not complete for it.
    pub fn has_unreadable(&self) -> bool {
        self.tapes.iter().any(|t| {
            matches!(
                t.status,
                InputStatus::Unreadable | InputStatus::Tape(Status::UnreadableSignature)
            )
        })
    }

    /// Whether a tape does not verify, breaks the arithmetic of spec §6, or shows printed
    /// figures that differ from its signed QR code.
    pub fn has_findings(&self) -> bool {
        self.tapes.iter().any(TapeEntry::is_problem)
    }
}
