//! Making a bundle: choose the stations, gather the files the report names (refusing any
//! whose bytes changed since), rewrite the report's paths to the bundle's, render the report
//! files, hash everything into the MANIFEST and sign it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::manifest::{self, sha256_hex, MANIFEST, SIGNATURE};
use super::{layout, paths, BundleError};
use crate::keys::SecretKey;
use crate::reconcile::{Kind, Severity};
use crate::report::lang::Lang;
use crate::report::reconcile::model::{
    BundleRecord, BundledFile, InputKind, ReconcileReport, StationRecord,
};
use crate::report::reconcile::{exporter, ReconcileFormat};
use crate::report::sheet;
use crate::tape::Timestamp;

/// Which stations a bundle keeps. Empty: the whole reconciliation.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `--station C-S`: these stations.
    pub stations: Vec<(u32, u32)>,
    /// `--kind`: stations with a finding of one of these kinds.
    pub kinds: Vec<Kind>,
    /// `--min-severity`: stations with a finding at least this severe.
    pub min_severity: Option<Severity>,
}

impl Selection {
    /// Whether nothing was chosen (the whole reconciliation is bundled).
    pub fn is_whole(&self) -> bool {
        self.stations.is_empty() && self.kinds.is_empty() && self.min_severity.is_none()
    }

    /// Whether a station is kept.
    pub fn keeps(&self, s: &StationRecord) -> bool {
        (self.stations.is_empty() || self.stations.contains(&(s.center, s.station)))
            && (self.kinds.is_empty() || s.findings.iter().any(|f| self.kinds.contains(&f.kind)))
            && self
                .min_severity
                .is_none_or(|min| s.findings.iter().any(|f| f.severity >= min))
    }

    /// The selection in words, as it was typed.
    pub fn describe(&self) -> String {
        if self.is_whole() {
            return "all".into();
        }
        let mut parts: Vec<String> = self
            .stations
            .iter()
            .map(|(c, s)| format!("--station {c}-{s}"))
            .collect();
        parts.extend(self.kinds.iter().map(|k| format!("--kind {}", k.as_str())));
        if let Some(m) = self.min_severity {
            parts.push(format!("--min-severity {}", m.as_str()));
        }
        parts.join(" ")
    }
}

/// What to bundle and how.
#[derive(Debug)]
pub struct BuildRequest {
    /// The report, as read from its file.
    pub report: ReconcileReport,
    /// SHA-256 of the report file.
    pub report_sha256: String,
    /// Folders a relative input path is looked for in, in order (where `tally reconcile`
    /// ran, then the report's folder).
    pub bases: Vec<PathBuf>,
    /// The keyring's signature, when not KEYRING.minisig beside it.
    pub keyring_sig: Option<PathBuf>,
    /// The stations to keep.
    pub selection: Selection,
    /// Language of the complaint sheets.
    pub lang: Lang,
    /// The bundle's name, for the signature's trusted comment.
    pub name: String,
    /// When it is signed.
    pub signed_at: Timestamp,
}

/// A bundle, ready to write.
#[derive(Debug)]
pub struct Built {
    /// Every file, MANIFEST and MANIFEST.minisig included.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Stations kept.
    pub stations: usize,
    /// Findings kept.
    pub findings: usize,
    /// The signature's trusted comment.
    pub trusted_comment: String,
}

/// Reads an input the report names and checks its bytes are the report's.
fn fetch(path: &str, expected: &str, bases: &[PathBuf]) -> Result<Vec<u8>, BundleError> {
    let p = Path::new(path);
    let candidates: Vec<PathBuf> = if p.is_absolute() {
        vec![p.to_path_buf()]
    } else {
        bases.iter().map(|b| b.join(p)).collect()
    };
    let mut last = None;
    for c in &candidates {
        match crate::files::read(c, super::files::MAX_FILE_BYTES, "a file of a bundle") {
            Ok(bytes) => {
                let found = sha256_hex(&bytes);
                if found != expected {
                    return Err(BundleError::Changed {
                        path: c.display().to_string(),
                        expected: expected.into(),
                        found,
                    });
                }
                return Ok(bytes);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(BundleError::Missing {
        path: path.into(),
        message: last.map_or("no folder to look in".into(), |e| e.to_string()),
    })
}

/// Makes the bundle's files, signed with `key`.
pub fn build(req: BuildRequest, key: &SecretKey) -> Result<Built, BundleError> {
    let mut report = req.report;
    if !req.selection.is_whole() {
        report.stations.retain(|s| req.selection.keeps(s));
        if report.stations.is_empty() {
            return Err(BundleError::EmptySelection(req.selection.describe()));
        }
    }
    // The tape files: every tape input for the whole reconciliation, else every copy of
    // every tape of the chosen stations.
    let wanted: BTreeSet<String> = report
        .stations
        .iter()
        .flat_map(|s| s.tapes.iter().flat_map(|t| t.copies.iter()))
        .map(|c| c.path.clone())
        .collect();
    report.inputs.retain(|i| {
        i.kind != InputKind::Tape
            || (i.sha256.is_some() && (req.selection.is_whole() || wanted.contains(&i.path)))
    });
    // Each file once: the rows of an observers' table are inputs of one file.
    let mut seen = BTreeSet::new();
    let tapes: Vec<(String, String)> = report
        .inputs
        .iter()
        .filter(|i| i.kind == InputKind::Tape)
        .filter_map(|i| Some((i.path.clone(), i.sha256.clone()?)))
        .filter(|t| seen.insert(t.clone()))
        .collect();
    let tape_paths: Vec<PathBuf> = tapes.iter().map(|(p, _)| PathBuf::from(p)).collect();
    let cwd = req.bases.first().cloned().unwrap_or_default();
    let placed = paths::place(layout::TAPES, &tape_paths, &cwd);
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut moved: BTreeMap<String, String> = BTreeMap::new();
    let mut record = Vec::new();
    let mut add = |original: &str, sha: &str, to: String, bytes: Vec<u8>| {
        record.push(BundledFile {
            path: to.clone(),
            original_path: original.to_string(),
            sha256: sha.to_string(),
        });
        moved.insert(original.to_string(), to.clone());
        files.insert(to, bytes);
    };
    for ((path, sha), to) in tapes.iter().zip(placed) {
        add(path, sha, to, fetch(path, sha, &req.bases)?);
    }
    let published = report.published.clone();
    let name = Path::new(&published.path)
        .file_name()
        .map_or("published".into(), |n| n.to_string_lossy().into_owned());
    let to = paths::place(layout::PUBLISHED, &[PathBuf::from(name)], Path::new("/")).remove(0);
    add(
        &published.path,
        &published.sha256,
        to,
        fetch(&published.path, &published.sha256, &req.bases)?,
    );
    if let Some(k) = report.keyring.clone() {
        add(
            &k.path,
            &k.sha256,
            layout::KEYRING.into(),
            fetch(&k.path, &k.sha256, &req.bases)?,
        );
        let sig = req
            .keyring_sig
            .clone()
            .unwrap_or_else(|| PathBuf::from(format!("{}.minisig", k.path)));
        match fetch_any(&sig, &req.bases) {
            Some(bytes) => {
                let sha = sha256_hex(&bytes);
                add(
                    &sig.display().to_string(),
                    &sha,
                    layout::KEYRING_SIG.into(),
                    bytes,
                );
            }
            None if k.authenticated => {
                return Err(BundleError::Missing {
                    path: sig.display().to_string(),
                    message: "the keyring was authenticated with it; give it with --keyring-sig"
                        .into(),
                })
            }
            None => {}
        }
    }
    rewrite_paths(&mut report, &moved);
    report.bundle = Some(BundleRecord {
        selection: req.selection.describe(),
        source_report_sha256: req.report_sha256.clone(),
        files: record,
    });
    let stations = report.stations.len();
    let findings = report.stations.iter().map(|s| s.findings.len()).sum();
    for (what, format) in [
        (layout::REPORT_JSON, ReconcileFormat::Json),
        (layout::REPORT_HTML, ReconcileFormat::Html),
        (layout::FINDINGS_CSV, ReconcileFormat::Csv),
    ] {
        let bytes = exporter(format, false, None, req.lang)
            .bytes(&report)
            .map_err(|e| BundleError::Render {
                what,
                message: e.to_string(),
            })?;
        files.insert(what.into(), bytes);
    }
    let loaded = super::rerun::load(&report, &files, None);
    let figures = super::rerun::figures(&report, &loaded);
    let sheets_html = sheet::html::render(&report, req.lang, &figures, &files);
    files.insert(layout::SHEETS_HTML.into(), sheets_html.into_bytes());
    let pdf =
        crate::report::pdf::render(&report, req.lang, &figures, &files).map_err(|message| {
            BundleError::Render {
                what: layout::REPORT_PDF,
                message,
            }
        })?;
    files.insert(layout::REPORT_PDF.into(), pdf);
    let manifest_text = manifest::render(files.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
    let trusted_comment = format!(
        "tally evidence bundle {}; report.json sha256 {}; signed {}",
        req.name.replace(['\n', '\r', '\t'], " "),
        sha256_hex(&files[layout::REPORT_JSON]),
        req.signed_at
    );
    let signature = key.sign(manifest_text.as_bytes(), &trusted_comment)?;
    files.insert(MANIFEST.into(), manifest_text.into_bytes());
    files.insert(SIGNATURE.into(), signature.into_bytes());
    Ok(Built {
        files,
        stations,
        findings,
        trusted_comment,
    })
}

/// Reads a file that the report does not hash (the keyring's signature), if it is there.
fn fetch_any(path: &Path, bases: &[PathBuf]) -> Option<Vec<u8>> {
    let read =
        |p: &Path| crate::files::read(p, crate::files::MAX_KEY_FILE_BYTES, "a signature").ok();
    if path.is_absolute() {
        return read(path);
    }
    bases.iter().find_map(|b| read(&b.join(path)))
}

/// Points every path of the report at the file's place in the bundle.
fn rewrite_paths(report: &mut ReconcileReport, moved: &BTreeMap<String, String>) {
    let fix = |p: &mut String| {
        if let Some(to) = moved.get(p.as_str()) {
            p.clone_from(to);
        }
    };
    for i in &mut report.inputs {
        fix(&mut i.path);
    }
    if let Some(k) = &mut report.keyring {
        fix(&mut k.path);
    }
    fix(&mut report.published.path);
    for s in &mut report.stations {
        for c in s.tapes.iter_mut().flat_map(|t| t.copies.iter_mut()) {
            fix(&mut c.path);
        }
        for e in s.findings.iter_mut().filter_map(|f| f.evidence.as_mut()) {
            fix(&mut e.path);
        }
    }
}
