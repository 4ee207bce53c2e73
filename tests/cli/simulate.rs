//! `tally simulate` through the real binary: determinism, every tape getting the status
//! truth.json promises, the keyring authenticating (with tally and with minisign(1)),
//! published.csv's layout, every anomaly's findings checked against the files themselves.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt as _;
use predicates::str::contains;
use tally::keyring::{Authenticity, Keyring};
use tally::simulate::truth::{Finding, Truth};
use tally::simulate::{AnomalyKind, PUBLISHED_HEADER};
use tally::tape::Payload;
use tally::verify::{verify_tape, Status};

const STATIONS: u32 = 300;
const CHOICES: u32 = 8;

fn tally() -> Command {
    let mut cmd = Command::cargo_bin("tally").unwrap();
    cmd.arg("--color=never");
    cmd
}

/// A fresh, absent folder under the test target folder.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("simulate")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
    dir
}

fn simulate(name: &str, seed: u64) -> PathBuf {
    simulate_on(name, seed, None)
}

/// Simulates with the seed, on `threads` worker threads (default: one per core).
fn simulate_on(name: &str, seed: u64, threads: Option<usize>) -> PathBuf {
    let dir = scratch(name);
    let mut cmd = tally();
    if let Some(n) = threads {
        cmd.env("RAYON_NUM_THREADS", n.to_string());
    }
    cmd.args([
        "simulate",
        "--stations",
        &STATIONS.to_string(),
        "--choices",
        &CHOICES.to_string(),
        "--seed",
        &seed.to_string(),
        "--out",
    ])
    .arg(&dir)
    .assert()
    .success()
    .stderr(contains(format!("{STATIONS} stations")));
    dir
}

/// The election of seed 7, made once for the tests that only read it.
fn election() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| simulate("seed-7", 7))
}

fn truth(dir: &Path) -> Truth {
    serde_json::from_slice(&std::fs::read(dir.join("truth.json")).unwrap())
        .expect("truth.json follows the schema strictly")
}

/// Every file under `dir`, relative path → bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    out
}

/// `tally verify --no-cache --format json` in `dir` against its keyring, with the arguments
/// `args` adds: the output and its listing.
fn verify_photos(
    dir: &Path,
    args: impl FnOnce(&mut Command),
) -> (std::process::Output, tally::report::listing::Listing) {
    let mut cmd = tally();
    cmd.args(["verify", "--no-cache", "--format", "json"])
        .args([
            "--keyring",
            "keyring.csv",
            "--root-key",
            "commission-root.pub",
        ]);
    args(&mut cmd);
    let out = cmd.current_dir(dir).output().unwrap();
    let listing = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out, listing)
}

fn keyring(dir: &Path) -> Keyring {
    Keyring::load(
        &dir.join("keyring.csv"),
        Some(&dir.join("commission-root.pub")),
        None,
    )
    .expect("the keyring authenticates with the root key")
}

/// published.csv as (centre, station) → (registered, voters, ballots, invalid, valid, votes by choice).
type Published = BTreeMap<(u32, u32), ([u32; 5], BTreeMap<u32, u32>)>;

fn published(dir: &Path) -> Published {
    let text = std::fs::read_to_string(dir.join("published.csv")).unwrap();
    let mut out: Published = BTreeMap::new();
    let mut last = (0, 0, 0);
    for line in text.lines().skip(1) {
        let n: Vec<u32> = line.split(',').map(|c| c.parse().unwrap()).collect();
        assert_eq!(n.len(), 11, "{line}");
        let key = (n[2], n[3]);
        assert!(
            (n[2], n[3], n[9]) > last,
            "rows are sorted by centre, station, choice: {line}"
        );
        last = (n[2], n[3], n[9]);
        let entry = out
            .entry(key)
            .or_insert(([n[4], n[5], n[6], n[7], n[8]], BTreeMap::new()));
        assert_eq!(
            entry.0,
            [n[4], n[5], n[6], n[7], n[8]],
            "station totals repeat on every row: {line}"
        );
        entry.1.insert(n[9], n[10]);
    }
    out
}

fn payload(dir: &Path, path: &str) -> Payload {
    let input = tally::source::read_input(&dir.join(path));
    input.tape.unwrap_or_else(|e| panic!("{path}: {e}")).payload
}

#[test]
fn same_seed_same_files_other_seed_other_files() {
    let a = files(election());
    let b = files(&simulate_on("seed-7-one-thread", 7, Some(1)));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        if name != "keyring.csv.minisig" {
            assert!(
                bytes == &b[name],
                "{name} differs between two runs of the same seed (one on a single thread)"
            );
        }
    }
    let trusted = |m: &[u8]| {
        String::from_utf8_lossy(m)
            .lines()
            .nth(2)
            .unwrap()
            .to_string()
    };
    assert_eq!(
        trusted(&a["keyring.csv.minisig"]),
        "trusted comment: SIM-2025-PR device keyring"
    );
    assert_eq!(
        trusted(&a["keyring.csv.minisig"]),
        trusted(&b["keyring.csv.minisig"])
    );
    let c = files(&simulate("seed-8", 8));
    for name in [
        "commission-root.pub",
        "keyring.csv",
        "published.csv",
        "truth.json",
    ] {
        assert_ne!(a[name], c[name], "{name} is the same for seeds 7 and 8");
    }
}

#[test]
fn every_tape_gets_its_expected_status() {
    let dir = election();
    let keyring = keyring(dir);
    assert!(
        matches!(&keyring.authenticity, Authenticity::Authenticated { trusted_comment, .. } if trusted_comment == "SIM-2025-PR device keyring")
    );
    assert_eq!(keyring.len(), STATIONS as usize);
    let truth = truth(dir);
    let mut seen = BTreeSet::new();
    for t in &truth.tapes {
        let input = tally::source::read_input(&dir.join(&t.path));
        let tape = input.tape.unwrap_or_else(|e| panic!("{}: {e}", t.path));
        assert_eq!(
            (tape.payload.center, tape.payload.station),
            (t.center, t.station)
        );
        assert_eq!(
            verify_tape(&tape, Some(&keyring)).status,
            t.expected_status,
            "{}",
            t.path
        );
        assert_eq!(
            tape.header,
            ["INDEPENDENT HIGH ELECTORAL", "COMMISSION", "RESULT TAPE"]
        );
        assert!(tape.names.iter().all(Option::is_some));
        assert_eq!(
            tally::tape::print_tape(&tape),
            std::fs::read_to_string(dir.join(&t.path)).unwrap(),
            "printed as a device prints"
        );
        seen.insert(t.expected_status);
    }
    let expected = [
        Status::Verified,
        Status::BadSignature,
        Status::KeyRevoked,
        Status::KeyOutOfScope,
        Status::Unsigned,
    ];
    assert_eq!(seen, expected.into_iter().collect());
    let on_disk: Vec<String> = files(dir)
        .into_keys()
        .filter(|p| p.starts_with("tapes/"))
        .collect();
    let listed: Vec<String> = truth.tapes.iter().map(|t| t.path.clone()).collect();
    assert_eq!(
        on_disk, listed,
        "truth.json lists every tape file, sorted by path"
    );
}

#[test]
fn truth_json_header_and_order() {
    let text = std::fs::read_to_string(election().join("truth.json")).unwrap();
    assert!(text.starts_with("{\n  \"schema_version\": 1,\n  \"generator\": \"tally simulate\",\n  \"tool_version\": \""), "{}", &text[..120]);
    let truth = truth(election());
    assert_eq!(
        (
            truth.seed,
            truth.stations,
            truth.choices,
            truth.election.as_str()
        ),
        (7, STATIONS, CHOICES, "SIM-2025-PR")
    );
    let keys: Vec<_> = truth
        .anomalies
        .iter()
        .map(|a| (a.center, a.station, a.kind))
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] < w[1]),
        "anomalies sorted by centre, station, kind, one per station"
    );
    for a in &truth.anomalies {
        let order: Vec<_> = a.findings.iter().map(Finding::order).collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{a:?}");
    }
    let extra = text.replacen("\"seed\": 7,", "\"seed\": 7, \"extra\": 1,", 1);
    assert!(
        serde_json::from_str::<Truth>(&extra).is_err(),
        "unknown fields are refused"
    );
}

#[test]
fn published_csv_has_one_row_per_station_and_choice() {
    let dir = election();
    let text = std::fs::read_to_string(dir.join("published.csv")).unwrap();
    assert_eq!(text.lines().next(), Some(PUBLISHED_HEADER));
    assert_eq!(
        PUBLISHED_HEADER,
        "governorate,district,center,station,registered,voters,ballots,invalid,valid,choice,votes"
    );
    let truth = truth(dir);
    let missing = truth
        .anomalies
        .iter()
        .filter(|a| a.kind == AnomalyKind::MissingInPublished)
        .count();
    assert_eq!(
        text.lines().count() - 1,
        (STATIONS as usize - missing) * CHOICES as usize
    );
    assert_eq!(published(dir).len(), STATIONS as usize - missing);
    assert!(text.is_ascii() && !text.contains('\r'));
}

/// Checks each anomaly's findings against the files: a figure said to be on the tape is on the
/// tape, a figure said to be published is in published.csv, and every station without an
/// anomaly has the same figures on its tape and in published.csv.
#[test]
fn anomalies_and_their_findings_match_the_files() {
    let dir = election();
    let truth = truth(dir);
    let published = published(dir);
    let kinds: BTreeSet<AnomalyKind> = truth.anomalies.iter().map(|a| a.kind).collect();
    assert_eq!(
        kinds.len(),
        AnomalyKind::ALL.len(),
        "every kind at {STATIONS} stations"
    );
    let mut tapes: BTreeMap<(u32, u32), Vec<Payload>> = BTreeMap::new();
    for t in &truth.tapes {
        tapes
            .entry((t.center, t.station))
            .or_default()
            .push(payload(dir, &t.path));
    }
    let fields = ["registered", "voters", "ballots", "invalid", "valid"];
    let anomalous: BTreeSet<(u32, u32)> = truth
        .anomalies
        .iter()
        .map(|a| (a.center, a.station))
        .collect();
    for (key, list) in &tapes {
        if !anomalous.contains(key) {
            let p = &list[0];
            let (totals, votes) = &published[key];
            assert_eq!(*totals, fields.map(|f| p.count(f).unwrap()), "{key:?}");
            assert!(
                p.choices.iter().all(|c| votes[&c.code] == c.votes),
                "{key:?}"
            );
        }
    }
    for a in &truth.anomalies {
        let key = (a.center, a.station);
        let ctx = format!("{a:?}");
        assert!(!a.detail.is_empty(), "{ctx}");
        for f in &a.findings {
            match f {
                Finding::VoteMismatch {
                    choice,
                    tape,
                    published: p,
                } => {
                    assert_eq!(
                        tapes[&key][0]
                            .choices
                            .iter()
                            .find(|c| c.code == *choice)
                            .unwrap()
                            .votes,
                        *tape,
                        "{ctx}"
                    );
                    assert_eq!(published[&key].1[choice], *p, "{ctx}");
                }
                Finding::TotalMismatch {
                    field,
                    tape,
                    published: p,
                } => {
                    assert_eq!(tapes[&key][0].count(field), Some(*tape), "{ctx}");
                    assert_eq!(
                        published[&key].0[fields.iter().position(|f| f == field).unwrap()],
                        *p,
                        "{ctx}"
                    );
                }
                Finding::StationMissingInPublished => assert!(
                    !published.contains_key(&key) && tapes.contains_key(&key),
                    "{ctx}"
                ),
                Finding::TapeMissing => assert!(
                    !tapes.contains_key(&key) && published.contains_key(&key),
                    "{ctx}"
                ),
                Finding::ConflictingTapes => assert!(
                    tapes[&key].len() == 2 && tapes[&key][0].choices != tapes[&key][1].choices,
                    "{ctx}"
                ),
                Finding::PublishedArithmetic { rule } => {
                    let (totals, votes) = &published[&key];
                    assert_eq!(rule, "valid = sum of choice votes", "{ctx}");
                    assert_ne!(votes.values().sum::<u32>(), totals[4], "{ctx}");
                }
                Finding::TapeArithmetic { .. } => panic!("no tape breaks its arithmetic: {ctx}"),
            }
        }
        let no_findings = matches!(
            a.kind,
            AnomalyKind::UnsignedTape | AnomalyKind::RevokedKey | AnomalyKind::OutOfScopeKey
        );
        assert_eq!(a.findings.is_empty(), no_findings, "{ctx}");
        if a.kind == AnomalyKind::DoubleSigned {
            assert_eq!(a.findings, [Finding::ConflictingTapes]);
            assert!(truth.tapes.iter().any(|t| t
                .path
                .ends_with(&format!("tape-{}-{}-b.txt", a.center, a.station))));
        }
    }
}

#[test]
fn one_station_is_an_election() {
    let dir = scratch("one");
    tally()
        .args(["simulate", "--stations", "1", "--choices", "1", "--out"])
        .arg(&dir)
        .assert()
        .success();
    let truth = truth(&dir);
    assert_eq!(truth.tapes.len(), 1);
    assert_eq!(truth.tapes[0].path, "tapes/gov-01/tape-100001-1.txt");
    assert_eq!(truth.tapes[0].expected_status, Status::Verified);
    assert!(truth.anomalies.is_empty());
    assert_eq!(
        std::fs::read_to_string(dir.join("published.csv"))
            .unwrap()
            .lines()
            .count(),
        2
    );
    assert_eq!(keyring(&dir).len(), 1);
}

#[test]
fn refuses_a_folder_that_is_not_empty() {
    // A parent of its own: other tests' simulations leave "partial" folders while they run.
    let dir = scratch("refused/full");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    tally()
        .args(["simulate", "--stations", "3", "--out"])
        .arg(&dir)
        .assert()
        .code(2)
        .stderr(
            contains("the folder exists and is not empty").and(contains(dir.display().to_string())),
        );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    assert_eq!(
        std::fs::read_dir(dir.parent().unwrap())
            .unwrap()
            .filter(|e| e
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("partial"))
            .count(),
        0
    );
    tally()
        .args(["simulate", "--election", "sim 1", "--out"])
        .arg(scratch("bad-id"))
        .assert()
        .code(2)
        .stderr(contains("is not an id"));
    let empty = scratch("empty");
    std::fs::create_dir_all(&empty).unwrap();
    tally()
        .args(["simulate", "--stations", "2", "--out"])
        .arg(&empty)
        .assert()
        .success();
    assert!(empty.join("truth.json").is_file());
}

#[test]
fn minisign_verifies_the_keyring() {
    let Ok(out) = std::process::Command::new("minisign")
        .args(["-Vm", "keyring.csv", "-p", "commission-root.pub"])
        .current_dir(election())
        .output()
    else {
        println!("note: minisign(1) is not installed (apt-get install minisign): keyring checked with tally only");
        return;
    };
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("Trusted comment: SIM-2025-PR device keyring"));
}

#[test]
fn photos_show_their_tapes_and_read_back_exactly() {
    let make = |name: &str| {
        let dir = scratch(name);
        tally()
            .args([
                "simulate",
                "--stations",
                "8",
                "--choices",
                "4",
                "--seed",
                "3",
            ])
            .args(["--photos", "--photo-style", "phone"])
            .arg("--out")
            .arg(&dir)
            .assert()
            .success()
            .stderr(contains("and their photos"));
        dir
    };
    let dir = make("photos-a");
    let again = make("photos-b");
    let (a, b) = (files(&dir), files(&again));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(
            name == "keyring.csv.minisig" || bytes == &b[name],
            "{name} differs between two runs of the same seed"
        );
    }
    let truth = truth(&dir);
    let tapes: BTreeSet<&str> = truth.tapes.iter().map(|t| t.path.as_str()).collect();
    let shown: BTreeSet<&str> = truth.photos.iter().map(|p| p.tape.as_str()).collect();
    assert_eq!(tapes, shown, "one photo of every tape");
    // Photos with a readable QR code: read from it, exactly the tape's figures and status.
    let readable: Vec<_> = truth.photos.iter().filter(|p| !p.qr_smudged).collect();
    assert!(!readable.is_empty());
    let (_, listing) = verify_photos(&dir, |c| {
        c.args(readable.iter().map(|p| p.path.as_str()));
    });
    assert_eq!(listing.tapes.len(), readable.len());
    for (photo, read) in readable.iter().zip(&listing.tapes) {
        let text = std::fs::read_to_string(dir.join(&photo.tape)).unwrap();
        let tape = tally::tape::Tape::parse(&text).unwrap();
        let want = truth
            .tapes
            .iter()
            .find(|t| t.path == photo.tape)
            .unwrap()
            .expected_status;
        assert_eq!(read.source, tally::source::Source::Qr, "{}", photo.path);
        assert_eq!(
            read.payload.as_deref(),
            Some(tape.payload.to_text().as_str())
        );
        assert_eq!(read.status.as_str(), want.as_str(), "{}", photo.path);
    }
}

/// A tape of more choices than one photo holds is photographed in overlapping parts, listed
/// together in truth.json; given together with `--tape-parts`, the parts read back as the tape.
#[test]
#[cfg(feature = "ocr")]
fn long_tapes_are_photographed_in_parts_that_read_back_as_one() {
    let dir = scratch("photo-parts");
    tally()
        .args([
            "simulate",
            "--stations",
            "1",
            "--choices",
            "30",
            "--seed",
            "5",
        ])
        .args(["--photos", "--photo-style", "phone"])
        .arg("--out")
        .arg(&dir)
        .assert()
        .success();
    let truth = truth(&dir);
    let photo = &truth.photos[0];
    assert!(
        !photo.qr_smudged,
        "seed 5: the QR code on the last part is clean"
    );
    assert_eq!(photo.parts.len(), 2, "30 choices: two parts");
    assert_eq!(photo.path, photo.parts[0]);
    assert!(photo.parts[1].ends_with(".part2.jpg"), "{}", photo.parts[1]);
    for part in &photo.parts {
        assert!(dir.join(part).is_file(), "{part}");
    }
    let (_, listing) = verify_photos(&dir, |c| {
        c.arg("--tape-parts").args(&photo.parts);
    });
    assert_eq!(listing.tapes.len(), 1);
    assert_eq!(listing.tapes[0].source, tally::source::Source::Qr);
    let text = std::fs::read_to_string(dir.join(&photo.tape)).unwrap();
    let tape = tally::tape::Tape::parse(&text).unwrap();
    assert_eq!(
        listing.tapes[0].payload.as_deref(),
        Some(tape.payload.to_text().as_str()),
        "{}",
        listing.tapes[0].reason
    );
    assert_eq!(listing.tapes[0].photo.as_ref().unwrap().parts.len(), 2);
    // The folder without --tape-parts: the last part's QR code reads the tape, and the first
    // part, whose lines are on it, is listed with it rather than as a tape of its own.
    let (out, listing) = verify_photos(&dir, |c| {
        c.arg("photos");
    });
    assert_eq!(listing.tapes.len(), 1, "{:?}", listing.tapes);
    let parts: Vec<&str> = listing.tapes[0]
        .photo
        .as_ref()
        .unwrap()
        .parts
        .iter()
        .map(|p| p.path.as_str())
        .collect();
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert!(parts[0].ends_with(".part2.jpg") && parts[1].ends_with(".part1.jpg"));
    assert_eq!(out.status.code(), Some(0));
}
