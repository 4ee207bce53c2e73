//! Evidence bundles: a reconciliation report with every file its findings rest on, sealed by
//! a `MANIFEST` of SHA-256 hashes signed with the observer network's minisign key, so that a
//! complaint desk can check, with tally or with `sha256sum` and `minisign` alone, that nothing
//! was changed after the network issued it, and re-derive every finding from its sources.
//!
//! Layout (every path relative, `/`-separated):
//!
//! ```text
//! MANIFEST                      HASH  PATH per file (sha256sum format), sorted
//! MANIFEST.minisig              minisign signature of MANIFEST by the observer key
//! report/report.json            the reconcile JSON, paths rewritten to the bundle's
//! report/report.html            the HTML report
//! report/findings.csv           one row per finding
//! report/complaint-sheets.html  one print page per station with findings
//! report/report.pdf             the report and the complaint sheets as PDF
//! tapes/...                     every tape file (text or photo), relative structure kept
//! published/FILE                the published results file
//! keyring/keyring.csv           the device keyring, and keyring.csv.minisig
//! ```
//!
//! Imports: `cmd` → `bundle` → `report` → `reconcile` → …; nothing below imports `bundle`.

mod build;
mod check;
pub mod files;
pub mod manifest;
pub mod paths;
mod rerun;

pub use build::{build, BuildRequest, Built, Selection};
pub use check::{check, Check, CheckReport, Verdict};

/// Where the report's files go in a bundle.
pub mod layout {
    /// The reconcile JSON.
    pub const REPORT_JSON: &str = "report/report.json";
    /// The HTML report.
    pub const REPORT_HTML: &str = "report/report.html";
    /// The findings CSV.
    pub const FINDINGS_CSV: &str = "report/findings.csv";
    /// The complaint sheets, HTML.
    pub const SHEETS_HTML: &str = "report/complaint-sheets.html";
    /// The report and complaint sheets, PDF.
    pub const REPORT_PDF: &str = "report/report.pdf";
    /// The folder of tape files.
    pub const TAPES: &str = "tapes";
    /// The folder of the published results.
    pub const PUBLISHED: &str = "published";
    /// The device keyring.
    pub const KEYRING: &str = "keyring/keyring.csv";
    /// Its signature by the commission's root key.
    pub const KEYRING_SIG: &str = "keyring/keyring.csv.minisig";
}

/// Why a bundle could not be made or read at all (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// An input file named by the report cannot be read.
    #[error("{path}: cannot read this input of the report ({message}); run the bundle from the folder `tally reconcile` ran in, or restore the file")]
    Missing {
        /// The file.
        path: String,
        /// The cause.
        message: String,
    },
    /// An input file's bytes are not those the report was made from.
    #[error("{path}: this file changed since the report was made (SHA-256 {found}, the report says {expected}): bundle only what the report rests on; run tally reconcile again if the file was meant to change")]
    Changed {
        /// The file.
        path: String,
        /// The report's hash.
        expected: String,
        /// The file's hash now.
        found: String,
    },
    /// The selection keeps no station.
    #[error("no station of the report matches {0}: nothing to bundle")]
    EmptySelection(String),
    /// A renderer failed.
    #[error("cannot render {what}: {message}")]
    Render {
        /// Which file.
        what: &'static str,
        /// Why.
        message: String,
    },
    /// The observer key could not sign.
    #[error(transparent)]
    Key(#[from] crate::keys::KeyError),
    /// The bundle cannot be written.
    #[error("{path}: cannot write the bundle: {message}")]
    Write {
        /// The bundle.
        path: String,
        /// Why.
        message: String,
    },
    /// The bundle cannot be read at all.
    #[error("{path}: {message}")]
    Unreadable {
        /// The bundle.
        path: String,
        /// Why.
        message: String,
    },
}
