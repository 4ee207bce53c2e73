//! PDF of the reconciliation report and its complaint sheets, typeset by typst used as a
//! library: the report is written as typst markup (every untrusted text as an escaped string
//! literal), laid out with the fonts built into tally, Arabic and Kurdish shaped and set right
//! to left by typst, and exported with the fonts embedded.

mod world;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::lang::{Lang, Msg, Rich, Say};
use super::reconcile::model::ReconcileReport;
use super::reconcile::{figures, words};
use super::sanitize::terminal;
use super::sheet::{has_sheet, sheets, shown, Attachment, Figures, Item, Sheet, Statement};

/// Untrusted text for the inside of a typst string literal: quotes and backslashes escaped,
/// control and invisible characters shown escaped (never obeyed).
fn inner(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in terminal(text).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c => out.push(c),
        }
    }
    out
}

/// A typst string literal of untrusted text.
fn lit(text: &str) -> String {
    format!("\"{}\"", inner(text))
}

/// A figure kept left to right inside right-to-left text (`+42` must not become `42+`).
fn ltr(text: &str) -> String {
    format!("\"\u{2066}{}\u{2069}\"", inner(text))
}

const PREAMBLE: &str = r##"#set page(paper: "a4", margin: (x: 14mm, y: 16mm))
#set text(font: ("Noto Sans", "Noto Naskh Arabic"), size: 9.5pt)
#set table(stroke: 0.5pt + luma(150), inset: 3.5pt)
#show heading.where(level: 1): set text(size: 15pt)
#show heading.where(level: 2): set text(size: 11pt)
#let diff(body) = table.cell(fill: rgb("#fde2e2"), text(weight: "bold", body))
#let mono(body) = text(font: "DejaVu Sans Mono", size: 7pt, body)
#let statement(color, body) = block(stroke: 1.5pt + rgb(color), inset: 6pt, radius: 3pt, width: 100%, body)
"##;

/// A typst string literal of text in the report's language with its values isolated.
fn rich(text: &Rich) -> String {
    format!("\"{}\"", text.isolated(inner))
}

fn summary(out: &mut String, r: &ReconcileReport, lang: Lang) {
    let o = &r.summary.overall;
    let _ = writeln!(out, "= #{}", lit(lang.say(Say::ReportTitle)));
    let _ = writeln!(
        out,
        "#{}\n",
        rich(&Rich::fill(
            lang.say(Say::MadeBy),
            std::slice::from_ref(&r.tool_version)
        ))
    );
    let keyring = words::keyring(lang, r);
    let _ = writeln!(out, "#{}\n", rich(&keyring));
    out.push_str("#table(columns: (auto, auto),\n");
    for (label, value) in words::counts(o) {
        let _ = writeln!(out, "  [#{}], [#{}],", lit(lang.say(label)), ltr(&value));
    }
    out.push_str(")\n");
    for (say, shifts) in [
        (Say::ShiftVerified, &o.net_vote_shift),
        (Say::ShiftNotProven, &o.net_vote_shift_unverified),
    ] {
        if shifts.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "== #{}\n#table(columns: (auto, auto), align: (start, end), [*#{}*], [*#{}*],",
            lit(lang.say(say)),
            lit(lang.t(Msg::Choice)),
            lit(lang.say(Say::Votes))
        );
        for s in shifts {
            let (label, value) = words::shift_parts(s);
            let _ = writeln!(out, "  [#{}], [#{}],", ltr(&label), ltr(&value));
        }
        out.push_str(")\n");
    }
    let _ = writeln!(
        out,
        "== #{}\n#table(columns: (auto, auto, auto, 1fr, auto, auto, auto), align: (start, start, start, start, end, end, end),\n  table.header([*#{}*], [*#{}*], [*#{}*], [*#{}*], [*#{}*], [*#{}*], [*#{}*]),",
        lit(lang.say(Say::StationsWithFindings)),
        lit(lang.t(Msg::Station)),
        lit(lang.say(Say::Severity)),
        lit(lang.say(Say::Finding)),
        lit(lang.say(Say::About)),
        lit(lang.t(Msg::Tape)),
        lit(lang.t(Msg::Published)),
        lit(lang.t(Msg::Difference))
    );
    for s in r.stations.iter().filter(|s| has_sheet(s)) {
        for f in &s.findings {
            let (tape, published, diff) = figures(f);
            let _ = writeln!(
                out,
                "  [#{}], [#{}], [#{}], [#{}], [#{}], [#{}], [#{}],",
                ltr(&s.label()),
                lit(lang.severity(f.severity.as_str())),
                lit(&lang.kind(f.kind.as_str())),
                rich(&words::about(lang, f)),
                ltr(&tape),
                ltr(&published),
                ltr(&diff)
            );
        }
    }
    out.push_str(")\n");
}

fn sheet(out: &mut String, s: &Sheet, lang: Lang, images: &mut Vec<(String, Vec<u8>)>) {
    out.push_str("#pagebreak(weak: true)\n");
    let _ = writeln!(
        out,
        "= #{} — #{} #{}",
        lit(lang.t(Msg::Title)),
        lit(lang.t(Msg::Station)),
        ltr(&s.label)
    );
    let ids: Vec<String> = s
        .ids
        .iter()
        .map(|(m, v)| format!("#{} #{}", lit(lang.t(*m)), ltr(v)))
        .collect();
    let _ = writeln!(out, "{}\n", ids.join(" · "));
    match &s.statement {
        Statement::Proven { keyring } => {
            let _ = writeln!(
                out,
                "#statement(\"#0a6b2e\")[#{} #{}]",
                lit(lang.t(Msg::ProvesVerified)),
                lit(lang.t(*keyring))
            );
        }
        Statement::NothingProven { status } => {
            let _ = writeln!(
                out,
                "#statement(\"#b00020\")[#{} (#mono({}))]",
                lit(lang.t(Msg::ProvesNothing)),
                lit(status)
            );
        }
    }
    if !s.figures.is_empty() {
        let _ = writeln!(
            out,
            "#table(columns: (1fr, auto, auto, auto), align: (start, end, end, end),\n  table.header([*#{}*], [*#{}*], [*#{}*], [*#{}*]),",
            lit(lang.t(Msg::Item)),
            lit(lang.t(Msg::Tape)),
            lit(lang.t(Msg::Published)),
            lit(lang.t(Msg::Difference))
        );
        for row in s.figures {
            let item = match &row.item {
                Item::Field(f) => lit(lang.field(f)),
                Item::Choice(code, name) => format!(
                    "\"{} {code}{}\"",
                    inner(lang.t(Msg::Choice)),
                    name.as_ref()
                        .map_or(String::new(), |n| format!(" \u{2068}{}\u{2069}", inner(n)))
                ),
            };
            let cells = [
                item,
                ltr(&shown(row.tape)),
                ltr(&shown(row.published)),
                ltr(&row.difference()),
            ];
            for c in cells {
                if row.differs() {
                    let _ = write!(out, "  diff[#{c}],");
                } else {
                    let _ = write!(out, "  [#{c}],");
                }
            }
            out.push('\n');
        }
        out.push_str(")\n");
    }
    let _ = writeln!(out, "== #{}", lit(lang.t(Msg::Findings)));
    for f in &s.findings {
        let _ = writeln!(
            out,
            "- *#{}* (#{}): #{}",
            lit(&f.kind),
            lit(f.severity),
            rich(&f.detail)
        );
    }
    if let Some(e) = &s.evidence {
        let word = if e.verified {
            lang.t(Msg::Verified)
        } else {
            lang.t(Msg::NotVerified)
        };
        let _ = writeln!(
            out,
            "\n#{}: #mono({})\\\nSHA-256: #mono({})\\\n#{}: *#{}* (#mono({}))\\\n#text(size: 8pt, {})\n",
            lit(lang.t(Msg::TapeFile)),
            lit(&e.place),
            lit(e.sha256),
            lit(lang.t(Msg::SignatureStatus)),
            lit(word),
            lit(e.status),
            lit(lang.t(Msg::HashStatement))
        );
        match &e.attachment {
            // typst embeds JPEG and PNG; a WebP photo is named above, not shown.
            Some(Attachment::Photo { mime, bytes }) => {
                let ext = match *mime {
                    "image/jpeg" => Some("jpg"),
                    "image/png" => Some("png"),
                    _ => None,
                };
                if let Some(ext) = ext {
                    let name = format!("/img/{}.{ext}", images.len());
                    images.push((name.clone(), bytes.to_vec()));
                    let _ = writeln!(
                        out,
                        "*#{}*\n#image({}, height: 9cm)",
                        lit(lang.t(Msg::TapePhoto)),
                        lit(&name)
                    );
                }
            }
            Some(Attachment::Text(text)) => {
                let text: String = text.lines().map(terminal).collect::<Vec<_>>().join("\n");
                let _ = writeln!(
                    out,
                    "*#{}*\n#block(stroke: 0.5pt + luma(150), inset: 4pt)[#set text(dir: ltr, font: \"DejaVu Sans Mono\", size: 6.5pt)\n#align(left, raw({}, block: true))]",
                    lit(lang.t(Msg::TapeText)),
                    lit_raw(&text)
                );
            }
            None => {}
        }
    }
    if let Some((path, line)) = s.published {
        let _ = writeln!(
            out,
            "\n#{}: #mono({}), #{} #{}",
            lit(lang.t(Msg::PublishedResults)),
            lit(path),
            lit(lang.t(Msg::Line)),
            ltr(&line.to_string())
        );
    }
    let _ = writeln!(
        out,
        "\n#text(size: 8pt, fill: luma(90))[#{} #{}]",
        lit(lang.t(Msg::IssuedBy)),
        lit(s.issued_by)
    );
}

/// A typst string literal keeping line feeds (the tape's lines).
fn lit_raw(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The typst markup of the report and the complaint sheets, and the images it names.
pub fn markup(
    r: &ReconcileReport,
    lang: Lang,
    figures: &Figures,
    files: &BTreeMap<String, Vec<u8>>,
) -> (String, Vec<(String, Vec<u8>)>) {
    let mut out = String::from(PREAMBLE);
    // The whole document in the bundle's language, from its first page.
    let _ = writeln!(
        out,
        "#[\n#set text(lang: {}, dir: {})",
        lit(if lang == Lang::Ku { "ku" } else { lang.code() }),
        lang.dir()
    );
    summary(&mut out, r, lang);
    let mut images = Vec::new();
    for s in sheets(r, lang, figures, files) {
        sheet(&mut out, &s, lang, &mut images);
    }
    out.push_str("]\n");
    (out, images)
}

/// The report and its complaint sheets as a PDF.
pub fn render(
    r: &ReconcileReport,
    lang: Lang,
    figures: &Figures,
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<Vec<u8>, String> {
    let (source, images) = markup(r, lang, figures, files);
    // A character typst's layout cannot take (it panicked on U+FDFD) must never take the
    // bundle down: the layout is isolated, and on a failure done again with every character
    // outside the scripts tally prints shown as its code point.
    crate::source::guard::caught(|| typeset(source.clone(), images.clone())).unwrap_or_else(
        |first| {
            crate::source::guard::caught(|| typeset(plain(&source), images))
                .unwrap_or_else(|second| Err(format!("typst failed to lay out the PDF ({first}; then, with plain text, {second}): please report it")))
        },
    )
}

/// Whether tally's fonts and typst's layout are known to handle a character: ASCII, Latin-1,
/// Arabic (with Kurdish and Persian letters), general punctuation (bidi isolates among them).
fn plain_char(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{ff}' | '\u{600}'..='\u{6ff}' | '\u{750}'..='\u{77f}' | '\u{2000}'..='\u{206f}')
}

/// The markup with every other character shown as its code point (`[U+FDFD]`).
fn plain(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    for c in markup.chars() {
        if plain_char(c) {
            out.push(c);
        } else {
            let _ = write!(out, "[U+{:04X}]", c as u32);
        }
    }
    out
}

/// Lays out typst markup and exports it as PDF.
fn typeset(source: String, images: Vec<(String, Vec<u8>)>) -> Result<Vec<u8>, String> {
    crate::source::guard::deliberate_failure("TALLY_TEST_PDF_FAILURE", source.as_bytes());
    let world = world::World::new(source, images);
    let document = typst::compile::<typst::layout::PagedDocument>(&world)
        .output
        .map_err(|errors| {
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        })?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|errors| {
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_text_cannot_escape_its_literal() {
        assert_eq!(lit("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(lit("#set page(width: 1pt)"), "\"#set page(width: 1pt)\"");
        assert_eq!(lit("x\u{202e}y"), "\"x‹U+202E›y\"");
        assert_eq!(lit_raw("l1\nl2"), "\"l1\\nl2\"");
    }
}
