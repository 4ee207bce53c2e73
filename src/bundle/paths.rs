//! Paths inside a bundle: relative, `/`-separated, and unable to leave the bundle's folder.
//! Every path read from a bundle (a MANIFEST line, a zip entry) is checked here before it is
//! used; every path written into one is made here from the input's path.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// Why a path may not be in a bundle, or `Ok` when it may.
pub fn check(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("an empty path".into());
    }
    if path.len() > 1024 {
        return Err("a path longer than 1024 bytes".into());
    }
    if path.starts_with('/') {
        return Err("an absolute path (starts with /)".into());
    }
    if path.contains('\\') {
        return Err("a path with a backslash (a Windows separator)".into());
    }
    if path.chars().any(char::is_control) {
        return Err("a path with control characters".into());
    }
    let first = path.split('/').next().unwrap_or("");
    if first.len() == 2 && first.ends_with(':') {
        return Err("a path with a drive letter".into());
    }
    for part in path.split('/') {
        match part {
            "" => return Err("a path with an empty component (//, or a trailing /)".into()),
            "." => return Err("a path with a `.` component".into()),
            ".." => return Err("a path that climbs out of the bundle (`..`)".into()),
            _ => {}
        }
    }
    Ok(())
}

/// A file name made safe for a bundle path: separators, controls and a leading dot replaced.
fn safe_component(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':') {
                '_'
            } else {
                c
            }
        })
        .collect();
    if out.is_empty() || out.chars().all(|c| c == '.') {
        out = format!("_{out}");
    }
    out
}

/// `path` made absolute against `base` and cleaned of `.` and `..` lexically.
fn absolute(path: &Path, base: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Bundle paths under `folder/` for input files, keeping their relative structure: the
/// longest folder all of them share is dropped, the rest kept, each component made safe;
/// two inputs never get the same bundle path. Returned in the order given.
pub fn place(folder: &str, inputs: &[PathBuf], base: &Path) -> Vec<String> {
    let absolute: Vec<PathBuf> = inputs.iter().map(|p| absolute(p, base)).collect();
    let mut common: Option<Vec<Component>> = None;
    for p in &absolute {
        let parent: Vec<Component> = p.parent().map_or(Vec::new(), |d| d.components().collect());
        common = Some(match common {
            None => parent,
            Some(c) => c
                .into_iter()
                .zip(parent)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| a)
                .collect(),
        });
    }
    let skip = common.map_or(0, |c| c.len());
    let mut taken = BTreeSet::new();
    absolute
        .iter()
        .map(|p| {
            let parts: Vec<String> = p
                .components()
                .skip(skip)
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(safe_component(&s.to_string_lossy())),
                    _ => None,
                })
                .collect();
            let stem = if parts.is_empty() {
                "file".to_string()
            } else {
                parts.join("/")
            };
            let mut candidate = format!("{folder}/{stem}");
            let mut n = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{folder}/{stem}~{n}");
                n += 1;
            }
            candidate
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_bundle_are_refused() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a/./b",
            "a//b",
            "a/",
            "C:/x",
            "a\\..\\x",
            "a\nb",
        ] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
        for good in [
            "MANIFEST",
            "tapes/gov-01/tape-1-1.txt",
            "published/نتائج.csv",
            "a..b",
        ] {
            assert!(check(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn placed_paths_keep_structure_and_never_collide() {
        let base = Path::new("/work/run");
        let inputs = [
            PathBuf::from("demo/tapes/gov-01/t1.txt"),
            PathBuf::from("demo/tapes/gov-02/t1.txt"),
            PathBuf::from("../elsewhere/t9.jpg"),
            PathBuf::from("demo/tapes/gov-01/t1.txt"),
        ];
        let placed = place("tapes", &inputs, base);
        assert_eq!(
            placed,
            [
                "tapes/run/demo/tapes/gov-01/t1.txt",
                "tapes/run/demo/tapes/gov-02/t1.txt",
                "tapes/elsewhere/t9.jpg",
                "tapes/run/demo/tapes/gov-01/t1.txt~2",
            ]
        );
        assert!(placed.iter().all(|p| check(p).is_ok()));
        let one = place("tapes", &[PathBuf::from("x/../..")], base);
        assert!(check(&one[0]).is_ok(), "{one:?}");
    }
}
