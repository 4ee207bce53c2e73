//! Property tests: printing then parsing gives the same tape; what people and OCR do to a
//! tape's spacing, case, digits and line ends never changes the payload rebuilt from it.

use proptest::prelude::*;
use tally::tape::{Choice, Payload, Signature, Tape, Timestamp};

fn id() -> impl Strategy<Value = String> {
    "[A-Z0-9][A-Z0-9-]{0,31}"
}

fn payload() -> impl Strategy<Value = Payload> {
    let counts = proptest::collection::vec(any::<u32>(), 9);
    let choices = proptest::collection::btree_map(0u32..100_000, any::<u32>(), 1..40);
    (
        id(),
        id(),
        counts,
        choices,
        2000u16..2100,
        1u8..=12,
        1u8..=28,
        0u8..24,
        0u8..60,
        0u8..60,
    )
        .prop_map(
            |(election, device, c, choices, y, mo, d, h, mi, s)| Payload {
                election,
                governorate: c[0],
                district: c[1],
                center: c[2],
                station: c[3],
                device,
                closed: Timestamp::new(y, mo, d, h, mi, s).unwrap(),
                registered: c[4],
                voters: c[5],
                ballots: c[6],
                invalid: c[7],
                valid: c[8],
                choices: choices
                    .into_iter()
                    .map(|(code, votes)| Choice { code, votes })
                    .collect(),
            },
        )
}

fn tape() -> impl Strategy<Value = Tape> {
    let names = proptest::collection::vec(
        proptest::option::of("[A-Z][A-Z. ]{0,20}[A-Z]|[\u{0621}-\u{064A}]{2,8}"),
        40,
    );
    let header = proptest::collection::vec("[A-Z][A-Z ]{0,30}[A-Z]", 0..3);
    let sig = proptest::option::of(proptest::collection::vec(any::<u8>(), 64));
    (payload(), names, header, sig).prop_map(|(payload, names, header, sig)| {
        let names = names
            .into_iter()
            .take(payload.choices.len())
            .map(|n| {
                n.map(|n| {
                    n.chars()
                        .take(22)
                        .collect::<String>()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .filter(|n| !n.is_empty() && !n.chars().any(|c| c.is_ascii_digit()))
            })
            .collect();
        let signature = sig.map_or(Signature::Absent, |s| {
            Signature::Present(s.try_into().unwrap())
        });
        Tape {
            header,
            payload,
            names,
            signature,
            origin: Vec::new(),
        }
    })
}

fn without_origin(mut t: Tape) -> Tape {
    t.origin.clear();
    t
}

fn to_arabic_digits(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(0x0660 + c.to_digit(10).unwrap()).unwrap()
            } else {
                c
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn print_then_parse_is_identity(t in tape()) {
        let text = t.to_text();
        let back = without_origin(Tape::parse(&text).unwrap());
        prop_assert_eq!(&back, &t);
        prop_assert_eq!(back.to_text(), text);
        prop_assert_eq!(Payload::parse(&t.payload.to_text()).unwrap(), t.payload);
    }

    #[test]
    fn messing_with_the_text_keeps_the_payload(t in tape(), crlf in any::<bool>(), lower in any::<bool>(), arabic in any::<bool>(), colon in any::<bool>()) {
        let mut text = t.to_text();
        let body_start = text.find("ELECTION").unwrap();
        let (head, body) = text.split_at(body_start);
        let mut body = body.to_string();
        if colon {
            for label in ["GOVERNORATE", "VOTERS", "VALID"] {
                body = body.replacen(&format!("{label} "), &format!("{label}: "), 1);
            }
        }
        if lower {
            body = body.replace("REGISTERED", "registered").replace("SIG2", "sig2");
        }
        if arabic {
            let cut = body.find("SIGNATURE").unwrap_or(body.len());
            body = format!("{}{}", to_arabic_digits(&body[..cut]), &body[cut..]);
        }
        text = format!("\u{feff}{head}{}", body.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join("   "));
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let back = Tape::parse(&text).unwrap();
        prop_assert_eq!(back.payload.to_text(), t.payload.to_text());
        prop_assert_eq!(&back.signature, &t.signature);
    }
}
