//! The first stage: a photo file into pixels, and the QR code. `decode` refuses what is not
//! a photo, too large or damaged, and decodes the rest to grey levels; `qr` reads the QR code
//! (which, when it reads, ends the reading); `preprocess` prepares the strip of paper for OCR.

pub(crate) mod decode;
pub(crate) mod dewarp;
pub(crate) mod preprocess;
pub(crate) mod qr;
pub(crate) mod quality;
