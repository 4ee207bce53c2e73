//! Untrusted text (file names, OCR output, CSV cells, candidate names) made safe for the
//! terminal and for spreadsheets: every character that could move the cursor, hide text or
//! reorder it is shown as a visible mark instead of being obeyed — a line end as `⏎`, another
//! C0 control as its Unicode control picture (`␛` for ESC, `␉` for a tab), and a C1 control,
//! bidi override or isolate, or zero-width or other invisible formatting character by its
//! code point (`‹U+202E›`). The one place this is decided: the terminal, CSV and HTML all show
//! the same marks.

use std::fmt::Write as _;

/// The mark shown for a line feed or a carriage return (a CR LF pair is one line end).
pub const LINE_END: char = '⏎';

/// Whether a character could hide or reorder text on a terminal: controls, bidi overrides,
/// embeddings, marks and isolates, zero-width and other invisible formatting characters, line
/// and paragraph separators, and the invisible tag characters.
fn is_dangerous(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFFB}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// Text for a terminal: dangerous characters are shown as visible marks (see the module's
/// documentation), never obeyed. What comes out holds no control, bidi or invisible
/// formatting character at all.
pub fn terminal(text: &str) -> String {
    if !text.chars().any(is_dangerous) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(LINE_END);
            }
            // C0 controls and DEL: their control pictures, U+2400 to U+2421.
            '\0'..='\u{1F}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('�')),
            '\u{7F}' => out.push('\u{2421}'),
            c if is_dangerous(c) => {
                let _ = write!(out, "‹U+{:04X}›", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Lines of text for a terminal, each shown as [`terminal`] shows text: the line breaks the
/// caller meant (between `lines`) stay line breaks, and any inside a line is shown as `⏎`.
pub fn terminal_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    lines
        .into_iter()
        .map(terminal)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A CSV cell that a spreadsheet will not run as a formula (cells starting with `=`, `+`,
/// `-`, `@`, tab or CR get a leading apostrophe) and that hides nothing: dangerous characters
/// are shown as marks, as on a terminal.
pub fn csv_cell(text: &str) -> String {
    let text = terminal(text);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

/// Text for HTML: `& < > " '` escaped, dangerous invisible characters shown as marks.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in terminal(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_nothing_and_runs_nothing() {
        assert_eq!(terminal("tape\u{1b}[31m.txt"), "tape␛[31m.txt");
        assert_eq!(terminal("abc\u{202e}txt.exe"), "abc‹U+202E›txt.exe");
        assert_eq!(terminal("a\tb\0c\u{7f}"), "a␉b␀c␡");
        assert_eq!(terminal("one\ntwo\r\nthree\rfour"), "one⏎two⏎three⏎four");
        assert_eq!(
            terminal("x\u{85}y\u{200B}z\u{E0041}"),
            "x‹U+0085›y‹U+200B›z‹U+E0041›"
        );
        assert_eq!(terminal("زينب"), "زينب");
        assert_eq!(terminal_lines(["a\nb", "c"]), "a⏎b\nc");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("-1+2"), "'-1+2");
        assert_eq!(csv_cell("120345"), "120345");
        assert_eq!(csv_cell("a\nb"), "a⏎b");
        assert_eq!(html("<script>\"&'"), "&lt;script&gt;&quot;&amp;&#39;");
        assert_eq!(html("x\u{202e}<"), "x‹U+202E›&lt;");
    }

    /// Whatever comes in, nothing that a terminal obeys comes out, and nothing is lost: every
    /// character of the text is either shown as itself or as a mark.
    #[test]
    fn no_control_or_invisible_character_ever_comes_out() {
        let every: String = (0u32..0x3000)
            .chain(0xFE00..0x10000)
            .chain(0xE0000..0xE0100)
            .filter_map(char::from_u32)
            .collect();
        let shown = terminal(&every);
        assert!(!shown.chars().any(is_dangerous), "{shown:?}");
        assert!(shown.contains("␛") && shown.contains("‹U+202E›"));
    }
}
