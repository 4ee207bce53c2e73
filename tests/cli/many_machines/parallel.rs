//! The GNU parallel recipe, `examples/parallel/read-sharded.sh`: shares read by local jobs into
//! one cache, one merge run that reads no photo again, its exit status, and its refusals. GNU
//! parallel is an outside tool (`make test` installs it): missing, these tests skip with a
//! note, or fail where `CI` is set.

use std::path::Path;
use std::process::{Command, Output};

use tally::report::listing::InputStatus;
use tally::report::reconcile::model::{InputKind, ReconcileReport};
use tally::source::Source;
use tally::verify::Status;

use super::{files_under, readings, repo, shares, text};
use crate::common::outside_tool;

/// `find DIR -type f -printf FORMAT`: each file's path, inode, size and time of change. A file
/// written again (the cache writes by a temporary file and a rename) changes its line.
const FIND_FORMAT: &str = r"%P %i %s %T@\n";

fn cache_files(cache: &Path) -> Vec<String> {
    let out = Command::new("find")
        .arg(cache)
        .args(["-type", "f", "-printf", FIND_FORMAT])
        .output()
        .unwrap();
    assert!(out.status.success());
    sorted_lines(&String::from_utf8(out.stdout).unwrap())
}

fn sorted_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines.sort();
    lines
}

/// Writes an executable shell script.
fn script(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// `examples/parallel/read-sharded.sh ARGS` in `dir`, with `TALLY` set to `tally`.
fn read_sharded(dir: &Path, tally: &Path, args: &[&str]) -> Output {
    Command::new("bash")
        .arg(repo("examples/parallel/read-sharded.sh"))
        .args(args)
        .env("TALLY", tally)
        .env("OUT", "out")
        .env_remove("PUBLISHED")
        .env_remove("REPORT")
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
#[cfg(feature = "ocr")]
fn recipe_reads_each_photo_once_and_merges_from_the_cache() {
    if !outside_tool("parallel", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Seed 5's eight careful photos: QR codes, two smudged ones read by OCR, and a bad
    // signature.
    crate::common::tally()
        .current_dir(d)
        .args([
            "simulate",
            "--out",
            "sim",
            "--stations",
            "8",
            "--choices",
            "3",
        ])
        .args(["--seed", "5", "--photos", "--photo-style", "phone"])
        .assert()
        .success();
    // tally, watched: each run is logged; the merge run (the one without --shard) first notes
    // the cache's files, and has no OCR language data, so only the cache can give an OCR
    // reading back.
    let (log, snapshot, cache) = (
        d.join("runs.log"),
        d.join("before-merge"),
        d.join("photo cache"),
    );
    let watched = d.join("tally-watched");
    script(
        &watched,
        &format!(
            r#"#!/bin/sh
case " $* " in
  *" --shard "*) echo "shard $*" >> '{log}'; exec '{tally}' "$@" ;;
esac
find '{cache}' -type f -printf '{FIND_FORMAT}' > '{snapshot}'
TESSDATA_PREFIX=/nonexistent '{tally}' "$@"
status=$?
echo "merge $status" >> '{log}'
exit $status
"#,
            log = log.display(),
            tally = assert_cmd::cargo::cargo_bin("tally").display(),
            cache = cache.display(),
            snapshot = snapshot.display(),
        ),
    );
    let keys = ["--keyring", "sim/keyring.csv"];
    let root = ["--root-key", "sim/commission-root.pub"];
    let started = std::time::Instant::now();
    let out = read_sharded(
        d,
        &watched,
        &[&["sim/photos", "photo cache", "3"][..], &keys, &root].concat(),
    );
    eprintln!("recipe: 3 jobs over 8 photos in {:.1?}", started.elapsed());
    let stderr = text(&out.stderr);

    // Three jobs, one per share, then one merge run whose exit status is the recipe's.
    let runs = std::fs::read_to_string(&log).unwrap();
    for k in 1..=3 {
        let share = format!("--shard {k}/3 ");
        assert_eq!(
            runs.matches(&share).count(),
            1,
            "{share}in\n{runs}\n{stderr}"
        );
    }
    let merges: Vec<&str> = runs.lines().filter(|l| l.starts_with("merge")).collect();
    assert_eq!(runs.lines().count(), 4, "{runs}");
    assert_eq!(
        merges,
        [format!("merge {}", out.status.code().unwrap())],
        "{stderr}"
    );

    // Every photo read by exactly one share, and each share read some.
    let read = shares(&d.join("out"), 3, true);
    let photos = files_under(d, "sim/photos");
    assert_eq!(read.keys().cloned().collect::<Vec<_>>(), photos, "{stderr}");

    // The merge gave every reading back as the shares read it, OCR readings included, though it
    // could not run OCR: from the cache, which it did not write to (a photo read again would
    // have been written again).
    let merged = readings(&d.join("out/verify.json"));
    assert_eq!(merged, read, "{stderr}");
    assert!(
        merged
            .values()
            .any(|(_, s)| matches!(s, Source::Ocr | Source::OcrCorrected)),
        "no OCR reading: the merge without language data proves nothing"
    );
    let before = sorted_lines(&std::fs::read_to_string(&snapshot).unwrap());
    assert_eq!(
        before.len(),
        photos.len(),
        "one cache entry per photo: {before:?}"
    );
    assert_eq!(cache_files(&cache), before, "the merge wrote to the cache");

    // Findings (the bad signature) make the recipe's exit status 1.
    assert!(merged
        .values()
        .any(|(s, _)| *s == InputStatus::Tape(Status::BadSignature)));
    assert_eq!(out.status.code(), Some(1), "{stderr}");
}

#[test]
fn recipe_stops_before_the_merge_when_a_share_fails_hard() {
    if !outside_tool("parallel", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    crate::common::simulated_election(d, 12, 3, 2);
    // Share 2's job is killed before it writes anything; an earlier run's listing of share 2
    // must not pass for this run's.
    let killed = d.join("tally-killed");
    script(
        &killed,
        &format!(
            "#!/bin/sh\ncase \" $* \" in *\" --shard 2/3 \"*) kill -9 $$ ;; esac\nexec '{}' \"$@\"\n",
            assert_cmd::cargo::cargo_bin("tally").display()
        ),
    );
    std::fs::create_dir(d.join("out")).unwrap();
    std::fs::write(d.join("out/shard-2-of-3.json"), "{}").unwrap();
    let keys = [
        "--keyring",
        "sim/keyring.csv",
        "--root-key",
        "sim/commission-root.pub",
    ];
    let out = read_sharded(
        d,
        &killed,
        &[&["sim/tapes", "cache", "3"][..], &keys].concat(),
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("share(s) 2 of 3 failed"), "{stderr}");
    assert!(!d.join("out/shard-2-of-3.json").exists());
    assert!(d.join("out/shard-1-of-3.json").exists() && d.join("out/shard-3-of-3.json").exists());
    assert!(
        !d.join("out/verify.json").exists(),
        "no merge after a failed share"
    );
}

#[test]
fn recipe_reconciles_when_given_the_published_results() {
    if !outside_tool("parallel", "--version") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    crate::common::simulated_election(d, 10, 3, 4);
    let out = Command::new("bash")
        .arg(repo("examples/parallel/read-sharded.sh"))
        .args(["sim/tapes", "cache", "2", "--keyring", "sim/keyring.csv"])
        .args(["--root-key", "sim/commission-root.pub"])
        .env("TALLY", assert_cmd::cargo::cargo_bin("tally"))
        .env("PUBLISHED", "sim/published.csv")
        .env("REPORT", "reconciled.json")
        .env_remove("OUT")
        .current_dir(d)
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    let read = shares(&d.join("sharded"), 2, true);
    assert_eq!(
        read.keys().cloned().collect::<Vec<_>>(),
        files_under(d, "sim/tapes")
    );
    let report: ReconcileReport =
        serde_json::from_slice(&std::fs::read(d.join("reconciled.json")).unwrap())
            .unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let tapes: Vec<&str> = report
        .inputs
        .iter()
        .filter(|i| i.kind == InputKind::Tape)
        .map(|i| i.path.as_str())
        .collect();
    assert_eq!(tapes, read.keys().map(String::as_str).collect::<Vec<_>>());
    assert!(!report.stations.is_empty());
    // The simulated election's discrepancies are findings: exit 1, as reconcile's.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
}

#[test]
fn recipe_refuses_bad_arguments_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("photos")).unwrap();
    std::fs::write(d.join("a-file"), "").unwrap();
    let tally = assert_cmd::cargo::cargo_bin("tally");
    let cases: &[(&[&str], &str)] = &[
        (
            &["photos", "cache"],
            "expected a photos folder, a cache folder and a number of jobs",
        ),
        (
            &["photos", "cache", "0"],
            "JOBS must be a whole number of jobs, 1 or more, not \"0\"",
        ),
        (&["photos", "cache", "three"], "not \"three\""),
        (&["missing", "cache", "2"], "missing is not a folder"),
        (
            &["photos", "a-file", "2"],
            "the cache a-file exists and is not a folder",
        ),
        (
            &["photos", "cache", "2", "--shard", "1/2"],
            "--shard is this script's to set",
        ),
        (
            &["photos", "cache", "2", "--no-cache"],
            "--no-cache is this script's to set",
        ),
        (
            &["photos", "cache", "2", "-o", "x.json"],
            "-o is this script's to set",
        ),
        (
            &["photos", "cache", "2", "--format=csv"],
            "--format=csv is this script's to set",
        ),
        (
            &["photos", "cache", "2", "--published", "p.csv"],
            "give the published results as PUBLISHED=FILE",
        ),
    ];
    for (args, reason) in cases {
        let out = read_sharded(d, &tally, args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(reason), "{args:?}: {stderr}");
    }
    let out = read_sharded(d, Path::new("no-such-tally"), &["photos", "cache", "2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no-such-tally not found: put tally on PATH, or set TALLY"));
    assert!(
        !d.join("cache").exists() && !d.join("out").exists(),
        "nothing made on refusal"
    );
}
