//! Where tally's files go: standard output, or a file written atomically (a temporary file in
//! the same folder, then a rename), so a crash never leaves a half report that looks whole;
//! never over a file the same run read ([`crate::files::was_read`]).

use std::io::Write;
use std::path::Path;

/// Something that writes a report to a stream.
pub type Render<'a> = &'a mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>;

/// Writes `content` to `path` (`-`: standard output). A closed pipe on standard output is not
/// an error (`tally verify ... | head`).
pub fn write_output(path: &Path, content: &[u8]) -> std::io::Result<()> {
    write_output_with(path, &mut |out| out.write_all(content))
}

/// Streams a report to `path` (`-`: standard output) through `render`, buffered; a file is
/// written as [`write_atomic`] writes it.
pub fn write_output_with(path: &Path, render: Render) -> std::io::Result<()> {
    if path != Path::new("-") {
        return write_file_with(path, render);
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match render(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes a file atomically: temporary file beside it, then rename. A path that exists and is
/// not a regular file (`/dev/null`, a named pipe, `/dev/stdout`) is written in place: renaming
/// over it would replace the device or pipe with a file.
pub fn write_atomic(path: &Path, content: &[u8]) -> std::io::Result<()> {
    write_file_with(path, &mut |out| out.write_all(content))
}

/// Writes a new file atomically (temporary file beside it, then a rename that refuses to replace
/// anything): fails with `AlreadyExists` if `path` exists, even if it appeared meanwhile.
pub fn write_atomic_new(path: &Path, content: &[u8]) -> std::io::Result<()> {
    write_new(path, content, SHARED)
}

/// As [`write_atomic_new`], readable by its owner only (a secret key).
pub fn write_secret_new(path: &Path, content: &[u8]) -> std::io::Result<()> {
    write_new(path, content, OWNER_ONLY)
}

/// Files made as any program makes them: read-write for all, less the user's umask.
const SHARED: u32 = 0o666;
/// Files for their owner's eyes only.
const OWNER_ONLY: u32 = 0o600;

/// Writes a file tally keeps for itself (a photo cache entry) atomically, its folder created
/// first; it may replace the file it was read from.
/// (No sweep of partial files here: a cache folder holds thousands of entries.)
pub fn write_kept(path: &Path, content: &[u8]) -> std::io::Result<()> {
    let dir = folder_of(path);
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(content)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn write_new(path: &Path, content: &[u8], mode: u32) -> std::io::Result<()> {
    temporary_beside(path, &mut |out| out.write_all(content), mode)?.persist_noclobber(path)
}

fn write_file_with(path: &Path, render: Render) -> std::io::Result<()> {
    if path.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "{} is a folder: give -o a file name, e.g. {}",
                path.display(),
                path.join("report.html").display()
            ),
        ));
    }
    if crate::files::was_read(path) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "{} is a file this run read: writing there would replace it; give -o another file name",
                path.display()
            ),
        ));
    }
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let mut out = std::io::BufWriter::new(std::fs::OpenOptions::new().write(true).open(path)?);
        return render(&mut out).and_then(|()| out.flush());
    }
    temporary_beside(path, render, SHARED)?.persist(path)
}

/// The temporary files of `path` are `.NAME.tally-partial-XXXXXX` beside it: recognisable,
/// and removed by the next write of the same file should a run be killed before its rename.
fn partial_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    format!(".{name}.tally-partial-")
}

/// A file rendered in full beside its destination, not yet given its name.
enum Pending {
    /// Linux: a file with no name at all until it is whole (`O_TMPFILE`), so a run killed
    /// while writing (SIGKILL, power loss) leaves nothing behind.
    #[cfg(target_os = "linux")]
    Unnamed(std::fs::File),
    /// Elsewhere, or where the file system has no unnamed files: a hidden named file.
    Named(tempfile::NamedTempFile),
}

impl Pending {
    /// Gives the file its name, replacing whatever had it.
    fn persist(self, path: &Path) -> std::io::Result<()> {
        match self {
            #[cfg(target_os = "linux")]
            Pending::Unnamed(file) => {
                // Named beside `path` first (a name only for the instant of the rename).
                let named = tempfile::Builder::new()
                    .prefix(&partial_prefix(path))
                    .make_in(folder_of(path), |at| link_unnamed(&file, at))?;
                named.persist(path).map_err(|e| e.error)?;
                Ok(())
            }
            Pending::Named(tmp) => tmp.persist(path).map(drop).map_err(|e| e.error),
        }
    }

    /// Gives the file its name, failing with `AlreadyExists` if something has it.
    fn persist_noclobber(self, path: &Path) -> std::io::Result<()> {
        match self {
            #[cfg(target_os = "linux")]
            Pending::Unnamed(file) => link_unnamed(&file, path),
            Pending::Named(tmp) => tmp.persist_noclobber(path).map(drop).map_err(|e| e.error),
        }
    }
}

/// The folder a file goes in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// An unnamed file in `dir` (`O_TMPFILE`), or `None` where the file system has none.
#[cfg(target_os = "linux")]
fn unnamed_in(dir: &Path, mode: u32) -> Option<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_TMPFILE)
        .mode(mode)
        .open(dir)
        .ok()
}

/// Links an unnamed file at `at` (through `/proc/self/fd`, which needs no privilege);
/// `AlreadyExists` if something is there.
#[cfg(target_os = "linux")]
fn link_unnamed(file: &std::fs::File, at: &Path) -> std::io::Result<()> {
    use std::os::unix::io::AsRawFd as _;
    rustix::fs::linkat(
        rustix::fs::CWD,
        format!("/proc/self/fd/{}", file.as_raw_fd()).as_str(),
        rustix::fs::CWD,
        at,
        rustix::fs::AtFlags::SYMLINK_FOLLOW,
    )
    .map_err(std::io::Error::from)
}

/// The report rendered, flushed and synced into a file in the folder of `path` that does not
/// have its name yet: unnamed where the system allows it, else a hidden partial file.
fn temporary_beside(path: &Path, render: Render, mode: u32) -> std::io::Result<Pending> {
    let dir = folder_of(path);
    if !dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "the folder {} does not exist: create it first (mkdir -p {})",
                dir.display(),
                dir.display()
            ),
        ));
    }
    let prefix = partial_prefix(path);
    // Left by a run that was killed (SIGKILL, power loss) before it could rename its file.
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    // The error names the folder, not the hidden temporary file the user never asked for.
    let cannot = |e: std::io::Error| {
        let why = e.raw_os_error().map_or_else(
            || e.kind().to_string(),
            |c| std::io::Error::from_raw_os_error(c).to_string(),
        );
        std::io::Error::new(
            e.kind(),
            format!(
                "cannot write {} in the folder {}: {why}",
                path.display(),
                dir.display()
            ),
        )
    };
    #[cfg(target_os = "linux")]
    if let Some(file) = unnamed_in(dir, mode) {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        render(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        hold_for_tests();
        return Ok(Pending::Unnamed(file));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    // The kernel takes the user's umask off (a temporary file is otherwise owner-only).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(mode));
    #[cfg(not(unix))]
    let _ = mode;
    let tmp = builder.tempfile_in(dir).map_err(cannot)?;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, tmp);
    render(&mut out)?;
    let tmp = out.into_inner().map_err(|e| e.into_error())?;
    tmp.as_file().sync_all()?;
    hold_for_tests();
    Ok(Pending::Named(tmp))
}

/// `TALLY_TEST_HOLD_WRITE=MS`: waits that long with the report written but not yet named, so
/// a test can kill the run there.
fn hold_for_tests() {
    if let Some(ms) = std::env::var("TALLY_TEST_HOLD_WRITE")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    #[test]
    fn reports_follow_the_umask_and_secrets_stay_private() {
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // What any program's new file gets here (0o666 less the umask).
        let plain = dir.path().join("plain");
        std::fs::write(&plain, "x").unwrap();
        let report = dir.path().join("report.html");
        write_atomic(&report, b"<html>").unwrap();
        assert_eq!(mode(&report), mode(&plain));
        let bundle = dir.path().join("b.zip");
        write_atomic_new(&bundle, b"PK").unwrap();
        assert_eq!(mode(&bundle), mode(&plain));
        let secret = dir.path().join("observer.key");
        write_secret_new(&secret, b"key").unwrap();
        assert_eq!(mode(&secret), 0o600 & mode(&plain));
    }
}
