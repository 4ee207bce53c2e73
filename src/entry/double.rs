//! Double entry: two people type the same tape, every field, choice and signature line where
//! they disagree is listed, and the value on the paper tape settles each one (checked like any
//! answer). Double entry is how observer networks catch typing errors.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{BufRead, Write};

use super::answer::Value;
use super::form::{ask_sig_line, ask_value, check_rule, check_sum, prompt, sig_chunks, Choices};
use super::{Dialogue, EntryError};
use crate::tape::digits::parse_count;
use crate::tape::sig::printed_line;
use crate::tape::{field_label, Absent, Choice, Signature, Tape, FIELD_LABELS};

/// What two entries disagree on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A field, by payload key (`voters`).
    Field(&'static str),
    /// The votes of a choice, by code (or whether the choice is there at all).
    Choice(u32),
    /// Signature line 1 to 4, when both entries have a signature.
    Sig(usize),
    /// Whether there is a signature at all: one entry has one, the other none.
    Signature,
}

/// One place where the two entries differ, with what each person typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    /// What differs.
    pub item: Item,
    /// The first person's value, as shown.
    pub first: String,
    /// The second person's value, as shown.
    pub second: String,
}

impl fmt::Display for Disagreement {
    /// `VOTERS: first 301, second 310`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match &self.item {
            Item::Field(key) => field_label(key).unwrap_or(key).to_string(),
            Item::Choice(code) => format!("choice {code}"),
            Item::Sig(index) => format!("SIG{index}"),
            Item::Signature => "SIGNATURE".to_string(),
        };
        write!(f, "{what}: first {}, second {}", self.first, self.second)
    }
}

/// Every field, choice and signature line where two entries of a tape disagree, in tape order.
pub fn compare(first: &Tape, second: &Tape) -> Vec<Disagreement> {
    let mut out = Vec::new();
    let (a, b) = (&first.payload, &second.payload);
    for (_, key) in FIELD_LABELS {
        let (x, y) = (Value::of(a, key), Value::of(b, key));
        if x != y {
            out.push(Disagreement {
                item: Item::Field(key),
                first: x.to_string(),
                second: y.to_string(),
            });
        }
    }
    let votes = |t: &Tape| -> BTreeMap<u32, u32> {
        t.payload
            .choices
            .iter()
            .map(|c| (c.code, c.votes))
            .collect()
    };
    let (va, vb) = (votes(first), votes(second));
    let codes: std::collections::BTreeSet<u32> = va.keys().chain(vb.keys()).copied().collect();
    let shown = |v: Option<&u32>| v.map_or("(not entered)".to_string(), u32::to_string);
    for code in codes {
        if va.get(&code) != vb.get(&code) {
            out.push(Disagreement {
                item: Item::Choice(code),
                first: shown(va.get(&code)),
                second: shown(vb.get(&code)),
            });
        }
    }
    let (sa, sb) = (sig_chunks(&first.signature), sig_chunks(&second.signature));
    match (sa, sb) {
        (Some(a), Some(b)) => {
            for i in (0..4).filter(|&i| a[i] != b[i]) {
                out.push(Disagreement {
                    item: Item::Sig(i + 1),
                    first: printed_line(&a[i]),
                    second: printed_line(&b[i]),
                });
            }
        }
        (None, None) => {}
        (a, b) => {
            let shown = |s: Option<_>| {
                if s.is_some() {
                    "signed"
                } else {
                    "no signature"
                }
            };
            out.push(Disagreement {
                item: Item::Signature,
                first: shown(a).to_string(),
                second: shown(b).to_string(),
            });
        }
    }
    out
}

/// Settles each disagreement with the value on the paper tape, and returns the settled tape.
pub(crate) fn settle<R: BufRead, W: Write>(
    d: &mut Dialogue<R, W>,
    first: &Tape,
    second: &Tape,
    disagreements: &[Disagreement],
) -> Result<Tape, EntryError> {
    let mut payload = first.payload.clone();
    let mut choices: BTreeMap<u32, (u32, Option<String>)> = BTreeMap::new();
    for tape in [second, first] {
        for (c, name) in tape.payload.choices.iter().zip(&tape.names) {
            let slot = choices.entry(c.code).or_insert((c.votes, None));
            slot.0 = c.votes;
            slot.1 = name.clone().or(slot.1.take());
        }
    }
    let (sa, sb) = (sig_chunks(&first.signature), sig_chunks(&second.signature));
    let mut sig = sa.or(sb);
    let mut sum_may_break = false;
    for dis in disagreements {
        d.say(&format!("{dis}. What does the paper tape say?"))?;
        match dis.item {
            Item::Field(key) => {
                if let Some(value) = ask_value(d, key, false)? {
                    value.store(&mut payload, key);
                }
                check_rule(d, &mut payload, key)?;
                sum_may_break |= key == "valid";
            }
            Item::Choice(code) => {
                let listed_by_both = first
                    .payload
                    .choices
                    .iter()
                    .chain(&second.payload.choices)
                    .filter(|c| c.code == code)
                    .count()
                    == 2;
                let last = choices.len() == 1 && choices.contains_key(&code);
                match ask_votes(d, code, !listed_by_both && !last)? {
                    Some(votes) => choices.entry(code).or_default().0 = votes,
                    None => drop(choices.remove(&code)),
                }
                sum_may_break = true;
            }
            Item::Sig(index) => {
                if let Some(lines) = sig.as_mut() {
                    let known = lines.map(Some);
                    if let Some(chunk) = ask_sig_line(d, index, false, &known)? {
                        lines[index - 1] = chunk;
                    }
                }
            }
            Item::Signature => sig = ask_signature_again(d)?,
        }
    }
    let mut typed: Choices = choices
        .into_iter()
        .map(|(code, (votes, name))| (Choice { code, votes }, name))
        .collect();
    if sum_may_break {
        check_sum(d, payload.valid, &mut typed)?;
        typed.sort_by_key(|(c, _)| c.code);
    }
    payload.choices = typed.iter().map(|(c, _)| *c).collect();
    let signature = match sig {
        Some(lines) => Signature::Present(std::array::from_fn(|i| lines[i / 16][i % 16])),
        None => Signature::Absent,
    };
    let names = typed.into_iter().map(|(_, name)| name).collect();
    Ok(Tape {
        header: Vec::new(),
        payload,
        names,
        signature,
        origin: Vec::new(),
        absent: Absent::default(),
    })
}

/// Asks for the votes of a choice on the paper tape; with `may_be_absent`, Enter means the tape
/// does not list the choice (`None`).
fn ask_votes<R: BufRead, W: Write>(
    d: &mut Dialogue<R, W>,
    code: u32,
    may_be_absent: bool,
) -> Result<Option<u32>, EntryError> {
    if may_be_absent {
        d.say(&format!(
            "  (press Enter if the paper tape does not list choice {code})"
        ))?;
    }
    loop {
        let text = d.ask(&prompt(&format!("votes {code}")))?;
        if text.is_empty() && may_be_absent {
            return Ok(None);
        }
        if text.is_empty() {
            d.problem(&format!(
                "the votes for choice {code} are needed: type the number as printed"
            ))?;
            continue;
        }
        match parse_count(&text) {
            Ok(votes) => return Ok(Some(votes)),
            Err(e) => d.problem(&format!(
                "votes for choice {code}: {text:?} is {e}; type the number as printed"
            ))?,
        }
    }
}

/// Asks for the whole signature on the paper tape: Enter at SIG1 if it has none.
fn ask_signature_again<R: BufRead, W: Write>(
    d: &mut Dialogue<R, W>,
) -> Result<Option<[[u8; 16]; 4]>, EntryError> {
    d.say("  Type the four SIG lines, or press Enter at SIG1 if the paper tape has none.")?;
    let mut lines = [None; 4];
    for i in 0..4 {
        match ask_sig_line(d, i + 1, i == 0, &lines)? {
            Some(chunk) => lines[i] = Some(chunk),
            None => return Ok(None),
        }
    }
    Ok(Some(lines.map(Option::unwrap_or_default)))
}
