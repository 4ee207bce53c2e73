//! Which characters a camera and Tesseract take for which on a printed tape: one table, read
//! four ways. Inside a figure a letter or mark stands for the digit it looks like (`3O1` is
//! `301`: [`digit_for`]) and a digit is taken for a few others ([`figure_confusions`]); on a
//! signature line each symbol has its own look-alikes ([`signature_confusions`]), a few pairs
//! of which are confused whatever the engine's confidence ([`primary`], [`partners`]).
//! Crockford's reading of the letters the signature alphabet leaves out is here too
//! ([`crockford`]).
//!
//! Shared by the OCR stage (undoing look-alikes in figures) and the correction stage (which
//! changes are worth trying), so it belongs to neither.

/// One character's look-alikes on a printed tape.
struct Row {
    /// The character as OCR read it.
    ch: char,
    /// The digit it stands for inside a figure, when it is a letter or mark read for one.
    digit: Option<char>,
    /// The digits it is taken for inside a figure, most likely first (digits only).
    figure: &'static str,
    /// The symbols it is taken for on a signature line, most likely first.
    signature: &'static str,
    /// The symbols it is confused with most on a signature line, whatever the engine's
    /// confidence. Pairs: each side lists the other.
    closest: &'static str,
}

/// Shorthand for one row of [`TABLE`].
const fn row(
    ch: char,
    digit: Option<char>,
    figure: &'static str,
    signature: &'static str,
    closest: &'static str,
) -> Row {
    Row {
        ch,
        digit,
        figure,
        signature,
        closest,
    }
}

/// The look-alikes, one row per character (ASCII, each once): the character read, the digit
/// it stands for in a figure, the digits it is taken for in a figure, its look-alikes on a
/// signature line, and the closest of those. Order inside a string is likelihood, most
/// likely first: the correction search tries them in that order.
#[rustfmt::skip]
const TABLE: [Row; 47] = [
    //  read digit      figure   sig line closest
    row('0', None,      "869",   "QD8C9", "QD"),
    row('1', None,      "74",    "7JT4",  ""),
    row('2', None,      "7",     "Z7",    "Z"),
    row('3', None,      "859",   "J8B9",  "J"),
    row('4', None,      "19",    "1A",    ""),
    row('5', None,      "6380",  "S6",    "S"),
    row('6', None,      "580",   "G85",   "G"),
    row('7', None,      "12",    "1T2",   ""),
    row('8', None,      "30695", "B360S", "B"),
    row('9', None,      "8034",  "8SQ0",  ""),
    row('A', Some('4'), "",      "4",     ""),
    row('B', Some('8'), "",      "8ER",   "8"),
    row('C', None,      "",      "G0",    ""),
    row('D', Some('0'), "",      "0B",    "0"),
    row('E', None,      "",      "FB",    ""),
    row('F', None,      "",      "EP",    ""),
    row('G', Some('6'), "",      "6C",    "6"),
    row('H', None,      "",      "NMK",   ""),
    row('I', Some('1'), "",      "",      ""),
    row('J', Some('1'), "",      "31",    "3"),
    row('K', None,      "",      "XH",    ""),
    row('L', Some('1'), "",      "",      ""),
    row('M', None,      "",      "NWH",   ""),
    row('N', None,      "",      "MH",    ""),
    row('O', Some('0'), "",      "",      ""),
    row('P', None,      "",      "RF",    ""),
    row('Q', Some('0'), "",      "09",    "0"),
    row('R', None,      "",      "PB",    ""),
    row('S', Some('5'), "",      "589",   "5"),
    row('T', Some('1'), "",      "17Y",   ""),
    row('U', Some('0'), "",      "",      ""),
    row('V', None,      "",      "YW",    ""),
    row('W', None,      "",      "VM",    ""),
    row('X', None,      "",      "KY",    ""),
    row('Y', None,      "",      "VTX",   ""),
    row('Z', Some('2'), "",      "2",     "2"),
    row('b', Some('6'), "",      "",      ""),
    row('g', Some('9'), "",      "",      ""),
    row('i', Some('1'), "",      "",      ""),
    row('l', Some('1'), "",      "",      ""),
    row('o', Some('0'), "",      "",      ""),
    row('q', Some('9'), "",      "",      ""),
    row('s', Some('5'), "",      "",      ""),
    row('z', Some('2'), "",      "",      ""),
    row('|', Some('1'), "",      "",      ""),
    row('!', Some('1'), "",      "",      ""),
    row('$', Some('5'), "",      "",      ""),
];

/// A `J` whose hook fades reads as `1`, often several on one line: partners (see
/// [`partners`]), though not one of the [`primary`] pairs.
const FADED_HOOK: (char, char) = ('J', '1');

/// Each ASCII character's row in [`TABLE`] (`NONE` when it has none). Built when compiling,
/// which also refuses a row for a character outside ASCII or a character with two rows.
const INDEX: [u8; 128] = {
    let mut index = [NONE; 128];
    let mut i = 0;
    while i < TABLE.len() {
        let c = TABLE[i].ch as usize;
        assert!(c < 128, "look-alike rows are ASCII");
        assert!(index[c] == NONE, "one look-alike row per character");
        index[c] = i as u8;
        i += 1;
    }
    index
};

/// No row in [`INDEX`].
const NONE: u8 = u8::MAX;

/// The row of `c`, if it has one.
fn row_of(c: char) -> Option<&'static Row> {
    let i = *INDEX.get(c as usize)?;
    (i != NONE).then(|| &TABLE[usize::from(i)])
}

/// The digit `c` stands for inside a figure: a letter or mark's digit look-alike (`O` → `0`,
/// `l` → `1`, `$` → `5`), any other character itself.
pub fn digit_for(c: char) -> char {
    row_of(c).and_then(|r| r.digit).unwrap_or(c)
}

/// The digits a camera and Tesseract take digit `c` for inside a figure, most likely first
/// (empty for anything but a digit).
pub fn figure_confusions(c: char) -> &'static str {
    row_of(c).map_or("", |r| r.figure)
}

/// The symbols a camera and Tesseract take `c` for on a signature line, most likely first.
pub fn signature_confusions(c: char) -> &'static str {
    row_of(c).map_or("", |r| r.signature)
}

/// Whether `a` and `b` are one of the pairs Tesseract confuses most on a signature line,
/// whatever its confidence.
pub fn primary(a: char, b: char) -> bool {
    row_of(a).is_some_and(|r| r.closest.contains(b))
}

/// The symbols `c` is most often confused with: its [`primary`] partners and `J`/`1` (a `J`
/// whose hook fades reads as `1`, often several on one line).
pub fn partners(c: char) -> impl Iterator<Item = char> {
    let closest = row_of(c).map_or("", |r| r.closest);
    let (j, one) = FADED_HOOK;
    let hook = if c == j {
        Some(one)
    } else if c == one {
        Some(j)
    } else {
        None
    };
    closest.chars().chain(hook)
}

/// Crockford's reading of one character: case-insensitive, `O`→0, `I`/`L`→1.
pub fn crockford(c: char) -> char {
    match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        u => u,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every view of every printable ASCII character (and a few others OCR could give),
    /// one line per character with anything to say: the character, [`digit_for`],
    /// [`figure_confusions`], [`signature_confusions`], its [`primary`] partners among these
    /// characters, [`partners`] and [`crockford`].
    fn listing() -> String {
        let mut chars: Vec<char> = (0x20u8..0x7F).map(char::from).collect();
        chars.extend(['—', '–', 'ß', 'İ', 'ı', '\u{212A}', 'ſ', 'О', 'Ⅰ']);
        let mut out = String::new();
        for &c in &chars {
            let number = digit_for(c);
            let figure = figure_confusions(c);
            let signature = signature_confusions(c);
            let primary: String = chars.iter().filter(|&&b| primary(c, b)).collect();
            let partners: String = partners(c).collect();
            let crockford = crockford(c);
            if number != c
                || !figure.is_empty()
                || !signature.is_empty()
                || !primary.is_empty()
                || !partners.is_empty()
                || crockford != c
            {
                out.push_str(&format!(
                    "{c:?} {number:?} {figure:?} {signature:?} {primary:?} {partners:?} {crockford:?}\n"
                ));
            }
        }
        out
    }

    /// The answers of the three tables this one replaced (`lines::digit_lookalike`,
    /// `edits::digit_confusions`, `confusions::confusions` with its `primary`, `partners` and
    /// `crockford`), computed from them before they were removed: every caller gets the same.
    const BEFORE: &str = r#"'!' '1' "" "" "" "" '!'
'$' '5' "" "" "" "" '$'
'0' '0' "869" "QD8C9" "DQ" "QD" '0'
'1' '1' "74" "7JT4" "" "J" '1'
'2' '2' "7" "Z7" "Z" "Z" '2'
'3' '3' "859" "J8B9" "J" "J" '3'
'4' '4' "19" "1A" "" "" '4'
'5' '5' "6380" "S6" "S" "S" '5'
'6' '6' "580" "G85" "G" "G" '6'
'7' '7' "12" "1T2" "" "" '7'
'8' '8' "30695" "B360S" "B" "B" '8'
'9' '9' "8034" "8SQ0" "" "" '9'
'A' '4' "" "4" "" "" 'A'
'B' '8' "" "8ER" "8" "8" 'B'
'C' 'C' "" "G0" "" "" 'C'
'D' '0' "" "0B" "0" "0" 'D'
'E' 'E' "" "FB" "" "" 'E'
'F' 'F' "" "EP" "" "" 'F'
'G' '6' "" "6C" "6" "6" 'G'
'H' 'H' "" "NMK" "" "" 'H'
'I' '1' "" "" "" "" '1'
'J' '1' "" "31" "3" "31" 'J'
'K' 'K' "" "XH" "" "" 'K'
'L' '1' "" "" "" "" '1'
'M' 'M' "" "NWH" "" "" 'M'
'N' 'N' "" "MH" "" "" 'N'
'O' '0' "" "" "" "" '0'
'P' 'P' "" "RF" "" "" 'P'
'Q' '0' "" "09" "0" "0" 'Q'
'R' 'R' "" "PB" "" "" 'R'
'S' '5' "" "589" "5" "5" 'S'
'T' '1' "" "17Y" "" "" 'T'
'U' '0' "" "" "" "" 'U'
'V' 'V' "" "YW" "" "" 'V'
'W' 'W' "" "VM" "" "" 'W'
'X' 'X' "" "KY" "" "" 'X'
'Y' 'Y' "" "VTX" "" "" 'Y'
'Z' '2' "" "2" "2" "2" 'Z'
'a' 'a' "" "" "" "" 'A'
'b' '6' "" "" "" "" 'B'
'c' 'c' "" "" "" "" 'C'
'd' 'd' "" "" "" "" 'D'
'e' 'e' "" "" "" "" 'E'
'f' 'f' "" "" "" "" 'F'
'g' '9' "" "" "" "" 'G'
'h' 'h' "" "" "" "" 'H'
'i' '1' "" "" "" "" '1'
'j' 'j' "" "" "" "" 'J'
'k' 'k' "" "" "" "" 'K'
'l' '1' "" "" "" "" '1'
'm' 'm' "" "" "" "" 'M'
'n' 'n' "" "" "" "" 'N'
'o' '0' "" "" "" "" '0'
'p' 'p' "" "" "" "" 'P'
'q' '9' "" "" "" "" 'Q'
'r' 'r' "" "" "" "" 'R'
's' '5' "" "" "" "" 'S'
't' 't' "" "" "" "" 'T'
'u' 'u' "" "" "" "" 'U'
'v' 'v' "" "" "" "" 'V'
'w' 'w' "" "" "" "" 'W'
'x' 'x' "" "" "" "" 'X'
'y' 'y' "" "" "" "" 'Y'
'z' '2' "" "" "" "" 'Z'
'|' '1' "" "" "" "" '|'
"#;

    #[test]
    fn every_character_reads_as_before_the_tables_were_one() {
        assert_eq!(listing(), BEFORE);
    }

    #[test]
    fn closest_pairs_are_symmetric_and_among_the_look_alikes() {
        for r in &TABLE {
            for c in r.closest.chars() {
                assert!(primary(c, r.ch), "{} {c}", r.ch);
                assert!(r.signature.contains(c), "{} {c}", r.ch);
            }
            assert!(r.figure.chars().all(|c| c.is_ascii_digit()), "{}", r.ch);
            assert!(r.digit.is_none_or(|d| d.is_ascii_digit()), "{}", r.ch);
        }
    }
}
