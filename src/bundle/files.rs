//! A bundle's files in memory: read from a folder or a `.zip` without extracting anything,
//! written to a new folder (built beside it, then renamed into place) or a new `.zip`
//! (written atomically). Symbolic links, special files and unsafe names are never followed
//! or written: they are listed as refused, for the check to report.

use std::collections::BTreeMap;
use std::io::{Cursor, Read as _, Write as _};
use std::path::Path;

use super::{paths, BundleError};

/// Largest single file read from a bundle.
pub const MAX_FILE_BYTES: u64 = 1 << 30;
/// Largest bundle read (all files together, uncompressed).
const MAX_TOTAL_BYTES: u64 = 8 << 30;

/// The files of a bundle, by path, and the entries that were refused.
#[derive(Debug, Default)]
pub struct BundleFiles {
    /// Regular files with safe paths.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Entries not read: (name as found, why).
    pub refused: Vec<(String, String)>,
}

impl BundleFiles {
    fn add(&mut self, path: String, bytes: Vec<u8>, total: &mut u64) {
        *total += bytes.len() as u64;
        match self.files.entry(path) {
            std::collections::btree_map::Entry::Occupied(e) => self
                .refused
                .push((e.key().clone(), "appears twice in the bundle".into())),
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(bytes);
            }
        }
    }
}

/// Whether a path names a zip bundle (by its extension).
pub fn is_zip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

/// Reads a bundle folder or `.zip` into memory. An error means it could not be read at all.
pub fn read(path: &Path) -> Result<BundleFiles, BundleError> {
    let meta = std::fs::metadata(path).map_err(|e| BundleError::Unreadable {
        path: path.display().to_string(),
        message: format!("cannot open it: {e}"),
    })?;
    if meta.is_dir() {
        read_dir(path)
    } else {
        let bytes = crate::files::read(path, MAX_TOTAL_BYTES, "a bundle").map_err(|e| {
            BundleError::Unreadable {
                path: path.display().to_string(),
                message: format!("cannot read it: {e}"),
            }
        })?;
        read_zip(&bytes).map_err(|message| BundleError::Unreadable {
            path: path.display().to_string(),
            message,
        })
    }
}

fn read_dir(root: &Path) -> Result<BundleFiles, BundleError> {
    let mut out = BundleFiles::default();
    let mut total = 0u64;
    for entry in walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1)
    {
        let entry = entry.map_err(|e| BundleError::Unreadable {
            path: root.display().to_string(),
            message: format!("cannot walk the folder: {e}"),
        })?;
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let Some(name) = rel
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect::<Option<Vec<_>>>()
            .map(|parts| parts.join("/"))
        else {
            out.refused.push((
                rel.to_string_lossy().into_owned(),
                "a file name that is not UTF-8".into(),
            ));
            continue;
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if kind.is_symlink() {
            out.refused.push((
                name,
                "a symbolic link: a bundle holds only regular files; not followed".into(),
            ));
            continue;
        }
        if !kind.is_file() {
            out.refused
                .push((name, "a special file (device, pipe or socket)".into()));
            continue;
        }
        if let Err(e) = paths::check(&name) {
            out.refused.push((name, e));
            continue;
        }
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        if size > MAX_FILE_BYTES || total + size > MAX_TOTAL_BYTES {
            out.refused
                .push((name, format!("{size} bytes: too large for a bundle file")));
            continue;
        }
        match crate::files::read(entry.path(), MAX_FILE_BYTES, "a bundle file") {
            Ok(bytes) => out.add(name, bytes, &mut total),
            Err(e) => out.refused.push((name, format!("cannot read it: {e}"))),
        }
    }
    Ok(out)
}

/// Most entries a bundle's zip may hold (a national bundle has one per tape or photo).
const MAX_ENTRIES: usize = 500_000;

/// The entry names of a zip's local headers, in order, duplicates kept. The zip crate keeps
/// one entry per name in its directory: a forged entry of the same name would hide behind the
/// one checked, while `unzip` extracts it. `Err` when the entries cannot be listed one by one.
fn local_names(bytes: &[u8]) -> Result<Vec<String>, String> {
    let mut cursor = Cursor::new(bytes);
    let mut names = Vec::new();
    while let Some(file) = zip::read::read_zipfile_from_stream(&mut cursor)
        .map_err(|e| format!("its entries cannot be listed one by one ({e})"))?
    {
        names.push(String::from_utf8_lossy(file.name_raw()).into_owned());
        if names.len() > MAX_ENTRIES {
            return Err(format!("more than {MAX_ENTRIES} entries: not a bundle"));
        }
    }
    Ok(names)
}

/// Refuses every name the zip holds more than once, and every entry its directory and its
/// local headers do not agree on: the bytes checked must be the only bytes of that name.
fn refuse_ambiguous(bytes: &[u8], directory: &[String], out: &mut BundleFiles) {
    let local = match local_names(bytes) {
        Ok(names) => names,
        Err(e) => {
            out.refused.push(("(the zip)".into(), e));
            return;
        }
    };
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for name in &local {
        counts.entry(name).or_default().0 += 1;
    }
    for name in directory {
        counts.entry(name).or_default().1 += 1;
    }
    for (name, (in_local, in_directory)) in counts {
        let why = if in_local > 1 || in_directory > 1 {
            format!("appears {} times in the zip: a zip tool may extract another copy than the one checked, so none can be trusted", in_local.max(in_directory))
        } else if in_local != in_directory {
            "is in the zip's directory or its entries but not both: the zip was altered".into()
        } else {
            continue;
        };
        out.refused.push((name.to_string(), why));
    }
}

/// Reads a zip held in memory. Nothing is written anywhere.
pub fn read_zip(bytes: &[u8]) -> Result<BundleFiles, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a bundle folder or a readable .zip ({e})"))?;
    let mut out = BundleFiles::default();
    if archive.len() > MAX_ENTRIES {
        return Err(format!(
            "{} entries: more than a bundle holds (at most {MAX_ENTRIES})",
            archive.len()
        ));
    }
    // What a zip may expand to: a bundle's photos do not compress and its text compresses
    // about tenfold, so a hundredfold is a decompression bomb.
    let budget = MAX_TOTAL_BYTES.min((bytes.len() as u64).saturating_mul(100).max(256 << 20));
    let directory: Vec<String> = archive.file_names().map(str::to_string).collect();
    refuse_ambiguous(bytes, &directory, &mut out);
    let mut total = 0u64;
    for (i, name) in directory.iter().enumerate() {
        let mut file = match archive.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                out.refused
                    .push((name.clone(), format!("cannot be read: {e}")));
                continue;
            }
        };
        let raw = String::from_utf8_lossy(file.name_raw()).into_owned();
        if file.is_dir() {
            if let Err(e) = paths::check(raw.trim_end_matches('/')) {
                out.refused.push((raw, format!("{e}; not extracted")));
            }
            continue;
        }
        if file.is_symlink() {
            out.refused.push((
                raw,
                "a symbolic link: a bundle holds only regular files; not extracted".into(),
            ));
            continue;
        }
        if let Err(e) = paths::check(&raw) {
            out.refused.push((raw, format!("{e}; not extracted")));
            continue;
        }
        let size = file.size();
        if size > MAX_FILE_BYTES || total + size > budget {
            out.refused.push((
                raw,
                format!("{size} bytes: too large for a bundle file (a zip of {} bytes may expand to {budget} at most); not extracted", bytes.len()),
            ));
            continue;
        }
        // The size the header declares is not trusted: at most that many bytes are read, and
        // an entry that holds more is refused (a small zip can claim small entries and hold
        // gigabytes).
        let mut data = Vec::with_capacity(size.min(1 << 20) as usize);
        match (&mut file).take(size + 1).read_to_end(&mut data) {
            Ok(_) if data.len() as u64 > size => out.refused.push((
                raw,
                format!("holds more than the {size} bytes its header declares: the zip was altered; not extracted"),
            )),
            Ok(_) => out.add(raw, data, &mut total),
            Err(e) => out.refused.push((
                raw,
                format!("damaged inside the zip ({e}): its bytes cannot be trusted"),
            )),
        }
    }
    Ok(out)
}

/// Writes the files as a new `.zip`, atomically; refuses to replace an existing file.
pub fn write_zip(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<(), BundleError> {
    let fail = |message: String| BundleError::Write {
        path: out.display().to_string(),
        message,
    };
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (path, bytes) in files {
        zip.start_file(path.as_str(), options)
            .map_err(|e| fail(e.to_string()))?;
        zip.write_all(bytes).map_err(|e| fail(e.to_string()))?;
    }
    let bytes = zip.finish().map_err(|e| fail(e.to_string()))?.into_inner();
    crate::report::output::write_atomic_new(out, &bytes).map_err(|e| {
        fail(if e.kind() == std::io::ErrorKind::AlreadyExists {
            "it exists: a bundle is never replaced; choose another --out".into()
        } else {
            e.to_string()
        })
    })
}

/// Writes the files into a new folder: built in a temporary folder beside it, then renamed
/// into place, so a crash never leaves a half bundle that looks whole. The folder must not
/// exist, or be empty.
pub fn write_dir(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<(), BundleError> {
    let fail = |message: String| BundleError::Write {
        path: out.display().to_string(),
        message,
    };
    if let Ok(meta) = std::fs::symlink_metadata(out) {
        let empty_dir =
            meta.is_dir() && std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_none());
        if !empty_dir {
            return Err(fail(
                "it exists and is not an empty folder: a bundle is never written over other files; choose another --out".into(),
            ));
        }
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new()
        .prefix(".tally-bundle-")
        .tempdir_in(parent)
        .map_err(|e| fail(format!("cannot make a temporary folder beside it: {e}")))?;
    for (path, bytes) in files {
        paths::check(path).map_err(|e| fail(format!("{path}: {e}")))?;
        let target = tmp.path().join(path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| fail(format!("{path}: {e}")))?;
        }
        std::fs::write(&target, bytes).map_err(|e| fail(format!("{path}: {e}")))?;
    }
    let kept = tmp.keep();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let _ = std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o755));
    }
    std::fs::rename(&kept, out).map_err(|e| {
        let _ = std::fs::remove_dir_all(&kept);
        fail(format!("cannot move the finished bundle into place: {e}"))
    })
}
