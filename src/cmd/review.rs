//! `tally review`: photos whose reading no signature proved, corrected by an observer field
//! by field until the signature verifies, and kept as source reviewed.

use std::io::IsTerminal as _;

use crate::cli::ReviewArgs;
use crate::entry::{review::review, Dialogue};
use crate::report::listing::InputStatus;
use crate::report::sanitize::terminal;
use crate::source::{PhotoInfo, Review};

use super::{load_keyring, make_cache, read_and_list, Outcome};

/// Now, UTC, as `YYYY-MM-DDTHH:MM:SSZ`.
fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    crate::tape::Timestamp::from_unix(secs)
        .map_or_else(|| "unknown time".to_string(), |t| t.to_string())
}

/// Opens a photo in the system's viewer, without waiting for it; `false` when there is no
/// display to show it on or no viewer could be started (the caller then names the file).
fn open_viewer(path: &std::path::Path) -> bool {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        let display = ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|v| !v.is_empty()));
        if !display {
            return false;
        }
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok()
}

/// Runs `tally review`.
pub fn run(args: ReviewArgs) -> anyhow::Result<Outcome> {
    if args.keyring.keyring.is_none() {
        anyhow::bail!("review needs the commission's keyring to let the signature decide: add --keyring keyring.csv --root-key commission-root.pub");
    }
    let keyring = load_keyring(&args.keyring)?.expect("checked above");
    let Some(cache) = make_cache(&args.photo, Some(&keyring)) else {
        anyhow::bail!("review keeps corrected readings in the cache folder: drop --no-cache (or give --cache DIR)");
    };
    let reviewer = args
        .reviewer
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .filter(|r| !r.trim().is_empty())
        .ok_or_else(|| anyhow::anyhow!("who reviews? add --reviewer \"YOUR NAME\""))?;
    let (inputs, listing) = read_and_list(&args.paths, Some(&keyring), &args.photo)?;
    let todo: Vec<usize> = (0..inputs.len())
        .filter(|&i| inputs[i].source.is_photo() && inputs[i].tape.is_ok())
        // A reading whose signature holds was read right: nothing for a person to correct.
        .filter(|&i| match listing.tapes[i].status {
            InputStatus::Tape(s) => !s.figures_signed(),
            InputStatus::Unreadable => false,
        })
        .collect();
    let stdin = std::io::stdin();
    let echo = !stdin.is_terminal();
    let mut d = Dialogue::new(stdin.lock(), std::io::stderr(), echo);
    d.say(&format!(
        "{} to review.",
        crate::report::plural(todo.len(), "photo", "photos")
    ))?;
    let mut left = 0;
    for (n, &i) in todo.iter().enumerate() {
        let input = &inputs[i];
        let (Ok(tape), Some(sha)) = (&input.tape, &input.sha256) else {
            continue;
        };
        d.say(&format!(
            "\n== {}/{}: {}\n   {}",
            n + 1,
            todo.len(),
            terminal(&input.path.display().to_string()),
            terminal(&listing.tapes[i].reason)
        ))?;
        if args.no_open || !std::io::stderr().is_terminal() || !open_viewer(&input.path) {
            d.say(&format!(
                "   open the photo to read it: {}",
                terminal(&input.path.display().to_string())
            ))?;
        }
        let info = input.photo.clone();
        let doubtful: Vec<String> = info.as_ref().map_or(Vec::new(), |p| p.uncertain.clone());
        let ocr_text = info.as_ref().and_then(|p| p.ocr_text.as_deref());
        match review(&mut d, tape, input.source, ocr_text, &doubtful, &keyring)? {
            Some(proven) => {
                let mut info: PhotoInfo = info.unwrap_or_else(|| PhotoInfo {
                    engine: String::new(),
                    confidence: Vec::new(),
                    corrections: Vec::new(),
                    uncertain: Vec::new(),
                    printed_differs_from_qr: Vec::new(),
                    ocr_text: None,
                    review: None,
                });
                info.uncertain.clear();
                info.review = Some(Review {
                    reviewer: reviewer.clone(),
                    at: now_utc(),
                });
                cache.put_review(sha, &proven, &info)?;
                d.say(&format!("kept as reviewed by {}", terminal(&reviewer)))?;
            }
            None => left += 1,
        }
    }
    Ok(if left > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
