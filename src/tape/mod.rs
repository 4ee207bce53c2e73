//! Tape format v1 (`tape-v1.md`): the signed payload, the printed tape that people type and
//! cameras see, the signature's printed and QR forms. Depends on no other module of ours.

pub mod digits;
mod payload;
mod qr;
pub mod sig;
mod text;

pub use payload::{
    arithmetic_breaks, is_valid_id, one_per_station, ArithmeticBreak, Choice, Payload, Timestamp,
    Turnout, COUNT_FIELDS, FORMAT_LINE, MAX_CHOICES,
};

/// The id held in the payload slot of an absent election or device id (never shown: see
/// [`Absent`]).
pub(crate) const PLACEHOLDER_ID: &str = "ABSENT";

/// The time held in the payload slot of an absent `closed` (never shown: see [`Absent`]).
pub(crate) const PLACEHOLDER_CLOSED: Timestamp = Timestamp {
    year: 0,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
};
pub use qr::{parse_qr_text, qr_text};
pub(crate) use text::parse_choice;
pub use text::{field_label, print_tape, FIELD_LABELS, TAPE_WIDTH};

/// Longest quotation of outside text in a message, in characters.
const EXCERPT_CHARS: usize = 48;

/// Outside text quoted in a message (`"117 HUDA 152"`): at most a short excerpt, so that a
/// line of a million characters makes a message of one line.
pub fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        None => format!("{text:?}"),
        Some((cut, _)) => format!("{:?}… ({} characters)", &text[..cut], text.chars().count()),
    }
}

/// Why a text is not a v1 tape. `line` is 1-based; 0 when the problem is the whole text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TapeError {
    /// A line of a printed or typed tape is wrong.
    #[error("line {line}: {message}")]
    Line {
        /// 1-based line number.
        line: usize,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// A payload or QR text is not exactly the v1 form.
    #[error("payload line {line}: {message}")]
    Payload {
        /// 1-based line number in the payload (0: the payload as a whole).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The input holds no tape at all.
    #[error("{0}")]
    NotATape(String),
}

impl TapeError {
    /// What is wrong, without the line number (see [`TapeError::line`]).
    pub fn detail(&self) -> &str {
        match self {
            TapeError::Line { message, .. } | TapeError::Payload { message, .. } => message,
            TapeError::NotATape(message) => message,
        }
    }

    /// The 1-based line the error points at, when it points at one.
    pub fn line(&self) -> Option<usize> {
        match self {
            TapeError::Line { line, .. } | TapeError::Payload { line, .. } if *line > 0 => {
                Some(*line)
            }
            _ => None,
        }
    }
}

/// The signature a tape carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signature {
    /// No `SIG` lines: the tape is unsigned.
    Absent,
    /// 64 signature bytes, each line's check symbol satisfied.
    Present([u8; 64]),
    /// Signature lines are there but could not be read.
    Unreadable {
        /// 1-based line of the first unreadable signature line (0 if none in particular).
        line: usize,
        /// What is wrong with it, for the observer.
        reason: String,
    },
}

/// A value of the tape: a payload key, a choice, or a signature line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OriginField {
    /// A payload key (`registered`).
    Key(&'static str),
    /// A choice by code.
    Choice(u32),
    /// A signature line, 1 to 4.
    Sig(u8),
}

impl OriginField {
    /// Its name: `registered`, `choice 101`, `sig2`.
    pub fn name(self) -> String {
        match self {
            OriginField::Key(k) => k.to_string(),
            OriginField::Choice(c) => format!("choice {c}"),
            OriginField::Sig(n) => format!("sig{n}"),
        }
    }

    /// The field a name names (`registered`, `choice 101`, `sig2`), as [`OriginField::name`]
    /// spells it.
    pub fn parse(name: &str) -> Option<OriginField> {
        if let Some(code) = name.strip_prefix("choice ") {
            return code.parse().ok().map(OriginField::Choice);
        }
        if let Some(n) = name.strip_prefix("sig") {
            return n
                .parse()
                .ok()
                .filter(|n| (1..=4).contains(n))
                .map(OriginField::Sig);
        }
        FIELD_LABELS
            .iter()
            .find(|(_, key)| *key == name)
            .map(|(_, key)| OriginField::Key(key))
    }

    /// Whether `name` names this field.
    pub fn is(self, name: &str) -> bool {
        match self {
            OriginField::Key(k) => k == name,
            OriginField::Choice(c) => {
                name.strip_prefix("choice ").and_then(|n| n.parse().ok()) == Some(c)
            }
            OriginField::Sig(n) => name.strip_prefix("sig").and_then(|n| n.parse().ok()) == Some(n),
        }
    }
}

/// Where a value of the tape was read: the field and the 1-based line it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// The value.
    pub field: OriginField,
    /// 1-based line number in the source text.
    pub line: usize,
}

/// A tape: what the device printed. The payload is what it signed; header and names are
/// presentation only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tape {
    /// Free header lines (the commission's name), trimmed.
    pub header: Vec<String>,
    /// The signed values.
    pub payload: Payload,
    /// Candidate names, one per choice in payload order (presentation only).
    pub names: Vec<Option<String>>,
    /// The signature, if any.
    pub signature: Signature,
    /// Where each value was read (empty for tapes not read from text).
    pub origin: Vec<Origin>,
    /// What this tape does not say (always nothing for a signed tape).
    pub absent: Absent,
}

/// What an unsigned tape or an observation does not say: absent is not zero. A figure that
/// is absent is never compared, never summed, never printed; its payload slot holds a
/// placeholder nobody reads (see [`Tape::count`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Absent {
    /// Payload keys not given, in payload order (`device`, `closed`, `registered`...).
    pub keys: Vec<&'static str>,
    /// The choices listed are the only ones observed (an observers' table names only its
    /// columns, and leaves a cell empty when nobody saw it): a choice not listed is unknown,
    /// not missing, and the choices' sum is not known.
    pub unlisted_choices: bool,
}

impl Absent {
    /// Whether nothing is absent: the tape says everything a signed tape says.
    pub fn is_nothing(&self) -> bool {
        self.keys.is_empty() && !self.unlisted_choices
    }

    /// Whether this payload key is absent.
    pub fn has(&self, key: &str) -> bool {
        self.keys.contains(&key)
    }
}

impl Tape {
    /// A tape with no header, names or provenance, as from a QR code.
    pub fn from_payload(payload: Payload, signature: Signature) -> Tape {
        let names = vec![None; payload.choices.len()];
        Tape {
            header: Vec::new(),
            payload,
            names,
            signature,
            origin: Vec::new(),
            absent: Absent::default(),
        }
    }

    /// Reads a printed or typed tape, tolerating what people and OCR do to it (spec §3).
    pub fn parse(text: &str) -> Result<Tape, TapeError> {
        text::parse_tape(text)
    }

    /// The tape as a device prints it (spec §3 layout, 40 columns).
    pub fn to_text(&self) -> String {
        print_tape(self)
    }

    /// A turnout field's value by payload key (`registered`...), `None` when the tape does not
    /// give it.
    pub fn count(&self, key: &str) -> Option<u32> {
        self.payload.count(key).filter(|_| !self.absent.has(key))
    }

    /// The governorate or district the tape names, `None` when it does not.
    pub fn area(&self, key: &str) -> Option<u32> {
        let value = match key {
            "governorate" => self.payload.governorate,
            "district" => self.payload.district,
            _ => return None,
        };
        (!self.absent.has(key)).then_some(value)
    }

    /// The device id, `None` when the tape does not give it.
    pub fn device(&self) -> Option<&str> {
        (!self.absent.has("device")).then_some(self.payload.device.as_str())
    }

    /// A payload value as printed (`2021-10-10 15:02:11 UTC` for `closed`), `None` when the
    /// tape does not give it.
    pub fn printed_value(&self, key: &str) -> Option<String> {
        (!self.absent.has(key)).then(|| text::field_value(&self.payload, key))
    }

    /// The exact bytes a device signs, `None` when the tape does not give them all.
    pub fn signed_text(&self) -> Option<String> {
        self.absent.keys.is_empty().then(|| self.payload.to_text())
    }

    /// The figures spec §6 relates, as far as the tape gives them.
    pub fn turnout(&self) -> Turnout {
        Turnout {
            registered: self.count("registered"),
            voters: self.count("voters"),
            ballots: self.count("ballots"),
            invalid: self.count("invalid"),
            valid: self.count("valid"),
            choices: (!self.absent.unlisted_choices).then(|| {
                self.payload
                    .choices
                    .iter()
                    .map(|c| u64::from(c.votes))
                    .sum()
            }),
        }
    }

    /// The rules of spec §6 the tape's figures break, among the figures it gives.
    pub fn arithmetic_breaks(&self) -> Vec<ArithmeticBreak> {
        arithmetic_breaks(&self.turnout())
    }

    /// The line a field was read from, if known.
    pub fn line_of(&self, field: &str) -> Option<usize> {
        self.origin
            .iter()
            .find(|o| o.field.is(field))
            .map(|o| o.line)
    }
}
