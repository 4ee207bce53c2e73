//! The HTML report opened in a real headless browser (Debian's chromium, installed by
//! `make test`): the DOM it builds shows the summary first, then the ranked stations, with
//! Arabic names isolated for right-to-left display. Skipped, with a note, without chromium;
//! a failure instead where `CI` is set.

use crate::common::{browser_dom, chromium, example_tape, spec, tally};

#[test]
fn html_report_shows_the_summary_in_a_browser() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let tape = dir.path().join("tape.txt");
    std::fs::write(
        &tape,
        example_tape().replace("HUDA N. KAREEM", "هدى نوري كريم"),
    )
    .unwrap();
    let published = dir.path().join("p.csv");
    let rows: String = [101, 102, 103, 117, 230]
        .iter()
        .zip([45, 12, 0, 141, 96])
        .map(|(c, v)| format!("120345,3,{c},{v}\n"))
        .collect();
    std::fs::write(&published, format!("center,station,choice,votes\n{rows}")).unwrap();
    let html = dir.path().join("report.html");
    tally()
        .arg("reconcile")
        .arg("--tapes")
        .arg(&tape)
        .arg("--published")
        .arg(&published)
        .arg("--keyring")
        .arg(spec("keyring.csv"))
        .arg("--root-key")
        .arg(spec("commission-root.pub"))
        .args(["--format", "html", "-o"])
        .arg(&html)
        .assert()
        .code(1);
    let dom = browser_dom(&browser, &html);
    let summary = dom.find("id=\"summary\"").expect("summary section");
    let stations = dom.find("id=\"stations\"").expect("stations section");
    assert!(summary < stations, "summary comes first");
    assert!(dom.contains("authenticated by the commission's root key"));
    assert!(dom.contains("<b>1</b>published stations"), "{dom}");
    assert!(dom.contains("<bdi dir=\"auto\">هدى نوري كريم</bdi>"));
    assert!(dom.contains("id=\"s-120345-3\""));
}
