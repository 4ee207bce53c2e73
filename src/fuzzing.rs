//! The entry points the fuzz targets (`fuzz/fuzz_targets/`) and the regression replay
//! (`tests/cli/fuzz_replay.rs`) share: one function per target, each handing arbitrary bytes
//! to a real reader through the library's public API and ignoring the result. A reader may
//! refuse any input; it must never panic, hang or exhaust memory on one.
//!
//! Not part of tally's interface: hidden from the documentation, and free to change.

use std::path::Path;

use crate::bundle::{self, files::BundleFiles};
use crate::keyring::{authenticate_texts, Keyring};
use crate::keys::{self, PublicKey};
use crate::photo::image::decode::PhotoFormat;
use crate::published::{self, ImportOptions};

/// The spec fixtures' commission root key: keyrings and bundles are checked against it.
const ROOT_KEY: &str = include_str!("../fixtures/spec/commission-root.pub");

/// The observer key that signed the seed bundle (`fuzz/keys/observer.pub`, a test key).
const OBSERVER_KEY: &str = include_str!("../fuzz/keys/observer.pub");

/// The root key of the simulated election in the seed bundle (`fuzz/keys/sim-root.pub`).
const BUNDLE_ROOT_KEY: &str = include_str!("../fuzz/keys/sim-root.pub");

/// Extensions `published` chooses among by the first byte of its input.
const PUBLISHED_EXTENSIONS: [&str; 4] = ["csv", "xlsx", "xls", "ods"];

/// A tape file's bytes, typed, OCR text or QR text: `source::read_bytes`.
pub fn tape_text(data: &[u8]) {
    let _ = crate::source::read_bytes(data);
}

/// A QR code's text (lossy UTF-8): `tape::parse_qr_text`.
pub fn qr_payload(data: &[u8]) {
    let _ = crate::tape::parse_qr_text(&String::from_utf8_lossy(data));
}

/// A published results file: the first byte picks the extension (`csv`, `xlsx`, `xls`, `ods`)
/// and the column map, the rest is the file, read by `published::load_bytes`. The map is none
/// (headers recognised by name), or `--map` naming the first text line's first two cells the
/// centre and station (wide layout) or its first four the centre, station, choice and votes
/// (long layout): files whose headers tally does not know (the real ones) get past the header
/// to their rows.
pub fn published(data: &[u8]) {
    if let Some((path, options, bytes)) = published_input(data) {
        let _ = published::load_bytes(bytes, Path::new(&path), &options);
    }
}

/// What [`published`] reads: the file name, the options and the file's bytes.
fn published_input(data: &[u8]) -> Option<(String, ImportOptions, &[u8])> {
    use published::Field;
    let (&first, bytes) = data.split_first()?;
    let ext = PUBLISHED_EXTENSIONS[usize::from(first) % PUBLISHED_EXTENSIONS.len()];
    let path = format!("published.{ext}");
    let fields: &[Field] = match (first / 4) % 3 {
        0 => &[],
        1 => &[Field::Center, Field::Station],
        _ => &[Field::Center, Field::Station, Field::Choice, Field::Votes],
    };
    let text = String::from_utf8_lossy(bytes);
    let header = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    let cells = header.split([',', ';', '\t', '|']).map(str::trim);
    let options = ImportOptions {
        map: fields
            .iter()
            .zip(cells)
            .map(|(f, c)| (*f, c.to_string()))
            .collect(),
        ..ImportOptions::default()
    };
    Some((path, options, bytes))
}

/// A layout file and a published file read with it: the bytes up to the first NUL are the
/// layout's TOML (lossy UTF-8), parsed by `LayoutFile::parse`; when it parses, the rest is a
/// CSV file read with it by `published::load_bytes`.
pub fn layout(data: &[u8]) {
    let (toml, csv) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let Ok(layout) = published::LayoutFile::parse(&String::from_utf8_lossy(toml)) else {
        return;
    };
    let options = ImportOptions {
        layout: Some(layout),
        ..ImportOptions::default()
    };
    let path = Path::new("published.csv");
    let Ok(table) = published::load_bytes(csv, path, &options) else {
        return;
    };
    // A release compared with itself differs nowhere.
    let same = crate::releases::compare(&table, &table);
    assert!(same.stations.is_empty() && same.net.is_empty() && same.one_sided.is_empty());
    assert_eq!(same.unchanged, table.stations.len());
    // Read as observers' tapes: one input per station or rejected row, none lost.
    let expected = table.stations.len() + table.rejected.len();
    let inputs = crate::source::table::observations(path, table);
    assert_eq!(inputs.inputs.len(), expected);
}

/// A keyring: the bytes up to the first NUL are `keyring.csv`, parsed by `Keyring::parse`;
/// the rest (lossy UTF-8) is its minisign signature, checked against the spec fixtures' root
/// key with `authenticate_texts`. Without a NUL the whole input is the keyring.
pub fn keyring(data: &[u8]) {
    let (csv, sig) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let path = Path::new("keyring.csv");
    let _ = Keyring::parse(csv, path);
    if let Some(sig) = sig {
        let _ = authenticate_texts(
            csv,
            path,
            (Path::new("commission-root.pub"), ROOT_KEY),
            (
                Path::new("keyring.csv.minisig"),
                &String::from_utf8_lossy(sig),
            ),
        );
    }
}

/// An evidence bundle as a `.zip`: `bundle::files::read_zip`, the `MANIFEST` parsed, then the
/// whole `tally bundle check` core against the seed bundle's observer and root keys. Photos are
/// taken out of the bundle before the check: reading one means OCR, far too slow to fuzz (their
/// decoding is the `photo` target's).
pub fn bundle(data: &[u8]) {
    let Ok(mut files) = bundle::files::read_zip(data) else {
        return;
    };
    if let Some(text) = files
        .files
        .get("MANIFEST")
        .and_then(|m| std::str::from_utf8(m).ok())
    {
        let _ = bundle::manifest::parse(text);
    }
    files
        .files
        .retain(|_, bytes| PhotoFormat::sniff(bytes).is_none());
    let observer = keys::read_public(OBSERVER_KEY, "observer.pub")
        .expect("fuzz/keys/observer.pub is a public key");
    let _ = check_bundle(&files, &observer);
}

fn check_bundle(files: &BundleFiles, observer: &PublicKey) -> bool {
    bundle::check(
        files,
        observer,
        Some((Path::new("commission-root.pub"), BUNDLE_ROOT_KEY)),
    )
    .holds()
}

/// A photo (JPEG, PNG, WebP, HEIC) decoded to grey levels: `photo::image::decode::decode`, no OCR.
pub fn photo(data: &[u8]) {
    let _ = crate::photo::image::decode::decode(data);
}

/// The spec's example tape, whose reading `review_answers` checks answers against.
const EXAMPLE_TAPE: &str = include_str!("../fixtures/spec/tape-120345-3.txt");

/// The spec's keyring.
const EXAMPLE_KEYRING: &str = include_str!("../fixtures/spec/keyring.csv");

/// A review page's answers (the JSON body of `POST /api/check/N`, `tally review --serve`),
/// checked against the spec's example tape: `entry::web::api::check`.
pub fn review_answers(data: &[u8]) {
    let Ok(answers) = serde_json::from_slice::<std::collections::BTreeMap<String, String>>(data)
    else {
        return;
    };
    let (Ok(tape), Ok(keyring)) = (
        crate::tape::Tape::parse(EXAMPLE_TAPE),
        Keyring::parse(EXAMPLE_KEYRING.as_bytes(), Path::new("keyring.csv")),
    ) else {
        return;
    };
    let _ = crate::entry::web::api::check(&tape, &answers, &keyring);
}

/// A seats file (`constituency,seats`): `seats::parse_seats_bytes`; when it reads, each
/// constituency's seats (at most 300) allocated by a method the input's length picks, among
/// choices whose votes are the file's bytes taken four at a time, and the margin computed.
pub fn seats_table(data: &[u8]) {
    use crate::seats::{allocate, margin, Method};
    let Ok(table) = crate::seats::parse_seats_bytes(data, Path::new("seats.csv")) else {
        return;
    };
    let method = match data.len() % 3 {
        0 => Method::DHondt,
        1 => Method::SainteLague {
            first_divisor: 17_000,
        },
        _ => Method::SainteLague {
            first_divisor: 5_000,
        },
    };
    let votes: std::collections::BTreeMap<u32, u64> = data
        .chunks(4)
        .take(16)
        .enumerate()
        .map(|(i, c)| {
            (
                i as u32,
                c.iter().fold(0u64, |n, &b| n * 256 + u64::from(b)),
            )
        })
        .collect();
    for seats in table.values() {
        let a = allocate(&votes, (*seats).min(300), method);
        let _ = margin(&votes, &a, method);
    }
}

/// A quick count: the bytes up to the first NUL are a frame (a station list or published
/// results, read as `tally sample` reads it), the rest a sample file. The frame's strata are
/// drawn from (every station drawn once, the allocation summing to the size, the sample file
/// written read back and redrawn the same); the sample file is read, its seed checked and
/// redrawn over the frame, given made-up reports (figures from the input's bytes, every third
/// station missing) and estimated: no panic, and every estimate a number.
pub fn quick_count(data: &[u8]) {
    use crate::quickcount::{self, Figures, Frame};
    let (frame_bytes, sample_bytes) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let options = ImportOptions {
        stations_only: true,
        ..ImportOptions::default()
    };
    let Ok(table) = published::load_bytes(frame_bytes, Path::new("frame.csv"), &options) else {
        return;
    };
    let Ok(frame) = Frame::of(&table) else {
        return;
    };
    for by in [
        None,
        Some(published::By::Governorate),
        Some(published::By::District),
    ] {
        let Ok(strata) = frame.strata(by) else {
            continue;
        };
        let size = (data.len() % (frame.stations.len() + 1)) as u64;
        if let Ok((allotted, drawn)) = quickcount::draw(&frame, &strata, size, "fuzz") {
            assert_eq!(
                allotted.iter().map(|a| a.sample).sum::<usize>() as u64,
                size
            );
            let distinct: std::collections::HashSet<(u32, u32)> =
                drawn.iter().map(|d| (d.center, d.station)).collect();
            assert_eq!(distinct.len() as u64, size);
            let design = quickcount::Design {
                seed: "fuzz, \"quoted\"".into(),
                size,
                strata: by,
                frame_sha256: frame.sha256.clone(),
            };
            let Ok((_, drawn)) = quickcount::draw(&frame, &strata, size, &design.seed) else {
                panic!("a seed that draws once draws again");
            };
            let text = quickcount::sample_file::write(&design, &drawn);
            let path = Path::new("written.csv");
            match quickcount::sample_file::parse_bytes(text.as_bytes(), path) {
                Ok(file) => {
                    assert_eq!(file.design.as_ref(), Some(&design));
                    if let Err(e) = quickcount::redraw(&frame, &file, path, by) {
                        panic!("a sample as written redraws: {e}");
                    }
                }
                // An empty sample (size 0) is refused.
                Err(e) => assert!(drawn.is_empty(), "{e}"),
            }
        }
    }
    let path = Path::new("sample.csv");
    let Ok(file) = quickcount::sample_file::parse_bytes(sample_bytes, path) else {
        return;
    };
    let strata = match quickcount::redraw(&frame, &file, path, None) {
        Ok(redrawn) => redrawn.strata,
        // Not the seed's sample: estimated all the same, to reach the estimate.
        Err(_) => {
            let by = match &file.design {
                Some(design) => design.strata,
                None => file
                    .rows
                    .first()
                    .and_then(|r| r.drawn.stratum.as_ref())
                    .map(|_| published::By::Governorate),
            };
            let Ok(strata) = frame.strata(by) else {
                return;
            };
            strata
        }
    };
    let rows = file.rows;
    let mut observed = quickcount::observe(&strata, &frame, &rows, &[], None);
    let mut bytes = data.iter().cycle().copied();
    let mut next = || u64::from(bytes.next().unwrap_or(0));
    for s in &mut observed.strata {
        for i in 0..s.missing.len() {
            if i % 3 != 0 {
                s.reports.push(Figures {
                    registered: next() * 7,
                    voters: next() * 3,
                    ballots: next() * 3,
                    invalid: next(),
                    votes: vec![next(), next() * 2, next()],
                });
            }
        }
        s.missing.truncate(s.missing.len() / 3);
    }
    if let Ok(e) = quickcount::estimate(&observed.strata, 3, &quickcount::Settings::default()) {
        for r in e.choices.iter().chain([&e.turnout, &e.invalid]) {
            assert!(r.estimate.is_finite() && r.stderr.is_finite(), "{r:?}");
        }
    }
}

/// A minisign key file (lossy UTF-8): `keys::read_public` and `keys::secret_is_encrypted`
/// (never opened with a passphrase: scrypt costs 1 GiB by design).
pub fn observer_key(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = keys::read_public(&text, "observer.pub");
    let _ = keys::secret_is_encrypted(&text, "observer.key");
}

/// The photo whose entries the `cache_entry` target reads.
pub const CACHE_PHOTO: &str = "fuzz";

/// A photo cache entry, under a fixed key: the first byte's lowest bit says whether the rest
/// is a whole entry file (seal line and body), which the fuzzer can alter but never forge, or
/// a body that is sealed here first, so that the JSON and the tape behind the seal are
/// reached. `Cache::fuzz_entry` for the photo [`CACHE_PHOTO`].
pub fn cache_entry(data: &[u8]) {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let _ = fuzz_cache().fuzz_entry(bytes, CACHE_PHOTO, first & 1 == 1);
}

/// The cache the `cache_entry` target reads with: its folder is never touched.
pub fn fuzz_cache() -> crate::source::Cache {
    crate::source::Cache::new(
        std::path::PathBuf::from("fuzz-cache-unused"),
        crate::source::CacheKey::from_bytes([0x5a; 32]),
        None,
        &Default::default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_keys_are_public_keys() {
        assert!(keys::read_public(OBSERVER_KEY, "observer.pub").is_ok());
        assert!(keys::read_public(BUNDLE_ROOT_KEY, "sim-root.pub").is_ok());
        assert!(keys::read_public(ROOT_KEY, "commission-root.pub").is_ok());
    }

    /// The seeds reach past the seal to the entry's tape: whole, and as a body sealed here.
    #[test]
    fn cache_seeds_reach_the_tape() {
        let whole = include_bytes!("../fuzz/seeds/cache_entry/sealed-tape.entry");
        let body = include_bytes!("../fuzz/seeds/cache_entry/body-tape.json");
        for (bytes, seal) in [(&whole[1..], false), (&body[1..], true)] {
            let (_, tape, _) = fuzz_cache().fuzz_entry(bytes, CACHE_PHOTO, seal).unwrap();
            assert_eq!(tape.unwrap().payload.center, 120345);
        }
        // The body without its seal, or sealed under another key, is not believed.
        assert!(fuzz_cache()
            .fuzz_entry(&body[1..], CACHE_PHOTO, false)
            .is_err());
        let mut altered = whole[1..].to_vec();
        let at = altered.len() - 5;
        altered[at] ^= 1;
        assert!(fuzz_cache()
            .fuzz_entry(&altered, CACHE_PHOTO, false)
            .is_err());
    }

    #[test]
    fn mapped_published_seeds_reach_their_rows() {
        let seed =
            include_bytes!("../fuzz/seeds/published/real-ve-2024-actas-v1-lara-long-map.csv");
        let (path, options, bytes) = published_input(seed).unwrap();
        assert_eq!(options.map.len(), 4);
        assert_eq!(options.map[0].1, "COD_EDO");
        let read = published::load_bytes(bytes, Path::new(&path), &options).unwrap();
        assert!(read.rows > 10, "{} rows", read.rows);
    }
}
