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

/// Writes a file atomically: temporary file beside it, then rename.
pub fn write_atomic(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(content)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
