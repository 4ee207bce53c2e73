//! A failure stays with its input: a bug of ours met while reading one input (a panic) is
//! caught and becomes that input's reason, so that every other input of a batch is still read,
//! verified and reported.

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Where the last panic on this thread happened (`src/tape/text.rs:154:20`).
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keeps each panic's location for [`guarded`], then lets the previous hook report it as usual.
fn remember_locations() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            LOCATION.with(|cell| *cell.borrow_mut() = at);
            previous(info);
        }));
    });
}

/// Runs `f`; a panic inside it becomes `Err` with the reason an input's report gives:
/// `internal error while reading this input: … (please report it)`.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    caught(f).map_err(|what| {
        format!("internal error while reading this input: {what} (please report it)")
    })
}

/// Runs `f`; a panic inside it becomes `Err` with what it said and where (`boom at
/// src/x.rs:12`).
pub fn caught<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    remember_locations();
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a failure without a message".into());
        let what: String = what.chars().take(300).collect();
        let at = LOCATION
            .with(|cell| cell.borrow_mut().take())
            .map_or(String::new(), |l| format!(" at {l}"));
        format!("{what}{at}")
    })
}

/// In debug builds (the test suite's), bytes holding the text named by the environment
/// variable `var` (`TALLY_TEST_FAILURE` for inputs) fail on purpose, so that tests can show a
/// failure stays where it happened. Release builds have no such path.
pub fn deliberate_failure(var: &str, bytes: &[u8]) {
    #[cfg(debug_assertions)]
    if let Some(marker) = std::env::var_os(var) {
        let marker = marker.as_encoded_bytes();
        if !marker.is_empty() && bytes.windows(marker.len()).any(|w| w == marker) {
            panic!("deliberate failure for a test ({var})");
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = (var, bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_the_inputs_reason() {
        assert_eq!(guarded(|| 7), Ok(7));
        let err = guarded(|| -> u32 { panic!("boom {}", 1) }).unwrap_err();
        assert!(
            err.starts_with(
                "internal error while reading this input: boom 1 at src/source/guard.rs:"
            ),
            "{err}"
        );
        assert!(err.ends_with("(please report it)"), "{err}");
    }
}
