//! Inputs: files and folders named on the command line, walked in sorted order, each read
//! into a tape or an explanation of why it is not one. Every input is kept, with its SHA-256
//! and how it was read, so that every figure can be traced to its file.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::keyring::Keyring;
use crate::photo::image::decode::PhotoFormat;
use crate::tape::{parse_qr_text, Tape, TapeError, FORMAT_LINE};

pub mod batch;
pub mod cache;
mod cache_key;
pub mod guard;
pub mod parts;
pub mod photo;
pub mod table;

pub use crate::verify::Source;
pub use cache::{Cache, CacheKey, CacheKeyError, Shard};
pub use photo::{PhotoInfo, Review, MAX_PHOTO_BYTES};

/// Largest file read as a tape. A tape of 1000 choices is under 50 KB.
pub const MAX_TAPE_BYTES: u64 = 4 * 1024 * 1024;

/// Why an input could not be read as a tape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// 1-based line the problem is on, when it is on one.
    pub line: Option<usize>,
    /// What is wrong and what to do.
    pub message: String,
    /// The (centre, station) the file's text names though no tape could be made of it (a
    /// photo whose CENTER and STATION lines were read): the station it is unreadable for.
    pub station: Option<(u32, u32)>,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// One input file and what was read from it.
#[derive(Debug, Clone)]
pub struct Input {
    /// The path as given or found while walking a folder.
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, hex (`None` if the file could not be read at all).
    pub sha256: Option<String>,
    /// How it was read.
    pub source: Source,
    /// The tape, or why there is none.
    pub tape: Result<Tape, ReadError>,
    /// Provenance of a tape read from a photo.
    pub photo: Option<PhotoInfo>,
    /// The 1-based line of an observers' table this input is (`None`: the whole file is one
    /// input).
    pub line: Option<usize>,
}

/// A file as a person finds it: `tapes.csv:12` for a row of an observers' table (`line`),
/// else the path.
pub fn located(path: &str, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{path}:{line}"),
        None => path.to_string(),
    }
}

/// How inputs are read: the keyring that judges OCR corrections, and what to try on photos.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions<'a> {
    /// The keyring that judges corrections of photo readings (none: readings as read).
    pub keyring: Option<&'a Keyring>,
    /// What to try on photos.
    pub photo: crate::photo::Options,
    /// Where photo readings are kept between runs (none: every photo is read afresh).
    pub cache: Option<&'a Cache>,
}

/// Expands files and folders into the list of input files: files as given, folders walked
/// recursively in sorted order. A path that does not exist is kept, to be reported.
pub fn expand(paths: &[PathBuf]) -> Vec<Entry> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push(Ok(path.clone()));
            continue;
        }
        for entry in walkdir::WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
        {
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => out.push(Ok(e.into_path())),
                Err(e) => {
                    let at = e.path().map_or_else(|| path.clone(), Path::to_path_buf);
                    out.push(Err((at, format!("cannot walk this folder: {e}"))));
                }
            }
        }
    }
    out
}

/// An input file found by [`expand`], or a path that could not be walked and why.
pub type Entry = Result<PathBuf, (PathBuf, String)>;

/// Reads one input found by [`expand`], photos judged against the options' keyring.
pub fn read_entry_with(entry: Entry, options: &ReadOptions) -> Input {
    match entry {
        Ok(path) => read_input_with(&path, options),
        Err((path, message)) => failed(path, None, message),
    }
}

pub(crate) fn failed(path: PathBuf, sha256: Option<String>, message: String) -> Input {
    Input {
        path,
        sha256,
        source: Source::Typed,
        tape: Err(ReadError {
            station: None,
            line: None,
            message,
        }),
        photo: None,
        line: None,
    }
}

/// Reads one input file.
pub fn read_input(path: &Path) -> Input {
    read_input_with(path, &ReadOptions::default())
}

/// Reads one input file, photos judged against the options' keyring.
pub fn read_input_with(path: &Path, options: &ReadOptions) -> Input {
    match Opened::open(path).and_then(Opened::read_all) {
        Ok(bytes) => input_from(path.to_path_buf(), &bytes, options),
        Err(message) => failed(path.to_path_buf(), None, message),
    }
}

fn input_from(path: PathBuf, bytes: &[u8], options: &ReadOptions) -> Input {
    let hash = hex::encode(Sha256::digest(bytes));
    let (source, tape, photo) = read_bytes_with(bytes, &hash, options);
    Input {
        path,
        sha256: Some(hash),
        source,
        tape,
        photo,
        line: None,
    }
}

/// An input read as far as it can be before the keyring is loaded.
#[derive(Debug)]
// Nearly every input is `Read`: boxing it would cost an allocation per tape to save room in
// the rare `Photo`.
#[allow(clippy::large_enum_variant)]
pub enum Staged {
    /// Read completely: a typed tape, QR text, or a file that is not a tape.
    Read(Input),
    /// A photo: read once the keyring is there, since signatures judge its corrections.
    Photo(PathBuf),
    /// An observers' table (CSV or spreadsheet): read with its layout, a tape per row.
    Table(PathBuf),
    /// The photos of the parts of one tape (`--tape-parts`), read together as one input.
    Parts(Vec<PathBuf>),
}

/// Reads an input found by [`expand`] unless it is a photo (see [`Staged`]), so that typed
/// tapes are read while the keyring loads. With `tables` (a tapes layout was given), a CSV or
/// spreadsheet is an observers' table; without, it is read as any file (and is no tape): a
/// results file left in a folder of tapes is never taken for observations.
pub fn read_unless_photo(entry: Entry, tables: bool) -> Staged {
    let path = match entry {
        Ok(path) => path,
        Err((path, message)) => return Staged::Read(failed(path, None, message)),
    };
    if tables && table::is_table(&path) {
        return Staged::Table(path);
    }
    match Opened::open(&path) {
        Ok(opened) if opened.photo => Staged::Photo(path),
        Ok(opened) => match opened.read_all() {
            Ok(bytes) => Staged::Read(input_from(path, &bytes, &ReadOptions::default())),
            Err(message) => Staged::Read(failed(path, None, message)),
        },
        Err(message) => Staged::Read(failed(path, None, message)),
    }
}

/// Reads a tape from a file's bytes whatever it is: a photo (judged against the options'
/// keyring), QR text, or a printed or typed tape. `sha256` is the bytes' hash (the photo
/// cache's key). A failure of ours while reading is this input's reason (see [`guard`]).
pub fn read_bytes_with(bytes: &[u8], sha256: &str, options: &ReadOptions) -> photo::PhotoResult {
    guard::guarded(|| {
        guard::deliberate_failure("TALLY_TEST_FAILURE", bytes);
        read_any(bytes, sha256, options)
    })
    .unwrap_or_else(|message| {
        (
            Source::Typed,
            Err(ReadError {
                station: None,
                line: None,
                message,
            }),
            None,
        )
    })
}

fn read_any(bytes: &[u8], sha256: &str, options: &ReadOptions) -> photo::PhotoResult {
    if PhotoFormat::sniff(bytes).is_some() {
        photo::read_photo_bytes(bytes, sha256, options)
    } else {
        let (source, tape) = read_bytes(bytes);
        (source, tape, None)
    }
}

/// A file opened and its first bytes read: enough to tell a photo from text.
struct Opened {
    file: std::io::Take<std::fs::File>,
    head: Vec<u8>,
    len: u64,
    photo: bool,
}

impl Opened {
    fn open(path: &Path) -> Result<Opened, String> {
        let not_open = |e: std::io::Error| match e.kind() {
            std::io::ErrorKind::NotFound => "no such file: check the path".to_string(),
            std::io::ErrorKind::InvalidInput => e.to_string(),
            _ => format!("cannot open: {e}"),
        };
        // A named pipe or a device would block the batch, or never end: files only.
        let (file, len) = crate::files::open(path).map_err(not_open)?;
        let mut file = file.take(MAX_PHOTO_BYTES + 1);
        let mut head = Vec::with_capacity(16);
        (&mut file)
            .take(16)
            .read_to_end(&mut head)
            .map_err(|e| format!("cannot read: {e}"))?;
        let photo = PhotoFormat::sniff(&head).is_some();
        Ok(Opened {
            file,
            head,
            len,
            photo,
        })
    }

    /// The whole file, refused when too large for what it is.
    fn read_all(self) -> Result<Vec<u8>, String> {
        let (limit, what) = if self.photo {
            (MAX_PHOTO_BYTES, "a photo")
        } else {
            (MAX_TAPE_BYTES, "a tape")
        };
        let len = self.len;
        if len > limit {
            return Err(format!(
                "{len} bytes is far too large for {what} (at most {limit}): is this the right file?"
            ));
        }
        let mut bytes = self.head;
        bytes.reserve(len.saturating_sub(bytes.len() as u64) as usize);
        let mut file = self.file;
        file.read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read: {e}"))?;
        if bytes.len() as u64 > limit {
            return Err(format!(
                "more than {limit} bytes is far too large for {what}: is this the right file?"
            ));
        }
        Ok(bytes)
    }
}

/// Names the kind of a file that is plainly not text, from its first bytes.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    let kinds: [(&[u8], &str); 7] = [
        (b"\xFF\xD8\xFF", "a JPEG photo"),
        (b"\x89PNG", "a PNG image"),
        (b"GIF8", "a GIF image"),
        (b"PK\x03\x04", "a zip archive (or .xlsx/.docx)"),
        (b"%PDF", "a PDF document"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"\x7FELF", "a program"),
    ];
    if let Some((_, kind)) = kinds.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(kind);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some("a WebP image");
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Some("a HEIC/MP4 file");
    }
    bytes
        .iter()
        .take(8192)
        .any(|&b| b == 0)
        .then_some("binary data")
}

/// Reads a tape from a file's bytes: QR text when it starts with the payload's format line,
/// otherwise a printed or typed tape.
pub fn read_bytes(bytes: &[u8]) -> (Source, Result<Tape, ReadError>) {
    if let Some(kind) = binary_kind(bytes) {
        let hint = if kind.contains("photo") || kind.contains("image") || kind.contains("HEIC") {
            ": tally reads photos in JPEG, PNG, WebP or HEIC; convert it, or type the tape with `tally enter`"
        } else {
            ": not a tape"
        };
        return (
            Source::Typed,
            Err(ReadError {
                station: None,
                line: None,
                message: format!("this is {kind}{hint}"),
            }),
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            let message = format!(
                "not UTF-8 text (byte {}): save the tape as UTF-8",
                e.valid_up_to()
            );
            return (
                Source::Typed,
                Err(ReadError {
                    station: None,
                    line: Some(line),
                    message,
                }),
            );
        }
    };
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let to_error = |e: TapeError| match e.line() {
        Some(line) => ReadError {
            station: None,
            line: Some(line),
            message: e.detail().to_string(),
        },
        None => ReadError {
            station: None,
            line: None,
            message: e.to_string(),
        },
    };
    if body.starts_with(FORMAT_LINE) {
        (Source::QrText, parse_qr_text(body).map_err(to_error))
    } else {
        let tape = Tape::parse(body).map_err(|e| match (&e, misplaced(body)) {
            (TapeError::NotATape(_), Some(message)) => ReadError {
                station: None,
                line: None,
                message: message.into(),
            },
            _ => to_error(e),
        });
        (Source::Typed, tape)
    }
}

/// What a file that is no tape is, when it is one of the other files a command takes (the
/// keyring, the root key, the published results), and the option it goes with.
fn misplaced(text: &str) -> Option<&'static str> {
    if crate::keyring::is_keyring(text.as_bytes()) {
        return Some("this is the device keyring, not a tape: give it with --keyring");
    }
    if crate::keyring::is_minisign_key(text.as_bytes()) {
        return Some("this is a minisign public key, not a tape: the commission's root key goes with --root-key");
    }
    let first = text.lines().next()?;
    let header = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(first.as_bytes())
        .records()
        .next()?
        .ok()?;
    let header: Vec<String> = header.iter().map(str::to_string).collect();
    (header.len() >= 3 && crate::published::map_columns(&header, &[]).is_ok()).then_some(
        "this looks like published results, not a tape: give the commission's results with --published (an observers' own table of readings is read with --tapes-layout FILE)",
    )
}
