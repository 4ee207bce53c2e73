//! Property tests: printing then parsing gives the same tape; what people and OCR do to a
//! tape's spacing, case, digits and line ends never changes the payload rebuilt from it; a
//! published file in any script reads back the figures it was written with. Names, header
//! lines, column labels and cells are drawn from Arabic, Kurdish (Sorani) and Persian letters,
//! Eastern Arabic and Persian digits, combining marks, bidi controls, zero-width characters
//! and emoji, not only `[A-Z ]`.

use proptest::prelude::*;
use tally::tape::{Choice, Payload, Signature, Tape, Timestamp};

/// Letters a name or label may start and end with: Latin, Arabic, Kurdish (Sorani) and
/// Persian letters, and emoji (one of them a ZWJ sequence, one a flag).
const LETTERS: &[&str] = &[
    "A",
    "Z",
    "K",
    "é",
    "ا",
    "ب",
    "ح",
    "ع",
    "ي",
    "ة",
    "ء",
    "ڕ",
    "ڵ",
    "ۆ",
    "ێ",
    "ە",
    "ھ",
    "ڤ",
    "پ",
    "چ",
    "ژ",
    "گ",
    "ک",
    "ی",
    "🗳",
    "👍🏽",
    "🇮🇶",
    "👨\u{200D}👩\u{200D}👧",
];

/// What may stand inside: letters, combining marks, bidi controls, zero-width characters.
const INSIDE: &[&str] = &[
    "\u{064B}", "\u{064E}", "\u{0651}", "\u{0652}", "\u{0670}", "\u{0301}", "\u{200E}", "\u{200F}",
    "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}",
    "\u{2069}", "\u{061C}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", ".", "-",
    "'",
];

/// Digits as tapes and commissions write them: ASCII, Eastern Arabic, Persian.
const DIGITS: &[&str] = &["1", "7", "٠", "٣", "٩", "۰", "۴", "۹"];

/// A word: a letter, then letters and inside characters (and digits if `digits`), ending with
/// a letter.
fn word(digits: bool) -> impl Strategy<Value = String> {
    let mut middle: Vec<&'static str> = LETTERS.iter().chain(INSIDE).copied().collect();
    if digits {
        middle.extend(DIGITS);
    }
    (
        prop::sample::select(LETTERS),
        prop::collection::vec(prop::sample::select(middle), 0..5),
        prop::sample::select(LETTERS),
    )
        .prop_map(|(a, m, z)| format!("{a}{}{z}", m.concat()))
}

/// Words in any script, single spaces between them.
fn words(digits: bool, n: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(word(digits), n).prop_map(|w| w.join(" "))
}

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
        proptest::option::of(prop_oneof![
            "[A-Z][A-Z. ]{0,20}[A-Z]".boxed(),
            words(false, 1..4).boxed(),
        ]),
        40,
    );
    let header = proptest::collection::vec(
        prop_oneof!["[A-Z][A-Z ]{0,30}[A-Z]".boxed(), words(true, 1..5).boxed()],
        0..3,
    );
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
                        .split(' ')
                        .filter(|w| !w.is_empty())
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
            absent: Default::default(),
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

/// Figures as a commission may write them: ASCII or Eastern Arabic digits.
fn written(n: u32, eastern: bool) -> String {
    if eastern {
        to_arabic_digits(&n.to_string())
    } else {
        n.to_string()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A wide published file whose extra columns are labelled and filled in any script (with
    /// bidi controls, zero-width characters, emoji) reads back exactly the figures it holds,
    /// and lists every extra column as ignored.
    #[test]
    fn published_cells_in_any_script_read_back(
        stations in prop::collection::btree_map((1u32..1_000_000, 1u32..100), (prop::array::uniform5(0u32..100_000), prop::collection::vec(0u32..10_000, 3)), 1..12),
        labels in prop::collection::vec(words(false, 1..3), 1..4),
        cells in prop::collection::vec(words(true, 0..3), 12 * 4),
        eastern in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        let mut normalised: Vec<String> = labels.iter().map(|l| tally::published::normalise(l)).collect();
        normalised.sort();
        normalised.dedup();
        prop_assume!(normalised.len() == labels.len());
        let end = if crlf { "\r\n" } else { "\n" };
        let mut csv = format!("center,station,registered,voters,ballots,invalid,valid,101,102,230,{}{end}", labels.join(","));
        let mut noise = cells.iter().cycle();
        for ((center, station), (totals, votes)) in &stations {
            let mut row: Vec<String> = [*center, *station].iter().chain(totals).chain(votes).map(|n| written(*n, eastern)).collect();
            row.extend(labels.iter().map(|_| noise.next().unwrap().clone()));
            csv.push_str(&row.join(","));
            csv.push_str(end);
        }
        let options = tally::published::ImportOptions::default();
        let published = tally::published::load_bytes(csv.as_bytes(), std::path::Path::new("p.csv"), &options).unwrap();
        prop_assert!(published.rejected.is_empty(), "{:?}", published.rejected);
        prop_assert_eq!(published.ignored_columns.len(), labels.len());
        prop_assert_eq!(published.stations.len(), stations.len());
        for ((center, station), (totals, votes)) in &stations {
            let p = &published.stations[&(*center, *station)];
            let back: Vec<u32> = p.totals.iter().map(|t| t.unwrap()).collect();
            prop_assert_eq!(&back, &totals.to_vec());
            let choices: Vec<(u32, u32)> = p.choices.iter().map(|c| (c.code, c.votes)).collect();
            prop_assert_eq!(choices, vec![(101, votes[0]), (102, votes[1]), (230, votes[2])]);
        }
    }
}
