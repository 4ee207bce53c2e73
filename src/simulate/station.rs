//! One polling station's election day, from its own random stream: its device key, the honest
//! count, the anomaly injected (if any), the tapes printed and signed, and what it must be found.

use ed25519_dalek::{Signer as _, SigningKey};
use rand::RngCore;

use super::anomalies::inject;
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
    let honest = numbers::honest(&mut rng, &settings.election, district, sp);
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
        },
        texts,
    )
}
