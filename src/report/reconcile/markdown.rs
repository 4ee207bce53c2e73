//! Markdown in the report's language: summary, net vote shift and findings tables, for issue
//! trackers and wikis (right-to-left languages inside a `dir="rtl"` block).

use super::model::ReconcileReport;
use super::{figures, words, TextExporter};
use crate::report::lang::{isolate, Lang, Msg, Rich, Say};

/// The Markdown renderer.
pub struct Markdown {
    /// The language of the document.
    pub lang: Lang,
}

/// Escapes a table cell: pipes, newlines, Markdown's active characters, and characters that
/// could hide or reorder text (shown escaped, as on a terminal).
pub(crate) fn cell(text: &str) -> String {
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

/// A value in a cell: escaped and, on a right-to-left page, isolated (left to right, or its
/// own direction for a name) so that `+71` stays as written.
fn value(lang: Lang, text: &str) -> String {
    if lang.rtl() {
        format!("{}{}\u{2069}", isolate(text), cell(text))
    } else {
        cell(text)
    }
}

impl TextExporter for Markdown {
    fn render(&self, r: &ReconcileReport) -> String {
        let lang = self.lang;
        let o = &r.summary.overall;
        let rich = |t: Rich| match lang.rtl() {
            true => t.isolated(cell),
            false => cell(&t.plain()),
        };
        let value = |text: &str| value(lang, text);
        let mut out = String::new();
        if lang.rtl() {
            out.push_str(&format!("<div dir=\"rtl\" lang=\"{}\">\n\n", lang.code()));
        }
        out.push_str(&format!("# {}\n\n", lang.say(Say::ReportTitle)));
        let issue: Vec<String> = r
            .issue
            .parts()
            .into_iter()
            .map(|(m, v)| format!("{}: {}", lang.t(m), value(v)))
            .collect();
        if !issue.is_empty() {
            out.push_str(&format!("{}\n\n", issue.join(" · ")));
        }
        let (proven, rest) = words::headline(lang, o);
        out.push_str(&format!("## {}\n\n", rich(proven)));
        if !rest.is_empty() {
            let rest: Vec<String> = rest
                .into_iter()
                .map(|(say, n)| format!("{} {}", value(&n.to_string()), lang.say(say)))
                .collect();
            out.push_str(&format!(
                "{}: {}\n\n",
                lang.say(Say::AlsoWithFindings),
                rest.join(lang.list_separator())
            ));
        }
        out.push_str(&format!(
            "{}: {} (SHA-256 {}){}{} {}.\n\n",
            lang.t(Msg::PublishedResults),
            value(&r.published.path),
            value(&r.published.sha256),
            lang.comma(),
            r.published.stations,
            lang.say(Say::PublishedStations)
        ));
        published_rows(&mut out, r, lang);
        let keyring = words::keyring(lang, r);
        let strong = r.keyring.as_ref().is_none_or(|k| !k.authenticated);
        if strong {
            out.push_str(&format!("**{}**\n\n", rich(keyring)));
        } else {
            out.push_str(&format!("{}\n\n", rich(keyring)));
        }
        let counts = words::counts(o);
        let heads: Vec<&str> = counts.iter().map(|(say, _)| lang.say(*say)).collect();
        out.push_str(&format!(
            "| {} |\n|{}\n",
            heads.join(" | "),
            "---:|".repeat(heads.len())
        ));
        let values: Vec<String> = counts.iter().map(|(_, v)| value(v)).collect();
        out.push_str(&format!("| {} |\n\n", values.join(" | ")));
        for (say, shifts) in [
            (Say::ShiftVerified, &o.net_vote_shift),
            (Say::ShiftNotProven, &o.net_vote_shift_unverified),
        ] {
            if shifts.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "## {}\n\n| {} | {} |\n|---|---:|\n",
                lang.say(say),
                lang.t(Msg::Choice),
                lang.say(Say::Votes)
            ));
            for s in shifts {
                let (label, shift) = words::shift_parts(s);
                out.push_str(&format!("| {} | {} |\n", cell(&label), value(&shift)));
            }
            out.push('\n');
        }
        out.push_str(&format!(
            "## {}\n\n| {} | {} | {} | {} | {} | {} | {} | {} | {} | SHA-256 |\n|---|---|---|---|---|---:|---:|---:|---|---|\n",
            lang.say(Say::StationsWithFindings),
            lang.t(Msg::Station),
            lang.say(Say::Severity),
            lang.t(Msg::SignatureStatus),
            lang.say(Say::Finding),
            lang.say(Say::Details),
            lang.t(Msg::Tape),
            lang.t(Msg::Published),
            lang.t(Msg::Difference),
            lang.t(Msg::TapeFile),
        ));
        for s in &r.stations {
            for f in &s.findings {
                let (tape, published, diff) = figures(f);
                let (file, hash) = f
                    .evidence
                    .as_ref()
                    .map_or((String::new(), String::new()), |e| {
                        (value(&e.located()), e.sha256.clone().unwrap_or_default())
                    });
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} | {} | {} | {file} | {hash} |\n",
                    value(&s.label()),
                    lang.severity(f.severity.as_str()),
                    cell(&lang.status(s.tape_status.as_str())),
                    cell(&lang.kind(f.kind.as_str())),
                    rich(words::detail(lang, f, s)),
                    value(&tape),
                    value(&published),
                    value(&diff),
                ));
            }
        }
        if !r.unattributed.is_empty() {
            out.push_str(&format!(
                "\n## {}\n\n{}\n\n| {} | {} | SHA-256 |\n|---|---|---|\n",
                lang.say(Say::Unattributed),
                lang.say(Say::UnattributedIntro),
                lang.say(Say::File),
                lang.say(Say::ReadAs)
            ));
            for u in &r.unattributed {
                out.push_str(&format!(
                    "| {} | {} | {} |\n",
                    value(&u.path),
                    value(&u.read_as),
                    value(u.sha256.as_deref().unwrap_or(""))
                ));
            }
        }
        if lang.rtl() {
            out.push_str("\n</div>\n");
        }
        out
    }
}

/// Published rows rejected or left out by the layout (the first 20 of each, the rest in the
/// JSON report), and the columns not read: never only in the JSON.
fn published_rows(out: &mut String, r: &ReconcileReport, lang: Lang) {
    const SHOWN: usize = 20;
    let p = &r.published;
    let mut any = false;
    for (rows, say) in [
        (&p.rejected_rows, Say::Rejected),
        (&p.skipped_rows, Say::LeftOut),
    ] {
        for row in rows.iter().take(SHOWN) {
            out.push_str(&format!(
                "- {} {} {}: {}: {}\n",
                lang.say(Say::PublishedRow),
                lang.t(Msg::Line),
                value(lang, &row.line.to_string()),
                lang.say(say),
                cell(&row.reason)
            ));
            any = true;
        }
        if rows.len() > SHOWN {
            out.push_str(&format!(
                "- … {} (JSON)\n",
                value(lang, &format!("+{}", rows.len() - SHOWN))
            ));
        }
    }
    if p.empty_rows > 0 {
        out.push_str(&format!(
            "- {}: {}\n",
            lang.say(Say::EmptyRows),
            value(lang, &p.empty_rows.to_string())
        ));
        any = true;
    }
    if !p.ignored_columns.is_empty() {
        let columns: Vec<String> = p.ignored_columns.iter().map(|c| cell(c)).collect();
        out.push_str(&format!(
            "- {}: {}\n",
            lang.say(Say::IgnoredColumns),
            columns.join(", ")
        ));
        any = true;
    }
    if any {
        out.push('\n');
    }
}
