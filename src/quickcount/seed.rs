//! The seed announced in public, checked before anything is drawn with it (by `tally sample`)
//! or redrawn from it (a sample file's seed, by `tally estimate`). Rivest's sampler hashes the
//! seed's bytes, so a character nobody sees (a zero-width space, a bidi override, a newline,
//! a tab, an escape) draws another sample than the seed people read: such a seed is refused,
//! naming the character and where it is. A seed shorter than the recipe advises is drawn
//! with, and warned about.

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory as _};

/// Characters the recipe of tally-sample(1) advises at the least: 24 digits of dice rolled
/// on camera.
pub const ADVISED_CHARS: usize = 24;

/// Why a seed cannot be drawn with. Each message says what is wrong; the caller adds what to
/// do, which differs for a seed typed (`--seed`) and a seed read back from a sample file.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum SeedError {
    /// No seed.
    #[error("is empty")]
    Empty,
    /// Blanks around the seed, which the reference sampler strips.
    #[error("{shown} starts or ends with blanks, which Rivest's sampler strips")]
    Blanks {
        /// The seed, quoted, hidden characters escaped.
        shown: String,
    },
    /// A character nobody sees.
    #[error("{shown} holds {what} at character {position}, {kind} that cannot be seen: the seed people read would draw another sample than this one")]
    Hidden {
        /// The seed, quoted, hidden characters escaped.
        shown: String,
        /// `U+200B ZERO WIDTH SPACE`.
        what: String,
        /// Its place among the seed's characters, from 1.
        position: usize,
        /// `a format character (Unicode category Cf)`.
        kind: &'static str,
    },
}

impl SeedError {
    /// What to do about a seed typed on the command line.
    pub fn fix_typed(&self) -> &'static str {
        match self {
            SeedError::Empty => {
                "announce a seed in public (dice rolled on camera: at least 24 digits) and give it"
            }
            SeedError::Blanks { .. } => {
                "give it without them, so that anyone redraws the same sample"
            }
            SeedError::Hidden { .. } => {
                "type the seed again from its announcement, without that character"
            }
        }
    }
}

/// What is said about a seed that is drawn with all the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedWarning {
    /// Fewer characters than [`ADVISED_CHARS`].
    Short {
        /// Its characters.
        chars: usize,
    },
}

impl std::fmt::Display for SeedWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SeedWarning::Short { chars } => write!(
                f,
                "the seed has {chars} character{}; tally-sample(1) advises at least {ADVISED_CHARS} digits of dice rolled on camera, since a short seed can be guessed, or chosen to pick the stations drawn",
                if *chars == 1 { "" } else { "s" }
            ),
        }
    }
}

/// The category of a character no one sees, in words; `None` for the others.
fn hidden_kind(c: char) -> Option<&'static str> {
    Some(match c.general_category() {
        GeneralCategory::Control => "a control character (Unicode category Cc)",
        GeneralCategory::Format => "a format character (Unicode category Cf)",
        GeneralCategory::LineSeparator => "a line separator (Unicode category Zl)",
        GeneralCategory::ParagraphSeparator => "a paragraph separator (Unicode category Zp)",
        _ => return None,
    })
}

/// `U+200B ZERO WIDTH SPACE`: the code point, and the name of the ones a seed meets (a
/// typist's tab or newline, a terminal's escape, the invisible characters of copied text).
fn describe(c: char) -> String {
    let name = match c {
        '\0' => "NULL",
        '\u{7}' => "BELL",
        '\u{8}' => "BACKSPACE",
        '\t' => "CHARACTER TABULATION (tab)",
        '\n' => "LINE FEED (newline)",
        '\u{b}' => "LINE TABULATION",
        '\u{c}' => "FORM FEED",
        '\r' => "CARRIAGE RETURN",
        '\u{1b}' => "ESCAPE",
        '\u{7f}' => "DELETE",
        '\u{85}' => "NEXT LINE",
        '\u{ad}' => "SOFT HYPHEN",
        '\u{61c}' => "ARABIC LETTER MARK",
        '\u{180e}' => "MONGOLIAN VOWEL SEPARATOR",
        '\u{200b}' => "ZERO WIDTH SPACE",
        '\u{200c}' => "ZERO WIDTH NON-JOINER",
        '\u{200d}' => "ZERO WIDTH JOINER",
        '\u{200e}' => "LEFT-TO-RIGHT MARK",
        '\u{200f}' => "RIGHT-TO-LEFT MARK",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{202a}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202b}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202c}' => "POP DIRECTIONAL FORMATTING",
        '\u{202d}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202e}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2061}' => "FUNCTION APPLICATION",
        '\u{2062}' => "INVISIBLE TIMES",
        '\u{2063}' => "INVISIBLE SEPARATOR",
        '\u{2064}' => "INVISIBLE PLUS",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{feff}' => "ZERO WIDTH NO-BREAK SPACE (byte order mark)",
        _ => "",
    };
    match name {
        "" => format!("U+{:04X}", u32::from(c)),
        name => format!("U+{:04X} {name}", u32::from(c)),
    }
}

/// The seed quoted, its hidden characters escaped (`"12\u{200b}3"`): safe on a terminal, and
/// showing what is there.
pub fn shown(seed: &str) -> String {
    let mut out = String::with_capacity(seed.len() + 2);
    out.push('"');
    for c in seed.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if hidden_kind(c).is_some() => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Checks a seed: refused when empty, when it holds a character of Unicode category Cc, Cf,
/// Zl or Zp (its first is named, with its place), or blanks at either end; else drawn with,
/// with a warning when it is shorter than [`ADVISED_CHARS`].
pub fn check(seed: &str) -> Result<Option<SeedWarning>, SeedError> {
    if seed.is_empty() {
        return Err(SeedError::Empty);
    }
    if let Some((i, c, kind)) = seed
        .chars()
        .enumerate()
        .find_map(|(i, c)| hidden_kind(c).map(|kind| (i, c, kind)))
    {
        return Err(SeedError::Hidden {
            shown: shown(seed),
            what: describe(c),
            position: i + 1,
            kind,
        });
    }
    if seed.trim() != seed {
        return Err(SeedError::Blanks { shown: shown(seed) });
    }
    let chars = seed.chars().count();
    Ok((chars < ADVISED_CHARS).then_some(SeedWarning::Short { chars }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DICE: &str = "3546311556112163624615351222";

    #[test]
    fn a_hidden_character_is_named_with_its_place() {
        let seed = format!("{}\u{200b}{}", &DICE[..26], &DICE[26..]);
        let e = check(&seed).unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"35463115561121636246153512\\u{200b}22\" holds U+200B ZERO WIDTH SPACE at character 27, a format character (Unicode category Cf) that cannot be seen: the seed people read would draw another sample than this one"
        );
        for (seed, what, position) in [
            ("12\n34", "U+000A LINE FEED (newline)", 3),
            ("\t1234", "U+0009 CHARACTER TABULATION (tab)", 1),
            ("1234\u{1b}[0m", "U+001B ESCAPE", 5),
            ("12\u{202e}43", "U+202E RIGHT-TO-LEFT OVERRIDE", 3),
            ("☃\u{2028}", "U+2028 LINE SEPARATOR", 2),
            ("1\u{2029}", "U+2029 PARAGRAPH SEPARATOR", 2),
            ("1\u{e0041}", "U+E0041", 2),
            ("\u{9f}1", "U+009F", 1),
        ] {
            match check(seed) {
                Err(SeedError::Hidden {
                    what: w,
                    position: p,
                    ..
                }) => assert_eq!((w.as_str(), p), (what, position), "{seed:?}"),
                other => panic!("{seed:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn empty_blank_short_and_good_seeds() {
        assert_eq!(check(""), Err(SeedError::Empty));
        assert!(matches!(check(" 12"), Err(SeedError::Blanks { .. })));
        assert!(matches!(check("12\u{a0}"), Err(SeedError::Blanks { .. })));
        assert_eq!(check(DICE), Ok(None));
        assert_eq!(
            check("snowman ☃ 42"),
            Ok(Some(SeedWarning::Short { chars: 12 }))
        );
        assert_eq!(check(&"٣".repeat(24)), Ok(None));
        assert!(SeedWarning::Short { chars: 1 }
            .to_string()
            .starts_with("the seed has 1 character;"));
    }

    #[test]
    fn shown_hides_nothing() {
        assert_eq!(shown("a\"b\\c\u{1b}d"), "\"a\\\"b\\\\c\\u{1b}d\"");
        assert_eq!(shown("dice 6 ☃"), "\"dice 6 ☃\"");
    }
}
