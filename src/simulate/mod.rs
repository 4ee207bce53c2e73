//! A synthetic election for demos, training and tests: a commission root key, a signed device
//! keyring, one signed tape per polling station, the commission's published results, and the
//! ground truth of the discrepancies injected into them.
//!
//! Everything follows from the seed: the same seed and settings give byte-identical files,
//! except `keyring.csv.minisig` (minisign signatures are randomised). Each station is made from
//! its own random stream (seed, station index), so the output does not depend on how threads
//! are scheduled. The keys are derived from the seed: they are for simulation, never secret.
//!
//! Files written into the output folder:
//! - `commission-root.pub`: the root key, minisign public key format (its secret is not kept);
//! - `keyring.csv` (spec §4) and `keyring.csv.minisig`, its minisign signature by the root key;
//! - `tapes/gov-NN/tape-CENTER-STATION.txt`: printed tapes (spec §3), a second count of a
//!   double-signing device as `tape-CENTER-STATION-b.txt`;
//! - with [`Settings::photos`], `photos/gov-NN/tape-CENTER-STATION.jpg`: each tape as a phone
//!   photographs it (rotated, in uneven light, blurred, JPEG; a quarter of the QR codes
//!   smudged: listed in `truth.json`);
//! - `published.csv`: the commission's results, one row per station and choice (see
//!   [`PUBLISHED_HEADER`]), sorted by centre, station and choice;
//! - `truth.json`: what was injected and what a perfect reconciler must find ([`truth::Truth`]).

mod anomalies;
mod keys;
pub mod manipulate;
mod model;
mod names;
mod numbers;
mod photos;
mod plan;
pub mod sample;
pub mod score;
mod station;
pub mod truth;
mod write;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

pub(crate) use keys::RootKey;
pub use model::{Settings, SimulateError, Summary, TAPE_HEADER};
pub use truth::AnomalyKind;
pub use write::PUBLISHED_HEADER;

/// The published counts of a simulated election without tapes, keys or anomalies, but with
/// its manipulations (`settings.stuffing`, `settings.rounding`): what the screening's
/// benchmarks and tests draw thousands of elections from, quickly.
pub fn counts(settings: &Settings) -> (Vec<crate::tape::Payload>, Vec<manipulate::Manipulation>) {
    let plan = model::Plan::new(settings);
    let made: Vec<_> = (0..plan.stations.len())
        .into_par_iter()
        .map(|index| {
            let sp = &plan.stations[index];
            let district = &plan.districts[sp.district];
            let mut rng = plan::stream(settings.seed, index as u64 + 1);
            let mut key_seed = [0u8; 32];
            rand::RngCore::fill_bytes(&mut rng, &mut key_seed);
            let mut count = numbers::honest(&mut rng, &settings.election, district, sp);
            let m = station::manipulated(settings, district, index, &mut count);
            (count, m)
        })
        .collect();
    let manipulations = made.iter().filter_map(|(_, m)| m.clone()).collect();
    (made.into_iter().map(|(c, _)| c).collect(), manipulations)
}

/// Writes a whole simulated election into `out`, which must not exist or be an empty folder.
/// The files are written into a folder beside it and moved into place at the end, so a failed
/// run leaves no half election. `tick` is called once per station signed and written.
pub fn simulate(
    settings: &Settings,
    out: &Path,
    tick: &(dyn Fn() + Sync),
) -> Result<Summary, SimulateError> {
    let staging = write::Staging::new(out)?;
    let root = keys::RootKey::derive(settings.seed)?;
    let plan = model::Plan::new(settings);
    let folders: &[&str] = if settings.photos {
        &["tapes", "photos"]
    } else {
        &["tapes"]
    };
    for gov in 1..=plan.governorates {
        for folder in folders {
            let dir = staging
                .path()
                .join(folder)
                .join(write::governorate_dir(gov));
            std::fs::create_dir_all(&dir).map_err(|source| SimulateError::Io {
                path: dir.clone(),
                source,
            })?;
        }
    }
    let tape_count = AtomicUsize::new(0);
    let stations: Vec<model::StationResult> = (0..plan.stations.len())
        .into_par_iter()
        .map(|index| {
            let (mut result, tapes) = station::generate(settings, &plan, index);
            for (rel, tape) in &tapes {
                let path = staging.path().join(rel);
                std::fs::write(&path, crate::tape::print_tape(tape))
                    .map_err(|source| SimulateError::Io { path, source })?;
            }
            if settings.photos {
                result.photos = photos::write(
                    staging.path(),
                    settings.seed,
                    index,
                    &tapes,
                    settings.photo_style,
                )?;
            }
            tape_count.fetch_add(tapes.len(), Ordering::Relaxed);
            tick();
            Ok(result)
        })
        .collect::<Result<_, SimulateError>>()?;
    let keyring = keys::keyring_csv(&settings.election, stations.iter().map(|s| &s.key));
    write::write_file(&staging.path().join("keyring.csv"), keyring.as_bytes())?;
    let signature = root.sign(
        keyring.as_bytes(),
        &format!("{} device keyring", settings.election),
    )?;
    write::write_file(
        &staging.path().join("keyring.csv.minisig"),
        signature.as_bytes(),
    )?;
    write::write_file(
        &staging.path().join("commission-root.pub"),
        root.public_text()?.as_bytes(),
    )?;
    let published_rows = write::write_published(&staging.path().join("published.csv"), &stations)?;
    let truth = write::truth(settings, &stations);
    write::write_truth(&staging.path().join("truth.json"), &truth)?;
    staging.commit()?;
    Ok(Summary {
        stations: settings.stations,
        governorates: plan.governorates,
        districts: plan.districts.len() as u32,
        centers: plan.centers,
        tapes: tape_count.into_inner(),
        published_rows,
        anomalies: truth.anomalies.len(),
    })
}
