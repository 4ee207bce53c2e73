//! One polling station's election day, from its own random stream: its device key, the honest
//! count, the anomaly injected (if any), the tapes printed and signed, and what it must be found.

use ed25519_dalek::{Signer as _, SigningKey};
use rand::RngCore;

use super::anomalies::inject;
use super::manipulate::{manipulate, Manipulation, ManipulationKind};
use super::model::{KeyRow, Plan, Settings, StationResult, TAPE_HEADER};
use super::plan::stream;
use super::truth::{expected_findings, Anomaly, TapeTruth};
use super::{numbers, write};
use crate::tape::{Absent, Payload, Signature, Tape};
use crate::verify::Status;

/// Makes station `index` of the plan: the result, and each tape with its path (relative to
/// the election folder).
pub(crate) fn generate(
    settings: &Settings,
    plan: &Plan,
    index: usize,
) -> (StationResult, Vec<(String, Tape)>) {
    let sp = &plan.stations[index];
    let district = &plan.districts[sp.district];
    let mut rng = stream(settings.seed, index as u64 + 1);
    let mut key_seed = [0u8; 32];
    rng.fill_bytes(&mut key_seed);
    let signing = SigningKey::from_bytes(&key_seed);
    let mut honest = numbers::honest(&mut rng, &settings.election, district, sp);
    let manipulation = sp
        .anomaly
        .is_none()
        .then(|| manipulated(settings, district, index, &mut honest))
        .flatten();
    let injected = inject(sp.anomaly, honest, &mut rng);
    let key = KeyRow {
        key_id: sp.key_id.clone(),
        public_key: signing.verifying_key().to_bytes(),
        center: sp.center,
        station: injected.key_station,
        revoked_at: injected.revoked_at,
    };
    let mut texts = Vec::with_capacity(injected.tapes.len());
    let mut tapes = Vec::with_capacity(injected.tapes.len());
    for printed in &injected.tapes {
        let signature = if printed.sign {
            Signature::Present(signing.sign(printed.signed.to_text().as_bytes()).to_bytes())
        } else {
            Signature::Absent
        };
        let expected_status = if !printed.sign {
            Status::Unsigned
        } else if printed.signed != printed.printed {
            Status::BadSignature
        } else if key.revoked_at.is_some() {
            Status::KeyRevoked
        } else if key.station != sp.station {
            Status::KeyOutOfScope
        } else {
            Status::Verified
        };
        let tape = Tape {
            header: TAPE_HEADER.iter().map(|h| h.to_string()).collect(),
            payload: printed.printed.clone(),
            names: district.names.clone(),
            signature,
            origin: Vec::new(),
            absent: Absent::default(),
        };
        let path = format!(
            "tapes/{}/tape-{}-{}{}.txt",
            write::governorate_dir(district.governorate),
            sp.center,
            sp.station,
            printed.suffix
        );
        texts.push((path.clone(), tape));
        tapes.push(TapeTruth {
            path,
            center: sp.center,
            station: sp.station,
            expected_status,
        });
    }
    let anomaly = sp.anomaly.map(|kind| {
        let printed: Vec<&Payload> = injected.tapes.iter().map(|t| &t.printed).collect();
        Anomaly {
            kind,
            center: sp.center,
            station: sp.station,
            detail: injected.detail.clone(),
            findings: expected_findings(&printed, injected.published.as_ref()),
        }
    });
    (
        StationResult {
            tapes,
            published: injected.published,
            key,
            anomaly,
            photos: Vec::new(),
            manipulation,
        },
        texts,
    )
}

/// Stream of the choice of manipulated stations: apart from the stations' own, so that adding
/// manipulations changes no other figure.
const MANIPULATION_STREAM: u64 = 0x6d61_6e69_7075_6c61;

/// The manipulation drawn for station `index` (`settings.stuffing`, `settings.rounding`), made
/// on `count`.
pub(crate) fn manipulated(
    settings: &Settings,
    district: &super::model::District,
    index: usize,
    count: &mut Payload,
) -> Option<Manipulation> {
    if settings.stuffing <= 0.0 && settings.rounding <= 0.0 {
        return None;
    }
    let mut rng = stream(settings.seed ^ MANIPULATION_STREAM, index as u64 + 1);
    let u: f64 = rand::Rng::gen(&mut rng);
    let kind = if u < settings.stuffing {
        ManipulationKind::Stuffing
    } else if u < settings.stuffing + settings.rounding {
        ManipulationKind::Rounding
    } else {
        return None;
    };
    let favourite = district
        .weights
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or(0, |(i, _)| i);
    let votes = manipulate(kind, count, favourite, &mut rng)?;
    Some(Manipulation {
        kind,
        center: count.center,
        station: count.station,
        votes,
    })
}
