//! Many machines, run as observers would: the GNU parallel recipe
//! (`examples/parallel/read-sharded.sh`) and the Kubernetes Jobs (`examples/kubernetes/`) split
//! the reading across shares that fill one photo cache, then one merge run reads no photo again.
//! The recipe's tests are in `parallel`, the Jobs' in `kubernetes`; here what both read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tally::report::listing::{InputStatus, Listing};
use tally::source::Source;

mod kubernetes;
mod parallel;

/// A file of the repository.
fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Each input of a JSON listing, by path: its status and how it was read.
type Readings = BTreeMap<String, (InputStatus, Source)>;

fn readings(file: &Path) -> Readings {
    let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let listing: Listing =
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    listing
        .tapes
        .into_iter()
        .map(|t| (t.path, (t.status, t.source)))
        .collect()
}

/// The listings of shares 1 to `n` in `out`, merged: every input must be in exactly one, and
/// every share must have some (`nonempty`).
fn shares(out: &Path, n: usize, nonempty: bool) -> Readings {
    let mut all = Readings::new();
    for k in 1..=n {
        let share = readings(&out.join(format!("shard-{k}-of-{n}.json")));
        assert!(
            !nonempty || !share.is_empty(),
            "share {k} of {n} read nothing"
        );
        for (path, reading) in share {
            assert!(
                all.insert(path.clone(), reading).is_none(),
                "{path} read by two shares"
            );
        }
    }
    all
}

/// The files under `dir`, as `tally` names them when given `dir` (relative to `base`).
fn files_under(base: &Path, dir: &str) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(base.join(dir))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(base).unwrap();
            relative.to_string_lossy().into_owned()
        })
        .collect();
    files.sort();
    files
}

/// Standard output or error, as text.
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
