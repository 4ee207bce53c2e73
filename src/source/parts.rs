//! A tape photographed in parts (`--tape-parts a.jpg b.jpg`): its photos read together as one
//! input, named by the first photo, with every part's file and SHA-256 in its provenance
//! (`photo.parts`), and kept in the photo cache under the parts' hashes together.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::photo::{read_parts_bytes, PhotoPart};
use super::{failed, guard, Input, Opened, ReadOptions};

/// The cache key of photos read together: the SHA-256 of their hashes in order, apart from
/// any one photo's own hash.
fn key(hashes: &[String]) -> String {
    let mut h = Sha256::new();
    h.update(b"tally tape parts\0");
    for hash in hashes {
        h.update(hash.as_bytes());
        h.update([0]);
    }
    hex::encode(h.finalize())
}

/// A part's bytes, or why it cannot be one.
fn part_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let opened = Opened::open(path)?;
    if !opened.photo {
        return Err(
            "not a photo (JPEG, PNG, WebP or HEIC): --tape-parts takes the photos of one tape"
                .into(),
        );
    }
    opened.read_all()
}

/// Reads the photos of one tape's parts as one input (see the module's documentation). A
/// part that cannot be read makes the whole input unreadable, naming the part.
pub fn read_parts_input(paths: &[PathBuf], options: &ReadOptions) -> Input {
    let Some(first) = paths.first().cloned() else {
        return failed(PathBuf::from("--tape-parts"), None, "no photo given".into());
    };
    let mut bytes = Vec::with_capacity(paths.len());
    for path in paths {
        match part_bytes(path) {
            Ok(b) => bytes.push(b),
            Err(message) => {
                return failed(first, None, format!("part {}: {message}", path.display()))
            }
        }
    }
    let hashes: Vec<String> = bytes
        .iter()
        .map(|b| hex::encode(Sha256::digest(b)))
        .collect();
    let refs: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
    let key = key(&hashes);
    let read = guard::guarded(|| read_parts_bytes(&refs, &key, options));
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let (source, mut tape, mut photo) = match read {
        Ok(result) => result,
        Err(message) => {
            return failed(
                first,
                None,
                format!("{message} (parts: {})", names.join(", ")),
            )
        }
    };
    if let Err(e) = &mut tape {
        // No provenance to list them in: the reason names the parts.
        e.message = format!("{} (parts: {})", e.message, names.join(", "));
    }
    let parts: Vec<PhotoPart> = paths
        .iter()
        .zip(&hashes)
        .map(|(path, sha256)| PhotoPart {
            path: path.display().to_string(),
            sha256: sha256.clone(),
        })
        .collect();
    if let Some(info) = photo.as_mut() {
        info.parts = parts;
    }
    Input {
        path: first,
        sha256: hashes.first().cloned(),
        source,
        tape,
        photo,
        line: None,
    }
}
