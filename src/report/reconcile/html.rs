//! A self-contained HTML page: summary first, then the stations ranked by severity, every
//! figure with its tape's file, hash and verification status. Names are isolated (`<bdi>`)
//! so Arabic reads right to left without disturbing the figures around it.

use std::fmt::Write as _;

use super::model::{AreaRecord, Outcome, ReconcileReport, StationRecord};
use super::{figures, signed, station_label, Exporter};
use crate::report::sanitize::html as esc;

/// The HTML renderer.
pub struct Html;

const STYLE: &str = "body{font:15px/1.45 system-ui,'Noto Sans','Noto Sans Arabic',sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#1a1a1a}
h1{font-size:1.6em}h2{border-bottom:2px solid #333;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0;width:100%}th,td{border:1px solid #bbb;padding:.25em .5em;text-align:start;vertical-align:top}
td.n,th.n{text-align:end;font-variant-numeric:tabular-nums}.hash{font-family:monospace;font-size:.8em;word-break:break-all}
.critical{background:#fde2e2}.high{background:#fbe9d0}.medium{background:#fff7cc}.low,.info{background:#f3f3f3}
.verified{color:#0a6b2e;font-weight:bold}.unproven{color:#8a5a00;font-weight:bold}.forged{color:#b00020;font-weight:bold}
.kpi{display:flex;flex-wrap:wrap;gap:1em}.kpi div{border:1px solid #bbb;border-radius:6px;padding:.5em 1em;min-width:9em}.kpi b{display:block;font-size:1.5em}
article.station{page-break-inside:avoid;border:1px solid #999;border-radius:6px;padding:.4em 1em;margin:1em 0}
.warn{background:#b00020;color:#fff;padding:.5em 1em;border-radius:6px}
@media print{body{margin:0;max-width:none}article.station{break-inside:avoid}}";

fn status_class(status: &str) -> &'static str {
    match status {
        "verified" => "verified",
        "bad-signature" | "key-revoked" | "key-out-of-scope" | "key-expired" => "forged",
        _ => "unproven",
    }
}

fn kpi(out: &mut String, label: &str, value: String) {
    let _ = write!(out, "<div><b>{}</b>{}</div>", esc(&value), esc(label));
}

fn area_row(out: &mut String, a: &AreaRecord, label: String) {
    let findings: usize = a
        .findings
        .iter()
        .filter(|(k, _)| k.as_str() != "tape-missing")
        .map(|(_, n)| n)
        .sum();
    let _ = writeln!(
        out,
        "<tr><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{:.1}%</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{findings}</td></tr>",
        esc(&label),
        a.stations_published,
        a.stations_covered,
        a.coverage * 100.0,
        a.stations_verified,
        a.stations_matching,
        a.stations_with_findings
    );
}

fn station(out: &mut String, s: &StationRecord) {
    let severity = s.severity.map_or("info", |v| v.as_str());
    let status = s.tape_status.as_str();
    let _ = writeln!(
        out,
        "<article class=\"station {severity}\" id=\"s-{}\"><h3>Station {} <small>governorate {}, district {}</small> — tape <span class={}>{}</span></h3>",
        station_label(s.center, s.station),
        station_label(s.center, s.station),
        s.governorate.map_or("?".into(), |g| g.to_string()),
        s.district.map_or("?".into(), |d| d.to_string()),
        status_class(status),
        esc(status)
    );
    out.push_str("<table><tr><th>severity</th><th>finding</th><th>about</th><th class=n>tape</th><th class=n>published</th><th class=n>difference</th><th>details</th></tr>\n");
    for f in &s.findings {
        let (tape, published, diff) = figures(f);
        let about = match (f.choice, &f.choice_name, &f.field, &f.rule) {
            (Some(c), Some(n), _, _) => format!("choice {c} <bdi dir=auto>{}</bdi>", esc(n)),
            (Some(c), None, _, _) => format!("choice {c}"),
            (_, _, Some(field), _) => esc(field),
            (_, _, _, Some(rule)) => esc(rule),
            _ => String::new(),
        };
        let proof = if f.verified {
            "rests on a verified tape"
        } else {
            "rests on a tape that is NOT verified"
        };
        let _ = writeln!(
            out,
            "<tr class={sev}><td>{sev}</td><td>{}</td><td>{about}</td><td class=n>{tape}</td><td class=n>{published}</td><td class=n>{diff}</td><td>{}<br><small>{proof}</small></td></tr>",
            f.kind.as_str(),
            esc(&f.detail),
            sev = f.severity.as_str()
        );
    }
    out.push_str("</table>\n");
    for t in &s.tapes {
        for c in &t.copies {
            let _ = writeln!(
                out,
                "<p>Tape file <code>{}</code> ({}), status <span class={}>{}</span>: {}<br>SHA-256 <span class=hash>{}</span></p>",
                esc(&c.path),
                c.source.as_str(),
                status_class(c.status.as_str()),
                c.status,
                esc(&t.reason),
                esc(c.sha256.as_deref().unwrap_or("-"))
            );
        }
    }
    if let Some(line) = s.published_line {
        let _ = writeln!(out, "<p>Published results: line {line}.</p>");
    }
    out.push_str("</article>\n");
}

impl Exporter for Html {
    fn render(&self, r: &ReconcileReport) -> String {
        let o = &r.summary.overall;
        let mut out = String::with_capacity(64 * 1024);
        let _ = write!(out, "<!DOCTYPE html>\n<html lang=en>\n<head><meta charset=utf-8><meta name=viewport content=\"width=device-width\"><title>Reconciliation report</title><style>{STYLE}</style></head>\n<body>\n");
        let _ = writeln!(out, "<h1>Reconciliation report</h1><p>Made by tally {} from the files listed below; every figure can be checked against its tape file and hash.</p>", esc(&r.tool_version));
        out.push_str("<section id=summary><h2>Summary</h2>\n");
        match &r.keyring {
            Some(k) if k.authenticated => {
                let _ = writeln!(out, "<p>Device keyring <code>{}</code> authenticated by the commission's root key {}.</p>", esc(&k.path), esc(k.root_key_id.as_deref().unwrap_or("?")));
            }
            Some(k) => {
                let _ = writeln!(out, "<p class=warn>The device keyring <code>{}</code> is NOT authenticated: nothing proves its keys are the commission's.</p>", esc(&k.path));
            }
            None => out.push_str("<p class=warn>No keyring was given: no tape is verified, no figure is proven.</p>\n"),
        }
        out.push_str("<div class=kpi>");
        kpi(
            &mut out,
            "published stations",
            o.stations_published.to_string(),
        );
        kpi(
            &mut out,
            "with a tape",
            format!("{} ({:.1}%)", o.stations_covered, o.coverage * 100.0),
        );
        kpi(&mut out, "tapes verified", o.stations_verified.to_string());
        kpi(
            &mut out,
            "stations matching",
            o.stations_matching.to_string(),
        );
        kpi(
            &mut out,
            "stations with findings",
            o.stations_with_findings.to_string(),
        );
        out.push_str("</div>\n");
        for (title, shifts) in [
            (
                "Net vote shift: published minus verified tapes",
                &o.net_vote_shift,
            ),
            (
                "Net vote shift over tapes that do NOT verify (not proven)",
                &o.net_vote_shift_unverified,
            ),
        ] {
            if shifts.is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                "<h3>{title}</h3><table><tr><th>choice</th><th class=n>votes</th></tr>"
            );
            for s in shifts {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td class=n>{}</td></tr>",
                    s.choice,
                    signed(s.shift)
                );
            }
            out.push_str("</table>\n");
        }
        if !o.findings.is_empty() {
            out.push_str(
                "<h3>Findings by kind</h3><table><tr><th>kind</th><th class=n>count</th></tr>\n",
            );
            for (k, n) in &o.findings {
                let _ = writeln!(out, "<tr><td>{}</td><td class=n>{n}</td></tr>", esc(k));
            }
            out.push_str("</table>\n");
        }
        out.push_str("<h3>By governorate</h3><table><tr><th>governorate</th><th class=n>published</th><th class=n>with tape</th><th class=n>coverage</th><th class=n>verified</th><th class=n>matching</th><th class=n>with findings</th><th class=n>findings</th></tr>\n");
        for g in &r.summary.governorates {
            area_row(
                &mut out,
                g,
                g.governorate.map_or("unknown".into(), |g| g.to_string()),
            );
        }
        out.push_str("</table></section>\n<section id=stations><h2>Stations with findings, most severe first</h2>\n");
        let mut any = false;
        for s in r
            .stations
            .iter()
            .filter(|s| s.findings.iter().any(|f| f.kind.as_str() != "tape-missing"))
        {
            station(&mut out, s);
            any = true;
        }
        if !any {
            out.push_str(
                "<p>No discrepancy: every station with a tape matches the published figures.</p>\n",
            );
        }
        let missing = r
            .stations
            .iter()
            .filter(|s| s.findings.iter().any(|f| f.kind.as_str() == "tape-missing"))
            .count();
        let _ = writeln!(out, "<p>{missing} published stations have no tape gathered (listed in the JSON and CSV reports).</p></section>");
        out.push_str("<section id=inputs><h2>Inputs</h2><table><tr><th>file</th><th>kind</th><th>outcome</th><th>reason</th><th>SHA-256</th></tr>\n");
        let _ = writeln!(out, "<tr><td><code>{}</code></td><td>published</td><td>accepted</td><td>{} rows, {} stations, {} rows rejected</td><td class=hash>{}</td></tr>", esc(&r.published.path), r.published.rows, r.published.stations, r.published.rejected_rows.len(), esc(&r.published.sha256));
        for i in r.inputs.iter().filter(|i| i.outcome == Outcome::Rejected) {
            let _ = writeln!(out, "<tr class=high><td><code>{}</code></td><td>{:?}</td><td>rejected</td><td>{}</td><td class=hash>{}</td></tr>", esc(&i.path), i.kind, esc(&i.reason), esc(i.sha256.as_deref().unwrap_or("-")));
        }
        for row in &r.published.rejected_rows {
            let _ = writeln!(out, "<tr class=high><td><code>{}</code> line {}</td><td>published row</td><td>rejected</td><td>{}</td><td></td></tr>", esc(&r.published.path), row.line, esc(&row.reason));
        }
        let accepted = r
            .inputs
            .iter()
            .filter(|i| i.outcome == Outcome::Accepted && i.kind == super::model::InputKind::Tape)
            .count();
        let _ = writeln!(out, "</table><p>{accepted} tape files accepted (each listed with its hash in the JSON report).</p></section>\n</body>\n</html>");
        out
    }
}
