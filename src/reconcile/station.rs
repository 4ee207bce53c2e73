//! One station: group its tapes, pick the one to compare, and list every finding.

use super::{pair_choices, Finding, Gathered, Kind, Severity, StationResult, TapeGroup};
use crate::published::{Field, PublishedStation, TOTALS};
use crate::tape::{Payload, COUNT_FIELDS};
use crate::verify::Status;

/// Rank of a status when choosing which copy or tape speaks for a station: proven first.
fn rank(status: Status) -> u8 {
    match status {
        Status::Verified => 0,
        Status::KeyUnauthenticated => 1,
        Status::KeyExpired | Status::KeyOutOfScope | Status::KeyRevoked => 2,
        Status::UnknownKey => 3,
        Status::Unsigned => 4,
        Status::UnreadableSignature => 5,
        Status::BadSignature => 6,
        Status::Unproven => 7,
    }
}

/// Groups copies by signed payload: the same tape gathered twice counts once.
fn group(tapes: Vec<Gathered>) -> Vec<TapeGroup> {
    let mut groups: Vec<TapeGroup> = Vec::new();
    for t in tapes {
        match groups.iter_mut().find(|g| *g.payload() == t.tape.payload) {
            Some(g) => {
                if rank(t.status) < rank(g.status) {
                    g.status = t.status;
                    g.reason = t.reason.clone();
                }
                g.copies.push(t);
            }
            None => groups.push(TapeGroup {
                status: t.status,
                reason: t.reason.clone(),
                copies: vec![t],
            }),
        }
    }
    for g in &mut groups {
        g.copies.sort_by(|a, b| a.path.cmp(&b.path));
    }
    groups
}

/// A finding about the figures of a tape and the published results.
fn figure(kind: Kind, verified: bool, detail: String) -> Finding {
    let severity = if verified {
        Severity::Critical
    } else {
        Severity::Medium
    };
    Finding {
        kind,
        severity,
        verified,
        choice: None,
        field: None,
        tape: None,
        published: None,
        rule: None,
        detail,
    }
}

/// A choice present on one side only with zero votes changes no count: information only.
fn zero_is_info(f: Finding, votes: u32) -> Finding {
    if votes == 0 {
        Finding {
            severity: Severity::Info,
            ..f
        }
    } else {
        f
    }
}

/// Compares a tape's figures with the published station's.
fn compare(p: &Payload, s: &PublishedStation, verified: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for (key, field) in COUNT_FIELDS.iter().zip(TOTALS) {
        let tape = p.count(key).unwrap_or(0);
        match s.total(field) {
            Some(published) if published != tape => out.push(Finding {
                field: Some(key.to_string()),
                tape: Some(tape),
                published: Some(published),
                ..figure(
                    Kind::TotalMismatch,
                    verified,
                    format!("{key}: tape {tape}, published {published}"),
                )
            }),
            _ => {}
        }
    }
    for (code, tape, published) in pair_choices(&p.choices, &s.choices) {
        let finding = match (tape, published) {
            (Some(t), Some(q)) if t != q => Finding {
                choice: Some(code),
                tape: Some(t),
                published: Some(q),
                ..figure(Kind::VoteMismatch, verified, format!("choice {code}: tape {t}, published {q}"))
            },
            (Some(t), None) => Finding {
                choice: Some(code),
                tape: Some(t),
                ..zero_is_info(figure(Kind::ChoiceMissingInPublished, verified, format!("choice {code} has {t} votes on the tape and is not in the published results")), t)
            },
            (None, Some(q)) => Finding {
                choice: Some(code),
                published: Some(q),
                ..zero_is_info(figure(Kind::ChoiceMissingOnTape, verified, format!("choice {code} has {q} published votes and is not on the tape")), q)
            },
            _ => continue,
        };
        out.push(finding);
    }
    for (what, tape, published) in [
        ("governorate", p.governorate, s.governorate),
        ("district", p.district, s.district),
    ] {
        if let Some(published) = published.filter(|v| *v != tape) {
            out.push(Finding {
                field: Some(what.into()),
                tape: Some(tape),
                published: Some(published),
                ..figure(
                    Kind::IdentityMismatch,
                    verified,
                    format!("{what}: tape {tape}, published {published}"),
                )
            });
        }
    }
    out
}

/// The rules of spec §6 that the published figures break (only where they are published).
fn published_arithmetic(s: &PublishedStation) -> Vec<Finding> {
    let t = |f: Field| s.total(f);
    let sum: u64 = s.choices.iter().map(|c| u64::from(c.votes)).sum();
    let mut breaks = Vec::new();
    if let Some(valid) = t(Field::Valid) {
        if u64::from(valid) != sum && !s.choices.is_empty() {
            breaks.push((
                "valid = sum of choice votes",
                format!("valid is {valid}, the choices add up to {sum}"),
            ));
        }
    }
    if let (Some(valid), Some(invalid), Some(ballots)) =
        (t(Field::Valid), t(Field::Invalid), t(Field::Ballots))
    {
        if u64::from(valid) + u64::from(invalid) != u64::from(ballots) {
            breaks.push((
                "valid + invalid = ballots",
                format!(
                    "{valid} + {invalid} = {}, ballots is {ballots}",
                    u64::from(valid) + u64::from(invalid)
                ),
            ));
        }
    }
    if let (Some(ballots), Some(voters)) = (t(Field::Ballots), t(Field::Voters)) {
        if ballots > voters {
            breaks.push((
                "ballots <= voters",
                format!("{ballots} ballots, {voters} voters"),
            ));
        }
    }
    if let (Some(voters), Some(registered)) = (t(Field::Voters), t(Field::Registered)) {
        if voters > registered {
            breaks.push((
                "voters <= registered",
                format!("{voters} voters, {registered} registered"),
            ));
        }
    }
    breaks
        .into_iter()
        .map(|(rule, detail)| Finding {
            kind: Kind::PublishedArithmetic,
            severity: Severity::High,
            verified: false,
            choice: None,
            field: None,
            tape: None,
            published: None,
            rule: Some(rule.into()),
            detail,
        })
        .collect()
}

/// Reconciles one station.
pub fn reconcile_station(
    key: (u32, u32),
    tapes: Vec<Gathered>,
    published: Option<&PublishedStation>,
) -> StationResult {
    let mut groups = group(tapes);
    if groups.len() > 1 {
        let differences =
            |g: &TapeGroup| published.map_or(0, |s| compare(g.payload(), s, false).len());
        groups.sort_by_cached_key(|g| (rank(g.status), differences(g), g.copies[0].path.clone()));
    }
    let mut findings = Vec::new();
    if groups.len() > 1 {
        let verified = groups
            .iter()
            .filter(|g| g.status == Status::Verified)
            .count();
        let severity = match verified {
            0 => Severity::Medium,
            1 => Severity::High,
            _ => Severity::Critical,
        };
        let list: Vec<String> = groups
            .iter()
            .map(|g| format!("{} ({})", g.copies[0].path.display(), g.status))
            .collect();
        let what = if verified >= 2 {
            "the device signed two different counts"
        } else {
            "different figures were gathered"
        };
        findings.push(Finding {
            kind: Kind::ConflictingTapes,
            severity,
            verified: verified >= 2,
            choice: None,
            field: None,
            tape: None,
            published: None,
            rule: None,
            detail: format!(
                "{} different tapes, {what}: {}",
                groups.len(),
                list.join(", ")
            ),
        });
    }
    if let Some(primary) = groups.first() {
        let verified = primary.status == Status::Verified;
        for b in primary.payload().arithmetic_breaks() {
            let severity = if verified {
                Severity::Medium
            } else {
                Severity::Low
            };
            findings.push(Finding {
                kind: Kind::TapeArithmetic,
                severity,
                verified,
                choice: None,
                field: None,
                tape: None,
                published: None,
                rule: Some(b.rule.into()),
                detail: b.detail,
            });
        }
        match published {
            Some(s) => findings.extend(compare(primary.payload(), s, verified)),
            None => findings.push(Finding {
                severity: if verified {
                    Severity::High
                } else {
                    Severity::Low
                },
                ..figure(
                    Kind::StationMissingInPublished,
                    verified,
                    "the tape's station is not in the published results".into(),
                )
            }),
        }
    }
    if let Some(s) = published {
        findings.extend(published_arithmetic(s));
        for c in &s.conflicts {
            findings.push(Finding {
                kind: Kind::PublishedConflict,
                severity: Severity::High,
                verified: false,
                choice: None,
                field: Some(c.what.clone()),
                tape: None,
                published: Some(c.value),
                rule: None,
                detail: format!(
                    "{}: {} on line {}, {} on line {}",
                    c.what, c.first, c.first_line, c.value, c.line
                ),
            });
        }
        if groups.is_empty() {
            findings.push(Finding {
                severity: Severity::Info,
                ..figure(
                    Kind::TapeMissing,
                    false,
                    "published, but no tape was gathered for this station".into(),
                )
            });
        }
    }
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.kind.cmp(&b.kind))
            .then(a.choice.cmp(&b.choice))
            .then(a.field.cmp(&b.field))
    });
    let payload = groups.first().map(TapeGroup::payload);
    StationResult {
        center: key.0,
        station: key.1,
        governorate: published
            .and_then(|s| s.governorate)
            .or(payload.map(|p| p.governorate)),
        district: published
            .and_then(|s| s.district)
            .or(payload.map(|p| p.district)),
        tapes: groups,
        published_line: published.map(|s| s.line),
        findings,
    }
}
