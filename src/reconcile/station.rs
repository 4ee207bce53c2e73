//! One station: group its tapes, pick the one to compare, and list every finding.

use super::{
    pair_choices, Finding, Gathered, Kind, Severity, StationResult, TapeGroup, Unreadable,
};
use crate::published::{Field, PublishedStation, TOTALS};
use crate::tape::{Tape, COUNT_FIELDS};
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
        let same =
            |g: &TapeGroup| g.tape().payload == t.tape.payload && g.tape().absent == t.tape.absent;
        match groups.iter_mut().find(|g| same(g)) {
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
        values: Vec::new(),
        differences: Vec::new(),
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

/// Compares a tape's figures with the published station's: only figures both give (absent is
/// not zero).
fn compare(t: &Tape, s: &PublishedStation, verified: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    let p = &t.payload;
    for (key, field) in COUNT_FIELDS.iter().zip(TOTALS) {
        match (t.count(key), s.total(field)) {
            (Some(tape), Some(published)) if published != tape => out.push(Finding {
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
            (None, Some(_)) if t.absent.unlisted_choices => continue,
            (None, Some(q)) => Finding {
                choice: Some(code),
                published: Some(q),
                ..zero_is_info(figure(Kind::ChoiceMissingOnTape, verified, format!("choice {code} has {q} published votes and is not on the tape")), q)
            },
            _ => continue,
        };
        out.push(finding);
    }
    for (what, published) in [("governorate", s.governorate), ("district", s.district)] {
        let Some(tape) = t.area(what) else { continue };
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
    let turnout = crate::tape::Turnout {
        registered: t(Field::Registered),
        voters: t(Field::Voters),
        ballots: t(Field::Ballots),
        invalid: t(Field::Invalid),
        valid: t(Field::Valid),
        choices: (!s.choices.is_empty())
            .then(|| s.choices.iter().map(|c| u64::from(c.votes)).sum()),
    };
    crate::tape::arithmetic_breaks(&turnout)
        .into_iter()
        .map(|b| Finding {
            severity: Severity::High,
            rule: Some(b.rule.into()),
            values: b.values,
            ..figure(Kind::PublishedArithmetic, false, b.detail)
        })
        .collect()
}

/// The one finding of a station whose only tapes are OCR readings no signature proves: what
/// they read differently from the published figures, counted as no discrepancy.
fn unproven(groups: &[TapeGroup], published: Option<&PublishedStation>) -> Finding {
    let photos: Vec<String> = groups
        .iter()
        .flat_map(|g| &g.copies)
        .map(|c| c.path.display().to_string())
        .collect();
    let differences = published.map_or_else(Vec::new, |s| compare(groups[0].tape(), s, false));
    let what = match (published, differences.len()) {
        (None, _) => {
            "; the station as read is not in the published results (it may be misread)".to_string()
        }
        (Some(_), 0) => "; as read, it agrees with the published figures".to_string(),
        (Some(_), 1) => "; 1 figure as read differs from the published figures".to_string(),
        (Some(_), n) => format!("; {n} figures as read differ from the published figures"),
    };
    Finding {
        severity: Severity::Info,
        differences,
        ..figure(
            Kind::TapeUnproven,
            false,
            format!(
                "read from a photo and not proven: check it with `tally review {}`{what}",
                photos.join(" ")
            ),
        )
    }
}

/// Reconciles one station.
pub fn reconcile_station(
    key: (u32, u32),
    tapes: Vec<Gathered>,
    mut unreadable: Vec<Unreadable>,
    published: Option<&PublishedStation>,
) -> StationResult {
    let mut groups = group(tapes);
    if groups.len() > 1 {
        let differences =
            |g: &TapeGroup| published.map_or(0, |s| compare(g.tape(), s, false).len());
        groups.sort_by_cached_key(|g| {
            (
                g.is_unproven_reading(),
                rank(g.status),
                differences(g),
                g.copies[0].path.clone(),
            )
        });
    }
    unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    let mut findings = Vec::new();
    // Readings nothing proves (sorted last) never speak against another tape: a photo
    // misread is no second count.
    let certain = groups.iter().filter(|g| !g.is_unproven_reading()).count();
    if certain > 1 {
        let verified = groups
            .iter()
            .filter(|g| g.status == Status::Verified)
            .count();
        let severity = match verified {
            0 => Severity::Medium,
            1 => Severity::High,
            _ => Severity::Critical,
        };
        let list: Vec<String> = groups[..certain]
            .iter()
            .map(|g| format!("{} ({})", g.copies[0].label(), g.status))
            .collect();
        let what = if verified >= 2 {
            "the device signed two different counts"
        } else {
            "different figures were gathered"
        };
        findings.push(Finding {
            severity,
            ..figure(
                Kind::ConflictingTapes,
                verified >= 2,
                format!("{certain} different tapes, {what}: {}", list.join(", ")),
            )
        });
    }
    match groups.first() {
        Some(primary) if primary.is_unproven_reading() => {
            findings.push(unproven(&groups, published));
        }
        Some(primary) => {
            let verified = primary.status == Status::Verified;
            for b in primary.tape().arithmetic_breaks() {
                let severity = if verified {
                    Severity::Medium
                } else {
                    Severity::Low
                };
                findings.push(Finding {
                    severity,
                    rule: Some(b.rule.into()),
                    values: b.values,
                    ..figure(Kind::TapeArithmetic, verified, b.detail)
                });
            }
            match published {
                Some(s) => findings.extend(compare(primary.tape(), s, verified)),
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
        None => {}
    }
    if let Some(s) = published {
        findings.extend(published_arithmetic(s));
        for c in &s.conflicts {
            findings.push(Finding {
                severity: Severity::High,
                field: Some(c.what.clone()),
                published: Some(c.value),
                values: vec![
                    ("first", u64::from(c.first)),
                    ("first_line", c.first_line as u64),
                    ("line", c.line as u64),
                ],
                ..figure(
                    Kind::PublishedConflict,
                    false,
                    format!(
                        "{}: {} on line {}, {} on line {}",
                        c.what, c.first, c.first_line, c.value, c.line
                    ),
                )
            });
        }
        if groups.is_empty() && unreadable.is_empty() {
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
    if groups.is_empty() {
        if let Some(first) = unreadable.first() {
            let more = match unreadable.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            findings.push(Finding {
                severity: Severity::Info,
                ..figure(
                    Kind::TapeUnreadable,
                    false,
                    format!(
                        "a photo was gathered for this station but could not be read: {}: {}{more}",
                        first.path.display(),
                        first.reason
                    ),
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
    let tape = groups.first().map(TapeGroup::tape);
    StationResult {
        center: key.0,
        station: key.1,
        governorate: published
            .and_then(|s| s.governorate)
            .or(tape.and_then(|t| t.area("governorate"))),
        district: published
            .and_then(|s| s.district)
            .or(tape.and_then(|t| t.area("district"))),
        tapes: groups,
        published_line: published.map(|s| s.line),
        published_code: published.and_then(|s| s.code.clone()),
        findings,
        unreadable,
    }
}
