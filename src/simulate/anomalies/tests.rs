use super::*;
use crate::simulate::model::Plan;
use crate::simulate::plan::stream;
use crate::simulate::truth::{expected_findings, Finding};
use crate::simulate::{numbers, Settings};

fn honest(seed: u64, choices: u32) -> Payload {
    let plan = Plan::new(&Settings::new("SIM-1", 50, choices, seed).unwrap());
    let s = &plan.stations[seed as usize % 50];
    numbers::honest(
        &mut stream(seed, 7),
        "SIM-1",
        &plan.districts[s.district],
        s,
    )
}

fn findings(i: &Injected) -> Vec<Finding> {
    let printed: Vec<&Payload> = i.tapes.iter().map(|t| &t.printed).collect();
    expected_findings(&printed, i.published.as_ref())
}

fn kinds(f: &[Finding]) -> Vec<String> {
    f.iter()
        .map(|f| {
            serde_json::to_value(f).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn totals(f: &[Finding]) -> Vec<&str> {
    f.iter()
        .filter_map(|f| {
            if let Finding::TotalMismatch { field, .. } = f {
                Some(field.as_str())
            } else {
                None
            }
        })
        .collect()
}

#[test]
fn each_kind_leaves_exactly_its_findings() {
    for seed in 0..60 {
        for choices in [1, 2, 9] {
            let h = honest(seed, choices);
            let mut rng = stream(seed, 3);
            assert!(findings(&inject(None, h.clone(), &mut rng)).is_empty());
            for kind in AnomalyKind::ALL {
                if kind.needs_two_choices() && choices < 2 {
                    continue;
                }
                let i = inject(Some(kind), h.clone(), &mut rng);
                let f = findings(&i);
                let k = kinds(&f);
                let ctx = format!("{kind:?} seed {seed} choices {choices}: {f:?}");
                assert!(!i.detail.is_empty());
                if let Some(p) = &i.published {
                    if kind != AnomalyKind::PublishedArithmetic {
                        assert!(p.arithmetic_breaks().is_empty(), "{ctx}");
                    }
                }
                for t in &i.tapes {
                    assert!(
                        t.printed.arithmetic_breaks().is_empty()
                            && t.signed.arithmetic_breaks().is_empty(),
                        "{ctx}"
                    );
                }
                match kind {
                    AnomalyKind::VoteMove => {
                        assert_eq!(k, ["vote-mismatch", "vote-mismatch"], "{ctx}")
                    }
                    AnomalyKind::BallotStuffing => {
                        assert_eq!(
                            k,
                            [
                                "vote-mismatch",
                                "total-mismatch",
                                "total-mismatch",
                                "total-mismatch"
                            ],
                            "{ctx}"
                        );
                        assert_eq!(totals(&f), ["voters", "ballots", "valid"], "{ctx}");
                    }
                    AnomalyKind::TotalChanged => {
                        let t = totals(&f);
                        assert!(t == ["registered"] || t == ["ballots", "invalid"], "{ctx}");
                        assert_eq!(k.len(), t.len(), "{ctx}");
                    }
                    AnomalyKind::MissingInPublished => {
                        assert_eq!(k, ["station-missing-in-published"], "{ctx}")
                    }
                    AnomalyKind::TapeMissing => assert_eq!(k, ["tape-missing"], "{ctx}"),
                    AnomalyKind::ForgedTape => {
                        assert_eq!(
                            k,
                            ["vote-mismatch", "total-mismatch", "total-mismatch"],
                            "{ctx}"
                        );
                        assert_eq!(totals(&f), ["invalid", "valid"], "{ctx}");
                        let t = &i.tapes[0];
                        assert!(t.sign && t.signed == h && t.printed != h, "{ctx}");
                        assert!(
                            matches!(f[0], Finding::VoteMismatch { tape, published, .. } if tape != published)
                        );
                    }
                    AnomalyKind::UnsignedTape => assert!(f.is_empty() && !i.tapes[0].sign, "{ctx}"),
                    AnomalyKind::RevokedKey => {
                        assert!(f.is_empty() && i.revoked_at.is_some(), "{ctx}")
                    }
                    AnomalyKind::OutOfScopeKey => {
                        assert!(f.is_empty() && i.key_station != h.station, "{ctx}")
                    }
                    AnomalyKind::DoubleSigned => {
                        assert_eq!(k, ["conflicting-tapes"], "{ctx}");
                        assert_eq!(i.tapes.len(), 2);
                        assert_eq!(i.published.as_ref(), Some(&i.tapes[0].printed));
                        assert!(
                            i.tapes[1].suffix == "-b" && i.tapes[1].closed_after(&i.tapes[0]),
                            "{ctx}"
                        );
                    }
                    AnomalyKind::PublishedArithmetic => {
                        assert_eq!(k, ["vote-mismatch", "published-arithmetic"], "{ctx}");
                        assert_eq!(
                            f[1],
                            Finding::PublishedArithmetic {
                                rule: "valid = sum of choice votes".into()
                            }
                        );
                    }
                }
            }
        }
    }
}

impl PrintedTape {
    fn closed_after(&self, other: &PrintedTape) -> bool {
        self.signed.closed > other.signed.closed
    }
}

#[test]
fn choice_is_disjoint_and_covers_every_kind_from_40_stations() {
    for stations in [40, 41, 200, 5000] {
        let picked = choose(&mut stream(1, 0), stations, 8);
        let indices: std::collections::BTreeSet<usize> = picked.iter().map(|p| p.0).collect();
        assert_eq!(indices.len(), picked.len());
        assert!(indices.iter().all(|&i| i < stations as usize));
        for kind in AnomalyKind::ALL {
            let n = picked.iter().filter(|p| p.1 == kind).count();
            assert!(n >= 1, "{kind:?} missing at {stations}");
            if stations >= 1000 {
                let share = n as f64 / f64::from(stations);
                assert!((0.0095..=0.0205).contains(&share), "{kind:?}: {share}");
            }
        }
    }
    assert!(choose(&mut stream(1, 0), 1, 8).is_empty());
    assert_eq!(choose(&mut stream(1, 0), 39, 8).len(), 9);
    assert!(choose(&mut stream(1, 0), 100, 1)
        .iter()
        .all(|p| p.1 != AnomalyKind::VoteMove));
}
