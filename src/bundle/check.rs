//! `tally bundle check`: everything a complaint desk needs to trust a bundle — the observer
//! network's signature on the MANIFEST, every file's hash, no file missing or added, nothing
//! unsafe, every tape's signature against the bundled keyring (itself authenticated when the
//! commission's root key is given), and every finding re-derived from the bundled files.

use std::collections::BTreeMap;
use std::path::Path;

use super::files::BundleFiles;
use super::manifest::{self, sha256_hex, MANIFEST, SIGNATURE};
use super::{layout, rerun};
use crate::keyring::{authenticate_texts, Authenticity, Keyring};
use crate::keys::{self, PublicKey};
use crate::report::listing::{InputStatus, KeyringInfo};
use crate::report::reconcile::model::{InputKind, ReconcileReport};

/// Whether a check holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// It holds.
    Holds,
    /// It does not: the bundle cannot be trusted as it is.
    Fails,
    /// Could not be checked (no root key was given): the bundle is not proven as it is.
    NotChecked,
}

/// One line of the check's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    /// Holds, fails, or could not be checked.
    pub verdict: Verdict,
    /// What was checked: a file of the bundle, a station, or a check's name.
    pub subject: String,
    /// What holds or what is wrong, in plain words.
    pub detail: String,
}

impl Check {
    /// A check that holds.
    pub fn holds(subject: &str, detail: String) -> Check {
        Check {
            verdict: Verdict::Holds,
            subject: subject.into(),
            detail,
        }
    }

    /// A check that fails.
    pub fn fails(subject: &str, detail: String) -> Check {
        Check {
            verdict: Verdict::Fails,
            subject: subject.into(),
            detail,
        }
    }

    /// A check that could not be made.
    pub fn not_checked(subject: &str, detail: String) -> Check {
        Check {
            verdict: Verdict::NotChecked,
            subject: subject.into(),
            detail,
        }
    }
}

/// Every check made, in order.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// The checks.
    pub checks: Vec<Check>,
}

impl CheckReport {
    /// Whether no check fails.
    pub fn holds(&self) -> bool {
        self.count(Verdict::Fails) == 0
    }

    /// How many checks have this verdict.
    pub fn count(&self, verdict: Verdict) -> usize {
        self.checks.iter().filter(|c| c.verdict == verdict).count()
    }
}

/// The MANIFEST's signature, and that the signature file is exactly as minisign writes it
/// (its untrusted comment is not covered by the signature, so it must be the one tally writes).
fn check_signature(
    manifest: &[u8],
    signature: &[u8],
    observer: &PublicKey,
    out: &mut Vec<Check>,
) -> bool {
    let Ok(text) = std::str::from_utf8(signature) else {
        out.push(Check::fails(
            SIGNATURE,
            "not text: not a minisign signature".into(),
        ));
        return false;
    };
    match keys::verify(observer, manifest, text) {
        Err(e) => {
            out.push(Check::fails(
                SIGNATURE,
                format!("the MANIFEST's signature does not hold: {e}; the MANIFEST or its signature was changed, or another key signed it"),
            ));
            false
        }
        Ok(v) => {
            let canonical = minisign::SignatureBox::from_string(text)
                .map(|b| b.into_string())
                .ok();
            let comment_ok = text
                .starts_with("untrusted comment: signature from tally observer key\n")
                || text.starts_with("untrusted comment: signature from minisign secret key\n");
            if canonical.as_deref() != Some(text) || !comment_ok {
                out.push(Check::fails(
                    SIGNATURE,
                    "the signature holds but the file is not as it was written (its untrusted comment or layout was changed)".into(),
                ));
                return false;
            }
            out.push(Check::holds(
                "signature",
                format!(
                    "MANIFEST is signed by observer key {}; trusted comment: {}",
                    observer.key_id(),
                    v.trusted_comment
                ),
            ));
            true
        }
    }
}

/// The MANIFEST against the files: each listed file present with its hash, nothing else.
fn check_hashes(
    files: &BTreeMap<String, Vec<u8>>,
    entries: &[manifest::Entry],
    out: &mut Vec<Check>,
) {
    let mut good = 0;
    for e in entries {
        match files.get(&e.path) {
            None => out.push(Check::fails(
                &e.path,
                "listed in the MANIFEST but missing from the bundle".into(),
            )),
            Some(bytes) => {
                let found = sha256_hex(bytes);
                if found == e.sha256 {
                    good += 1;
                } else {
                    out.push(Check::fails(
                        &e.path,
                        format!("changed after the bundle was signed: its SHA-256 is {found}, the MANIFEST says {}", e.sha256),
                    ));
                }
            }
        }
    }
    let listed: std::collections::BTreeSet<&str> =
        entries.iter().map(|e| e.path.as_str()).collect();
    for path in files.keys() {
        if path != MANIFEST && path != SIGNATURE && !listed.contains(path.as_str()) {
            out.push(Check::fails(
                path,
                "not listed in the MANIFEST: added after the bundle was signed".into(),
            ));
        }
    }
    let detail = format!(
        "{good} of {} files listed in the MANIFEST have the SHA-256 it gives",
        entries.len()
    );
    out.push(if good == entries.len() {
        Check::holds("hashes", detail)
    } else {
        Check::fails("hashes", detail)
    });
}

/// The bundled keyring, authenticated with the root key when one is given.
fn check_keyring(
    files: &BTreeMap<String, Vec<u8>>,
    root: Option<(&Path, &str)>,
    report_keyring: Option<&KeyringInfo>,
    out: &mut Vec<Check>,
) -> Option<Keyring> {
    let bytes = files.get(layout::KEYRING)?;
    let mut keyring = match Keyring::parse(bytes, Path::new(layout::KEYRING)) {
        Ok(k) => k,
        Err(e) => {
            out.push(Check::fails(layout::KEYRING, format!("unusable: {e}")));
            return None;
        }
    };
    match root {
        // The re-derivation below goes on with the keyring as the report says it was
        // authenticated; that it was is the one thing not checked, and said so.
        None => {
            let said = report_keyring.filter(|k| k.authenticated);
            out.push(Check::not_checked(
                "keyring",
                match said {
                    Some(k) => format!(
                        "{} device keys; the report says the commission's root key {} authenticated them, which was NOT checked now: give the root key with --root-key; until then nothing proves these keys are the commission's, and no \"verified\" in this bundle is proven",
                        keyring.len(),
                        k.root_key_id.as_deref().unwrap_or("?")
                    ),
                    None => format!(
                        "{} device keys, NOT authenticated: give the commission's root key with --root-key; until then nothing proves these keys are the commission's",
                        keyring.len()
                    ),
                },
            ));
            if let Some(k) = said {
                keyring.authenticity = Authenticity::Authenticated {
                    root_key_id: k.root_key_id.clone().unwrap_or_default(),
                    trusted_comment: k.trusted_comment.clone().unwrap_or_default(),
                };
            }
        }
        Some((root_path, root_text)) => {
            let sig = files
                .get(layout::KEYRING_SIG)
                .map(|b| String::from_utf8_lossy(b).into_owned());
            let result = match &sig {
                None => Err(format!("{} is not in the bundle", layout::KEYRING_SIG)),
                Some(sig) => authenticate_texts(
                    bytes,
                    Path::new(layout::KEYRING),
                    (root_path, root_text),
                    (Path::new(layout::KEYRING_SIG), sig),
                )
                .map_err(|e| e.to_string()),
            };
            match result {
                Ok(auth) => {
                    if let Authenticity::Authenticated { root_key_id, .. } = &auth {
                        out.push(Check::holds(
                            "keyring",
                            format!("{} device keys, authenticated by the commission's root key {root_key_id}", keyring.len()),
                        ));
                    }
                    keyring.authenticity = auth;
                }
                Err(e) => out.push(Check::fails(
                    layout::KEYRING,
                    format!("not authenticated: {e}"),
                )),
            }
        }
    }
    Some(keyring)
}

/// Checks a bundle read into memory. `root` is the commission's root key (path, text).
pub fn check(
    bundle: &BundleFiles,
    observer: &PublicKey,
    root: Option<(&Path, &str)>,
) -> CheckReport {
    let mut out = Vec::new();
    for (name, why) in &bundle.refused {
        out.push(Check::fails(name, format!("refused: {why}")));
    }
    let files = &bundle.files;
    let (Some(manifest_bytes), Some(sig)) = (files.get(MANIFEST), files.get(SIGNATURE)) else {
        for name in [MANIFEST, SIGNATURE]
            .into_iter()
            .filter(|n| !files.contains_key(*n))
        {
            out.push(Check::fails(
                name,
                "missing: this is not a signed tally bundle".into(),
            ));
        }
        return CheckReport { checks: out };
    };
    check_signature(manifest_bytes, sig, observer, &mut out);
    let entries = match std::str::from_utf8(manifest_bytes)
        .map_err(|_| "not UTF-8 text".to_string())
        .and_then(manifest::parse)
    {
        Ok(e) => e,
        Err(e) => {
            out.push(Check::fails(MANIFEST, format!("unreadable: {e}")));
            return CheckReport { checks: out };
        }
    };
    check_hashes(files, &entries, &mut out);
    let report: ReconcileReport = match files
        .get(layout::REPORT_JSON)
        .ok_or_else(|| "missing".to_string())
        .and_then(|b| serde_json::from_slice(b).map_err(|e| e.to_string()))
    {
        Ok(r) => r,
        Err(e) => {
            out.push(Check::fails(
                layout::REPORT_JSON,
                format!("not a tally reconcile report: {e}"),
            ));
            return CheckReport { checks: out };
        }
    };
    let keyring = check_keyring(files, root, report.keyring.as_ref(), &mut out);
    let loaded = rerun::load(&report, files, keyring.as_ref());
    check_tapes(&report, &loaded.statuses, &mut out);
    let whole = report.bundle.as_ref().is_none_or(|b| b.selection == "all");
    out.extend(rerun::compare(&report, loaded, whole));
    CheckReport { checks: out }
}

/// Each tape's status now against the report's.
fn check_tapes(
    report: &ReconcileReport,
    now: &BTreeMap<(String, Option<usize>), Option<InputStatus>>,
    out: &mut Vec<Check>,
) {
    let mut same = 0;
    let mut verified = 0;
    for input in report.inputs.iter().filter(|i| i.kind == InputKind::Tape) {
        let Some(status) = now.get(&(input.path.clone(), input.line)) else {
            continue;
        };
        match status {
            None => out.push(Check::fails(
                &input.path,
                "the report rests on this tape file but it is not in the bundle".into(),
            )),
            Some(s) if Some(*s) == input.status => {
                same += 1;
                verified += usize::from(*s == InputStatus::Tape(crate::verify::Status::Verified));
            }
            Some(s) => out.push(Check::fails(
                &input.path,
                format!(
                    "the report says {}, the bundled file gives {}",
                    input.status.map_or("nothing", |x| x.as_str()),
                    s.as_str()
                ),
            )),
        }
    }
    out.push(Check::holds(
        "tapes",
        format!("{same} tape files read and verified again with the bundled keyring give the report's status ({verified} verified)"),
    ));
}
