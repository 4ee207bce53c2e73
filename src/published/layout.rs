//! Layout files (`--layout FILE`, TOML): how one commission's published format is read,
//! written once per format and shared between observers. A layout names the columns
//! (`[columns]`, as `--map`), the choice columns of a wide file (`[choices]`), the station's
//! identity held in one code (`[station_code]`), a long file's choice code inside a longer
//! value (`[choice_code]`), fields that are sums of columns (`[sum]`), rows to leave out
//! (`[[skip]]`, counted and listed), the text encoding, a station status column (`status`,
//! compared between releases) and the values that mean no value (`empty = ["NA"]`).
//!
//! ```toml
//! encoding = "windows-1252"
//! [columns]
//! center = "CENTRO"
//! station = "MESA"
//! ignore = ["URL"]
//! [choices]
//! 1 = "EG"
//! [sum]
//! invalid = ["blank", "spoilt"]
//! [[skip]]
//! column = "post_audit_status"
//! equals = "Invalidated"
//! ```
//!
//! A station-code group that captures a name rather than a number takes its number from
//! `[station_code.names]` (`"Республика Алтай" = 4`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use regex::Regex;
use serde::Deserialize;

use super::Field;

/// A layout file as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    encoding: Option<String>,
    status: Option<String>,
    #[serde(default)]
    empty: Vec<String>,
    #[serde(default)]
    columns: BTreeMap<String, toml::Value>,
    station_code: Option<StationCodeFile>,
    choice_code: Option<ChoiceCodeFile>,
    #[serde(default)]
    choices: BTreeMap<String, String>,
    #[serde(default)]
    sum: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    skip: Vec<SkipFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct StationCodeFile {
    column: Option<String>,
    columns: Option<Vec<String>>,
    pattern: Option<String>,
    patterns: Option<Vec<String>>,
    #[serde(default)]
    names: BTreeMap<String, u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChoiceCodeFile {
    column: String,
    pattern: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SkipFile {
    column: String,
    equals: Option<String>,
    matches: Option<String>,
}

/// A column whose value is matched by a pattern with named groups.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The column's header.
    pub column: String,
    /// The pattern (named groups `center`, `station`, `governorate`, `district`, `choice`).
    pub regex: Regex,
}

/// When a row is left out.
#[derive(Debug, Clone)]
pub struct Skip {
    /// The column's header.
    pub column: String,
    /// The value (trimmed) that leaves the row out, or
    pub equals: Option<String>,
    /// a pattern its value matches.
    pub matches: Option<Regex>,
}

impl Skip {
    /// Whether a cell's value leaves its row out.
    pub fn skips(&self, value: &str) -> bool {
        let value = value.trim();
        self.equals.as_deref().is_some_and(|e| e.trim() == value)
            || self.matches.as_ref().is_some_and(|m| m.is_match(value))
    }

    /// The rule in words (`post_audit_status is "Invalidated"`).
    pub fn describe(&self) -> String {
        match (&self.equals, &self.matches) {
            (Some(e), _) => format!("{} is {e:?}", self.column),
            (None, Some(m)) => format!("{} matches {:?}", self.column, m.as_str()),
            (None, None) => self.column.clone(),
        }
    }
}

/// A layout, checked: every name a field, every pattern compiled.
#[derive(Debug, Clone, Default)]
pub struct LayoutFile {
    /// The file it was read from.
    pub path: Option<PathBuf>,
    /// Its text as written (kept in the report, so that a bundle's re-run reads alike).
    pub text: String,
    /// The text encoding of a CSV file (detected when none).
    pub encoding: Option<String>,
    /// A text column holding each station's status (`post_audit_status`): kept, and compared
    /// between two releases.
    pub status: Option<String>,
    /// Cell values that mean "no value published" (`NA`): read as an empty cell; in a long
    /// file, a row whose votes are one gives no votes for its choice.
    pub empty: Vec<String>,
    /// Field = header, as `--map`.
    pub map: Vec<(Field, String)>,
    /// Columns never read nor guessed from.
    pub ignore: Vec<String>,
    /// The station's identity from a code: one pattern per column.
    pub station_code: Vec<Pattern>,
    /// Numbers for the texts a station-code group captures (`[station_code.names]`): a region
    /// published by name (`"Республика Алтай" = 4`).
    pub station_names: BTreeMap<String, u32>,
    /// A long file's choice code inside the choice column's value.
    pub choice_code: Option<Pattern>,
    /// A wide file's choice columns: code = header (when given, the only choice columns).
    pub choices: Vec<(u32, String)>,
    /// Fields that are the sum of several columns.
    pub sums: Vec<(Field, Vec<String>)>,
    /// Rows left out.
    pub skip: Vec<Skip>,
}

/// Why a layout file cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("layout {}: {message}", path.display())]
pub struct LayoutError {
    /// The layout file.
    pub path: PathBuf,
    /// What is wrong and how to fix it.
    pub message: String,
}

const STATION_GROUPS: [&str; 4] = ["center", "station", "governorate", "district"];

impl LayoutFile {
    /// Reads and checks a layout file.
    pub fn load(path: &Path) -> Result<LayoutFile, LayoutError> {
        let err = |message: String| LayoutError {
            path: path.to_path_buf(),
            message,
        };
        let text = crate::files::read_text(path, crate::files::MAX_LAYOUT_BYTES, "a layout file")
            .map_err(|e| err(format!("cannot read the layout file: {e}")))?;
        let mut layout = LayoutFile::parse(&text).map_err(err)?;
        layout.path = Some(path.to_path_buf());
        Ok(layout)
    }

    /// Parses and checks a layout's TOML text.
    pub fn parse(text: &str) -> Result<LayoutFile, String> {
        let file: Raw = toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
        let field = |name: &str, section: &str| {
            Field::from_name(name).ok_or_else(|| {
                let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
                format!(
                    "[{section}] {name:?} is not a field; the fields are {}",
                    names.join(", ")
                )
            })
        };
        let regex = |pattern: &str, section: &str| {
            Regex::new(pattern)
                .map_err(|e| format!("[{section}] pattern {pattern:?} is not a valid pattern: {e}"))
        };
        let mut layout = LayoutFile {
            text: text.to_string(),
            encoding: file.encoding,
            status: file.status,
            empty: file.empty.iter().map(|e| e.trim().to_string()).collect(),
            ..LayoutFile::default()
        };
        for (name, value) in file.columns {
            match (name.as_str(), value) {
                ("ignore", toml::Value::Array(list)) => {
                    for v in list {
                        let toml::Value::String(h) = v else {
                            return Err("[columns] ignore must list column headers as strings, e.g. ignore = [\"URL\"]".into());
                        };
                        layout.ignore.push(h);
                    }
                }
                (name, toml::Value::String(header)) => {
                    layout.map.push((field(name, "columns")?, header));
                }
                (name, _) => {
                    return Err(format!(
                        "[columns] {name}: give the column's header as a string, e.g. {name} = \"Header\""
                    ))
                }
            }
        }
        if let Some(code) = file.station_code {
            let columns = match (code.column, code.columns) {
                (Some(c), None) => vec![c],
                (None, Some(cs)) if !cs.is_empty() => cs,
                _ => {
                    return Err(
                        "[station_code] give column = \"HEADER\" or columns = [\"A\", \"B\"]"
                            .into(),
                    )
                }
            };
            let patterns = match (code.pattern, code.patterns) {
                (Some(p), None) if columns.len() == 1 => vec![p],
                (None, Some(ps)) if ps.len() == columns.len() => ps,
                _ => return Err(format!(
                    "[station_code] give one pattern per column: pattern = '...' for one column, patterns = ['...', ...] for {} columns",
                    columns.len()
                )),
            };
            for (column, pattern) in columns.into_iter().zip(patterns) {
                let regex = regex(&pattern, "station_code")?;
                if !regex
                    .capture_names()
                    .flatten()
                    .any(|n| STATION_GROUPS.contains(&n))
                {
                    return Err(format!("[station_code] pattern {pattern:?} names no group: name what it holds, e.g. '^(?<center>\\d+)-(?<station>\\d+)$'"));
                }
                layout.station_code.push(Pattern { column, regex });
            }
            layout.station_names = code.names;
            let named = |g: &str| {
                layout
                    .station_code
                    .iter()
                    .any(|p| p.regex.capture_names().flatten().any(|n| n == g))
            };
            if !named("center") || !named("station") {
                return Err(
                    "[station_code] the patterns must name both (?<center>...) and (?<station>...)"
                        .into(),
                );
            }
        }
        if let Some(code) = file.choice_code {
            let regex = regex(&code.pattern, "choice_code")?;
            if !regex.capture_names().flatten().any(|n| n == "choice") {
                return Err(format!("[choice_code] pattern {:?} must name the code (?<choice>...), e.g. '^(?<choice>\\d+)_'", code.pattern));
            }
            layout.choice_code = Some(Pattern {
                column: code.column,
                regex,
            });
        }
        for (code, header) in file.choices {
            let code: u32 = crate::tape::digits::parse_count(&code)
                .map_err(|_| format!("[choices] {code:?} is not a choice code: write code = \"HEADER\", e.g. 101 = \"{header}\""))?;
            layout.choices.push((code, header));
        }
        for (name, headers) in file.sum {
            if headers.is_empty() {
                return Err(format!("[sum] {name} lists no column"));
            }
            layout.sums.push((field(&name, "sum")?, headers));
        }
        for s in file.skip {
            if s.equals.is_none() == s.matches.is_none() {
                return Err(format!(
                    "[[skip]] column {:?}: give equals = \"VALUE\" or matches = 'PATTERN'",
                    s.column
                ));
            }
            let matches = s.matches.map(|m| regex(&m, "skip")).transpose()?;
            layout.skip.push(Skip {
                column: s.column,
                equals: s.equals,
                matches,
            });
        }
        Ok(layout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_whole_layout_reads() {
        let l = LayoutFile::parse(
            r#"
encoding = "windows-1252"
[columns]
center = "CENTRO"
station = "MESA"
ignore = ["URL"]
[station_code]
column = "ps_code"
pattern = '^(?<center>\d+)-(?<station>\d+)$'
[choice_code]
column = "candidate_code"
pattern = '^(?<choice>\d+)_'
[choices]
1 = "EG"
2 = "NM"
[sum]
invalid = ["blank", "spoilt"]
[[skip]]
column = "post_audit_status"
equals = "Invalidated"
"#,
        )
        .unwrap();
        assert_eq!(l.encoding.as_deref(), Some("windows-1252"));
        assert_eq!(l.map.len(), 2);
        assert_eq!(l.ignore, ["URL"]);
        assert_eq!(l.station_code.len(), 1);
        assert_eq!(l.choices, [(1, "EG".into()), (2, "NM".into())]);
        assert_eq!(l.sums[0].0, Field::Invalid);
        assert!(l.skip[0].skips(" Invalidated "));
        assert!(!l.skip[0].skips("Validated"));
    }

    #[test]
    fn mistakes_are_named_with_the_fix() {
        for (text, says) in [
            ("[columns]\ncentre = \"X\"", "not a field"),
            (
                "[station_code]\ncolumn = \"c\"\npattern = '(\\d+)'",
                "names no group",
            ),
            (
                "[station_code]\ncolumn = \"c\"\npattern = '(?<center>\\d+)'",
                "both",
            ),
            (
                "[choice_code]\ncolumn = \"c\"\npattern = '(\\d+)'",
                "(?<choice>",
            ),
            ("[choices]\nEG = \"EG\"", "not a choice code"),
            ("[[skip]]\ncolumn = \"s\"", "equals"),
            ("colums = 1", "unknown field"),
        ] {
            let e = LayoutFile::parse(text).unwrap_err();
            assert!(e.contains(says), "{text}: {e}");
        }
    }
}
