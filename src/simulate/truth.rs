//! `truth.json`: the ground truth of a simulated election — every tape written with the status
//! it must get, and every injected anomaly with exactly the findings a perfect reconciler must
//! report for its station. Schema version 1; the order is deterministic (tapes by path,
//! anomalies by centre, station and kind, findings as [`Finding::order`] says).

use serde::{Deserialize, Serialize};

use crate::tape::{Payload, COUNT_FIELDS};
use crate::verify::Status;

/// A kind of injected discrepancy, named as in `truth.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnomalyKind {
    /// Published moves votes from one choice to another (the tape verifies).
    VoteMove,
    /// Published adds votes to one choice and to valid, ballots and voters.
    BallotStuffing,
    /// Published changes `registered`, or `invalid` together with `ballots`, consistently.
    TotalChanged,
    /// The station has a tape but no rows in `published.csv`.
    MissingInPublished,
    /// Published, but no tape was collected.
    TapeMissing,
    /// A figure on the tape was altered after signing (bad signature).
    ForgedTape,
    /// The tape was printed without a signature.
    UnsignedTape,
    /// The station's device key is revoked in the keyring.
    RevokedKey,
    /// The station's device key is scoped to another station.
    OutOfScopeKey,
    /// The device signed two different counts; published equals the first.
    DoubleSigned,
    /// Published choice votes do not add up to published valid.
    PublishedArithmetic,
}

impl AnomalyKind {
    /// Every kind, in the order they are assigned.
    pub const ALL: [AnomalyKind; 11] = [
        AnomalyKind::VoteMove,
        AnomalyKind::BallotStuffing,
        AnomalyKind::TotalChanged,
        AnomalyKind::MissingInPublished,
        AnomalyKind::TapeMissing,
        AnomalyKind::ForgedTape,
        AnomalyKind::UnsignedTape,
        AnomalyKind::RevokedKey,
        AnomalyKind::OutOfScopeKey,
        AnomalyKind::DoubleSigned,
        AnomalyKind::PublishedArithmetic,
    ];

    /// Whether the kind needs two choices on the ballot (a move between choices).
    pub(crate) fn needs_two_choices(self) -> bool {
        self == AnomalyKind::VoteMove
    }
}

/// The version of this schema.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole of `truth.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Truth {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Always `tally simulate`.
    pub generator: String,
    /// The version of tally that wrote it.
    pub tool_version: String,
    /// The seed the election was drawn from.
    pub seed: u64,
    /// The election id.
    pub election: String,
    /// Number of polling stations.
    pub stations: u32,
    /// Choices on each ballot.
    pub choices: u32,
    /// Every tape file written, sorted by path.
    pub tapes: Vec<TapeTruth>,
    /// Every injected anomaly, sorted by centre, station and kind.
    pub anomalies: Vec<Anomaly>,
    /// Every photo rendered (`tally simulate --photos`), sorted by path; absent without.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<PhotoTruth>,
    /// Every station manipulated (`--stuffing`, `--rounding`), sorted by centre and station;
    /// absent without. Tapes and published results agree on them: only a screen sees them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub manipulations: Vec<super::manipulate::Manipulation>,
}

/// A photo of a tape and how it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoTruth {
    /// Path relative to the election folder, `/`-separated.
    pub path: String,
    /// The tape file it shows.
    pub tape: String,
    /// Whether its QR code was smudged (unreadable by design: the printed text must carry it).
    pub qr_smudged: bool,
    /// How it was taken, as `key=value` words (`font=dots char_px=12.3 tilt=3.1,-7.2 …`, see
    /// [`crate::photo::PhotoStyle::describe`]): for accuracy by pixels per character, blur,
    /// tilt.
    #[serde(default)]
    pub style: String,
    /// A tape too long for one photo is photographed in overlapping parts: every part's path,
    /// top to bottom (`path` is the first). Empty for a tape in one photo.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<String>,
}

/// A tape file and the status it must get (spec §5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TapeTruth {
    /// Path relative to the election folder, `/`-separated.
    pub path: String,
    /// Polling centre.
    pub center: u32,
    /// Station inside the centre.
    pub station: u32,
    /// What `tally verify` must say, with the written keyring authenticated by the root key.
    pub expected_status: Status,
}

/// An injected anomaly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Anomaly {
    /// What was done.
    pub kind: AnomalyKind,
    /// Polling centre.
    pub center: u32,
    /// Station inside the centre.
    pub station: u32,
    /// What was done, in plain words.
    pub detail: String,
    /// Exactly the findings a perfect reconciler reports for this station (may be empty).
    pub findings: Vec<Finding>,
}

/// A finding a reconciler must report. "tape" figures are those printed on the tape (what the
/// device signed, or the altered figure of a forged tape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Finding {
    /// A choice's votes differ between tape and published results.
    VoteMismatch {
        /// Choice code.
        choice: u32,
        /// Votes on the tape.
        tape: u32,
        /// Votes published.
        published: u32,
    },
    /// A turnout figure differs between tape and published results.
    TotalMismatch {
        /// `registered`, `voters`, `ballots`, `invalid` or `valid`.
        field: String,
        /// The figure on the tape.
        tape: u32,
        /// The figure published.
        published: u32,
    },
    /// The station has a tape but no published results.
    StationMissingInPublished,
    /// The station has published results but no tape.
    TapeMissing,
    /// The station has tapes with different figures.
    ConflictingTapes,
    /// The published figures break a rule of spec §6 (named as `Payload::arithmetic_breaks`).
    PublishedArithmetic {
        /// The rule, e.g. `valid = sum of choice votes`.
        rule: String,
    },
    /// A tape's figures break a rule of spec §6.
    TapeArithmetic {
        /// The rule.
        rule: String,
    },
}

const RULES: [&str; 4] = [
    "valid = sum of choice votes",
    "valid + invalid = ballots",
    "ballots <= voters",
    "voters <= registered",
];

fn position(list: &[&str], item: &str) -> u32 {
    list.iter().position(|x| *x == item).unwrap_or(list.len()) as u32
}

impl Finding {
    /// The order findings are listed in: by kind as declared (vote-mismatch first), then by
    /// choice code, by field in payload order, or by rule in spec §6 order.
    pub fn order(&self) -> (u8, u32) {
        match self {
            Finding::VoteMismatch { choice, .. } => (0, *choice),
            Finding::TotalMismatch { field, .. } => (1, position(&COUNT_FIELDS, field)),
            Finding::StationMissingInPublished => (2, 0),
            Finding::TapeMissing => (3, 0),
            Finding::ConflictingTapes => (4, 0),
            Finding::PublishedArithmetic { rule } => (5, position(&RULES, rule)),
            Finding::TapeArithmetic { rule } => (6, position(&RULES, rule)),
        }
    }
}

/// The findings a perfect reconciler reports for a station with these tapes (as printed) and
/// these published figures. Tapes that disagree among themselves are conflicting and are not
/// compared with the published figures: nothing tells which one to believe.
pub(crate) fn expected_findings(tapes: &[&Payload], published: Option<&Payload>) -> Vec<Finding> {
    let mut out = Vec::new();
    if tapes.is_empty() {
        out.push(Finding::TapeMissing);
    }
    let counts = |p: &Payload| (COUNT_FIELDS.map(|f| p.count(f)), p.choices.clone());
    let conflicting = tapes.windows(2).any(|w| counts(w[0]) != counts(w[1]));
    if conflicting {
        out.push(Finding::ConflictingTapes);
    }
    match (tapes.first(), published) {
        (_, None) => out.push(Finding::StationMissingInPublished),
        (Some(tape), Some(published)) if !conflicting => {
            for field in COUNT_FIELDS {
                let (t, p) = (
                    tape.count(field).unwrap_or(0),
                    published.count(field).unwrap_or(0),
                );
                if t != p {
                    out.push(Finding::TotalMismatch {
                        field: field.to_string(),
                        tape: t,
                        published: p,
                    });
                }
            }
            for t in &tape.choices {
                if let Some(p) = published
                    .choices
                    .iter()
                    .find(|p| p.code == t.code)
                    .filter(|p| p.votes != t.votes)
                {
                    out.push(Finding::VoteMismatch {
                        choice: t.code,
                        tape: t.votes,
                        published: p.votes,
                    });
                }
            }
        }
        _ => {}
    }
    if let Some(published) = published {
        out.extend(published.arithmetic_breaks().into_iter().map(|b| {
            Finding::PublishedArithmetic {
                rule: b.rule.to_string(),
            }
        }));
    }
    for tape in tapes {
        for b in tape.arithmetic_breaks() {
            let finding = Finding::TapeArithmetic {
                rule: b.rule.to_string(),
            };
            if !out.contains(&finding) {
                out.push(finding);
            }
        }
    }
    out.sort_by_key(Finding::order);
    out
}
