//! A self-contained HTML page in the report's language: the summary and the net vote shift
//! (as a table and an inline SVG chart) first, the governorates at a glance, then the stations
//! with findings ranked by severity, every figure with its tape's file, hash and verification
//! status; readings nothing proves apart. Values are isolated (`<bdi dir=ltr>`, figures set
//! left to right) so Arabic reads right to left without turning `+71` into `71+`.

use std::fmt::Write as _;

use super::model::{
    AreaRecord, FindingRecord, Outcome, ReconcileReport, ShiftRecord, StationRecord,
};
use super::words::{self, shift_parts};
use super::{figures, TextExporter};
use crate::report::lang::{Lang, Msg, Rich, Say};
use crate::report::sanitize::html as esc;

/// The HTML renderer.
pub struct Html {
    /// The language of the page.
    pub lang: Lang,
}

const STYLE: &str = "body{font:15px/1.45 system-ui,'Noto Sans','Noto Sans Arabic',sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#1a1a1a}
h1{font-size:1.6em}h2{border-bottom:2px solid #333;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0;width:100%}th,td{border:1px solid #bbb;padding:.25em .5em;text-align:start;vertical-align:top}
td.n,th.n{text-align:end;font-variant-numeric:tabular-nums}.hash{font-family:monospace;font-size:.8em;word-break:break-all}
.critical{background:#fde2e2}.high{background:#fbe9d0}.medium{background:#fff7cc}.low,.info{background:#f3f3f3}
.verified{color:#0a6b2e;font-weight:bold}.unproven{color:#8a5a00;font-weight:bold}.forged{color:#b00020;font-weight:bold}
.headline{font-size:1.35em;font-weight:bold;margin:.4em 0}.kpi{display:flex;flex-wrap:wrap;gap:1em}.kpi div{border:1px solid #bbb;border-radius:6px;padding:.5em 1em;min-width:9em}.kpi b{display:block;font-size:1.5em}
article.station{page-break-inside:avoid;border:1px solid #999;border-radius:6px;padding:.4em 1em;margin:1em 0}
.warn{background:#b00020;color:#fff;padding:.5em 1em;border-radius:6px}
svg.shift{max-width:100%;height:auto;direction:ltr}svg.shift text{font-size:12px;fill:#1a1a1a}
.check{background:#f3f3f3}
@media print{body{margin:0;max-width:none}article.station{break-inside:avoid}}";

fn status_class(status: &str) -> &'static str {
    match status {
        "verified" => "verified",
        "bad-signature" | "key-revoked" | "key-out-of-scope" | "key-expired" => "forged",
        _ => "unproven",
    }
}

/// A status as the page says it: the status itself in English; elsewhere whether it is
/// verified, in the language, with the status beside it.
fn status_words(lang: Lang, status: &str) -> String {
    match (lang, status) {
        (Lang::En, _) => esc(status),
        (_, "verified") => lang.t(Msg::Verified).to_string(),
        (_, "missing") => lang.kind("tape-missing"),
        _ => format!(
            "{}: {}",
            lang.t(Msg::NotVerified),
            esc(&lang.status(status))
        ),
    }
}

fn kpi(out: &mut String, label: &str, value: &str) {
    let _ = write!(
        out,
        "<div><b><bdi dir=ltr>{}</bdi></b>{}</div>",
        esc(value),
        esc(label)
    );
}

/// A table's header row: each heading with whether its column holds figures (set to the
/// end of the cell).
fn head(cells: &[(&str, bool)]) -> String {
    let mut row = String::from("<tr>");
    for (text, figures) in cells {
        let class = if *figures { " class=n" } else { "" };
        let _ = write!(row, "<th{class}>{}</th>", esc(text));
    }
    row.push_str("</tr>");
    row
}

/// A value in a cell, kept left to right.
fn n(value: &str) -> String {
    format!("<bdi dir=ltr>{}</bdi>", esc(value))
}

/// The net shift as horizontal bars about a zero line: gains (published above the tapes) to
/// the right, losses to the left, each with its choice and figure. Inline, no script.
fn shift_chart(out: &mut String, shifts: &[ShiftRecord], title: &str) {
    const ROW: usize = 22;
    const LABEL: f64 = 270.0;
    const HALF: f64 = 190.0;
    let widest = shifts
        .iter()
        .map(|s| s.shift.unsigned_abs())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let height = ROW * shifts.len() + 10;
    let zero = LABEL + HALF + 40.0;
    let _ = writeln!(
        out,
        "<svg class=shift xmlns=\"http://www.w3.org/2000/svg\" role=img width=\"{w}\" height=\"{height}\" viewBox=\"0 0 {w} {height}\"><title>{}</title>",
        esc(title),
        w = zero + HALF + 60.0,
    );
    let _ = writeln!(
        out,
        "<line x1=\"{zero}\" y1=\"0\" x2=\"{zero}\" y2=\"{height}\" stroke=\"#333\"/>"
    );
    for (i, s) in shifts.iter().enumerate() {
        let (label, value) = shift_parts(s);
        let y = (i * ROW + 5) as f64;
        let len = (s.shift.unsigned_abs() as f64 / widest * HALF).max(1.0);
        let (x, colour, anchor, tx) = if s.shift >= 0 {
            (zero, "#b00020", "start", zero + len + 4.0)
        } else {
            (zero - len, "#1f5fa8", "end", zero - len - 4.0)
        };
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{x:.1}\" y=\"{y}\" width=\"{len:.1}\" height=\"{}\" fill=\"{colour}\"/><text x=\"{tx:.1}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
            LABEL,
            y + 14.0,
            esc(&label),
            ROW - 6,
            y + 14.0,
            esc(&value)
        );
    }
    out.push_str("</svg>\n");
}

fn shift_table(out: &mut String, lang: Lang, shifts: &[ShiftRecord]) {
    let _ = writeln!(
        out,
        "<table class=shift>{}",
        head(&[(lang.t(Msg::Choice), false), (lang.say(Say::Votes), true)])
    );
    for s in shifts {
        let (label, value) = shift_parts(s);
        let _ = writeln!(
            out,
            "<tr><td><bdi>{}</bdi></td><td class=n>{}</td></tr>",
            esc(&label),
            n(&value)
        );
    }
    out.push_str("</table>\n");
}

/// One governorate's row, shaded by the share of its stations with findings.
fn area_row(out: &mut String, a: &AreaRecord, label: String) {
    let share = if a.stations == 0 {
        0.0
    } else {
        a.stations_with_findings as f64 / a.stations as f64
    };
    let largest = a
        .net_vote_shift
        .iter()
        .max_by_key(|s| (s.shift.unsigned_abs(), std::cmp::Reverse(s.choice)))
        .map(|s| {
            let (label, value) = shift_parts(s);
            format!("<bdi>{}</bdi> {}", esc(&label), n(&value))
        })
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<tr style=\"background:rgba(176,0,32,{:.2})\"><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td>{largest}</td></tr>",
        share * 0.6,
        esc(&label),
        a.stations_published,
        n(&format!("{:.1}%", a.coverage * 100.0)),
        n(&format!("{:.1}%", a.coverage_verified * 100.0)),
        a.stations_with_findings,
    );
}

/// What a finding rests on, in words that agree with its station's heading.
fn proof(lang: Lang, f: &FindingRecord, s: &StationRecord) -> Rich {
    match f.kind.as_str() {
        "published-arithmetic" | "published-conflict" => {
            Rich::words(lang.say(Say::RestsOnPublished))
        }
        _ if f.verified => Rich::words(lang.say(Say::RestsOnVerified)),
        _ => Rich::fill(
            lang.say(Say::RestsOnNotProven),
            &[lang.status(s.tape_status.as_str())],
        ),
    }
}

fn station_heading(out: &mut String, lang: Lang, s: &StationRecord) {
    let severity = s.severity.map_or("info", |v| v.as_str());
    let status = s.tape_status.as_str();
    let opt = |v: Option<u32>| v.map_or("?".into(), |v| v.to_string());
    let label = s.label();
    let _ = writeln!(
        out,
        "<article class=\"station {severity}\" id=\"s-{}-{}\"><h3>{} {} <small>{} {}{} {} {}</small> — {} <span class={}>{}</span></h3>",
        s.center,
        s.station,
        lang.t(Msg::Station),
        n(&label),
        lang.t(Msg::Governorate),
        n(&opt(s.governorate)),
        lang.comma(),
        lang.t(Msg::District),
        n(&opt(s.district)),
        lang.t(Msg::Tape),
        status_class(status),
        status_words(lang, status)
    );
}

fn station(out: &mut String, lang: Lang, s: &StationRecord) {
    station_heading(out, lang, s);
    let _ = writeln!(
        out,
        "<table>{}",
        head(&[
            (lang.say(Say::Severity), false),
            (lang.say(Say::Finding), false),
            (lang.say(Say::About), false),
            (lang.t(Msg::Tape), true),
            (lang.t(Msg::Published), true),
            (lang.t(Msg::Difference), true),
            (lang.say(Say::Details), false),
        ])
    );
    for f in &s.findings {
        let (tape, published, diff) = figures(f);
        let sev = f.severity.as_str();
        let _ = writeln!(
            out,
            "<tr class={sev}><td>{}</td><td>{}</td><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td>{}<br><small>{}</small></td></tr>",
            lang.severity(sev),
            esc(&lang.kind(f.kind.as_str())),
            words::about(lang, f).html(),
            n(&tape),
            n(&published),
            n(&diff),
            words::detail(lang, f, s).html(),
            proof(lang, f, s).html()
        );
    }
    out.push_str("</table>\n");
    tape_files(out, lang, s);
    if let Some(line) = s.published_line {
        let _ = writeln!(
            out,
            "<p>{}: {} {}.</p>",
            lang.t(Msg::PublishedResults),
            lang.t(Msg::Line),
            n(&line.to_string())
        );
    }
    out.push_str("</article>\n");
}

fn tape_files(out: &mut String, lang: Lang, s: &StationRecord) {
    for t in &s.tapes {
        for c in &t.copies {
            let file = Rich::fill(
                lang.say(Say::TapeFileIs),
                &[
                    c.located(),
                    lang.source(c.source.as_str()),
                    lang.status(c.status.as_str()),
                ],
            );
            // The reason is the verifier's own English sentence: kept for English pages only.
            let reason = match lang {
                Lang::En => format!(": {}", esc(&t.reason)),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "<p>{}{reason}<br>SHA-256 <span class=hash>{}</span></p>",
                file.html(),
                esc(c.sha256.as_deref().unwrap_or("-"))
            );
        }
    }
}

fn keyring(out: &mut String, lang: Lang, r: &ReconcileReport) {
    let text = words::keyring(lang, r);
    let class = match &r.keyring {
        Some(k) if k.authenticated => "",
        _ => " class=warn",
    };
    let _ = writeln!(out, "<p{class}>{}</p>", text.html());
}

fn summary(out: &mut String, lang: Lang, r: &ReconcileReport) {
    let o = &r.summary.overall;
    let _ = writeln!(
        out,
        "<section id=summary><h2>{}</h2>",
        lang.say(Say::Summary)
    );
    keyring(out, lang, r);
    let (proven, rest) = words::headline(lang, o);
    let _ = writeln!(out, "<p class=headline>{}</p>", proven.html());
    if !rest.is_empty() {
        let _ = write!(out, "<p>{}:", esc(lang.say(Say::AlsoWithFindings)));
        for (i, (say, n)) in rest.into_iter().enumerate() {
            let sep = if i == 0 { " " } else { lang.list_separator() };
            let _ = write!(out, "{sep}<bdi dir=ltr>{n}</bdi> {}", esc(lang.say(say)));
        }
        out.push_str("</p>\n");
    }
    out.push_str("<div class=kpi>");
    for (label, value) in words::counts(o) {
        kpi(out, lang.say(label), &value);
    }
    out.push_str("</div>\n");
    let title = lang.say(Say::ShiftVerified);
    let _ = writeln!(out, "<h3>{}</h3>", esc(title));
    if o.net_vote_shift.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", lang.say(Say::ShiftNone));
    } else {
        shift_chart(out, &o.net_vote_shift, title);
        shift_table(out, lang, &o.net_vote_shift);
    }
    if !o.net_vote_shift_unverified.is_empty() {
        let _ = writeln!(out, "<h3>{}</h3>", lang.say(Say::ShiftNotProven));
        shift_table(out, lang, &o.net_vote_shift_unverified);
    }
    let _ = writeln!(
        out,
        "<h3>{}</h3><table>{}",
        lang.say(Say::ByGovernorate),
        head(&[
            (lang.t(Msg::Governorate), false),
            (lang.say(Say::PublishedStations), true),
            (lang.say(Say::Coverage), true),
            (lang.say(Say::CoverageVerified), true),
            (lang.say(Say::WithFindings), true),
            (lang.say(Say::NetShift), false),
        ])
    );
    for g in &r.summary.governorates {
        let label = g
            .governorate
            .map_or(lang.say(Say::Unknown).to_string(), |g| g.to_string());
        area_row(out, g, label);
    }
    out.push_str("</table>\n");
    if !o.findings.is_empty() {
        let _ = writeln!(
            out,
            "<h3>{}</h3><table>{}",
            lang.say(Say::FindingsByKind),
            head(&[(lang.say(Say::Kind), false), (lang.say(Say::Count), true)])
        );
        for (k, count) in &o.findings {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=n>{count}</td></tr>",
                esc(&lang.kind(k))
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</section>\n");
}

/// Stations whose only finding is a reading nothing proves or a photo that could not be read.
fn to_check(out: &mut String, lang: Lang, r: &ReconcileReport) {
    let rows: Vec<(&StationRecord, &FindingRecord)> = r
        .stations
        .iter()
        .flat_map(|s| s.findings.iter().map(move |f| (s, f)))
        .filter(|(_, f)| matches!(f.kind.as_str(), "tape-unproven" | "tape-unreadable"))
        .collect();
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=check><h2>{}</h2><p>{}</p><table>{}",
        lang.say(Say::ToCheck),
        lang.say(Say::ToCheckIntro),
        head(&[
            (lang.t(Msg::Station), false),
            (lang.say(Say::Finding), false),
            (lang.say(Say::Details), false),
        ])
    );
    for (s, f) in rows {
        let _ = writeln!(
            out,
            "<tr class=check><td>{}</td><td>{}</td><td>{}</td></tr>",
            n(&s.label()),
            esc(&lang.kind(f.kind.as_str())),
            words::detail(lang, f, s).html()
        );
    }
    out.push_str("</table></section>\n");
}

/// The OCR readings attributed to no station: listed, counted nowhere.
fn unattributed(out: &mut String, lang: Lang, r: &ReconcileReport) {
    if r.unattributed.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=unattributed><h2>{}</h2><p>{}</p><table>{}",
        lang.say(Say::Unattributed),
        esc(lang.say(Say::UnattributedIntro)),
        head(&[
            (lang.say(Say::File), false),
            (lang.say(Say::ReadAs), false),
            ("SHA-256", false),
        ])
    );
    for u in &r.unattributed {
        let _ = writeln!(
            out,
            "<tr class=check><td><bdi dir=ltr>{}</bdi></td><td>{}</td><td><bdi dir=ltr>{}</bdi></td></tr>",
            esc(&u.path),
            n(&u.read_as),
            esc(u.sha256.as_deref().unwrap_or(""))
        );
    }
    out.push_str("</table></section>\n");
}

fn inputs(out: &mut String, lang: Lang, r: &ReconcileReport) {
    let _ = writeln!(
        out,
        "<section id=inputs><h2>{}</h2><table>{}",
        lang.say(Say::Inputs),
        head(&[
            (lang.say(Say::File), false),
            (lang.say(Say::Kind), false),
            (lang.say(Say::Outcome), false),
            (lang.say(Say::Reason), false),
            ("SHA-256", false),
        ])
    );
    let _ = writeln!(
        out,
        "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td class=hash>{}</td></tr>",
        esc(&r.published.path),
        lang.t(Msg::PublishedResults),
        lang.say(Say::Accepted),
        n(&format!(
            "{} / {} / {}",
            r.published.rows,
            r.published.stations,
            r.published.rejected_rows.len()
        )),
        esc(&r.published.sha256)
    );
    // Why an input was refused is the reader's own message, in English: set apart, left to
    // right, so that it does not disturb a right-to-left page.
    for i in r.inputs.iter().filter(|i| i.outcome == Outcome::Rejected) {
        let _ = writeln!(
            out,
            "<tr class=high><td><code>{}</code></td><td>{}</td><td>{}</td><td><bdi dir=ltr lang=en>{}</bdi></td><td class=hash>{}</td></tr>",
            esc(&i.path),
            lang.t(Msg::TapeFile),
            lang.say(Say::Rejected),
            esc(&i.reason),
            esc(i.sha256.as_deref().unwrap_or("-"))
        );
    }
    for row in &r.published.rejected_rows {
        let _ = writeln!(
            out,
            "<tr class=high><td><code>{}</code> {} {}</td><td>{}</td><td>{}</td><td><bdi dir=ltr lang=en>{}</bdi></td><td></td></tr>",
            esc(&r.published.path),
            lang.t(Msg::Line),
            n(&row.line.to_string()),
            lang.say(Say::PublishedRow),
            lang.say(Say::Rejected),
            esc(&row.reason)
        );
    }
    for row in &r.published.skipped_rows {
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code> {} {}</td><td>{}</td><td>{}</td><td><bdi dir=ltr lang=en>{}</bdi></td><td></td></tr>",
            esc(&r.published.path),
            lang.t(Msg::Line),
            n(&row.line.to_string()),
            lang.say(Say::PublishedRow),
            lang.say(Say::LeftOut),
            esc(&row.reason)
        );
    }
    if r.published.empty_rows > 0 {
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td></td><td>{}</td><td></td></tr>",
            esc(&r.published.path),
            lang.say(Say::EmptyRows),
            n(&r.published.empty_rows.to_string())
        );
    }
    if !r.published.ignored_columns.is_empty() {
        let columns: Vec<String> = r.published.ignored_columns.iter().map(|c| esc(c)).collect();
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td></td><td><bdi dir=ltr>{}</bdi></td><td></td></tr>",
            esc(&r.published.path),
            lang.say(Say::IgnoredColumns),
            columns.join(", ")
        );
    }
    let accepted = r
        .inputs
        .iter()
        .filter(|i| i.outcome == Outcome::Accepted && i.kind == super::model::InputKind::Tape)
        .count();
    let _ = writeln!(
        out,
        "</table><p>{}</p></section>",
        Rich::fill(lang.say(Say::TapesAccepted), &[accepted.to_string()]).html()
    );
}

impl TextExporter for Html {
    fn render(&self, r: &ReconcileReport) -> String {
        let lang = self.lang;
        let mut out = String::with_capacity(64 * 1024);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang={} dir={}>\n<head><meta charset=utf-8><meta name=viewport content=\"width=device-width\"><title>{}</title><style>{STYLE}</style></head>\n<body>\n",
            lang.code(),
            lang.dir(),
            lang.say(Say::ReportTitle)
        );
        let _ = writeln!(
            out,
            "<h1>{}</h1><p>{}</p>",
            lang.say(Say::ReportTitle),
            Rich::fill(lang.say(Say::MadeBy), std::slice::from_ref(&r.tool_version)).html()
        );
        let heading = crate::report::sheet::html::issue_line(lang, &r.issue);
        if !heading.is_empty() {
            let _ = writeln!(out, "<p class=issue>{heading}</p>");
        }
        summary(&mut out, lang, r);
        let _ = writeln!(
            out,
            "<section id=stations><h2>{}</h2>",
            lang.say(Say::StationsWithFindings)
        );
        let mut any = false;
        for s in r
            .stations
            .iter()
            .filter(|s| crate::report::sheet::has_sheet(s))
        {
            station(&mut out, lang, s);
            any = true;
        }
        if !any {
            let _ = writeln!(out, "<p>{}</p>", lang.say(Say::NoDiscrepancy));
        }
        let _ = writeln!(
            out,
            "<p>{}</p></section>",
            Rich::fill(
                lang.say(Say::StationsNoTape),
                &[r.summary.overall.stations_without_tape.to_string()]
            )
            .html()
        );
        to_check(&mut out, lang, r);
        unattributed(&mut out, lang, r);
        inputs(&mut out, lang, r);
        out.push_str("</body>\n</html>\n");
        out
    }
}
