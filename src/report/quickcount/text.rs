//! The estimate for people: terminal tables, Markdown and HTML, from the same lines.

use super::*;

/// A stratum's name: `governorate 7`, `district 12`, or `the frame`.
fn stratum_name(by: Option<By>, code: Option<&str>) -> String {
    match (by, code) {
        (Some(by), Some(code)) => format!("{} {code}", by.as_str()),
        _ => "the frame".into(),
    }
}

fn names(by: Option<By>, codes: &[Option<String>]) -> String {
    codes
        .iter()
        .map(|c| stratum_name(by, c.as_deref()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn pct(x: f64) -> String {
    format!("{x:.2}")
}

fn head_lines(r: &EstimateReport) -> Vec<String> {
    let strata = match r.strata_by {
        Some(by) => format!(
            "stratified by {}, {}",
            by.as_str(),
            plural(r.strata.len(), "stratum", "strata")
        ),
        None => "not stratified".into(),
    };
    let mut out = vec![
        format!(
            "Sample {} (sha256 {}): {} of the {} of frame {} (sha256 {}), {strata}",
            r.sample_file.path,
            r.sample_file.sha256,
            plural(r.sampled, "station", "stations"),
            plural(r.frame_stations, "station", "stations"),
            r.frame_file.path,
            r.frame_file.sha256
        ),
        format!(
            "Reported (a verified tape): {} of {} sampled ({:.1}%)",
            r.reported,
            r.sampled,
            100.0 * r.reported as f64 / r.sampled.max(1) as f64
        ),
        format!(
            "Tapes: {} read, {} unreadable, {} verified{}",
            plural(r.tapes.inputs, "input", "inputs"),
            r.tapes.unreadable,
            r.tapes.verified,
            if r.not_used.outside_sample > 0 {
                format!(
                    "; {} of stations outside the sample NOT USED: an estimate uses the sampled stations only",
                    plural(r.not_used.outside_sample, "verified tape", "verified tapes")
                )
            } else {
                String::new()
            }
        ),
        format!(
            "Intervals: {}% confidence, Student t on {} degrees of freedom (t = {:.3}); shares are percent of the valid votes",
            100.0 * r.confidence,
            r.degrees_of_freedom,
            r.t
        ),
    ];
    if !r.not_used.conflicting_tapes.is_empty() {
        out.push(format!(
            "Sampled stations whose verified tapes disagree, counted as not reported: {}",
            r.not_used.conflicting_tapes.join(", ")
        ));
    }
    if !r.not_used.sampled_unverified.is_empty() {
        out.push(format!(
            "Tapes of sampled stations that DO NOT VERIFY, not used: {}",
            r.not_used.sampled_unverified.join(", ")
        ));
    }
    for m in &r.merged {
        let what = if m.reports == 0 {
            format!(
                "none of its {} sampled stations reported: estimated with its neighbour, {}; the interval carries what neighbouring strata differ by",
                m.sampled,
                names(r.strata_by, &m.merged_with)
            )
        } else {
            format!(
                "{} of {} sampled stations reported: merged with its neighbour, {}",
                m.reports,
                m.sampled,
                names(r.strata_by, &m.merged_with)
            )
        };
        out.push(format!("MERGED: {}: {what}", names(r.strata_by, &m.strata)));
    }
    if r.not_used.missing > 0 {
        out.push(format!(
            "{} did not report: had they given a choice none or all of their votes, its estimate would be the `if none` or `if all` column",
            plural(r.not_used.missing, "sampled station", "sampled stations")
        ));
    }
    match (&r.published_file, &r.official_stations) {
        (Some(p), Some(o)) => out.push(format!(
            "Official figures: {} (sha256 {}), the {} of the frame it gives{}{}",
            p.path,
            p.sha256,
            plural(o.published, "station", "stations"),
            if o.frame_not_published > 0 {
                format!(
                    "; {} of the frame NOT PUBLISHED",
                    plural(o.frame_not_published, "station", "stations")
                )
            } else {
                String::new()
            },
            if o.published_not_in_frame > 0 {
                format!(
                    "; {} outside the frame not counted",
                    plural(
                        o.published_not_in_frame,
                        "published station",
                        "published stations"
                    )
                )
            } else {
                String::new()
            }
        )),
        _ => out
            .push("No official figures given (--published): no verdict but the threshold's".into()),
    }
    if let Some(t) = r.threshold {
        out.push(format!(
            "Threshold {t}%: a choice whose interval straddles it is too close to call"
        ));
    }
    out.push("An estimate from a sample is not a count: `outside` says the official figure is unlikely under this sample, never by how many votes it is wrong.".into());
    out
}

const HEADER: [&str; 7] = [
    "",
    "estimate",
    "± margin",
    "interval",
    "official",
    "verdict",
    "if none / if all",
];

fn verdict_text(v: Option<Verdict>, by: Option<f64>) -> String {
    match (v, by) {
        (Some(Verdict::Outside), Some(by)) => format!("OUTSIDE ({by:+.1} SE)"),
        (Some(Verdict::Outside), None) => "OUTSIDE".into(),
        (Some(Verdict::TooCloseToCall), _) => "TOO CLOSE TO CALL".into(),
        (Some(Verdict::Consistent), _) => "consistent".into(),
        (None, _) => "-".into(),
    }
}

fn row(name: String, f: &FigureRecord, missing: Option<(f64, f64)>) -> [String; 7] {
    [
        name,
        pct(f.estimate),
        pct((f.high - f.low) / 2.0),
        format!("{} – {}", pct(f.low), pct(f.high)),
        f.official.map_or("-".into(), pct),
        verdict_text(f.verdict, f.outside_by_stderr),
        missing.map_or("-".into(), |(a, b)| format!("{} / {}", pct(a), pct(b))),
    ]
}

fn rows(r: &EstimateReport) -> Vec<[String; 7]> {
    let mut out: Vec<[String; 7]> = r
        .choices
        .iter()
        .map(|c| {
            let mut row = row(
                format!("choice {}", c.choice),
                &c.figure(),
                Some((c.if_missing_gave_none, c.if_missing_gave_all)),
            );
            if c.no_votes_in_sample {
                row[5] = "no vote in the sample: unbounded".into();
            }
            row
        })
        .collect();
    out.push(row("turnout".into(), &r.turnout, None));
    out.push(row("invalid share".into(), &r.invalid, None));
    out
}

const STRATA_HEADER: [&str; 4] = ["stratum", "frame stations", "sampled", "reported"];

fn strata_rows(r: &EstimateReport) -> Vec<[String; 4]> {
    r.strata
        .iter()
        .map(|s| {
            [
                stratum_name(r.strata_by, s.stratum.as_deref()),
                s.frame_stations.to_string(),
                s.sampled.to_string(),
                s.reported.to_string(),
            ]
        })
        .collect()
}

fn tail_lines(r: &EstimateReport) -> Vec<String> {
    let mut out = Vec::new();
    if r.not_used.missing > 0 {
        out.push(format!(
            "Sampled stations that did not report{}: {}",
            if r.not_used.missing > r.not_used.missing_first.len() {
                format!(
                    " (the first {} of {})",
                    r.not_used.missing_first.len(),
                    r.not_used.missing
                )
            } else {
                String::new()
            },
            r.not_used.missing_first.join(", ")
        ));
    }
    out
}

pub(super) fn text(r: &EstimateReport, width: Option<u16>) -> String {
    let mut out = String::new();
    for l in head_lines(r) {
        let _ = writeln!(out, "{}", terminal(&l));
    }
    let _ = writeln!(
        out,
        "{}",
        crate::report::style::grid(&HEADER, rows(r), width)
    );
    let _ = writeln!(
        out,
        "{}",
        crate::report::style::grid(&STRATA_HEADER, strata_rows(r), width)
    );
    for l in tail_lines(r) {
        let _ = writeln!(out, "{}", terminal(&l));
    }
    out
}

fn markdown_table<const N: usize>(out: &mut String, header: [&str; N], rows: &[[String; N]]) {
    let _ = writeln!(out, "\n| {} |\n|{}", header.join(" | "), "---|".repeat(N));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
}

pub(super) fn markdown(r: &EstimateReport) -> String {
    let mut out = String::from("# Quick count\n\n");
    for l in head_lines(r) {
        let _ = writeln!(out, "- {}", cell(&l));
    }
    markdown_table(&mut out, HEADER, &rows(r));
    out.push_str("\n## Reports per stratum\n");
    markdown_table(&mut out, STRATA_HEADER, &strata_rows(r));
    for l in tail_lines(r) {
        let _ = writeln!(out, "\n{}", cell(&l));
    }
    out
}

fn html_table<const N: usize>(
    out: &mut String,
    header: [&str; N],
    rows: &[[String; N]],
    marked: &dyn Fn(usize) -> bool,
) {
    out.push_str("<table><tr>");
    for h in header {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    out.push_str("</tr>\n");
    for (i, row) in rows.iter().enumerate() {
        let _ = write!(out, "<tr{}>", if marked(i) { " class=outside" } else { "" });
        for c in row {
            let _ = write!(out, "<td>{}</td>", esc(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

pub(super) fn html(r: &EstimateReport) -> String {
    let title = "Quick count";
    let mut out = format!("<!doctype html>\n<html lang=en><head><meta charset=utf-8><title>{title}</title>\n<style>body{{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em}}table{{border-collapse:collapse;margin:.6em 0}}th,td{{border:1px solid #bbb;padding:.25em .6em;text-align:start}}.outside{{font-weight:bold;color:#a00}}</style></head><body>\n<h1>{title}</h1>\n<ul>\n");
    for l in head_lines(r) {
        let _ = writeln!(out, "<li>{}</li>", esc(&l));
    }
    out.push_str("</ul>\n");
    let verdicts: Vec<Option<Verdict>> = r
        .choices
        .iter()
        .map(|c| c.verdict)
        .chain([r.turnout.verdict, r.invalid.verdict])
        .collect();
    html_table(&mut out, HEADER, &rows(r), &|i| {
        verdicts.get(i).copied().flatten() == Some(Verdict::Outside)
    });
    out.push_str("<h2>Reports per stratum</h2>\n");
    html_table(&mut out, STRATA_HEADER, &strata_rows(r), &|_| false);
    for l in tail_lines(r) {
        let _ = writeln!(out, "<p>{}</p>", esc(&l));
    }
    out.push_str("</body></html>\n");
    out
}
