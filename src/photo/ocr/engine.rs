//! Tesseract (Debian's libtesseract, through the `tesseract` crate): one engine per worker
//! thread, kept for the thread's life since starting one costs more than reading a tape.
//! Settings suit a monospace receipt: one uniform block of text, a character whitelist, and
//! hOCR output with each character's confidence and the engine's alternative readings.
//! Built without the `ocr` feature (no C library), every recognition fails with
//! [`PhotoError::NoOcr`], which says what to do instead.

#[cfg(feature = "ocr")]
use std::cell::RefCell;

use image::GrayImage;

use crate::photo::PhotoError;

/// Characters a printed tape holds: labels, figures, ids, the time, the signature lines and
/// their check symbols.
pub const TAPE_WHITELIST: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-:.*~$= ";

/// One character read, with the engine's confidence (0 to 1) and its other readings, most
/// likely first.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The character read.
    pub ch: char,
    /// Confidence, 0 to 1.
    pub conf: f32,
    /// Other readings the engine considered, most likely first.
    pub alternatives: Vec<char>,
}

/// One line of OCR output: words of glyphs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OcrLine {
    /// The words, left to right.
    pub words: Vec<Vec<Glyph>>,
    /// The line's box in the image: left, top, right, bottom.
    pub bbox: (u32, u32, u32, u32),
    /// Another reading of the same line (a second look), when it differs.
    pub second: Option<String>,
}

impl OcrLine {
    /// The line's text, words separated by one space.
    pub fn text(&self) -> String {
        self.words
            .iter()
            .map(|w| w.iter().map(|g| g.ch).collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The OCR engine's name and version, for provenance.
#[cfg(feature = "ocr")]
pub fn engine_version() -> String {
    tesseract::plumbing::version()
        .to_string_lossy()
        .into_owned()
}

/// No OCR engine in this build.
#[cfg(not(feature = "ocr"))]
pub fn engine_version() -> String {
    "none (this build has no OCR)".into()
}

/// The reading model: Tesseract's English model (Debian's `tesseract-ocr-eng`, found where
/// Tesseract looks for its data), or a `.traineddata` file named by `--ocr-model`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    /// The file, or `None` for the English model Tesseract finds itself.
    pub file: Option<std::path::PathBuf>,
    /// The file's SHA-256 (hex), kept with every reading it made.
    pub sha256: Option<String>,
}

/// The model every engine of this process starts with; the English one until
/// [`use_model`] names another.
static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();

/// A model file is at most this large (Tesseract's largest published models are ~25 MB).
const MAX_MODEL_BYTES: u64 = 200 << 20;

/// Reads with the model in `file` (a Tesseract `.traineddata` file) from now on, in this
/// process: checked by starting an engine with it. Named once, before the first reading; a
/// second call with another file is refused.
pub fn use_model(file: &std::path::Path) -> Result<(), PhotoError> {
    let bad = |why: String| PhotoError::Engine(format!("--ocr-model {}: {why}", file.display()));
    if file.extension().and_then(|e| e.to_str()) != Some("traineddata") {
        return Err(bad(
            "an OCR model is a Tesseract .traineddata file (for example eng.traineddata)".into(),
        ));
    }
    let bytes = crate::files::read(file, MAX_MODEL_BYTES, "an OCR model")
        .map_err(|e| bad(e.to_string()))?;
    let model = Model {
        file: Some(file.to_path_buf()),
        sha256: Some(hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes))),
    };
    if MODEL.get_or_init(|| model.clone()) != &model {
        return Err(bad("another OCR model is already in use in this run".into()));
    }
    check_model().map_err(|e| bad(e.to_string()))
}

/// The model in use.
pub fn model() -> Model {
    MODEL.get().cloned().unwrap_or(Model {
        file: None,
        sha256: None,
    })
}

impl std::fmt::Display for Model {
    /// `eng` for Tesseract's own English model, else the file's name and SHA-256.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.file, &self.sha256) {
            (Some(file), Some(sha)) => write!(
                f,
                "{} sha256:{sha}",
                file.file_name().map_or_else(
                    || file.display().to_string(),
                    |n| n.to_string_lossy().into_owned()
                )
            ),
            _ => f.write_str("eng"),
        }
    }
}

/// Starts an engine with the model in use, to tell at once whether it can read.
#[cfg(feature = "ocr")]
fn check_model() -> Result<(), PhotoError> {
    start().map(drop)
}

/// No OCR in this build: a model cannot be used.
#[cfg(not(feature = "ocr"))]
fn check_model() -> Result<(), PhotoError> {
    Err(PhotoError::NoOcr)
}

#[cfg(feature = "ocr")]
thread_local! {
    static ENGINE: RefCell<Option<tesseract::Tesseract>> = const { RefCell::new(None) };
}

#[cfg(feature = "ocr")]
fn engine_error(what: &str, e: impl std::fmt::Display) -> PhotoError {
    PhotoError::Engine(format!("{what}: {e}"))
}

#[cfg(feature = "ocr")]
fn start() -> Result<tesseract::Tesseract, PhotoError> {
    let model = model();
    let t = match &model.file {
        None => tesseract::Tesseract::new(None, Some("eng")).map_err(|e| {
            engine_error(
                "Tesseract could not start with English language data (install tesseract-ocr-eng)",
                e,
            )
        })?,
        Some(file) => {
            // Tesseract takes a folder and a language: the file's folder and its name.
            let dir = file
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let (Some(dir), Some(lang)) = (dir.to_str(), file.file_stem().and_then(|s| s.to_str()))
            else {
                return Err(engine_error("the model's path", "is not UTF-8"));
            };
            tesseract::Tesseract::new(Some(dir), Some(lang))
                .map_err(|e| engine_error("Tesseract could not start with this model", e))?
        }
    };
    let set = |t: tesseract::Tesseract, k: &str, v: &str| {
        t.set_variable(k, v)
            .map_err(|e| engine_error("Tesseract setting", e))
    };
    let t = set(t, "hocr_char_boxes", "1")?;
    let t = set(t, "lstm_choice_mode", "2")?;
    set(t, "debug_file", "/dev/null")
}

/// How Tesseract is to look at an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One uniform block of text: the whole strip.
    Block,
    /// A single line: one figure re-read on its own.
    Line,
}

/// Recognises a prepared strip (dark print on white) with the tape's whitelist.
pub fn recognise(img: &GrayImage) -> Result<Vec<OcrLine>, PhotoError> {
    recognise_as(img, Layout::Block, TAPE_WHITELIST)
}

/// No OCR in this build: every recognition fails with [`PhotoError::NoOcr`].
#[cfg(not(feature = "ocr"))]
pub fn recognise_as(
    _img: &GrayImage,
    _layout: Layout,
    _whitelist: &str,
) -> Result<Vec<OcrLine>, PhotoError> {
    Err(PhotoError::NoOcr)
}

/// Recognises an image laid out as `layout`, reading only the characters of `whitelist`.
#[cfg(feature = "ocr")]
pub fn recognise_as(
    img: &GrayImage,
    layout: Layout,
    whitelist: &str,
) -> Result<Vec<OcrLine>, PhotoError> {
    ENGINE.with(|cell| {
        let mut slot = cell.borrow_mut();
        let t = match slot.take() {
            Some(t) => t,
            None => start()?,
        };
        let mut t = t
            .set_variable("tessedit_char_whitelist", whitelist)
            .map_err(|e| engine_error("Tesseract setting", e))?;
        t.set_page_seg_mode(match layout {
            Layout::Block => tesseract::PageSegMode::PsmSingleBlock,
            Layout::Line => tesseract::PageSegMode::PsmSingleLine,
        });
        let (w, h) = img.dimensions();
        let mut t = t
            .set_frame(img.as_raw(), w as i32, h as i32, 1, w as i32)
            .map_err(|e| engine_error("Tesseract refused the image", e))?
            .set_source_resolution(300)
            .recognize()
            .map_err(|e| engine_error("Tesseract failed", e))?;
        let hocr = t
            .get_hocr_text(0)
            .map_err(|e| engine_error("Tesseract gave no text", e))?;
        *slot = Some(t);
        Ok(parse_hocr(&hocr))
    })
}

// The hOCR parser below is unused in a build without OCR, and kept tested there.
#[cfg_attr(not(feature = "ocr"), allow(dead_code))]
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The text between `>` and `</span>` on an hOCR line, unescaped, if it is one character.
#[cfg_attr(not(feature = "ocr"), allow(dead_code))]
fn span_char(line: &str) -> Option<char> {
    let start = line.rfind("'>")? + 2;
    let end = line[start..].find("</span>")? + start;
    let text = unescape(&line[start..end]);
    let mut chars = text.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

#[cfg_attr(not(feature = "ocr"), allow(dead_code))]
fn number_after(line: &str, key: &str) -> Option<f32> {
    let at = line.find(key)? + key.len();
    let rest = line[at..].trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// The `bbox x0 y0 x1 y1` of an hOCR element.
#[cfg_attr(not(feature = "ocr"), allow(dead_code))]
fn bbox(line: &str) -> Option<(u32, u32, u32, u32)> {
    let at = line.find("bbox ")? + 5;
    let v: Vec<u32> = line[at..]
        .split([';', '"', '\''])
        .next()?
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    (v.len() == 4).then(|| (v[0], v[1], v[2], v[3]))
}

/// Reads Tesseract's hOCR (with `hocr_char_boxes` and `lstm_choice_mode=2`) into lines of
/// glyphs.
#[cfg_attr(not(feature = "ocr"), allow(dead_code))]
pub fn parse_hocr(hocr: &str) -> Vec<OcrLine> {
    let mut lines: Vec<OcrLine> = Vec::new();
    for raw in hocr.lines() {
        let l = raw.trim();
        if l.contains("class='ocr_line'")
            || l.contains("class='ocr_header'")
            || l.contains("class='ocr_textfloat'")
            || l.contains("class='ocr_caption'")
        {
            lines.push(OcrLine {
                words: Vec::new(),
                bbox: bbox(l).unwrap_or_default(),
                second: None,
            });
        } else if l.contains("class='ocrx_word'") {
            if let Some(line) = lines.last_mut() {
                line.words.push(Vec::new());
            }
        } else if l.contains("x_bboxes") && l.contains("x_conf ") {
            let (Some(ch), Some(conf)) = (span_char(l), number_after(l, "x_conf ")) else {
                continue;
            };
            if let Some(word) = lines.last_mut().and_then(|line| line.words.last_mut()) {
                word.push(Glyph {
                    ch,
                    conf: (conf / 100.0).clamp(0.0, 1.0),
                    alternatives: Vec::new(),
                });
            }
        } else if l.contains("id='choice_") {
            let Some(ch) = span_char(l) else { continue };
            if let Some(g) = lines
                .last_mut()
                .and_then(|line| line.words.last_mut())
                .and_then(|w| w.last_mut())
            {
                if ch != g.ch && !g.alternatives.contains(&ch) {
                    g.alternatives.push(ch);
                }
            }
        }
    }
    lines.retain(|l| !l.words.is_empty());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hocr_glyphs_confidences_and_alternatives() {
        let hocr = "<span class='ocr_line' id='line_1_1' title=\"bbox 10 20 300 45; baseline 0 -5\">\n<span class='ocrx_word' id='word_1_1'>\n<span class='ocrx_cinfo' title='x_bboxes 1 2 3 4; x_conf 99.5'>V</span>\n<span class='ocrx_cinfo' id='lstm_choices_1_1_1'>\n<span class='ocrx_cinfo' id='choice_1_1_1' title='x_confs 95'>V</span>\n<span class='ocrx_cinfo' id='choice_1_1_2' title='x_confs 0'>Y</span>\n</span>\n<span class='ocrx_word' id='word_1_2'>\n<span class='ocrx_cinfo' title='x_bboxes 1 2 3 4; x_conf 41.2'>8</span>\n<span class='ocrx_cinfo' id='choice_1_1_3' title='x_confs 40'>3</span>\n";
        let lines = parse_hocr(hocr);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text(), "V 8");
        assert_eq!(lines[0].bbox, (10, 20, 300, 45));
        let g = &lines[0].words[1][0];
        assert!((g.conf - 0.412).abs() < 1e-3);
        assert_eq!(g.alternatives, vec!['3']);
        assert_eq!(lines[0].words[0][0].alternatives, vec!['Y']);
    }
}
