//! The complaint sheet: what one station's printed page states — the station, the tape's
//! figures beside the published ones, every finding in words, the tape file with its hash and
//! verification status, what the signature proves, and the tape itself — decided once here.
//! The HTML sheets ([`html`]) and the PDF (`report::pdf`) only draw it.

pub mod html;

use std::collections::BTreeMap;

use crate::report::lang::{Lang, Msg, Rich};
use crate::report::reconcile::model::{ReconcileReport, StationRecord, TapeStatus};
use crate::report::reconcile::{signed, words};
use crate::verify::Status;

/// What a row of a sheet's figures is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A turnout field: `registered` … `valid`.
    Field(&'static str),
    /// A choice, with its name as the tape prints it.
    Choice(u32, Option<String>),
}

/// One figure of a station, on the tape and as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureRow {
    /// What it counts.
    pub item: Item,
    /// The tape's figure.
    pub tape: Option<u32>,
    /// The published figure.
    pub published: Option<u32>,
}

impl FigureRow {
    /// Whether the tape and the published figure differ (one of them missing included).
    pub fn differs(&self) -> bool {
        self.tape != self.published
    }

    /// The difference as printed: `+5`, `-3`, `≠` when one side is missing, empty when both are.
    pub fn difference(&self) -> String {
        match (self.tape, self.published) {
            (Some(t), Some(p)) => signed(i64::from(p) - i64::from(t)),
            (None, None) => String::new(),
            _ => "≠".into(),
        }
    }
}

/// A figure as printed, `—` when there is none.
pub fn shown(v: Option<u32>) -> String {
    v.map_or("—".to_string(), |v| v.to_string())
}

/// The figures of every station, by (centre, station).
pub type Figures = BTreeMap<(u32, u32), Vec<FigureRow>>;

/// Whether a station gets a complaint sheet: it has a discrepancy (not only a missing or
/// unreadable tape, or a reading nothing proves).
pub fn has_sheet(s: &StationRecord) -> bool {
    s.findings.iter().any(|f| f.kind.is_discrepancy())
}

/// What kind of image a file is, for a `data:` URI (`None`: not an image a browser shows).
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xD8\xFF") {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// What the station's tape proves, said once at the top of the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    /// The tape verifies: what that proves, and whether the keyring was authenticated.
    Proven {
        /// [`Msg::KeyringAuthenticated`] or [`Msg::KeyringNotAuthenticated`].
        keyring: Msg,
    },
    /// The tape does not verify (or there is none): it proves nothing; its status code.
    NothingProven {
        /// The station's tape status (`bad-signature`, `missing`…).
        status: String,
    },
}

/// One finding as the sheet states it.
#[derive(Debug, Clone)]
pub struct FindingLine {
    /// The finding's kind in words.
    pub kind: String,
    /// Its severity in words.
    pub severity: &'static str,
    /// What it says, in the sheet's language, figures isolated.
    pub detail: Rich,
}

/// The tape file a sheet rests on.
#[derive(Debug, Clone)]
pub struct Evidence<'a> {
    /// Its path in the bundle.
    pub path: &'a str,
    /// Where to find the tape: the path, with the line of an observers' table.
    pub place: String,
    /// Its SHA-256 (`-` when unknown).
    pub sha256: &'a str,
    /// Whether its signature verifies.
    pub verified: bool,
    /// Its status code (`verified`, `bad-signature`…).
    pub status: &'static str,
    /// The file itself, when the bundle holds it.
    pub attachment: Option<Attachment<'a>>,
}

/// The tape as attached to its sheet.
#[derive(Debug, Clone)]
pub enum Attachment<'a> {
    /// A photo of it.
    Photo {
        /// Its MIME type (`image/jpeg`, `image/png`, `image/webp`).
        mime: &'static str,
        /// Its bytes.
        bytes: &'a [u8],
    },
    /// Its text, as typed or saved.
    Text(&'a str),
}

/// One station's complaint sheet.
#[derive(Debug, Clone)]
pub struct Sheet<'a> {
    /// The station as people write it (`120345-3`, or its code as published): untrusted text.
    pub label: String,
    /// `CENTRE-STATION` in numbers, for links and anchors.
    pub anchor: String,
    /// Governorate, district, centre and station, labelled.
    pub ids: [(Msg, String); 4],
    /// What the tape proves.
    pub statement: Statement,
    /// The tape's figures beside the published ones (empty when none are known).
    pub figures: &'a [FigureRow],
    /// The station's findings.
    pub findings: Vec<FindingLine>,
    /// The tape file it rests on.
    pub evidence: Option<Evidence<'a>>,
    /// The published results' file and the line of this station.
    pub published: Option<(&'a str, usize)>,
    /// The tally version that issued it.
    pub issued_by: &'a str,
}

/// The sheet of every station with a discrepancy, in report order.
pub fn sheets<'a>(
    r: &'a ReconcileReport,
    lang: Lang,
    figures: &'a Figures,
    files: &'a BTreeMap<String, Vec<u8>>,
) -> Vec<Sheet<'a>> {
    r.stations
        .iter()
        .filter(|s| has_sheet(s))
        .map(|s| sheet(r, s, lang, figures, files))
        .collect()
}

fn sheet<'a>(
    r: &'a ReconcileReport,
    s: &'a StationRecord,
    lang: Lang,
    figures: &'a Figures,
    files: &'a BTreeMap<String, Vec<u8>>,
) -> Sheet<'a> {
    let opt = |v: Option<u32>| v.map_or("?".to_string(), |v| v.to_string());
    let statement = if s.tape_status == TapeStatus::Tape(Status::Verified) {
        let authenticated = r.keyring.as_ref().is_some_and(|k| k.authenticated);
        Statement::Proven {
            keyring: if authenticated {
                Msg::KeyringAuthenticated
            } else {
                Msg::KeyringNotAuthenticated
            },
        }
    } else {
        Statement::NothingProven {
            status: s.tape_status.as_str().to_string(),
        }
    };
    let evidence = s
        .tapes
        .first()
        .and_then(|t| t.copies.first())
        .map(|copy| Evidence {
            path: &copy.path,
            place: copy.located(),
            sha256: copy.sha256.as_deref().unwrap_or("-"),
            verified: copy.status == Status::Verified,
            status: copy.status.as_str(),
            attachment: files
                .get(&copy.path)
                .and_then(|bytes| match image_type(bytes) {
                    Some(mime) => Some(Attachment::Photo { mime, bytes }),
                    None => std::str::from_utf8(bytes).ok().map(Attachment::Text),
                }),
        });
    Sheet {
        label: s.label(),
        anchor: crate::report::reconcile::station_label(s.center, s.station),
        ids: [
            (Msg::Governorate, opt(s.governorate)),
            (Msg::District, opt(s.district)),
            (Msg::Centre, s.center.to_string()),
            (Msg::Station, s.station.to_string()),
        ],
        statement,
        figures: figures
            .get(&(s.center, s.station))
            .map_or(&[][..], Vec::as_slice),
        findings: s
            .findings
            .iter()
            .map(|f| FindingLine {
                kind: lang.kind(f.kind.as_str()).to_string(),
                severity: lang.severity(f.severity.as_str()),
                detail: words::detail(lang, f, s),
            })
            .collect(),
        evidence,
        published: s.published_line.map(|l| (r.published.path.as_str(), l)),
        issued_by: &r.tool_version,
    }
}
