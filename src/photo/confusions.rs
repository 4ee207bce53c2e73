//! The look-alikes of a signature line's symbols: which symbols Tesseract takes for which
//! on a printed receipt, and Crockford's reading of the letters the alphabet leaves out.

/// Symbols a camera and Tesseract confuse on a signature line.
pub fn confusions(c: char) -> &'static str {
    match c {
        '0' => "QD8C9",
        '1' => "7JT4",
        '2' => "Z7",
        '3' => "J8B9",
        '4' => "1A",
        '5' => "S6",
        '6' => "G85",
        '7' => "1T2",
        '8' => "B360S",
        '9' => "8SQ0",
        'A' => "4",
        'B' => "8ER",
        'C' => "G0",
        'D' => "0B",
        'E' => "FB",
        'F' => "EP",
        'G' => "6C",
        'H' => "NMK",
        'J' => "31",
        'K' => "XH",
        'M' => "NWH",
        'N' => "MH",
        'P' => "RF",
        'Q' => "09",
        'R' => "PB",
        'S' => "589",
        'T' => "17Y",
        'V' => "YW",
        'W' => "VM",
        'X' => "KY",
        'Y' => "VTX",
        'Z' => "2",
        _ => "",
    }
}

/// The pairs Tesseract confuses most on a signature line, whatever its confidence.
const PRIMARY: [(char, char); 7] = [
    ('S', '5'),
    ('J', '3'),
    ('Q', '0'),
    ('Z', '2'),
    ('G', '6'),
    ('B', '8'),
    ('D', '0'),
];

/// Whether `a` and `b` are one of the pairs Tesseract confuses most on a signature line,
/// whatever its confidence.
pub fn primary(a: char, b: char) -> bool {
    PRIMARY
        .iter()
        .any(|&(x, y)| (a, b) == (x, y) || (a, b) == (y, x))
}

/// The symbols `c` is most often confused with: the [`primary`] pairs and `J`/`1` (a `J`
/// whose hook fades reads as `1`, often several on one line).
pub fn partners(c: char) -> impl Iterator<Item = char> {
    PRIMARY
        .iter()
        .chain(&[('J', '1')])
        .filter_map(move |&(x, y)| {
            if x == c {
                Some(y)
            } else if y == c {
                Some(x)
            } else {
                None
            }
        })
}

/// Crockford's reading of one character: case-insensitive, `O`→0, `I`/`L`→1.
pub fn crockford(c: char) -> char {
    match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        u => u,
    }
}
