//! The complaint sheets rendered as a person sees them: the bundle's PDF turned into words
//! with their positions (pdftotext -bbox, poppler-utils) and a PNG (pdftoppm), and the HTML
//! opened in headless chromium. Arabic must come out shaped into real words, in logical order,
//! set from the right margin; English from the left. Skipped, with a note, without the tools
//! (`make test` installs them), a failure where `CI` is set. `scripts/render-sheets.sh` makes
//! the PNGs to look at.

use std::path::Path;
use std::process::Command;

use crate::common::{browser_dom, chromium, simulated_election_with_report, tally};

fn have(tool: &str, arg: &str) -> bool {
    crate::common::outside_tool(tool, arg)
}

/// A bundle of a small simulated election with complaint sheets in `lang`.
fn bundle(dir: &Path, lang: &str) -> std::path::PathBuf {
    if !dir.join("report.json").exists() {
        simulated_election_with_report(dir, 12, 3, 11);
    }
    let out = dir.join(format!("b-{lang}"));
    tally()
        .current_dir(dir)
        .args([
            "bundle",
            "--report",
            "report.json",
            "--sign",
            "observer.key",
            "--lang",
            lang,
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    out
}

/// Words of page `page` with their left edge: (xMin, word).
fn words(pdf: &Path, page: u32) -> Vec<(f64, String)> {
    let out = Command::new("pdftotext")
        .args(["-bbox", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let x = l.split("xMin=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let w = l.split('>').nth(1)?.split('<').next()?.to_string();
            Some((x, w))
        })
        .collect()
}

#[test]
fn pdf_sheets_are_shaped_and_set_right_to_left_in_arabic_and_kurdish() {
    if !have("pdftotext", "-v") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (lang, title, word, heading) in [
        ("ar", "شكوى", "الاقتراع", "مطابقة"),
        ("ku", "سکاڵا", "دەنگدان", "بەراوردکردنی"),
        ("en", "Complaint", "station", "Reconciliation"),
    ] {
        let pdf = bundle(dir.path(), lang).join("report/report.pdf");
        // The first page, the report's summary, is in the bundle's language too.
        let first = Command::new("pdftotext")
            .args(["-f", "1", "-l", "1"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let first = String::from_utf8_lossy(&first.stdout);
        assert!(first.contains(heading), "{lang}: {first}");
        if lang != "en" {
            for english in [
                "Reconciliation report",
                "Net vote shift",
                "published stations",
            ] {
                assert!(
                    !first.contains(english),
                    "{lang}: {english:?} on page 1: {first}"
                );
            }
        }
        let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
        let fonts = String::from_utf8_lossy(&fonts.stdout);
        assert!(fonts.contains("NotoNaskhArabic") || lang == "en", "{fonts}");
        assert!(
            fonts.lines().skip(2).all(|l| l.contains(" yes yes ")),
            "fonts embedded: {fonts}"
        );
        // Plain pdftotext gives the text in logical order: the words are real words.
        let text = Command::new("pdftotext")
            .args(["-f", "2", "-l", "2"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(
            text.contains(title) && text.contains(word),
            "{lang}: {text}"
        );
        // Finding details are in the sheet's language: no English "tape N, published M".
        if lang != "en" {
            assert!(!text.contains(", published "), "{lang}: {text}");
        }
        // With -bbox it gives each word's box, its letters in visual order.
        let page = words(&pdf, 2);
        let visual = |w: &String| w == title || w.chars().rev().collect::<String>() == title;
        let (x, _) = page
            .iter()
            .find(|(_, w)| visual(w))
            .unwrap_or_else(|| panic!("{lang}: {title} on page 2: {page:?}"));
        // A4 is 595pt wide: a right-to-left title ends at the right margin.
        if lang == "en" {
            assert!(*x < 120.0, "{lang}: title at x={x}");
        } else {
            assert!(*x > 300.0, "{lang}: title at x={x}");
        }
        if have("pdftoppm", "-v") {
            let png = dir.path().join(format!("sheet-{lang}"));
            let ok = Command::new("pdftoppm")
                .args(["-png", "-r", "40", "-f", "2", "-l", "2", "-singlefile"])
                .arg(&pdf)
                .arg(&png)
                .status()
                .unwrap();
            assert!(ok.success());
            assert!(std::fs::metadata(png.with_extension("png")).unwrap().len() > 1000);
        }
    }
}

#[test]
fn html_sheets_open_right_to_left_in_a_browser() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = bundle(dir.path(), "ar").join("report/complaint-sheets.html");
    let dom = browser_dom(&browser, &html);
    assert!(dom.contains("<html lang=\"ar\" dir=\"rtl\">"), "{dom}");
    assert!(dom.contains("ورقة شكوى"));
    assert!(dom.matches("<section class=\"sheet\"").count() >= 1);
    assert!(dom.contains("tr class=\"diff\""));
}
