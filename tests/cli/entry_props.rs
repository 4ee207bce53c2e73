//! Property: any tape, typed in from its printed lines, comes out of `tally enter`'s dialogue as
//! the same tape, and its written text parses back to the same payload and signature.

use std::io::Cursor;

use proptest::prelude::*;
use tally::entry::{enter, Dialogue, Options};
use tally::tape::{print_tape, Choice, Payload, Signature, Tape, Timestamp};

prop_compose! {
    fn tapes()(
        election in "[A-Z0-9][A-Z0-9-]{0,31}",
        device in "[A-Z0-9][A-Z0-9-]{0,31}",
        ids in prop::array::uniform4(0u32..2_000_000),
        time in (2000u16..2100, 1u8..=12, 1u8..=28, 0u8..24, 0u8..60, 0u8..60),
        spare in (0u32..100_000, 0u32..100_000, 0u32..100_000),
        choices in prop::collection::btree_map(0u32..100_000, (0u32..100_000, prop::option::of("[A-Z]{1,8}( [A-Z.]{1,8})?")), 1..20),
        sig in prop::option::of(prop::array::uniform32(any::<u8>()).prop_flat_map(|a| prop::array::uniform32(any::<u8>()).prop_map(move |b| (a, b)))),
    ) -> Tape {
        let valid: u32 = choices.values().map(|(v, _)| v).sum();
        let (invalid, not_cast, stayed_home) = spare;
        let ballots = valid + invalid;
        let payload = Payload {
            election, governorate: ids[0], district: ids[1], center: ids[2], station: ids[3], device,
            closed: Timestamp::new(time.0, time.1, time.2, time.3, time.4, time.5).unwrap(),
            registered: ballots + not_cast + stayed_home, voters: ballots + not_cast, ballots, invalid, valid,
            choices: choices.iter().map(|(code, (votes, _))| Choice { code: *code, votes: *votes }).collect(),
        };
        let signature = match sig {
            Some((a, b)) => Signature::Present(std::array::from_fn(|i| if i < 32 { a[i] } else { b[i - 32] })),
            None => Signature::Absent,
        };
        let names = choices.into_values().map(|(_, name)| name).collect();
        Tape { header: Vec::new(), payload, names, signature, origin: Vec::new(), absent: Default::default() }
    }
}

/// What a person types, reading the printed tape: each line as printed, an empty line after the
/// choices, an empty SIG1 for an unsigned tape.
fn typed(tape: &Tape) -> String {
    let mut out = String::new();
    for line in print_tape(tape).lines() {
        match line {
            "SIGNATURE" => {}
            l if l.contains(" RESULTS ") => {}
            l if l.starts_with("----") => out.push('\n'),
            l => out.push_str(&format!("{l}\n")),
        }
    }
    if tape.signature == Signature::Absent {
        out.push('\n');
    }
    out
}

proptest! {
    #[test]
    fn a_printed_tape_typed_in_is_the_same_tape(tape in tapes()) {
        let mut d = Dialogue::new(Cursor::new(typed(&tape).into_bytes()), Vec::new(), true);
        let entered = enter(&mut d, Options::default()).unwrap();
        prop_assert_eq!(&entered.payload, &tape.payload);
        prop_assert_eq!(&entered.signature, &tape.signature);
        prop_assert_eq!(&entered.names, &tape.names);
        let back = Tape::parse(&print_tape(&entered)).unwrap();
        prop_assert_eq!((back.payload, back.signature), (tape.payload, tape.signature));
    }
}
