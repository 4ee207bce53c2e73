//! The signature's printed form (spec §2): four lines `SIG1`..`SIG4` of 26 Crockford base32
//! symbols and one mod-37 check symbol each, and its QR form (104 symbols, no checks).

/// Crockford base32 data alphabet.
pub const DATA_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Check symbol alphabet: `n mod 37`.
pub const CHECK_ALPHABET: &[u8; 37] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";
/// Data symbols per signature line.
pub const SYMBOLS_PER_LINE: usize = 26;

/// What is wrong with one signature line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigLineError {
    /// A character outside the alphabets.
    BadSymbol {
        /// 1-based position of the symbol on the line.
        position: usize,
        /// The symbol found.
        symbol: char,
    },
    /// Not 26 data symbols and a check symbol.
    WrongLength {
        /// How many symbols the line has.
        found: usize,
    },
    /// The 26 symbols exceed 128 bits (first symbol above 7).
    Overflow,
    /// The check symbol does not match: some symbol on the line was misread or mistyped.
    CheckFailed {
        /// The check symbol the line's symbols give.
        expected: char,
        /// The check symbol printed.
        found: char,
    },
}

impl std::fmt::Display for SigLineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SigLineError::BadSymbol { position, symbol } => write!(f, "symbol {position} ({symbol:?}) is not a signature symbol (0-9 and A-Z without I, L, O, U)"),
            SigLineError::WrongLength { found } => write!(f, "has {found} symbols, a signature line has 27 (26 and a check symbol)"),
            SigLineError::Overflow => write!(f, "its first symbol must be 0 to 7 (a line holds 128 bits)"),
            SigLineError::CheckFailed { .. } => write!(f, "has a typing or reading error: its check symbol does not match, re-read every symbol of this line"),
        }
    }
}

/// Reads one symbol per Crockford's rules: case-insensitive, `O`→0, `I`/`L`→1.
fn normalise(c: char) -> char {
    match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        u => u,
    }
}

fn data_value(c: char) -> Option<u32> {
    DATA_ALPHABET
        .iter()
        .position(|&a| a as char == c)
        .map(|p| p as u32)
}

/// The 26 data symbols of a 16-byte chunk.
pub fn encode_chunk(chunk: &[u8; 16]) -> String {
    let mut n = u128::from_be_bytes(*chunk);
    let mut out = [0u8; SYMBOLS_PER_LINE];
    for slot in out.iter_mut().rev() {
        *slot = DATA_ALPHABET[(n & 31) as usize];
        n >>= 5;
    }
    String::from_utf8(out.to_vec()).expect("alphabet is ASCII")
}

/// The check symbol of a 16-byte chunk.
pub fn check_symbol(chunk: &[u8; 16]) -> char {
    CHECK_ALPHABET[(u128::from_be_bytes(*chunk) % 37) as usize] as char
}

/// Decodes 26 normalised data symbols into 16 bytes.
fn decode_symbols(symbols: &[char]) -> Result<[u8; 16], SigLineError> {
    if symbols.len() != SYMBOLS_PER_LINE {
        return Err(SigLineError::WrongLength {
            found: symbols.len(),
        });
    }
    let mut n: u128 = 0;
    for (i, &c) in symbols.iter().enumerate() {
        let v = data_value(c).ok_or(SigLineError::BadSymbol {
            position: i + 1,
            symbol: c,
        })?;
        if i == 0 && v > 7 {
            return Err(SigLineError::Overflow);
        }
        n = (n << 5) | u128::from(v);
    }
    Ok(n.to_be_bytes())
}

/// Reads the body of a printed signature line (after its `SIGn` label): spaces and hyphens are
/// cosmetic, reading is case-insensitive with Crockford's substitutions, and the check symbol
/// must match.
pub fn decode_line(body: &str) -> Result<[u8; 16], SigLineError> {
    let symbols: Vec<char> = body
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(normalise)
        .collect();
    if symbols.len() != SYMBOLS_PER_LINE + 1 {
        return Err(SigLineError::WrongLength {
            found: symbols.len(),
        });
    }
    let check = symbols[SYMBOLS_PER_LINE];
    if !CHECK_ALPHABET.contains(&(check as u32 as u8)) || !check.is_ascii() {
        return Err(SigLineError::BadSymbol {
            position: SYMBOLS_PER_LINE + 1,
            symbol: check,
        });
    }
    let chunk = decode_symbols(&symbols[..SYMBOLS_PER_LINE])?;
    let expected = check_symbol(&chunk);
    if expected != check {
        return Err(SigLineError::CheckFailed {
            expected,
            found: check,
        });
    }
    Ok(chunk)
}

/// The four chunks of a signature.
pub fn chunks(signature: &[u8; 64]) -> [[u8; 16]; 4] {
    std::array::from_fn(|i| {
        signature[i * 16..(i + 1) * 16]
            .try_into()
            .expect("16 bytes")
    })
}

/// The printed body of a signature line: 26 symbols in groups of five, a space, the check.
pub fn printed_line(chunk: &[u8; 16]) -> String {
    let data = encode_chunk(chunk);
    let groups: Vec<&str> = data
        .as_bytes()
        .chunks(5)
        .map(|g| std::str::from_utf8(g).expect("ASCII"))
        .collect();
    format!("{} {}", groups.join(" "), check_symbol(chunk))
}

/// The QR form of a signature: the 104 data symbols of the four chunks.
pub fn qr_symbols(signature: &[u8; 64]) -> String {
    chunks(signature).iter().map(encode_chunk).collect()
}

/// Reads the 104 QR symbols back into a signature (strict: uppercase alphabet only).
pub fn decode_qr_symbols(text: &str) -> Result<[u8; 64], SigLineError> {
    let symbols: Vec<char> = text.chars().collect();
    if symbols.len() != 4 * SYMBOLS_PER_LINE {
        return Err(SigLineError::WrongLength {
            found: symbols.len(),
        });
    }
    let mut out = [0u8; 64];
    for (i, part) in symbols.chunks(SYMBOLS_PER_LINE).enumerate() {
        out[i * 16..(i + 1) * 16].copy_from_slice(&decode_symbols(part)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIG_HEX: &str = "b224f3c8d1428d389b6b6a931dde95a0cb98e609d0cefe5d599b3b985f61ab148c2a8b5ff8a4e119cab10d485823e8aa63d8cfbaf4a1f8e12aac003d7ea33204";

    fn example_sig() -> [u8; 64] {
        hex::decode(SIG_HEX).unwrap().try_into().unwrap()
    }

    #[test]
    fn example_lines_match_the_spec() {
        let lines: Vec<String> = chunks(&example_sig()).iter().map(printed_line).collect();
        assert_eq!(lines[0], "5J4KS WHMA2 HMW9P TVAJC EXX5D 0 B");
        assert_eq!(lines[3], "33V37 VNX51 Z3GJN B007N ZA6CG 4 0");
        for (i, line) in lines.iter().enumerate() {
            assert_eq!(&decode_line(line).unwrap(), &chunks(&example_sig())[i]);
        }
    }

    #[test]
    fn reading_is_forgiving_but_checked() {
        let chunk = chunks(&example_sig())[1];
        assert_eq!(
            decode_line("6bk3k-0km6e-zsenk-6svkl-fp3ar-m-w").unwrap(),
            chunk
        );
        assert_eq!(decode_line("6BK3K0KM6EZSENK6SVK1FP3ARMW").unwrap(), chunk);
        assert!(matches!(
            decode_line("6BK3K 0KM6E ZSENK 6SVK1 FP3AR N W"),
            Err(SigLineError::CheckFailed { .. })
        ));
        assert!(matches!(
            decode_line("6BK3K 0KM6E ZSENK 6SVK1 FP3AR W"),
            Err(SigLineError::WrongLength { found: 26 })
        ));
        assert!(matches!(
            decode_line("6BK3K 0KM6E ZSENK 6SVK1 FP3AR U W"),
            Err(SigLineError::BadSymbol { position: 26, .. })
        ));
        assert!(matches!(
            decode_line("ZBK3K 0KM6E ZSENK 6SVK1 FP3AR M W"),
            Err(SigLineError::Overflow)
        ));
    }

    #[test]
    fn qr_symbols_round_trip() {
        let s = qr_symbols(&example_sig());
        assert_eq!(s, "5J4KSWHMA2HMW9PTVAJCEXX5D06BK3K0KM6EZSENK6SVK1FP3ARM4C5A5NZY54W4CWNC8D91C27T5A33V37VNX51Z3GJNB007NZA6CG4");
        assert_eq!(decode_qr_symbols(&s).unwrap(), example_sig());
    }
}
