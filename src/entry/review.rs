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

/// A choice line as the reviewer corrects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChoiceAnswer {
    /// `VOTES`, or `CODE VOTES` when the code was misread too.
    Line(Option<u32>, u32),
    /// `-`: the photo has no such line (OCR made it up).
    Drop,
}

/// A choice line's answer: `VOTES`, `CODE VOTES`, or `-`.
pub(crate) fn choice_answer(answer: &str) -> Result<ChoiceAnswer, String> {
    let words: Vec<&str> = answer.split_whitespace().collect();
    match words.as_slice() {
        ["-"] => Ok(ChoiceAnswer::Drop),
        [v] => Ok(ChoiceAnswer::Line(None, votes(v)?)),
        [code, v] => Ok(ChoiceAnswer::Line(Some(choice_code(code)?), votes(v)?)),
        _ => Err("type the votes (76), the code and the votes as printed (181 76), or - when the photo has no such line".into()),
    }
}

fn choice_code(answer: &str) -> Result<u32, String> {
    answer
        .parse::<u32>()
        .ok()
        .filter(|_| answer == "0" || !answer.starts_with('0'))
        .ok_or_else(|| {
            format!(
                "{answer:?} is not a choice code: type the number printed at the start of the line"
            )
        })
}

/// The choice lines corrected one by one (votes; a misread code too; a line OCR made up
/// dropped), then the lines OCR missed added: the lines in code order, no code twice.
/// Each line keeps the name printed beside it (presentation only: names are not signed).
type Line = (crate::tape::Choice, Option<String>);

fn review_choices<R: BufRead, W: Write>(
    d: &mut Dialogue<R, W>,
    read: &[crate::tape::Choice],
    names: &[Option<String>],
) -> Result<Vec<Line>, EntryError> {
    d.say("Each choice line: Enter keeps it; type its votes, or its code and votes (181 76) when the code was misread, or - when the photo has no such line.")?;
    let mut lines: Vec<Line> = Vec::with_capacity(read.len());
    let taken = |lines: &Vec<Line>, code: u32| lines.iter().any(|(c, _)| c.code == code);
    for (i, c) in read.iter().enumerate() {
        loop {
            let prompt = format!("choice {} votes [{}]: ", c.code, c.votes);
            let answer = ask_kept(
                d,
                &prompt,
                Some(ChoiceAnswer::Line(None, c.votes)),
                choice_answer,
            )?;
            let line = match answer {
                ChoiceAnswer::Drop => break,
                ChoiceAnswer::Line(code, votes) => crate::tape::Choice {
                    code: code.unwrap_or(c.code),
                    votes,
                },
            };
            if taken(&lines, line.code) {
                d.problem(&format!(
                    "choice {} is already a line of this tape: each code is printed once",
                    line.code
                ))?;
                continue;
            }
            lines.push((line, names.get(i).cloned().flatten()));
            break;
        }
    }
    loop {
        let answer =
            d.ask("A choice line the reading missed (CODE VOTES), or Enter when there is none: ")?;
        if answer.is_empty() {
            break;
        }
        match choice_answer(&answer) {
            Ok(ChoiceAnswer::Line(Some(code), votes)) if !taken(&lines, code) => {
                lines.push((crate::tape::Choice { code, votes }, None));
            }
            Ok(ChoiceAnswer::Line(Some(code), _)) => {
                d.problem(&format!("choice {code} is already a line of this tape"))?
            }
            Ok(_) => d.problem("type the code and the votes as printed, e.g. 181 76")?,
            Err(m) => d.problem(&m)?,
        }
    }
    lines.sort_by_key(|(c, _)| c.code);
    Ok(lines)
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

/// Keeps a reading the signature proved as source `reviewed`, under its photo's SHA-256 (a
/// tape photographed in parts: under its parts' hashes together), with who reviewed it and
/// when (returned).
pub fn keep_reviewed(s: &Session, input: &Input, proven: &Tape) -> std::io::Result<Review> {
    let sha = crate::source::parts::cache_key(input).ok_or_else(|| {
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
    s.cache.put_review(&sha, proven, &info)?;
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
        let lines = review_choices(d, &tape.payload.choices, &tape.names)?;
        (tape.payload.choices, tape.names) = lines.into_iter().unzip();
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

/// The photos a reading was made from, each with the SHA-256 it had when read: its own, or
/// each part of a tape photographed in parts, in order.
pub fn photo_files(input: &Input) -> Vec<(std::path::PathBuf, Option<&str>)> {
    match input.photo.as_ref().map(|p| p.parts.as_slice()) {
        Some(parts) if !parts.is_empty() => parts
            .iter()
            .map(|p| (p.path.clone().into(), Some(p.sha256.as_str())))
            .collect(),
        _ => vec![(input.path.clone(), input.sha256.as_deref())],
    }
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
        for (part, _) in photo_files(input) {
            if !(s.show)(&part) {
                let part = (s.clean)(&part.display().to_string());
                d.say(&format!("   open the photo to read it: {part}"))?;
            }
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

    fn spec_keyring() -> Keyring {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/spec");
        Keyring::load(
            &dir.join("keyring.csv"),
            Some(&dir.join("commission-root.pub")),
            None,
        )
        .unwrap()
    }

    /// A reading whose choice code was misread (117 read as 118), a line OCR made up, a line
    /// it missed: the reviewer corrects the code, drops the one and adds the other, and the
    /// signature proves the reading. Asking only for votes, it never could.
    #[test]
    fn a_misread_choice_code_can_be_corrected_and_proven() {
        let truth = Tape::parse(include_str!("../../fixtures/spec/tape-120345-3.txt")).unwrap();
        let keyring = spec_keyring();
        let mut read = truth.clone();
        let (missed, misread) = (read.payload.choices[0], read.payload.choices[3]);
        assert_eq!(misread.code, 117);
        read.payload.choices[3].code = 118;
        read.payload.choices.remove(0);
        read.payload.choices.push(crate::tape::Choice {
            code: 999,
            votes: 4,
        });
        read.names = vec![None; read.payload.choices.len()];
        assert!(!verify_tape(&read, Some(&keyring)).status.figures_signed());
        let fields = FIELD_LABELS.len();
        let mut answers = vec![String::new(); fields];
        for c in &read.payload.choices {
            answers.push(match c.code {
                118 => format!("117 {}", misread.votes),
                999 => "-".into(),
                _ => String::new(),
            });
        }
        answers.push(format!("{} {}", missed.code, missed.votes));
        answers.push(String::new());
        answers.extend(std::iter::repeat_n(String::new(), 4));
        let input = answers.join("\n") + "\n";
        let mut d = Dialogue::new(std::io::Cursor::new(input.into_bytes()), Vec::new(), false);
        let proven = review(&mut d, &read, Source::Ocr, None, &[], &keyring).unwrap();
        let (_, out) = d.into_parts();
        let said = String::from_utf8(out).unwrap();
        let proven = proven.unwrap_or_else(|| panic!("not proven:\n{said}"));
        assert_eq!(proven.payload, truth.payload, "{said}");
        assert!(said.contains("VERIFIED"), "{said}");
    }
}
