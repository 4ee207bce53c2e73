use super::*;
use crate::keyring::Keyring;
use crate::photo::{render_parts, Method, PhotoStyle};
use crate::simulate::sample::{sample_set, SampleSet};
#[cfg(feature = "ocr")]
use crate::verify::verify_tape;

fn reading(lines: &[&str]) -> OcrReading {
    let lines: Vec<TextLine> = lines.iter().map(|l| TextLine::plain(l)).collect();
    let text: String = lines.iter().map(|l| format!("{}\n", l.text)).collect();
    OcrReading {
        tape: Err("not a tape".into()),
        boxes: (0..lines.len()).map(|i| (0, (0, i as u32, 1, 1))).collect(),
        lines,
        text,
        strips: vec![image::GrayImage::new(1, 1)],
    }
}

#[test]
fn every_order_is_tried_the_given_one_first() {
    let all = orders(3);
    assert_eq!(all.len(), 6);
    assert_eq!(all[0], vec![0, 1, 2]);
    let mut sorted = all.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 6, "each order once");
}

#[test]
fn parts_are_joined_by_their_common_lines_in_any_order() {
    let top = reading(&["HEAD", "A 1", "B 2", "C 3", "D 4", "E #"]);
    let bottom = reading(&["C 3", "D 4", "E 5", "F 6", "SIG"]);
    let joined = join(vec![bottom, top]).expect("joined");
    let texts: Vec<&str> = joined.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        ["HEAD", "A 1", "B 2", "C 3", "D 4", "E 5", "F 6", "SIG"]
    );
    // The top part's cut last line yields to the bottom part's, kept as the other reading.
    assert_eq!(joined.lines[5].second.as_deref(), Some("E #"));
    assert_eq!(
        joined.strips.len(),
        2,
        "both parts' strips kept for second looks"
    );
    // Strips in the joined order: each line's box on the strip of the part it came from.
    assert_eq!(joined.boxes[0].0, 0, "the top part's line");
    assert_eq!(joined.boxes[7].0, 1, "the bottom part's line");
}

#[test]
fn parts_without_common_lines_are_refused() {
    let a = reading(&["HEAD", "A 1", "B 2"]);
    let b = reading(&["X 9", "Y 8", "SIG"]);
    let err = join(vec![a, b]).expect_err("refused");
    assert!(err.contains("no 2 lines in common"), "{err}");
    // One common line is not enough: a join it supports is a guess.
    let a = reading(&["HEAD", "A 1", "B 2"]);
    let b = reading(&["B 2", "C 3", "SIG"]);
    assert!(join(vec![a, b]).is_err());
}

fn long_tape() -> (SampleSet, Keyring) {
    let set = sample_set(21, 1, 40);
    let keyring = Keyring::parse(
        set.keyring_csv.as_bytes(),
        std::path::Path::new("keyring.csv"),
    )
    .unwrap();
    (set, keyring)
}

#[test]
#[cfg(feature = "ocr")]
fn a_long_tape_in_three_parts_is_read_and_proven() {
    let (set, keyring) = long_tape();
    let tape = &set.tapes[0];
    let style = PhotoStyle {
        smudge_qr: true,
        ..PhotoStyle::clean()
    };
    let parts = render_parts(tape, &style, 4, 3).unwrap();
    assert_eq!(parts.len(), 3);
    let ocr_only = Options {
        qr: false,
        cross_check: false,
    };
    let mut refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    refs.reverse();
    let reading = read_parts(&refs, Some(&keyring), &ocr_only).expect("joined");
    assert!(matches!(reading.method, Method::Ocr | Method::OcrCorrected));
    assert_eq!(reading.tape.payload, tape.payload);
    assert!(verify_tape(&reading.tape, Some(&keyring))
        .status
        .figures_signed());
    // No single part is the tape.
    for part in &parts {
        let alone = crate::photo::read_photo(part, Some(&keyring), &ocr_only);
        assert!(alone.map_or(true, |r| r.tape.payload != tape.payload));
    }
}

#[test]
fn the_qr_code_on_the_last_part_reads_the_whole_tape() {
    let (set, keyring) = long_tape();
    let tape = &set.tapes[0];
    let parts = render_parts(tape, &PhotoStyle::clean(), 4, 2).unwrap();
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    let reading = read_parts(&refs, Some(&keyring), &Options::default()).expect("read");
    assert_eq!(reading.method, Method::Qr);
    assert_eq!(reading.tape.payload, tape.payload);
}

#[test]
fn too_many_parts_are_refused() {
    let refs: Vec<&[u8]> = vec![b"x"; MAX_PARTS + 1];
    let err = read_parts(&refs, None, &Options::default()).unwrap_err();
    assert!(err.to_string().contains("1 to 4 photos"), "{err}");
}

#[test]
fn a_part_is_known_by_its_lines_on_a_tape_read_from_its_qr_code() {
    let (set, _) = long_tape();
    let mut tape = set.tapes[0].clone();
    let printed = crate::tape::print_tape(&tape);
    // A middle part as OCR reads it: choices with their names.
    let part: Vec<&str> = printed
        .lines()
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .skip(10)
        .take(12)
        .collect();
    let lines = telling_lines(
        &part
            .iter()
            .map(|l| words(&TextLine::plain(l)))
            .collect::<Vec<_>>(),
    );
    assert!(lines.len() >= 10);
    // The tape as its QR code gives it: no names.
    tape.names = vec![None; tape.payload.choices.len()];
    tape.header.clear();
    assert!(part_of(&lines, &tape));
    // Another tape's lines are not a part of it.
    let other = sample_set(22, 1, 40).tapes.remove(0);
    assert!(!part_of(&lines, &other));
}
