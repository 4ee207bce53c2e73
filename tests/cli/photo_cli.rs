//! Photos through the real binary: a photo whose QR code reads, one whose QR code is
//! smudged (read by OCR, judged by the signature), a HEIC, and files that only look like
//! photos — each bad file gets its own clear reason and the batch goes on (exit 2).

use std::path::Path;

use tally::photo::{render_altered_image, render_image, render_photo, PhotoStyle};
use tally::report::listing::{InputStatus, Listing};
use tally::simulate::sample;
use tally::source::Source;
use tally::verify::Status;

/// A folder with a keyring and one sample tape's photos.
pub(crate) struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    pub(crate) fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let set = sample::sample_set(11, 2, 4);
        std::fs::write(dir.path().join("keyring.csv"), &set.keyring_csv).unwrap();
        let (root, signature) = set.keyring_authentication().unwrap();
        std::fs::write(dir.path().join("commission-root.pub"), root).unwrap();
        std::fs::write(dir.path().join("keyring.csv.minisig"), signature).unwrap();
        let clean = PhotoStyle::clean();
        std::fs::write(
            dir.path().join("a-qr.jpg"),
            render_photo(&set.tapes[0], &clean, 1).unwrap(),
        )
        .unwrap();
        let smudged = PhotoStyle {
            smudge_qr: true,
            ..PhotoStyle::clean()
        };
        // Render seed 4 is one whose OCR reading verifies (after corrections); the rates over
        // many photos are the benchmark's business (BENCHMARKS.md).
        std::fs::write(
            dir.path().join("b-smudged.jpg"),
            render_photo(&set.tapes[1], &smudged, 4).unwrap(),
        )
        .unwrap();
        Fixture { dir }
    }

    /// A photo whose reading no correction can prove (`unproven.png`, the QR code smudged):
    /// the strip shows another second signature line than the device signed (the observer
    /// reads the right one off the paper below), and the tape the device signed.
    pub(crate) fn unproven(&self) -> (std::path::PathBuf, tally::tape::Tape) {
        self.printed_otherwise("unproven.png", |printed| {
            if let tally::tape::Signature::Present(sig) = &mut printed.signature {
                for b in &mut sig[16..32] {
                    *b ^= 0x5A;
                }
            }
        })
    }

    /// A photo whose last choice line prints another code than the one signed (as OCR might
    /// misread it: 339 for 117), its QR code smudged: the reading is unproven until a
    /// reviewer corrects the code.
    pub(crate) fn misread_code(&self) -> (std::path::PathBuf, tally::tape::Tape) {
        self.printed_otherwise("misread-code.png", |printed| {
            printed.payload.choices.last_mut().unwrap().code += 222;
        })
    }

    /// `name`: a photo of the sample tape printed as `alter` changes it, QR code smudged, and
    /// the tape the device signed.
    fn printed_otherwise(
        &self,
        name: &str,
        alter: impl FnOnce(&mut tally::tape::Tape),
    ) -> (std::path::PathBuf, tally::tape::Tape) {
        let set = sample::sample_set(11, 2, 4);
        let truth = set.tapes[1].clone();
        let smudged = PhotoStyle {
            smudge_qr: true,
            ..PhotoStyle::clean()
        };
        let mut printed = truth.clone();
        alter(&mut printed);
        let photo = self.path(name);
        render_altered_image(&printed, &truth, &smudged, 2)
            .unwrap()
            .save(&photo)
            .unwrap();
        (photo, truth)
    }

    /// The answers that type `truth` in full at the terminal review: every field, each choice
    /// line's code and votes, no missed line, the signature lines.
    pub(crate) fn typed_answers(truth: &tally::tape::Tape) -> String {
        let mut answers = String::new();
        for (_, key) in tally::tape::FIELD_LABELS {
            answers.push_str(&tally::entry::answer::Value::of(&truth.payload, key).to_string());
            answers.push('\n');
        }
        for c in &truth.payload.choices {
            answers.push_str(&format!("{} {}\n", c.code, c.votes));
        }
        answers.push('\n');
        for line in truth
            .to_text()
            .lines()
            .filter(|l| l.starts_with("SIG") && !l.starts_with("SIGN"))
        {
            answers.push_str(&line[5..]);
            answers.push('\n');
        }
        answers
    }

    /// The review kept with `photo`'s reading, which now verifies as source reviewed.
    pub(crate) fn kept_as_reviewed(&self, photo: &Path) -> tally::source::Review {
        let (code, listing) = self.verify_json(&[photo]);
        assert_eq!(code, 0, "{}", listing.tapes[0].reason);
        assert_eq!(listing.tapes[0].source, Source::Reviewed);
        let info = listing.tapes[0]
            .photo
            .clone()
            .expect("a photo's provenance");
        info.review.expect("the review kept with the reading")
    }

    pub(crate) fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    /// `tally review PHOTO` against the fixture's keyring and cache, reviewed by "Tester"
    /// without opening a viewer, with `answers` typed.
    fn review(&self, photo: &Path, answers: String) -> std::process::Output {
        crate::common::tally()
            .arg("review")
            .arg(photo)
            .args(self.keyring_args())
            .arg("--cache")
            .arg(self.path("cache"))
            .args(["--reviewer", "Tester", "--no-open"])
            .write_stdin(answers)
            .output()
            .unwrap()
    }

    /// `--keyring keyring.csv --root-key commission-root.pub`: an authenticated keyring.
    pub(crate) fn keyring_args(&self) -> [std::ffi::OsString; 4] {
        [
            "--keyring".into(),
            self.path("keyring.csv").into(),
            "--root-key".into(),
            self.path("commission-root.pub").into(),
        ]
    }

    pub(crate) fn verify_json(&self, files: &[&Path]) -> (i32, Listing) {
        self.verify_json_with(files, &[], &[])
    }

    /// `tally verify FILES --keyring ... --cache DIR/cache EXTRA --format json`, with `env`.
    fn verify_json_with(
        &self,
        files: &[&Path],
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> (i32, Listing) {
        let mut cmd = crate::common::tally();
        cmd.arg("verify")
            .args(files)
            .args(self.keyring_args())
            .arg("--cache")
            .arg(self.path("cache"))
            .args(extra)
            .args(["--format", "json"]);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let listing: Listing = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
        });
        (out.status.code().unwrap(), listing)
    }
}

/// A PNG that claims 20000×20000 pixels (valid CRCs) and holds no pixel data: 1.6 GB if
/// anything trusted the header.
fn huge_png_header() -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(20_000u32.to_be_bytes());
    ihdr.extend(20_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(13u32.to_be_bytes());
    png.extend(&ihdr);
    png.extend(crc32(&ihdr).to_be_bytes());
    png.extend(0u32.to_be_bytes());
    png.extend(b"IDAT");
    png.extend(crc32(b"IDAT").to_be_bytes());
    png.extend(0u32.to_be_bytes());
    png.extend(b"IEND");
    png.extend(crc32(b"IEND").to_be_bytes());
    png
}

#[test]
fn photos_verify_and_bad_files_are_named_one_by_one() {
    let f = Fixture::new();
    let good = std::fs::read(f.path("a-qr.jpg")).unwrap();
    std::fs::write(f.path("c-truncated.jpg"), &good[..good.len() / 3]).unwrap();
    std::fs::write(f.path("d-zip.jpg"), b"PK\x03\x04 not a photo at all").unwrap();
    std::fs::write(f.path("e-huge.png"), huge_png_header()).unwrap();
    let grey = image::GrayImage::from_pixel(320, 240, image::Luma([128]));
    grey.save(f.path("f-not-a-tape.png")).unwrap();
    let names = [
        "a-qr.jpg",
        "b-smudged.jpg",
        "c-truncated.jpg",
        "d-zip.jpg",
        "e-huge.png",
        "f-not-a-tape.png",
    ];
    let paths: Vec<_> = names.iter().map(|n| f.path(n)).collect();
    let refs: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
    let (code, listing) = f.verify_json(&refs);
    assert_eq!(code, 2, "unreadable inputs make the batch incomplete");
    let t = &listing.tapes;
    assert_eq!(t.len(), 6, "every input is listed");
    assert_eq!(t[0].status, InputStatus::Tape(Status::Verified));
    assert_eq!(t[0].source, Source::Qr);
    let photo = t[0].photo.as_ref().expect("provenance");
    assert!(photo.engine.starts_with("rxing"));
    if cfg!(feature = "ocr") {
        assert_eq!(
            t[1].status,
            InputStatus::Tape(Status::Verified),
            "{}",
            t[1].reason
        );
        assert!(matches!(t[1].source, Source::Ocr | Source::OcrCorrected));
        let ocr = t[1].photo.as_ref().expect("provenance");
        assert!(ocr.engine.starts_with("tesseract"), "{}", ocr.engine);
        assert!(ocr.confidence.iter().any(|c| c.field == "voters"));
    } else {
        // A build without OCR says what to do with a photo whose QR code cannot be read.
        assert_eq!(t[1].status, InputStatus::Unreadable);
        assert!(
            t[1].reason.contains("this build has no OCR") && t[1].reason.contains("tally enter"),
            "{}",
            t[1].reason
        );
    }
    for (i, needle) in [
        (2, "cut short"),
        (3, "zip archive"),
        (4, "20000×20000"),
        // Without OCR nothing looks for printed text: the reason is the build's.
        (
            5,
            if cfg!(feature = "ocr") {
                "not a tape"
            } else {
                "this build has no OCR"
            },
        ),
    ] {
        assert_eq!(t[i].status, InputStatus::Unreadable, "{}", t[i].path);
        assert!(
            t[i].reason.contains(needle),
            "{}: {}",
            t[i].path,
            t[i].reason
        );
    }
}

#[test]
fn heic_photos_are_read() {
    if !crate::common::outside_tool("heif-enc", "--version") {
        return;
    }
    let f = Fixture::new();
    let set = sample::sample_set(11, 1, 4);
    let png = f.path("tape.png");
    render_image(&set.tapes[0], &PhotoStyle::clean(), 3)
        .unwrap()
        .save(&png)
        .unwrap();
    let heic = f.path("tape.heic");
    let status = std::process::Command::new("heif-enc")
        .args(["-q", "80", "-o"])
        .arg(&heic)
        .arg(&png)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let (code, listing) = f.verify_json(&[heic.as_path()]);
    if cfg!(feature = "heic") {
        assert_eq!(
            listing.tapes[0].status,
            InputStatus::Tape(Status::Verified),
            "{}",
            listing.tapes[0].reason
        );
        assert_eq!(code, 0);
    } else {
        assert_eq!(listing.tapes[0].status, InputStatus::Unreadable);
        assert!(
            listing.tapes[0]
                .reason
                .contains("this build cannot read HEIC photos: convert the photo to JPEG"),
            "{}",
            listing.tapes[0].reason
        );
        assert_eq!(code, 2);
    }
}

/// A build without OCR refuses --cross-check (it reads the printed text) before reading
/// anything, and says so.
#[test]
#[cfg(not(feature = "ocr"))]
fn a_build_without_ocr_refuses_cross_check() {
    let f = Fixture::new();
    let out = crate::common::tally()
        .arg("verify")
        .arg(f.path("a-qr.jpg"))
        .args(f.keyring_args())
        .arg("--cross-check")
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&out.stderr).contains("this build has no OCR"));
}

#[test]
#[cfg(feature = "ocr")]
fn shards_split_the_work_and_the_cache_merges_it_without_reading_again() {
    let f = Fixture::new();
    let photos = f.dir.path().join("photos");
    std::fs::create_dir(&photos).unwrap();
    for name in ["a-qr.jpg", "b-smudged.jpg"] {
        std::fs::rename(f.path(name), photos.join(name)).unwrap();
    }
    let mut seen = Vec::new();
    for shard in ["1/2", "2/2"] {
        let (_, listing) = f.verify_json_with(&[photos.as_path()], &["--shard", shard], &[]);
        seen.extend(listing.tapes.into_iter().map(|t| t.path));
    }
    seen.sort();
    assert_eq!(
        seen.len(),
        2,
        "each photo is read by exactly one shard: {seen:?}"
    );
    assert_ne!(seen[0], seen[1]);
    // With no OCR language data, only the cache can give the OCR reading back.
    let (code, listing) = f.verify_json_with(
        &[photos.as_path()],
        &[],
        &[("TESSDATA_PREFIX", "/nonexistent")],
    );
    assert_eq!(
        code,
        0,
        "{:?}",
        listing.tapes.iter().map(|t| &t.reason).collect::<Vec<_>>()
    );
    assert!(listing
        .tapes
        .iter()
        .all(|t| t.status == InputStatus::Tape(Status::Verified)));
    // --no-cache reads afresh: without language data the smudged photo cannot be read now.
    let out = crate::common::tally()
        .arg("verify")
        .arg(&photos)
        .args(f.keyring_args())
        .args(["--no-cache", "--format", "json"])
        .env("TESSDATA_PREFIX", "/nonexistent")
        .output()
        .unwrap();
    let listing: Listing = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listing.tapes[1].status, InputStatus::Unreadable);
    assert!(
        listing.tapes[1].reason.contains("tesseract-ocr-eng"),
        "{}",
        listing.tapes[1].reason
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
#[cfg(feature = "ocr")]
fn review_corrects_an_unproven_reading_and_keeps_it_as_reviewed() {
    let f = Fixture::new();
    let (photo, truth) = f.unproven();
    let truth = &truth;
    let (code, listing) = f.verify_json(&[photo.as_path()]);
    // The lines read satisfy their check symbols: a signature that does not verify with an
    // OCR reading is `unproven` (a misreading is as likely as forgery), never `bad-signature`.
    assert_eq!(code, 1, "{}", listing.tapes[0].reason);
    assert_eq!(
        listing.tapes[0].status,
        InputStatus::Tape(Status::Unproven),
        "{}",
        listing.tapes[0].reason
    );
    assert!(
        listing.tapes[0].reason.contains("NOT proven"),
        "{}",
        listing.tapes[0].reason
    );
    // The observer types every field from the paper.
    let answers = Fixture::typed_answers(truth);
    let out = f.review(&photo, answers);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{said}");
    // With no viewer opened, the photo to read is named; the reading says how it was read.
    assert!(
        said.contains("open the photo to read it") && said.contains("as OCR gave it"),
        "{said}"
    );
    // (The printed second line satisfies its check symbol: nothing is marked failing.)
    assert!(
        said.contains("SIG2 [") && said.contains("VERIFIED"),
        "{said}"
    );
    let review = f.kept_as_reviewed(&photo);
    assert_eq!(review.reviewer, "Tester");
    assert!(
        review.at.ends_with('Z') && review.at.len() == 20,
        "{}",
        review.at
    );
}

/// A choice code OCR read wrong could never be fixed: the review asked only for votes. Now
/// the reviewer types the code with the votes and the signature proves the reading.
#[test]
#[cfg(feature = "ocr")]
fn review_corrects_a_misread_choice_code() {
    let f = Fixture::new();
    let (photo, truth) = f.misread_code();
    let (code, listing) = f.verify_json(&[photo.as_path()]);
    assert_eq!(code, 1, "{}", listing.tapes[0].reason);
    assert_eq!(
        listing.tapes[0].status,
        InputStatus::Tape(Status::Unproven),
        "{}",
        listing.tapes[0].reason
    );
    let out = f.review(&photo, Fixture::typed_answers(&truth));
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("VERIFIED"), "{said}");
    assert_eq!(f.kept_as_reviewed(&photo).reviewer, "Tester");
}

#[test]
#[cfg(feature = "ocr")]
fn cross_check_finds_printed_figures_that_differ_from_the_signed_qr_code() {
    let f = Fixture::new();
    let set = sample::sample_set(11, 1, 4);
    let signed = &set.tapes[0];
    let mut printed = signed.clone();
    printed.payload.choices[1].votes += 100;
    printed.payload.valid += 100;
    let photo = f.path("altered.png");
    render_altered_image(&printed, signed, &PhotoStyle::clean(), 5)
        .unwrap()
        .save(&photo)
        .unwrap();
    let (code, listing) = f.verify_json_with(&[photo.as_path()], &["--cross-check"], &[]);
    let t = &listing.tapes[0];
    assert_eq!(
        t.status,
        InputStatus::Tape(Status::Verified),
        "the QR code is the device's word"
    );
    assert_eq!(t.source, Source::Qr);
    let differs = &t.photo.as_ref().unwrap().printed_differs_from_qr;
    let fields: Vec<&str> = differs.iter().map(|d| d.field.as_str()).collect();
    let choice = format!("choice {}", signed.payload.choices[1].code);
    assert!(
        fields.contains(&"valid") && fields.contains(&choice.as_str()),
        "{differs:?}"
    );
    assert_eq!(
        code, 1,
        "a printed figure that differs from the QR code is a finding"
    );
    // Without --cross-check the printed text is not read at all.
    let (code, listing) = f.verify_json_with(&[photo.as_path()], &[], &[]);
    assert_eq!(code, 0);
    assert!(listing.tapes[0]
        .photo
        .as_ref()
        .unwrap()
        .printed_differs_from_qr
        .is_empty());
}

/// Cache entries swapped between two photos, each with its photo hash rewritten to match the
/// photo it now stands for, are never used: whoever can write the cache folder has not the key
/// that seals its entries. Both photos are read again (each its own station, not the other's)
/// and the run names the entries on stderr.
#[test]
fn cache_entries_swapped_between_photos_are_refused() {
    let f = Fixture::new();
    let set = sample::sample_set(11, 2, 4);
    let clean = PhotoStyle::clean();
    std::fs::write(
        f.path("c-qr.jpg"),
        render_photo(&set.tapes[1], &clean, 2).unwrap(),
    )
    .unwrap();
    let (a, c) = (f.path("a-qr.jpg"), f.path("c-qr.jpg"));
    let (_, first) = f.verify_json(&[&a, &c]);
    let station = |l: &Listing, i: usize| l.tapes[i].station.unwrap();
    assert_ne!(station(&first, 0), station(&first, 1));
    let sha_of = |photo: &Path| {
        use sha2::Digest as _;
        hex::encode(sha2::Sha256::digest(std::fs::read(photo).unwrap()))
    };
    let entry_of = |photo: &Path| {
        let sha = sha_of(photo);
        walkdir::WalkDir::new(f.path("cache"))
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(&sha))
            .unwrap()
    };
    let (entry_a, entry_c) = (entry_of(&a), entry_of(&c));
    let (text_a, text_c) = (
        std::fs::read_to_string(&entry_a).unwrap(),
        std::fs::read_to_string(&entry_c).unwrap(),
    );
    assert!(text_a.contains(&sha_of(&a)) && text_c.contains(&sha_of(&c)));
    std::fs::write(&entry_c, text_a.replace(&sha_of(&a), &sha_of(&c))).unwrap();
    std::fs::write(&entry_a, text_c.replace(&sha_of(&c), &sha_of(&a))).unwrap();
    let out = crate::common::tally()
        .arg("verify")
        .arg(&a)
        .arg(&c)
        .args(f.keyring_args())
        .arg("--cache")
        .arg(f.path("cache"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    let again: Listing = serde_json::from_slice(&out.stdout).unwrap();
    for i in 0..2 {
        assert_eq!(
            station(&again, i),
            station(&first, i),
            "read again, not taken from the swapped entry"
        );
        assert_eq!(again.tapes[i].status, first.tapes[i].status);
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2 entries were not believed and the photo read again")
            && stderr.contains("its seal does not hold"),
        "{stderr}"
    );
}

/// A photo read from its QR code whose signature fails is offered for review introduced as
/// read from the QR code, never "as OCR gave it".
#[test]
fn review_says_a_qr_reading_comes_from_the_qr_code() {
    let f = Fixture::new();
    let set = sample::sample_set(11, 1, 4);
    let mut forged = set.tapes[0].clone();
    forged.payload.choices[0].votes += 7;
    forged.payload.valid += 7;
    let photo = f.path("forged-qr.jpg");
    std::fs::write(
        &photo,
        render_photo(&forged, &PhotoStyle::clean(), 1).unwrap(),
    )
    .unwrap();
    let (_, listing) = f.verify_json(&[photo.as_path()]);
    assert_eq!(listing.tapes[0].source, Source::Qr);
    assert_eq!(
        listing.tapes[0].status,
        InputStatus::Tape(Status::BadSignature)
    );
    let out = f.review(&photo, "\n".repeat(80));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("from the photo's QR code"), "{said}");
    assert!(!said.contains("as OCR gave it"), "{said}");
}

#[test]
#[cfg(feature = "ocr")]
fn a_photo_too_small_to_read_says_so() {
    let f = Fixture::new();
    let set = sample::sample_set(11, 2, 4);
    let tiny = PhotoStyle {
        char_px: 9.0,
        smudge_qr: true,
        ..PhotoStyle::clean()
    };
    let photo = f.path("tiny.jpg");
    std::fs::write(&photo, render_photo(&set.tapes[1], &tiny, 4).unwrap()).unwrap();
    let (code, listing) = f.verify_json(&[photo.as_path()]);
    assert_eq!(code, 2);
    let reason = &listing.tapes[0].reason;
    assert!(
        reason.contains("too small: ")
            && reason.contains("px per character")
            && reason.contains("move closer"),
        "{reason}"
    );
}

/// A long tape (40 choices, sample set 21) photographed in three parts with its QR code
/// smudged, under `dir/photos/` as `names` (in the tape's order), its keyring in
/// `dir/keyring.csv` with the root key in `dir/root.pub`: the photos' folder and the parts.
fn long_tape_in_parts(dir: &Path, names: &[&str; 3]) -> (std::path::PathBuf, Vec<Vec<u8>>) {
    let set = sample::sample_set(21, 1, 40);
    std::fs::write(dir.join("keyring.csv"), &set.keyring_csv).unwrap();
    let (root, signature) = set.keyring_authentication().unwrap();
    std::fs::write(dir.join("root.pub"), root).unwrap();
    std::fs::write(dir.join("keyring.csv.minisig"), signature).unwrap();
    let photos = dir.join("photos");
    std::fs::create_dir(&photos).unwrap();
    let smudged = PhotoStyle {
        smudge_qr: true,
        ..PhotoStyle::clean()
    };
    let parts = tally::photo::render_parts(&set.tapes[0], &smudged, 4, 3).unwrap();
    for (name, bytes) in names.iter().zip(&parts) {
        std::fs::write(photos.join(name), bytes).unwrap();
    }
    (photos, parts)
}

/// The listing a `tally verify --format json` run printed, and the run.
fn listing_of(cmd: &mut assert_cmd::Command) -> (std::process::Output, Listing) {
    let out = cmd.output().unwrap();
    let listing = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out, listing)
}

/// `--tape-parts`: the three photos of a long tape's parts (its QR code smudged) are one input,
/// found in the folder too but not read alone, proven by the signature, with every part's
/// file and hash in its provenance; a tape photo beside them is read as usual.
#[test]
#[cfg(feature = "ocr")]
fn a_tape_in_parts_is_one_input() {
    let dir = tempfile::tempdir().unwrap();
    let (photos, parts) =
        long_tape_in_parts(dir.path(), &["long-1.jpg", "long-2.jpg", "long-3.jpg"]);
    let names: Vec<std::path::PathBuf> = (1..=3)
        .map(|k| photos.join(format!("long-{k}.jpg")))
        .collect();
    let other = sample::sample_set(11, 1, 4);
    std::fs::write(
        photos.join("short.jpg"),
        render_photo(&other.tapes[0], &PhotoStyle::clean(), 1).unwrap(),
    )
    .unwrap();
    let (_, listing) = listing_of(
        crate::common::tally()
            .arg("verify")
            .arg(&photos)
            .arg("--keyring")
            .arg(dir.path().join("keyring.csv"))
            .arg("--root-key")
            .arg(dir.path().join("root.pub"))
            .arg("--no-cache")
            .arg("--tape-parts")
            .args(names.iter().rev())
            .args(["--format", "json"]),
    );
    assert_eq!(
        listing.tapes.len(),
        2,
        "the parts are one input, beside short.jpg"
    );
    let joined = listing
        .tapes
        .iter()
        .find(|t| t.path.ends_with("long-3.jpg"))
        .expect("named by the first part given");
    assert_eq!(
        joined.status,
        InputStatus::Tape(Status::Verified),
        "{}",
        joined.reason
    );
    let photo = joined.photo.as_ref().expect("provenance");
    let given: Vec<String> = names
        .iter()
        .rev()
        .map(|p| p.display().to_string())
        .collect();
    let listed: Vec<&str> = photo.parts.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(listed, given);
    for (part, bytes) in photo.parts.iter().zip(parts.iter().rev()) {
        use sha2::Digest as _;
        assert_eq!(part.sha256, hex::encode(sha2::Sha256::digest(bytes)));
    }
    // The short tape's photo (keyring of another set) is read, not joined.
    assert!(listing.tapes.iter().any(|t| t.path.ends_with("short.jpg")));
}

/// `tally review --tape-parts`: a tape photographed in two parts whose printed choice code
/// differs from the signed one (QR code smudged) is reviewed, proven by the signature and kept under
/// its parts' hashes together, so the next `verify --tape-parts` of the same photos reads it
/// as reviewed.
#[test]
#[cfg(feature = "ocr")]
fn review_proves_a_tape_photographed_in_parts() {
    let f = Fixture::new();
    let set = sample::sample_set(11, 2, 4);
    let truth = set.tapes[1].clone();
    // A choice code printed otherwise than signed: no correction search reaches it.
    let mut printed = truth.clone();
    printed.payload.choices.last_mut().unwrap().code += 222;
    let smudged = PhotoStyle {
        smudge_qr: true,
        ..PhotoStyle::clean()
    };
    let parts: Vec<std::path::PathBuf> = tally::photo::render_parts(&printed, &smudged, 3, 2)
        .unwrap()
        .iter()
        .enumerate()
        .map(|(k, bytes)| {
            let path = f.path(&format!("part-{k}.jpg"));
            std::fs::write(&path, bytes).unwrap();
            path
        })
        .collect();
    let verify = || {
        listing_of(
            crate::common::tally()
                .arg("verify")
                .args(f.keyring_args())
                .arg("--cache")
                .arg(f.path("cache"))
                .arg("--tape-parts")
                .args(&parts)
                .args(["--format", "json"]),
        )
        .1
    };
    let before = verify();
    assert!(
        !matches!(before.tapes[0].status, InputStatus::Tape(s) if s.figures_signed()),
        "{}",
        before.tapes[0].reason
    );
    let out = crate::common::tally()
        .arg("review")
        .args(f.keyring_args())
        .arg("--cache")
        .arg(f.path("cache"))
        .args(["--reviewer", "Tester", "--no-open", "--tape-parts"])
        .args(&parts)
        .write_stdin(Fixture::typed_answers(&truth))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("VERIFIED"), "{said}");
    let after = verify();
    let t = &after.tapes[0];
    assert_eq!(
        t.status,
        InputStatus::Tape(Status::Verified),
        "{}",
        t.reason
    );
    assert_eq!(t.source, Source::Reviewed);
    let info = t.photo.as_ref().expect("provenance");
    assert_eq!(info.review.as_ref().expect("the review").reviewer, "Tester");
    assert_eq!(info.parts.len(), 2, "both parts listed");
}

/// A part that is not a photo makes the tape unreadable, naming the part; one photo alone is
/// no tape in parts.
#[test]
fn tape_parts_that_cannot_be_read_say_which() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.jpg");
    let b = dir.path().join("b.txt");
    std::fs::write(
        &a,
        render_photo(
            &sample::sample_set(11, 1, 4).tapes[0],
            &PhotoStyle::clean(),
            1,
        )
        .unwrap(),
    )
    .unwrap();
    std::fs::write(&b, "not a photo").unwrap();
    let set = sample::sample_set(11, 1, 4);
    std::fs::write(dir.path().join("keyring.csv"), &set.keyring_csv).unwrap();
    let out = crate::common::tally()
        .args(["verify", "--no-cache", "--format", "json", "--keyring"])
        .arg(dir.path().join("keyring.csv"))
        .arg("--tape-parts")
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let listing: Listing = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listing.tapes.len(), 1);
    assert!(
        listing.tapes[0].reason.contains("b.txt"),
        "{}",
        listing.tapes[0].reason
    );
    assert!(
        listing.tapes[0].reason.contains("not a photo"),
        "{}",
        listing.tapes[0].reason
    );
    let one = crate::common::tally()
        .args(["verify", "--tape-parts"])
        .arg(&a)
        .output()
        .unwrap();
    assert_eq!(one.status.code(), Some(2), "clap refuses a single part");
}

/// Without `--tape-parts`, the parts of a long tape in a folder (its QR code smudged) are found
/// by their common lines and read as one proven tape; a photo that is no part stays as it was.
#[test]
#[cfg(feature = "ocr")]
fn tape_parts_in_a_folder_are_found_by_their_common_lines() {
    let dir = tempfile::tempdir().unwrap();
    // Named so that the folder's order (a, b, c) is not the tape's (c, a, b).
    let (photos, _) = long_tape_in_parts(dir.path(), &["c.jpg", "a.jpg", "b.jpg"]);
    image::GrayImage::from_pixel(320, 240, image::Luma([128]))
        .save(photos.join("d-not-a-tape.png"))
        .unwrap();
    // No root key: the keyring is not authenticated, so the join's status says so.
    let (out, listing) = listing_of(
        crate::common::tally()
            .arg("verify")
            .arg(&photos)
            .arg("--keyring")
            .arg(dir.path().join("keyring.csv"))
            .args(["--no-cache", "--format", "json"]),
    );
    assert_eq!(
        listing.tapes.len(),
        2,
        "three parts as one, and the other photo"
    );
    let joined = &listing.tapes[0];
    assert!(
        joined.path.ends_with("c.jpg"),
        "named by the top part: {}",
        joined.path
    );
    assert_eq!(
        joined.status,
        InputStatus::Tape(Status::KeyUnauthenticated),
        "{}",
        joined.reason
    );
    let photo = joined.photo.as_ref().expect("provenance");
    let listed: Vec<&str> = photo
        .parts
        .iter()
        .map(|p| p.path.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        listed,
        ["c.jpg", "a.jpg", "b.jpg"],
        "the parts in the tape's order"
    );
    assert_eq!(listing.tapes[1].status, InputStatus::Unreadable);
    assert_eq!(
        out.status.code(),
        Some(2),
        "the other photo is still unreadable"
    );
}

/// A shard whose readings cannot be kept (the cache "folder" is a file) did nothing the run
/// that joins the shards can use: it says why, and exits 2, never 0.
#[test]
fn a_shard_that_keeps_nothing_exits_2() {
    let f = Fixture::new();
    let not_a_folder = f.path("cache-is-a-file");
    std::fs::write(&not_a_folder, "x").unwrap();
    let out = crate::common::tally()
        .arg("verify")
        .arg(f.path("a-qr.jpg"))
        .args(f.keyring_args())
        .arg("--cache")
        .arg(&not_a_folder)
        .args(["--shard", "1/1", "--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("1 of 1 reading could not be kept")
            && stderr.contains("--shard 1/1: no reading could be kept"),
        "{stderr}"
    );
}

/// `--ocr-model FILE`: the smudged photo is read with the model named (here a copy of the
/// English model tesseract-ocr-eng installs), and the reading says which model, by its file
/// name and SHA-256; a file that is no `.traineddata` model is refused before any photo is
/// read (exit 2, naming the file).
#[test]
#[cfg(feature = "ocr")]
fn ocr_model_reads_with_the_model_named_and_says_so() {
    use sha2::Digest as _;
    let f = Fixture::new();
    let installed = std::path::Path::new("/usr/share/tesseract-ocr/5/tessdata/eng.traineddata");
    let bytes = std::fs::read(installed)
        .expect("tesseract-ocr-eng installs the English model (scripts/install-deps.sh)");
    let models = f.path("models");
    std::fs::create_dir(&models).unwrap();
    let model = models.join("eng.traineddata");
    std::fs::write(&model, &bytes).unwrap();
    let photo = f.path("b-smudged.jpg");
    let model_arg = model.display().to_string();
    let (code, listing) = f.verify_json_with(&[photo.as_path()], &["--ocr-model", &model_arg], &[]);
    let t = &listing.tapes[0];
    assert_eq!(code, 0, "{}", t.reason);
    let engine = &t.photo.as_ref().expect("provenance").engine;
    let sha = hex::encode(sha2::Sha256::digest(&bytes));
    assert!(
        engine.starts_with("tesseract ")
            && engine.ends_with(&format!("model eng.traineddata sha256:{sha}")),
        "{engine}"
    );
    // Without it, the default model; the cached reading made with the file is not used.
    let (_, listing) = f.verify_json(&[photo.as_path()]);
    let engine = &listing.tapes[0].photo.as_ref().expect("provenance").engine;
    assert!(engine.ends_with("model eng"), "{engine}");
    let not_a_model = f.path("model.txt");
    std::fs::write(&not_a_model, "not a model").unwrap();
    let out = crate::common::tally()
        .arg("verify")
        .arg(&photo)
        .args(f.keyring_args())
        .arg("--no-cache")
        .arg("--ocr-model")
        .arg(&not_a_model)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("model.txt") && said.contains(".traineddata"),
        "{said}"
    );
}
