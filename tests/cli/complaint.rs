//! The complaint sheet a lawyer files (issue 25, items 3, 5, 6 and 11), through the binary:
//! `reconcile -o report.pdf` writes the PDF itself and an extension tally does not write is
//! refused; a station with two signed tapes that disagree shows both counts; every sheet is
//! headed by its election, network and date of issue, ends with a signature block on its own
//! page, and in Arabic and Kurdish says its statuses in the language.

use std::path::Path;
use std::process::Command;

use crate::common::{outside_tool, reconcile_simulated, simulated_election, ISSUED};

/// `tally reconcile` of the simulated election in `dir/sim`, with `extra` options.
fn reconcile(dir: &Path, extra: &[&str]) -> std::process::Output {
    reconcile_simulated(dir).args(extra).output().unwrap()
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `-o report.pdf` wrote a text table and said "wrote report.pdf"; `-o report.xlsx` too.
#[test]
fn reconcile_writes_a_pdf_and_refuses_a_format_it_does_not_write() {
    let dir = tempfile::tempdir().unwrap();
    simulated_election(dir.path(), 40, 4, 1);
    let out = reconcile(dir.path(), &["-o", "report.pdf"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(dir.path().join("report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    // To a pipe, as asked.
    let out = reconcile(dir.path(), &["--format", "pdf"]);
    assert!(out.stdout.starts_with(b"%PDF-"));
    for name in ["report.xlsx", "report.docx", "report.pdf.bak"] {
        let out = reconcile(dir.path(), &["-o", name]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains("does not write") && err.contains("html") && err.contains("pdf"),
            "{name}: {err}"
        );
        assert!(!dir.path().join(name).exists(), "{name} was written");
    }
    // An extension named together with --format is the user's choice.
    let out = reconcile(dir.path(), &["--format", "json", "-o", "report.out"]);
    assert_eq!(out.status.code(), Some(1));
    if outside_tool("pdftotext", "-v") {
        let text = pdf_text(&dir.path().join("report.pdf"));
        assert!(text.contains("Complaint sheet"), "{text}");
        assert!(text.contains("Stations proven to differ"), "{text}");
    }
}

/// The sheet of a station with two signed tapes showed only the one that matches the
/// published figures; now both counts stand side by side, the figures they disagree on
/// marked, both files named with their status.
#[test]
fn a_conflicting_station_shows_every_signed_count() {
    if !outside_tool("pdftotext", "-v") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    simulated_election(dir.path(), 40, 4, 1);
    let out = reconcile(dir.path(), &["--format", "json", "-o", "r.json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    let station = report["stations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| {
            s["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["kind"] == "conflicting-tapes")
        })
        .expect("the simulated election has a station with two signed tapes");
    let files: Vec<String> = station["tapes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["copies"][0]["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(files.len(), 2, "{station}");
    reconcile(dir.path(), &["-o", "report.pdf"]);
    let text = pdf_text(&dir.path().join("report.pdf"));
    let label = format!("{}-{}", station["center"], station["station"]);
    let sheet = text
        .split('\u{c}')
        .find(|page| page.contains(&format!("Polling station {label}")) && page.contains("Tape 2"))
        .unwrap_or_else(|| panic!("no sheet of {label} with both tapes:\n{text}"));
    assert!(
        sheet.contains("more than one tape and they disagree"),
        "{sheet}"
    );
    for file in &files {
        assert!(
            sheet.contains(file.as_str()),
            "{file} not on the sheet:\n{sheet}"
        );
    }
    // A row the tapes disagree on: two different counts and the published one.
    let differ = sheet.lines().any(|l| {
        let n: Vec<u64> = l
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        l.contains("Choice") && n.len() >= 4 && n[n.len() - 3] != n[n.len() - 2]
    });
    assert!(differ, "no row where the two tapes differ:\n{sheet}");
}

/// The sheet had no election, no date of issue, no network and no place to sign; Arabic and
/// Kurdish sheets ran one line over into pages holding only their footer, and said `verified`
/// in English.
#[test]
fn every_sheet_is_headed_signed_and_whole_in_every_language() {
    if !outside_tool("pdftotext", "-v") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    simulated_election(dir.path(), 40, 4, 1);
    // The bad signature's status in words (the election has one forged tape).
    for (lang, network_word, signature, forged, sheet_word) in [
        (
            "en",
            "Observer network",
            "Name and signature",
            "bad-signature",
            "Complaint sheet",
        ),
        (
            "ar",
            "شبكة المراقبة",
            "اسم المراقب وتوقيعه",
            "توقيع غير صالح",
            "ورقة شكوى",
        ),
        (
            "ku",
            "تۆڕی چاودێری",
            "ناو و واژۆی چاودێر",
            "واژۆی نادروست",
            "سکاڵا",
        ),
    ] {
        let pdf = format!("report-{lang}.pdf");
        let out = reconcile(
            dir.path(),
            &["--lang", lang, "--network", "Shams Network", "-o", &pdf],
        );
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = pdf_text(&dir.path().join(&pdf));
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        let sheets: Vec<&&str> = pages.iter().filter(|p| p.contains(sheet_word)).collect();
        assert!(!sheets.is_empty(), "{lang}: no sheet:\n{text}");
        for sheet in &sheets {
            for part in [
                "SIM-2025-PR",
                "Shams Network",
                ISSUED,
                network_word,
                signature,
            ] {
                // The date may come out of a right-to-left page reversed by pdftotext.
                let reversed: String = part.split('-').rev().collect::<Vec<_>>().join("-");
                assert!(
                    sheet.contains(part) || sheet.contains(&reversed),
                    "{lang}: {part:?} not on the sheet:\n{sheet}"
                );
            }
        }
        assert!(text.contains(forged), "{lang}: {text}");
        if lang != "en" {
            for english in ["(verified)", "(typed)", "bad-signature"] {
                assert!(!text.contains(english), "{lang}: {english} on a sheet");
            }
        }
        // No page holds only its footer (a line or two).
        for (i, page) in pages.iter().enumerate() {
            let lines = page.lines().filter(|l| !l.trim().is_empty()).count();
            assert!(
                lines > 3,
                "{lang}: page {} holds {lines} lines:\n{page}",
                i + 1
            );
        }
    }
}

/// `≠` (one side of a figure missing, a broken sum) printed as `=/`: the PDF now embeds a
/// font that has it.
#[test]
fn the_not_equal_sign_is_a_glyph_of_the_pdf() {
    if !outside_tool("pdftotext", "-v") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    simulated_election(dir.path(), 300, 8, 7);
    reconcile(dir.path(), &["-o", "report.pdf"]);
    let text = pdf_text(&dir.path().join("report.pdf"));
    assert!(text.contains('≠'), "no ≠ in the PDF");
    // Not an equals sign with a slash laid over it (U+0338), as a font without `≠` shapes it.
    assert!(
        !text.contains("=/") && !text.contains("=\u{338}"),
        "=/ in the PDF"
    );
}
