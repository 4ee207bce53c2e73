//! The second stage: the prepared strip into tape text, each character with the engine's
//! doubt about it. `engine` runs Tesseract; `lines` rebuilds the tape's text from the lines it
//! read (`choices` the results' lines); `reread` takes a second look at lines whose figure or
//! signature came out lost or garbled; `doubts` aligns the text with the engine's glyphs and
//! marks lost figures, for the correction stage.

pub(crate) mod choices;
pub(crate) mod doubts;
pub(crate) mod engine;
pub(crate) mod lines;
pub(crate) mod reread;
