//! Progress bars: on stderr, only when stderr is a terminal (indicatif hides them otherwise);
//! phase timings on stderr when `TALLY_TIMINGS` is set (for benchmarks).

use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar for `len` items, labelled `what` (e.g. "reading"; change it with
/// `set_message` between phases).
pub fn bar(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    let template = "{spinner} {msg:10} {bar:40} {pos}/{len} ({per_sec}, ETA {eta})";
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.set_message(what.to_string());
    bar
}

/// Phase timings printed to stderr when the environment variable `TALLY_TIMINGS` is set.
pub struct Timings {
    start: Option<std::time::Instant>,
    last: std::sync::Mutex<Option<std::time::Instant>>,
}

impl Timings {
    /// Timings if `TALLY_TIMINGS` is set, silence otherwise.
    pub fn from_env() -> Timings {
        let now = std::env::var_os("TALLY_TIMINGS").map(|_| std::time::Instant::now());
        Timings {
            start: now,
            last: std::sync::Mutex::new(now),
        }
    }

    /// Prints the time since the last mark.
    pub fn mark(&self, phase: &str) {
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        if let (Some(start), Some(previous)) = (self.start, *last) {
            let now = std::time::Instant::now();
            eprintln!(
                "timing: {phase}: {:.3} s (total {:.3} s)",
                (now - previous).as_secs_f64(),
                (now - start).as_secs_f64()
            );
            *last = Some(now);
        }
    }
}

/// What a batch tells the terminal as it goes: a progress bar per phase, timings, and the
/// loud warning when the keyring is not authenticated.
pub struct Bars {
    bar: std::sync::RwLock<Option<ProgressBar>>,
    timings: Timings,
}

impl Bars {
    /// Bars, with timings if `TALLY_TIMINGS` is set.
    pub fn new() -> Bars {
        Bars {
            bar: std::sync::RwLock::new(None),
            timings: Timings::from_env(),
        }
    }

    /// Marks a phase of the command's own (see [`Timings::mark`]).
    pub fn mark(&self, phase: &str) {
        self.timings.mark(phase);
    }
}

impl crate::source::batch::Watch for Bars {
    fn phase(&self, what: &'static str, len: u64) {
        if let Ok(mut b) = self.bar.write() {
            *b = Some(bar(len, what));
        }
    }

    fn step(&self) {
        if let Ok(b) = self.bar.read() {
            b.iter().for_each(|b| b.inc(1));
        }
    }

    fn phase_done(&self) {
        if let Ok(mut b) = self.bar.write() {
            b.take().iter().for_each(ProgressBar::finish_and_clear);
        }
    }

    fn mark(&self, what: &str) {
        self.timings.mark(what);
    }

    fn keyring_loaded(&self, keyring: &crate::keyring::Keyring) {
        super::warn_unauthenticated(keyring);
    }
}
