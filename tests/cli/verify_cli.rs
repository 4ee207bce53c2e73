//! `tally verify` and `tally read` through the real binary: statuses, exit codes, the JSON
//! contract (strict deserialisation), bad input.

use crate::common::{example_tape, spec, tally, verify_with_keyring, with_spec_keyring};
use predicates::str::contains;
use tally::report::listing::{InputStatus, Listing};
use tally::verify::Status;

fn json_listing(cmd: &mut assert_cmd::Command) -> (Listing, i32) {
    let out = cmd.args(["--format", "json"]).output().unwrap();
    let listing: Listing = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (listing, out.status.code().unwrap())
}

#[test]
fn example_tape_and_qr_text_verify() {
    let (listing, code) = json_listing(
        verify_with_keyring()
            .arg(spec("tape-120345-3.txt"))
            .arg(spec("tape-120345-3.qr.txt")),
    );
    assert_eq!(code, 0);
    assert_eq!(listing.schema_version, 2);
    assert!(listing.keyring.as_ref().unwrap().authenticated);
    assert_eq!(listing.tapes.len(), 2);
    for t in &listing.tapes {
        assert_eq!(t.status, InputStatus::Tape(Status::Verified), "{t:?}");
        assert_eq!(
            t.payload.as_deref(),
            Some(
                std::fs::read_to_string(spec("tape-120345-3.payload"))
                    .unwrap()
                    .as_str()
            )
        );
        assert_eq!(t.station.unwrap().center, 120345);
    }
    assert_eq!(listing.tapes[0].source, tally::source::Source::Typed);
    assert_eq!(listing.tapes[1].source, tally::source::Source::QrText);
    assert_eq!(listing.summary.by_status.get("verified"), Some(&2));
}

#[test]
fn json_refuses_unknown_fields() {
    let out = verify_with_keyring()
        .arg(spec("tape-120345-3.txt"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    let mut value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    value["tapes"][0]["surprise"] = serde_json::json!(1);
    assert!(serde_json::from_value::<Listing>(value).is_err());
}

#[test]
fn tampered_unsigned_and_junk_get_their_statuses_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let tape = example_tape();
    std::fs::write(
        dir.path().join("a-tampered.txt"),
        tape.replace(
            "HUDA N. KAREEM                 151",
            "HUDA N. KAREEM                 152",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b-unsigned.txt"),
        tape.split("SIGNATURE").next().unwrap(),
    )
    .unwrap();
    std::fs::write(dir.path().join("c-empty.txt"), "").unwrap();
    std::fs::write(dir.path().join("d-binary.bin"), [0u8, 159, 146, 150, 1, 2]).unwrap();
    std::fs::write(
        dir.path().join("e-latin1.txt"),
        b"ELECTION IQ\nCENTER 12\xe9\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("f-good.txt"), &tape).unwrap();
    std::fs::write(
        dir.path().join("g-sigtypo.txt"),
        tape.replace("SIG3 4C5A5 NZY54", "SIG3 4C5A5 NZY55"),
    )
    .unwrap();
    let big = std::fs::File::create(dir.path().join("h-huge.txt")).unwrap();
    big.set_len(1 << 30).unwrap();
    std::fs::write(
        dir.path().join("i-photo.jpg"),
        b"\xFF\xD8\xFF\xE0 not really",
    )
    .unwrap();
    let (listing, code) = json_listing(verify_with_keyring().arg(dir.path()));
    assert_eq!(code, 2, "unreadable inputs make the run incomplete");
    let statuses: Vec<&str> = listing.tapes.iter().map(|t| t.status.as_str()).collect();
    assert_eq!(
        statuses,
        [
            "bad-signature",
            "unsigned",
            "unreadable",
            "unreadable",
            "unreadable",
            "verified",
            "unreadable-signature",
            "unreadable",
            "unreadable"
        ]
    );
    let reason = |i: usize| listing.tapes[i].reason.clone();
    assert!(reason(2).contains("not a tape"), "{}", reason(2));
    assert!(reason(3).contains("binary"), "{}", reason(3));
    assert!(
        reason(4).contains("not UTF-8") && listing.tapes[4].line == Some(2),
        "{}",
        reason(4)
    );
    assert!(
        reason(6).contains("line SIG3 has a typing or reading error")
            && listing.tapes[6].line == Some(27),
        "{}",
        reason(6)
    );
    assert!(reason(7).contains("too large"), "{}", reason(7));
    assert!(reason(8).contains("JPEG"), "{}", reason(8));
    assert!(listing
        .tapes
        .iter()
        .all(|t| t.path.starts_with(dir.path().to_str().unwrap())));
}

#[test]
fn findings_without_unreadable_inputs_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.txt");
    std::fs::write(&path, example_tape().split("SIGNATURE").next().unwrap()).unwrap();
    verify_with_keyring()
        .arg(&path)
        .assert()
        .code(1)
        .stdout(contains("unsigned"));
}

#[test]
fn malformed_tapes_name_file_line_and_fix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.txt");
    std::fs::write(
        &path,
        example_tape().replace(
            "VOTERS                               301",
            "VOTERS   three hundred",
        ),
    )
    .unwrap();
    verify_with_keyring()
        .arg(&path)
        .assert()
        .code(2)
        .stdout(contains("bad.txt"))
        .stdout(contains("line 13"))
        .stdout(contains("VOTERS"));
    tally()
        .args(["read"])
        .arg(&path)
        .assert()
        .code(2)
        .stdout(contains("line 13"));
}

#[test]
fn keyring_problems_stop_before_any_verdict() {
    verify_with_keyring()
        .arg(spec("tape-120345-3.txt"))
        .arg("--keyring-sig")
        .arg(spec("commission-root.pub"))
        .assert()
        .code(2)
        .stderr(contains("not a minisign signature"));
    let dir = tempfile::tempdir().unwrap();
    let keyring = dir.path().join("keyring.csv");
    let text = std::fs::read_to_string(spec("keyring.csv")).unwrap();
    std::fs::write(
        &keyring,
        format!(
            "{text}X1,0100000000000000000000000000000000000000000000000000000000000000,,,,,,\n"
        ),
    )
    .unwrap();
    tally()
        .arg("verify")
        .arg(spec("tape-120345-3.txt"))
        .arg("--keyring")
        .arg(&keyring)
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("small-order"))
        .stderr(contains("keyring.csv:4"));
    tally()
        .arg("verify")
        .arg(spec("tape-120345-3.txt"))
        .assert()
        .code(2)
        .stderr(contains("--keyring"));
}

/// A signature that holds against a keyring nobody authenticated proves nothing: its own
/// status, not `verified`, and exit 1.
#[test]
fn unauthenticated_keyring_is_loud() {
    tally()
        .arg("verify")
        .arg(spec("tape-120345-3.txt"))
        .arg("--keyring")
        .arg(spec("keyring.csv"))
        .assert()
        .code(1)
        .stderr(contains("NOT AUTHENTICATED"))
        .stdout(contains("NOT AUTHENTICATED"))
        .stdout(contains("key-unauthenticated"));
    let (listing, code) = json_listing(
        tally()
            .arg("verify")
            .arg(spec("tape-120345-3.txt"))
            .arg("--keyring")
            .arg(spec("keyring.csv")),
    );
    assert_eq!(code, 1);
    assert_eq!(
        listing.tapes[0].status.as_str(),
        "key-unauthenticated",
        "{}",
        listing.tapes[0].reason
    );
    assert_eq!(listing.summary.by_status.get("verified"), None);
}

#[test]
fn read_shows_where_each_value_came_from() {
    tally()
        .arg("read")
        .arg(spec("tape-120345-3.txt"))
        .assert()
        .code(0)
        .stdout(contains("HUDA N. KAREEM"))
        .stdout(contains("no keyring given"));
    let (listing, code) = json_listing(tally().arg("read").arg(spec("tape-120345-3.txt")));
    assert_eq!(code, 0);
    let voters = listing.tapes[0]
        .origin
        .iter()
        .find(|o| o.field == "voters")
        .unwrap();
    assert_eq!(voters.line, 13);
    assert_eq!(
        listing.tapes[0].status,
        InputStatus::Tape(Status::UnknownKey)
    );
}

#[test]
fn missing_path_is_reported_not_dropped() {
    let (listing, code) = json_listing(
        verify_with_keyring()
            .arg(spec("tape-120345-3.txt"))
            .arg("/no/such/tape.txt"),
    );
    assert_eq!(code, 2);
    assert_eq!(listing.tapes.len(), 2);
    assert!(listing.tapes[1].reason.contains("no such file"));
}

#[test]
fn csv_output_and_atomic_file_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.csv");
    verify_with_keyring()
        .arg(spec("tape-120345-3.txt"))
        .args(["--format", "csv", "-o"])
        .arg(&out)
        .assert()
        .code(0)
        .stdout("");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("path,sha256,status,center,station"));
    assert!(text.contains(",verified,120345,3,RTS-0A1B2C,typed,"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left behind"
    );
}

#[test]
fn hostile_file_names_are_escaped_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tape\u{1b}[31m\u{202e}.txt");
    std::fs::write(&path, example_tape()).unwrap();
    let out = verify_with_keyring().arg(&path).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains('\u{1b}') && !stdout.contains('\u{202e}'));
    assert!(stdout.contains("tape␛[31m‹U+202E›.txt"), "{stdout}");
}

#[test]
fn help_and_version() {
    tally()
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("Exit status"));
    // The version says which of the features needing C libraries the build has.
    let features = tally::cli::features();
    tally()
        .arg("--version")
        .assert()
        .success()
        .stdout(contains(env!("CARGO_PKG_VERSION")))
        .stdout(contains(if features.is_empty() {
            "features: none, pure Rust".to_string()
        } else {
            format!("features: {}", features.join(", "))
        }));
    assert_eq!(
        features.len(),
        [
            cfg!(feature = "ocr"),
            cfg!(feature = "heic"),
            cfg!(feature = "zbar")
        ]
        .iter()
        .filter(|on| **on)
        .count()
    );
    tally()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(contains("_tally"));
    tally().arg("verify").assert().code(2);
}

#[test]
fn output_to_a_device_or_pipe_writes_through_it() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = std::thread::spawn({
        let fifo = fifo.clone();
        move || std::fs::read_to_string(fifo).unwrap()
    });
    verify_with_keyring()
        .arg(spec("tape-120345-3.txt"))
        .args(["--format", "csv", "-o"])
        .arg(&fifo)
        .assert()
        .code(0);
    assert!(reader.join().unwrap().contains(",verified,"));
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(
        !meta.is_file(),
        "the named pipe is still a pipe, not replaced by a file"
    );
    verify_with_keyring()
        .arg(spec("tape-120345-3.txt"))
        .args(["-o", "/dev/null"])
        .assert()
        .code(0);
    assert!(
        !std::fs::metadata("/dev/null").unwrap().is_file(),
        "/dev/null is still a device"
    );
}

/// A folder with no file in it is not a clean run: exit 2, naming it, for every command that
/// reads tapes. `tally read` exits 1 when a tape does not verify, as its man page says.
#[test]
fn an_empty_folder_is_no_tape_found_and_read_exits_1_on_findings() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    verify_with_keyring()
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(contains("no tape found in"));
    tally()
        .arg("read")
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(contains("no tape found in"));
    tally()
        .args(["reconcile", "--tapes"])
        .arg(&empty)
        .arg("--published")
        .arg(crate::common::spec("keyring.csv"))
        .assert()
        .code(2)
        .stderr(contains("no tape found in"));
    let unsigned = dir.path().join("unsigned.txt");
    std::fs::write(&unsigned, example_tape().split("SIGNATURE").next().unwrap()).unwrap();
    with_spec_keyring("read").arg(&unsigned).assert().code(1);
    with_spec_keyring("read")
        .arg(spec("tape-120345-3.txt"))
        .assert()
        .code(0);
}

/// `-o FILE` without `--format` writes the format its extension names; a contradiction is
/// refused with the fix; what was written is said on stderr.
#[test]
fn the_output_file_name_chooses_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("v.json");
    verify_with_keyring()
        .arg(spec("tape-120345-3.txt"))
        .arg("-o")
        .arg(&json)
        .assert()
        .success()
        .stderr(contains("v.json: 1 input, 1 verified"));
    let listing: Listing = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(listing.tapes.len(), 1);
    verify_with_keyring()
        .arg(spec("tape-120345-3.txt"))
        .args(["--format", "csv", "-o"])
        .arg(dir.path().join("v.json"))
        .assert()
        .code(2)
        .stderr(contains("names a json file but --format is csv"));
    let html = dir.path().join("r.html");
    let published = dir.path().join("p.csv");
    std::fs::write(
        &published,
        "center,station,registered,voters,ballots,invalid,valid,101,102,103,117,230\n\
         120345,3,512,301,301,7,294,45,12,0,152,86\n",
    )
    .unwrap();
    with_spec_keyring("reconcile")
        .arg("--tapes")
        .arg(spec("tape-120345-3.txt"))
        .arg("--published")
        .arg(&published)
        .arg("-o")
        .arg(&html)
        .assert()
        .code(1)
        .stderr(contains(
            "r.html: 1 station proven to differ, 1 with findings",
        ));
    assert!(std::fs::read_to_string(&html).unwrap().contains("<html"));
}

/// Problems come first in the table (numbered in input order) and `--problems` shows only
/// them; JSON keeps every input. (That a path is never broken inside a name, however narrow
/// the terminal, is `report::style`'s unit test: piped output is not wrapped at all.)
#[test]
fn problems_first_and_only_with_problems() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir
        .path()
        .join("a-folder-with-a-rather-long-name-for-a-governorate")
        .join("and-a-district-folder-too");
    std::fs::create_dir_all(&long).unwrap();
    let good = long.join("a-good-tape-120345-3.txt");
    std::fs::write(&good, example_tape()).unwrap();
    let bad = long.join("z-not-a-tape.txt");
    std::fs::write(&bad, "hello\n").unwrap();
    let table = |extra: &[&str]| {
        let out = with_spec_keyring("verify")
            .arg(dir.path())
            .args(extra)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).to_string(),
        )
    };
    let (code, text) = table(&[]);
    assert_eq!(code, 2, "{text}");
    let (first, second) = (
        text.find("z-not-a-tape").unwrap(),
        text.find("a-good-tape").unwrap(),
    );
    assert!(first < second, "the problem comes first: {text}");
    assert!(
        text.contains(&bad.display().to_string()),
        "never broken: {text}"
    );
    let (code, text) = table(&["--problems"]);
    assert_eq!(code, 2, "the exit status still counts every input");
    assert!(
        text.contains("z-not-a-tape") && !text.contains("a-good-tape"),
        "{text}"
    );
    let (listing, _) = json_listing(
        with_spec_keyring("verify")
            .arg(dir.path())
            .arg("--problems"),
    );
    assert_eq!(listing.tapes.len(), 2, "JSON lists every input");
}

/// On a terminal that reports no size (`stty cols 0 rows 0`, as some CI terminals do) the table
/// is laid out to 80 columns, with the station and status never broken, and a path too long for
/// its column folded after a `/`, never squeezing the reason to a letter a line.
#[test]
fn a_terminal_of_no_width_gets_80_columns() {
    if !crate::common::outside_tool("script", "--version") {
        return;
    }
    let tally = env!("CARGO_BIN_EXE_tally");
    let dir = tempfile::tempdir().unwrap();
    let deep = dir
        .path()
        .join("governorate-of-baghdad-karkh")
        .join("karkh-photos");
    std::fs::create_dir_all(&deep).unwrap();
    let tape = deep.join("tape-120345-3.txt");
    std::fs::copy(spec("tape-120345-3.txt"), &tape).unwrap();
    let command = format!(
        "stty cols 0 rows 0; {tally} verify {} --keyring {} --root-key {} --color never",
        tape.display(),
        spec("keyring.csv").display(),
        spec("commission-root.pub").display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let table: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with(['┌', '│', '╞', '└']))
        .collect();
    assert!(!table.is_empty(), "{text}");
    for line in &table {
        assert!(line.chars().count() <= 80, "wider than 80 columns: {line}");
    }
    // The reason keeps room for words: the first row is a few lines, not one per letter.
    assert!(table.len() < 12, "{}", table.join("\n"));
    let table = table.join("\n");
    for whole in ["tape-120345-3.txt", "karkh-photos/", "120345-3", "verified"] {
        assert!(table.contains(whole), "{whole} broken: {table}");
    }
}
