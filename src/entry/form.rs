//! One person types one tape: the fields in tape order, the choices, the signature lines, each
//! answer checked at once, and the arithmetic of spec §6 checked as soon as the figures allow.
//! A break may be the device's own error: it is shown, and kept as printed if the person says
//! so, never "corrected".

use std::io::{BufRead, Write};

use super::answer::{self, blank_payload, Value};
use super::{Dialogue, EntryError};
use crate::tape::sig::chunks;
use crate::tape::{
    field_label, Absent, Choice, Payload, Signature, Tape, FIELD_LABELS, MAX_CHOICES,
};

/// Choices as typed, with their names, in the order typed.
pub(crate) type Choices = Vec<(Choice, Option<String>)>;

/// The prompt for a field or line label, aligned like the tape's labels.
pub(crate) fn prompt(label: &str) -> String {
    format!("{label:<12}> ")
}

/// One person types a whole tape.
pub(crate) fn type_tape<R: BufRead, W: Write>(d: &mut Dialogue<R, W>) -> Result<Tape, EntryError> {
    let mut payload = blank_payload();
    for (_, key) in FIELD_LABELS {
        if let Some(value) = ask_value(d, key, false)? {
            value.store(&mut payload, key);
        }
        check_rule(d, &mut payload, key)?;
    }
    let mut choices = ask_choices(d)?;
    check_sum(d, payload.valid, &mut choices)?;
    choices.sort_by_key(|(c, _)| c.code);
    payload.choices = choices.iter().map(|(c, _)| *c).collect();
    let names = choices.into_iter().map(|(_, name)| name).collect();
    let signature = ask_signature(d)?;
    Ok(Tape {
        header: Vec::new(),
        payload,
        names,
        signature,
        origin: Vec::new(),
        absent: Absent::default(),
    })
}

/// Asks for the field `key` until the answer is valid; `None` when `allow_empty` and the person
/// pressed Enter.
pub(crate) fn ask_value<R: BufRead, W: Write>(
    d: &mut Dialogue<R, W>,
    key: &str,
    allow_empty: bool,
) -> Result<Option<Value>, EntryError> {
    let label = field_label(key).unwrap_or(key);
    loop {
        let text = d.ask(&prompt(label))?;
        if text.is_empty() && allow_empty {
            return Ok(None);
        }
        if text.is_empty() {
            d.problem(&format!(
                "{label} needs an answer: type it as printed on the tape"
            ))?;
            continue;
        }
        match answer::field(key, &text) {
            Ok(value) => return Ok(Some(value)),
            Err(message) => d.problem(&message)?,
        }
    }
}

/// The §6 rule checked once the field `key` is known, if the figures break it.
fn rule_after(p: &Payload, key: &str) -> Option<String> {
    match key {
        "voters" if p.voters > p.registered => Some(format!(
            "VOTERS {} is more than REGISTERED {} (voters <= registered).",
            p.voters, p.registered
        )),
        "ballots" if p.ballots > p.voters => Some(format!(
            "BALLOTS {} is more than VOTERS {} (ballots <= voters).",
            p.ballots, p.voters
        )),
        "valid" if u64::from(p.valid) + u64::from(p.invalid) != u64::from(p.ballots) => {
            Some(format!(
                "VALID {} + INVALID {} = {}, not BALLOTS {} (valid + invalid = ballots).",
                p.valid,
                p.invalid,
                u64::from(p.valid) + u64::from(p.invalid),
                p.ballots
            ))
        }
        _ => None,
    }
}

/// While the figures break the rule checked after `key`, shows the break and asks to retype
/// the value, or to press Enter to keep it as printed.
pub(crate) fn check_rule<R: BufRead, W: Write>(
    d: &mut Dialogue<R, W>,
    payload: &mut Payload,
    key: &str,
) -> Result<(), EntryError> {
    let label = field_label(key).unwrap_or(key);
    while let Some(rule) = rule_after(payload, key) {
        let kept = Value::of(payload, key);
        d.problem(&format!(
            "{rule}\nA typing error, or the device's own (written as printed, never corrected).\n\
             Retype {label}, or press Enter to keep {kept} as printed."
        ))?;
        match ask_value(d, key, true)? {
            Some(value) => value.store(payload, key),
            None => {
                d.say(&format!("  {label} {kept} kept as printed."))?;
                break;
            }
        }
    }
    Ok(())
}

/// Asks for the choice lines until an empty line.
fn ask_choices<R: BufRead, W: Write>(d: &mut Dialogue<R, W>) -> Result<Choices, EntryError> {
    d.say("RESULTS: type each choice line as printed (117 HUDA N. KAREEM 151),")?;
    d.say("         then an empty line when all choices are in.")?;
    let mut choices: Choices = Vec::new();
    while choices.len() < MAX_CHOICES {
        let text = d.ask(&prompt(&format!("choice {}", choices.len() + 1)))?;
        if text.is_empty() && choices.is_empty() {
            d.problem("a tape lists at least one choice: type the first line after RESULTS")?;
            continue;
        }
        if text.is_empty() {
            break;
        }
        match answer::choice(&text) {
            Err(message) => d.problem(&message)?,
            Ok((choice, _)) if choices.iter().any(|(c, _)| c.code == choice.code) => {
                d.problem(&format!(
                    "choice {} is already entered (each choice is listed once): type the next line",
                    choice.code
                ))?
            }
            Ok(entry) => choices.push(entry),
        }
    }
    if choices.len() == MAX_CHOICES {
        d.say(&format!(
            "  That is {MAX_CHOICES} choices, the most a tape holds."
        ))?;
    }
    Ok(choices)
}

/// While the choices do not add up to `valid`, shows the break and asks for a choice line to
/// retype (replacing the line with its code, or adding one that was missed), or Enter to keep.
pub(crate) fn check_sum<R: BufRead, W: Write>(
    d: &mut Dialogue<R, W>,
    valid: u32,
    choices: &mut Choices,
) -> Result<(), EntryError> {
    loop {
        let sum: u64 = choices.iter().map(|(c, _)| u64::from(c.votes)).sum();
        if sum == u64::from(valid) {
            return Ok(());
        }
        d.problem(&format!(
            "The choices add up to {sum}, but VALID is {valid} (valid = sum of choice votes).\n\
             A typing error, or the device's own (written as printed, never corrected).\n\
             Retype a choice line to correct it (a code not yet entered is added),\n\
             or press Enter to keep the choices as printed."
        ))?;
        let text = d.ask(&prompt("choice"))?;
        if text.is_empty() {
            d.say("  Choices kept as printed.")?;
            return Ok(());
        }
        match answer::choice(&text) {
            Err(message) => d.problem(&message)?,
            Ok((choice, name)) => match choices.iter().position(|(c, _)| c.code == choice.code) {
                Some(i) => choices[i] = (choice, name.or(choices[i].1.take())),
                None if choices.len() < MAX_CHOICES => choices.push((choice, name)),
                None => d.problem(&format!("a tape holds at most {MAX_CHOICES} choices"))?,
            },
        }
    }
}

/// Asks for the four signature lines; Enter at SIG1 means the tape is unsigned.
fn ask_signature<R: BufRead, W: Write>(d: &mut Dialogue<R, W>) -> Result<Signature, EntryError> {
    d.say("SIGNATURE: the four SIG lines as printed (spaces do not matter).")?;
    d.say("           Press Enter at SIG1 if the tape has no signature.")?;
    let mut lines = [None; 4];
    for index in 1..=4 {
        match ask_sig_line(d, index, index == 1, &lines)? {
            Some(chunk) => lines[index - 1] = Some(chunk),
            None => {
                d.say("  No signature: the tape is written unsigned, and its figures cannot be proven.")?;
                return Ok(Signature::Absent);
            }
        }
    }
    let lines = lines.map(Option::unwrap_or_default);
    Ok(Signature::Present(std::array::from_fn(|i| {
        lines[i / 16][i % 16]
    })))
}

/// Asks for signature line `index` until its check symbol holds and it is not one of the other
/// `lines` typed again (check symbols do not tell the lines apart); `None` when `allow_empty`
/// and the person pressed Enter.
pub(crate) fn ask_sig_line<R: BufRead, W: Write>(
    d: &mut Dialogue<R, W>,
    index: usize,
    allow_empty: bool,
    lines: &[Option<[u8; 16]>; 4],
) -> Result<Option<[u8; 16]>, EntryError> {
    loop {
        let text = d.ask(&prompt(&format!("SIG{index}")))?;
        if text.is_empty() && allow_empty {
            return Ok(None);
        }
        if text.is_empty() {
            d.problem(&format!(
                "SIG{index} is needed: a signature has four lines, SIG1 to SIG4"
            ))?;
            continue;
        }
        match answer::sig_line(index, &text) {
            Ok(chunk) => match (1..=4).find(|&i| i != index && lines[i - 1] == Some(chunk)) {
                Some(other) => d.problem(&format!(
                    "these are the symbols of SIG{other} again: type the line labelled SIG{index}"
                ))?,
                None => return Ok(Some(chunk)),
            },
            Err(message) => d.problem(&message)?,
        }
    }
}

/// The four lines of a signature, if there is one.
pub(crate) fn sig_chunks(signature: &Signature) -> Option<[[u8; 16]; 4]> {
    match signature {
        Signature::Present(sig) => Some(chunks(sig)),
        _ => None,
    }
}
