//! Text in a report's language with values set in it: words are the catalogue's, values
//! (figures, signed shifts, codes, paths, hashes) are kept left to right wherever they sit, so
//! that `+71` never reads `71+` in Arabic. Each format renders the isolation its own way.

use crate::report::sanitize;

/// One part of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    /// Words of the catalogue, in the report's language.
    Words(String),
    /// A value set in the sentence (untrusted: escaped by every renderer).
    Value(String),
}

/// A sentence in a report's language with values set in it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rich(Vec<Part>);

impl Rich {
    /// Fills a catalogue template: `{0}`, `{1}`… are replaced by `values` (set left to right).
    pub fn fill(template: &str, values: &[String]) -> Rich {
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').map(|c| open + c);
            let index = close.and_then(|c| rest[open + 1..c].parse::<usize>().ok());
            match (close, index.and_then(|i| values.get(i))) {
                (Some(close), Some(value)) => {
                    if open > 0 {
                        parts.push(Part::Words(rest[..open].to_string()));
                    }
                    parts.push(Part::Value(value.clone()));
                    rest = &rest[close + 1..];
                }
                _ => {
                    parts.push(Part::Words(rest[..=open].to_string()));
                    rest = &rest[open + 1..];
                }
            }
        }
        if !rest.is_empty() {
            parts.push(Part::Words(rest.to_string()));
        }
        Rich(parts)
    }

    /// Words alone.
    pub fn words(text: impl Into<String>) -> Rich {
        Rich(vec![Part::Words(text.into())])
    }

    /// Plain text (a terminal table, English): values sanitized, no isolation.
    pub fn plain(&self) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Part::Words(w) => w.clone(),
                Part::Value(v) => sanitize::terminal(v),
            })
            .collect()
    }

    /// HTML: words escaped, each value escaped inside `<bdi dir=ltr>` (figures, codes, paths),
    /// or `<bdi>` when it holds right-to-left letters (a name), whose direction it then takes.
    pub fn html(&self) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Part::Words(w) => sanitize::html(w),
                Part::Value(v) if has_rtl(v) => format!("<bdi>{}</bdi>", sanitize::html(v)),
                Part::Value(v) => format!("<bdi dir=ltr>{}</bdi>", sanitize::html(v)),
            })
            .collect()
    }

    /// Text whose values are set between LEFT-TO-RIGHT ISOLATE (U+2066; FIRST STRONG ISOLATE,
    /// U+2068, for a value holding right-to-left letters) and POP DIRECTIONAL ISOLATE
    /// (U+2069), after `escape` made each part safe (Markdown, typst).
    pub fn isolated(&self, escape: impl Fn(&str) -> String) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Part::Words(w) => escape(w),
                Part::Value(v) => format!("{}{}\u{2069}", isolate(v), escape(v)),
            })
            .collect()
    }
}

/// Whether text holds a right-to-left letter (Hebrew, Arabic, Syriac, Thaana… and their
/// presentation forms).
pub fn has_rtl(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
    })
}

/// The isolate that opens a value: left to right, or first strong for right-to-left text.
pub fn isolate(text: &str) -> char {
    if has_rtl(text) {
        '\u{2068}'
    } else {
        '\u{2066}'
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_set_and_isolated() {
        let r = Rich::fill(
            "{0}: tape {1}, published {2}",
            &["choice 7".into(), "<b>".into(), "+3".into()],
        );
        assert_eq!(r.plain(), "choice 7: tape <b>, published +3");
        assert_eq!(
            r.html(),
            "<bdi dir=ltr>choice 7</bdi>: tape <bdi dir=ltr>&lt;b&gt;</bdi>, published <bdi dir=ltr>+3</bdi>"
        );
        assert_eq!(
            r.isolated(|s| s.to_string()),
            "\u{2066}choice 7\u{2069}: tape \u{2066}<b>\u{2069}, published \u{2066}+3\u{2069}"
        );
        // A name in Arabic takes its own direction.
        let r = Rich::fill("{0}", &["هدى".into()]);
        assert_eq!(r.html(), "<bdi>هدى</bdi>");
        assert_eq!(r.isolated(|s| s.to_string()), "\u{2068}هدى\u{2069}");
        // A brace that is no placeholder stays as written.
        assert_eq!(Rich::fill("a {x} {9} b", &[]).plain(), "a {x} {9} b");
    }
}
