//! The review page's data: each reading to review as the page shows it, and the check of a
//! reviewer's answers: every field as `tally enter` checks it, then the signature, which alone
//! decides whether the reading is proven.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::entry::answer::{field, sig_line, Value};
use crate::entry::review::{choice_answer, heading, proven_word, sig_lines, ChoiceAnswer};
use crate::tape::Choice;

/// The answer that holds the choice lines the reading missed (`CODE VOTES; CODE VOTES`).
pub const ADDED: &str = "added";
use crate::keyring::Keyring;
use crate::source::{Input, Review};
use crate::tape::sig::decode_line;
use crate::tape::{Signature, Tape, FIELD_LABELS};
use crate::verify::{verify_tape, Status};

/// One field of a reading as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// The name answers are sent under: payload key, `choice CODE`, or `sigN`.
    pub key: String,
    /// As the tape prints it (`VOTERS`, `117 HUDA N. KAREEM`, `SIG2`).
    pub label: String,
    /// As read.
    pub value: String,
    /// Read with doubt (a field), or failing its check symbols (a signature line).
    pub doubtful: bool,
}

/// A reading to review, as the page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// Its place in the review (0-based); the page's addresses use it (0 until placed).
    pub id: usize,
    /// The photo's path as given.
    pub path: String,
    /// The photo's SHA-256.
    pub sha256: String,
    /// How many photos the reading was made from: 1, or the parts of a tape photographed in
    /// parts (`/photo/ID/PART` shows each).
    pub photos: usize,
    /// Why the reading is not proven.
    pub reason: String,
    /// How it was read.
    pub heading: String,
    /// The header fields, in tape order.
    pub fields: Vec<Field>,
    /// The choices' votes.
    pub choices: Vec<Field>,
    /// The four signature lines.
    pub sigs: Vec<Field>,
    /// Who kept it in this review, and when (none yet).
    pub kept: Option<Review>,
    /// Whether what was kept is proven (see [`Checked::proven`]).
    pub proven: bool,
}

/// The page's view of an input under review (`None` for one without a tape or a photo hash,
/// which review never lists).
pub fn item(input: &Input, why: &str) -> Option<Item> {
    let tape = input.tape.as_ref().ok()?;
    let sha256 = input.sha256.clone()?;
    let uncertain = input.photo.as_ref().map_or(&[][..], |p| &p.uncertain[..]);
    let doubtful = |key: &str| uncertain.iter().any(|u| u == key);
    let fields = FIELD_LABELS
        .iter()
        .map(|(label, key)| Field {
            key: (*key).to_string(),
            label: (*label).to_string(),
            value: Value::of(&tape.payload, key).to_string(),
            doubtful: doubtful(key),
        })
        .collect();
    let choices = tape
        .payload
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let key = format!("choice {}", c.code);
            let name = tape.names.get(i).cloned().flatten().unwrap_or_default();
            Field {
                label: format!("{} {name}", c.code).trim_end().to_string(),
                value: c.votes.to_string(),
                doubtful: doubtful(&key),
                key,
            }
        })
        .collect();
    let sigs = sig_lines(input)?
        .into_iter()
        .enumerate()
        .map(|(i, line)| Field {
            key: format!("sig{}", i + 1),
            label: format!("SIG{}", i + 1),
            doubtful: decode_line(&line).is_err(),
            value: line,
        })
        .collect();
    Some(Item {
        id: 0,
        path: input.path.display().to_string(),
        sha256,
        photos: crate::entry::review::photo_files(input).len(),
        reason: why.to_string(),
        heading: heading(input.source).to_string(),
        fields,
        choices,
        sigs,
        kept: None,
        proven: false,
    })
}

/// What the page is told after each change.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    /// Per field whose answer is refused, why (as `tally enter` says it).
    pub errors: BTreeMap<String, String>,
    /// The signature's status with the answers, when every answer is accepted.
    pub status: Option<Status>,
    /// Whether the answers are proven: the signature verifies against an authenticated
    /// keyring (status `verified`).
    pub proven: bool,
    /// Whether the signature holds with the answers (proven, or with a keyring nobody
    /// authenticated): the reading is then kept, as the terminal review keeps it.
    pub holds: bool,
    /// One line for the reviewer.
    pub message: String,
    /// Who kept the reading, and when.
    pub kept: Option<Review>,
}

/// Checks a reviewer's answers (field key to text, every field of the page) against the
/// reading: the tape they make, when every answer is accepted, and what the page is told.
pub fn check(
    read: &Tape,
    answers: &BTreeMap<String, String>,
    keyring: &Keyring,
) -> (Checked, Option<Tape>) {
    let mut tape = read.clone();
    let mut errors = BTreeMap::new();
    let mut known: Vec<String> = Vec::new();
    for (_, key) in FIELD_LABELS {
        known.push(key.to_string());
        match answers.get(key).map(|a| field(key, a)) {
            Some(Ok(v)) => v.store(&mut tape.payload, key),
            Some(Err(m)) => {
                errors.insert(key.to_string(), m);
            }
            None => {
                errors.insert(key.to_string(), "this field was not sent".into());
            }
        }
    }
    // Each line as read: its votes, its code and votes when the code was misread, or `-`
    // for a line the photo does not have; then `added`, the lines the reading missed.
    let mut lines: Vec<(crate::tape::Choice, Option<String>, String)> = Vec::new();
    for (i, c) in read.payload.choices.iter().enumerate() {
        let key = format!("choice {}", c.code);
        match answers.get(&key).map(|a| choice_answer(a)) {
            Some(Ok(ChoiceAnswer::Line(code, votes))) => lines.push((
                Choice {
                    code: code.unwrap_or(c.code),
                    votes,
                },
                read.names.get(i).cloned().flatten(),
                key.clone(),
            )),
            Some(Ok(ChoiceAnswer::Drop)) => {}
            Some(Err(m)) => {
                errors.insert(key.clone(), m);
            }
            None => {
                errors.insert(key.clone(), "this field was not sent".into());
            }
        }
        known.push(key);
    }
    let added = answers.get(ADDED).map_or("", String::as_str);
    for part in added
        .split([';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match choice_answer(part) {
            Ok(ChoiceAnswer::Line(Some(code), votes)) => {
                lines.push((Choice { code, votes }, None, ADDED.to_string()));
            }
            Ok(_) => {
                errors.insert(
                    ADDED.into(),
                    format!(
                        "{part:?}: type each missed line as CODE VOTES (181 76), separated by ;"
                    ),
                );
            }
            Err(m) => {
                errors.insert(ADDED.into(), format!("{part:?}: {m}"));
            }
        }
    }
    known.push(ADDED.to_string());
    lines.sort_by_key(|(c, _, _)| c.code);
    for pair in lines.windows(2).filter(|w| w[0].0.code == w[1].0.code) {
        errors.insert(
            pair[1].2.clone(),
            format!(
                "choice {} is already a line of this tape: each code is printed once",
                pair[1].0.code
            ),
        );
    }
    (tape.payload.choices, tape.names) = lines.into_iter().map(|(c, n, _)| (c, n)).unzip();
    let mut sig = [0u8; 64];
    for i in 0..4 {
        let key = format!("sig{}", i + 1);
        match answers.get(&key).map(|a| sig_line(i + 1, a)) {
            Some(Ok(chunk)) => sig[i * 16..(i + 1) * 16].copy_from_slice(&chunk),
            Some(Err(m)) => {
                errors.insert(key.clone(), m);
            }
            None => {
                errors.insert(key.clone(), "this line was not sent".into());
            }
        }
        known.push(key);
    }
    for key in answers.keys().filter(|k| !known.contains(k)) {
        errors.insert(key.clone(), "this tape has no such field".into());
    }
    if !errors.is_empty() {
        let n = errors.len();
        let message = format!(
            "NOT proven: {n} {} to correct before the signature can decide",
            if n == 1 { "field" } else { "fields" }
        );
        return (
            Checked {
                errors,
                status: None,
                proven: false,
                holds: false,
                message,
                kept: None,
            },
            None,
        );
    }
    tape.signature = Signature::Present(sig);
    let verdict = verify_tape(&tape, Some(keyring));
    let holds = verdict.status.figures_signed();
    let message = if holds {
        format!("{}: {}", proven_word(verdict.status), verdict.reason)
    } else {
        format!(
            "NOT proven ({}): the signature does not verify: some figure or symbol differs from the photo, or the tape was altered",
            verdict.status
        )
    };
    (
        Checked {
            errors,
            status: Some(verdict.status),
            proven: verdict.status == Status::Verified,
            holds,
            message,
            kept: None,
        },
        holds.then_some(tape),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> (Tape, Keyring) {
        let text = include_str!("../../../fixtures/spec/tape-120345-3.txt");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/spec");
        let keyring = Keyring::load(
            &dir.join("keyring.csv"),
            Some(&dir.join("commission-root.pub")),
            None,
        )
        .expect("the spec's keyring");
        (Tape::parse(text).unwrap(), keyring)
    }

    /// The answers a page sends for `tape` as it is.
    fn answers_of(tape: &Tape) -> BTreeMap<String, String> {
        let mut a = BTreeMap::new();
        for (_, key) in FIELD_LABELS {
            a.insert(key.to_string(), Value::of(&tape.payload, key).to_string());
        }
        for c in &tape.payload.choices {
            a.insert(format!("choice {}", c.code), c.votes.to_string());
        }
        let text = tape.to_text();
        for i in 1..=4 {
            let label = format!("SIG{i} ");
            let line = text.lines().find_map(|l| l.strip_prefix(&label)).unwrap();
            a.insert(format!("sig{i}"), line.to_string());
        }
        a
    }

    #[test]
    fn the_signature_decides_once_every_answer_is_accepted() {
        let (tape, keyring) = example();
        let mut answers = answers_of(&tape);
        let (c, proven) = check(&tape, &answers, &keyring);
        assert!(c.proven && c.holds && proven.is_some(), "{}", c.message);
        assert!(c.errors.is_empty());
        // A figure changed: every answer is accepted, the signature says no.
        let code = tape.payload.choices[0].code;
        answers.insert(format!("choice {code}"), "999".into());
        let (c, proven) = check(&tape, &answers, &keyring);
        assert!(!c.proven && !c.holds && proven.is_none());
        assert!(
            c.status.is_some() && c.message.starts_with("NOT proven"),
            "{}",
            c.message
        );
        // A refused answer, a missing line and a field the tape does not have: each named.
        answers.insert("voters".into(), "12a".into());
        answers.remove("sig3");
        answers.insert("choice 424242".into(), "1".into());
        let (c, _) = check(&tape, &answers, &keyring);
        assert_eq!(c.status, None);
        for key in ["voters", "sig3", "choice 424242"] {
            assert!(c.errors.contains_key(key), "{key}: {:?}", c.errors);
        }
        assert!(c.message.contains("3 fields to correct"), "{}", c.message);
    }

    #[test]
    fn a_keyring_nobody_authenticated_proves_nothing() {
        let (tape, _) = example();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/spec");
        let unauthenticated = Keyring::load(&dir.join("keyring.csv"), None, None).unwrap();
        let (c, kept) = check(&tape, &answers_of(&tape), &unauthenticated);
        assert!(c.holds && kept.is_some(), "{}", c.message);
        assert!(!c.proven, "{}", c.message);
        assert_eq!(c.status, Some(Status::KeyUnauthenticated));
    }

    #[test]
    fn a_signature_line_with_a_wrong_symbol_is_refused_by_its_check_symbol() {
        let (tape, keyring) = example();
        let mut answers = answers_of(&tape);
        let line = answers["sig2"].clone();
        let wrong: String = line
            .char_indices()
            .map(|(i, ch)| match (i, ch) {
                (0, 'A') => 'B',
                (0, _) => 'A',
                (_, ch) => ch,
            })
            .collect();
        answers.insert("sig2".into(), wrong);
        let (c, _) = check(&tape, &answers, &keyring);
        assert!(c.errors.contains_key("sig2"), "{:?}", c.errors);
    }

    /// The page sends a misread code corrected (`117 151` under `choice 118`), a made-up line
    /// dropped (`-`) and a missed line added: the signature proves the reading. An added
    /// line that repeats a code is refused on the `added` field.
    #[test]
    fn a_misread_choice_code_is_corrected_on_the_page() {
        let (truth, keyring) = example();
        let mut read = truth.clone();
        let missed = read.payload.choices.remove(0);
        let misread = read.payload.choices[2];
        assert_eq!(misread.code, 117);
        read.payload.choices[2].code = 118;
        read.payload.choices.push(Choice {
            code: 999,
            votes: 4,
        });
        read.names = vec![None; read.payload.choices.len()];
        let mut a = answers_of(&truth);
        a.remove(&format!("choice {}", missed.code));
        a.remove("choice 117");
        a.insert("choice 118".into(), format!("117 {}", misread.votes));
        a.insert("choice 999".into(), "-".into());
        a.insert(ADDED.into(), format!("{} {}", missed.code, missed.votes));
        let (checked, tape) = check(&read, &a, &keyring);
        assert!(checked.errors.is_empty(), "{:?}", checked.errors);
        assert!(checked.proven, "{}", checked.message);
        assert_eq!(tape.unwrap().payload, truth.payload);
        a.insert(
            ADDED.into(),
            format!("{} {}; 117 3", missed.code, missed.votes),
        );
        let (checked, _) = check(&read, &a, &keyring);
        assert!(checked.errors.contains_key(ADDED), "{:?}", checked.errors);
    }
}
