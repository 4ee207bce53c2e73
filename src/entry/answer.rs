//! One answer, checked: what an observer types for a field, a choice line or a signature line,
//! turned into a value, or into a message that says what is wrong and what to type instead.

use std::fmt;

use crate::tape::digits::{ascii_digits, parse_count, NumberError};
use crate::tape::sig::{decode_line, SigLineError};
use crate::tape::{field_label, is_valid_id, parse_choice, Choice, Payload, TapeError, Timestamp};

/// Longest candidate name a tape prints (spec §3); longer names are cut.
const NAME_WIDTH: usize = 22;

/// The value of one field of the tape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// An election or device id.
    Id(String),
    /// A count or a number (governorate, centre, votes...).
    Count(u32),
    /// The closing time.
    Time(Timestamp),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Id(id) => f.write_str(id),
            Value::Count(n) => write!(f, "{n}"),
            Value::Time(t) => f.write_str(&t.printed()),
        }
    }
}

impl Value {
    /// The value of the field `key` (a payload key: `election`, `voters`...) in `payload`.
    pub fn of(payload: &Payload, key: &str) -> Value {
        match key {
            "election" => Value::Id(payload.election.clone()),
            "device" => Value::Id(payload.device.clone()),
            "closed" => Value::Time(payload.closed),
            "governorate" => Value::Count(payload.governorate),
            "district" => Value::Count(payload.district),
            "center" => Value::Count(payload.center),
            "station" => Value::Count(payload.station),
            other => Value::Count(payload.count(other).unwrap_or_default()),
        }
    }

    /// Stores this value as the field `key` of `payload` (a value of the wrong kind is ignored).
    pub fn store(self, payload: &mut Payload, key: &str) {
        match (key, self) {
            ("election", Value::Id(id)) => payload.election = id,
            ("device", Value::Id(id)) => payload.device = id,
            ("closed", Value::Time(t)) => payload.closed = t,
            (key, Value::Count(n)) => match key {
                "governorate" => payload.governorate = n,
                "district" => payload.district = n,
                "center" => payload.center = n,
                "station" => payload.station = n,
                "registered" => payload.registered = n,
                "voters" => payload.voters = n,
                "ballots" => payload.ballots = n,
                "invalid" => payload.invalid = n,
                "valid" => payload.valid = n,
                _ => {}
            },
            _ => {}
        }
    }
}

/// A payload with every field still empty, to be filled in field by field.
pub(crate) fn blank_payload() -> Payload {
    Payload {
        election: String::new(),
        governorate: 0,
        district: 0,
        center: 0,
        station: 0,
        device: String::new(),
        closed: Timestamp::new(1970, 1, 1, 0, 0, 0).expect("a possible time"),
        registered: 0,
        voters: 0,
        ballots: 0,
        invalid: 0,
        valid: 0,
        choices: Vec::new(),
    }
}

/// Removes a leading label the person may have copied with the value (`VOTERS: 301`).
fn without_label<'a>(answer: &'a str, label: &str) -> &'a str {
    let Some(head) = answer.get(..label.len()) else {
        return answer;
    };
    let rest = &answer[label.len()..];
    if head.eq_ignore_ascii_case(label) && rest.starts_with([' ', '\t', ':']) {
        rest.trim_start_matches([' ', '\t', ':'])
    } else {
        answer
    }
}

/// Checks the answer for the field `key`: an id, a count or the closing time.
pub fn field(key: &str, answer: &str) -> Result<Value, String> {
    let label = field_label(key).unwrap_or(key);
    let answer = without_label(answer.trim(), label);
    match key {
        "election" | "device" => {
            let id = answer.to_ascii_uppercase();
            if is_valid_id(&id) {
                Ok(Value::Id(id))
            } else {
                Err(format!(
                    "{label}: {answer:?} is not an id: letters A-Z, digits 0-9 and '-', \
                     at most 32, starting with a letter or digit (like IQ-2021-CR)"
                ))
            }
        }
        "closed" => Timestamp::parse_lenient(&ascii_digits(answer))
            .map(Value::Time)
            .ok_or_else(|| {
                format!(
                    "{label}: {answer:?} is not a possible time: type it as printed, \
                     like 2021-10-10 15:02:11 UTC"
                )
            }),
        _ => parse_count(answer).map(Value::Count).map_err(|e| match e {
            NumberError::Empty => format!("{label} needs a number: type it as printed"),
            e => format!("{label}: {answer:?} is {e}; type the number as printed"),
        }),
    }
}

/// Checks a choice line as printed: code, an optional name, votes (`117 HUDA N. KAREEM 151`).
/// The name is cut at the 22 characters a tape prints.
pub fn choice(answer: &str) -> Result<(Choice, Option<String>), String> {
    let line = ascii_digits(answer.trim());
    if line.chars().any(super::dialogue::is_hidden) {
        return Err("the line holds a control or invisible character: type it as printed".into());
    }
    let (choice, name) = parse_choice(&line, 0).map_err(|e| match e {
        TapeError::Line { message, .. } => message,
        other => other.to_string(),
    })?;
    let name = name.map(|n| {
        n.chars()
            .take(NAME_WIDTH)
            .collect::<String>()
            .trim_end()
            .to_string()
    });
    Ok((choice, name))
}

/// Checks signature line `index` (1 to 4): 26 symbols and a check symbol (spaces and hyphens
/// do not matter). A wrong check symbol names the line with the typing error.
pub fn sig_line(index: usize, answer: &str) -> Result<[u8; 16], String> {
    let label = format!("SIG{index}");
    let mut body = without_label(answer.trim(), &label);
    if let Some(other) =
        (1..=4).find(|&i| i != index && without_label(body, &format!("SIG{i}")) != body)
    {
        return Err(format!(
            "this is the SIG{other} line; type the line labelled {label}"
        ));
    }
    body = body.trim();
    decode_line(body).map_err(|e| match e {
        SigLineError::CheckFailed { .. } | SigLineError::WrongLength { .. } => {
            format!("line {label} {e}")
        }
        e => format!("line {label}: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_tolerantly() {
        assert_eq!(
            field("election", "iq-2021-cr"),
            Ok(Value::Id("IQ-2021-CR".into()))
        );
        assert_eq!(field("voters", "٣٠١"), Ok(Value::Count(301)));
        assert_eq!(field("registered", "1,512"), Ok(Value::Count(1512)));
        assert_eq!(field("voters", "VOTERS: 301"), Ok(Value::Count(301)));
        let t = field("closed", "2021-10-10T15:02:11Z").unwrap();
        assert_eq!(field("closed", "2021-10-10 15:02:11 UTC"), Ok(t.clone()));
        assert_eq!(t.to_string(), "2021-10-10 15:02:11 UTC");
    }

    #[test]
    fn bad_fields_say_what_to_type() {
        assert!(field("voters", "3O1")
            .unwrap_err()
            .contains("\"3O1\" is not a whole number"));
        assert!(field("voters", "")
            .unwrap_err()
            .contains("VOTERS needs a number"));
        assert!(field("election", "IQ 2021")
            .unwrap_err()
            .contains("is not an id"));
        assert!(field("closed", "2021-02-30 10:00:00 UTC")
            .unwrap_err()
            .contains("not a possible time"));
    }

    #[test]
    fn choices_and_names() {
        let (c, name) = choice("117 HUDA N. KAREEM 151").unwrap();
        assert_eq!((c.code, c.votes), (117, 151));
        assert_eq!(name.as_deref(), Some("HUDA N. KAREEM"));
        assert_eq!(
            choice("103 ٠").unwrap(),
            (
                Choice {
                    code: 103,
                    votes: 0
                },
                None
            )
        );
        let (_, long) = choice("5 A VERY LONG NAME THAT GOES ON AND ON 7").unwrap();
        assert_eq!(long.as_deref(), Some("A VERY LONG NAME THAT"));
        assert!(choice("117")
            .unwrap_err()
            .contains("needs a code and the votes"));
        assert!(choice("HUDA 151").unwrap_err().contains("is not a number"));
        assert!(choice("117 HUDA\u{202e} 151")
            .unwrap_err()
            .contains("invisible"));
    }

    #[test]
    fn signature_lines_are_checked() {
        assert!(sig_line(1, "5J4KS WHMA2 HMW9P TVAJC EXX5D 0 B").is_ok());
        assert!(sig_line(1, "SIG1 5j4ks-whma2-hmw9p-tvajc-exx5d-0-b").is_ok());
        let typo = sig_line(3, "4C5A5 NZY55 W4CWN C8D91 C27T5 A P").unwrap_err();
        assert!(
            typo.starts_with("line SIG3 has a typing or reading error"),
            "{typo}"
        );
        assert!(
            typo.ends_with("re-read every symbol of this line"),
            "{typo}"
        );
        let short = sig_line(2, "6BK3K 0KM6E ZSENK 6SVK1 FP3AR W").unwrap_err();
        assert!(short.contains("line SIG2 has 26 symbols"), "{short}");
        let other = sig_line(2, "SIG3 4C5A5 NZY54 W4CWN C8D91 C27T5 A P").unwrap_err();
        assert!(other.contains("this is the SIG3 line"), "{other}");
    }
}
