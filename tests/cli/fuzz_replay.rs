//! Every input the fuzzers found a crash, hang or memory blow-up with (`fuzz/regressions/`),
//! and every seed (`fuzz/seeds/`), fed again to its target's entry point in
//! `tally::fuzzing`: none may panic, and each must finish well within a bound. Runs on the
//! stable toolchain, without libFuzzer: this is how a fixed fuzz finding stays fixed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A target's name (its folder under `fuzz/regressions/` and `fuzz/seeds/`) and entry point.
type Target = (&'static str, fn(&[u8]));

/// Every fuzz target.
const TARGETS: [Target; 12] = [
    ("tape_text", tally::fuzzing::tape_text),
    ("qr_payload", tally::fuzzing::qr_payload),
    ("published", tally::fuzzing::published),
    ("layout", tally::fuzzing::layout),
    ("keyring", tally::fuzzing::keyring),
    ("bundle", tally::fuzzing::bundle),
    ("photo", tally::fuzzing::photo),
    ("observer_key", tally::fuzzing::observer_key),
    ("review_answers", tally::fuzzing::review_answers),
    ("seats_table", tally::fuzzing::seats_table),
    ("quick_count", tally::fuzzing::quick_count),
    ("cache_entry", tally::fuzzing::cache_entry),
];

/// Longest one input may take, in a debug build: the fuzzers' own limit is 2 s, optimised.
const SLOW: Duration = Duration::from_secs(10);

fn fuzz_dir(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind)
}

/// The files of one target's folder (`.gitkeep` aside), sorted; the folder must exist.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| {
        panic!(
            "{}: cannot read this fuzz target's folder ({e}); every target keeps one, with a .gitkeep when empty",
            dir.display()
        )
    });
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep"))
        .collect();
    files.sort();
    files
}

/// Feeds every file of `fuzz/KIND/TARGET/` to its target; returns what went wrong.
fn replay(kind: &str) -> (usize, Vec<String>) {
    let mut count = 0;
    let mut failures = Vec::new();
    for (name, entry) in TARGETS {
        for file in inputs(&fuzz_dir(kind).join(name)) {
            let data = std::fs::read(&file).unwrap();
            let shown = format!(
                "fuzz/{kind}/{name}/{}",
                file.file_name().unwrap().to_string_lossy()
            );
            let start = Instant::now();
            let result = std::panic::catch_unwind(|| entry(&data));
            let took = start.elapsed();
            count += 1;
            if let Err(panic) = result {
                let message = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("(no message)");
                failures.push(format!("{shown}: panicked: {message}"));
            } else if took > SLOW {
                failures.push(format!(
                    "{shown}: took {:.1} s (at most {} s)",
                    took.as_secs_f64(),
                    SLOW.as_secs()
                ));
            }
        }
    }
    (count, failures)
}

fn assert_replays(kind: &str) {
    let (count, failures) = replay(kind);
    assert!(
        failures.is_empty(),
        "{} of {count} inputs under fuzz/{kind}/ fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn regressions_neither_panic_nor_hang() {
    assert_replays("regressions");
}

#[test]
fn seeds_neither_panic_nor_hang() {
    assert_replays("seeds");
    let (count, _) = replay("seeds");
    assert!(
        count >= TARGETS.len(),
        "{count} seeds: every target has some"
    );
}

#[test]
fn every_target_has_its_folders_and_a_fuzz_target() {
    for (name, _) in TARGETS {
        for kind in ["regressions", "seeds"] {
            assert!(
                fuzz_dir(kind).join(name).is_dir(),
                "fuzz/{kind}/{name}/ is missing"
            );
        }
        let target = fuzz_dir("fuzz_targets").join(format!("{name}.rs"));
        let text = std::fs::read_to_string(&target)
            .unwrap_or_else(|e| panic!("{}: {e}", target.display()));
        assert!(
            text.contains(&format!("tally::fuzzing::{name}(")),
            "{} does not call tally::fuzzing::{name}",
            target.display()
        );
    }
    for kind in ["regressions", "seeds"] {
        for dir in std::fs::read_dir(fuzz_dir(kind)).unwrap() {
            let name = dir.unwrap().file_name();
            assert!(
                TARGETS.iter().any(|(t, _)| name == *t),
                "fuzz/{kind}/{}/ names no fuzz target: its inputs would never be replayed",
                name.to_string_lossy()
            );
        }
    }
}
