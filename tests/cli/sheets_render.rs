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

/// Every word's right edge (xMax) on every page, with the word.
fn right_edges(pdf: &Path) -> Vec<(f64, String)> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let x = l.split("xMax=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let w = l.split('>').nth(1)?.split('<').next()?.to_string();
            Some((x, w))
        })
        .collect()
}

/// A candidate's name of 500 letters without a space runs off no sheet: it wraps inside the
/// page, in the figures table and in the tape's text. And `﷽ ﷽` (U+FDFD), which made typst
/// panic (the PDF then laid out again with `[U+FDFD]` in its place), is drawn as itself.
#[test]
fn a_500_letter_name_wraps_and_the_bismillah_ligature_is_drawn() {
    if !have("pdftotext", "-v") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    crate::common::simulated_election(dir.path(), 12, 3, 11);
    let long = "W".repeat(500);
    // The names are printed on the tape, not signed: every tape still verifies.
    for t in walkdir::WalkDir::new(dir.path().join("sim/tapes")) {
        let t = t.unwrap();
        if !t.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(t.path()).unwrap();
        let mut renamed = 0;
        let lines: Vec<String> = text
            .lines()
            .map(|l| {
                let cells: Vec<&str> = l.split_whitespace().collect();
                let choice = cells.len() >= 3
                    && cells[0].bytes().all(|b| b.is_ascii_digit())
                    && cells[cells.len() - 1].bytes().all(|b| b.is_ascii_digit());
                if !choice || renamed == 2 {
                    return l.to_string();
                }
                renamed += 1;
                let name = if renamed == 1 {
                    long.as_str()
                } else {
                    "\u{FDFD} \u{FDFD}"
                };
                format!("{} {name} {}", cells[0], cells[cells.len() - 1])
            })
            .collect();
        std::fs::write(t.path(), lines.join("\n") + "\n").unwrap();
    }
    crate::common::report_and_observer_key(dir.path());
    for lang in ["en", "ar"] {
        let out = dir.path().join(format!("b-{lang}"));
        let done = tally()
            .current_dir(dir.path())
            .args([
                "bundle",
                "--report",
                "report.json",
                "--sign",
                "observer.key",
            ])
            .args(["--lang", lang, "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        // Laid out at the first attempt: typst did not panic.
        let said = String::from_utf8_lossy(&done.stderr);
        assert!(!said.contains("panicked"), "{lang}: {said}");
        let pdf = out.join("report/report.pdf");
        let text = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains('\u{FDFD}'), "{lang}: {text}");
        assert!(!text.contains("U+FDFD"), "{lang}: {text}");
        // The long name is all there, over several lines.
        let ws: usize = text
            .split(|c: char| c != 'W')
            .filter(|run| run.len() > 20)
            .map(str::len)
            .sum();
        assert!(ws >= 500, "{lang}: {ws} W of the name found: {text}");
        // A4 is 595 pt wide, its margins 14 mm (40 pt): nothing beyond 556 pt.
        let edges = right_edges(&pdf);
        assert!(!edges.is_empty());
        for (x, word) in &edges {
            assert!(
                *x <= 556.0,
                "{lang}: {word:?} ends at x={x}, off the page's text"
            );
        }
        if have("pdftoppm", "-v") {
            // TALLY_SHEETS_PNG=DIR keeps the sheet as a picture, to look at.
            let keep = std::env::var_os("TALLY_SHEETS_PNG").map(std::path::PathBuf::from);
            let png = keep
                .unwrap_or_else(|| dir.path().to_path_buf())
                .join(format!("long-name-{lang}"));
            let ok = Command::new("pdftoppm")
                .args(["-png", "-r", "50", "-f", "2", "-l", "2", "-singlefile"])
                .arg(&pdf)
                .arg(&png)
                .status()
                .unwrap();
            assert!(ok.success());
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
