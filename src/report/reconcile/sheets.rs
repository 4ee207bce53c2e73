//! Complaint sheets: one printed page per station with findings — the station, the tape's
//! figures beside the published ones with every difference highlighted, the tape itself (its
//! photo embedded, or its text), its file, hash and verification status, and what the
//! signature proves, in plain words, in English, Arabic or Sorani Kurdish.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::model::{ReconcileReport, StationRecord};
use super::{signed, station_label};
use crate::report::lang::{Lang, Msg};
use crate::report::sanitize::html as esc;

/// What a row of a sheet's figures is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A turnout field: `registered` … `valid`.
    Field(&'static str),
    /// A choice, with its name as the tape prints it.
    Choice(u32, Option<String>),
}

/// One figure of a station, on the tape and as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureRow {
    /// What it counts.
    pub item: Item,
    /// The tape's figure.
    pub tape: Option<u32>,
    /// The published figure.
    pub published: Option<u32>,
}

/// The figures of every station, by (centre, station).
pub type Figures = BTreeMap<(u32, u32), Vec<FigureRow>>;

/// Whether a station gets a complaint sheet: it has a discrepancy (not only a missing or
/// unreadable tape, or a reading nothing proves).
pub fn has_sheet(s: &StationRecord) -> bool {
    s.findings.iter().any(|f| f.kind.is_discrepancy())
}

/// What kind of image a file is, for a `data:` URI (`None`: not an image a browser shows).
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xD8\xFF") {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

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
@media screen{section.sheet{max-width:190mm;margin:6mm auto;border:1px solid #ccc;padding:8mm}}";

fn figures_table(out: &mut String, lang: Lang, rows: &[FigureRow]) {
    let _ = writeln!(
        out,
        "<table class=figures><tr><th>{}</th><th class=n>{}</th><th class=n>{}</th><th class=n>{}</th></tr>",
        lang.t(Msg::Item),
        lang.t(Msg::Tape),
        lang.t(Msg::Published),
        lang.t(Msg::Difference)
    );
    for r in rows {
        let label = match &r.item {
            Item::Field(f) => lang.field(f).to_string(),
            Item::Choice(code, Some(name)) => {
                format!("{} {code} <bdi>{}</bdi>", lang.t(Msg::Choice), esc(name))
            }
            Item::Choice(code, None) => format!("{} {code}", lang.t(Msg::Choice)),
        };
        let show = |v: Option<u32>| v.map_or("—".to_string(), |v| v.to_string());
        let diff = match (r.tape, r.published) {
            (Some(t), Some(p)) => signed(i64::from(p) - i64::from(t)),
            (None, None) => String::new(),
            _ => "≠".into(),
        };
        let class = if r.tape != r.published {
            " class=diff"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<tr{class}><td>{label}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{diff}</td></tr>",
            show(r.tape),
            show(r.published)
        );
    }
    out.push_str("</table>\n");
}

fn sheet(
    out: &mut String,
    r: &ReconcileReport,
    s: &StationRecord,
    lang: Lang,
    figures: &Figures,
    files: &BTreeMap<String, Vec<u8>>,
) {
    let label = station_label(s.center, s.station);
    let opt = |v: Option<u32>| v.map_or("?".to_string(), |v| v.to_string());
    let _ = writeln!(
        out,
        "<section class=sheet id=\"sheet-{label}\"><h1>{} — {} <bdi>{label}</bdi></h1>",
        lang.t(Msg::Title),
        lang.t(Msg::Station)
    );
    let _ = writeln!(
        out,
        "<p class=ids>{} {} · {} {} · {} {} · {} {}</p>",
        lang.t(Msg::Governorate),
        opt(s.governorate),
        lang.t(Msg::District),
        opt(s.district),
        lang.t(Msg::Centre),
        s.center,
        lang.t(Msg::Station),
        s.station
    );
    let verified = s.tape_status.as_str() == "verified";
    let authenticated = r.keyring.as_ref().is_some_and(|k| k.authenticated);
    if verified {
        let keyring = if authenticated {
            lang.t(Msg::KeyringAuthenticated)
        } else {
            lang.t(Msg::KeyringNotAuthenticated)
        };
        let _ = writeln!(
            out,
            "<p class=\"statement verified\">{} {keyring}</p>",
            lang.t(Msg::ProvesVerified)
        );
    } else {
        let _ = writeln!(
            out,
            "<p class=\"statement unverified\">{} (<code>{}</code>)</p>",
            lang.t(Msg::ProvesNothing),
            esc(s.tape_status.as_str())
        );
    }
    if let Some(rows) = figures.get(&(s.center, s.station)) {
        figures_table(out, lang, rows);
    }
    let _ = writeln!(out, "<h2>{}</h2><ul>", lang.t(Msg::Findings));
    for f in &s.findings {
        let _ = writeln!(
            out,
            "<li><b>{}</b> ({}): {}</li>",
            esc(&lang.kind(f.kind.as_str())),
            lang.severity(f.severity.as_str()),
            super::words::detail(lang, f, s).html()
        );
    }
    out.push_str("</ul>\n");
    if let Some(copy) = s.tapes.first().and_then(|t| t.copies.first()) {
        let status_class = if copy.status.as_str() == "verified" {
            "status-verified"
        } else {
            "status-unverified"
        };
        let word = if copy.status.as_str() == "verified" {
            lang.t(Msg::Verified)
        } else {
            lang.t(Msg::NotVerified)
        };
        let _ = writeln!(
            out,
            "<p>{}: <code>{}</code><br>SHA-256: <span class=hash>{}</span><br>{}: <span class={status_class}>{word}</span> (<code>{}</code>)</p><p><small>{}</small></p>",
            lang.t(Msg::TapeFile),
            esc(&copy.path),
            esc(copy.sha256.as_deref().unwrap_or("-")),
            lang.t(Msg::SignatureStatus),
            copy.status.as_str(),
            lang.t(Msg::HashStatement)
        );
        if let Some(bytes) = files.get(&copy.path) {
            if let Some(mime) = image_type(bytes) {
                use ct_codecs::{Base64, Encoder as _};
                let b64 = Base64::encode_to_string(bytes).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "<h2>{}</h2><img class=tape alt=\"{}\" src=\"data:{mime};base64,{b64}\">",
                    lang.t(Msg::TapePhoto),
                    lang.t(Msg::TapePhoto)
                );
            } else if let Ok(text) = std::str::from_utf8(bytes) {
                let _ = writeln!(
                    out,
                    "<h2>{}</h2><pre class=tape>{}</pre>",
                    lang.t(Msg::TapeText),
                    text.lines().map(esc).collect::<Vec<_>>().join("\n")
                );
            }
        }
    }
    if let Some(line) = s.published_line {
        let _ = writeln!(
            out,
            "<p>{}: <code>{}</code>, {} {line}</p>",
            lang.t(Msg::PublishedResults),
            esc(&r.published.path),
            lang.t(Msg::Line)
        );
    }
    let _ = writeln!(
        out,
        "<footer>{} {}</footer></section>",
        lang.t(Msg::IssuedBy),
        esc(&r.tool_version)
    );
}

/// The complaint sheets of every station with findings, as one print-ready HTML page.
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
    for s in r.stations.iter().filter(|s| has_sheet(s)) {
        sheet(&mut out, r, s, lang, figures, files);
    }
    out.push_str("</body>\n</html>\n");
    out
}
