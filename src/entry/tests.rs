//! The dialogue driven without a terminal: answers piped in, the transcript read back.

use std::io::Cursor;

use super::*;
use crate::tape::{print_tape, Signature};

const EXAMPLE: &str = include_str!("../../fixtures/spec/tape-120345-3.txt");

/// The spec example's answers, field by field, as a person types them.
const ANSWERS: [&str; 22] = [
    "IQ-2021-CR",
    "12",
    "3",
    "120345",
    "3",
    "RTS-0A1B2C",
    "2021-10-10 15:02:11 UTC",
    "512",
    "301",
    "301",
    "7",
    "294",
    "101 AHMED K. HASSAN 45",
    "102 ZAINAB M. ALI 12",
    "103 OMAR S. JABBAR 0",
    "117 HUDA N. KAREEM 151",
    "230 SARBAST R. AZIZ 86",
    "",
    "5J4KS WHMA2 HMW9P TVAJC EXX5D 0 B",
    "6BK3K 0KM6E ZSENK 6SVK1 FP3AR M W",
    "4C5A5 NZY54 W4CWN C8D91 C27T5 A P",
    "33V37 VNX51 Z3GJN B007N ZA6CG 4 0",
];
const VOTERS: usize = 8;
const SIG3: usize = 20;

/// The example's answers with `edits` applied: (index, replacement lines).
fn answers(edits: &[(usize, &[&str])]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, a) in ANSWERS.iter().enumerate() {
        match edits.iter().find(|(at, _)| *at == i) {
            Some((_, lines)) => out.extend(lines.iter().map(|l| l.to_string())),
            None => out.push(a.to_string()),
        }
    }
    out
}

fn run(lines: &[String], double: bool) -> (Result<Tape, EntryError>, String) {
    let input = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
    let mut d = Dialogue::new(Cursor::new(input.into_bytes()), Vec::new(), true);
    let result = enter(
        &mut d,
        Options {
            double,
            clear_screen: false,
        },
    );
    let (_, out) = d.into_parts();
    (result, String::from_utf8(out).unwrap())
}

/// The transcript with its line wrapping undone, to look for whole messages.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn example() -> Tape {
    Tape::parse(EXAMPLE).unwrap()
}

#[test]
fn the_spec_example_typed_in_is_the_spec_example() {
    let (tape, transcript) = run(&answers(&[]), false);
    let tape = tape.unwrap();
    assert_eq!(tape.payload, example().payload);
    assert_eq!(tape.signature, example().signature);
    assert!(!transcript.contains("  ! "), "{transcript}");
    let text = print_tape(&tape);
    assert!(EXAMPLE.ends_with(&text), "{text}");
    let back = Tape::parse(&text).unwrap();
    assert_eq!(
        (back.payload, back.signature, back.names),
        (tape.payload, tape.signature, tape.names)
    );
}

#[test]
fn tolerant_answers_are_accepted() {
    let lines = answers(&[
        (0, &["iq-2021-cr"]),
        (6, &["2021-10-10T15:02:11Z"]),
        (7, &["٥١٢"]),
        (VOTERS, &["VOTERS: 301"]),
    ]);
    let (tape, _) = run(&lines, false);
    assert_eq!(tape.unwrap().payload, example().payload);
}

#[test]
fn a_non_number_is_asked_again() {
    let (tape, transcript) = run(&answers(&[(VOTERS, &["3O1", "301"])]), false);
    assert_eq!(tape.unwrap().payload, example().payload);
    assert!(
        transcript.contains("  ! VOTERS: \"3O1\" is not a whole number"),
        "{transcript}"
    );
    assert_eq!(transcript.matches("VOTERS      > ").count(), 2);
}

#[test]
fn bad_ids_and_impossible_times_are_asked_again() {
    let lines = answers(&[
        (5, &["RTS 0A1B2C", "rts-0a1b2c"]),
        (6, &["2021-02-30 15:02:11 UTC", "2021-10-10 15:02:11 UTC"]),
    ]);
    let (tape, transcript) = run(&lines, false);
    assert_eq!(tape.unwrap().payload, example().payload);
    assert!(
        transcript.contains("DEVICE: \"RTS 0A1B2C\" is not an id"),
        "{transcript}"
    );
    assert!(
        transcript.contains("is not a possible time"),
        "{transcript}"
    );
}

#[test]
fn a_typo_in_sig3_is_caught_and_asked_again() {
    let typo = "4C5A5 NZY55 W4CWN C8D91 C27T5 A P";
    let (tape, transcript) = run(&answers(&[(SIG3, &[typo, ANSWERS[SIG3]])]), false);
    assert_eq!(tape.unwrap().signature, example().signature);
    assert!(
        flat(&transcript).contains("! line SIG3 has a typing or reading error: its check symbol does not match, re-read every symbol of this line"),
        "{transcript}"
    );
    assert_eq!(transcript.matches("SIG3        > ").count(), 2);
}

#[test]
fn a_duplicate_choice_is_refused() {
    let (tape, transcript) = run(
        &answers(&[(13, &["101 AHMED 45", "102 ZAINAB M. ALI 12"])]),
        false,
    );
    assert_eq!(tape.unwrap().payload, example().payload);
    assert!(
        transcript.contains("choice 101 is already entered"),
        "{transcript}"
    );
}

#[test]
fn choices_typed_out_of_order_are_written_in_code_order() {
    let lines = answers(&[
        (12, &["230 SARBAST R. AZIZ 86", "101 AHMED K. HASSAN 45"]),
        (16, &[]),
    ]);
    let (tape, _) = run(&lines, false);
    let tape = tape.unwrap();
    assert_eq!(tape.payload, example().payload);
    assert_eq!(tape.names, example().names);
}

#[test]
fn an_arithmetic_break_can_be_retyped_or_kept_as_printed() {
    let (tape, transcript) = run(&answers(&[(VOTERS, &["610", "301"])]), false);
    assert_eq!(tape.unwrap().payload, example().payload);
    assert!(
        flat(&transcript).contains("VOTERS 610 is more than REGISTERED 512"),
        "{transcript}"
    );

    let (tape, transcript) = run(&answers(&[(VOTERS, &["610", ""])]), false);
    assert_eq!(tape.unwrap().payload.voters, 610);
    assert!(
        transcript.contains("VOTERS 610 kept as printed"),
        "{transcript}"
    );
    assert!(
        flat(&transcript).contains("voters <= registered: 610 voters, 512 registered"),
        "{transcript}"
    );

    let (tape, transcript) = run(&answers(&[(11, &["295", ""]), (17, &["", ""])]), false);
    let tape = tape.unwrap();
    assert!(
        flat(&transcript).contains("VALID 295 + INVALID 7 = 302, not BALLOTS 301"),
        "{transcript}"
    );
    // the sum of the choices is checked against the VALID kept as printed, and kept too
    assert!(
        flat(&transcript).contains("The choices add up to 294, but VALID is 295"),
        "{transcript}"
    );
    assert_eq!(tape.payload.valid, 295);
}

#[test]
fn a_choice_that_breaks_the_sum_is_retyped() {
    let lines = answers(&[
        (15, &["117 HUDA N. KAREEM 115"]),
        (17, &["", "117 HUDA N. KAREEM 151"]),
    ]);
    let (tape, transcript) = run(&lines, false);
    let tape = tape.unwrap();
    assert!(
        flat(&transcript).contains("The choices add up to 258, but VALID is 294"),
        "{transcript}"
    );
    assert_eq!(tape.payload, example().payload);
    assert_eq!(tape.names, example().names);
}

#[test]
fn an_empty_sig1_means_unsigned() {
    let lines: Vec<String> = answers(&[])
        .into_iter()
        .take(18)
        .chain([String::new()])
        .collect();
    let (tape, transcript) = run(&lines, false);
    assert_eq!(tape.unwrap().signature, Signature::Absent);
    assert!(transcript.contains("No signature"), "{transcript}");
}

#[test]
fn the_end_of_input_abandons_the_entry() {
    let lines: Vec<String> = answers(&[]).into_iter().take(VOTERS).collect();
    let (tape, _) = run(&lines, false);
    let err = tape.unwrap_err();
    assert!(
        matches!(&err, EntryError::Abandoned { at } if at == "VOTERS"),
        "{err:?}"
    );
    assert!(err
        .to_string()
        .starts_with("entry abandoned, nothing written"));
}

#[test]
fn double_entry_that_agrees_says_so() {
    let lines: Vec<String> = answers(&[]).into_iter().chain(answers(&[])).collect();
    let (tape, transcript) = run(&lines, true);
    assert_eq!(tape.unwrap().payload, example().payload);
    assert!(transcript.contains("SECOND person"), "{transcript}");
    assert!(transcript.contains("The two entries agree"), "{transcript}");
}

#[test]
fn double_entry_lists_each_disagreement_and_takes_the_paper_value() {
    let second = answers(&[
        (VOTERS, &["310"]),
        (16, &[]),
        (17, &["", ""]),
        (SIG3, &["SIG3 4C5A5 NZY54 W4CWN C8D91 C27T5 A P"]),
    ]);
    let mut lines: Vec<String> = answers(&[]).into_iter().chain(second).collect();
    lines.extend(["301", "86"].map(String::from));
    let (tape, transcript) = run(&lines, true);
    let tape = tape.unwrap();
    assert!(
        transcript.contains("The two entries disagree in 2 places:"),
        "{transcript}"
    );
    assert!(
        transcript.contains("  VOTERS: first 301, second 310\n"),
        "{transcript}"
    );
    assert!(
        transcript.contains("  choice 230: first 86, second (not entered)\n"),
        "{transcript}"
    );
    assert_eq!(tape.payload, example().payload);
    assert_eq!(tape.signature, example().signature);
    assert_eq!(tape.names, example().names);
}

#[test]
fn double_entry_settles_signature_lines_and_missing_signatures() {
    let unsigned: Vec<String> = answers(&[])
        .into_iter()
        .take(18)
        .chain([String::new()])
        .collect();
    let mut lines: Vec<String> = answers(&[]).into_iter().chain(unsigned).collect();
    lines.extend(ANSWERS[18..22].iter().map(|s| s.to_string()));
    let (tape, transcript) = run(&lines, true);
    assert!(
        transcript.contains("  SIGNATURE: first signed, second no signature\n"),
        "{transcript}"
    );
    assert_eq!(tape.unwrap().signature, example().signature);

    let unsigned: Vec<String> = answers(&[])
        .into_iter()
        .take(18)
        .chain([String::new()])
        .collect();
    let mut lines: Vec<String> = answers(&[]).into_iter().chain(unsigned).collect();
    lines.push(String::new());
    let (tape, transcript) = run(&lines, true);
    assert_eq!(tape.unwrap().signature, Signature::Absent);
    assert_eq!(
        transcript.matches("What does the paper tape say?").count(),
        1,
        "{transcript}"
    );
}

#[test]
fn a_signature_line_typed_twice_is_refused() {
    // check symbols do not tell the lines apart: SIG1's symbols pass on the SIG3 line too
    let (tape, transcript) = run(&answers(&[(SIG3, &[ANSWERS[18], ANSWERS[SIG3]])]), false);
    assert_eq!(tape.unwrap().signature, example().signature);
    assert!(
        flat(&transcript)
            .contains("! these are the symbols of SIG1 again: type the line labelled SIG3"),
        "{transcript}"
    );
}

#[test]
fn double_entry_settles_a_signature_line_that_differs() {
    let other = crate::tape::sig::printed_line(&[7; 16]);
    let second = answers(&[(SIG3, &[other.as_str()])]);
    let mut lines: Vec<String> = answers(&[]).into_iter().chain(second).collect();
    lines.extend([ANSWERS[18], ANSWERS[SIG3]].map(String::from));
    let (tape, transcript) = run(&lines, true);
    let expected = format!("SIG3: first 4C5A5 NZY54 W4CWN C8D91 C27T5 A P, second {other}");
    assert!(flat(&transcript).contains(&expected), "{transcript}");
    assert!(
        flat(&transcript).contains("! these are the symbols of SIG1 again"),
        "{transcript}"
    );
    assert_eq!(tape.unwrap().signature, example().signature);
}

#[test]
fn compare_finds_votes_that_differ() {
    let a = example();
    let mut b = example();
    b.payload.choices[3].votes = 115;
    let found = compare(&a, &b);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].to_string(), "choice 117: first 151, second 115");
    assert!(compare(&a, &a).is_empty());
}
