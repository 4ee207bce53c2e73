//! `tally bundle` (make an evidence bundle) and `tally bundle check` (check one).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::bundle::{self, files, BuildRequest, Selection, Verdict};
use crate::cli::{BundleArgs, BundleCheckArgs, BundleCommand, SeverityArg};
use crate::reconcile::{Kind, Severity};
use crate::report::plural;
use crate::report::reconcile::ReconcileReport;
use crate::report::sanitize::terminal;

use super::keys::{open_secret, read_public};
use super::Outcome;

/// Runs `tally bundle`.
pub fn run(args: BundleArgs) -> anyhow::Result<Outcome> {
    match args.command {
        Some(BundleCommand::Check(a)) => check(a),
        None => make(args),
    }
}

/// `--station C-S`, `--kind`, `--min-severity` checked.
fn selection(args: &BundleArgs) -> anyhow::Result<Selection> {
    let stations = args
        .stations
        .iter()
        .map(|s| {
            s.split_once('-')
                .and_then(|(c, n)| Some((c.trim().parse().ok()?, n.trim().parse().ok()?)))
                .with_context(|| {
                    format!("--station {s:?}: write CENTER-STATION, e.g. --station 120345-3")
                })
        })
        .collect::<anyhow::Result<_>>()?;
    let kinds = args
        .kinds
        .iter()
        .map(|k| {
            serde_json::from_value::<Kind>(serde_json::Value::String(k.clone())).with_context(
                || format!("--kind {k:?} is not a finding kind (vote-mismatch, total-mismatch, choice-missing-in-published, choice-missing-on-tape, station-missing-in-published, tape-missing, tape-arithmetic, published-arithmetic, conflicting-tapes, published-conflict, identity-mismatch, tape-unproven, tape-unreadable)"),
            )
        })
        .collect::<anyhow::Result<_>>()?;
    let min_severity = args.min_severity.map(|s| match s {
        SeverityArg::Info => Severity::Info,
        SeverityArg::Low => Severity::Low,
        SeverityArg::Medium => Severity::Medium,
        SeverityArg::High => Severity::High,
        SeverityArg::Critical => Severity::Critical,
    });
    Ok(Selection {
        stations,
        kinds,
        min_severity,
    })
}

fn make(args: BundleArgs) -> anyhow::Result<Outcome> {
    // Settings.
    let (Some(report_path), Some(out), Some(key_path)) =
        (args.report.clone(), args.out.clone(), args.sign.clone())
    else {
        anyhow::bail!(
            "tally bundle needs --report, --out and --sign (or: tally bundle check BUNDLE)"
        );
    };
    let selection = selection(&args)?;
    let bytes = crate::files::read(
        &report_path,
        crate::bundle::files::MAX_FILE_BYTES,
        "a report",
    )
    .with_context(|| format!("{}: cannot read the report", report_path.display()))?;
    let report: ReconcileReport = serde_json::from_slice(&bytes).with_context(|| {
        format!(
            "{}: not a tally reconcile JSON report (make one with tally reconcile --format json -o report.json)",
            report_path.display()
        )
    })?;
    let report_dir = report_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let cwd = std::env::current_dir().context("cannot tell the current folder")?;
    let key = open_secret(&key_path)?;
    let signed_at = super::now()?;
    let mut report = report;
    if let Some(e) = &args.issue.election {
        report.issue.election = Some(e.clone());
    }
    if let Some(n) = &args.issue.network {
        report.issue.network = Some(n.clone());
    }
    report.issue.date = Some(super::date_of(signed_at));
    let name = out.file_name().map_or_else(
        || out.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    // Core.
    let built = bundle::build(
        BuildRequest {
            report,
            report_sha256: bundle::manifest::sha256_hex(&bytes),
            bases: vec![cwd, report_dir],
            keyring_sig: args.keyring_sig.clone(),
            selection,
            lang: args.lang,
            name,
            signed_at,
        },
        &key,
    )?;
    if files::is_zip(&out) {
        files::write_zip(&out, &built.files)?;
    } else {
        files::write_dir(&out, &built.files)?;
    }
    // Render.
    let mut o = std::io::stdout().lock();
    writeln!(
        o,
        "bundle {}: {}, {}, {}; MANIFEST signed by observer key {}",
        out.display(),
        plural(built.files.len(), "file", "files"),
        plural(built.stations, "station", "stations"),
        plural(built.findings, "finding", "findings"),
        key.key_id()
    )?;
    writeln!(o, "trusted comment: {}", built.trusted_comment)?;
    writeln!(
        o,
        "check it with: tally bundle check {} --observer-key OBSERVER.pub --root-key commission-root.pub",
        out.display()
    )?;
    if !files::is_zip(&out) {
        writeln!(
            o,
            "or without tally: cd {} && minisign -Vm MANIFEST -P {} && sha256sum -c MANIFEST",
            out.display(),
            key.public().base64()
        )?;
    }
    Ok(Outcome::Clean)
}

fn check(args: BundleCheckArgs) -> anyhow::Result<Outcome> {
    // Settings.
    let observer = read_public(&args.observer_key)?;
    let root = match &args.root_key {
        None => None,
        Some(p) => Some((
            p.clone(),
            crate::files::read_text(p, crate::files::MAX_KEY_FILE_BYTES, "a root key")
                .with_context(|| format!("{}: cannot read the root key", p.display()))?,
        )),
    };
    // Core.
    let files = files::read(&args.bundle)?;
    let report = bundle::check(
        &files,
        &observer,
        root.as_ref().map(|(p, t)| (p.as_path(), t.as_str())),
    );
    // Render.
    let mut o = std::io::stdout().lock();
    for c in &report.checks {
        let word = match c.verdict {
            Verdict::Holds => "holds",
            Verdict::Fails => "FAILS",
            Verdict::NotChecked => "NOT CHECKED",
        };
        writeln!(
            o,
            "{word}  {}: {}",
            terminal(&c.subject),
            terminal(&c.detail)
        )?;
    }
    let failures = report.count(Verdict::Fails);
    let unchecked = report.count(Verdict::NotChecked);
    let bundle = terminal(&args.bundle.display().to_string());
    if failures > 0 {
        writeln!(
            o,
            "bundle {bundle}: {} FAIL: do not rely on this bundle as it is",
            plural(failures, "check", "checks")
        )?;
        Ok(Outcome::Findings)
    } else if unchecked > 0 {
        writeln!(
            o,
            "bundle {bundle}: every check made holds, but {} could not be made (see NOT CHECKED above): the bundle is not proven until it is",
            plural(unchecked, "check", "checks")
        )?;
        Ok(Outcome::Findings)
    } else {
        writeln!(o, "bundle {bundle}: everything holds")?;
        Ok(Outcome::Clean)
    }
}
