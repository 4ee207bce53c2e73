//! The simulator's types, in one place: what to simulate (settings), the election's plan
//! (districts, stations), what a station yields (its tapes, published figures, key), and what
//! was written. The modules that draw, generate and write them all import from here, so no two
//! of them import each other in a circle.

use std::path::PathBuf;

use super::truth::{Anomaly, AnomalyKind, PhotoTruth, TapeTruth};
use crate::tape::{Payload, Timestamp};

/// Header lines printed at the top of every simulated tape.
pub const TAPE_HEADER: [&str; 3] = ["INDEPENDENT HIGH ELECTORAL", "COMMISSION", "RESULT TAPE"];

/// Why a simulation could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SimulateError {
    /// A setting is out of range.
    #[error("{0}")]
    Settings(String),
    /// The output folder is in the way.
    #[error("{path}: {message}")]
    Output {
        /// The output folder.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// A tape could not be rendered as a photo.
    #[error("{path}: cannot render the photo: {source}")]
    Photo {
        /// The photo's file.
        path: PathBuf,
        /// The cause.
        source: crate::photo::RenderError,
    },
    /// A file could not be written.
    #[error("{path}: cannot write")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The root key could not be built or could not sign the keyring.
    #[error("the commission root key: {0}")]
    RootKey(String),
}

/// What to simulate, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Election id printed on every tape.
    pub election: String,
    /// Number of polling stations, at least 1.
    pub stations: u32,
    /// Choices on each district's ballot, 1 to 1000.
    pub choices: u32,
    /// Random seed.
    pub seed: u64,
    /// Also render every tape as a phone photo (`photos/`).
    pub photos: bool,
    /// The space the photos' styles are drawn from.
    pub photo_style: crate::photo::StyleMix,
    /// Share of stations (without another anomaly) whose box is stuffed for the district's
    /// favourite before the count (`--stuffing`).
    pub stuffing: f64,
    /// Share of stations whose turnout is written to a whole percentage (`--rounding`).
    pub rounding: f64,
    /// One ballot for the whole country (a presidential race, a national list): every
    /// district has the same choices, 100, 101…, each district its own preferences
    /// (`--national-ballot`). Otherwise each district draws its own choice codes.
    pub national_ballot: bool,
}

impl Settings {
    /// Checks the settings: a valid election id, 1 to 1,000,000 stations, 1 to 1000 choices.
    pub fn new(
        election: &str,
        stations: u32,
        choices: u32,
        seed: u64,
    ) -> Result<Settings, SimulateError> {
        if !crate::tape::is_valid_id(election) {
            return Err(SimulateError::Settings(format!(
                "election id {election:?} is not an id: use capital letters A-Z, digits and '-', at most 32, starting with a letter or digit (e.g. SIM-2025-PR)"
            )));
        }
        if !(1..=1_000_000).contains(&stations) {
            return Err(SimulateError::Settings(format!(
                "{stations} stations: simulate 1 to 1000000 stations"
            )));
        }
        if !(1..=crate::tape::MAX_CHOICES as u32).contains(&choices) {
            return Err(SimulateError::Settings(format!(
                "{choices} choices: a ballot has 1 to 1000 choices"
            )));
        }
        Ok(Settings {
            election: election.to_string(),
            stations,
            choices,
            seed,
            photos: false,
            photo_style: crate::photo::StyleMix::default(),
            stuffing: 0.0,
            rounding: 0.0,
            national_ballot: false,
        })
    }
}

/// What was written, for the one-line summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Polling stations simulated.
    pub stations: u32,
    /// Governorates.
    pub governorates: u32,
    /// Electoral districts.
    pub districts: u32,
    /// Polling centres.
    pub centers: u32,
    /// Tape files written.
    pub tapes: usize,
    /// Rows of `published.csv` (header excluded).
    pub published_rows: u64,
    /// Stations carrying an injected anomaly.
    pub anomalies: usize,
}

/// An electoral district: its ballot and how its voters lean.
#[derive(Debug, Clone)]
pub(crate) struct District {
    /// Governorate number.
    pub governorate: u32,
    /// District number inside the governorate.
    pub number: u32,
    /// Choice codes on the ballot, ascending.
    pub codes: Vec<u32>,
    /// Candidate names, one per code.
    pub names: Vec<Option<String>>,
    /// Preference weight of each choice: a few strong candidates, a long tail.
    pub weights: Vec<f64>,
    /// The district's typical turnout (share of the register).
    pub turnout: f64,
}

/// One polling station of the plan.
#[derive(Debug, Clone)]
pub(crate) struct StationPlan {
    /// Index into [`Plan::districts`].
    pub district: usize,
    /// Polling centre code (6 digits).
    pub center: u32,
    /// Station number inside the centre.
    pub station: u32,
    /// The device's key id, unique.
    pub key_id: String,
    /// The anomaly injected at this station, if any.
    pub anomaly: Option<AnomalyKind>,
}

/// The whole election's layout, stations sorted by centre and station.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// Number of governorates (numbered from 1).
    pub governorates: u32,
    /// Every district.
    pub districts: Vec<District>,
    /// Number of polling centres.
    pub centers: u32,
    /// Every station.
    pub stations: Vec<StationPlan>,
}

/// One row of `keyring.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeyRow {
    /// Device key id.
    pub key_id: String,
    /// Ed25519 public key.
    pub public_key: [u8; 32],
    /// Centre the key may sign for.
    pub center: u32,
    /// Station the key may sign for.
    pub station: u32,
    /// When the key was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
}

/// What a station contributes to the election's files, besides its tape texts.
#[derive(Debug, Clone)]
pub(crate) struct StationResult {
    /// Its tape files and the status each must get.
    pub tapes: Vec<TapeTruth>,
    /// Its published figures (`None`: not published).
    pub published: Option<Payload>,
    /// Its device key's keyring row.
    pub key: KeyRow,
    /// Its anomaly, if it has one.
    pub anomaly: Option<Anomaly>,
    /// Its tapes' photos (`--photos`), filled in by the caller.
    pub photos: Vec<PhotoTruth>,
    /// The manipulation applied to its count (`--stuffing`, `--rounding`), if any.
    pub manipulation: Option<super::manipulate::Manipulation>,
}
