//! The signed payload of spec §1: the exact bytes a device signs, built from values, and the
//! strict parser that accepts nothing but that exact form.

use std::fmt::Write as _;

use super::TapeError;

/// The constant first line of every v1 payload.
pub const FORMAT_LINE: &str = "format=tallytape/1";
/// Most choice lines a payload may hold.
pub const MAX_CHOICES: usize = 1000;

/// A UTC time, second precision, as the tape carries it (`closed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Year, 0 to 9999.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of month.
    pub day: u8,
    /// Hour, 0 to 23.
    pub hour: u8,
    /// Minute, 0 to 59.
    pub minute: u8,
    /// Second, 0 to 59.
    pub second: u8,
}

impl Timestamp {
    /// Builds a time, refusing impossible dates (31 April, 29 February of a common year).
    pub fn new(year: u16, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> Option<Self> {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        let ok =
            year <= 9999 && (1..=days).contains(&day) && hour < 24 && minute < 60 && second < 60;
        ok.then_some(Timestamp {
            year,
            month,
            day,
            hour,
            minute,
            second,
        })
    }

    /// The UTC time `secs` seconds after 1970-01-01T00:00:00Z (`None` past year 9999).
    pub fn from_unix(secs: u64) -> Option<Self> {
        let days = i64::try_from(secs / 86_400).ok()?;
        let rem = secs % 86_400;
        // Civil date from days since the epoch (H. Hinnant's algorithm).
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Timestamp::new(
            u16::try_from(year).ok()?,
            month as u8,
            day as u8,
            (rem / 3600) as u8,
            (rem % 3600 / 60) as u8,
            (rem % 60) as u8,
        )
    }

    /// Parses the payload form `YYYY-MM-DDTHH:MM:SSZ` exactly.
    pub fn parse_payload_form(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() != 20
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
            || b[19] != b'Z'
        {
            return None;
        }
        Self::from_parts(
            &text[0..4],
            &text[5..7],
            &text[8..10],
            &text[11..13],
            &text[14..16],
            &text[17..19],
        )
    }

    /// Parses the printed form `YYYY-MM-DD HH:MM:SS UTC` (any spacing) or the payload form.
    pub fn parse_lenient(text: &str) -> Option<Self> {
        let words: Vec<&str> = text.split_whitespace().collect();
        match words.as_slice() {
            [one] => Self::parse_payload_form(&one.to_ascii_uppercase()),
            [date, time] | [date, time, _] => {
                if words.len() == 3 && !words[2].eq_ignore_ascii_case("UTC") && words[2] != "Z" {
                    return None;
                }
                let time = time.strip_suffix(['Z', 'z']).unwrap_or(time);
                Self::parse_payload_form(&format!("{date}T{time}Z"))
            }
            _ => None,
        }
    }

    fn from_parts(y: &str, mo: &str, d: &str, h: &str, mi: &str, s: &str) -> Option<Self> {
        let all = [y, mo, d, h, mi, s];
        if !all.iter().all(|p| p.bytes().all(|c| c.is_ascii_digit())) {
            return None;
        }
        Self::new(
            y.parse().ok()?,
            mo.parse().ok()?,
            d.parse().ok()?,
            h.parse().ok()?,
            mi.parse().ok()?,
            s.parse().ok()?,
        )
    }

    /// The printed form, `YYYY-MM-DD HH:MM:SS UTC`.
    pub fn printed(&self) -> String {
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

impl std::fmt::Display for Timestamp {
    /// The payload form, `YYYY-MM-DDTHH:MM:SSZ`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// One choice on the ballot and its votes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Choice {
    /// Candidate or list number.
    pub code: u32,
    /// Votes counted for it.
    pub votes: u32,
}

/// Everything a device signs: station identity, turnout figures, votes per choice.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Payload {
    /// Election id, `[A-Z0-9][A-Z0-9-]{0,31}`.
    pub election: String,
    /// Governorate number.
    pub governorate: u32,
    /// Electoral district number.
    pub district: u32,
    /// Polling centre code.
    pub center: u32,
    /// Station number inside the centre.
    pub station: u32,
    /// Key id of the signing device.
    pub device: String,
    /// When the count closed (UTC).
    pub closed: Timestamp,
    /// Voters on the register.
    pub registered: u32,
    /// Voters checked in.
    pub voters: u32,
    /// Ballots counted from the box.
    pub ballots: u32,
    /// Invalid ballots.
    pub invalid: u32,
    /// Valid ballots.
    pub valid: u32,
    /// Votes per choice, codes unique and ascending.
    pub choices: Vec<Choice>,
}

/// The turnout fields of a payload, in payload order, with their payload keys.
pub const COUNT_FIELDS: [&str; 5] = ["registered", "voters", "ballots", "invalid", "valid"];

/// Whether `id` is a valid election or device id: `[A-Z0-9][A-Z0-9-]{0,31}`.
pub fn is_valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= 32
        && (b[0].is_ascii_uppercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'-')
}

/// One payload per station (centre, station): the first of each station's, or none when
/// another of the same station is not `same` as it (two verified counts that disagree prove
/// neither). Stations in order.
pub fn one_per_station<'a>(
    payloads: impl IntoIterator<Item = &'a Payload>,
    same: impl Fn(&Payload, &Payload) -> bool,
) -> std::collections::BTreeMap<(u32, u32), Option<&'a Payload>> {
    let mut out = std::collections::BTreeMap::new();
    for p in payloads {
        let slot = out.entry((p.center, p.station)).or_insert(Some(p));
        if slot.is_some_and(|q| !same(q, p)) {
            *slot = None;
        }
    }
    out
}

impl Payload {
    /// The value of a turnout field by its payload key (`registered`, `voters`, ...).
    pub fn count(&self, key: &str) -> Option<u32> {
        Some(match key {
            "registered" => self.registered,
            "voters" => self.voters,
            "ballots" => self.ballots,
            "invalid" => self.invalid,
            "valid" => self.valid,
            _ => return None,
        })
    }

    /// Checks what §1 demands beyond types: id syntax, 1 to 1000 choices, codes unique and
    /// ascending. Says what is wrong in words meant for the observer.
    pub fn check_form(&self) -> Result<(), String> {
        if !is_valid_id(&self.election) {
            return Err(format!(
                "election id {} is not of the form A-Z, 0-9 and '-', at most 32 long",
                super::excerpt(&self.election)
            ));
        }
        if !is_valid_id(&self.device) {
            return Err(format!(
                "device id {} is not of the form A-Z, 0-9 and '-', at most 32 long",
                super::excerpt(&self.device)
            ));
        }
        if self.choices.is_empty() || self.choices.len() > MAX_CHOICES {
            return Err(format!(
                "a tape lists 1 to {MAX_CHOICES} choices, this one {}",
                self.choices.len()
            ));
        }
        for pair in self.choices.windows(2) {
            if pair[0].code == pair[1].code {
                return Err(format!("choice code {} appears twice", pair[0].code));
            }
            if pair[0].code > pair[1].code {
                return Err(format!(
                    "choice codes must ascend: {} comes before {}",
                    pair[0].code, pair[1].code
                ));
            }
        }
        Ok(())
    }

    /// The exact bytes the device signed (spec §1).
    pub fn to_text(&self) -> String {
        let mut out = String::with_capacity(256 + 16 * self.choices.len());
        let _ = write!(
            out,
            "{FORMAT_LINE}\nelection={}\ngovernorate={}\ndistrict={}\ncenter={}\nstation={}\ndevice={}\nclosed={}\nregistered={}\nvoters={}\nballots={}\ninvalid={}\nvalid={}\n",
            self.election, self.governorate, self.district, self.center, self.station, self.device,
            self.closed, self.registered, self.voters, self.ballots, self.invalid, self.valid
        );
        for c in &self.choices {
            let _ = writeln!(out, "choice={}:{}", c.code, c.votes);
        }
        out
    }

    /// The rules of spec §6 this payload breaks, in words; empty when its arithmetic holds.
    pub fn arithmetic_breaks(&self) -> Vec<ArithmeticBreak> {
        arithmetic_breaks(&Turnout {
            registered: Some(self.registered),
            voters: Some(self.voters),
            ballots: Some(self.ballots),
            invalid: Some(self.invalid),
            valid: Some(self.valid),
            choices: Some(self.choices.iter().map(|c| u64::from(c.votes)).sum()),
        })
    }

    /// Parses a payload strictly: exactly the form of spec §1, or an error.
    pub fn parse(text: &str) -> Result<Payload, TapeError> {
        let bad = |line: usize, msg: String| TapeError::Payload { line, message: msg };
        if !text.ends_with('\n') {
            return Err(bad(
                text.lines().count().max(1),
                "the payload must end with a line feed".into(),
            ));
        }
        let lines: Vec<&str> = text[..text.len() - 1].split('\n').collect();
        let keys = [
            "format",
            "election",
            "governorate",
            "district",
            "center",
            "station",
            "device",
            "closed",
            "registered",
            "voters",
            "ballots",
            "invalid",
            "valid",
        ];
        if lines.len() < keys.len() + 1 {
            return Err(bad(
                lines.len(),
                format!(
                    "a payload has at least {} lines, this one {}",
                    keys.len() + 1,
                    lines.len()
                ),
            ));
        }
        let mut values = Vec::with_capacity(keys.len());
        for (i, key) in keys.iter().enumerate() {
            let value = lines[i]
                .strip_prefix(key)
                .and_then(|rest| rest.strip_prefix('='))
                .ok_or_else(|| {
                    bad(
                        i + 1,
                        format!("expected `{key}=` here, found {}", super::excerpt(lines[i])),
                    )
                })?;
            values.push(value);
        }
        if lines[0] != FORMAT_LINE {
            return Err(bad(1, format!("the first line must be `{FORMAT_LINE}`")));
        }
        let int = |i: usize| -> Result<u32, TapeError> {
            strict_u32(values[i]).ok_or_else(|| {
                bad(
                    i + 1,
                    format!(
                        "`{}` must be a decimal number without sign or leading zeros, found {}",
                        keys[i],
                        super::excerpt(values[i])
                    ),
                )
            })
        };
        let closed = Timestamp::parse_payload_form(values[7]).ok_or_else(|| {
            bad(
                8,
                format!(
                    "`closed` must be YYYY-MM-DDTHH:MM:SSZ, found {}",
                    super::excerpt(values[7])
                ),
            )
        })?;
        let mut choices = Vec::new();
        for (i, line) in lines.iter().enumerate().skip(keys.len()) {
            let choice = line
                .strip_prefix("choice=")
                .and_then(|rest| rest.split_once(':'))
                .and_then(|(c, v)| {
                    Some(Choice {
                        code: strict_u32(c)?,
                        votes: strict_u32(v)?,
                    })
                })
                .ok_or_else(|| {
                    bad(
                        i + 1,
                        format!(
                            "expected `choice=CODE:VOTES`, found {}",
                            super::excerpt(line)
                        ),
                    )
                })?;
            choices.push(choice);
        }
        let payload = Payload {
            election: values[1].to_string(),
            governorate: int(2)?,
            district: int(3)?,
            center: int(4)?,
            station: int(5)?,
            device: values[6].to_string(),
            closed,
            registered: int(8)?,
            voters: int(9)?,
            ballots: int(10)?,
            invalid: int(11)?,
            valid: int(12)?,
            choices,
        };
        payload.check_form().map_err(|m| bad(0, m))?;
        Ok(payload)
    }
}

/// A rule of spec §6 that a set of figures breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArithmeticBreak {
    /// The rule, as spec §6 states it.
    pub rule: &'static str,
    /// The figures that break it.
    pub detail: String,
    /// The figures by name (`valid`, `invalid`, `ballots`, `voters`, `registered`, and
    /// `choices` for the sum of choice votes), in the rule's order.
    pub values: Vec<(&'static str, u64)>,
}

/// The figures spec §6 relates, where known (published results may lack some).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Turnout {
    /// Voters on the register.
    pub registered: Option<u32>,
    /// Voters who voted.
    pub voters: Option<u32>,
    /// Ballots in the box.
    pub ballots: Option<u32>,
    /// Invalid ballots.
    pub invalid: Option<u32>,
    /// Valid ballots.
    pub valid: Option<u32>,
    /// The sum of choice votes (`None`: no choice is known).
    pub choices: Option<u64>,
}

/// The rules of spec §6 that `t` breaks, checked only where every figure of the rule is known.
pub fn arithmetic_breaks(t: &Turnout) -> Vec<ArithmeticBreak> {
    let mut out = Vec::new();
    let mut add = |rule, detail, values| {
        out.push(ArithmeticBreak {
            rule,
            detail,
            values,
        })
    };
    if let (Some(valid), Some(sum)) = (t.valid, t.choices) {
        if sum != u64::from(valid) {
            add(
                "valid = sum of choice votes",
                format!("valid is {valid}, the choices add up to {sum}"),
                vec![("valid", u64::from(valid)), ("choices", sum)],
            );
        }
    }
    if let (Some(valid), Some(invalid), Some(ballots)) = (t.valid, t.invalid, t.ballots) {
        let cast = u64::from(valid) + u64::from(invalid);
        if cast != u64::from(ballots) {
            add(
                "valid + invalid = ballots",
                format!("{valid} + {invalid} = {cast}, ballots is {ballots}"),
                vec![
                    ("valid", u64::from(valid)),
                    ("invalid", u64::from(invalid)),
                    ("ballots", u64::from(ballots)),
                ],
            );
        }
    }
    if let (Some(ballots), Some(voters)) = (t.ballots, t.voters) {
        if ballots > voters {
            add(
                "ballots <= voters",
                format!("{ballots} ballots, {voters} voters"),
                vec![
                    ("ballots", u64::from(ballots)),
                    ("voters", u64::from(voters)),
                ],
            );
        }
    }
    if let (Some(voters), Some(registered)) = (t.voters, t.registered) {
        if voters > registered {
            add(
                "voters <= registered",
                format!("{voters} voters, {registered} registered"),
                vec![
                    ("voters", u64::from(voters)),
                    ("registered", u64::from(registered)),
                ],
            );
        }
    }
    out
}

/// A u32 in the payload's strict form: digits only, no leading zero, at most 10 digits.
fn strict_u32(text: &str) -> Option<u32> {
    let ok = !text.is_empty()
        && text.len() <= 10
        && text.bytes().all(|c| c.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if ok {
        text.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../../fixtures/spec/tape-120345-3.payload");

    #[test]
    fn unix_times_become_utc_dates() {
        assert_eq!(
            Timestamp::from_unix(0).unwrap().to_string(),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            Timestamp::from_unix(1_633_878_131).unwrap().to_string(),
            "2021-10-10T15:02:11Z"
        );
        assert_eq!(
            Timestamp::from_unix(951_782_400).unwrap().to_string(),
            "2000-02-29T00:00:00Z"
        );
    }

    #[test]
    fn example_payload_round_trips() {
        let p = Payload::parse(EXAMPLE).unwrap();
        assert_eq!(p.center, 120345);
        assert_eq!(p.choices.len(), 5);
        assert_eq!(p.to_text(), EXAMPLE);
        assert!(p.arithmetic_breaks().is_empty());
    }

    #[test]
    fn strict_parse_refuses_variants() {
        for bad in [
            EXAMPLE.replace("station=3", "station=03"),
            EXAMPLE.replace("station=3", "station= 3"),
            EXAMPLE.trim_end().to_string(),
            EXAMPLE.replace('\n', "\r\n"),
            EXAMPLE.replace("choice=102:12\n", "choice=102:12\n\n"),
            EXAMPLE.replace("choice=103:0", "choice=101:0"),
            EXAMPLE.replace("2021-10-10T15:02:11Z", "2021-10-10 15:02:11 UTC"),
            EXAMPLE.replace("2021-10-10", "2021-02-30"),
            EXAMPLE.replace("IQ-2021-CR", "iq-2021-cr"),
            format!("\u{feff}{EXAMPLE}"),
        ] {
            assert!(Payload::parse(&bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn timestamps_lenient_and_strict() {
        let t = Timestamp::parse_lenient("2021-10-10 15:02:11 UTC").unwrap();
        assert_eq!(t.to_string(), "2021-10-10T15:02:11Z");
        assert_eq!(t.printed(), "2021-10-10 15:02:11 UTC");
        assert_eq!(Timestamp::parse_lenient("2021-10-10t15:02:11z"), Some(t));
        assert_eq!(Timestamp::parse_lenient("2021-10-10   15:02:11"), Some(t));
        assert_eq!(
            Timestamp::parse_lenient("2024-02-29T00:00:00Z").map(|t| t.day),
            Some(29)
        );
        assert!(Timestamp::parse_lenient("2023-02-29T00:00:00Z").is_none());
        assert!(Timestamp::parse_lenient("2021-10-10 25:02:11 UTC").is_none());
        assert!(Timestamp::parse_lenient("2021-10-10 15:02:11 EST").is_none());
    }

    #[test]
    fn arithmetic_breaks_are_named() {
        let mut p = Payload::parse(EXAMPLE).unwrap();
        p.valid = 295;
        let rules: Vec<_> = p.arithmetic_breaks().iter().map(|b| b.rule).collect();
        assert_eq!(
            rules,
            ["valid = sum of choice votes", "valid + invalid = ballots"]
        );
    }
}
