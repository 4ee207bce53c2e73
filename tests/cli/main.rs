//! tally's integration tests, in one binary: each module drives the built `tally` (or the
//! library) the way a user or script would. One binary links once instead of fifteen times.

// Built without OCR (`--no-default-features`), the OCR tests are left out and the helpers
// only they use go unused.
#![cfg_attr(not(feature = "ocr"), allow(unused))]

mod common;

mod bundle;
mod complaint;
mod enter;
mod entry_props;
mod fuzz_replay;
mod hardening;
mod headline;
mod html_browser;
mod keys;
mod man;
mod many_machines;
mod mutated;
mod photo_cli;
mod proof;
mod properties;
mod quickcount;
mod realdata;
mod reconcile_cli;
mod reconcile_truth;
mod reliability;
mod review_browser;
mod review_server;
mod screen;
mod seats;
mod sheets_render;
mod simulate;
mod snapshots;
mod spec_examples;
mod terminal;
mod verify_cli;
