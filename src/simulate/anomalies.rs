//! The discrepancies a simulated election carries: which stations get one (disjoint, about
//! 1 to 2% of stations per kind, every kind once there are 40 stations), and what each does to
//! the station's tapes, published figures and device key.

use rand::seq::SliceRandom;
use rand::Rng;

use super::numbers::election_day_at;
use super::truth::AnomalyKind;
use crate::tape::{Payload, Timestamp};

/// Chooses the anomalous stations (indices into the plan) and their kinds: disjoint, about 1 to
/// 2% of `stations` per kind and at least one of each from 40 stations on; below 40, one station
/// in four gets one, of kinds drawn at random.
pub(crate) fn choose(rng: &mut impl Rng, stations: u32, choices: u32) -> Vec<(usize, AnomalyKind)> {
    let mut kinds: Vec<AnomalyKind> = AnomalyKind::ALL
        .into_iter()
        .filter(|k| choices >= 2 || !k.needs_two_choices())
        .collect();
    let mut wanted = Vec::new();
    if stations >= 40 {
        for kind in kinds {
            let count = (f64::from(stations) * rng.gen_range(0.01..0.02))
                .round()
                .max(1.0) as usize;
            wanted.extend(std::iter::repeat_n(kind, count));
        }
    } else {
        kinds.shuffle(rng);
        wanted.extend(kinds.into_iter().take(stations as usize / 4));
    }
    let picked = rand::seq::index::sample(rng, stations as usize, wanted.len());
    picked.into_iter().zip(wanted).collect()
}

/// One tape a station's device printed: the payload it signed and the figures on the paper.
#[derive(Debug, Clone)]
pub(crate) struct PrintedTape {
    /// File name suffix (`""`, or `"-b"` for a second count).
    pub suffix: &'static str,
    /// What the device signed.
    pub signed: Payload,
    /// What the tape shows (differs from `signed` on a forged tape).
    pub printed: Payload,
    /// Whether the signature lines are printed.
    pub sign: bool,
}

/// What a station looks like once its anomaly (if any) is injected.
#[derive(Debug, Clone)]
pub(crate) struct Injected {
    /// Tapes collected from the station (none when the tape is missing).
    pub tapes: Vec<PrintedTape>,
    /// The commission's published figures (`None`: missing from `published.csv`).
    pub published: Option<Payload>,
    /// When the keyring says the device key was revoked.
    pub revoked_at: Option<Timestamp>,
    /// The station the keyring lets the key sign for.
    pub key_station: u32,
    /// The anomaly in plain words (empty for an honest station).
    pub detail: String,
}

/// A random choice index with at least one vote (there is one: valid is never 0 here).
fn with_votes(rng: &mut impl Rng, p: &Payload) -> usize {
    let candidates: Vec<usize> = (0..p.choices.len())
        .filter(|&i| p.choices[i].votes > 0)
        .collect();
    candidates.choose(rng).copied().unwrap_or(0)
}

/// Moves up to `most` votes from a choice with votes to another; returns (k, from, to) codes.
fn move_votes(rng: &mut impl Rng, p: &mut Payload, most: u32) -> (u32, u32, u32) {
    let from = with_votes(rng, p);
    let to = (from + rng.gen_range(1..p.choices.len())) % p.choices.len();
    let k = rng.gen_range(1..=p.choices[from].votes.clamp(1, most));
    p.choices[from].votes -= k;
    p.choices[to].votes += k;
    (k, p.choices[from].code, p.choices[to].code)
}

/// Injects `kind` into a station whose honest count is `honest`.
pub(crate) fn inject(kind: Option<AnomalyKind>, honest: Payload, rng: &mut impl Rng) -> Injected {
    let tape = |p: &Payload| PrintedTape {
        suffix: "",
        signed: p.clone(),
        printed: p.clone(),
        sign: true,
    };
    let mut out = Injected {
        tapes: vec![tape(&honest)],
        published: Some(honest.clone()),
        revoked_at: None,
        key_station: honest.station,
        detail: String::new(),
    };
    let Some(kind) = kind else { return out };
    let mut published = honest.clone();
    out.detail = match kind {
        AnomalyKind::VoteMove => {
            let (k, from, to) = move_votes(rng, &mut published, 30);
            format!("published moves {k} votes from choice {from} to choice {to}")
        }
        AnomalyKind::BallotStuffing => {
            let i = rng.gen_range(0..published.choices.len());
            let room = published.registered - published.voters;
            let k = rng.gen_range(room.min(10)..=room.min(80));
            published.choices[i].votes += k;
            published.valid += k;
            published.ballots += k;
            published.voters += k;
            format!(
                "published adds {k} votes to choice {}, and {k} to valid, ballots and voters",
                published.choices[i].code
            )
        }
        AnomalyKind::TotalChanged => total_changed(rng, &mut published),
        AnomalyKind::MissingInPublished => {
            out.published = None;
            "the station's tape was collected but the commission published no results for it".into()
        }
        AnomalyKind::TapeMissing => {
            out.tapes.clear();
            "the commission published results for the station but no tape was collected".into()
        }
        AnomalyKind::ForgedTape => {
            let (forged, detail) = forge(rng, &honest);
            out.tapes[0].printed = forged;
            detail
        }
        AnomalyKind::UnsignedTape => {
            out.tapes[0].sign = false;
            "the tape was printed without its signature lines".into()
        }
        AnomalyKind::RevokedKey => {
            let at = election_day_at(23 * 3600 + rng.gen_range(0..3600));
            out.revoked_at = Some(at);
            format!(
                "the keyring marks device key {} as revoked at {at}",
                honest.device
            )
        }
        AnomalyKind::OutOfScopeKey => {
            out.key_station = honest.station % 10 + 1;
            format!(
                "the keyring scopes device key {} to station {} of centre {}, not station {}",
                honest.device, out.key_station, honest.center, honest.station
            )
        }
        AnomalyKind::DoubleSigned => {
            let mut second = honest.clone();
            let minutes = rng.gen_range(5..=40u32);
            let c = honest.closed;
            let at = u32::from(c.hour) * 3600
                + u32::from(c.minute) * 60
                + u32::from(c.second)
                + minutes * 60;
            second.closed = election_day_at(at.min(24 * 3600 - 1));
            let what = if second.choices.len() >= 2 {
                let (k, from, to) = move_votes(rng, &mut second, 30);
                format!("{k} votes moved from choice {from} to choice {to}")
            } else {
                let k = rng.gen_range(1..=second.choices[0].votes.clamp(1, 10));
                second.choices[0].votes -= k;
                second.valid -= k;
                second.invalid += k;
                format!(
                    "{k} valid votes of choice {} counted invalid",
                    second.choices[0].code
                )
            };
            out.tapes.push(tape(&second));
            out.tapes[1].suffix = "-b";
            format!("the device signed a second, different count {minutes} minutes later ({what}); published equals the first")
        }
        AnomalyKind::PublishedArithmetic => {
            let i = with_votes(rng, &published);
            let before = published.choices[i].votes;
            let k = rng.gen_range(1..=20u32);
            published.choices[i].votes = if rng.gen_bool(0.5) {
                before + k
            } else {
                before.saturating_sub(k)
            };
            format!(
                "published gives choice {} {} votes instead of {before}, so its choices no longer add up to its valid ballots",
                published.choices[i].code, published.choices[i].votes
            )
        }
    };
    if out.published.is_some() {
        out.published = Some(published);
    }
    out
}

/// `registered` changed, or `invalid` and `ballots` together; the published arithmetic holds.
fn total_changed(rng: &mut impl Rng, p: &mut Payload) -> String {
    let room = p.voters - p.ballots;
    if rng.gen_bool(0.5) && (p.invalid > 0 || room > 0) {
        let k = if p.invalid > 0 {
            rng.gen_range(1..=p.invalid.min(15))
        } else {
            rng.gen_range(1..=room.min(15))
        };
        let (sign, word) = if p.invalid > 0 {
            (-1i64, "fewer")
        } else {
            (1, "more")
        };
        p.invalid = (i64::from(p.invalid) + sign * i64::from(k)) as u32;
        p.ballots = (i64::from(p.ballots) + sign * i64::from(k)) as u32;
        format!("published counts {k} {word} invalid ballots and {k} {word} ballots than the tape")
    } else {
        let before = p.registered;
        p.registered = if rng.gen_bool(0.5) {
            before + rng.gen_range(5..=80)
        } else {
            before - rng.gen_range(1..=(before - p.voters).min(80))
        };
        format!(
            "published gives the register as {} voters instead of {before}",
            p.registered
        )
    }
}

/// A forged tape: one choice altered after signing, `valid` and `invalid` adjusted so the
/// arithmetic still holds (invalid ballots turned into votes, or votes into invalid ones).
fn forge(rng: &mut impl Rng, honest: &Payload) -> (Payload, String) {
    let mut p = honest.clone();
    let (i, k, grew) = if p.invalid > 0 {
        let i = rng.gen_range(0..p.choices.len());
        let k = rng.gen_range(1..=p.invalid.min(20));
        p.choices[i].votes += k;
        p.valid += k;
        p.invalid -= k;
        (i, k, true)
    } else {
        let i = with_votes(rng, &p);
        let k = rng.gen_range(1..=p.choices[i].votes.min(20));
        p.choices[i].votes -= k;
        p.valid -= k;
        p.invalid += k;
        (i, k, false)
    };
    let how = if grew {
        format!("{k} invalid ballots turned into votes")
    } else {
        format!("{k} votes turned into invalid ballots")
    };
    let detail = format!(
        "the tape was altered after signing: choice {} shows {} votes instead of {} ({how}, valid and invalid adjusted); its signature no longer verifies",
        p.choices[i].code, p.choices[i].votes, honest.choices[i].votes
    );
    (p, detail)
}

#[cfg(test)]
mod tests;
