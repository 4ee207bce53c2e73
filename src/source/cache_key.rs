//! The key that seals the photo cache's entries (HMAC-SHA-256): kept outside the cache folder,
//! so that whoever can write the folder cannot make an entry tally will believe. Created on
//! first use in the user's config folder (`~/.config/tally/cache.key`), or given with
//! `--cache-key FILE` (the machines of a sharded run share one, like any secret).

use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac as _};
use sha2::Sha256;

/// The first line of a key file.
const KEY_HEADER: &str = "tally photo cache key v1";

/// A photo cache key.
#[derive(Clone)]
pub struct CacheKey {
    bytes: [u8; 32],
    path: PathBuf,
}

impl std::fmt::Debug for CacheKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CacheKey")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Why the cache key cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum CacheKeyError {
    /// The key file cannot be read or is not a key.
    #[error("{}: not a photo cache key: {message}", path.display())]
    Bad {
        /// The key file.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// The key lies inside the cache folder, where it protects nothing.
    #[error("{}: the photo cache key is inside the cache folder {}, where whoever can write the cache can read it: keep it elsewhere (--cache-key FILE)", key.display(), cache.display())]
    InsideCache {
        /// The key file.
        key: PathBuf,
        /// The cache folder.
        cache: PathBuf,
    },
    /// No key was given and none can be kept in the user's config folder.
    #[error("cannot keep the photo cache key in {}: {source}; give one with --cache-key FILE, or read without the cache (--no-cache)", path.display())]
    CannotCreate {
        /// Where it would be.
        path: PathBuf,
        /// Why not.
        source: std::io::Error,
    },
}

impl CacheKey {
    /// The default key file (`~/.config/tally/cache.key` on Linux).
    pub fn default_path() -> Option<PathBuf> {
        dirs::config_dir().map(|d| d.join("tally").join("cache.key"))
    }

    /// The key at `path`, or (no path) the user's own; either is made on first use (the
    /// jobs of a sharded run name one file). A key inside `cache_dir` is refused.
    pub fn load(path: Option<&Path>, cache_dir: &Path) -> Result<CacheKey, CacheKeyError> {
        let path = match path {
            Some(p) => p.to_path_buf(),
            None => match CacheKey::default_path() {
                Some(p) => p,
                None => {
                    return Err(CacheKeyError::CannotCreate {
                        path: PathBuf::from("~/.config/tally/cache.key"),
                        source: std::io::Error::new(
                            std::io::ErrorKind::NotFound,
                            "no home or config folder is known",
                        ),
                    })
                }
            },
        };
        refuse_inside(&path, cache_dir)?;
        if std::fs::symlink_metadata(&path).is_err() {
            create_key(&path)?;
        }
        let text = crate::files::read_text(&path, crate::files::MAX_KEY_FILE_BYTES, "a key")
            .map_err(|e| bad(&path, e.to_string()))?;
        CacheKey::parse(&text, path)
    }

    /// A key from its file's text.
    fn parse(text: &str, path: PathBuf) -> Result<CacheKey, CacheKeyError> {
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        if lines.next() != Some(KEY_HEADER) {
            return Err(bad(
                &path,
                format!("its first line must be {KEY_HEADER:?}; a new key is made by leaving out --cache-key, in ~/.config/tally/cache.key"),
            ));
        }
        let bytes = lines
            .next()
            .and_then(|l| hex::decode(l).ok())
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| {
                bad(
                    &path,
                    "its second line must be 64 hexadecimal digits".into(),
                )
            })?;
        Ok(CacheKey { bytes, path })
    }

    /// A key for tests and fuzzing.
    pub fn from_bytes(bytes: [u8; 32]) -> CacheKey {
        CacheKey {
            bytes,
            path: PathBuf::from("(given)"),
        }
    }

    /// Where the key is kept.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn mac(&self) -> Hmac<Sha256> {
        <Hmac<Sha256>>::new_from_slice(&self.bytes).expect("HMAC takes a key of any length")
    }

    /// The seal of `body`, as hexadecimal.
    pub fn seal(&self, body: &[u8]) -> String {
        let mut mac = self.mac();
        mac.update(body);
        hex::encode(mac.finalize().into_bytes())
    }

    /// Whether `seal` (hexadecimal) is the seal of `body` (compared in constant time).
    pub fn holds(&self, body: &[u8], seal: &str) -> bool {
        let Ok(seal) = hex::decode(seal) else {
            return false;
        };
        let mut mac = self.mac();
        mac.update(body);
        mac.verify_slice(&seal).is_ok()
    }
}

fn bad(path: &Path, message: String) -> CacheKeyError {
    CacheKeyError::Bad {
        path: path.to_path_buf(),
        message,
    }
}

/// Refuses a key inside the cache folder (when both exist or can be resolved).
fn refuse_inside(key: &Path, cache_dir: &Path) -> Result<(), CacheKeyError> {
    let resolve = |p: &Path| {
        std::fs::canonicalize(p).ok().or_else(|| {
            let parent = std::fs::canonicalize(p.parent()?).ok()?;
            Some(parent.join(p.file_name()?))
        })
    };
    if let (Some(k), Some(c)) = (resolve(key), resolve(cache_dir)) {
        if k.starts_with(&c) {
            return Err(CacheKeyError::InsideCache {
                key: key.to_path_buf(),
                cache: cache_dir.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// Makes a new random key at `path`, readable by its owner only.
fn create_key(path: &Path) -> Result<(), CacheKeyError> {
    use rand::RngCore as _;
    let cannot = |source| CacheKeyError::CannotCreate {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(cannot)?;
    }
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let text = format!("{KEY_HEADER}\n{}\n", hex::encode(bytes));
    match crate::files::write::write_secret_new(path, text.as_bytes()) {
        // Another run made it meanwhile: use that one.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        other => other.map_err(cannot),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_made_once_kept_private_and_refused_inside_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache");
        std::fs::create_dir_all(&cache).unwrap();
        let path = dir.path().join("config").join("cache.key");
        create_key(&path).unwrap();
        create_key(&path).unwrap();
        let key = CacheKey::load(Some(&path), &cache).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "owner only");
        }
        let seal = key.seal(b"entry");
        assert!(key.holds(b"entry", &seal));
        assert!(!key.holds(b"entry!", &seal));
        assert!(!key.holds(b"entry", "zz"));
        let other = CacheKey::from_bytes([7; 32]);
        assert!(!other.holds(b"entry", &seal));
        let inside = cache.join("k");
        std::fs::copy(&path, &inside).unwrap();
        let err = CacheKey::load(Some(&inside), &cache)
            .unwrap_err()
            .to_string();
        assert!(err.contains("inside the cache folder"), "{err}");
        std::fs::write(&path, "hello").unwrap();
        let err = CacheKey::load(Some(&path), &cache).unwrap_err().to_string();
        assert!(err.contains("first line must be"), "{err}");
    }
}
