//! PDF of the reconciliation report and its complaint sheets, typeset by typst used as a
//! library: the report is written as typst markup (every untrusted text as an escaped string
//! literal), laid out with the fonts built into tally, Arabic and Kurdish shaped and set right
//! to left by typst, and exported with the fonts embedded.

mod text;
mod world;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::lang::{Lang, Msg, Rich, Say};
use super::reconcile::model::{IssueRecord, ReconcileReport};
use super::reconcile::{figures, words};
use super::sanitize::terminal;
use super::sheet::{
    column_heads, has_sheet, sheets, shown, Attachment, Figures, Item, Sheet, Statement,
    StationFigures,
};
use text::{inner, lit, lit_raw, ltr, plain};

const PREAMBLE: &str = r##"#set page(paper: "a4", margin: (x: 14mm, y: 16mm))
#set text(font: ("Noto Sans", "Noto Naskh Arabic", "DejaVu Sans Mono"), size: 9.5pt)
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
    issue_line(out, lang, &r.issue);
    let keyring = words::keyring(lang, r);
    let _ = writeln!(out, "#{}\n", rich(&keyring));
    let (proven, rest) = words::headline(lang, o);
    let _ = writeln!(
        out,
        "#text(size: 12pt, weight: \"bold\", {})\n",
        rich(&proven)
    );
    if !rest.is_empty() {
        let rest: Vec<String> = rest
            .into_iter()
            .map(|(say, n)| format!("#{} #{}", ltr(&n.to_string()), lit(lang.say(say))))
            .collect();
        let _ = writeln!(
            out,
            "#{}: {}\n",
            lit(lang.say(Say::AlsoWithFindings)),
            rest.join(&format!("#{}", lit(lang.list_separator())))
        );
    }
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

fn figures_table(out: &mut String, lang: Lang, f: &StationFigures) {
    let heads = column_heads(lang, f);
    if f.tapes.len() > 1 {
        let _ = writeln!(
            out,
            "#statement(\"#b00020\")[#{}]",
            lit(lang.t(Msg::TapesDisagree))
        );
        for (head, (place, status)) in heads.iter().zip(&f.tapes) {
            let _ = writeln!(
                out,
                "- #{}: #mono({}) (#{})",
                lit(head),
                lit(place),
                lit(&lang.status(status.as_str()))
            );
        }
    }
    let columns = ["1fr"]
        .into_iter()
        .chain(std::iter::repeat_n("auto", heads.len() + 2))
        .collect::<Vec<_>>()
        .join(", ");
    let align = ["start"]
        .into_iter()
        .chain(std::iter::repeat_n("end", heads.len() + 2))
        .collect::<Vec<_>>()
        .join(", ");
    let mut header = vec![lit(lang.t(Msg::Item))];
    header.extend(heads.iter().map(|h| lit(h)));
    header.push(lit(lang.t(Msg::Published)));
    header.push(lit(lang.t(Msg::Difference)));
    let header: Vec<String> = header.into_iter().map(|h| format!("[*#{h}*]")).collect();
    let _ = writeln!(
        out,
        "#table(columns: ({columns}), align: ({align}),\n  table.header({}),",
        header.join(", ")
    );
    for row in &f.rows {
        let item = match &row.item {
            Item::Field(f) => lit(lang.field(f)),
            Item::Choice(code, name) => format!(
                "\"{} {code}{}\"",
                inner(lang.t(Msg::Choice)),
                name.as_ref()
                    .map_or(String::new(), |n| format!(" \u{2068}{}\u{2069}", inner(n)))
            ),
        };
        let mut cells = vec![item];
        cells.extend(row.tapes.iter().map(|&t| ltr(&shown(t))));
        cells.push(ltr(&shown(row.published)));
        cells.push(ltr(&row.difference()));
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
    issue_line(out, lang, s.issue);
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
                "#statement(\"#b00020\")[#{} (#{})]",
                lit(lang.t(Msg::ProvesNothing)),
                lit(&lang.status(status))
            );
        }
    }
    // The figures, findings and evidence; the tape itself beside them, so that a sheet
    // is one page wherever it can be.
    let mut left = String::new();
    let mut right = String::new();
    if let Some(f) = s.figures.filter(|f| !f.rows.is_empty()) {
        figures_table(&mut left, lang, f);
    }
    let _ = writeln!(left, "== #{}", lit(lang.t(Msg::Findings)));
    for f in &s.findings {
        let _ = writeln!(
            left,
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
            left,
            "\n#{}: #mono({})\\\nSHA-256: #mono({})\\\n#{}: *#{}*{}\\\n#text(size: 8pt, {})\n",
            lit(lang.t(Msg::TapeFile)),
            lit(&e.place),
            lit(e.sha256),
            lit(lang.t(Msg::SignatureStatus)),
            lit(word),
            if e.verified {
                String::new()
            } else {
                format!(" (#{})", lit(&lang.status(e.status)))
            },
            lit(lang.t(s.hash_statement))
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
                        right,
                        "*#{}*\n#image({}, width: 6cm, height: 15cm, fit: \"contain\")",
                        lit(lang.t(Msg::TapePhoto)),
                        lit(&name)
                    );
                }
            }
            Some(Attachment::Text(text)) => {
                let text: String = text.lines().map(terminal).collect::<Vec<_>>().join("\n");
                let _ = writeln!(
                    right,
                    "*#{}*\n#block(stroke: 0.5pt + luma(150), inset: 4pt)[#set text(dir: ltr, font: \"DejaVu Sans Mono\", size: 6.5pt)\n#align(left, raw({}, block: true))]",
                    lit(lang.t(Msg::TapeText)),
                    lit_raw(&text)
                );
            }
            None => {}
        }
    }
    if right.is_empty() {
        out.push_str(&left);
    } else {
        let _ = writeln!(
            out,
            "#grid(columns: (1fr, 6cm), column-gutter: 5mm, [\n{left}], [\n{right}])"
        );
    }
    // The published file's line and the signature block stay together: a sheet never ends
    // with a page holding only its signature lines (the footer is the page's own).
    let published = s.published.map_or(String::new(), |(path, line)| {
        format!(
            "#{}: #mono({})#{} #{} #{}\\\n",
            lit(lang.t(Msg::PublishedResults)),
            lit(path),
            lit(lang.comma()),
            lit(lang.t(Msg::Line)),
            ltr(&line.to_string())
        )
    });
    let network = s
        .issue
        .network
        .as_deref()
        .map_or(String::new(), |n| format!(" — #{}", lit(n)));
    let _ = writeln!(
        out,
        "\n#block(breakable: false)[{published}#grid(columns: (2fr, 1fr), column-gutter: 8mm, row-gutter: 1mm, v(14mm), v(14mm), line(length: 100%, stroke: 0.6pt), line(length: 100%, stroke: 0.6pt), text(size: 8.5pt)[#{}{network}], text(size: 8.5pt)[#{}])]",
        lit(lang.t(Msg::SignatureBlock)),
        lit(lang.t(Msg::Date)),
    );
}

/// The heading's known parts in bold: election, observer network, date of issue.
fn issue_line(out: &mut String, lang: Lang, issue: &IssueRecord) {
    let parts: Vec<String> = issue
        .parts()
        .into_iter()
        .map(|(m, v)| match m {
            Msg::IssuedOn => format!("#{}: #{}", lit(lang.t(m)), ltr(v)),
            _ => format!("#{}: #\"\u{2068}{}\u{2069}\"", lit(lang.t(m)), inner(v)),
        })
        .collect();
    if !parts.is_empty() {
        let _ = writeln!(out, "#text(weight: \"bold\")[{}]\n", parts.join(" · "));
    }
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
    // Who issued it, at the foot of every page: never a page of its own.
    let _ = writeln!(
        out,
        "#set page(footer: text(size: 8pt, fill: luma(90))[#{} #{} #h(1fr) #context counter(page).display()])",
        lit(lang.t(Msg::IssuedBy)),
        ltr(&r.tool_version)
    );
    summary(&mut out, r, lang);
    let mut images = Vec::new();
    for s in sheets(r, lang, figures, files) {
        sheet(&mut out, &s, lang, &mut images);
    }
    out.push_str("]\n");
    (out, images)
}

/// The PDF renderer of `tally reconcile --format pdf`: the summary and the complaint sheets,
/// with the tapes' figures and files when it is given them.
pub struct Pdf {
    lang: Lang,
    figures: Figures,
    files: BTreeMap<String, Vec<u8>>,
}

impl Pdf {
    /// Sheets without the tapes: each names its tape file, hash and status, no figures.
    pub fn new(lang: Lang) -> Pdf {
        Pdf::with_tapes(lang, Figures::new(), BTreeMap::new())
    }

    /// Sheets with each station's figures and its tape's file (photo or text) by path.
    pub fn with_tapes(lang: Lang, figures: Figures, files: BTreeMap<String, Vec<u8>>) -> Pdf {
        Pdf {
            lang,
            figures,
            files,
        }
    }
}

impl super::reconcile::Exporter for Pdf {
    fn write(&self, report: &ReconcileReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let pdf =
            render(report, self.lang, &self.figures, &self.files).map_err(std::io::Error::other)?;
        out.write_all(&pdf)
    }
}

/// The report and its complaint sheets as a PDF.
pub fn render(
    r: &ReconcileReport,
    lang: Lang,
    figures: &Figures,
    files: &BTreeMap<String, Vec<u8>>,
) -> Result<Vec<u8>, String> {
    let (source, images) = markup(r, lang, figures, files);
    // Text typst's layout cannot take (typst 0.13.1 panics on `﷽ ﷽` in left-to-right text,
    // which `text::inner` now isolates) must never take the bundle down: the layout is
    // isolated, and on a failure done again with every character outside the scripts tally
    // prints shown as its code point.
    crate::source::guard::caught(|| typeset(source.clone(), images.clone())).unwrap_or_else(
        |first| {
            crate::source::guard::caught(|| typeset(plain(&source), images))
                .unwrap_or_else(|second| Err(format!("typst failed to lay out the PDF ({first}; then, with plain text, {second}): please report it")))
        },
    )
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

    /// Text typst 0.13.1's layout panicked on (`﷽ ﷽`, and more: right-to-left-script
    /// characters without a direction of their own, shaped left to right), and random text of
    /// such characters, in left-to-right and right-to-left pages, in a paragraph, a table
    /// cell and the tape's raw block: laid out at the first attempt, never by the fallback.
    #[test]
    fn text_that_made_typst_panic_is_laid_out() {
        use rand::{Rng as _, SeedableRng as _};
        let alphabet = [
            "\u{FDFD}", " ", "ب", "a", "1", "،", "\u{2009}", "\u{A0}", "٤", "٥", "٪", "۴", "۞",
            "۩", "﴾", "\u{0606}", "-", "(", "\u{064B}", "\u{0670}", "\u{2066}", "\u{2068}",
            "\u{2069}", "ﷺ", "\u{200B}",
        ];
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(24);
        let mut texts: Vec<String> = ["﷽ ﷽", "﷽  ب", "﷽ ،", "﷽\u{A0}﷽", "a-۞ً٪a", "٤٥٪(﷽"]
            .map(String::from)
            .to_vec();
        for _ in 0..150 {
            let n = rng.gen_range(1..9);
            texts.push(
                (0..n)
                    .map(|_| alphabet[rng.gen_range(0..alphabet.len())])
                    .collect(),
            );
        }
        for dir in ["ltr", "rtl"] {
            for text in &texts {
                let markup = format!(
                    "{PREAMBLE}#set text(dir: {dir})\n#{}\n#table(columns: (1fr, auto), [#{}], [1])\n#raw({}, block: true)\n",
                    lit(text),
                    lit(text),
                    lit_raw(text)
                );
                let laid = crate::source::guard::caught(|| typeset(markup, Vec::new()));
                assert!(matches!(laid, Ok(Ok(_))), "{text:?} ({dir}): {laid:?}");
            }
        }
    }
}
