//! `tally review`: photos whose reading no signature proved, corrected by an observer field
//! by field until the signature verifies, and kept as source reviewed.

use std::io::IsTerminal as _;

use crate::cli::ReviewArgs;
use crate::entry::review::{review_each, Session};
use crate::entry::web::serve;
use crate::entry::Dialogue;
use crate::report::listing::{InputStatus, Listing};
use crate::report::sanitize::terminal;

use super::progress::Bars;
use super::Outcome;

/// `tally review` resolved: everything that can be refused is refused before a photo is read.
struct Settings {
    reviewer: String,
    /// How the photos are read; the cache folder is where reviewed readings are kept.
    options: crate::source::batch::BatchOptions,
    /// Never try to open a photo: print its path.
    no_open: bool,
}

impl Settings {
    fn resolve(args: &ReviewArgs) -> anyhow::Result<Settings> {
        if args.keyring.keyring.is_none() {
            anyhow::bail!("review needs the commission's keyring to let the signature decide: add --keyring keyring.csv --root-key commission-root.pub");
        }
        let options = super::batch_options(&args.photo)?;
        if options.cache_dir.is_none() {
            anyhow::bail!("review keeps corrected readings in the cache folder: drop --no-cache (or give --cache DIR)");
        }
        let reviewer = args
            .reviewer
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .filter(|r| !r.trim().is_empty())
            .ok_or_else(|| anyhow::anyhow!("who reviews? add --reviewer \"YOUR NAME\""))?;
        Ok(Settings {
            reviewer,
            options,
            no_open: args.no_open || !std::io::stderr().is_terminal(),
        })
    }
}

/// Now, UTC, as `YYYY-MM-DDTHH:MM:SSZ`.
fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    crate::tape::Timestamp::from_unix(secs)
        .map_or_else(|| "unknown time".to_string(), |t| t.to_string())
}

/// Opens a photo in the system's viewer (or a page in its browser), without waiting for it;
/// `false` when there is no display to show it on or no viewer could be started (the caller
/// then names the file).
fn open_viewer(path: &std::ffi::OsStr) -> bool {
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
    let settings = Settings::resolve(&args)?;
    if args.serve {
        // The page needs every reading before it can show one: say at once what happens
        // first, so that nobody waits minutes on a silent command for its address.
        let inputs = crate::source::expand(&args.paths).len();
        super::tell(&format!(
            "tally: reading {} first (a photo not in the cache takes a few seconds); the review's address follows once they are read",
            crate::report::plural(inputs, "input", "inputs")
        ));
    }
    let batch = super::read_batch_with(
        &args.paths,
        &args.keyring,
        &args.photo,
        &settings.options,
        &Bars::new(),
    )?;
    let (Some(keyring), Some(cache)) = (
        batch.keyring.as_ref(),
        settings.options.cache(batch.keyring.as_ref()),
    ) else {
        anyhow::bail!("review needs the keyring and the cache folder");
    };
    let listing = Listing::of_checked(&batch.checked, Some(keyring), false);
    let todo: Vec<_> = batch
        .checked
        .iter()
        .zip(&listing.tapes)
        .filter(|((input, _), _)| input.source.is_photo() && input.tape.is_ok())
        // A reading whose signature holds was read right: nothing for a person to correct.
        .filter(|(_, entry)| match entry.status {
            InputStatus::Tape(s) => !s.figures_signed(),
            InputStatus::Unreadable => false,
        })
        .map(|((input, _), entry)| (input, entry.reason.as_str()))
        .collect();
    let show = |path: &std::path::Path| !settings.no_open && open_viewer(path.as_os_str());
    let session = Session {
        keyring,
        cache: &cache,
        reviewer: &settings.reviewer,
        now: &now_utc,
        show: &show,
        clean: &terminal,
    };
    let left = if args.serve && todo.is_empty() {
        // Nothing for a page to show: say so and end, as the terminal review does.
        super::tell(
            "0 photos to review: every photo's reading is proven or it could not be read at all",
        );
        0
    } else if args.serve {
        let mut ready = |url: &str| {
            let photos = if todo.len() == 1 { "photo" } else { "photos" };
            super::tell(&format!(
                "{} {photos} to review in your browser, at the address below (this machine only; Finish on the page, or Ctrl-C, ends the review):",
                todo.len()
            ));
            println!("{url}");
            use std::io::Write as _;
            let _ = std::io::stdout().flush();
            if !settings.no_open && !open_viewer(std::ffi::OsStr::new(url)) {
                super::tell("open it in a browser on this machine");
            }
        };
        serve(&todo, &session, args.port.unwrap_or(0), &mut ready)
            .map_err(|e| anyhow::anyhow!("the review page: {e}"))?
    } else {
        let stdin = std::io::stdin();
        let echo = !stdin.is_terminal();
        let mut d = Dialogue::new(stdin.lock(), std::io::stderr(), echo);
        review_each(&mut d, &todo, &session)?
    };
    Ok(if left > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
