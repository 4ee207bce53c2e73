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
    if crate::common::outside_tool("minisign", "-v") {
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
        let check = e
            .check(&copy)
            .code(1)
            .stdout(contains(format!("FAILS  {name}")));
        if name != "MANIFEST" && name != "MANIFEST.minisig" {
            // A check with any failure is said to fail, never `holds  hashes: 307 of 308`.
            check.stdout(contains("FAILS  hashes: "));
        }
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

/// The entries of a zip bundle, rewritten by `edit` (name, bytes) into a new zip.
fn rezip(from: &Path, to: &Path, edit: impl Fn(&mut Vec<(String, Vec<u8>)>)) {
    use std::io::Write as _;
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(std::fs::read(from).unwrap())).unwrap();
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        entries.push((f.name().to_string(), data));
    }
    edit(&mut entries);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in &entries {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(data).unwrap();
    }
    std::fs::write(to, w.finish().unwrap().into_inner()).unwrap();
}

/// Replaces every occurrence of `from` by `to` (same length) in a file's bytes.
fn patch_bytes(path: &Path, from: &[u8], to: &[u8]) -> usize {
    assert_eq!(from.len(), to.len());
    let mut bytes = std::fs::read(path).unwrap();
    let mut n = 0;
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            n += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    std::fs::write(path, bytes).unwrap();
    n
}

/// Without the commission's root key the keyring's authenticity cannot be checked: the check
/// says so on stdout, fails nothing it could check, and exits 1 (not "everything holds").
#[test]
fn a_check_without_the_root_key_says_what_it_could_not_check() {
    let e = Election::new();
    e.bundle("b.zip", &["--station", "100001-1"]).success();
    let out = tally()
        .current_dir(e.dir.path())
        .args(["bundle", "check", "b.zip", "--observer-key", "observer.pub"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("NOT CHECKED  keyring"), "{text}");
    assert!(text.contains("could not be made"), "{text}");
    assert!(
        !text.contains("FAILS") && !text.contains("everything holds"),
        "{text}"
    );
    assert!(text.contains("confirmed by re-running"), "{text}");
}

/// A zip holding two entries of one name (a forged tape first, the signed one second, as
/// `unzip` would extract the forged one) fails the check, naming the entry; so does an entry
/// holding more bytes than its header declares.
#[test]
fn a_zip_with_a_forged_duplicate_or_a_lying_size_fails() {
    let e = Election::new();
    e.bundle("b.zip", &["--station", "100001-1"]).success();
    e.check(&e.path("b.zip"))
        .success()
        .stdout(contains("everything holds"));
    let tape_name = std::cell::RefCell::new(String::new());
    rezip(&e.path("b.zip"), &e.path("dup.zip"), |entries| {
        let (name, data) = entries
            .iter()
            .find(|(n, _)| n.starts_with("tapes/") && n.ends_with(".txt"))
            .cloned()
            .unwrap();
        // Same length, one letter apart: patched to the same name below.
        let decoy = format!("{}#", &name[..name.len() - 1]);
        let forged = String::from_utf8(data)
            .unwrap()
            .replacen("VOTERS", "VOTERS  ", 1);
        entries.insert(0, (decoy, forged.into_bytes()));
        *tape_name.borrow_mut() = name;
    });
    let name = tape_name.into_inner();
    let decoy = format!("{}#", &name[..name.len() - 1]);
    assert_eq!(
        patch_bytes(&e.path("dup.zip"), decoy.as_bytes(), name.as_bytes()),
        2,
        "the local header and the directory entry"
    );
    e.check(&e.path("dup.zip")).code(1).stdout(contains(format!(
        "FAILS  {name}: refused: appears 2 times in the zip"
    )));
    // An entry whose header declares fewer bytes than it holds.
    rezip(&e.path("b.zip"), &e.path("size.zip"), |_| {});
    let bytes = std::fs::read(e.path("size.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let (name, size, local, central) = {
        let f = archive.by_name("MANIFEST").unwrap();
        (
            f.name().to_string(),
            f.size() as u32,
            f.header_start() as usize,
            f.central_header_start() as usize,
        )
    };
    let mut bytes = bytes;
    // Uncompressed size: offset 22 of the local header, 24 of the directory entry.
    let smaller = (size / 2).to_le_bytes();
    bytes[local + 22..local + 26].copy_from_slice(&smaller);
    bytes[central + 24..central + 28].copy_from_slice(&smaller);
    std::fs::write(e.path("size.zip"), bytes).unwrap();
    e.check(&e.path("size.zip"))
        .code(1)
        .stdout(contains(format!(
            "FAILS  {name}: refused: holds more than the {} bytes its header declares",
            size / 2
        )));
}

/// Text typst's layout could not take (`﷽ ﷽` made typst 0.13.1 panic; tally now sets such
/// text so that it does not, so the panic is made on purpose here) never takes the bundle
/// down: the PDF is laid out again with such characters shown as code points.
#[test]
fn text_typst_cannot_lay_out_never_takes_the_bundle_down() {
    let dir = tempfile::tempdir().unwrap();
    let at = |p: &str| dir.path().join(p);
    crate::common::simulated_election(dir.path(), 12, 3, 5);
    for t in walkdir::WalkDir::new(at("sim/tapes")) {
        let t = t.unwrap();
        if t.file_type().is_file() {
            let text = std::fs::read_to_string(t.path()).unwrap();
            std::fs::write(
                t.path(),
                format!("\u{FDFD}\u{FDFD}\n\u{FDFD} \u{FDFD}\n{text}"),
            )
            .unwrap();
        }
    }
    crate::common::report_and_observer_key(dir.path());
    tally()
        .current_dir(dir.path())
        .env("TALLY_TEST_PDF_FAILURE", "\u{FDFD}\u{FDFD}")
        .args([
            "bundle",
            "--report",
            "report.json",
            "--sign",
            "observer.key",
            "--out",
            "b",
        ])
        .args(["--lang", "ar"])
        .assert()
        .success();
    let pdf = std::fs::read(at("b/report/report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    if crate::common::outside_tool("pdftotext", "-v") {
        let out = Command::new("pdftotext")
            .arg(at("b/report/report.pdf"))
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        // Laid out the second time, with the characters shown as code points (set right to
        // left, so pdftotext may mirror the brackets).
        assert!(text.contains("U+FDFD"), "{text}");
    }
}
