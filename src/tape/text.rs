//! The printed tape (spec §3): the 40-column layout a device prints, and a tolerant reader
//! for what observers type and OCR returns. Tolerance never reaches the signed bytes: the
//! payload is rebuilt from the parsed values.

use std::collections::BTreeMap;

use super::digits::{ascii_digits, parse_count};
use super::sig::{chunks, decode_line, printed_line};
use super::{Choice, Origin, OriginField, Payload, Signature, Tape, TapeError, Timestamp};

/// Width of a printed tape in columns.
pub const TAPE_WIDTH: usize = 40;

/// Longest line read, in bytes: a printed line is 40 columns, a typed one a little more; a
/// line of thousands is not a tape's (and would make every message and table about it huge).
const MAX_LINE_BYTES: usize = 1000;

/// Field labels in printed order, with their payload keys.
pub const FIELD_LABELS: [(&str, &str); 12] = [
    ("ELECTION", "election"),
    ("GOVERNORATE", "governorate"),
    ("DISTRICT", "district"),
    ("CENTER", "center"),
    ("STATION", "station"),
    ("DEVICE", "device"),
    ("CLOSED", "closed"),
    ("REGISTERED", "registered"),
    ("VOTERS", "voters"),
    ("BALLOTS", "ballots"),
    ("INVALID", "invalid"),
    ("VALID", "valid"),
];

/// The keys an unsigned tape may leave out (a signed tape may not): what only a device knows,
/// and the register, which an observer may not have seen.
const OPTIONAL_WHEN_UNSIGNED: [&str; 3] = ["device", "closed", "registered"];

/// The printed label of a payload key (`voters` → `VOTERS`).
pub fn field_label(key: &str) -> Option<&'static str> {
    FIELD_LABELS
        .iter()
        .find(|(_, k)| *k == key)
        .map(|(l, _)| *l)
}

fn centred(text: &str, width: usize) -> String {
    let len = text.chars().count();
    let spare = width.saturating_sub(len);
    format!(
        "{}{}{}",
        " ".repeat(spare / 2),
        text,
        " ".repeat(spare - spare / 2)
    )
}

pub(super) fn field_value(payload: &Payload, key: &str) -> String {
    match key {
        "election" => payload.election.clone(),
        "governorate" => payload.governorate.to_string(),
        "district" => payload.district.to_string(),
        "center" => payload.center.to_string(),
        "station" => payload.station.to_string(),
        "device" => payload.device.clone(),
        "closed" => payload.closed.printed(),
        other => payload
            .count(other)
            .map(|v| v.to_string())
            .unwrap_or_default(),
    }
}

/// Prints a tape in the device layout of spec §3.
pub fn print_tape(tape: &Tape) -> String {
    let mut out = String::new();
    for line in &tape.header {
        out.push_str(&centred(line, TAPE_WIDTH));
        out.push('\n');
    }
    if !tape.header.is_empty() {
        out.push('\n');
    }
    for (label, key) in FIELD_LABELS {
        if tape.absent.has(key) {
            continue;
        }
        out.push_str(&format!(
            "{label:<12}{:>28}\n",
            field_value(&tape.payload, key)
        ));
    }
    out.push_str(
        &centred(" RESULTS ", TAPE_WIDTH)
            .replace(' ', "-")
            .replacen("-RESULTS-", " RESULTS ", 1),
    );
    out.push('\n');
    for (i, choice) in tape.payload.choices.iter().enumerate() {
        let name: String = tape
            .names
            .get(i)
            .cloned()
            .flatten()
            .unwrap_or_default()
            .chars()
            .take(22)
            .collect();
        let pad = 22 - name.chars().count();
        out.push_str(&format!(
            "{:<6}{name}{}{:>12}\n",
            choice.code,
            " ".repeat(pad),
            choice.votes
        ));
    }
    out.push_str(&"-".repeat(TAPE_WIDTH));
    out.push('\n');
    if let Signature::Present(sig) = &tape.signature {
        out.push_str("SIGNATURE\n");
        for (i, chunk) in chunks(sig).iter().enumerate() {
            out.push_str(&format!("SIG{} {}\n", i + 1, printed_line(chunk)));
        }
    }
    out
}

/// What one line of a tape is.
enum LineKind<'a> {
    Blank,
    Field { key: &'static str, value: &'a str },
    ResultsRule,
    Rule,
    SignatureHeading,
    SigLine { index: usize, body: &'a str },
    Other,
}

fn is_rule_char(c: char) -> bool {
    matches!(c, '-' | '=' | '_' | '—' | '–' | '─' | '*') || c.is_whitespace()
}

fn classify(line: &str) -> LineKind<'_> {
    let t = line.trim();
    if t.is_empty() {
        return LineKind::Blank;
    }
    let word_end = t
        .find(|c: char| c.is_whitespace() || c == ':')
        .unwrap_or(t.len());
    let word = &t[..word_end];
    let rest = t[word_end..].trim_start();
    let rest = rest.strip_prefix(':').unwrap_or(rest).trim();
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        return LineKind::Other;
    }
    if let Some((_, key)) = FIELD_LABELS
        .iter()
        .find(|(l, _)| l.eq_ignore_ascii_case(word))
    {
        return LineKind::Field { key, value: rest };
    }
    if word.eq_ignore_ascii_case("SIGNATURE") && rest.is_empty() {
        return LineKind::SignatureHeading;
    }
    // Split where it is a character boundary only: the word may be any text (`éé` is four
    // bytes and two characters).
    if let Some((sig, digit)) = word.split_at_checked(3).filter(|_| word.len() == 4) {
        if let (true, Ok(index @ 1..=4)) = (sig.eq_ignore_ascii_case("SIG"), digit.parse()) {
            return LineKind::SigLine { index, body: rest };
        }
    }
    let stripped = t.to_ascii_uppercase().replace("RESULTS", "");
    if stripped.chars().all(is_rule_char) {
        if stripped.len() != t.len() {
            return LineKind::ResultsRule;
        }
        if t.chars().filter(|c| !c.is_whitespace()).count() >= 3 {
            return LineKind::Rule;
        }
    }
    LineKind::Other
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Header,
    Fields,
    Choices,
    AfterChoices,
    Signature,
}

fn line_err(line: usize, message: impl Into<String>) -> TapeError {
    TapeError::Line {
        line,
        message: message.into(),
    }
}

/// Parses one choice line (`n`: its 1-based line number): code first, an optional name, votes
/// last. Digits must already be ASCII (`digits::ascii_digits`).
pub(crate) fn parse_choice(line: &str, n: usize) -> Result<(Choice, Option<String>), TapeError> {
    let t = line.trim_ascii();
    let (first, last) = match (
        t.find(|c: char| c.is_ascii_whitespace()),
        t.rfind(|c: char| c.is_ascii_whitespace()),
    ) {
        (Some(a), Some(b)) => (&t[..a], &t[b + 1..]),
        _ => {
            return Err(line_err(
                n,
                format!(
                "a choice line needs a code and the votes, like `101 AHMED K. HASSAN 45`; found {}",
                super::excerpt(line.trim())
            ),
            ))
        }
    };
    let code_text = first.trim_end_matches([':', '.']);
    let code = parse_count(code_text)
        .ok()
        .filter(|_| code_text.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| {
            line_err(
                n,
                format!("choice code {} is not a number", super::excerpt(first)),
            )
        })?;
    let votes = parse_count(last).map_err(|e| {
        line_err(
            n,
            format!("votes for choice {code}: {} is {e}", super::excerpt(last)),
        )
    })?;
    let middle = t[first.len()..t.len() - last.len()].trim_ascii();
    // Names are kept with single spaces between their words, however they were typed.
    let spaced = middle
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_whitespace() && w[1].is_ascii_whitespace())
        || middle.bytes().any(|b| b.is_ascii_whitespace() && b != b' ');
    let name = if spaced {
        middle
            .split_ascii_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        middle.to_string()
    };
    Ok((Choice { code, votes }, (!name.is_empty()).then_some(name)))
}

/// Reads a printed or typed tape (spec §3).
pub fn parse_tape(text: &str) -> Result<Tape, TapeError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\0') {
        return Err(TapeError::NotATape(
            "the file holds binary data, not tape text".into(),
        ));
    }
    // Figures are read with Eastern Arabic and Persian digits made ASCII; header lines are
    // kept as written (the same line of the text as given: only digits were changed).
    let written = text;
    let text = ascii_digits(text);
    let mut written_lines = written.split('\n');
    let mut section = Section::Header;
    let mut header = Vec::new();
    let mut fields: BTreeMap<&'static str, (&str, usize)> = BTreeMap::new();
    let mut choices: Vec<(Choice, Option<String>, usize)> = Vec::with_capacity(64);
    let mut sig_lines: [Option<(&str, usize)>; 4] = Default::default();
    let mut signature_heading: Option<usize> = None;
    let mut last_line = 0;
    for (i, raw) in text.split('\n').enumerate() {
        let n = i + 1;
        let as_written = written_lines.next().unwrap_or(raw);
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.len() > MAX_LINE_BYTES {
            return Err(line_err(
                n,
                format!(
                    "this line is {} characters long, a tape line is {TAPE_WIDTH}: is this the right file? It starts {}",
                    line.chars().count(),
                    super::excerpt(line.trim())
                ),
            ));
        }
        let kind = classify(line);
        if !matches!(kind, LineKind::Blank) {
            last_line = n;
        }
        match kind {
            LineKind::Blank => {}
            LineKind::Field { key, value } if section < Section::Signature => {
                if let Some((_, first)) = fields.get(key) {
                    return Err(line_err(n, format!("{} appears twice (first on line {first}): keep the one the tape shows", field_label(key).unwrap_or(key))));
                }
                fields.insert(key, (value, n));
                section = section.max(Section::Fields);
            }
            LineKind::ResultsRule if section < Section::Choices => section = Section::Choices,
            LineKind::Rule if section == Section::Choices => section = Section::AfterChoices,
            LineKind::Rule if section == Section::Header => header.push(header_line(as_written)),
            LineKind::SignatureHeading if section < Section::Signature => {
                section = Section::Signature;
                signature_heading = Some(n);
            }
            LineKind::SigLine { index, body } if section != Section::Header => {
                if let Some((_, first)) = &sig_lines[index - 1] {
                    return Err(line_err(n, format!("SIG{index} appears twice (first on line {first})")));
                }
                sig_lines[index - 1] = Some((body, n));
                section = Section::Signature;
            }
            // Free header lines are not signed: one that reads as a choice would show a
            // reader figures that no signature covers.
            LineKind::Other if section == Section::Header && starts_with_digit(line) && parse_choice(line, n).is_ok() => {
                return Err(line_err(n, format!(
                    "{} looks like a choice line but stands above ELECTION, among the header lines that no signature covers: choices come after the RESULTS rule; move it there, or delete it if the tape does not show it",
                    super::excerpt(line.trim())
                )))
            }
            LineKind::Other if section == Section::Header => header.push(header_line(as_written)),
            LineKind::Other if matches!(section, Section::Fields | Section::Choices) && starts_with_digit(line) => {
                choices.push({
                    let (c, name) = parse_choice(line, n)?;
                    (c, name, n)
                });
                section = Section::Choices;
            }
            _ => {
                return Err(line_err(n, format!(
                    "{} is not a tape line here: expected a field (`VOTERS 301`), a choice (`101 NAME 45`), a rule, `SIGNATURE` or `SIG1`..`SIG4`",
                    super::excerpt(line.trim())
                )))
            }
        }
    }
    if fields.is_empty() && choices.is_empty() {
        return Err(TapeError::NotATape(
            "no tape fields found (ELECTION, CENTER, STATION, ... VALID): this is not a tape"
                .into(),
        ));
    }
    build(
        header,
        fields,
        choices,
        sig_lines,
        signature_heading,
        last_line,
    )
}

/// A header line as written (its digits as the tape shows them), without its line end and
/// the spaces that centred it.
fn header_line(written: &str) -> String {
    written
        .strip_suffix('\r')
        .unwrap_or(written)
        .trim()
        .to_string()
}

fn starts_with_digit(line: &str) -> bool {
    line.trim_start().starts_with(|c: char| c.is_ascii_digit())
}

fn build(
    header: Vec<String>,
    fields: BTreeMap<&'static str, (&str, usize)>,
    mut choices: Vec<(Choice, Option<String>, usize)>,
    sig_lines: [Option<(&str, usize)>; 4],
    signature_heading: Option<usize>,
    last_line: usize,
) -> Result<Tape, TapeError> {
    let get = |key: &str| -> Result<&(&str, usize), TapeError> {
        fields.get(key).ok_or_else(|| {
            let label = field_label(key).unwrap_or(key);
            line_err(last_line.max(1), format!("the {label} line is missing: add it as `{label} <value>` as printed on the tape"))
        })
    };
    let count = |key: &str| -> Result<u32, TapeError> {
        let (value, n) = get(key)?;
        parse_count(value).map_err(|e| {
            line_err(
                *n,
                format!(
                    "{}: {} is {e}",
                    field_label(key).unwrap_or(key),
                    super::excerpt(value)
                ),
            )
        })
    };
    let id = |key: &str| -> Result<String, TapeError> {
        let (value, n) = get(key)?;
        let v = value.to_ascii_uppercase();
        if super::is_valid_id(&v) {
            Ok(v)
        } else {
            Err(line_err(
                *n,
                format!(
                    "{}: {} is not an id (letters A-Z, digits and '-', at most 32)",
                    field_label(key).unwrap_or(key),
                    super::excerpt(value)
                ),
            ))
        }
    };
    // An unsigned tape may leave out what only a device knows (DEVICE, CLOSED) and
    // REGISTERED; a signed tape signs them, so it may not.
    let unsigned = sig_lines.iter().all(Option::is_none) && signature_heading.is_none();
    let absent: Vec<&'static str> = OPTIONAL_WHEN_UNSIGNED
        .into_iter()
        .filter(|key| unsigned && !fields.contains_key(key))
        .collect();
    let closed = match fields.get("closed") {
        None if absent.contains(&"closed") => super::PLACEHOLDER_CLOSED,
        _ => {
            let (closed_text, closed_line) = get("closed")?;
            Timestamp::parse_lenient(closed_text).ok_or_else(|| {
                line_err(
                    *closed_line,
                    format!(
                        "CLOSED: {} is not a time like `2021-10-10 15:02:11 UTC`",
                        super::excerpt(closed_text)
                    ),
                )
            })?
        }
    };
    if choices.is_empty() {
        return Err(line_err(
            last_line.max(1),
            "no choice lines: after the RESULTS rule list each choice as `CODE NAME VOTES`",
        ));
    }
    choices.sort_by_key(|(c, _, _)| c.code);
    for pair in choices.windows(2) {
        if pair[0].0.code == pair[1].0.code {
            return Err(line_err(
                pair[1].2,
                format!(
                    "choice {} appears twice (also on line {}): each choice is listed once",
                    pair[1].0.code, pair[0].2
                ),
            ));
        }
    }
    let payload = Payload {
        election: id("election")?,
        governorate: count("governorate")?,
        district: count("district")?,
        center: count("center")?,
        station: count("station")?,
        device: if absent.contains(&"device") {
            super::PLACEHOLDER_ID.to_string()
        } else {
            id("device")?
        },
        closed,
        registered: if absent.contains(&"registered") {
            0
        } else {
            count("registered")?
        },
        voters: count("voters")?,
        ballots: count("ballots")?,
        invalid: count("invalid")?,
        valid: count("valid")?,
        choices: choices.iter().map(|(c, _, _)| *c).collect(),
    };
    payload
        .check_form()
        .map_err(|m| line_err(choices.last().map_or(0, |c| c.2), m))?;
    let mut origin: Vec<Origin> = FIELD_LABELS
        .iter()
        .filter_map(|(_, key)| {
            fields.get(key).map(|(_, line)| Origin {
                field: OriginField::Key(key),
                line: *line,
            })
        })
        .collect();
    origin.extend(choices.iter().map(|(c, _, line)| Origin {
        field: OriginField::Choice(c.code),
        line: *line,
    }));
    origin.extend(sig_lines.iter().enumerate().filter_map(|(i, s)| {
        s.as_ref().map(|(_, line)| Origin {
            field: OriginField::Sig(i as u8 + 1),
            line: *line,
        })
    }));
    let signature = read_signature(&sig_lines, signature_heading);
    Ok(Tape {
        header,
        payload,
        names: choices.into_iter().map(|(_, name, _)| name).collect(),
        signature,
        origin,
        absent: super::Absent {
            keys: absent,
            unlisted_choices: false,
        },
    })
}

fn read_signature(lines: &[Option<(&str, usize)>; 4], heading: Option<usize>) -> Signature {
    if lines.iter().all(Option::is_none) {
        return match heading {
            None => Signature::Absent,
            Some(line) => Signature::Unreadable { line, reason: "SIGNATURE is there but no SIG1..SIG4 lines follow: type the four signature lines".into() },
        };
    }
    let mut sig = [0u8; 64];
    for (i, entry) in lines.iter().enumerate() {
        let Some((body, line)) = entry else {
            let line = lines.iter().flatten().map(|(_, l)| *l).max().unwrap_or(0);
            return Signature::Unreadable {
                line,
                reason: format!(
                    "SIG{} is missing: a signature has four lines SIG1 to SIG4",
                    i + 1
                ),
            };
        };
        match decode_line(body) {
            Ok(chunk) => sig[i * 16..(i + 1) * 16].copy_from_slice(&chunk),
            Err(e) => {
                return Signature::Unreadable {
                    line: *line,
                    reason: format!("line SIG{} {e}", i + 1),
                }
            }
        }
    }
    Signature::Present(sig)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../../fixtures/spec/tape-120345-3.txt");
    const PAYLOAD: &str = include_str!("../../fixtures/spec/tape-120345-3.payload");

    #[test]
    fn example_tape_round_trips_byte_for_byte() {
        let tape = Tape::parse(EXAMPLE).unwrap();
        assert_eq!(tape.payload.to_text(), PAYLOAD);
        assert!(matches!(tape.signature, Signature::Present(_)));
        assert_eq!(tape.names[3].as_deref(), Some("HUDA N. KAREEM"));
        assert_eq!(tape.to_text(), EXAMPLE);
        assert_eq!(tape.line_of("registered"), Some(12));
        assert_eq!(tape.line_of("choice 117"), Some(21));
    }

    #[test]
    fn tolerates_what_people_and_ocr_do() {
        let messy = EXAMPLE
            .replace(
                "REGISTERED                           512",
                "registered:   ٥١٢",
            )
            .replace("VOTERS                               301", "Voters : ۳۰۱")
            .replace(
                "CLOSED           2021-10-10 15:02:11 UTC",
                "closed 2021-10-10T15:02:11Z",
            )
            .replace(
                "117   HUDA N. KAREEM                 151",
                "117 HUDA N. KAREEM 1,51",
            )
            .replace('\n', "\r\n");
        let messy = format!("\u{feff}{messy}");
        assert!(Tape::parse(&messy).is_err(), "1,51 is not a grouping");
        let messy = messy.replace("1,51", "151");
        let tape = Tape::parse(&messy).unwrap();
        assert_eq!(tape.payload.to_text(), PAYLOAD);
        assert_eq!(tape.to_text(), EXAMPLE);
    }

    #[test]
    fn header_lines_keep_their_digits_and_any_script() {
        for header in ["المركز ٣ 🗳", "éé COMMISSION", "ڕێکخراو\u{202E}x\u{200B}"]
        {
            let text = format!("{header}\n{EXAMPLE}");
            let tape = Tape::parse(&text).unwrap();
            assert_eq!(tape.header[0], header);
            assert_eq!(tape.payload.to_text(), PAYLOAD);
        }
        let err = Tape::parse(&format!("117 HUDA 152\n{EXAMPLE}")).unwrap_err();
        assert_eq!(err.line(), Some(1));
        assert!(err.to_string().contains("above ELECTION"), "{err}");
    }

    #[test]
    fn unsigned_tape_has_no_signature() {
        let cut = EXAMPLE.split("SIGNATURE").next().unwrap();
        let tape = Tape::parse(cut).unwrap();
        assert_eq!(tape.signature, Signature::Absent);
        assert_eq!(Tape::parse(&tape.to_text()).unwrap(), tape);
    }

    #[test]
    fn bad_lines_are_named() {
        let cases = [
            (
                EXAMPLE.replace("VOTERS                               301", "VOTERS   3O1"),
                13,
                "not a whole number",
            ),
            (
                EXAMPLE.replace("BALLOTS                              301\n", ""),
                0,
                "BALLOTS line is missing",
            ),
            (
                EXAMPLE.replace("102   ZAINAB M. ALI", "101   ZAINAB M. ALI"),
                19,
                "appears twice",
            ),
            (
                EXAMPLE.replace(
                    "STATION                                3",
                    "STATION 3\nSTATION 4",
                ),
                10,
                "appears twice",
            ),
            (
                EXAMPLE.replace("CLOSED           2021-10-10", "CLOSED 2021-13-10"),
                11,
                "not a time",
            ),
            (
                EXAMPLE.replace("103   OMAR S. JABBAR", "OMAR S. JABBAR 103"),
                20,
                "not a tape line",
            ),
        ];
        for (text, line, needle) in cases {
            let err = Tape::parse(&text).unwrap_err();
            assert!(err.to_string().contains(needle), "{err} lacks {needle}");
            if line > 0 {
                assert_eq!(err.line(), Some(line), "{err}");
            }
        }
    }

    #[test]
    fn damaged_signature_lines_are_unreadable_not_errors() {
        let typo = EXAMPLE.replace("SIG3 4C5A5 NZY54", "SIG3 4C5A5 NZY55");
        let tape = Tape::parse(&typo).unwrap();
        match tape.signature {
            Signature::Unreadable { line, reason } => {
                assert_eq!(line, 27);
                assert!(
                    reason.starts_with("line SIG3 has a typing or reading error"),
                    "{reason}"
                );
            }
            other => panic!("{other:?}"),
        }
        let missing = EXAMPLE.replace("SIG2 6BK3K 0KM6E ZSENK 6SVK1 FP3AR M W\n", "");
        assert!(matches!(
            Tape::parse(&missing).unwrap().signature,
            Signature::Unreadable { .. }
        ));
    }

    /// The example tape without its signature and without the lines listed.
    fn unsigned_without(labels: &[&str]) -> String {
        EXAMPLE
            .lines()
            .take_while(|l| !l.starts_with("SIGNATURE"))
            .filter(|l| !labels.iter().any(|label| l.starts_with(label)))
            .map(|l| format!("{l}\n"))
            .collect()
    }

    #[test]
    fn an_unsigned_tape_may_lack_device_closed_and_registered_and_says_so() {
        let text = unsigned_without(&["DEVICE", "CLOSED", "REGISTERED"]);
        let tape = Tape::parse(&text).unwrap();
        assert_eq!(tape.signature, Signature::Absent);
        assert_eq!(tape.absent.keys, ["device", "closed", "registered"]);
        assert_eq!((tape.device(), tape.count("registered")), (None, None));
        assert_eq!(tape.count("voters"), Some(tape.payload.voters));
        assert_eq!(tape.signed_text(), None);
        assert_eq!(tape.printed_value("closed"), None);
        // voters <= registered cannot be judged without the register: no break is made up.
        assert!(tape.arithmetic_breaks().is_empty());
        // Printed back, the absent lines stay absent (not a zero, not a placeholder).
        let printed = tape.to_text();
        assert!(
            !printed.contains("REGISTERED") && !printed.contains("ABSENT"),
            "{printed}"
        );
        assert_eq!(Tape::parse(&printed).unwrap(), tape);
        // Any one of them alone may be absent too.
        let tape = Tape::parse(&unsigned_without(&["CLOSED"])).unwrap();
        assert_eq!(tape.absent.keys, ["closed"]);
    }

    #[test]
    fn a_signed_tape_may_not_lack_what_it_signs() {
        for label in ["DEVICE", "CLOSED", "REGISTERED"] {
            let text: String = EXAMPLE
                .lines()
                .filter(|l| !l.starts_with(label))
                .map(|l| format!("{l}\n"))
                .collect();
            let err = Tape::parse(&text).unwrap_err();
            assert!(
                err.to_string().contains("line is missing"),
                "{label}: {err}"
            );
        }
        // An unsigned tape may not lack a turnout figure other than the register.
        let err = Tape::parse(&unsigned_without(&["VOTERS"])).unwrap_err();
        assert!(err.to_string().contains("VOTERS line is missing"), "{err}");
    }

    #[test]
    fn junk_is_not_a_tape() {
        assert!(matches!(Tape::parse(""), Err(TapeError::NotATape(_))));
        assert!(matches!(
            Tape::parse("hello\nworld\n"),
            Err(TapeError::NotATape(_))
        ));
        assert!(matches!(Tape::parse("a\0b"), Err(TapeError::NotATape(_))));
    }
}
