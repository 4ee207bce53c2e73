//! What the report says, in its language: the summary's counts, what a finding is about and
//! its details. English details are the JSON's own `detail`; Arabic and Kurdish ones are
//! composed from the finding's figures, so that no English sentence is left in those pages.

use super::model::{AreaRecord, FindingRecord, ReconcileReport, ShiftRecord, StationRecord};
use super::signed;
use crate::reconcile::{is_unproven_reading, Kind};
use crate::report::lang::{Lang, Msg, Rich, Say};

/// `n (12.5%)`.
fn with_share(n: usize, share: f64) -> String {
    format!("{n} ({:.1}%)", share * 100.0)
}

/// The summary's counts of an area, as (label, value) rows: coverage, then [`partition`].
pub fn counts(a: &AreaRecord) -> Vec<(Say, String)> {
    let mut rows = vec![
        (Say::PublishedStations, a.stations_published.to_string()),
        (Say::WithTape, with_share(a.stations_covered, a.coverage)),
        (
            Say::WithVerifiedTape,
            with_share(a.stations_covered_verified, a.coverage_verified),
        ),
    ];
    rows.extend(partition(a));
    rows
}

/// The stations of an area by what rests on proof: every station is in exactly one row, so
/// that the rows add up to `stations`.
pub fn partition(a: &AreaRecord) -> Vec<(Say, String)> {
    [
        (Say::MatchingVerified, a.stations_matching_verified),
        (Say::MatchingNotProven, a.stations_matching_not_proven),
        (Say::WithFindings, a.stations_with_findings),
        (Say::UnprovenStations, a.stations_unproven),
        (Say::UnreadableStations, a.stations_unreadable),
        (Say::WithoutTape, a.stations_without_tape),
    ]
    .into_iter()
    .map(|(say, n)| (say, n.to_string()))
    .collect()
}

/// What the keyring proves, in one sentence.
pub fn keyring(lang: Lang, r: &ReconcileReport) -> Rich {
    match &r.keyring {
        Some(k) if k.authenticated => Rich::fill(
            lang.say(Say::KeyringAuthenticated),
            &[k.path.clone(), k.root_key_id.clone().unwrap_or_default()],
        ),
        Some(k) => Rich::fill(
            lang.say(Say::KeyringNotAuthenticated),
            std::slice::from_ref(&k.path),
        ),
        None => Rich::words(lang.say(Say::NoKeyring)),
    }
}

/// A choice as a reader names it: `101 AHMED K. HASSAN`.
pub fn choice_label(code: u32, name: Option<&str>) -> String {
    match name {
        Some(n) => format!("{code} {n}"),
        None => code.to_string(),
    }
}

/// A shift as a reader reads it: `101 AHMED K. HASSAN` and `+71`; on a district's ballot,
/// with its governorate and district (`603 AHMED C. NASIR (9-3)`): candidate numbers start
/// again in every district, so a code alone names no one.
pub fn shift_parts(s: &ShiftRecord) -> (String, String) {
    let label = choice_label(s.choice, s.name.as_deref());
    let label = match (s.governorate, s.district) {
        (Some(g), Some(d)) => format!("{label} ({g}-{d})"),
        (None, Some(d)) => format!("{label} (-{d})"),
        (Some(g), None) => format!("{label} ({g}-)"),
        (None, None) => label,
    };
    (label, signed(s.shift))
}

/// The headline of an area: how many stations are proven to differ, in a sentence; then the
/// other stations with findings by the one reason each is counted under (none left out, none
/// counted twice: with the first they add up to `stations_with_findings`).
pub fn headline(lang: Lang, a: &AreaRecord) -> (Rich, Vec<(Say, usize)>) {
    let proven = Rich::fill(
        lang.say(Say::ProvenDiffer),
        &[a.stations_proven_differ.to_string()],
    );
    let rest = crate::reconcile::Discrepancy::ALL[1..]
        .iter()
        .filter_map(|d| {
            let n = a.stations_by_discrepancy.get(d.as_str()).copied()?;
            (n > 0).then_some((discrepancy_words(*d), n))
        })
        .collect();
    (proven, rest)
}

/// What a reason for counting a station with findings is called.
fn discrepancy_words(d: crate::reconcile::Discrepancy) -> Say {
    use crate::reconcile::Discrepancy as D;
    match d {
        D::ProvenDiffer => Say::WithFindings,
        D::TapeFailsVerification => Say::TapeFailsVerification,
        D::ConflictingTapes => Say::TwoSignedCounts,
        D::MissingInPublished => Say::MissingInPublished,
        D::PublishedContradicts => Say::PublishedContradicts,
        D::DiffersNotProven => Say::DiffersNotProven,
        D::Other => Say::OtherDiscrepancy,
    }
}

/// A field's label in the language (`registered` → "Registered voters"), or the field.
fn field(lang: Lang, name: &str) -> String {
    match name {
        "governorate" => lang.t(Msg::Governorate).to_string(),
        "district" => lang.t(Msg::District).to_string(),
        "choices" => lang.say(Say::SumOfChoices).to_string(),
        f if !lang.field(f).is_empty() => lang.field(f).to_string(),
        f => f.to_string(),
    }
}

/// What a finding is about: a choice, a field or a rule.
pub fn about(lang: Lang, f: &FindingRecord) -> Rich {
    match (f.choice, &f.field, &f.rule) {
        (Some(c), _, _) => Rich::fill(
            &format!("{} {{0}}", lang.t(Msg::Choice)),
            &[choice_label(c, f.choice_name.as_deref())],
        ),
        (_, Some(name), _) => Rich::words(field(lang, name)),
        (_, _, Some(rule)) => rule_words(lang, rule),
        _ => Rich::default(),
    }
}

/// A spec §6 rule with its fields named in the language.
fn rule_words(lang: Lang, rule: &str) -> Rich {
    if lang == Lang::En {
        return Rich::words(rule);
    }
    let words: Vec<String> = rule
        .replace("sum of choice votes", "choices")
        .split(' ')
        .map(|w| match w {
            "=" | "+" | "<=" => w.replace("<=", "≤"),
            w => field(lang, w),
        })
        .collect();
    Rich::words(words.join(" "))
}

/// The details of a finding in the language.
pub fn detail(lang: Lang, f: &FindingRecord, s: &StationRecord) -> Rich {
    if lang == Lang::En {
        return Rich::words(f.detail.clone());
    }
    let n = |v: Option<u32>| v.map_or(String::new(), |v| v.to_string());
    let fill = |say: Say, values: &[String]| Rich::fill(lang.say(say), values);
    let subject = || about(lang, f).plain();
    let value = |name: &str| f.values.get(name).copied().unwrap_or(0);
    match f.kind {
        Kind::VoteMismatch | Kind::TotalMismatch | Kind::IdentityMismatch => {
            fill(Say::DetailFigures, &[subject(), n(f.tape), n(f.published)])
        }
        Kind::ChoiceMissingInPublished => {
            fill(Say::DetailMissingInPublished, &[subject(), n(f.tape)])
        }
        Kind::ChoiceMissingOnTape => fill(Say::DetailMissingOnTape, &[subject(), n(f.published)]),
        Kind::StationMissingInPublished => fill(Say::DetailStationUnpublished, &[]),
        Kind::TapeMissing => fill(Say::DetailTapeMissing, &[]),
        Kind::TapeArithmetic | Kind::PublishedArithmetic => arithmetic(lang, f),
        Kind::ConflictingTapes => {
            let certain: Vec<String> = s
                .tapes
                .iter()
                // The tapes the reconciliation set against each other: not the readings
                // nothing proves.
                .filter(|t| !is_unproven_reading(t.status, t.copies.iter().map(|c| c.source)))
                .map(|t| {
                    let path = t.copies.first().map_or(String::new(), |c| c.located());
                    format!("{path} ({})", lang.status(t.status.as_str()))
                })
                .collect();
            let say = if f.verified {
                Say::DetailConflictingSigned
            } else {
                Say::DetailConflicting
            };
            fill(
                say,
                &[certain.len().to_string(), certain.join(lang.comma())],
            )
        }
        Kind::PublishedConflict => fill(
            Say::DetailPublishedConflict,
            &[
                f.field.as_deref().map_or(String::new(), |w| field(lang, w)),
                value("first").to_string(),
                value("first_line").to_string(),
                n(f.published),
                value("line").to_string(),
            ],
        ),
        Kind::TapeUnproven => {
            let photos: Vec<&str> = s
                .tapes
                .iter()
                .flat_map(|t| &t.copies)
                .map(|c| c.path.as_str())
                .collect();
            let photos = photos.join(" ");
            match (s.published_line, f.differences.len()) {
                (None, _) => fill(Say::DetailUnprovenUnpublished, &[photos]),
                (Some(_), 0) => fill(Say::DetailUnproven, &[photos]),
                (Some(_), k) => fill(Say::DetailUnprovenDiffers, &[photos, k.to_string()]),
            }
        }
        Kind::TapeUnreadable => {
            let paths: Vec<&str> = s.unreadable.iter().map(|u| u.path.as_str()).collect();
            fill(Say::DetailUnreadable, &[paths.join(lang.comma())])
        }
    }
}

/// An arithmetic finding as a formula with the figures: `valid 294 ≠ sum of choice votes 290`.
fn arithmetic(lang: Lang, f: &FindingRecord) -> Rich {
    let v = |name: &str| f.values.get(name).copied().unwrap_or(0);
    let l = |name: &str| field(lang, name);
    let (template, values) = match f.rule.as_deref() {
        Some("valid = sum of choice votes") => (
            format!("{} {{0}} ≠ {} {{1}}", l("valid"), l("choices")),
            vec![v("valid"), v("choices")],
        ),
        Some("valid + invalid = ballots") => (
            format!(
                "{} {{0}} + {} {{1}} = {{2}} ≠ {} {{3}}",
                l("valid"),
                l("invalid"),
                l("ballots")
            ),
            vec![
                v("valid"),
                v("invalid"),
                v("valid") + v("invalid"),
                v("ballots"),
            ],
        ),
        Some("ballots <= voters") => (
            format!("{} {{0}} > {} {{1}}", l("ballots"), l("voters")),
            vec![v("ballots"), v("voters")],
        ),
        Some("voters <= registered") => (
            format!("{} {{0}} > {} {{1}}", l("voters"), l("registered")),
            vec![v("voters"), v("registered")],
        ),
        _ => return about(lang, f),
    };
    let values: Vec<String> = values.iter().map(u64::to_string).collect();
    Rich::fill(&template, &values)
}
