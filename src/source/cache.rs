//! The photo cache: what each photo gave, kept by the photo's SHA-256, so that a second run,
//! a run interrupted with Ctrl-C, or the shards of a run split across machines redo nothing
//! already read. One small JSON file per photo and reading settings (tally's version, the
//! keyring's hash, the photo options), written atomically: folders filled by different
//! machines merge by copying them together.
//!
//! Each entry names its photo's SHA-256 and its reader, and is sealed (HMAC-SHA-256) under a
//! key kept outside the folder ([`CacheKey`]): an entry altered, copied over another photo's,
//! or written by anyone without the key is never believed; the photo is read again, and the
//! entry named in a warning.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use super::cache_key::{CacheKey, CacheKeyError};
use super::{PhotoInfo, ReadError, Source};
use crate::tape::{Origin, Payload, Signature, Tape};

/// Version of the cache entries' layout (2: entries bound to their photo and reader; 3:
/// sealed).
const CACHE_VERSION: u32 = 3;

/// The first line of an entry: this, then the seal of the rest of the file.
const SEAL_PREFIX: &str = "tally-cache-seal ";

/// Largest entry read (an entry is a few kilobytes).
const MAX_ENTRY_BYTES: u64 = 1024 * 1024;

/// The reader that made an entry: an entry of another reader is read afresh.
const READER: &str = concat!("tally ", env!("CARGO_PKG_VERSION"));

/// A cache folder, the key its entries are sealed with, and the settings its entries must
/// have been read with.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    key: CacheKey,
    settings: String,
    /// What happened to the entries this run.
    log: std::sync::Arc<std::sync::Mutex<CacheLog>>,
}

/// What happened to a cache's entries during a run: the entries not believed (each with why)
/// and the readings that could not be kept.
#[derive(Debug, Clone, Default)]
pub struct CacheLog {
    /// Entries not used, with the reason: altered, sealed under another key, bound to
    /// another photo, or made by another version of tally.
    pub refused: Vec<(PathBuf, String)>,
    /// Readings kept.
    pub kept: usize,
    /// Readings that could not be kept, and the first reason.
    pub not_kept: usize,
    /// Why the first reading could not be kept.
    pub first_failure: Option<String>,
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
    /// The station an unreadable photo's text names (see `ReadError::station`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error_station: Option<(u32, u32)>,
    photo: Option<PhotoInfo>,
}

/// The lines a photo's printed text gave (each line's words, single-spaced; `None`: the text
/// could not be read), as the search for tapes photographed in parts compares them: kept so
/// that an unproven photo is not read by OCR again on every run only to be compared.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinesEntry {
    version: u32,
    photo_sha256: String,
    reader: String,
    settings: String,
    lines: Option<Vec<String>>,
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
        key: CacheKey,
        keyring_sha256: Option<&str>,
        options: &crate::photo::Options,
    ) -> Cache {
        let mut h = Sha256::new();
        h.update(env!("CARGO_PKG_VERSION"));
        h.update([0]);
        h.update(keyring_sha256.unwrap_or("-"));
        h.update([0]);
        h.update(format!("{options:?}"));
        h.update([0]);
        // A reading depends on the OCR model that made it.
        h.update(crate::photo::ocr::engine::model().to_string());
        let settings = hex::encode(&h.finalize()[..8]);
        Cache {
            dir,
            key,
            settings,
            log: Default::default(),
        }
    }

    /// Reads the entry at `path` for the photo `sha256`. An entry whose seal does not hold,
    /// that is bound to another photo (one file copied over another's) or made by another
    /// version is never used: it is remembered, for [`Cache::log`], and the photo is read
    /// afresh. A missing entry is just missing.
    fn entry(&self, path: PathBuf, sha256: &str) -> Option<Entry> {
        if !path.exists() {
            return None;
        }
        match self.open(&path, sha256) {
            Ok(e) => Some(e),
            Err(why) => {
                if let Ok(mut log) = self.log.lock() {
                    log.refused.push((path, why));
                }
                None
            }
        }
    }

    /// The entry at `path`, if its seal, version and photo hold.
    fn open(&self, path: &Path, sha256: &str) -> Result<Entry, String> {
        let bytes = crate::files::read(path, MAX_ENTRY_BYTES, "a cache entry")
            .map_err(|e| format!("cannot be read: {e}"))?;
        self.unseal(&bytes, sha256)
    }

    /// An entry's bytes, if its seal, version and photo hold.
    fn unseal(&self, bytes: &[u8], sha256: &str) -> Result<Entry, String> {
        let body = self.sealed_body(bytes)?;
        let e: Entry =
            serde_json::from_slice(body).map_err(|e| format!("sealed but not an entry: {e}"))?;
        if e.version != CACHE_VERSION {
            return Err(format!(
                "made for cache version {}, not {CACHE_VERSION}",
                e.version
            ));
        }
        if e.photo_sha256 != sha256 {
            return Err(format!(
                "made from another photo (SHA-256 {}) than the one it is filed under",
                crate::tape::excerpt(&e.photo_sha256)
            ));
        }
        Ok(e)
    }

    /// The body of a sealed file, if its seal holds under this cache's key.
    fn sealed_body<'b>(&self, bytes: &'b [u8]) -> Result<&'b [u8], String> {
        let (seal, body) = bytes
            .strip_prefix(SEAL_PREFIX.as_bytes())
            .and_then(|rest| {
                let end = rest.iter().position(|&b| b == b'\n')?;
                Some((std::str::from_utf8(&rest[..end]).ok()?, &rest[end + 1..]))
            })
            .ok_or("not sealed (made by an older tally, or not by tally)")?;
        if !self.key.holds(body, seal) {
            return Err(format!(
                "its seal does not hold under the key {} (altered, or made with another key)",
                self.key.path().display()
            ));
        }
        Ok(body)
    }

    /// What an entry's bytes give for the photo `sha256` under this cache's key (whatever
    /// its reader and settings), or why they are not believed; `seal_them` seals the bytes
    /// first, as a body (for the fuzzer, which could never forge a seal, to reach the parser
    /// behind it).
    #[doc(hidden)]
    pub fn fuzz_entry(
        &self,
        bytes: &[u8],
        sha256: &str,
        seal_them: bool,
    ) -> Result<Cached, String> {
        let sealed;
        let bytes = if seal_them {
            sealed = [
                format!("{SEAL_PREFIX}{}\n", self.key.seal(bytes)).as_bytes(),
                bytes,
            ]
            .concat();
            &sealed[..]
        } else {
            bytes
        };
        let e = self.unseal(bytes, sha256)?;
        Cache::give(e).ok_or_else(|| "not whole".to_string())
    }

    /// What an entry gives, if made with this cache's reader and settings.
    fn cached(&self, e: Entry) -> Option<Cached> {
        if e.reader != READER || e.settings != self.settings {
            return None;
        }
        Cache::give(e)
    }

    /// What an entry gives.
    fn give(e: Entry) -> Option<Cached> {
        let tape = match (e.tape, e.error) {
            (Some(t), None) => Ok(restore(t)?),
            (None, Some((line, message))) => Err(ReadError {
                line,
                message,
                station: e.error_station,
            }),
            _ => return None,
        };
        Some((e.source, tape, e.photo))
    }

    /// What happened to the entries so far.
    pub fn log(&self) -> CacheLog {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// Writes an entry, sealed.
    fn write(&self, path: &Path, entry: &impl Serialize) -> std::io::Result<()> {
        let body = serde_json::to_vec(entry)?;
        let mut bytes = format!("{SEAL_PREFIX}{}\n", self.key.seal(&body)).into_bytes();
        bytes.extend_from_slice(&body);
        crate::files::write::write_kept(path, &bytes)
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
        self.cached(e)
    }

    fn lines_path(&self, sha256: &str) -> PathBuf {
        let prefix = sha256.get(..2).unwrap_or("00");
        self.dir
            .join(prefix)
            .join(format!("{sha256}-{}.lines.json", self.settings))
    }

    /// The lines the photo with this hash gave when its printed text was read before with
    /// the same settings (`Some(None)`: it could not be read). An entry that is not believed
    /// is only not used: the text is read again, and the lines only choose which photos are
    /// tried together, never what a tape says.
    pub fn get_lines(&self, sha256: &str) -> Option<Option<Vec<String>>> {
        let path = self.lines_path(sha256);
        if !path.exists() {
            return None;
        }
        let bytes = crate::files::read(&path, MAX_ENTRY_BYTES, "a cache entry").ok()?;
        let e: LinesEntry = serde_json::from_slice(self.sealed_body(&bytes).ok()?).ok()?;
        (e.version == CACHE_VERSION
            && e.photo_sha256 == sha256
            && e.reader == READER
            && e.settings == self.settings)
            .then_some(e.lines)
    }

    /// Keeps the lines a photo's printed text gave (see [`Cache::get_lines`]); a failure to
    /// write only costs the next run a reading.
    pub fn put_lines(&self, sha256: &str, lines: Option<&[String]>) {
        let entry = LinesEntry {
            version: CACHE_VERSION,
            photo_sha256: sha256.into(),
            reader: READER.into(),
            settings: self.settings.clone(),
            lines: lines.map(<[String]>::to_vec),
        };
        let _ = self.write(&self.lines_path(sha256), &entry);
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
            error_station: None,
            photo: Some(photo.clone()),
        };
        self.write(&self.review_path(sha256), &entry)
    }

    /// Keeps what a photo gave. A failure to write is counted, for [`Cache::log`]: the cache
    /// only saves time, but a run that keeps nothing must say so.
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
            error_station: tape.as_ref().err().and_then(|e| e.station),
            photo: photo.clone(),
        };
        let path = self.path(sha256);
        let written = self.write(&path, &entry);
        if let Ok(mut log) = self.log.lock() {
            match written {
                Ok(()) => log.kept += 1,
                Err(e) => {
                    log.not_kept += 1;
                    log.first_failure
                        .get_or_insert_with(|| format!("{}: {e}", path.display()));
                }
            }
        }
    }
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
        let key = CacheKey::from_bytes([1; 32]);
        let cache = Cache::new(
            dir.path().to_path_buf(),
            key.clone(),
            Some("abc"),
            &Default::default(),
        );
        let tape = Tape::parse(include_str!("../../fixtures/spec/tape-120345-3.txt")).unwrap();
        cache.put("ab12", Source::OcrCorrected, &Ok(tape.clone()), &None);
        let (source, back, _) = cache.get("ab12").unwrap();
        assert_eq!(source, Source::OcrCorrected);
        assert_eq!(back.unwrap(), tape);
        let other = Cache::new(
            dir.path().to_path_buf(),
            key.clone(),
            Some("other keyring"),
            &Default::default(),
        );
        assert!(other.get("ab12").is_none(), "another keyring reads afresh");
        // An entry copied over another photo's is refused, and remembered.
        cache.put("cd34", Source::OcrCorrected, &Ok(tape.clone()), &None);
        std::fs::copy(cache.path("ab12"), cache.path("cd34")).unwrap();
        assert!(cache.get("cd34").is_none(), "bound to photo ab12, not cd34");
        let refused = cache.log().refused;
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].0, cache.path("cd34"));
        assert!(refused[0].1.contains("another photo"), "{refused:?}");
        assert_eq!(cache.log().kept, 2);
    }

    /// Whoever can write the folder but has not the key cannot make an entry believed: an
    /// entry rewritten for another photo (its hash changed to match), a figure changed, or a
    /// source changed, is refused and named.
    #[test]
    fn entries_are_believed_only_under_their_seal() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(
            dir.path().to_path_buf(),
            CacheKey::from_bytes([2; 32]),
            None,
            &Default::default(),
        );
        let tape = Tape::parse(include_str!("../../fixtures/spec/tape-120345-3.txt")).unwrap();
        cache.put("ab12", Source::Qr, &Ok(tape.clone()), &None);
        cache.put(
            "cd34",
            Source::Ocr,
            &Err(ReadError {
                station: None,
                line: None,
                message: "smudged".into(),
            }),
            &None,
        );
        let text = |h: &str| std::fs::read_to_string(cache.path(h)).unwrap();
        // The good reading filed under the other photo, its photo hash rewritten to match.
        let swapped =
            text("ab12").replace("\"photo_sha256\":\"ab12\"", "\"photo_sha256\":\"cd34\"");
        std::fs::write(cache.path("cd34"), &swapped).unwrap();
        // The source of a reading changed.
        let reviewed = text("ab12").replace("\"source\":\"qr\"", "\"source\":\"reviewed\"");
        assert_ne!(reviewed, text("ab12"));
        std::fs::write(cache.path("ab12"), &reviewed).unwrap();
        assert!(cache.get("cd34").is_none() && cache.get("ab12").is_none());
        let refused = cache.log().refused;
        assert_eq!(refused.len(), 2);
        assert!(
            refused
                .iter()
                .all(|(_, why)| why.contains("seal does not hold")),
            "{refused:?}"
        );
        // Under another key, nothing is believed; without a seal, nothing either.
        cache.put("ab12", Source::Qr, &Ok(tape.clone()), &None);
        assert!(cache.get("ab12").is_some());
        let stranger = Cache::new(
            dir.path().to_path_buf(),
            CacheKey::from_bytes([3; 32]),
            None,
            &Default::default(),
        );
        assert!(stranger.get("ab12").is_none());
        let body = text("ab12");
        let unsealed = body.split_once('\n').unwrap().1;
        std::fs::write(cache.path("ab12"), unsealed).unwrap();
        assert!(cache.get("ab12").is_none());
        assert!(cache.log().refused.last().unwrap().1.contains("not sealed"));
    }

    #[test]
    fn a_photos_lines_come_back_under_their_seal_only() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(
            dir.path().to_path_buf(),
            CacheKey::from_bytes([5; 32]),
            None,
            &Default::default(),
        );
        assert_eq!(cache.get_lines("ab12"), None);
        let lines = vec!["VOTERS 301".to_string(), "117 HUDA N. KAREEM 151".into()];
        cache.put_lines("ab12", Some(&lines));
        cache.put_lines("cd34", None);
        assert_eq!(cache.get_lines("ab12"), Some(Some(lines)));
        assert_eq!(cache.get_lines("cd34"), Some(None));
        std::fs::copy(cache.lines_path("ab12"), cache.lines_path("cd34")).unwrap();
        assert_eq!(cache.get_lines("cd34"), None, "bound to photo ab12");
        let stranger = Cache::new(
            dir.path().to_path_buf(),
            CacheKey::from_bytes([6; 32]),
            None,
            &Default::default(),
        );
        assert_eq!(stranger.get_lines("ab12"), None);
    }

    #[test]
    fn readings_that_cannot_be_kept_are_counted() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, "x").unwrap();
        let cache = Cache::new(
            file,
            CacheKey::from_bytes([4; 32]),
            None,
            &Default::default(),
        );
        let tape = Tape::parse(include_str!("../../fixtures/spec/tape-120345-3.txt")).unwrap();
        cache.put("ab12", Source::Qr, &Ok(tape), &None);
        let log = cache.log();
        assert_eq!((log.kept, log.not_kept), (0, 1));
        assert!(log.first_failure.is_some());
    }
}
