//! Reconciliation: the tapes observers gathered against the results the commission published,
//! station by station — what differs, how badly, and who gained or lost votes by it.

mod gather;
mod station;
mod summary;

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::published::Published;
use crate::source::Source;
use crate::tape::{Choice, Payload, Tape};
use crate::verify::Status;

pub use gather::{gather, read_failure, station_named_in};
pub use summary::{AreaSummary, BallotScope, ChoiceKey, Summary};

/// A tape as gathered: its file, how it was read, its verified status.
#[derive(Debug, Clone)]
pub struct Gathered {
    /// The file.
    pub path: PathBuf,
    /// SHA-256 of the file.
    pub sha256: Option<String>,
    /// How it was read.
    pub source: Source,
    /// Its status.
    pub status: Status,
    /// Why.
    pub reason: String,
    /// SHA-256 of the signed payload (from its verdict).
    pub payload_sha256: String,
    /// The tape.
    pub tape: Tape,
    /// The line of an observers' table the tape is (`None`: the file is the tape).
    pub line: Option<usize>,
}

impl Gathered {
    /// The file as a person finds it: `tapes.csv:12` for a row of a table, else the path.
    pub fn label(&self) -> String {
        crate::source::located(&self.path.display().to_string(), self.line)
    }
}

/// What a finding is about. JSON names are a contract (`tally-reconcile(1)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A choice's votes differ.
    VoteMismatch,
    /// The tape lists a choice the published results lack.
    ChoiceMissingInPublished,
    /// The published results list a choice the tape lacks.
    ChoiceMissingOnTape,
    /// A turnout figure differs.
    TotalMismatch,
    /// The tape's station is not in the published results.
    StationMissingInPublished,
    /// A published station no tape was gathered for.
    TapeMissing,
    /// The tape's own figures break a rule of spec §6.
    TapeArithmetic,
    /// The published figures break a rule of spec §6.
    PublishedArithmetic,
    /// Two different tapes for one station.
    ConflictingTapes,
    /// Rows of the published file give one station's figure differently.
    PublishedConflict,
    /// The published governorate or district differs from the tape's.
    IdentityMismatch,
    /// The station's only tape was read from a photo and no signature proves the reading:
    /// its differences are listed, and enter no discrepancy count.
    TapeUnproven,
    /// A photo (or file) gathered for the station could not be read at all.
    TapeUnreadable,
}

impl Kind {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::VoteMismatch => "vote-mismatch",
            Kind::ChoiceMissingInPublished => "choice-missing-in-published",
            Kind::ChoiceMissingOnTape => "choice-missing-on-tape",
            Kind::TotalMismatch => "total-mismatch",
            Kind::StationMissingInPublished => "station-missing-in-published",
            Kind::TapeMissing => "tape-missing",
            Kind::TapeArithmetic => "tape-arithmetic",
            Kind::PublishedArithmetic => "published-arithmetic",
            Kind::ConflictingTapes => "conflicting-tapes",
            Kind::PublishedConflict => "published-conflict",
            Kind::IdentityMismatch => "identity-mismatch",
            Kind::TapeUnproven => "tape-unproven",
            Kind::TapeUnreadable => "tape-unreadable",
        }
    }

    /// Whether the finding is a figure of the tape that the published results give otherwise
    /// (a choice's votes, a turnout figure, a choice one side lacks).
    pub fn is_figure_difference(self) -> bool {
        matches!(
            self,
            Kind::VoteMismatch
                | Kind::TotalMismatch
                | Kind::ChoiceMissingInPublished
                | Kind::ChoiceMissingOnTape
        )
    }

    /// Whether the finding is a discrepancy (between the tape and the published figures, or
    /// inside either): not a gap in what was gathered (`tape-missing`, `tape-unreadable`) nor
    /// a reading nothing proves (`tape-unproven`).
    pub fn is_discrepancy(self) -> bool {
        !matches!(
            self,
            Kind::TapeMissing | Kind::TapeUnproven | Kind::TapeUnreadable
        )
    }
}

/// Why a station with a discrepancy is counted where the headline counts it: each such
/// station under exactly one, the first that holds in this order. JSON names are a contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Discrepancy {
    /// A verified tape's figure differs from the published one: the headline.
    ProvenDiffer,
    /// The tape's signature fails (forged or altered), or its key is revoked, out of scope
    /// or expired.
    TapeFailsVerification,
    /// Two different signed counts for the station.
    ConflictingTapes,
    /// A tape's station is not in the published results.
    MissingInPublished,
    /// The published figures contradict themselves (arithmetic, or rows that disagree).
    PublishedContradicts,
    /// A figure differs on a tape that is not proven (unsigned, unknown key, no keyring, a
    /// keyring nobody authenticated).
    DiffersNotProven,
    /// Anything else (the tape's own arithmetic, its governorate or district).
    Other,
}

impl Discrepancy {
    /// Every reason, in order.
    pub const ALL: [Discrepancy; 7] = [
        Discrepancy::ProvenDiffer,
        Discrepancy::TapeFailsVerification,
        Discrepancy::ConflictingTapes,
        Discrepancy::MissingInPublished,
        Discrepancy::PublishedContradicts,
        Discrepancy::DiffersNotProven,
        Discrepancy::Other,
    ];

    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Discrepancy::ProvenDiffer => "proven-differ",
            Discrepancy::TapeFailsVerification => "tape-fails-verification",
            Discrepancy::ConflictingTapes => "conflicting-tapes",
            Discrepancy::MissingInPublished => "missing-in-published",
            Discrepancy::PublishedContradicts => "published-contradicts",
            Discrepancy::DiffersNotProven => "differs-not-proven",
            Discrepancy::Other => "other",
        }
    }
}

/// How much a finding weighs: verified evidence first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// A coverage gap, not a discrepancy.
    Info,
    /// Rests on an unproven tape, little at stake.
    Low,
    /// Rests on an unproven tape.
    Medium,
    /// The commission's own figures contradict themselves, or a proven tape is unpublished.
    High,
    /// A proven tape contradicts the published figures.
    Critical,
}

impl Severity {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

/// One discrepancy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What it is.
    pub kind: Kind,
    /// How much it weighs.
    pub severity: Severity,
    /// Whether it rests on a verified tape.
    pub verified: bool,
    /// The choice, for vote findings.
    pub choice: Option<u32>,
    /// The field (`registered`…`valid`, `governorate`, `district`, or the conflicting item).
    pub field: Option<String>,
    /// The tape's figure.
    pub tape: Option<u32>,
    /// The published figure.
    pub published: Option<u32>,
    /// The spec §6 rule, for arithmetic findings.
    pub rule: Option<String>,
    /// Plain words.
    pub detail: String,
    /// The figures an arithmetic or conflict finding rests on, by name (`valid`, `choices`
    /// for the sum of choice votes…; `first`, `first_line`, `line` for a published conflict).
    pub values: Vec<(&'static str, u64)>,
    /// For `tape-unproven`: the figures as read that differ from the published ones (each a
    /// finding of its own kind that no signature supports).
    pub differences: Vec<Finding>,
}

/// An input gathered for a station that could not be read as a tape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The file.
    pub path: PathBuf,
    /// SHA-256 of the file (`None` if it could not be read at all).
    pub sha256: Option<String>,
    /// Why it could not be read.
    pub reason: String,
    /// The station it was gathered for (from its file name).
    pub station: (u32, u32),
}

/// One distinct tape of a station (copies with the same signed payload count once).
#[derive(Debug, Clone)]
pub struct TapeGroup {
    /// The best status among its copies.
    pub status: Status,
    /// Why.
    pub reason: String,
    /// Every copy gathered (path, hash, source, status), sorted by path; never empty.
    pub copies: Vec<Gathered>,
}

impl TapeGroup {
    /// The signed figures (the same on every copy).
    pub fn payload(&self) -> &Payload {
        &self.copies[0].tape.payload
    }

    /// The tape (its figures the same on every copy).
    pub fn tape(&self) -> &Tape {
        &self.copies[0].tape
    }

    /// SHA-256 of the signed payload (the same on every copy).
    pub fn payload_sha256(&self) -> &str {
        &self.copies[0].payload_sha256
    }

    /// Whether the figures are an OCR reading that nothing proves: `unproven`, or read by OCR
    /// from every photo with a signature that could not be read or checked. A misreading of
    /// ours is then as likely as a discrepancy: its differences are no finding.
    pub fn is_unproven_reading(&self) -> bool {
        is_unproven_reading(self.status, self.copies.iter().map(|c| c.source))
    }
}

/// Whether a tape of this (best) status, read from copies read these ways, is an OCR reading
/// nothing proves (see [`TapeGroup::is_unproven_reading`]); the report's renderers ask it of
/// the tapes they show, so that they say what the reconciliation decided.
pub fn is_unproven_reading(status: Status, mut sources: impl Iterator<Item = Source>) -> bool {
    status == Status::Unproven
        || (!status.figures_signed()
            && sources.all(|s| matches!(s, Source::Ocr | Source::OcrCorrected)))
}

/// A station's reconciliation.
#[derive(Debug, Clone)]
pub struct StationResult {
    /// Centre code.
    pub center: u32,
    /// Station number.
    pub station: u32,
    /// Governorate (published, else the tape's).
    pub governorate: Option<u32>,
    /// District (published, else the tape's).
    pub district: Option<u32>,
    /// Distinct tapes, the one compared first.
    pub tapes: Vec<TapeGroup>,
    /// Line of the station in the published file.
    pub published_line: Option<usize>,
    /// The station's code as the published file prints it, when not `CENTRE-STATION`.
    pub published_code: Option<String>,
    /// Findings, most severe first.
    pub findings: Vec<Finding>,
    /// Files gathered for the station that could not be read.
    pub unreadable: Vec<Unreadable>,
}

impl StationResult {
    /// The status of the tape compared (`None`: no tape gathered).
    pub fn tape_status(&self) -> Option<Status> {
        self.tapes.first().map(|t| t.status)
    }

    /// Whether the station's only tapes are OCR readings nothing proves.
    pub fn is_unproven(&self) -> bool {
        self.tapes
            .first()
            .is_some_and(TapeGroup::is_unproven_reading)
    }

    /// Whether the station is proven to differ: a figure of a verified tape (its keyring
    /// authenticated: nothing else verifies) differs from the published one (a choice with
    /// no vote listed on one side only is no difference). Forged tapes, missing stations and
    /// conflicting tapes are findings of their own, not this.
    pub fn proven_to_differ(&self) -> bool {
        self.findings
            .iter()
            .any(|f| f.verified && f.kind.is_figure_difference() && f.severity > Severity::Info)
    }

    /// The one reason a station with a discrepancy is counted under, the first that holds in
    /// [`Discrepancy`]'s order; none without a discrepancy.
    pub fn discrepancy(&self) -> Option<Discrepancy> {
        if !self.findings.iter().any(|f| f.kind.is_discrepancy()) {
            return None;
        }
        let any = |kinds: &[Kind]| self.findings.iter().any(|f| kinds.contains(&f.kind));
        Some(if self.proven_to_differ() {
            Discrepancy::ProvenDiffer
        } else if self.tape_status().is_some_and(|s| {
            matches!(
                s,
                Status::BadSignature
                    | Status::KeyRevoked
                    | Status::KeyOutOfScope
                    | Status::KeyExpired
            )
        }) {
            Discrepancy::TapeFailsVerification
        } else if any(&[Kind::ConflictingTapes]) {
            Discrepancy::ConflictingTapes
        } else if any(&[Kind::StationMissingInPublished]) {
            Discrepancy::MissingInPublished
        } else if any(&[Kind::PublishedArithmetic, Kind::PublishedConflict]) {
            Discrepancy::PublishedContradicts
        } else if self.findings.iter().any(|f| f.kind.is_figure_difference()) {
            Discrepancy::DiffersNotProven
        } else {
            Discrepancy::Other
        })
    }

    /// The most severe finding's severity.
    pub fn severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// Sum of |published − tape| over the figures that differ.
    pub fn magnitude(&self) -> u64 {
        self.findings
            .iter()
            .map(|f| u64::from(f.tape.unwrap_or(0).abs_diff(f.published.unwrap_or(0))))
            .sum()
    }
}

/// The whole reconciliation.
#[derive(Debug, Clone)]
pub struct Reconciliation {
    /// Stations ranked by severity, then magnitude, then centre and station.
    pub stations: Vec<StationResult>,
    /// Overall, per governorate and per district.
    pub summary: Summary,
    /// OCR readings nothing proves that name a station neither the published results nor any
    /// other tape holds, and whose file names no published station: a misreading is likely
    /// (`100002-6` read as `166662-6`), so they make no station, governorate or name of their
    /// own. In input order.
    pub unattributed: Vec<Gathered>,
    /// Which ballot choice codes belong to (the net shift is summed within it).
    pub scope: BallotScope,
}

/// Walks two choice lists sorted by code side by side: (code, tape votes, published votes),
/// `None` where a side lacks the choice.
pub fn pair_choices<'a>(
    tape: &'a [Choice],
    published: &'a [Choice],
) -> impl Iterator<Item = (u32, Option<u32>, Option<u32>)> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        let item = match (tape.get(i), published.get(j)) {
            (Some(t), Some(q)) if t.code == q.code => (t.code, Some(t.votes), Some(q.votes)),
            (Some(t), q) if q.is_none_or(|q| t.code < q.code) => (t.code, Some(t.votes), None),
            (_, Some(q)) => (q.code, None, Some(q.votes)),
            (None, None) | (Some(_), None) => return None,
        };
        i += usize::from(item.1.is_some());
        j += usize::from(item.2.is_some());
        Some(item)
    })
}

/// Reconciles gathered tapes with the published results (each district its own ballot).
pub fn reconcile(tapes: Vec<Gathered>, published: &Published) -> Reconciliation {
    reconcile_with(tapes, Vec::new(), published, BallotScope::District)
}

/// Sets apart the OCR readings nothing proves whose station neither the published results
/// nor a tape that is not such a reading holds: each goes to the published station its file
/// is named for, as a file that could not be read there (so that station is
/// `tape-unreadable`, never `tape-missing`), or else among the unattributed readings.
fn set_apart_stray_readings(
    tapes: Vec<Gathered>,
    unreadable: &mut Vec<Unreadable>,
    published: &Published,
) -> (Vec<Gathered>, Vec<Gathered>) {
    let stray = |t: &Gathered| is_unproven_reading(t.status, std::iter::once(t.source));
    let key = |t: &Gathered| (t.tape.payload.center, t.tape.payload.station);
    let held: std::collections::HashSet<(u32, u32)> =
        tapes.iter().filter(|t| !stray(t)).map(key).collect();
    let (kept, stray): (Vec<Gathered>, Vec<Gathered>) = tapes.into_iter().partition(|t| {
        !stray(t) || published.stations.contains_key(&key(t)) || held.contains(&key(t))
    });
    let mut unattributed = Vec::new();
    for t in stray {
        match gather::station_named_in(&t.path, published) {
            Some(station) => unreadable.push(Unreadable {
                reason: format!(
                    "read by OCR as station {}, which the published results do not hold, and nothing proves the reading: a misreading is likely; review it (tally review) or type it (tally enter)",
                    format_args!("{}-{}", key(&t).0, key(&t).1)
                ),
                path: t.path,
                sha256: t.sha256,
                station,
            }),
            None => unattributed.push(t),
        }
    }
    (kept, unattributed)
}

/// Reconciles gathered tapes with the published results, with the files gathered for a
/// station that could not be read (`tape-unreadable` where the station has no tape), each
/// choice counted on the ballot `scope` says.
pub fn reconcile_with(
    tapes: Vec<Gathered>,
    mut unreadable: Vec<Unreadable>,
    published: &Published,
    scope: BallotScope,
) -> Reconciliation {
    let (tapes, unattributed) = set_apart_stray_readings(tapes, &mut unreadable, published);
    let mut by_station: HashMap<(u32, u32), (Vec<Gathered>, Vec<Unreadable>)> =
        HashMap::with_capacity(tapes.len());
    for t in tapes {
        by_station
            .entry((t.tape.payload.center, t.tape.payload.station))
            .or_default()
            .0
            .push(t);
    }
    for u in unreadable {
        by_station.entry(u.station).or_default().1.push(u);
    }
    let unmatched: Vec<(u32, u32)> = published
        .stations
        .keys()
        .filter(|k| !by_station.contains_key(k))
        .copied()
        .collect();
    let work: Vec<_> = by_station
        .into_iter()
        .chain(unmatched.into_iter().map(|k| (k, Default::default())))
        .collect();
    let mut stations: Vec<StationResult> = work
        .into_par_iter()
        .map(|(key, (tapes, unreadable))| {
            station::reconcile_station(key, tapes, unreadable, published.stations.get(&key))
        })
        .collect();
    stations.par_sort_by(|a, b| {
        b.severity()
            .cmp(&a.severity())
            .then(b.magnitude().cmp(&a.magnitude()))
            .then((a.center, a.station).cmp(&(b.center, b.station)))
    });
    let summary = summary::summarise(&stations, published, scope);
    Reconciliation {
        stations,
        summary,
        unattributed,
        scope,
    }
}

#[cfg(test)]
mod tests;
