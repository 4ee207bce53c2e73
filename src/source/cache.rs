//! The photo cache: what each photo gave, kept by the photo's SHA-256, so that a second run,
//! a run interrupted with Ctrl-C, or the shards of a run split across machines redo nothing
//! already read. One small JSON file per photo and reading settings (tally's version, the
//! keyring's hash, the photo options), written atomically: folders filled by different
//! machines merge by copying them together.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{PhotoInfo, ReadError, Source};
use crate::tape::{Origin, Payload, Signature, Tape};

/// Version of the cache entries' layout (2: entries bound to their photo and reader).
const CACHE_VERSION: u32 = 2;

/// The reader that made an entry: an entry of another reader is read afresh.
const READER: &str = concat!("tally ", env!("CARGO_PKG_VERSION"));

/// A cache folder and the settings its entries must have been read with.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    settings: String,
    /// Entries found bound to another photo than the one they are filed under.
    refused: std::sync::Arc<std::sync::Mutex<Vec<PathBuf>>>,
}

/// A tape's signature as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
enum StoredSignature {
    Absent,
    Present { hex: String },
    Unreadable { line: usize, reason: String },
}

/// A tape as stored: exact payload bytes and everything else the reading gave.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredTape {
    payload: String,
    signature: StoredSignature,
    header: Vec<String>,
    names: Vec<Option<String>>,
    origin: Vec<(String, usize)>,
    /// Payload keys an unsigned tape does not give.
    #[serde(default)]
    absent: Vec<String>,
}

/// One cache entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    version: u32,
    /// SHA-256 of the photo this entry was read from: an entry is used for that photo only.
    photo_sha256: String,
    /// The reader that made it (`tally 0.1.0`).
    reader: String,
    settings: String,
    source: Source,
    tape: Option<StoredTape>,
    error: Option<(Option<usize>, String)>,
    photo: Option<PhotoInfo>,
}

fn store(tape: &Tape) -> StoredTape {
    StoredTape {
        payload: tape.payload.to_text(),
        signature: match &tape.signature {
            Signature::Absent => StoredSignature::Absent,
            Signature::Present(s) => StoredSignature::Present {
                hex: hex::encode(s),
            },
            Signature::Unreadable { line, reason } => StoredSignature::Unreadable {
                line: *line,
                reason: reason.clone(),
            },
        },
        header: tape.header.clone(),
        names: tape.names.clone(),
        origin: tape
            .origin
            .iter()
            .map(|o| (o.field.name(), o.line))
            .collect(),
        absent: tape.absent.keys.iter().map(|k| k.to_string()).collect(),
    }
}

fn restore(s: StoredTape) -> Option<Tape> {
    let payload = Payload::parse(&s.payload).ok()?;
    let signature = match s.signature {
        StoredSignature::Absent => Signature::Absent,
        StoredSignature::Present { hex } => {
            Signature::Present(hex::decode(hex).ok()?.try_into().ok()?)
        }
        StoredSignature::Unreadable { line, reason } => Signature::Unreadable { line, reason },
    };
    Some(Tape {
        header: s.header,
        payload,
        names: s.names,
        signature,
        origin: s
            .origin
            .into_iter()
            .filter_map(|(field, line)| {
                Some(Origin {
                    field: crate::tape::OriginField::parse(&field)?,
                    line,
                })
            })
            .collect(),
        absent: crate::tape::Absent {
            keys: s
                .absent
                .iter()
                .map(|k| match crate::tape::OriginField::parse(k)? {
                    crate::tape::OriginField::Key(key) => Some(key),
                    _ => None,
                })
                .collect::<Option<_>>()?,
            unlisted_choices: false,
        },
    })
}

/// What a cached photo gave.
pub type Cached = (Source, Result<Tape, ReadError>, Option<PhotoInfo>);

impl Cache {
    /// The cache in `dir` for readings made with these settings: tally's version, the
    /// keyring's SHA-256 (corrections depend on it), and the photo options.
    pub fn new(
        dir: PathBuf,
        keyring_sha256: Option<&str>,
        options: &crate::photo::Options,
    ) -> Cache {
        let mut h = Sha256::new();
        h.update(env!("CARGO_PKG_VERSION"));
        h.update([0]);
        h.update(keyring_sha256.unwrap_or("-"));
        h.update([0]);
        h.update(format!("{options:?}"));
        let settings = hex::encode(&h.finalize()[..8]);
        Cache {
            dir,
            settings,
            refused: Default::default(),
        }
    }

    /// Reads the entry at `path` for the photo `sha256`. An entry bound to another photo (one
    /// file copied over another's) is never used: it is remembered, for
    /// [`Cache::refused_entries`], and the photo is read afresh.
    fn entry(&self, path: PathBuf, sha256: &str) -> Option<Entry> {
        let bytes = std::fs::read(&path).ok()?;
        let e: Entry = serde_json::from_slice(&bytes).ok()?;
        if e.version != CACHE_VERSION {
            return None;
        }
        if e.photo_sha256 != sha256 {
            if let Ok(mut refused) = self.refused.lock() {
                refused.push(path);
            }
            return None;
        }
        Some(e)
    }

    /// The entries found bound to another photo than the one they were filed under (copied
    /// over another's, or tampered with): each such photo was read afresh.
    pub fn refused_entries(&self) -> Vec<PathBuf> {
        self.refused.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// The user's cache folder for photos (`~/.cache/tally/photos` on Linux).
    pub fn default_dir() -> Option<PathBuf> {
        dirs::cache_dir().map(|d| d.join("tally").join("photos"))
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, sha256: &str) -> PathBuf {
        let prefix = sha256.get(..2).unwrap_or("00");
        self.dir
            .join(prefix)
            .join(format!("{sha256}-{}.json", self.settings))
    }

    /// What the photo with this hash gave, if it was read before with the same settings.
    pub fn get(&self, sha256: &str) -> Option<Cached> {
        let e = self.entry(self.path(sha256), sha256)?;
        if e.reader != READER || e.settings != self.settings {
            return None;
        }
        let tape = match (e.tape, e.error) {
            (Some(t), None) => Ok(restore(t)?),
            (None, Some((line, message))) => Err(ReadError { line, message }),
            _ => return None,
        };
        Some((e.source, tape, e.photo))
    }

    fn review_path(&self, sha256: &str) -> PathBuf {
        self.dir.join("reviews").join(format!("{sha256}.json"))
    }

    /// The reviewed reading of the photo with this hash (`tally review`), whatever the
    /// settings: an observer's verified correction outlives tally's versions.
    pub fn get_review(&self, sha256: &str) -> Option<Cached> {
        let e = self.entry(self.review_path(sha256), sha256)?;
        let tape = restore(e.tape?)?;
        Some((Source::Reviewed, Ok(tape), e.photo))
    }

    /// Keeps an observer's reviewed reading of a photo.
    pub fn put_review(&self, sha256: &str, tape: &Tape, photo: &PhotoInfo) -> std::io::Result<()> {
        let entry = Entry {
            version: CACHE_VERSION,
            photo_sha256: sha256.into(),
            reader: READER.into(),
            settings: "reviewed".into(),
            source: Source::Reviewed,
            tape: Some(store(tape)),
            error: None,
            photo: Some(photo.clone()),
        };
        write_atomic(
            &self.review_path(sha256),
            &serde_json::to_vec_pretty(&entry)?,
        )
    }

    /// Keeps what a photo gave. Failures to write are ignored: the cache only saves time.
    pub fn put(
        &self,
        sha256: &str,
        source: Source,
        tape: &Result<Tape, ReadError>,
        photo: &Option<PhotoInfo>,
    ) {
        let entry = Entry {
            version: CACHE_VERSION,
            photo_sha256: sha256.into(),
            reader: READER.into(),
            settings: self.settings.clone(),
            source,
            tape: tape.as_ref().ok().map(store),
            error: tape.as_ref().err().map(|e| (e.line, e.message.clone())),
            photo: photo.clone(),
        };
        let path = self.path(sha256);
        let Some(dir) = path.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let Ok(json) = serde_json::to_vec(&entry) else {
            return;
        };
        if let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir) {
            use std::io::Write as _;
            if tmp.write_all(&json).is_ok() {
                let _ = tmp.persist(&path);
            }
        }
    }
}

/// Writes a file whole or not at all (temporary file, then rename), creating its folder.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A deterministic share of the inputs: `K/N` keeps the inputs whose path (under the folder
/// or file named on the command line) hashes to share K of N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This share, 1 to `of`.
    pub index: u32,
    /// Number of shares.
    pub of: u32,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("{s:?} is not a shard: write K/N with 1 <= K <= N, e.g. 3/8");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, of): (u32, u32) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if index == 0 || of == 0 || index > of {
            return Err(bad());
        }
        Ok(Shard { index, of })
    }
}

impl Shard {
    /// Whether the input at `relative` (its path under the argument it was found under) is
    /// in this share.
    pub fn keeps(&self, relative: &Path) -> bool {
        let digest = Sha256::digest(relative.to_string_lossy().replace('\\', "/").as_bytes());
        let n = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
        n % u64::from(self.of) == u64::from(self.index - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_every_input_exactly_once() {
        let paths: Vec<PathBuf> = (0..200)
            .map(|i| PathBuf::from(format!("gov-01/tape-{i}.jpg")))
            .collect();
        let shards: Vec<Shard> = (1..=3).map(|k| format!("{k}/3").parse().unwrap()).collect();
        for p in &paths {
            assert_eq!(shards.iter().filter(|s| s.keeps(p)).count(), 1);
        }
        assert!(shards
            .iter()
            .all(|s| paths.iter().filter(|p| s.keeps(p)).count() > 40));
        assert!(
            "0/3".parse::<Shard>().is_err()
                && "4/3".parse::<Shard>().is_err()
                && "x".parse::<Shard>().is_err()
        );
    }

    #[test]
    fn cached_readings_come_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf(), Some("abc"), &Default::default());
        let tape = Tape::parse(include_str!("../../fixtures/spec/tape-120345-3.txt")).unwrap();
        cache.put("ab12", Source::OcrCorrected, &Ok(tape.clone()), &None);
        let (source, back, _) = cache.get("ab12").unwrap();
        assert_eq!(source, Source::OcrCorrected);
        assert_eq!(back.unwrap(), tape);
        let other = Cache::new(
            dir.path().to_path_buf(),
            Some("other keyring"),
            &Default::default(),
        );
        assert!(other.get("ab12").is_none(), "another keyring reads afresh");
        // An entry copied over another photo's is refused, and remembered.
        cache.put("cd34", Source::OcrCorrected, &Ok(tape.clone()), &None);
        std::fs::copy(cache.path("ab12"), cache.path("cd34")).unwrap();
        assert!(cache.get("cd34").is_none(), "bound to photo ab12, not cd34");
        assert_eq!(cache.refused_entries(), vec![cache.path("cd34")]);
    }
}
