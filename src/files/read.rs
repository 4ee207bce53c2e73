//! Every file a user names, or tally finds beside one, is opened here: only regular files
//! (a named pipe or a device would block or never end; a folder is not a file), never more
//! than a bound that fits what the file should be, and each one remembered by its identity
//! (device and inode), so that no output of the same run can replace it ([`was_read`]).

use std::collections::HashSet;
use std::fs::{File, Metadata};
use std::io::{self, Read as _};
use std::path::Path;
#[cfg(not(unix))]
use std::path::PathBuf;
use std::sync::Mutex;

/// Largest key, root key or minisign signature file read (each is a few hundred bytes).
pub const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;
/// Largest layout file (`--layout`, `--tapes-layout`, `--published-layout`): a few
/// kilobytes even with every region of a country spelled out.
pub const MAX_LAYOUT_BYTES: u64 = 4 * 1024 * 1024;
/// Largest seats file (one short line per constituency).
pub const MAX_SEATS_BYTES: u64 = 16 * 1024 * 1024;

/// A file as the system knows it, whatever the name it was reached by (a link, `./`, a
/// hard link).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileId {
    #[cfg(unix)]
    Inode { dev: u64, ino: u64 },
    #[cfg(not(unix))]
    Canonical(PathBuf),
}

impl FileId {
    #[cfg(unix)]
    fn of(meta: &Metadata, _path: &Path) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt as _;
        Some(FileId::Inode {
            dev: meta.dev(),
            ino: meta.ino(),
        })
    }

    #[cfg(not(unix))]
    fn of(_meta: &Metadata, path: &Path) -> Option<FileId> {
        std::fs::canonicalize(path).ok().map(FileId::Canonical)
    }
}

/// The files this run has read.
static READ: Mutex<Option<HashSet<FileId>>> = Mutex::new(None);

fn remember(meta: &Metadata, path: &Path) {
    if let (Some(id), Ok(mut read)) = (FileId::of(meta, path), READ.lock()) {
        read.get_or_insert_with(HashSet::new).insert(id);
    }
}

/// Whether `path` is a file this run has read (by device and inode, not by name): a report
/// written there would replace the evidence it was made from.
pub fn was_read(path: &Path) -> bool {
    let Some(id) = std::fs::metadata(path)
        .ok()
        .and_then(|m| FileId::of(&m, path))
    else {
        return false;
    };
    READ.lock()
        .is_ok_and(|read| read.as_ref().is_some_and(|r| r.contains(&id)))
}

/// Whether two paths name the same file (by device and inode); false when either is missing.
pub fn same_file(a: &Path, b: &Path) -> bool {
    let id = |p: &Path| std::fs::metadata(p).ok().and_then(|m| FileId::of(&m, p));
    id(a).is_some_and(|a| id(b) == Some(a))
}

/// What a path is when it is not a regular file, in an observer's words.
fn kind_of(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

fn not_regular(meta: &Metadata) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "this is {}, not a file: tally reads only regular files",
            kind_of(meta)
        ),
    )
}

/// Checks that `path` is a regular file (following links) and returns its length. The error
/// says what the path is instead.
pub fn regular(path: &Path) -> io::Result<u64> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        return Ok(meta.len());
    }
    Err(not_regular(&meta))
}

/// Opens a regular file for reading, remembered as read: refused before opening when it is a
/// pipe, a device or a folder (opening a pipe would wait for a writer), opened without
/// waiting, and checked again once open (the name could have been swapped meanwhile).
/// Returns the file and its length.
pub fn open(path: &Path) -> io::Result<(File, u64)> {
    regular(path)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    remember(&meta, path);
    Ok((file, meta.len()))
}

/// Reads a regular file of at most `limit` bytes (`what` names it in the error: `a keyring`).
pub fn read(path: &Path, limit: u64, what: &str) -> io::Result<Vec<u8>> {
    let (file, len) = open(path)?;
    let too_large = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("more than {limit} bytes is far too large for {what}: is this the right file?"),
        )
    };
    if len > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Reads a regular UTF-8 text file of at most `limit` bytes.
pub fn read_text(path: &Path, limit: u64, what: &str) -> io::Result<String> {
    String::from_utf8(read(path, limit, what)?).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (byte {}): {what} is UTF-8 text",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_within_bounds() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "hello").unwrap();
        assert_eq!(read(&file, 5, "a tape").unwrap(), b"hello");
        let err = read(&file, 4, "a tape").unwrap_err().to_string();
        assert!(err.contains("far too large for a tape"), "{err}");
        let err = read(dir.path(), 10, "a tape").unwrap_err().to_string();
        assert!(err.contains("this is a folder"), "{err}");
        std::fs::write(&file, b"\xff").unwrap();
        let err = read_text(&file, 10, "a keyring").unwrap_err().to_string();
        assert!(err.contains("not UTF-8 text (byte 0)"), "{err}");
    }

    #[test]
    fn files_read_are_known_by_identity_not_name() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keyring.csv.minisig");
        std::fs::write(&file, "sig").unwrap();
        let other = dir.path().join("report.json");
        std::fs::write(&other, "{}").unwrap();
        assert!(!was_read(&file));
        read(&file, 10, "a signature").unwrap();
        assert!(was_read(&file));
        assert!(!was_read(&other));
        // The same file by another name.
        let linked = dir.path().join("hard-link");
        std::fs::hard_link(&file, &linked).unwrap();
        assert!(was_read(&linked) && same_file(&file, &linked));
        assert!(!same_file(&file, &other) && !same_file(&file, &dir.path().join("missing")));
    }

    #[cfg(unix)]
    #[test]
    fn pipes_and_devices_are_refused_without_blocking() {
        let err = read(Path::new("/dev/zero"), 10, "a layout").unwrap_err();
        assert!(err.to_string().contains("a device"), "{err}");
    }
}
