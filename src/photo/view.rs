//! What a reviewer looks at beside a reading (`tally review --serve`): the tape as OCR saw it
//! (the straightened, prepared strip) and, for each field, its line's box on that strip and
//! its characters as read, the doubtful ones marked. Read again from the photo when asked:
//! the cache keeps readings, not pictures.

use std::io::Cursor;

use super::image::decode;
use super::read::read_text;
use super::PhotoError;
use crate::tape::FIELD_LABELS;

/// Characters the engine was less sure of than this are marked doubtful.
pub const DOUBTFUL_BELOW: f32 = 0.6;

/// One field's line on the strip.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LineSpot {
    /// The field: payload key, `choice CODE`, or `sigN`.
    pub field: String,
    /// The line's box on the strip: left, top, right, bottom, in pixels.
    pub bbox: [u32; 4],
    /// The line as read.
    pub text: String,
    /// Indices (in characters) of the characters read with doubt.
    pub doubtful: Vec<usize>,
}

/// The strip a photo's text was read from, as PNG, and where each field is on it.
#[derive(Debug, Clone)]
pub struct LineView {
    /// The strip, PNG.
    pub png: Vec<u8>,
    /// Its size in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
    /// The lines that hold a field, top to bottom.
    pub lines: Vec<LineSpot>,
}

/// The field a printed line holds, by its label: `VOTERS 1234` is `voters`, `SIG2 ...` is
/// `sig2`, `117 NAME 152` is `choice 117`.
fn field_of(line: &str) -> Option<String> {
    let first = line.split_whitespace().next()?;
    if let Some((_, key)) = FIELD_LABELS.iter().find(|(label, _)| *label == first) {
        return Some((*key).to_string());
    }
    if let Some(n) = first.strip_prefix("SIG") {
        return matches!(n, "1" | "2" | "3" | "4").then(|| format!("sig{n}"));
    }
    (first.len() <= 6
        && first.chars().all(|c| c.is_ascii_digit())
        && line.split_whitespace().count() >= 2)
        .then(|| format!("choice {}", first.trim_start_matches('0').max("0")))
}

/// Reads the photo's text again and gives the strip it was read from with each field's line.
pub fn line_view(bytes: &[u8]) -> Result<LineView, PhotoError> {
    let img = decode::decode(bytes)?;
    let reading = read_text(&img)?;
    let strip = reading
        .strips
        .first()
        .ok_or_else(|| PhotoError::NoTape("no text was found on the photo".into()))?;
    let mut png = Vec::new();
    strip
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| PhotoError::Corrupt(format!("the strip could not be drawn: {e}")))?;
    let lines = reading
        .lines
        .iter()
        .zip(&reading.boxes)
        .filter(|(_, (strip, _))| *strip == 0)
        .filter_map(|(line, (_, (l, t, r, b)))| {
            Some(LineSpot {
                field: field_of(&line.text)?,
                bbox: [*l, *t, *r, *b],
                text: line.text.clone(),
                doubtful: line
                    .doubts
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| !d.ch.is_whitespace() && d.conf < DOUBTFUL_BELOW)
                    .map(|(i, _)| i)
                    .collect(),
            })
        })
        .collect();
    Ok(LineView {
        png,
        width: strip.width(),
        height: strip.height(),
        lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_known_by_their_labels() {
        assert_eq!(field_of("VOTERS 1234").as_deref(), Some("voters"));
        assert_eq!(field_of("VALID 1200").as_deref(), Some("valid"));
        assert_eq!(field_of("SIG2 ABCDE FGHIJ").as_deref(), Some("sig2"));
        assert_eq!(field_of("SIG7 ABCDE").as_deref(), None);
        assert_eq!(
            field_of("117 HUDA N. KAREEM 141").as_deref(),
            Some("choice 117")
        );
        assert_eq!(field_of("INDEPENDENT HIGH ELECTORAL COMMISSION"), None);
        assert_eq!(field_of("12345"), None);
    }

    #[test]
    #[cfg(feature = "ocr")]
    fn a_smudged_photo_shows_where_each_field_is() {
        let set = crate::simulate::sample::sample_set(11, 2, 4);
        let style = crate::photo::PhotoStyle {
            smudge_qr: true,
            ..crate::photo::PhotoStyle::clean()
        };
        let photo = crate::photo::render_photo(&set.tapes[1], &style, 4).unwrap();
        let view = line_view(&photo).unwrap();
        assert!(view.png.starts_with(b"\x89PNG"));
        let fields: Vec<&str> = view.lines.iter().map(|l| l.field.as_str()).collect();
        for f in ["registered", "voters", "valid", "sig1", "sig4"] {
            assert!(fields.contains(&f), "{f} not in {fields:?}");
        }
        let code = set.tapes[1].payload.choices[0].code;
        assert!(
            fields.contains(&format!("choice {code}").as_str()),
            "{fields:?}"
        );
        for l in &view.lines {
            let [left, top, right, bottom] = l.bbox;
            assert!(left < right && top < bottom && right <= view.width && bottom <= view.height);
        }
    }
}
