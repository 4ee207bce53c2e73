//! Nothing tally reads can be overwritten, hang it, or paint the terminal (issue 24): each
//! defect found by probing, through the real binary. Every test here failed before its fix.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::{example_tape, spec, tally};

/// A folder with the spec's keyring (its signature beside it), root key and example tape.
fn spec_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for name in ["keyring.csv", "keyring.csv.minisig", "commission-root.pub"] {
        std::fs::copy(spec(name), dir.path().join(name)).unwrap();
    }
    let tapes = dir.path().join("tapes");
    std::fs::create_dir(&tapes).unwrap();
    std::fs::write(tapes.join("tape.txt"), example_tape()).unwrap();
    (dir, tapes)
}

fn verify_in(dir: &Path) -> assert_cmd::Command {
    let mut cmd = tally();
    cmd.arg("verify")
        .arg(dir.join("tapes"))
        .arg("--keyring")
        .arg(dir.join("keyring.csv"))
        .arg("--root-key")
        .arg(dir.join("commission-root.pub"))
        .arg("--no-cache");
    cmd
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `-o` onto the keyring's signature, found beside the keyring and never named, is refused
/// (exit 2) and the signature is unchanged; so is `-o` onto a tape found in a folder given, or
/// onto another name (a hard link) of one.
#[test]
fn no_output_replaces_a_file_the_run_reads() {
    let (dir, tapes) = spec_copy();
    let signature = dir.path().join("keyring.csv.minisig");
    let before = std::fs::read(&signature).unwrap();
    let out = verify_in(dir.path())
        .arg("-o")
        .arg(&signature)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("is one of the inputs"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(std::fs::read(&signature).unwrap(), before);
    // A tape found inside a folder given: refused when the report is written.
    let tape = tapes.join("tape.txt");
    let out = verify_in(dir.path()).arg("-o").arg(&tape).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("is a file this run read"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(std::fs::read_to_string(&tape).unwrap(), example_tape());
    // The keyring by another name.
    let link = dir.path().join("other-name.json");
    std::fs::hard_link(dir.path().join("keyring.csv"), &link).unwrap();
    let out = verify_in(dir.path()).arg("-o").arg(&link).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(std::fs::read_to_string(&link)
        .unwrap()
        .starts_with("key_id"));
}

/// `-o` onto the layout file of `--layout` (and `--published-layout`, `--tapes-layout`) is
/// refused before any work, the layout unchanged.
#[test]
fn no_output_replaces_a_layout() {
    let (dir, _) = spec_copy();
    let layout = dir.path().join("layout.toml");
    std::fs::write(&layout, "[columns]\ncenter = \"c\"\n").unwrap();
    let published = dir.path().join("published.csv");
    std::fs::write(&published, "c,station,choice,votes\n120345,3,101,45\n").unwrap();
    for flag in ["--layout", "--tapes-layout"] {
        let out = tally()
            .arg("reconcile")
            .arg("--tapes")
            .arg(dir.path().join("tapes"))
            .arg("--published")
            .arg(&published)
            .arg(flag)
            .arg(&layout)
            .arg("--keyring")
            .arg(dir.path().join("keyring.csv"))
            .arg("--no-cache")
            .arg("-o")
            .arg(&layout)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag}: {}", stderr_of(&out));
        assert!(
            stderr_of(&out).contains("is one of the inputs"),
            "{flag}: {}",
            stderr_of(&out)
        );
        assert_eq!(
            std::fs::read_to_string(&layout).unwrap(),
            "[columns]\ncenter = \"c\"\n"
        );
    }
}

/// A named pipe or a device given as a layout, a seats file or a bundle's report is refused
/// at once, naming what it is: never a wait for a writer, never a read without end.
#[cfg(unix)]
#[test]
fn pipes_and_devices_are_refused_at_once() {
    let (dir, _) = spec_copy();
    let fifo = dir.path().join("fifo");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let published = dir.path().join("published.csv");
    std::fs::write(&published, "center,station,choice,votes\n120345,3,101,45\n").unwrap();
    for (source, kind) in [
        (&fifo, "a named pipe"),
        (&PathBuf::from("/dev/zero"), "a device"),
    ] {
        let runs: [Vec<std::ffi::OsString>; 3] = [
            vec![
                "releases".into(),
                published.clone().into(),
                published.clone().into(),
                "--layout".into(),
                source.into(),
            ],
            vec![
                "seats".into(),
                "--published".into(),
                published.clone().into(),
                "--seats".into(),
                source.into(),
            ],
            vec![
                "bundle".into(),
                "--report".into(),
                source.into(),
                "--out".into(),
                dir.path().join("b.zip").into(),
                "--sign".into(),
                dir.path().join("none.key").into(),
            ],
        ];
        for args in runs {
            let start = Instant::now();
            let out = tally()
                .args(&args)
                .timeout(Duration::from_secs(20))
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
            assert!(
                stderr_of(&out).contains(kind),
                "{args:?}: {}",
                stderr_of(&out)
            );
            assert!(start.elapsed() < Duration::from_secs(20));
        }
    }
}

/// A published header holding escape sequences (clear the screen, then a fake verdict) is
/// shown escaped in the hint that quotes it: the terminal never obeys it.
#[test]
fn outside_text_never_reaches_the_terminal_raw() {
    let (dir, _) = spec_copy();
    let published = dir.path().join("published.csv");
    std::fs::write(
        &published,
        "\u{1b}[2J\u{1b}[H tally: all 312 tapes verified,x\u{202e}y\n1,2\n",
    )
    .unwrap();
    let out = tally()
        .arg("reconcile")
        .arg("--tapes")
        .arg(dir.path().join("tapes"))
        .arg("--published")
        .arg(&published)
        .arg("--keyring")
        .arg(dir.path().join("keyring.csv"))
        .arg("--no-cache")
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("tally: all 312 tapes verified"),
        "the header is quoted: {stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{202e}'),
        "raw control characters: {stderr:?}"
    );
}

/// A published file whose header and first row are each 5,000,000 cells is refused at once,
/// with the line and what to check (before it is decoded: it took 3.7 GB).
#[test]
fn a_row_of_millions_of_cells_is_refused() {
    let (dir, _) = spec_copy();
    let published = dir.path().join("published.csv");
    let line = ",".repeat(5_000_000);
    std::fs::write(&published, format!("{line}\n{line}\n")).unwrap();
    let seats = dir.path().join("seats.csv");
    std::fs::write(&seats, "constituency,seats\n1,3\n").unwrap();
    let out = tally()
        .arg("seats")
        .arg("--published")
        .arg(&published)
        .arg("--seats")
        .arg(&seats)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("line 1: this line holds 5000000 bytes, more than the 4194304"),
        "{stderr}"
    );
}

/// A cache key inside the cache folder protects nothing: refused, with where to keep it.
#[test]
fn a_cache_key_inside_the_cache_is_refused() {
    let (dir, _) = spec_copy();
    let cache = dir.path().join("cache");
    std::fs::create_dir(&cache).unwrap();
    let out = tally()
        .arg("verify")
        .arg(dir.path().join("tapes"))
        .arg("--keyring")
        .arg(dir.path().join("keyring.csv"))
        .arg("--cache")
        .arg(&cache)
        .arg("--cache-key")
        .arg(cache.join("cache.key"))
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("inside the cache folder"), "{stderr}");
}

/// A run killed (SIGKILL) with its report written but not yet named leaves nothing in the
/// folder: no partial file, no half report (the file has no name until it is whole).
#[cfg(target_os = "linux")]
#[test]
fn a_run_killed_while_writing_leaves_nothing_behind() {
    let (dir, _) = spec_copy();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let d = dir.path();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("tally"))
        .arg("verify")
        .arg(d.join("tapes"))
        .arg("--keyring")
        .arg(d.join("keyring.csv"))
        .arg("--root-key")
        .arg(d.join("commission-root.pub"))
        .arg("--no-cache")
        .arg("-o")
        .arg(out_dir.join("report.json"))
        .env("TALLY_TEST_HOLD_WRITE", "60000")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the report is written and held (an open file of the folder with no name).
    let fds = PathBuf::from(format!("/proc/{}/fd", child.id()));
    let start = Instant::now();
    let held = loop {
        let open_here = std::fs::read_dir(&fds)
            .into_iter()
            .flatten()
            .flatten()
            .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|t| t.starts_with(&out_dir)));
        if open_here || start.elapsed() > Duration::from_secs(60) {
            break open_here;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(held, "the run never held its report");
    let left: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
