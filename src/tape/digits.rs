//! Digit and number normalisation for tolerant reading: Eastern Arabic and Persian digits,
//! thousands separators. Nothing here touches signed bytes: values are rebuilt from numbers.

/// Maps Eastern Arabic (`٠`–`٩`) and Persian (`۰`–`۹`) digits to ASCII; other characters pass.
/// Borrows the text when there is nothing to map.
pub fn ascii_digits(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii()
        || !text
            .chars()
            .any(|c| matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}'))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
            '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
            _ => c,
        })
        .collect::<String>()
        .into()
}

/// Characters accepted as a thousands separator inside a count.
const SEPARATORS: &[char] = &[
    ',', '.', '\'', '\u{066C}', '\u{2019}', '\u{00A0}', '\u{202F}', ' ', '_',
];

/// Why a text is not a count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    /// Empty text.
    Empty,
    /// A character that is neither a digit nor a separator.
    NotANumber,
    /// Separators that do not split the digits into groups of three.
    BadGrouping,
    /// More than u32 can hold.
    TooLarge,
}

impl std::fmt::Display for NumberError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NumberError::Empty => "no number given",
            NumberError::NotANumber => "not a whole number",
            NumberError::BadGrouping => {
                "thousands separators must split the digits in groups of three (1,234)"
            }
            NumberError::TooLarge => "larger than 4294967295, the largest count a tape holds",
        })
    }
}

/// Parses an unsigned count the way people and OCR write it: `1234`, `1,234`, `1.234`,
/// `١٬٢٣٤`, `۱۲۳۴`. Separators must be consistent and split the digits in groups of three.
pub fn parse_count(text: &str) -> Result<u32, NumberError> {
    let plain = text.as_bytes();
    if !plain.is_empty() && plain.len() <= 9 && plain.iter().all(u8::is_ascii_digit) {
        return Ok(plain.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')));
    }
    let text = ascii_digits(text.trim());
    if text.is_empty() {
        return Err(NumberError::Empty);
    }
    let mut separator: Option<char> = None;
    let mut groups: Vec<&str> = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c.is_ascii_digit() {
            continue;
        }
        if !SEPARATORS.contains(&c) || separator.is_some_and(|s| s != c) {
            return Err(NumberError::NotANumber);
        }
        separator = Some(c);
        groups.push(&text[start..i]);
        start = i + c.len_utf8();
    }
    groups.push(&text[start..]);
    if groups.len() > 1 {
        let first = groups[0].len();
        if !(1..=3).contains(&first) || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(NumberError::BadGrouping);
        }
    }
    let digits: String = groups.concat();
    if digits.is_empty() {
        return Err(NumberError::NotANumber);
    }
    digits.parse::<u32>().map_err(|_| NumberError::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_grouped_and_eastern_digits() {
        assert_eq!(parse_count("512"), Ok(512));
        assert_eq!(parse_count(" 0 "), Ok(0));
        assert_eq!(parse_count("1,234"), Ok(1234));
        assert_eq!(parse_count("1.234.567"), Ok(1_234_567));
        assert_eq!(parse_count("١٬٢٣٤"), Ok(1234));
        assert_eq!(parse_count("۱۲۳۴"), Ok(1234));
        assert_eq!(parse_count("4294967295"), Ok(u32::MAX));
    }

    #[test]
    fn refuses_what_is_not_a_count() {
        assert_eq!(parse_count(""), Err(NumberError::Empty));
        assert_eq!(parse_count("12a"), Err(NumberError::NotANumber));
        assert_eq!(parse_count("-3"), Err(NumberError::NotANumber));
        assert_eq!(parse_count("12.5"), Err(NumberError::BadGrouping));
        assert_eq!(parse_count("1,234.567"), Err(NumberError::NotANumber));
        assert_eq!(parse_count("4294967296"), Err(NumberError::TooLarge));
        assert_eq!(parse_count(","), Err(NumberError::BadGrouping));
    }
}
