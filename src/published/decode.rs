//! Bytes to text as commissions publish them: UTF-8 with or without BOM, UTF-16 (BOM or not),
//! Windows-1256 (Arabic Windows), or an encoding the user names; and the CSV delimiter.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1256};

/// Decodes a published file's bytes. Returns the text and the encoding's name.
pub fn decode<'a>(
    bytes: &'a [u8],
    forced: Option<&str>,
) -> Result<(Cow<'a, str>, &'static str), String> {
    if let Some(label) = forced {
        let enc = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            format!("unknown encoding {label:?}: use e.g. utf-8, utf-16le, utf-16be, windows-1256")
        })?;
        let (text, _, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(format!(
                "the file is not valid {}: check --encoding",
                enc.name()
            ));
        }
        return Ok((text, enc.name()));
    }
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(format!(
                "the file starts with a {} byte-order mark but is not valid {}",
                enc.name(),
                enc.name()
            ));
        }
        return Ok((text, enc.name()));
    }
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let half = sample.len() / 2;
    for (enc, parity) in [(UTF_16LE, 1), (UTF_16BE, 0)] {
        if half > 0 && zeros_at(parity) * 3 > half && zeros_at(1 - parity) * 10 < half {
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            if !had_errors {
                return Ok((text, enc.name()));
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((Cow::Borrowed(text), UTF_8.name()));
    }
    let (enc, _) = single_byte(bytes);
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(format!(
            "the file is neither UTF-8, UTF-16 nor {}: name its encoding with --encoding",
            enc.name()
        ));
    }
    Ok((text, enc.name()))
}

/// The single-byte encoding of a file that is not UTF-8, told apart by its content (Latin
/// Windows-1252 from Arabic Windows-1256, …), and whether the content was clear. When it is
/// not, Windows-1256 stays the default.
pub fn single_byte(bytes: &[u8]) -> (&'static Encoding, bool) {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    match detector.guess_assess(None, false) {
        (enc, true) => (enc, true),
        (_, false) => (WINDOWS_1256, false),
    }
}

/// Guesses the delimiter from the header line: the most frequent of `,` `;` tab `|`.
pub fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    [b',', b';', b'\t', b'|']
        .into_iter()
        .max_by_key(|d| (first.bytes().filter(|b| b == d).count(), *d == b','))
        .unwrap_or(b',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_what_commissions_publish() {
        let text = "رقم المركز,الأصوات\n120345,45\n";
        assert_eq!(
            decode(text.as_bytes(), None).unwrap(),
            (Cow::Borrowed(text), "UTF-8")
        );
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom, None).unwrap().0, text);
        let utf16: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(
            decode(&[b"\xFF\xFE".as_slice(), &utf16].concat(), None).unwrap(),
            (Cow::Borrowed(text), "UTF-16LE")
        );
        let ascii16: Vec<u8> = "center,votes\n1,2\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(decode(&ascii16, None).unwrap().1, "UTF-16LE");
        let (cp1256, _, _) = WINDOWS_1256.encode(text);
        assert_eq!(
            decode(&cp1256, None).unwrap(),
            (Cow::Borrowed(text), "windows-1256")
        );
        assert!(decode(b"x", Some("klingon")).is_err());
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a;b;c\n1;2;3"), b';');
        assert_eq!(sniff_delimiter("a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter("center\n"), b',');
    }
}
