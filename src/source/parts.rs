//! A tape photographed in parts (`--tape-parts a.jpg b.jpg`): its photos read together as one
//! input, named by the first photo, with every part's file and SHA-256 in its provenance
//! (`photo.parts`), and kept in the photo cache under the parts' hashes together.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::batch::Checked;
use super::photo::{from_reading, read_parts_bytes, PhotoPart};
use super::{failed, guard, Input, Opened, ReadOptions, Source};
use crate::keyring::Keyring;
use crate::photo::parts::{find_parts, part_of, MAX_CANDIDATES};
use crate::verify::verify_reading;

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

/// The key a reading is kept under in the photo cache, a reviewed one included: its photo's
/// SHA-256, or for a tape photographed in parts, the key of its parts' hashes together (in
/// the order they were joined).
pub fn cache_key(input: &Input) -> Option<String> {
    match input.photo.as_ref().map(|p| p.parts.as_slice()) {
        Some(parts) if !parts.is_empty() => {
            let hashes: Vec<String> = parts.iter().map(|p| p.sha256.clone()).collect();
            Some(key(&hashes))
        }
        _ => input.sha256.clone(),
    }
}

/// An input as a part of a tape photographed in parts: its path and its photo's hash.
fn as_part(input: &Input) -> PhotoPart {
    PhotoPart {
        path: input.path.display().to_string(),
        sha256: input.sha256.clone().unwrap_or_default(),
    }
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

/// Among the photos of a batch read by OCR that gave no tape on their own, or one no signature
/// proves (a part's text may parse as an unsigned tape of some of the choices), finds the tapes photographed in parts by their common lines
/// ([`crate::photo::parts::find_parts`]: only joins the signature proves) and puts each in
/// place of its first part, the others listed in its `photo.parts`. Everything else stays as
/// it was. Each photo's lines are kept in `cache`, so that the next run reads none again
/// only to compare it. Returns the inputs, and how many photos were compared and how many of
/// them read by OCR.
pub fn join_found_parts(
    mut checked: Vec<Checked>,
    keyring: &Keyring,
    cache: Option<&super::Cache>,
) -> (Vec<Checked>, (usize, usize)) {
    let candidates: Vec<usize> = checked
        .iter()
        .enumerate()
        .filter(|(_, (input, verdict))| {
            input.source == Source::Ocr
                && !verdict.as_ref().is_some_and(|v| v.status.figures_signed())
                && input.line.is_none()
                && input.sha256.is_some()
        })
        .map(|(i, _)| i)
        .collect();
    if candidates.is_empty() || candidates.len() > MAX_CANDIDATES {
        return (checked, (0, 0));
    }
    let bytes: Vec<Vec<u8>> = candidates
        .iter()
        .map(|&i| part_bytes(&checked[i].0.path).unwrap_or_default())
        .collect();
    let refs: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
    let hashes: Vec<&str> = candidates
        .iter()
        .map(|&i| checked[i].0.sha256.as_deref().unwrap_or_default())
        .collect();
    let known: Vec<Option<Option<Vec<String>>>> = hashes
        .iter()
        .map(|h| cache.and_then(|c| c.get_lines(h)))
        .collect();
    // A failure of ours while looking leaves every photo as it was read: unreadable, with its
    // own reason.
    let found = guard::guarded(|| find_parts(&refs, keyring, &known)).unwrap_or_default();
    if let Some(cache) = cache {
        for ((hash, lines), known) in hashes.iter().zip(&found.words).zip(&known) {
            if known.is_none() {
                cache.put_lines(hash, lines.as_deref());
            }
        }
    }
    let looked = (candidates.len(), found.read);
    let mut gone = vec![false; checked.len()];
    let mut joined = vec![false; candidates.len()];
    for (group, reading) in found.tapes {
        for &k in &group {
            joined[k] = true;
        }
        let members: Vec<usize> = group.iter().map(|&k| candidates[k]).collect();
        let (source, tape, photo) = from_reading(reading);
        let mut input = Input {
            path: checked[members[0]].0.path.clone(),
            sha256: checked[members[0]].0.sha256.clone(),
            source,
            tape,
            photo,
            line: None,
        };
        let parts: Vec<PhotoPart> = members.iter().map(|&m| as_part(&checked[m].0)).collect();
        if let Some(info) = input.photo.as_mut() {
            info.parts = parts.clone();
        }
        // A person's review of these parts together, kept by `tally review`, stands for
        // the reading.
        let reviewed = cache_key(&input).and_then(|k| cache.and_then(|c| c.get_review(&k)));
        if let Some((source, Ok(tape), Some(mut photo))) = reviewed {
            photo.parts = parts;
            (input.source, input.tape, input.photo) = (source, Ok(tape), Some(photo));
        }
        let source = input.source;
        let verdict = input
            .tape
            .as_ref()
            .ok()
            .and_then(|t| guard::guarded(|| verify_reading(t, source, Some(keyring))).ok());
        checked[members[0]] = (input, verdict);
        for &m in &members[1..] {
            gone[m] = true;
        }
    }
    // The other parts of a tape whose QR code another photo showed: listed with that photo.
    let proven: Vec<usize> = (0..checked.len())
        .filter(|&i| {
            let (input, verdict) = &checked[i];
            input.source == Source::Qr
                && input.photo.is_some()
                && verdict.as_ref().is_some_and(|v| v.status.figures_signed())
        })
        .collect();
    for (k, lines) in found.lines.iter().enumerate() {
        let Some(lines) = lines.as_ref().filter(|_| !joined[k]) else {
            continue;
        };
        let member = candidates[k];
        let whole = proven.iter().copied().find(|&p| {
            checked[p]
                .0
                .tape
                .as_ref()
                .is_ok_and(|tape| part_of(lines, tape))
        });
        let Some(whole) = whole else {
            continue;
        };
        let part = as_part(&checked[member].0);
        let own = as_part(&checked[whole].0);
        if let Some(info) = checked[whole].0.photo.as_mut() {
            if info.parts.is_empty() {
                info.parts.push(own);
            }
            info.parts.push(part);
        }
        gone[member] = true;
    }
    let checked = checked
        .into_iter()
        .zip(gone)
        .filter_map(|(c, gone)| (!gone).then_some(c))
        .collect();
    (checked, looked)
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
