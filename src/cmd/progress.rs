//! Progress bars: on stderr, only when stderr is a terminal (indicatif hides them otherwise).

use indicatif::{ProgressBar, ProgressStyle};

/// A progress bar for `len` items of `what` (e.g. "tapes").
pub fn bar(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    let template =
        format!("{{spinner}} {{bar:40}} {{pos}}/{{len}} {what} ({{per_sec}}, ETA {{eta}})");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar
}
