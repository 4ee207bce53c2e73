//! Untrusted text made safe for typst markup: escaped inside a string literal, sanitized (no
//! control or invisible character obeyed), given places to break (a 500-letter name wraps
//! inside the page instead of running off its edge), and shielded from a typst 0.13 layout
//! panic (right-to-left-script characters that are not themselves right to left, such as
//! U+FDFD ﷽, set inside a left-to-right run). [`plain`] is the last resort when typst fails
//! anyway.

use std::fmt::Write as _;

use unicode_bidi::{bidi_class, BidiClass};
use unicode_script::{Script, UnicodeScript as _};
use unicode_segmentation::UnicodeSegmentation as _;

use super::super::sanitize::terminal;

/// Words longer than this many characters (grapheme clusters) may break between any two of
/// them; shorter ones break only where typst would break them.
const LONG_WORD: usize = 24;

/// ZERO WIDTH SPACE: a place to break a line, invisible, transparent to Arabic joining.
const BREAK: char = '\u{200B}';

/// Untrusted text for the inside of a typst string literal: control and invisible characters
/// shown escaped (never obeyed), long words breakable, right-to-left-script characters without
/// a direction of their own isolated, quotes and backslashes escaped.
pub(super) fn inner(text: &str) -> String {
    escape(&isolate_rtl_neutrals(&breakable(&terminal(text))))
}

/// A typst string literal of untrusted text.
pub(super) fn lit(text: &str) -> String {
    format!("\"{}\"", inner(text))
}

/// A figure kept left to right inside right-to-left text (`+42` must not become `42+`).
pub(super) fn ltr(text: &str) -> String {
    format!("\"\u{2066}{}\u{2069}\"", inner(text))
}

/// A typst string literal keeping line feeds (the tape's lines, each already sanitized), its
/// long words breakable as [`inner`]'s are.
pub(super) fn lit_raw(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| escape(&isolate_rtl_neutrals(&breakable(line))))
        .collect();
    format!("\"{}\"", lines.join("\\n"))
}

/// Quotes and backslashes escaped for a typst string literal.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c => out.push(c),
        }
    }
    out
}

/// Every word longer than [`LONG_WORD`] characters with a [`BREAK`] between any two of its
/// characters (never inside one: a letter and its marks, an emoji sequence stay whole).
fn breakable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.graphemes(true).nth(LONG_WORD).is_some() {
            for (i, g) in word.graphemes(true).enumerate() {
                if i > 0 {
                    out.push(BREAK);
                }
                out.push_str(g);
            }
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_whitespace() {
            flush(&mut word, &mut out);
            out.push(c);
        } else {
            word.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Scripts written right to left (HarfBuzz's list): a run of them that typst shapes left to
/// right is reversed by the shaper, which typst 0.13 does not expect.
fn rtl_script(s: Script) -> bool {
    use Script::*;
    matches!(
        s,
        Arabic
            | Hebrew
            | Syriac
            | Thaana
            | Cypriot
            | Kharoshthi
            | Phoenician
            | Nko
            | Lydian
            | Avestan
            | Imperial_Aramaic
            | Inscriptional_Pahlavi
            | Inscriptional_Parthian
            | Old_South_Arabian
            | Old_Turkic
            | Samaritan
            | Mandaic
            | Meroitic_Cursive
            | Meroitic_Hieroglyphs
            | Manichaean
            | Mende_Kikakui
            | Nabataean
            | Old_North_Arabian
            | Palmyrene
            | Psalter_Pahlavi
            | Hatran
            | Adlam
            | Hanifi_Rohingya
            | Old_Sogdian
            | Sogdian
            | Elymaic
            | Chorasmian
            | Yezidi
            | Old_Uyghur
            | Garay
    )
}

/// Each run of right-to-left-script characters that are not strongly right to left (U+FDFD
/// ﷽, ۞, ٪, Arabic-Indic digits), with the marks that follow them, set between
/// RIGHT-TO-LEFT ISOLATE and POP DIRECTIONAL ISOLATE. Left alone, such a run in left-to-right
/// text is shaped left to right, and typst 0.13.1's font fallback then panics
/// (`typst-layout` `inline/shaping.rs`: "begin > end when slicing `﷽ ﷽`"); isolated, it is
/// shaped right to left, as its script is written. Its characters, and their order among the
/// text around them, are unchanged.
fn isolate_rtl_neutrals(text: &str) -> String {
    let needs = |c: char| {
        rtl_script(c.script())
            && !matches!(bidi_class(c), BidiClass::L | BidiClass::R | BidiClass::AL)
    };
    let mut out = String::with_capacity(text.len());
    let mut open = false;
    for c in text.chars() {
        let inside = needs(c) || (open && bidi_class(c) == BidiClass::NSM);
        if inside && !open {
            out.push('\u{2067}');
        } else if !inside && open {
            out.push('\u{2069}');
        }
        open = inside;
        out.push(c);
    }
    if open {
        out.push('\u{2069}');
    }
    out
}

/// Whether tally's fonts and typst's layout are known to handle a character: ASCII, Latin-1,
/// Arabic (with Kurdish and Persian letters), general punctuation (bidi isolates among them).
fn plain_char(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{ff}' | '\u{600}'..='\u{6ff}' | '\u{750}'..='\u{77f}' | '\u{2000}'..='\u{206f}')
}

/// The markup with every other character shown as its code point (`[U+1F5F3]`): the last
/// resort when typst fails to lay out the markup as it is.
pub(super) fn plain(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    for c in markup.chars() {
        if plain_char(c) {
            out.push(c);
        } else {
            let _ = write!(out, "[U+{:04X}]", c as u32);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_text_cannot_escape_its_literal() {
        assert_eq!(lit("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(lit("#set page(width: 1pt)"), "\"#set page(width: 1pt)\"");
        assert_eq!(lit("x\u{202e}y"), "\"x‹U+202E›y\"");
        assert_eq!(lit_raw("l1\nl2"), "\"l1\\nl2\"");
    }

    #[test]
    fn only_long_words_get_places_to_break() {
        assert_eq!(breakable("HUDA N. KAREEM"), "HUDA N. KAREEM");
        let short = "A".repeat(LONG_WORD);
        assert_eq!(breakable(&short), short);
        let long = format!("x {}", "A".repeat(LONG_WORD + 1));
        let broken = breakable(&long);
        assert_eq!(broken.matches(BREAK).count(), LONG_WORD);
        assert_eq!(broken.replace(BREAK, ""), long);
        // A letter and its mark, a family emoji: never split.
        let marked = "بً".repeat(LONG_WORD + 1);
        assert!(!breakable(&marked).contains("ب\u{200B}ً"));
        let family = "👨\u{200D}👩\u{200D}👧".repeat(LONG_WORD + 1);
        assert!(!breakable(&family).contains("\u{200D}\u{200B}"));
    }

    #[test]
    fn rtl_script_neutrals_are_isolated_and_nothing_else() {
        assert_eq!(isolate_rtl_neutrals("HUDA زينب 12"), "HUDA زينب 12");
        assert_eq!(
            isolate_rtl_neutrals("﷽ ﷽"),
            "\u{2067}﷽\u{2069} \u{2067}﷽\u{2069}"
        );
        // Marks stay with what they mark.
        assert_eq!(isolate_rtl_neutrals("۞ً x"), "\u{2067}۞ً\u{2069} x");
        assert_eq!(isolate_rtl_neutrals("٤٥"), "\u{2067}٤٥\u{2069}");
    }
}
