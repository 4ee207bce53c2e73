//! `tally bundle` and `tally bundle check` through the real binary, on a small simulated
//! election: a bundle verifies with our checker and with minisign(1); a changed byte in any
//! file, a missing or extra file, a symbolic link, a `../` zip entry each make the check fail
//! naming what is wrong.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{simulated_election_with_report, tally};
use predicates::str::contains;

/// A simulated election reconciled into `report.json`, and an observer key, in a temp dir.
struct Election {
    dir: tempfile::TempDir,
}

impl Election {
    fn new() -> Election {
        let dir = tempfile::tempdir().unwrap();
        simulated_election_with_report(dir.path(), 24, 4, 5);
        Election { dir }
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    /// `tally bundle --report report.json --out OUT --sign observer.key EXTRA…`.
    fn bundle(&self, out: &str, extra: &[&str]) -> assert_cmd::assert::Assert {
        tally()
            .current_dir(self.dir.path())
            .args([
                "bundle",
                "--report",
                "report.json",
                "--sign",
                "observer.key",
                "--out",
                out,
            ])
            .args(extra)
            .assert()
    }

    /// `tally bundle check BUNDLE --observer-key observer.pub --root-key …`.
    fn check(&self, bundle: &Path) -> assert_cmd::assert::Assert {
        tally()
            .current_dir(self.dir.path())
            .args(["bundle", "check"])
            .arg(bundle)
            .args([
                "--observer-key",
                "observer.pub",
                "--root-key",
                "sim/commission-root.pub",
            ])
            .assert()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn manifest_paths(bundle: &Path) -> Vec<String> {
    std::fs::read_to_string(bundle.join("MANIFEST"))
        .unwrap()
        .lines()
        .map(|l| l.split_once("  ").unwrap().1.to_string())
        .collect()
}

#[test]
fn a_bundle_verifies_with_tally_and_minisign_and_any_changed_byte_is_named() {
    let e = Election::new();
    e.bundle("b", &[])
        .success()
        .stdout(contains("MANIFEST signed by observer key"));
    let b = e.path("b");
    let paths = manifest_paths(&b);
    for want in [
        "report/report.json",
        "report/report.html",
        "report/findings.csv",
        "report/complaint-sheets.html",
        "report/report.pdf",
        "published/published.csv",
        "keyring/keyring.csv",
        "keyring/keyring.csv.minisig",
    ] {
        assert!(paths.iter().any(|p| p == want), "{want} in {paths:?}");
    }
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(e.path("report.json")).unwrap()).unwrap();
    let tapes = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "tape")
        .count();
    assert_eq!(
        paths.iter().filter(|p| p.starts_with("tapes/")).count(),
        tapes
    );
    e.check(&b)
        .success()
        .stdout(contains("everything holds"))
        .stdout(contains("authenticated by the commission's root key"))
        .stdout(contains("confirmed by re-running"));
    if Command::new("minisign")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        let out = Command::new("minisign")
            .current_dir(&b)
            .args(["-Vm", "MANIFEST", "-p"])
            .arg(e.path("observer.pub"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    } else {
        eprintln!("note: minisign(1) is not installed; the minisign part is skipped");
    }
    // A changed byte anywhere: the check fails naming that file.
    let mut names = paths.clone();
    names.push("MANIFEST".into());
    names.push("MANIFEST.minisig".into());
    for (i, name) in names.iter().enumerate() {
        let copy = e.path(&format!("flip-{i}"));
        copy_dir(&b, &copy);
        let file = copy.join(name);
        let mut bytes = std::fs::read(&file).unwrap();
        let at = bytes.len() / 2;
        bytes[at] ^= 0x01;
        std::fs::write(&file, bytes).unwrap();
        e.check(&copy)
            .code(1)
            .stdout(contains(format!("FAILS  {name}")));
        std::fs::remove_dir_all(&copy).unwrap();
    }
}

#[test]
fn missing_extra_and_symlinked_files_are_named() {
    let e = Election::new();
    e.bundle("b", &[]).success();
    let b = e.path("b");
    let victim = manifest_paths(&b)
        .into_iter()
        .find(|p| p.starts_with("tapes/"))
        .unwrap();
    let missing = e.path("missing");
    copy_dir(&b, &missing);
    std::fs::remove_file(missing.join(&victim)).unwrap();
    e.check(&missing).code(1).stdout(contains(format!(
        "FAILS  {victim}: listed in the MANIFEST but missing"
    )));
    let extra = e.path("extra");
    copy_dir(&b, &extra);
    std::fs::write(extra.join("tapes/planted.txt"), "x").unwrap();
    e.check(&extra).code(1).stdout(contains(
        "FAILS  tapes/planted.txt: not listed in the MANIFEST",
    ));
    #[cfg(unix)]
    {
        let linked = e.path("linked");
        copy_dir(&b, &linked);
        std::fs::remove_file(linked.join(&victim)).unwrap();
        std::os::unix::fs::symlink(b.join(&victim), linked.join(&victim)).unwrap();
        e.check(&linked).code(1).stdout(contains(format!(
            "FAILS  {victim}: refused: a symbolic link"
        )));
    }
    tally()
        .args(["bundle", "check"])
        .arg(e.path("nowhere"))
        .arg("--observer-key")
        .arg(e.path("observer.pub"))
        .assert()
        .code(2);
}

#[test]
fn a_zip_bundle_is_read_in_memory_and_unsafe_entries_are_refused() {
    use std::io::Write as _;
    let e = Election::new();
    e.bundle("b.zip", &["--station", "100001-1", "--lang", "ar"])
        .success();
    e.check(&e.path("b.zip"))
        .success()
        .stdout(contains("everything holds"));
    // The same files, plus an entry that climbs out of the bundle.
    let bytes = std::fs::read(e.path("b.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        w.start_file(f.name(), opts).unwrap();
        w.write_all(&data).unwrap();
    }
    w.start_file("../escaped.txt", opts).unwrap();
    w.write_all(b"gotcha").unwrap();
    std::fs::write(e.path("evil.zip"), w.finish().unwrap().into_inner()).unwrap();
    let inner = e.path("inner");
    std::fs::create_dir(&inner).unwrap();
    tally()
        .current_dir(&inner)
        .args([
            "bundle",
            "check",
            "../evil.zip",
            "--observer-key",
            "../observer.pub",
        ])
        .assert()
        .code(1)
        .stdout(contains(
            "FAILS  ../escaped.txt: refused: a path that climbs out of the bundle",
        ));
    assert!(!e.path("escaped.txt").exists());
}

#[test]
fn selections_languages_and_changed_inputs() {
    let e = Election::new();
    e.bundle("crit", &["--min-severity", "critical", "--lang", "ku"])
        .success();
    let sheets = std::fs::read_to_string(e.path("crit/report/complaint-sheets.html")).unwrap();
    assert!(sheets.contains("dir=rtl") && sheets.contains("پەڕەی سکاڵا"));
    e.check(&e.path("crit")).success();
    e.bundle("none", &["--station", "999-9"])
        .code(2)
        .stderr(contains("no station of the report matches --station 999-9"));
    e.bundle("bad", &["--kind", "nonsense"])
        .code(2)
        .stderr(contains("not a finding kind"));
    e.bundle("crit", &[])
        .code(2)
        .stderr(contains("never written over"));
    // A tape changed after the report was made: refused, naming it.
    let tape = walkdir::WalkDir::new(e.path("sim/tapes"))
        .sort_by_file_name()
        .into_iter()
        .map(|x| x.unwrap().into_path())
        .find(|p| p.is_file())
        .unwrap();
    let mut text = std::fs::read_to_string(&tape).unwrap();
    text.push('\n');
    std::fs::write(&tape, text).unwrap();
    let name = tape.file_name().unwrap().to_string_lossy().to_string();
    e.bundle("changed", &[])
        .code(2)
        .stderr(contains(name))
        .stderr(contains("changed since the report was made"));
    assert!(!e.path("changed").exists());
}

/// A 1×1 red PNG.
const PNG: [u8; 69] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0,
    0, 0, 144, 119, 83, 222, 0, 0, 0, 12, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 0, 0, 3, 1,
    1, 0, 201, 254, 146, 239, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

#[test]
fn a_tape_photo_is_bundled_and_embedded_in_its_complaint_sheet() {
    // The photo branch reads tapes from images; until then, stand a photo in for the typed
    // tape of a station with findings, in the report, with its hash.
    let e = Election::new();
    let text = std::fs::read_to_string(e.path("report.json")).unwrap();
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    let station = report["stations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["kind"] != "tape-missing")
                && !s["tapes"].as_array().unwrap().is_empty()
        })
        .unwrap();
    let copy = &station["tapes"][0]["copies"][0];
    let (path, sha) = (
        copy["path"].as_str().unwrap(),
        copy["sha256"].as_str().unwrap(),
    );
    std::fs::write(e.path("photo.png"), PNG).unwrap();
    let png_sha = {
        use sha2::Digest as _;
        hex::encode(sha2::Sha256::digest(PNG))
    };
    let edited = text
        .replace(&format!("\"{path}\""), "\"photo.png\"")
        .replace(sha, &png_sha);
    std::fs::write(e.path("photo-report.json"), edited).unwrap();
    tally()
        .current_dir(e.dir.path())
        .args([
            "bundle",
            "--report",
            "photo-report.json",
            "--sign",
            "observer.key",
            "--out",
            "p",
        ])
        .assert()
        .success();
    assert_eq!(std::fs::read(e.path("p/tapes/photo.png")).unwrap(), PNG);
    let sheets = std::fs::read_to_string(e.path("p/report/complaint-sheets.html")).unwrap();
    assert!(sheets.contains("<img class=tape"));
    assert!(sheets.contains("src=\"data:image/png;base64,iVBORw0KGgo"));
}
