//! `MANIFEST`: one `HASH  PATH` line per file of the bundle, as `sha256sum` writes them
//! (so `sha256sum -c MANIFEST` checks a bundle folder too), sorted by path, LF line ends.

use sha2::{Digest, Sha256};

use super::paths;

/// The manifest's file name, at the bundle's root.
pub const MANIFEST: &str = "MANIFEST";
/// The manifest's minisign signature, at the bundle's root.
pub const SIGNATURE: &str = "MANIFEST.minisig";

/// One line: a file and the SHA-256 of its bytes (lower-case hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path inside the bundle.
    pub path: String,
    /// SHA-256, 64 lower-case hex digits.
    pub sha256: String,
}

/// SHA-256 of bytes, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The manifest text for these files (path, bytes), sorted by path.
pub fn render<'a>(files: impl Iterator<Item = (&'a str, &'a [u8])>) -> String {
    let mut lines: Vec<(String, String)> =
        files.map(|(p, b)| (p.to_string(), sha256_hex(b))).collect();
    lines.sort();
    lines
        .into_iter()
        .map(|(p, h)| format!("{h}  {p}\n"))
        .collect()
}

/// Reads a manifest. Every line must be `HASH  PATH` with a safe path, each path once;
/// the error names the line.
pub fn parse(text: &str) -> Result<Vec<Entry>, String> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    if !text.is_empty() && !text.ends_with('\n') {
        return Err("the last line does not end with a line feed".into());
    }
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let (hash, path) = line
            .split_once("  ")
            .ok_or_else(|| format!("line {n}: not `SHA256  PATH`"))?;
        if hash.len() != 64
            || !hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(format!(
                "line {n}: {hash:?} is not a SHA-256 (64 lower-case hex digits)"
            ));
        }
        paths::check(path).map_err(|e| format!("line {n}: {path:?} is {e}"))?;
        if path == MANIFEST || path == SIGNATURE {
            return Err(format!("line {n}: the manifest cannot list {path}"));
        }
        if !seen.insert(path.to_string()) {
            return Err(format!("line {n}: {path} is listed twice"));
        }
        entries.push(Entry {
            path: path.to_string(),
            sha256: hash.to_string(),
        });
    }
    if entries.is_empty() {
        return Err("it lists no file".into());
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trips_like_sha256sum() {
        let files = [("b/x.txt", &b"x"[..]), ("a.json", &b"{}"[..])];
        let text = render(files.iter().map(|(p, b)| (*p, *b)));
        assert_eq!(
            text.lines().next().unwrap(),
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a  a.json"
        );
        let entries = parse(&text).unwrap();
        assert_eq!(entries[1].path, "b/x.txt");
        assert_eq!(entries[1].sha256, sha256_hex(b"x"));
    }

    #[test]
    fn bad_manifests_name_the_line() {
        let h = "0".repeat(64);
        for (text, says) in [
            (format!("{h}  ../etc/passwd\n"), "line 1"),
            (format!("{h}  a\n{h}  a\n"), "listed twice"),
            (format!("{h} a\n"), "not `SHA256  PATH`"),
            (format!("{}  a\n", "A".repeat(64)), "not a SHA-256"),
            (format!("{h}  MANIFEST\n"), "cannot list"),
            (format!("{h}  a"), "line feed"),
            (String::new(), "no file"),
        ] {
            let err = parse(&text).unwrap_err();
            assert!(err.contains(says), "{text:?}: {err}");
        }
    }
}
