//! The complaint sheets as one print-ready HTML page: each [`Sheet`] drawn, nothing decided
//! here.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{
    column_heads, sheets, shown, Attachment, Figures, Item, Sheet, Statement, StationFigures,
};
use crate::report::lang::{Lang, Msg};
use crate::report::reconcile::model::{IssueRecord, ReconcileReport};
use crate::report::sanitize::html as esc;

const STYLE: &str = "@page{size:A4;margin:14mm}
body{font:11pt/1.4 'Noto Sans','Noto Naskh Arabic','DejaVu Sans',sans-serif;color:#111;margin:0}
section.sheet{break-after:page;page-break-after:always;padding:0 2mm}
section.sheet:last-child{break-after:auto;page-break-after:auto}
h1{font-size:17pt;margin:0 0 2mm}.ids{margin:0 0 3mm;color:#333}
table{border-collapse:collapse;width:100%;margin:2mm 0}th,td{border:1px solid #888;padding:1mm 2mm;text-align:start}
td.n,th.n{text-align:end;font-variant-numeric:tabular-nums;direction:ltr;unicode-bidi:isolate}
tr.diff td{background:#fde2e2;font-weight:bold}
.statement{border:2px solid;padding:2mm 3mm;border-radius:2mm}.verified{border-color:#0a6b2e}.unverified{border-color:#b00020}
.status-verified{color:#0a6b2e;font-weight:bold}.status-unverified{color:#b00020;font-weight:bold}
.hash,code{font-family:'DejaVu Sans Mono',monospace;font-size:8.5pt;word-break:break-all;direction:ltr;unicode-bidi:isolate}
pre.tape{font-family:'DejaVu Sans Mono',monospace;font-size:8pt;border:1px solid #aaa;padding:2mm;direction:ltr;text-align:left;white-space:pre;overflow:hidden;max-height:95mm}
img.tape{max-width:100%;max-height:110mm;border:1px solid #aaa}
footer{font-size:8.5pt;color:#555;margin-top:3mm}
.issue{margin:0 0 3mm;font-weight:bold}
.signature{display:flex;gap:8mm;margin-top:8mm;break-inside:avoid}.signature div{flex:1;border-top:1px solid #111;padding-top:1mm;font-size:9pt}
.signature div:first-child{flex:2}
@media screen{section.sheet{max-width:190mm;margin:6mm auto;border:1px solid #ccc;padding:8mm}}";

fn figures_table(out: &mut String, lang: Lang, f: &StationFigures) {
    let tapes = column_heads(lang, f);
    if f.tapes.len() > 1 {
        let _ = writeln!(
            out,
            "<p class=\"statement unverified\">{}</p><ul>",
            lang.t(Msg::TapesDisagree)
        );
        for (head, (place, status)) in tapes.iter().zip(&f.tapes) {
            let _ = writeln!(
                out,
                "<li>{head}: <code>{}</code> ({})</li>",
                esc(place),
                esc(&lang.status(status.as_str()))
            );
        }
        out.push_str("</ul>\n");
    }
    let _ = write!(
        out,
        "<table class=figures><tr><th>{}</th>",
        lang.t(Msg::Item)
    );
    for head in &tapes {
        let _ = write!(out, "<th class=n>{head}</th>");
    }
    let _ = writeln!(
        out,
        "<th class=n>{}</th><th class=n>{}</th></tr>",
        lang.t(Msg::Published),
        lang.t(Msg::Difference)
    );
    for r in &f.rows {
        let label = match &r.item {
            Item::Field(f) => lang.field(f).to_string(),
            Item::Choice(code, Some(name)) => {
                format!("{} {code} <bdi>{}</bdi>", lang.t(Msg::Choice), esc(name))
            }
            Item::Choice(code, None) => format!("{} {code}", lang.t(Msg::Choice)),
        };
        let class = if r.differs() { " class=diff" } else { "" };
        let _ = write!(out, "<tr{class}><td>{label}</td>");
        for &t in &r.tapes {
            let _ = write!(out, "<td class=n>{}</td>", shown(t));
        }
        let _ = writeln!(
            out,
            "<td class=n>{}</td><td class=n>{}</td></tr>",
            shown(r.published),
            r.difference()
        );
    }
    out.push_str("</table>\n");
}

fn sheet(out: &mut String, s: &Sheet, lang: Lang) {
    let _ = writeln!(
        out,
        "<section class=sheet id=\"sheet-{}\"><h1>{} — {} <bdi>{}</bdi></h1>",
        s.anchor,
        lang.t(Msg::Title),
        lang.t(Msg::Station),
        esc(&s.label)
    );
    let ids: Vec<String> = s
        .ids
        .iter()
        .map(|(m, v)| format!("{} {v}", lang.t(*m)))
        .collect();
    let _ = writeln!(out, "<p class=ids>{}</p>", ids.join(" · "));
    let heading = issue_line(lang, s.issue);
    if !heading.is_empty() {
        let _ = writeln!(out, "<p class=issue>{heading}</p>");
    }
    match &s.statement {
        Statement::Proven { keyring } => {
            let _ = writeln!(
                out,
                "<p class=\"statement verified\">{} {}</p>",
                lang.t(Msg::ProvesVerified),
                lang.t(*keyring)
            );
        }
        Statement::NothingProven { status } => {
            let _ = writeln!(
                out,
                "<p class=\"statement unverified\">{} ({})</p>",
                lang.t(Msg::ProvesNothing),
                esc(&lang.status(status))
            );
        }
    }
    if let Some(f) = s.figures.filter(|f| !f.rows.is_empty()) {
        figures_table(out, lang, f);
    }
    let _ = writeln!(out, "<h2>{}</h2><ul>", lang.t(Msg::Findings));
    for f in &s.findings {
        let _ = writeln!(
            out,
            "<li><b>{}</b> ({}): {}</li>",
            esc(&f.kind),
            f.severity,
            f.detail.html()
        );
    }
    out.push_str("</ul>\n");
    if let Some(e) = &s.evidence {
        let (class, word) = if e.verified {
            ("status-verified", lang.t(Msg::Verified))
        } else {
            ("status-unverified", lang.t(Msg::NotVerified))
        };
        let _ = writeln!(
            out,
            "<p>{}: <code>{}</code><br>SHA-256: <span class=hash>{}</span><br>{}: <span class={class}>{word}</span>{}</p><p><small>{}</small></p>",
            lang.t(Msg::TapeFile),
            esc(&e.place),
            esc(e.sha256),
            lang.t(Msg::SignatureStatus),
            status_why(lang, e),
            lang.t(s.hash_statement)
        );
        match &e.attachment {
            Some(Attachment::Photo { mime, bytes }) => {
                use ct_codecs::{Base64, Encoder as _};
                let b64 = Base64::encode_to_string(bytes).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "<h2>{}</h2><img class=tape alt=\"{}\" src=\"data:{mime};base64,{b64}\">",
                    lang.t(Msg::TapePhoto),
                    lang.t(Msg::TapePhoto)
                );
            }
            Some(Attachment::Text(text)) => {
                let _ = writeln!(
                    out,
                    "<h2>{}</h2><pre class=tape>{}</pre>",
                    lang.t(Msg::TapeText),
                    text.lines().map(esc).collect::<Vec<_>>().join("\n")
                );
            }
            None => {}
        }
    }
    if let Some((path, line)) = s.published {
        let _ = writeln!(
            out,
            "<p>{}: <code>{}</code>{} {} {line}</p>",
            lang.t(Msg::PublishedResults),
            esc(path),
            lang.comma(),
            lang.t(Msg::Line)
        );
    }
    let _ = writeln!(
        out,
        "<div class=signature><div>{}{}</div><div>{}</div></div>",
        lang.t(Msg::SignatureBlock),
        s.issue
            .network
            .as_deref()
            .map_or(String::new(), |n| format!(" — <bdi>{}</bdi>", esc(n))),
        lang.t(Msg::Date)
    );
    let _ = writeln!(
        out,
        "<footer>{} {}</footer></section>",
        lang.t(Msg::IssuedBy),
        esc(s.issued_by)
    );
}

/// The heading's known parts, labelled and escaped: `Election: IQ-2025-CR · Observer
/// network: … · Date of issue: 2026-12-07`.
pub(crate) fn issue_line(lang: Lang, issue: &IssueRecord) -> String {
    issue
        .parts()
        .into_iter()
        .map(|(m, v)| match m {
            Msg::IssuedOn => format!("{}: <bdi dir=ltr>{}</bdi>", lang.t(m), esc(v)),
            _ => format!("{}: <bdi>{}</bdi>", lang.t(m), esc(v)),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// ` (bad-signature)` after "NOT VERIFIED": the status in words, unless it is `verified`.
fn status_why(lang: Lang, e: &super::Evidence) -> String {
    if e.verified {
        String::new()
    } else {
        format!(" ({})", esc(&lang.status(e.status)))
    }
}

/// The complaint sheets of every station with a discrepancy, as one print-ready HTML page.
/// `files` holds the bundle's files by path (tape photos are embedded from it).
pub fn render(
    r: &ReconcileReport,
    lang: Lang,
    figures: &Figures,
    files: &BTreeMap<String, Vec<u8>>,
) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang={} dir={}>\n<head><meta charset=utf-8><title>{}</title><style>{STYLE}</style></head>\n<body>\n",
        lang.code(),
        lang.dir(),
        lang.t(Msg::Title)
    );
    for s in sheets(r, lang, figures, files) {
        sheet(&mut out, &s, lang);
    }
    out.push_str("</body>\n</html>\n");
    out
}
