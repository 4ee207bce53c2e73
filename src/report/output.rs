//! Where reports go: standard output, or a file written atomically (a temporary file in the
//! same folder, then a rename), so a crash never leaves a half report that looks whole.

use std::io::Write as _;
use std::path::Path;

/// Writes `content` to `path` (`-`: standard output). A closed pipe on standard output is not
/// an error (`tally verify ... | head`).
pub fn write_output(path: &Path, content: &[u8]) -> std::io::Result<()> {
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        return match out.write_all(content).and_then(|()| out.flush()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        };
    }
    write_atomic(path, content)
}

/// Writes a file atomically: temporary file beside it, then rename. A path that exists and is
/// not a regular file (`/dev/null`, a named pipe, `/dev/stdout`) is written in place: renaming
/// over it would replace the device or pipe with a file.
pub fn write_atomic(path: &Path, content: &[u8]) -> std::io::Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let mut special = std::fs::OpenOptions::new().write(true).open(path)?;
        return special.write_all(content).and_then(|()| special.flush());
    }
    temporary_beside(path, content)?
        .persist(path)
        .map_err(|e| e.error)?;
    Ok(())
}

/// Writes a new file atomically (temporary file beside it, then a rename that refuses to replace
/// anything): fails with `AlreadyExists` if `path` exists, even if it appeared meanwhile.
pub fn write_atomic_new(path: &Path, content: &[u8]) -> std::io::Result<()> {
    temporary_beside(path, content)?
        .persist_noclobber(path)
        .map_err(|e| e.error)?;
    Ok(())
}

/// `content` written and synced to a temporary file in the folder of `path`.
fn temporary_beside(path: &Path, content: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let mut tmp = tempfile::NamedTempFile::new_in(dir.unwrap_or(Path::new(".")))?;
    tmp.write_all(content)?;
    tmp.as_file().sync_all()?;
    Ok(tmp)
}
