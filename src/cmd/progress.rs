//! Progress bars: on stderr, only when stderr is a terminal (indicatif hides them otherwise),
//! their rate and time left from the last minute's pace; phase timings on stderr when
//! `TALLY_TIMINGS` is set (for benchmarks); and Ctrl-C during a batch: the progress line
//! cleared, one line saying what was kept, exit 130.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressState, ProgressStyle};

/// How far back the pace of a phase is measured: long enough that a burst of cached photos
/// or a slow one does not swing the time left from seconds to an hour.
const PACE_WINDOW: Duration = Duration::from_secs(60);

/// The pace of a phase: items done over the last [`PACE_WINDOW`].
#[derive(Debug, Clone, Default)]
struct Pace {
    samples: VecDeque<(Instant, u64)>,
}

impl Pace {
    /// Notes `pos` items done at `now` (one sample a second at most).
    fn record(&mut self, now: Instant, pos: u64) {
        if self
            .samples
            .back()
            .is_some_and(|&(t, _)| now.duration_since(t) < Duration::from_secs(1))
        {
            return;
        }
        self.samples.push_back((now, pos));
        while self.samples.len() > 2
            && self
                .samples
                .get(1)
                .is_some_and(|&(t, _)| now.duration_since(t) >= PACE_WINDOW)
        {
            self.samples.pop_front();
        }
    }

    /// Items a second over the window, at `now` with `pos` done (`None` before a second or
    /// an item has passed).
    fn rate(&self, now: Instant, pos: u64) -> Option<f64> {
        let &(t, p) = self.samples.front()?;
        let secs = now.duration_since(t).as_secs_f64();
        (secs >= 1.0 && pos > p).then(|| (pos - p) as f64 / secs)
    }
}

/// A rate for people: whole items a second (`25,197/s`), or seconds an item when slower
/// than one a second (`3 s each`).
fn rate_text(rate: Option<f64>) -> String {
    match rate {
        None => "-/s".into(),
        Some(r) if r >= 1.0 => format!("{}/s", thousands(r.round() as u64)),
        Some(r) => format!("{} s each", (1.0 / r).round() as u64),
    }
}

/// The time left for people: `45 s`, `3 min`, `1 h 20 min`.
fn left_text(rate: Option<f64>, left: u64) -> String {
    let Some(rate) = rate.filter(|r| *r > 0.0) else {
        return "?".into();
    };
    let secs = (left as f64 / rate).round() as u64;
    match secs {
        0..=59 => format!("{secs} s"),
        60..=3599 => format!("{} min", (secs + 30) / 60),
        _ => format!("{} h {} min", secs / 3600, (secs % 3600) / 60),
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A key of the bar's template drawn from the phase's [`Pace`]: its rate or its time left.
#[derive(Debug, Clone)]
struct Paced {
    pace: Pace,
    left: bool,
}

impl indicatif::style::ProgressTracker for Paced {
    fn clone_box(&self) -> Box<dyn indicatif::style::ProgressTracker> {
        Box::new(self.clone())
    }

    fn tick(&mut self, state: &ProgressState, now: Instant) {
        self.pace.record(now, state.pos());
    }

    fn reset(&mut self, _: &ProgressState, _: Instant) {
        self.pace = Pace::default();
    }

    fn write(&self, state: &ProgressState, w: &mut dyn std::fmt::Write) {
        let rate = self.pace.rate(Instant::now(), state.pos());
        let text = if self.left {
            let left = state.len().unwrap_or(0).saturating_sub(state.pos());
            left_text(rate, left)
        } else {
            rate_text(rate)
        };
        let _ = w.write_str(&text);
    }
}

/// A progress bar for `len` items, labelled `what` (e.g. "reading"; change it with
/// `set_message` between phases).
pub fn bar(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    let template = "{spinner} {msg:10} {bar:40} {pos}/{len} ({rate}, ETA {left})";
    let paced = |left| Paced {
        pace: Pace::default(),
        left,
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(
            style
                .with_key("rate", paced(false))
                .with_key("left", paced(true)),
        );
    }
    bar.set_message(what.to_string());
    bar.enable_steady_tick(Duration::from_millis(500));
    bar
}

/// Where the batch stands, for the Ctrl-C handler.
struct Standing {
    bar: Option<ProgressBar>,
    phase: &'static str,
    photos: u64,
    photos_read: u64,
    cache: Option<PathBuf>,
}

static STANDING: Mutex<Standing> = Mutex::new(Standing {
    bar: None,
    phase: "",
    photos: 0,
    photos_read: 0,
    cache: None,
});

/// What Ctrl-C leaves, in one line: the photos read and where their readings are kept.
fn interrupted(s: &Standing) -> String {
    if s.photos > 0 && s.phase == "checking" {
        let read = format!(
            "tally: interrupted: {} of {} photos read",
            thousands(s.photos_read),
            thousands(s.photos)
        );
        match &s.cache {
            Some(dir) => format!(
                "{read}; their readings are kept in the cache {}, the next run starts from there",
                dir.display()
            ),
            None => format!("{read}; without a cache (--no-cache) nothing is kept: the next run reads them again"),
        }
    } else if !s.phase.is_empty() {
        format!("tally: interrupted while {} the inputs", s.phase)
    } else {
        "tally: interrupted".into()
    }
}

/// Ctrl-C from now on clears the progress line, says what was kept and exits 130 (set once;
/// a handler that cannot be set leaves Ctrl-C as it was).
fn handle_ctrl_c() {
    static SET: std::sync::Once = std::sync::Once::new();
    SET.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            let line = match STANDING.lock() {
                Ok(s) => {
                    s.bar.iter().for_each(ProgressBar::finish_and_clear);
                    interrupted(&s)
                }
                Err(_) => "tally: interrupted".into(),
            };
            super::tell(&line);
            std::process::exit(130);
        });
    });
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
    /// Bars, with timings if `TALLY_TIMINGS` is set; Ctrl-C from now on says what was kept.
    pub fn new() -> Bars {
        handle_ctrl_c();
        Bars {
            bar: std::sync::RwLock::new(None),
            timings: Timings::from_env(),
        }
    }

    /// Marks a phase of the command's own (see [`Timings::mark`]).
    pub fn mark(&self, phase: &str) {
        self.timings.mark(phase);
    }

    /// The photo cache's folder, to name when Ctrl-C stops the run (none: nothing is kept).
    pub fn keep_in(&self, cache: Option<PathBuf>) {
        if let Ok(mut s) = STANDING.lock() {
            s.cache = cache;
        }
    }
}

impl crate::source::batch::Watch for Bars {
    fn phase(&self, what: &'static str, len: u64) {
        let new = bar(len, what);
        if let Ok(mut s) = STANDING.lock() {
            s.bar = Some(new.clone());
            s.phase = what;
        }
        if let Ok(mut b) = self.bar.write() {
            *b = Some(new);
        }
    }

    fn photos(&self, count: u64) {
        if let Ok(mut s) = STANDING.lock() {
            (s.photos, s.photos_read) = (count, 0);
        }
    }

    fn photo_read(&self) {
        if let Ok(mut s) = STANDING.lock() {
            s.photos_read += 1;
        }
    }

    fn step(&self) {
        if let Ok(b) = self.bar.read() {
            b.iter().for_each(|b| b.inc(1));
        }
    }

    fn phase_done(&self) {
        if let Ok(mut s) = STANDING.lock() {
            s.bar = None;
            s.phase = "";
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_whole_and_the_time_left_follows_the_last_minute() {
        assert_eq!(rate_text(Some(25_197.343_7)), "25,197/s");
        assert_eq!(rate_text(Some(0.32)), "3 s each");
        assert_eq!(rate_text(None), "-/s");
        assert_eq!(thousands(1_204), "1,204");
        assert_eq!(thousands(999), "999");
        let start = Instant::now();
        let mut pace = Pace::default();
        // A burst of 1,000 cached photos in the first second, then one photo every 3 s for
        // two minutes: the pace is the last minute's, one every 3 s, not the burst's.
        pace.record(start, 0);
        pace.record(start + Duration::from_secs(1), 1_000);
        let mut pos = 1_000;
        for k in 1..=40 {
            pos += 1;
            pace.record(start + Duration::from_secs(1 + 3 * k), pos);
        }
        let now = start + Duration::from_secs(121);
        let rate = pace.rate(now, pos).unwrap();
        assert!((rate - 1.0 / 3.0).abs() < 0.02, "{rate}");
        assert_eq!(left_text(Some(rate), 100), "5 min");
        assert_eq!(left_text(Some(2.0), 90), "45 s");
        assert_eq!(left_text(Some(0.01), 50_000), "1388 h 53 min");
        assert_eq!(left_text(None, 5), "?");
    }

    #[test]
    fn ctrl_c_says_what_was_kept() {
        let mut s = Standing {
            bar: None,
            phase: "checking",
            photos: 3_000,
            photos_read: 1_204,
            cache: Some(PathBuf::from("/var/cache/tally")),
        };
        assert_eq!(
            interrupted(&s),
            "tally: interrupted: 1,204 of 3,000 photos read; their readings are kept in the cache /var/cache/tally, the next run starts from there"
        );
        s.cache = None;
        assert!(interrupted(&s).contains("nothing is kept"));
        s.phase = "";
        assert_eq!(interrupted(&s), "tally: interrupted");
    }
}
