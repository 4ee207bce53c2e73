//! Renderers of the reconciliation report, one per format behind one trait.

mod csv_out;
mod html;
mod inputs;
pub(crate) mod markdown;
pub mod model;
pub(crate) mod table;
pub mod words;

pub use inputs::input_records;
pub use model::{build, ReconcileReport};

use crate::report::lang::Lang;

/// Output formats of `tally reconcile`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReconcileFormat {
    /// Summary and ranked findings as terminal tables.
    Table,
    /// The full report as one JSON object (schema in tally-reconcile(1)).
    Json,
    /// One row per finding, safe to open in a spreadsheet.
    Csv,
    /// Summary and findings as Markdown tables.
    Markdown,
    /// A self-contained HTML page to open, print or attach.
    Html,
    /// The summary and a complaint sheet per station with a discrepancy, as a PDF to print
    /// and sign (the tapes' figures and photos on each sheet).
    Pdf,
}

/// A renderer of the report.
pub trait Exporter {
    /// Streams the whole report to `out`.
    fn write(&self, report: &ReconcileReport, out: &mut dyn std::io::Write) -> std::io::Result<()>;

    /// The whole report's bytes.
    fn bytes(&self, report: &ReconcileReport) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        self.write(report, &mut out)?;
        Ok(out)
    }
}

/// A renderer of the report as one text.
pub trait TextExporter {
    /// Renders the whole report as text.
    fn render(&self, report: &ReconcileReport) -> String;
}

impl<T: TextExporter> Exporter for T {
    fn write(&self, report: &ReconcileReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        out.write_all(self.render(report).as_bytes())
    }
}

struct Json;

impl Exporter for Json {
    fn write(&self, report: &ReconcileReport, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, report)?;
        out.write_all(b"\n")
    }
}

/// The renderer of a format; HTML and Markdown are written in `lang`, the table laid out to
/// `width` columns when given (see `style::terminal_width`).
pub fn exporter(
    format: ReconcileFormat,
    color: bool,
    width: Option<u16>,
    lang: Lang,
) -> Box<dyn Exporter> {
    match format {
        ReconcileFormat::Table => Box::new(table::Table { color, width }),
        ReconcileFormat::Json => Box::new(Json),
        ReconcileFormat::Csv => Box::new(csv_out::Csv),
        ReconcileFormat::Markdown => Box::new(markdown::Markdown { lang }),
        ReconcileFormat::Html => Box::new(html::Html { lang }),
        // Without the tapes (`Pdf::with_tapes`), each sheet names its tape but shows no figures.
        ReconcileFormat::Pdf => Box::new(crate::report::pdf::Pdf::new(lang)),
    }
}

/// `+12` / `-3` / `0`.
pub(crate) fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

/// A station as people write it: `120345-3`.
pub(crate) fn station_label(center: u32, station: u32) -> String {
    format!("{center}-{station}")
}

/// `tape 151, published 141` style figures of a finding.
pub(crate) fn figures(f: &model::FindingRecord) -> (String, String, String) {
    let show = |v: Option<u32>| v.map_or(String::new(), |v| v.to_string());
    let diff = match (f.tape, f.published) {
        (Some(t), Some(p)) => signed(i64::from(p) - i64::from(t)),
        _ => String::new(),
    };
    (show(f.tape), show(f.published), diff)
}

/// What a finding is about: `choice 117 (HUDA N. KAREEM)`, `registered`, a rule.
pub(crate) fn subject(f: &model::FindingRecord) -> String {
    match (f.choice, &f.field, &f.rule) {
        (Some(c), _, _) => match &f.choice_name {
            Some(n) => format!("choice {c} ({n})"),
            None => format!("choice {c}"),
        },
        (_, Some(field), _) => field.clone(),
        (_, _, Some(rule)) => rule.clone(),
        _ => String::new(),
    }
}
