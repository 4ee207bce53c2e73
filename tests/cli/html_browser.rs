//! The HTML report opened in a real headless browser (Debian's chromium, installed by
//! `make test`): the DOM it builds shows the summary and the net shift chart first, then the
//! ranked stations, with Arabic names isolated; in Arabic the page reads right to left and
//! holds no English finding detail. Skipped, with a note, without chromium;
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
    let render = |lang: &str, format: &str| {
        let out = dir.path().join(format!("report-{lang}.{format}"));
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
            .args(["--lang", lang, "-o"])
            .arg(&out)
            .assert()
            .code(1);
        out
    };
    let dom = browser_dom(&browser, &render("en", "html"));
    let summary = dom.find("id=\"summary\"").expect("summary section");
    let stations = dom.find("id=\"stations\"").expect("stations section");
    assert!(summary < stations, "summary comes first");
    assert!(dom.contains("authenticated by the commission's root key"));
    assert!(
        dom.contains("<b><bdi dir=\"ltr\">1</bdi></b>published stations"),
        "{dom}"
    );
    assert!(dom.contains("<bdi>117 هدى نوري كريم</bdi>"), "{dom}");
    assert!(dom.contains("id=\"s-120345-3\""));
    // The net shift leads, as a chart (inline SVG, no script) with the choices' names.
    let chart = dom.find("<svg class=\"shift\"").expect("the shift chart");
    assert!(chart < stations);
    assert!(dom[chart..stations].contains("117 هدى نوري كريم"));
    assert!(!dom.contains("<script"));

    // In Arabic: right to left, and no English finding detail anywhere.
    let json = render("ar", "json");
    let report: tally::report::reconcile::ReconcileReport =
        serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    let dom = browser_dom(&browser, &render("ar", "html"));
    assert!(
        dom.contains("<html lang=\"ar\" dir=\"rtl\">"),
        "{}",
        &dom[..200]
    );
    assert!(dom.contains("<svg class=\"shift\""));
    assert!(dom.contains("تقرير مطابقة النتائج"));
    for f in report.stations.iter().flat_map(|s| &s.findings) {
        assert!(
            !dom.contains(&f.detail),
            "English detail left: {}",
            f.detail
        );
    }
    for english in [
        "published stations",
        "Net vote shift",
        "rests on",
        "Station ",
    ] {
        assert!(
            !dom.contains(english),
            "{english:?} left in the Arabic page"
        );
    }
    // A signed figure keeps its sign where a reader expects it: isolated left to right.
    assert!(dom.contains("<bdi dir=\"ltr\">+10</bdi>"), "{dom}");
    let markdown = std::fs::read_to_string(render("ar", "md")).unwrap();
    assert!(markdown.starts_with("<div dir=\"rtl\" lang=\"ar\">"));
    assert!(markdown.contains("\u{2066}+10\u{2069}"));
    for f in report.stations.iter().flat_map(|s| &s.findings) {
        assert!(!markdown.contains(&f.detail), "{}", f.detail);
    }
}
