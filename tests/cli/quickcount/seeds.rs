//! Issue 24: a seed holding a character nobody sees (Unicode categories Cc, Cf, Zl, Zp) is
//! refused by `tally sample`, and when `tally estimate` reads it back from a sample file,
//! naming the character and its place; a short seed is warned about.

use super::{fixture, sample, stderr};
use crate::common::tally;

/// A seed long enough to draw without a warning.
const SEED: &str = "31415926535897932384626433";

/// Seeds holding a character nobody sees, and what is said of each.
const HIDDEN: [(&str, &str); 5] = [
    (
        "3546311556112163624615\u{200b}351222",
        "U+200B ZERO WIDTH SPACE at character 23, a format character (Unicode category Cf)",
    ),
    (
        "35463115561121636246\n15351222",
        "U+000A LINE FEED (newline) at character 21, a control character (Unicode category Cc)",
    ),
    (
        "3546311556\t112163624615351222",
        "U+0009 CHARACTER TABULATION (tab) at character 11",
    ),
    (
        "354631155611216362461535\u{1b}[2K1222",
        "U+001B ESCAPE at character 25",
    ),
    (
        "\u{202e}3546311556112163624615351222",
        "U+202E RIGHT-TO-LEFT OVERRIDE at character 1",
    ),
];

#[test]
fn a_seed_with_a_hidden_character_is_refused_and_a_short_one_warned() {
    let frame = fixture("frame.csv");
    for (seed, said) in HIDDEN {
        let out = sample(&frame, &["--size", "3", "--seed", seed], 2);
        let e = String::from_utf8(out.stderr).unwrap();
        assert!(e.contains(said), "{seed:?}: {e}");
        assert!(
            e.contains("that cannot be seen: the seed people read would draw another sample"),
            "{e}"
        );
        assert!(
            e.contains("type the seed again from its announcement"),
            "{e}"
        );
        assert!(out.stdout.is_empty());
        // Shown escaped, never obeyed.
        assert!(
            !e.contains(['\u{1b}', '\u{202e}', '\u{200b}', '\t']),
            "{e:?}"
        );
    }
    let out = sample(&frame, &["--size", "3", "--seed", "dice 6 6 1 2"], 0);
    let e = String::from_utf8(out.stderr).unwrap();
    assert!(
        e.contains("tally: warning: --seed: the seed has 12 characters; tally-sample(1) advises at least 24 digits"),
        "{e}"
    );
    let out = sample(&frame, &["--size", "3", "--seed", SEED], 0);
    assert!(!String::from_utf8(out.stderr).unwrap().contains("warning"));
}

#[test]
fn a_seed_read_back_is_checked_alike() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = std::fs::read_to_string(fixture("sample-10-by-governorate.csv")).unwrap();
    let run = |name: &str, text: &str| {
        std::fs::write(d.join(name), text).unwrap();
        let mut cmd = tally();
        cmd.current_dir(d)
            .args(["estimate", "--sample", name, "--frame"])
            .arg(fixture("frame.csv"))
            .args(["--tapes", "no-tapes", "--keyring", "no-keyring.csv"]);
        stderr(&mut cmd, 2)
    };
    for (seed, said) in HIDDEN {
        let quoted = format!("\"{seed}\"");
        let e = run(
            "hidden.csv",
            &text.replace("3546311556112163624615351222", &quoted),
        );
        assert!(e.contains("hidden.csv:2: seed \""), "{seed:?}: {e}");
        assert!(e.contains(said), "{seed:?}: {e}");
        assert!(
            e.contains("draw the sample again with `tally sample` and the seed as announced"),
            "{e}"
        );
    }
    // A short seed read back is warned about, the sample redrawn all the same.
    let short = std::fs::read_to_string(fixture("sample-11-by-district.csv")).unwrap();
    std::fs::write(d.join("short.csv"), short).unwrap();
    let mut cmd = tally();
    cmd.current_dir(d)
        .args(["estimate", "--sample", "short.csv", "--frame"])
        .arg(fixture("frame.csv"))
        .args(["--tapes", "no-tapes", "--keyring", "no-keyring.csv"]);
    let e = stderr(&mut cmd, 2);
    assert!(
        e.contains("tally: warning: short.csv: the seed has 12 characters"),
        "{e}"
    );
    assert!(!e.contains("is not what seed"), "{e}");
}
