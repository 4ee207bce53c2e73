//! Untrusted text (file names, OCR output, CSV cells, candidate names) made safe for the
//! terminal and for spreadsheets.

/// Whether a character could hide or reorder text on a terminal: controls, bidi overrides and
/// isolates, zero-width characters.
fn is_dangerous(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

/// Text for a terminal: dangerous characters are shown escaped (`\u{202e}`), never obeyed.
pub fn terminal(text: &str) -> String {
    if !text.chars().any(is_dangerous) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if is_dangerous(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A CSV cell that a spreadsheet will not run as a formula (cells starting with `=`, `+`,
/// `-`, `@`, tab or CR get a leading apostrophe) and that hides nothing: dangerous characters
/// are shown escaped, as on a terminal.
pub fn csv_cell(text: &str) -> String {
    let text = terminal(text);
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

/// Text for HTML: `& < > " '` escaped, dangerous invisible characters shown escaped.
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
        assert_eq!(terminal("tape\u{1b}[31m.txt"), "tape\\u{1b}[31m.txt");
        assert_eq!(terminal("abc\u{202e}txt.exe"), "abc\\u{202e}txt.exe");
        assert_eq!(terminal("زينب"), "زينب");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("-1+2"), "'-1+2");
        assert_eq!(csv_cell("120345"), "120345");
        assert_eq!(html("<script>\"&'"), "&lt;script&gt;&quot;&amp;&#39;");
    }
}
