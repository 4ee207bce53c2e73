//! Rendering of tape listings (`tally read`, `tally verify`): table, JSON, CSV.

use comfy_table::{Attribute, Cell, Color, Table};

use super::fit::{wrap_lines, Fit, Wrap};
use super::listing::{InputStatus, Listing, TapeEntry};
use super::sanitize::{csv_cell, terminal, terminal_lines};
use super::style::status_color;
use crate::source::Input;
use crate::tape::FIELD_LABELS;

/// Formats of a tape listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListingFormat {
    /// A table for people.
    Table,
    /// One JSON object (schema in tally-verify(1)).
    Json,
    /// One CSV row per input.
    Csv,
}

fn new_table(color: bool, view: View) -> Table {
    super::style::table(color, view.width)
}

/// What a table shows: every input or only those with a problem, problems first, each with
/// its number in input order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct View {
    /// Only the inputs with a problem (`--problems`).
    pub problems_only: bool,
    /// The columns to lay tables out to (`None`: as wide as they come).
    pub width: Option<u16>,
}

impl View {
    /// The entries to show, with their 0-based input index: problems first, in input order.
    fn entries<'a>(&self, listing: &'a Listing) -> Vec<(usize, &'a TapeEntry)> {
        let mut shown: Vec<(usize, &TapeEntry)> = listing
            .tapes
            .iter()
            .enumerate()
            .filter(|(_, e)| !self.problems_only || e.is_problem())
            .collect();
        shown.sort_by_key(|(i, e)| (!e.is_problem(), *i));
        shown
    }
}

fn status_cell(status: InputStatus, color: bool) -> Cell {
    paint(Cell::new(status.as_str()), status, color)
}

/// A cell in the colour of a status, when colouring.
fn paint(cell: Cell, status: InputStatus, color: bool) -> Cell {
    if color {
        cell.fg(status_color(status)).add_attribute(Attribute::Bold)
    } else {
        cell
    }
}

fn station_text(e: &TapeEntry) -> String {
    e.station
        .map_or_else(|| "-".into(), |s| format!("{}-{}", s.center, s.station))
}

/// The reason of an entry, prefixed with the line it points at.
fn why(e: &TapeEntry) -> String {
    e.line.map_or(String::new(), |l| format!("line {l}: ")) + &e.reason
}

fn keyring_banner(listing: &Listing) -> String {
    match &listing.keyring {
        None => "No keyring given (--keyring): no signature was checked; no figure is proven.\n".into(),
        Some(k) if !k.authenticated => format!(
            "WARNING: keyring {} is NOT AUTHENTICATED (no --root-key): nothing proves it is the commission's.\n",
            terminal(&k.path)
        ),
        Some(k) => format!(
            "Keyring {} ({} keys) authenticated by root key {} ({}).\n",
            terminal(&k.path),
            k.keys,
            k.root_key_id.as_deref().unwrap_or("?"),
            terminal(k.trusted_comment.as_deref().unwrap_or(""))
        ),
    }
}

fn summary_line(listing: &Listing) -> String {
    let parts: Vec<String> = listing
        .summary
        .by_status
        .iter()
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    let mut line = format!(
        "{}: {}",
        super::plural(listing.summary.inputs, "input", "inputs"),
        parts.join(", ")
    );
    if listing.summary.arithmetic > 0 {
        line.push_str(&format!(
            "; {} with broken arithmetic",
            listing.summary.arithmetic
        ));
    }
    line.push('\n');
    line
}

/// Renders a listing in the chosen format (JSON always holds every input; the table and CSV
/// follow `view`).
pub fn render_listing(listing: &Listing, format: ListingFormat, color: bool, view: View) -> String {
    match format {
        ListingFormat::Json => {
            serde_json::to_string_pretty(listing).expect("listing serialises") + "\n"
        }
        ListingFormat::Csv => render_csv(listing, view),
        ListingFormat::Table => {
            let header = ["#", "file", "station", "status", "why"];
            let shown = view.entries(listing);
            let rows: Vec<[String; 5]> = shown
                .iter()
                .map(|(i, e)| {
                    let arithmetic = e
                        .arithmetic
                        .iter()
                        .map(|a| format!("arithmetic: {} ({})", a.rule, a.detail));
                    let why: Vec<String> = std::iter::once(why(e)).chain(arithmetic).collect();
                    [
                        (i + 1).to_string(),
                        terminal(&e.place()),
                        station_text(e),
                        e.status.as_str().to_string(),
                        terminal_lines(why.iter().map(String::as_str)),
                    ]
                })
                .collect();
            // Narrow, the number goes first, then the station (the file names it, mostly).
            let wraps = [Wrap::Text, Wrap::Path, Wrap::Text, Wrap::Text, Wrap::Text];
            let fit = Fit::new(&header, &rows, &wraps, view.width, &[0, 2]);
            let mut t = super::style::table(color, None);
            t.set_header(
                header
                    .iter()
                    .enumerate()
                    .map(|(i, h)| fit.cell(i, h))
                    .collect::<Vec<_>>(),
            );
            for ((_, e), row) in shown.iter().zip(&rows) {
                let cell = |i: usize| Cell::new(fit.cell(i, &row[i]));
                t.add_row(vec![
                    cell(0),
                    cell(1),
                    cell(2),
                    paint(cell(3), e.status, color),
                    cell(4),
                ]);
            }
            fit.apply(&mut t);
            let left_out = fit
                .left_out(&header)
                .map_or(String::new(), |l| format!("{l}\n"));
            let text = format!(
                "{}{t}\n{left_out}{}",
                keyring_banner(listing),
                summary_line(listing)
            );
            wrap_lines(&text, view.width)
        }
    }
}

fn render_csv(listing: &Listing, view: View) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "path",
        "sha256",
        "status",
        "center",
        "station",
        "device",
        "source",
        "line",
        "reason",
        "arithmetic",
    ]);
    for e in listing
        .tapes
        .iter()
        .filter(|e| !view.problems_only || e.is_problem())
    {
        let arithmetic: Vec<&str> = e.arithmetic.iter().map(|a| a.rule.as_str()).collect();
        let _ = w.write_record([
            csv_cell(&e.path),
            e.sha256.clone().unwrap_or_default(),
            e.status.as_str().to_string(),
            e.station.map(|s| s.center.to_string()).unwrap_or_default(),
            e.station.map(|s| s.station.to_string()).unwrap_or_default(),
            csv_cell(e.device.as_deref().unwrap_or("")),
            e.source.as_str().to_string(),
            e.line.map(|l| l.to_string()).unwrap_or_default(),
            csv_cell(&e.reason),
            arithmetic.join("; "),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Renders `tally read`'s table form: each tape in full, with the line each value came from.
pub fn render_read(listing: &Listing, inputs: &[&Input], color: bool, view: View) -> String {
    let mut out = keyring_banner(listing);
    for (i, e) in view.entries(listing) {
        let Some(input) = inputs.get(i) else {
            continue;
        };
        out.push_str(&format!(
            "\n== {}\n   sha256 {}  source {}\n",
            terminal(&super::reconcile::model::located(&e.path, input.line)),
            e.sha256.as_deref().unwrap_or("-"),
            e.source.as_str()
        ));
        let tape = match &input.tape {
            Ok(t) => t,
            Err(_) => {
                out.push_str(&format!(
                    "   status {}: {}\n",
                    e.status.as_str(),
                    terminal(&why(e))
                ));
                continue;
            }
        };
        let mut t = new_table(color, view);
        t.set_header(["field", "value", "from line"]);
        let line = |field: &str| {
            tape.line_of(field)
                .map_or("-".to_string(), |l| l.to_string())
        };
        let p = &tape.payload;
        for (_, key) in FIELD_LABELS {
            let value = tape
                .printed_value(key)
                .unwrap_or_else(|| "(not on this tape)".into());
            t.add_row(vec![key.to_string(), terminal(&value), line(key)]);
        }
        for (i, c) in p.choices.iter().enumerate() {
            let name = tape
                .names
                .get(i)
                .cloned()
                .flatten()
                .map(|n| format!(" ({})", terminal(&n)))
                .unwrap_or_default();
            let key = format!("choice {}", c.code);
            t.add_row(vec![
                format!("{key}{name}"),
                c.votes.to_string(),
                line(&key),
            ]);
        }
        out.push_str(&format!("{t}\n"));
        let mut st = new_table(color, view);
        st.load_preset(comfy_table::presets::NOTHING);
        st.add_row(vec![
            Cell::new("status"),
            status_cell(e.status, color),
            Cell::new(terminal(&why(e))),
        ]);
        for a in &e.arithmetic {
            st.add_row(vec![
                Cell::new("arithmetic"),
                Cell::new("breaks").fg(Color::Red),
                Cell::new(format!("{} ({})", a.rule, a.detail)),
            ]);
        }
        out.push_str(&format!("{st}\n"));
    }
    out.push('\n');
    out.push_str(&summary_line(listing));
    wrap_lines(&out, view.width)
}
