//! tally: read, verify and reconcile signed polling-station result tapes.
#![forbid(unsafe_code)]

pub mod keyring;
pub mod tape;
pub mod verify;
