//! Review of a photo reading that no signature proved (`tally review`): the reading is shown
//! with its doubtful fields and failing signature lines marked, the observer looks at the
//! photo and corrects field by field as in `tally enter` (Enter keeps a value), and the
//! signature decides again. Only a reading whose signature verifies is returned.

use std::io::{BufRead, Write};

use super::answer::{field, sig_line, Value};
use super::{Dialogue, EntryError};
use crate::keyring::Keyring;
use crate::source::{Cache, Input, PhotoInfo, Review, Source};
use crate::tape::sig::{chunks, decode_line, printed_line};
use crate::tape::{field_label, Signature, Tape, FIELD_LABELS};
use crate::verify::{verify_tape, Status};

/// The signature lines as read: from the tape when its signature was read whole, otherwise
/// from the OCR text (lines `SIG1`..`SIG4`).
fn sig_bodies(tape: &Tape, ocr_text: Option<&str>) -> [String; 4] {
    if let Signature::Present(sig) = &tape.signature {
        let c = chunks(sig);
        return std::array::from_fn(|i| printed_line(&c[i]));
    }
    std::array::from_fn(|i| {
        let label = format!("SIG{} ", i + 1);
        ocr_text
            .and_then(|t| t.lines().find_map(|l| l.strip_prefix(&label)))
            .unwrap_or("")
            .trim()
            .chars()
            .filter(|c| c.is_ascii_graphic() || *c == ' ')
            .collect()
    })
}

fn mark(doubtful: &[String], key: &str) -> &'static str {
    if doubtful.iter().any(|d| d == key) {
        "   <- doubtful"
    } else {
        ""
    }
}

/// Shows the reading under `heading` (how it was read), doubtful fields and failing check
/// symbols marked.
fn show<R: BufRead, W: Write>(
    d: &mut Dialogue<R, W>,
    heading: &str,
    tape: &Tape,
    sigs: &[String; 4],
    doubtful: &[String],
) -> Result<(), EntryError> {
    let mut text = format!("{heading}:\n");
    for (label, key) in FIELD_LABELS {
        let value = Value::of(&tape.payload, key);
        text.push_str(&format!(
            "  {label:<12}{value:>28}{}\n",
            mark(doubtful, key)
        ));
    }
    for c in &tape.payload.choices {
        let key = format!("choice {}", c.code);
        text.push_str(&format!(
            "  {:<6}{:>34}{}\n",
            c.code,
            c.votes,
            mark(doubtful, &key)
        ));
    }
    for (i, body) in sigs.iter().enumerate() {
        let check = match decode_line(body) {
            Ok(_) => "",
            Err(_) => "   <- check symbol fails: a symbol is misread",
        };
        text.push_str(&format!("  SIG{} {body}{check}\n", i + 1));
    }
    d.say(&text)
}

/// Asks until the answer is accepted by `check`; an empty answer keeps `current`.
fn ask_kept<R: BufRead, W: Write, T>(
    d: &mut Dialogue<R, W>,
    prompt: &str,
    current: Option<T>,
    check: impl Fn(&str) -> Result<T, String>,
) -> Result<T, EntryError> {
    loop {
        let answer = d.ask(prompt)?;
        if answer.is_empty() {
            if let Some(c) = current {
                return Ok(c);
            }
            d.problem("this line must be typed: it could not be read from the photo")?;
            continue;
        }
        match check(&answer) {
            Ok(v) => return Ok(v),
            Err(m) => d.problem(&m)?,
        }
    }
}

/// A choice's votes as typed.
pub fn votes(answer: &str) -> Result<u32, String> {
    let label = field_label("valid").unwrap_or("VALID");
    match field("valid", answer) {
        Ok(Value::Count(n)) => Ok(n),
        Ok(_) => Err("type the votes as printed".into()),
        Err(m) => Err(m.replacen(label, "votes", 1)),
    }
}

/// What a reviewer is told when the signature holds: `VERIFIED`, or which status it is.
pub fn proven_word(status: Status) -> String {
    match status {
        Status::Verified => "VERIFIED".to_string(),
        other => format!("SIGNATURE HOLDS ({other})"),
    }
}

/// How a reading under review was made, as its heading says.
pub fn heading(how: Source) -> &'static str {
    match how {
        Source::Qr => "The reading, from the photo's QR code",
        Source::Ocr => "The reading, as OCR gave it",
        Source::OcrCorrected => {
            "The reading, as OCR gave it with the corrections the signature proved"
        }
        Source::Reviewed => "The reading, as reviewed before",
        Source::Typed | Source::QrText => "The tape, as typed",
        Source::Table => "The observation, as the table gives it",
    }
}

/// The signature lines of a reading under review: as read whole, or as OCR gave them.
pub fn sig_lines(input: &Input) -> Option<[String; 4]> {
    let tape = input.tape.as_ref().ok()?;
    let ocr_text = input.photo.as_ref().and_then(|p| p.ocr_text.as_deref());
    Some(sig_bodies(tape, ocr_text))
}

/// Keeps a reading the signature proved as source `reviewed`, under its photo's SHA-256,
/// with who reviewed it and when (returned).
pub fn keep_reviewed(s: &Session, input: &Input, proven: &Tape) -> std::io::Result<Review> {
    let sha = input.sha256.as_deref().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "the photo has no hash")
    })?;
    let mut info: PhotoInfo = input.photo.clone().unwrap_or_else(|| PhotoInfo {
        engine: String::new(),
        confidence: Vec::new(),
        corrections: Vec::new(),
        uncertain: Vec::new(),
        printed_differs_from_qr: Vec::new(),
        ocr_text: None,
        review: None,
        parts: Vec::new(),
    });
    info.uncertain.clear();
    let review = Review {
        reviewer: s.reviewer.to_string(),
        at: (s.now)(),
    };
    info.review = Some(review.clone());
    s.cache.put_review(sha, proven, &info)?;
    Ok(review)
}

/// Reviews one reading. Returns the corrected tape once its signature verifies, or `None`
/// when the observer skips it.
pub fn review<R: BufRead, W: Write>(
    d: &mut Dialogue<R, W>,
    read: &Tape,
    how: Source,
    ocr_text: Option<&str>,
    doubtful: &[String],
    keyring: &Keyring,
) -> Result<Option<Tape>, EntryError> {
    let mut tape = read.clone();
    let mut sigs = sig_bodies(read, ocr_text);
    let mut heading = heading(how);
    loop {
        show(d, heading, &tape, &sigs, doubtful)?;
        heading = "The reading, as corrected";
        d.say("Correct each field from the photo; Enter keeps the value shown.")?;
        for (label, key) in FIELD_LABELS {
            let current = Value::of(&tape.payload, key);
            let prompt = format!("{label} [{current}]: ");
            let v = ask_kept(d, &prompt, Some(current), |a| field(key, a))?;
            v.store(&mut tape.payload, key);
        }
        for i in 0..tape.payload.choices.len() {
            let c = tape.payload.choices[i];
            let prompt = format!("votes for choice {} [{}]: ", c.code, c.votes);
            let v = ask_kept(d, &prompt, Some(c.votes), votes)?;
            tape.payload.choices[i].votes = v;
        }
        let mut sig = [0u8; 64];
        for (i, body) in sigs.iter_mut().enumerate() {
            let current = decode_line(body).ok();
            let prompt = format!("SIG{} [{body}]: ", i + 1);
            let chunk = ask_kept(d, &prompt, current, |a| sig_line(i + 1, a))?;
            sig[i * 16..(i + 1) * 16].copy_from_slice(&chunk);
            *body = printed_line(&chunk);
        }
        tape.signature = Signature::Present(sig);
        let verdict = verify_tape(&tape, Some(keyring));
        if verdict.status.figures_signed() {
            d.say(&format!(
                "{}: {}",
                proven_word(verdict.status),
                verdict.reason
            ))?;
            return Ok(Some(tape));
        }
        d.problem(&format!(
            "the signature still does not verify ({}): some figure or symbol differs from the photo, or the tape was altered",
            verdict.status
        ))?;
        let again = d.ask("Type r to review this photo again, or s to skip it: ")?;
        if !again.eq_ignore_ascii_case("r") {
            return Ok(None);
        }
    }
}

/// A review of several photos: who reviews, against which keyring, where proven readings are
/// kept, and how a photo is shown.
pub struct Session<'a> {
    /// The keyring whose signatures decide.
    pub keyring: &'a Keyring,
    /// Where a proven reading is kept, as source `reviewed`.
    pub cache: &'a Cache,
    /// The reviewer's name, kept with each reading.
    pub reviewer: &'a str,
    /// Now, as `YYYY-MM-DDTHH:MM:SSZ`, kept with each reading.
    pub now: &'a dyn Fn() -> String,
    /// Shows a photo to the reviewer; `false` when it could not (its path is then given).
    pub show: &'a dyn Fn(&std::path::Path) -> bool,
    /// Sanitizes untrusted text (a path, a reason) for the terminal.
    pub clean: &'a dyn Fn(&str) -> String,
}

/// Reviews each photo in turn (`todo`: the input and why its reading is not proven), keeping
/// every reading the signature proves. Returns how many were left unproven.
pub fn review_each<R: BufRead, W: Write>(
    d: &mut Dialogue<R, W>,
    todo: &[(&Input, &str)],
    s: &Session,
) -> Result<usize, EntryError> {
    let photos = if todo.len() == 1 { "photo" } else { "photos" };
    d.say(&format!("{} {photos} to review.", todo.len()))?;
    let mut left = 0;
    for (n, (input, why)) in todo.iter().enumerate() {
        let (Ok(tape), Some(_)) = (&input.tape, &input.sha256) else {
            continue;
        };
        let path = (s.clean)(&input.path.display().to_string());
        d.say(&format!(
            "\n== {}/{}: {path}\n   {}",
            n + 1,
            todo.len(),
            (s.clean)(why)
        ))?;
        if !(s.show)(&input.path) {
            d.say(&format!("   open the photo to read it: {path}"))?;
        }
        let info = input.photo.as_ref();
        let doubtful: Vec<String> = info.map_or(Vec::new(), |p| p.uncertain.clone());
        let ocr_text = info.and_then(|p| p.ocr_text.as_deref());
        let Some(proven) = review(d, tape, input.source, ocr_text, &doubtful, s.keyring)? else {
            left += 1;
            continue;
        };
        keep_reviewed(s, input, &proven).map_err(EntryError::Keep)?;
        d.say(&format!("kept as reviewed by {}", (s.clean)(s.reviewer)))?;
    }
    Ok(left)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubtful_fields_and_failing_check_symbols_are_marked() {
        let example = include_str!("../../fixtures/spec/tape-120345-3.txt");
        let mut tape = Tape::parse(example).unwrap();
        // The signature as OCR read it, SIG3 with one symbol wrong (`4C5A5` read `4C5AS`): no
        // whole signature could be made of it.
        tape.signature = Signature::Absent;
        let ocr = example.replace("SIG3 4C5A5", "SIG3 4C5AS");
        let sigs = sig_bodies(&tape, Some(&ocr));
        let mut d = Dialogue::new(std::io::Cursor::new(Vec::new()), Vec::new(), false);
        show(&mut d, "The reading", &tape, &sigs, &["voters".to_string()]).unwrap();
        let (_, out) = d.into_parts();
        let shown = String::from_utf8(out).unwrap();
        let line = |start: &str| {
            shown
                .lines()
                .find(|l| l.trim_start().starts_with(start))
                .unwrap_or_else(|| panic!("no {start} line in {shown}"))
                .to_string()
        };
        assert!(line("VOTERS").ends_with("<- doubtful"), "{shown}");
        assert!(!line("BALLOTS").contains("<-"), "{shown}");
        assert!(line("SIG3").contains("<- check symbol fails"), "{shown}");
        for ok in ["SIG1", "SIG2", "SIG4"] {
            assert!(!line(ok).contains("<-"), "{shown}");
        }
    }
}
