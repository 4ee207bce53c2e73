//! Helpers shared by the CLI tests.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The spec's example files, copied into fixtures/spec.
pub fn spec(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/spec")
        .join(name)
}

/// The example tape's text.
pub fn example_tape() -> String {
    std::fs::read_to_string(spec("tape-120345-3.txt")).unwrap()
}

/// The date of issue every test's report gives: 2026-12-07 (`SOURCE_DATE_EPOCH`).
pub const ISSUED: &str = "2026-12-07";

/// `tally` with no colour, its tables as wide as they come (no `COLUMNS` from the shell that
/// runs the tests), its reports dated [`ISSUED`].
pub fn tally() -> Command {
    let mut cmd = Command::cargo_bin("tally").unwrap();
    cmd.env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .env("SOURCE_DATE_EPOCH", "1796601600")
        .arg("--color=never");
    cmd
}

/// `tally verify ARGS --keyring ... --root-key ...` against the spec keyring.
pub fn verify_with_keyring() -> Command {
    with_spec_keyring("verify")
}

/// `tally SUBCOMMAND ARGS --keyring ... --root-key ...` against the spec keyring.
pub fn with_spec_keyring(subcommand: &str) -> Command {
    let mut cmd = tally();
    cmd.arg(subcommand)
        .arg("--keyring")
        .arg(spec("keyring.csv"))
        .arg("--root-key")
        .arg(spec("commission-root.pub"));
    cmd
}

/// In `dir`: a simulated election in `sim/`, its reconciliation in `report.json`, and an
/// observer key without passphrase (`observer.key`, `observer.pub`).
pub fn simulated_election_with_report(dir: &Path, stations: u32, choices: u32, seed: u64) {
    simulated_election(dir, stations, choices, seed);
    report_and_observer_key(dir);
}

/// In `dir`: a simulated election in `sim/`.
pub fn simulated_election(dir: &Path, stations: u32, choices: u32, seed: u64) {
    simulated_election_with(dir, stations, choices, seed, &[]);
}

/// In `dir`: a simulated election in `sim/`, made with `extra` options of `tally simulate`.
pub fn simulated_election_with(dir: &Path, stations: u32, choices: u32, seed: u64, extra: &[&str]) {
    tally()
        .current_dir(dir)
        .args([
            "simulate",
            "--out",
            "sim",
            "--stations",
            &stations.to_string(),
            "--choices",
            &choices.to_string(),
            "--seed",
            &seed.to_string(),
        ])
        .args(extra)
        .assert()
        .success();
}

/// `tally reconcile` of the simulated election in `dir/sim` (its tapes, published results,
/// keyring and root key), run in `dir`; the caller adds the format and output.
pub fn reconcile_simulated(dir: &Path) -> Command {
    let mut cmd = tally();
    cmd.current_dir(dir).args([
        "reconcile",
        "--tapes",
        "sim/tapes",
        "--published",
        "sim/published.csv",
        "--keyring",
        "sim/keyring.csv",
        "--root-key",
        "sim/commission-root.pub",
    ]);
    cmd
}

/// In `dir`, beside a simulated election in `sim/`: its reconciliation in `report.json`, and
/// an observer key without passphrase (`observer.key`, `observer.pub`).
pub fn report_and_observer_key(dir: &Path) {
    reconcile_simulated(dir)
        .args(["--format", "json", "-o", "report.json"])
        .assert()
        .code(1);
    tally()
        .current_dir(dir)
        .args(["keys", "generate", "--no-password", "--out", "observer"])
        .assert()
        .success();
}

/// A headless browser, if this machine has one (`make test` installs Debian's chromium);
/// where `CI` is set it must have one (see [`outside_tool`]).
pub fn chromium() -> Option<String> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .map(String::from)
        .find(|b| {
            std::process::Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if found.is_none() {
        outside_tool("chromium", "--version");
    }
    found
}

/// The DOM a headless browser builds from an HTML file.
pub fn browser_dom(browser: &str, html: &Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success() && dom.contains("</html>"),
        "browser failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    dom
}

/// Writes a CSV text (comma-separated, no quoting) as a spreadsheet, numbers as numbers.
pub fn write_xlsx(csv: &str, path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, line) in csv.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            match cell.parse::<f64>() {
                Ok(n) if r > 0 => sheet.write_number(r as u32, c as u16, n).map(|_| ()),
                _ => sheet.write_string(r as u32, c as u16, cell).map(|_| ()),
            }
            .unwrap();
        }
    }
    book.save(path).unwrap();
}

/// Whether an outside tool the test needs is here (`tool ARG` runs). Missing on a developer's
/// machine: a note, and the caller skips that part. Missing where `CI` is set: the test fails,
/// so that CI never reports green for a check it did not run (`make test` installs them all).
pub fn outside_tool(tool: &str, arg: &str) -> bool {
    let ok = std::process::Command::new(tool)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is needed for this test and CI is set: install it (scripts/install-deps.sh test)"
        );
        eprintln!("note: {tool} is not installed (make test installs it); that part is skipped");
    }
    ok
}

/// `../shared/spec/examples`, the spec's examples from the independent implementation, if it
/// is beside the repository; where `CI` is set it must be.
pub fn shared_examples() -> Option<PathBuf> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/examples");
    if shared.is_dir() {
        return Some(shared);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared/spec/examples is needed and CI is set: CI clones the repository with shared/ beside it"
    );
    eprintln!("note: ../shared/spec/examples not found; checking the fixtures copy only");
    None
}
