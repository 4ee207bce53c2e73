//! Renderers: every output for people (tables) and machines (JSON, CSV). The only modules,
//! with `cmd/`, that produce text for a stream; they never decide what is true.

pub mod fit;
pub mod lang;
pub mod listing;
pub use crate::files::write as output;
pub mod pdf;
pub mod quickcount;
pub mod reconcile;
pub mod releases;
pub mod sanitize;
pub mod screen;
pub mod seats;
pub mod sheet;
pub mod style;
mod tapes;

pub use tapes::{render_listing, render_read, ListingFormat, View};

/// A count with its noun: `1 entry was`, `3 entries were`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
