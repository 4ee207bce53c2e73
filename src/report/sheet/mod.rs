//! The complaint sheet: what one station's printed page states — the station, the tape's
//! figures beside the published ones, every finding in words, the tape file with its hash and
//! verification status, what the signature proves, and the tape itself — decided once here.
//! The HTML sheets ([`html`]) and the PDF (`report::pdf`) only draw it.

pub mod html;

use std::collections::BTreeMap;

use crate::published::Published;
use crate::reconcile::Gathered;
use crate::report::lang::{Lang, Msg, Rich};
use crate::report::reconcile::model::{
    CopyRecord, IssueRecord, ReconcileReport, StationRecord, TapeStatus,
};
use crate::report::reconcile::{signed, words};
use crate::tape::COUNT_FIELDS;
use crate::verify::Status;

/// What a row of a sheet's figures is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A turnout field: `registered` … `valid`.
    Field(&'static str),
    /// A choice, with its name as the tape prints it.
    Choice(u32, Option<String>),
}

/// One figure of a station, on each of its tapes and as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureRow {
    /// What it counts.
    pub item: Item,
    /// Each tape's figure, in the order of [`StationFigures::tapes`].
    pub tapes: Vec<Option<u32>>,
    /// The published figure.
    pub published: Option<u32>,
}

impl FigureRow {
    /// Whether a tape and the published figure differ (one of them missing included), or the
    /// tapes differ among themselves.
    pub fn differs(&self) -> bool {
        self.tapes.iter().any(|t| *t != self.published)
    }

    /// Published minus each tape, as printed: `+5`, `-3`, `≠` when one side is missing, empty
    /// when both are; several tapes' differences joined by ` / `.
    pub fn difference(&self) -> String {
        let one = |tape: Option<u32>| match (tape, self.published) {
            (Some(t), Some(p)) => signed(i64::from(p) - i64::from(t)),
            (None, None) => String::new(),
            _ => "≠".into(),
        };
        self.tapes
            .iter()
            .map(|&t| one(t))
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// A figure as printed, `—` when there is none.
pub fn shown(v: Option<u32>) -> String {
    v.map_or("—".to_string(), |v| v.to_string())
}

/// One station's figures: a column per distinct tape (two signed tapes that disagree are
/// both shown), the published figures beside them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StationFigures {
    /// Each tape as a person finds it (`tapes/120345-3.txt`, `table.csv:12`), with its
    /// status (`verified`…).
    pub tapes: Vec<(String, Status)>,
    /// The rows: turnout fields, then choices by code.
    pub rows: Vec<FigureRow>,
}

/// The heads of a station's tape columns: `Tape`, or `Tape 1`, `Tape 2`… when it has several.
pub fn column_heads(lang: Lang, f: &StationFigures) -> Vec<String> {
    match f.tapes.len() {
        1 => vec![lang.t(Msg::Tape).to_string()],
        n => (1..=n)
            .map(|i| format!("{} {i}", lang.t(Msg::Tape)))
            .collect(),
    }
}

/// The figures of every station, by (centre, station).
pub type Figures = BTreeMap<(u32, u32), StationFigures>;

/// The figures of every station of the report with a tape among `tapes` (the readings the
/// report was made from): one column per distinct tape of the station, in report order.
pub fn figures(
    report: &ReconcileReport,
    tapes: &[Gathered],
    published: Option<&Published>,
) -> Figures {
    let by_place: BTreeMap<(&str, Option<usize>), &Gathered> = tapes
        .iter()
        .filter_map(|g| g.path.to_str().map(|p| ((p, g.line), g)))
        .collect();
    let mut out = Figures::new();
    for s in &report.stations {
        let found: Vec<(&CopyRecord, &Gathered)> = s
            .tapes
            .iter()
            .filter_map(|t| t.copies.first())
            .filter_map(|c| by_place.get(&(c.path.as_str(), c.line)).map(|g| (c, *g)))
            .collect();
        if found.is_empty() {
            continue;
        }
        let published = published.and_then(|pb| pb.stations.get(&(s.center, s.station)));
        let mut rows: Vec<FigureRow> = COUNT_FIELDS
            .iter()
            .enumerate()
            .map(|(i, f)| FigureRow {
                item: Item::Field(f),
                tapes: found.iter().map(|(_, g)| g.tape.count(f)).collect(),
                published: published.and_then(|ps| ps.totals[i]),
            })
            .collect();
        let mut codes: Vec<u32> = found
            .iter()
            .flat_map(|(_, g)| g.tape.payload.choices.iter().map(|c| c.code))
            .collect();
        if let Some(ps) = published {
            codes.extend(ps.choices.iter().map(|c| c.code));
        }
        codes.sort_unstable();
        codes.dedup();
        for code in codes {
            let at = |g: &Gathered| g.tape.payload.choices.iter().position(|c| c.code == code);
            let name = found
                .iter()
                .find_map(|(_, g)| at(g).and_then(|i| g.tape.names.get(i).cloned().flatten()));
            rows.push(FigureRow {
                item: Item::Choice(code, name),
                tapes: found
                    .iter()
                    .map(|(_, g)| at(g).map(|i| g.tape.payload.choices[i].votes))
                    .collect(),
                published: published
                    .and_then(|ps| ps.choices.iter().find(|c| c.code == code))
                    .map(|c| c.votes),
            });
        }
        let tapes = found.iter().map(|(c, g)| (c.located(), g.status)).collect();
        out.insert((s.center, s.station), StationFigures { tapes, rows });
    }
    out
}

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
    /// The tapes' figures beside the published ones (no rows when none are known).
    pub figures: Option<&'a StationFigures>,
    /// The station's findings.
    pub findings: Vec<FindingLine>,
    /// The tape file it rests on.
    pub evidence: Option<Evidence<'a>>,
    /// The published results' file and the line of this station.
    pub published: Option<(&'a str, usize)>,
    /// The tally version that issued it.
    pub issued_by: &'a str,
    /// Election, network and date of issue: the sheet's heading.
    pub issue: &'a IssueRecord,
    /// What the tape file's SHA-256 is for: in a bundle ([`Msg::HashStatement`]) or not
    /// ([`Msg::HashStatementFile`]).
    pub hash_statement: Msg,
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
        figures: figures.get(&(s.center, s.station)),
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
        issue: &r.issue,
        hash_statement: if r.bundle.is_some() {
            Msg::HashStatement
        } else {
            Msg::HashStatementFile
        },
    }
}
