//! tally: read, verify and reconcile signed polling-station result tapes.
//!
//! Modules are the nouns of the domain, imported one way (ARCHITECTURE.md draws the line):
//! `cmd` → `bundle` → `report` → `reconcile` → `published` → `tape`, and beside them `source`
//! (inputs) → `photo` → `verify` → `keyring` → `tape`. `tape` depends on no other module of
//! ours; only `cmd` and the renderers in `report` write to streams (`entry` talks only through
//! the reader and writer `cmd` hands it).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bundle;
pub mod cli;
pub mod cmd;
pub mod entry;
pub mod files;
#[doc(hidden)]
pub mod fuzzing;
pub mod keyring;
pub mod keys;
pub mod man;
pub mod photo;
pub mod published;
pub mod quickcount;
pub mod reconcile;
pub mod releases;
pub mod report;
pub mod screen;
pub mod seats;
pub mod simulate;
pub mod source;
pub mod tape;
pub mod verify;

pub use cmd::{run, Outcome};
