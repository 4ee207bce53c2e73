//! Markdown: summary and findings tables, for issue trackers and wikis.

use super::model::ReconcileReport;
use super::{figures, signed, station_label, subject, Exporter};

/// The Markdown renderer.
pub struct Markdown;

/// Escapes a table cell: pipes, newlines, Markdown's active characters, and characters that
/// could hide or reorder text (shown escaped, as on a terminal).
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::report::sanitize::terminal(&text.replace(['\n', '\r'], " ")).chars() {
        match c {
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

impl Exporter for Markdown {
    fn render(&self, r: &ReconcileReport) -> String {
        let o = &r.summary.overall;
        let mut out = String::from("# Reconciliation report\n\n");
        out.push_str(&format!(
            "Published results: `{}` (sha256 `{}`), {} stations.\n\n",
            cell(&r.published.path),
            r.published.sha256,
            r.published.stations
        ));
        match &r.keyring {
            Some(k) if k.authenticated => out.push_str(&format!(
                "Keyring `{}` authenticated by root key {}.\n\n",
                cell(&k.path),
                k.root_key_id.as_deref().unwrap_or("?")
            )),
            Some(k) => out.push_str(&format!(
                "**Keyring `{}` is NOT authenticated.**\n\n",
                cell(&k.path)
            )),
            None => out.push_str("**No keyring: no tape is verified.**\n\n"),
        }
        out.push_str("| published | with tape | coverage | verified | matching | with findings |\n|---:|---:|---:|---:|---:|---:|\n");
        out.push_str(&format!(
            "| {} | {} | {:.1}% | {} | {} | {} |\n\n",
            o.stations_published,
            o.stations_covered,
            o.coverage * 100.0,
            o.stations_verified,
            o.stations_matching,
            o.stations_with_findings
        ));
        if !o.net_vote_shift.is_empty() {
            out.push_str("Net vote shift (published minus verified tapes):\n\n| choice | shift |\n|---:|---:|\n");
            for s in &o.net_vote_shift {
                out.push_str(&format!("| {} | {} |\n", s.choice, signed(s.shift)));
            }
            out.push('\n');
        }
        out.push_str("## Findings\n\n| station | severity | tape | finding | about | tape | published | diff | tape file | sha256 |\n|---|---|---|---|---|---:|---:|---:|---|---|\n");
        for s in &r.stations {
            for f in &s.findings {
                let (tape, published, diff) = figures(f);
                let (file, hash) = f
                    .evidence
                    .as_ref()
                    .map_or((String::new(), String::new()), |e| {
                        (cell(&e.path), e.sha256.clone().unwrap_or_default())
                    });
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {tape} | {published} | {diff} | {file} | {hash} |\n",
                    station_label(s.center, s.station),
                    f.severity.as_str(),
                    s.tape_status.as_str(),
                    f.kind.as_str(),
                    cell(&subject(f))
                ));
            }
        }
        out
    }
}
