//! `man/` must match what the clap definition generates. Regenerate with `make man`
//! (TALLY_UPDATE_MAN=1 cargo test --test cli man::).

use std::path::Path;

#[test]
fn man_pages_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let update = std::env::var_os("TALLY_UPDATE_MAN").is_some();
    let pages = tally::man::pages();
    assert!(pages.iter().any(|(n, _)| n == "tally-tape.5"));
    assert!(pages.iter().any(|(n, _)| n == "tally-verify.1"));
    let mut stale = Vec::new();
    for (name, bytes) in &pages {
        let path = dir.join(name);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, bytes).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(bytes.as_slice()) {
            stale.push(name.clone());
        }
    }
    let expected: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if !expected.contains(&name.as_str()) {
            stale.push(format!("{name} (no longer generated: delete it)"));
        }
    }
    assert!(
        stale.is_empty(),
        "man/ is stale: {stale:?}; regenerate with `make man`"
    );
}
