//! The reconciliation report as data: what every renderer shows, and the JSON contract
//! (`schema_version` 2, documented in tally-reconcile(1)).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::published::{Layout, Published};
use crate::reconcile::{
    AreaSummary, BallotScope, ChoiceKey, Finding, Kind, Reconciliation, Severity, StationResult,
};
use crate::report::listing::{status_or, InputStatus, KeyringInfo, StationId};
use crate::source::Source;
use crate::verify::Status;

/// Version of the reconciliation JSON schema.
pub const SCHEMA_VERSION: u32 = 2;

status_or!(
    /// A station's tape status: a spec §5 status, or `missing` when no tape was gathered.
    TapeStatus,
    Missing,
    "missing"
);

/// Who issues a report, for which election, and when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueRecord {
    /// The election: `--election`, else the election id the verified tapes carry (null when
    /// none does, or they name several).
    pub election: Option<String>,
    /// The observer network that issues it (`--network`; null when not given).
    pub network: Option<String>,
    /// The date of issue, `YYYY-MM-DD` in UTC (`SOURCE_DATE_EPOCH` when set, for
    /// reproducible reruns; null in a report made before reports had one).
    pub date: Option<String>,
}

impl IssueRecord {
    /// The heading's parts that are known, labelled: election, network, date of issue.
    pub fn parts(&self) -> Vec<(crate::report::lang::Msg, &str)> {
        use crate::report::lang::Msg;
        [
            (Msg::Election, &self.election),
            (Msg::Network, &self.network),
            (Msg::IssuedOn, &self.date),
        ]
        .into_iter()
        .filter_map(|(m, v)| v.as_deref().map(|v| (m, v)))
        .collect()
    }
}

/// Accepted or rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Used.
    Accepted,
    /// Not used; `reason` says why.
    Rejected,
}

/// What kind of input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    /// A tape file.
    Tape,
    /// The published results.
    Published,
    /// The keyring.
    Keyring,
}

/// One input file and what became of it: nothing is dropped silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputRecord {
    /// The file.
    pub path: String,
    /// What it is.
    pub kind: InputKind,
    /// Used or not.
    pub outcome: Outcome,
    /// Why, in plain words.
    pub reason: String,
    /// SHA-256 of its bytes.
    pub sha256: Option<String>,
    /// For tapes: its status (or `unreadable`).
    pub status: Option<InputStatus>,
    /// For tapes: its station.
    pub station: Option<StationId>,
    /// The line of an observers' table it is (absent for a file that is one input).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// A rejected row of the published file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RejectedRowRecord {
    /// Line or spreadsheet row.
    pub line: usize,
    /// Why.
    pub reason: String,
}

/// How the published results were read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishedInfo {
    /// The file.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// `csv` or `spreadsheet`.
    pub format: String,
    /// Encoding (CSV) or sheet (spreadsheet).
    pub encoding: String,
    /// Long or wide.
    pub layout: Layout,
    /// Field → header it was read from.
    pub columns: BTreeMap<String, String>,
    /// Choice columns (wide layout).
    pub choice_columns: usize,
    /// Columns not used.
    pub ignored_columns: Vec<String>,
    /// Data rows.
    pub rows: usize,
    /// Rows whose every cell is empty (not read, not stations).
    #[serde(default)]
    pub empty_rows: usize,
    /// Stations.
    pub stations: usize,
    /// Rows not used, with why.
    pub rejected_rows: Vec<RejectedRowRecord>,
    /// Rows the layout file leaves out (`[[skip]]`), with the rule that did.
    #[serde(default)]
    pub skipped_rows: Vec<RejectedRowRecord>,
    /// The layout file the results were read with (`--layout`), text included.
    #[serde(default)]
    pub layout_file: Option<LayoutFileRecord>,
}

/// A layout file as the report keeps it: enough to read the published file again alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutFileRecord {
    /// The file as given.
    pub path: String,
    /// SHA-256 of its text.
    pub sha256: String,
    /// Its text.
    pub text: String,
}

impl LayoutFileRecord {
    /// The record of a layout file.
    pub fn of(l: &crate::published::LayoutFile) -> LayoutFileRecord {
        LayoutFileRecord {
            path: l
                .path
                .as_ref()
                .map_or_else(String::new, |p| p.display().to_string()),
            sha256: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(l.text.as_bytes())),
            text: l.text.clone(),
        }
    }
}

/// One copy of a tape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopyRecord {
    /// The file.
    pub path: String,
    /// SHA-256 of the file.
    pub sha256: Option<String>,
    /// How it was read.
    pub source: Source,
    /// Its own status.
    pub status: Status,
    /// The line of an observers' table it is (absent for a file that is one input).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// A distinct tape of a station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TapeRecord {
    /// Best status among its copies.
    pub status: Status,
    /// Why.
    pub reason: String,
    /// SHA-256 of the signed payload (identifies the count).
    pub payload_sha256: String,
    /// Every copy gathered.
    pub copies: Vec<CopyRecord>,
}

impl PublishedInfo {
    /// What a report says of a published results file: how it was read, what was not.
    pub fn of(published: &Published) -> PublishedInfo {
        PublishedInfo {
            path: published.path.display().to_string(),
            sha256: published.sha256.clone(),
            format: published.format.to_string(),
            encoding: published.encoding.clone(),
            layout: published.layout,
            columns: published
                .columns
                .iter()
                .map(|(f, h)| (f.name().to_string(), h.clone()))
                .collect(),
            choice_columns: published.choice_columns,
            ignored_columns: published.ignored_columns.clone(),
            rows: published.rows,
            empty_rows: published.empty_rows,
            stations: published.stations.len(),
            rejected_rows: rows(&published.rejected),
            skipped_rows: rows(&published.skipped),
            layout_file: published.layout_file.as_ref().map(LayoutFileRecord::of),
        }
    }
}

pub use crate::source::located;

impl CopyRecord {
    /// Where to find it: `tapes.csv:12` for a row of a table, else the path.
    pub fn located(&self) -> String {
        located(&self.path, self.line)
    }
}

impl Evidence {
    /// Where to find it: `tapes.csv:12` for a row of a table, else the path.
    pub fn located(&self) -> String {
        located(&self.path, self.line)
    }
}

/// The tape file a finding rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The file.
    pub path: String,
    /// SHA-256 of the file.
    pub sha256: Option<String>,
    /// The tape's status.
    pub status: Status,
    /// The line of an observers' table it is (absent for a file that is one input).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingRecord {
    /// What it is.
    pub kind: Kind,
    /// How much it weighs.
    pub severity: Severity,
    /// Whether it rests on a verified tape.
    pub verified: bool,
    /// The choice.
    pub choice: Option<u32>,
    /// The choice's name as the tape prints it (presentation only).
    pub choice_name: Option<String>,
    /// The field.
    pub field: Option<String>,
    /// The tape's figure.
    pub tape: Option<u32>,
    /// The published figure.
    pub published: Option<u32>,
    /// The spec §6 rule broken.
    pub rule: Option<String>,
    /// Plain words.
    pub detail: String,
    /// The tape file it rests on.
    pub evidence: Option<Evidence>,
    /// The figures an arithmetic finding (`valid`, `invalid`, `ballots`, `voters`,
    /// `registered`, `choices`: the sum of choice votes) or a published conflict (`first`,
    /// `first_line`, `line`) rests on.
    #[serde(default)]
    pub values: BTreeMap<String, u64>,
    /// For `tape-unproven`: the figures as read that differ from the published ones, each as
    /// a finding no signature supports (counted nowhere).
    #[serde(default)]
    pub differences: Vec<FindingRecord>,
}

/// A file gathered for a station that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnreadableRecord {
    /// The file.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: Option<String>,
    /// Why it could not be read.
    pub reason: String,
}

/// One station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StationRecord {
    /// Centre code.
    pub center: u32,
    /// Station number.
    pub station: u32,
    /// Governorate.
    pub governorate: Option<u32>,
    /// District.
    pub district: Option<u32>,
    /// The compared tape's status, or `missing`.
    pub tape_status: TapeStatus,
    /// The most severe finding's severity.
    pub severity: Option<Severity>,
    /// Line of the station in the published file.
    pub published_line: Option<usize>,
    /// The station's code as the published file prints it (leading zeros, a combined code, a
    /// name), when that is not `CENTRE-STATION`.
    #[serde(default)]
    pub code: Option<String>,
    /// Distinct tapes, the compared one first.
    pub tapes: Vec<TapeRecord>,
    /// Findings, most severe first.
    pub findings: Vec<FindingRecord>,
    /// Files gathered for this station (by their name) that could not be read.
    #[serde(default)]
    pub unreadable: Vec<UnreadableRecord>,
}

impl StationRecord {
    /// The station as people write it: its code as published when it has one
    /// (`0115476-02`), else `CENTRE-STATION`.
    pub fn label(&self) -> String {
        self.code
            .clone()
            .unwrap_or_else(|| super::station_label(self.center, self.station))
    }
}

/// A choice's net shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShiftRecord {
    /// The choice.
    pub choice: u32,
    /// The choice's name: the published file's, else the one most tapes print (presentation
    /// only: names are not signed).
    #[serde(default)]
    pub name: Option<String>,
    /// The governorate of the choice's ballot (null: a national ballot, or unknown).
    #[serde(default)]
    pub governorate: Option<u32>,
    /// The district of the choice's ballot (null: a national ballot, or unknown): candidate
    /// numbers start again in every district, so a code alone names no one.
    #[serde(default)]
    pub district: Option<u32>,
    /// Published minus tape votes.
    pub shift: i64,
}

/// An area's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaRecord {
    /// Governorate (null: whole election or unknown).
    pub governorate: Option<u32>,
    /// District (null above district level).
    pub district: Option<u32>,
    /// Every station: the sum of stations_matching_verified, stations_matching_not_proven,
    /// stations_with_findings, stations_unproven, stations_unreadable, stations_without_tape.
    pub stations: usize,
    /// Published stations.
    pub stations_published: usize,
    /// Stations with a tape.
    pub stations_with_tape: usize,
    /// Published stations with a tape.
    pub stations_covered: usize,
    /// stations_covered / stations_published.
    pub coverage: f64,
    /// Published stations with a verified tape.
    pub stations_covered_verified: usize,
    /// stations_covered_verified / stations_published.
    pub coverage_verified: f64,
    /// Stations whose tape verifies.
    pub stations_verified: usize,
    /// Stations with tape and published figures and no finding, proven or not.
    pub stations_matching: usize,
    /// Of those, on a verified tape.
    pub stations_matching_verified: usize,
    /// Of those, on a tape that is not proven.
    pub stations_matching_not_proven: usize,
    /// Stations with a discrepancy (a finding other than tape-missing, tape-unproven,
    /// tape-unreadable).
    pub stations_with_findings: usize,
    /// Of those, the stations proven to differ: a verified tape (authenticated keyring)
    /// whose figure differs from the published one.
    #[serde(default)]
    pub stations_proven_differ: usize,
    /// The stations with findings by the one reason each is counted under (`proven-differ`,
    /// `tape-fails-verification`, `conflicting-tapes`, `missing-in-published`,
    /// `published-contradicts`, `differs-not-proven`, `other`): they add up to
    /// `stations_with_findings`.
    #[serde(default)]
    pub stations_by_discrepancy: BTreeMap<String, usize>,
    /// Stations whose only tapes are OCR readings nothing proves.
    pub stations_unproven: usize,
    /// Published stations without a tape whose gathered photo could not be read.
    pub stations_unreadable: usize,
    /// Published stations with nothing gathered.
    pub stations_without_tape: usize,
    /// Findings per kind.
    pub findings: BTreeMap<String, usize>,
    /// Published minus tape votes per choice, over verified tapes, largest gain first.
    pub net_vote_shift: Vec<ShiftRecord>,
    /// The same over tapes that are not proven (unproven OCR readings excluded).
    pub net_vote_shift_unverified: Vec<ShiftRecord>,
}

/// Overall, per governorate, per district.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryRecord {
    /// Stations proven to differ over the whole election (a verified tape whose figure
    /// differs from the published one): the headline, and what decides exit status 1.
    #[serde(default)]
    pub proven_differ: usize,
    /// The whole election.
    pub overall: AreaRecord,
    /// Per governorate.
    pub governorates: Vec<AreaRecord>,
    /// Per district.
    pub districts: Vec<AreaRecord>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReconcileReport {
    /// Schema version, 1.
    pub schema_version: u32,
    /// tally's version.
    pub tool_version: String,
    /// Every input and what became of it.
    pub inputs: Vec<InputRecord>,
    /// The keyring, if one was given.
    pub keyring: Option<KeyringInfo>,
    /// The published results.
    pub published: PublishedInfo,
    /// Stations ranked by severity.
    pub stations: Vec<StationRecord>,
    /// Figures per area.
    pub summary: SummaryRecord,
    /// Present only in a report inside an evidence bundle (`tally bundle`): which stations
    /// it keeps and where each bundled file came from. Its paths are the bundle's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle: Option<BundleRecord>,
    /// The layout the observers' tables among the tapes were read with (`--tapes-layout`),
    /// so that a bundle's re-run reads them alike.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tapes_layout: Option<LayoutFileRecord>,
    /// Which ballot a choice code belongs to: `district` (each district its own; the net
    /// shift is summed per governorate, district and code) or `national`.
    #[serde(default = "district_ballot")]
    pub ballot: String,
    /// OCR readings nothing proves that name a station no published row and no other tape
    /// holds, and whose file names no published station: listed here, never a station.
    #[serde(default)]
    pub unattributed: Vec<UnattributedRecord>,
    /// Who issues the report, for which election, and when: the heading of the PDF, the
    /// HTML report and every complaint sheet.
    #[serde(default)]
    pub issue: IssueRecord,
}

fn district_ballot() -> String {
    BallotScope::District.as_str().to_string()
}

/// An OCR reading nothing proves, attributed to no station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnattributedRecord {
    /// The file.
    pub path: String,
    /// SHA-256 of the file.
    pub sha256: Option<String>,
    /// The station as the reading gives it (`166662-6`): likely misread.
    pub read_as: String,
    /// Its status (`unproven`).
    pub status: Status,
}

impl ReconcileReport {
    /// The ballot the report's choice codes belong to.
    pub fn ballot_scope(&self) -> BallotScope {
        if self.ballot == BallotScope::National.as_str() {
            BallotScope::National
        } else {
            BallotScope::District
        }
    }
}

/// How a bundled report was cut from the report it was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleRecord {
    /// `all`, or the selection as typed (`--station 120345-3 --min-severity high`). With a
    /// selection, `stations` holds only the chosen stations and `inputs` only their tapes;
    /// `summary` stays that of the whole reconciliation.
    pub selection: String,
    /// SHA-256 of the report file the bundle was made from.
    pub source_report_sha256: String,
    /// Every input file bundled, with the path it was read from.
    pub files: Vec<BundledFile>,
}

/// An input file in a bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundledFile {
    /// Path inside the bundle.
    pub path: String,
    /// The path the report named.
    pub original_path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
}

impl ReconcileReport {
    /// Whether any finding was made.
    pub fn has_findings(&self) -> bool {
        self.stations.iter().any(|s| !s.findings.is_empty())
    }

    /// Whether any input or published row was rejected.
    pub fn has_rejections(&self) -> bool {
        self.inputs.iter().any(|i| i.outcome == Outcome::Rejected)
            || !self.published.rejected_rows.is_empty()
    }
}

/// Each choice's name on its ballot.
type Names = BTreeMap<ChoiceKey, String>;

/// The choices' names as the tapes print them: per choice on its ballot, the name most tapes
/// print (ties: the first met), OCR readings nothing proves left out: a name is printed, not
/// signed, and one misread (`AVINT. ALI`) must not stand for the candidate. The published
/// file's names (a wide file's column headers) come first where it has them ([`shifts`]).
fn choice_names(r: &Reconciliation) -> Names {
    let mut votes: BTreeMap<ChoiceKey, Vec<(String, usize)>> = BTreeMap::new();
    for s in &r.stations {
        for group in s.tapes.iter().filter(|t| !t.is_unproven_reading()) {
            let tape = group.tape();
            for (c, name) in tape.payload.choices.iter().zip(&tape.names) {
                let Some(name) = name.as_deref().map(str::trim).filter(|n| !n.is_empty()) else {
                    continue;
                };
                let key = r.scope.key(s.governorate, s.district, c.code);
                let seen = votes.entry(key).or_default();
                match seen.iter_mut().find(|(n, _)| n == name) {
                    Some((_, count)) => *count += 1,
                    None => seen.push((name.to_string(), 1)),
                }
            }
        }
    }
    votes
        .into_iter()
        .filter_map(|(key, seen)| {
            // The most printed; among equals, the first met.
            let best = seen
                .iter()
                .enumerate()
                .max_by_key(|(i, (_, count))| (*count, std::cmp::Reverse(*i)))?;
            Some((key, best.1 .0.clone()))
        })
        .collect()
}

/// The shifts, largest gain first (then by choice and its ballot), each named.
fn shifts(
    map: &BTreeMap<ChoiceKey, i64>,
    names: &Names,
    published: &Published,
) -> Vec<ShiftRecord> {
    // A header that names the choice (`Maduro`, `NM`), not one that is only its number.
    let header = |code: u32| {
        published
            .choice_headers
            .iter()
            .find(|(c, h)| *c == code && h.chars().any(char::is_alphabetic))
            .map(|(_, h)| h.clone())
    };
    let mut out: Vec<ShiftRecord> = map
        .iter()
        .map(|(key, s)| ShiftRecord {
            choice: key.code,
            name: header(key.code).or_else(|| names.get(key).cloned()),
            governorate: key.governorate,
            district: key.district,
            shift: *s,
        })
        .collect();
    out.sort_by(|a, b| {
        b.shift
            .cmp(&a.shift)
            .then(a.choice.cmp(&b.choice))
            .then((a.governorate, a.district).cmp(&(b.governorate, b.district)))
    });
    out
}

fn rounded(share: f64) -> f64 {
    (share * 10_000.0).round() / 10_000.0
}

fn area(a: &AreaSummary, names: &Names, published: &Published) -> AreaRecord {
    AreaRecord {
        governorate: a.governorate,
        district: a.district,
        stations: a.stations,
        stations_published: a.stations_published,
        stations_with_tape: a.stations_with_tape,
        stations_covered: a.stations_covered,
        coverage: rounded(a.coverage()),
        stations_covered_verified: a.stations_covered_verified,
        coverage_verified: rounded(a.coverage_verified()),
        stations_verified: a.stations_verified,
        stations_matching: a.stations_matching,
        stations_matching_verified: a.stations_matching_verified,
        stations_matching_not_proven: a.stations_matching_not_proven,
        stations_with_findings: a.stations_with_findings,
        stations_proven_differ: a.proven_differ(),
        stations_by_discrepancy: a
            .discrepancies
            .iter()
            .map(|(d, n)| (d.as_str().to_string(), *n))
            .collect(),
        stations_unproven: a.stations_unproven,
        stations_unreadable: a.stations_unreadable,
        stations_without_tape: a.stations_without_tape,
        findings: a
            .findings
            .iter()
            .map(|(k, n)| (k.as_str().to_string(), *n))
            .collect(),
        net_vote_shift: shifts(&a.net_vote_shift, names, published),
        net_vote_shift_unverified: shifts(&a.net_vote_shift_unverified, names, published),
    }
}

fn finding(f: &Finding, s: &StationResult) -> FindingRecord {
    let primary = s.tapes.first();
    let copy = primary.and_then(|t| t.copies.first());
    let evidence = copy
        .filter(|_| {
            !matches!(
                f.kind,
                Kind::TapeMissing
                    | Kind::TapeUnreadable
                    | Kind::PublishedArithmetic
                    | Kind::PublishedConflict
            )
        })
        .map(|c| Evidence {
            path: c.path.display().to_string(),
            sha256: c.sha256.clone(),
            status: primary.map_or(c.status, |t| t.status),
            line: c.line,
        });
    let choice_name = f.choice.and_then(|code| {
        let tape = &copy?.tape;
        let i = tape.payload.choices.iter().position(|c| c.code == code)?;
        tape.names.get(i).cloned().flatten()
    });
    FindingRecord {
        kind: f.kind,
        severity: f.severity,
        verified: f.verified,
        choice: f.choice,
        choice_name,
        field: f.field.clone(),
        tape: f.tape,
        published: f.published,
        rule: f.rule.clone(),
        detail: f.detail.clone(),
        evidence,
        values: f
            .values
            .iter()
            .map(|(k, v)| ((*k).to_string(), *v))
            .collect(),
        differences: f.differences.iter().map(|d| finding(d, s)).collect(),
    }
}

fn station(s: &StationResult) -> StationRecord {
    StationRecord {
        center: s.center,
        station: s.station,
        governorate: s.governorate,
        district: s.district,
        tape_status: s
            .tape_status()
            .map_or(TapeStatus::Missing, TapeStatus::Tape),
        severity: s.severity(),
        published_line: s.published_line,
        code: s.published_code.clone(),
        tapes: s
            .tapes
            .iter()
            .map(|t| TapeRecord {
                status: t.status,
                reason: t.reason.clone(),
                payload_sha256: t.payload_sha256().to_string(),
                copies: t
                    .copies
                    .iter()
                    .map(|c| CopyRecord {
                        path: c.path.display().to_string(),
                        sha256: c.sha256.clone(),
                        source: c.source,
                        status: c.status,
                        line: c.line,
                    })
                    .collect(),
            })
            .collect(),
        findings: s.findings.iter().map(|f| finding(f, s)).collect(),
        unreadable: s
            .unreadable
            .iter()
            .map(|u| UnreadableRecord {
                path: u.path.display().to_string(),
                sha256: u.sha256.clone(),
                reason: u.reason.clone(),
            })
            .collect(),
    }
}

fn rows(rows: &[crate::published::RejectedRow]) -> Vec<RejectedRowRecord> {
    rows.iter()
        .map(|r| RejectedRowRecord {
            line: r.line,
            reason: r.reason.clone(),
        })
        .collect()
}

/// Builds the report from a reconciliation and its inputs.
pub fn build(
    r: &Reconciliation,
    inputs: Vec<InputRecord>,
    keyring: Option<KeyringInfo>,
    published: &Published,
) -> ReconcileReport {
    let info = PublishedInfo::of(published);
    let names = choice_names(r);
    ReconcileReport {
        schema_version: SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        inputs,
        keyring,
        published: info,
        stations: r.stations.par_iter().map(station).collect(),
        summary: SummaryRecord {
            proven_differ: r.summary.overall.proven_differ(),
            overall: area(&r.summary.overall, &names, published),
            governorates: r
                .summary
                .governorates
                .iter()
                .map(|a| area(a, &names, published))
                .collect(),
            districts: r
                .summary
                .districts
                .iter()
                .map(|a| area(a, &names, published))
                .collect(),
        },
        bundle: None,
        tapes_layout: None,
        issue: IssueRecord::default(),
        ballot: r.scope.as_str().to_string(),
        unattributed: r
            .unattributed
            .iter()
            .map(|t| UnattributedRecord {
                path: t.label(),
                sha256: t.sha256.clone(),
                read_as: super::station_label(t.tape.payload.center, t.tape.payload.station),
                status: t.status,
            })
            .collect(),
    }
}
