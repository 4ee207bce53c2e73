//! Writing a simulated election: the output folder (built beside its final place, moved in at
//! the end), `published.csv` streamed row by row, and `truth.json`.

use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use super::model::{Settings, SimulateError, StationResult};
use super::truth::{Anomaly, PhotoTruth, TapeTruth, Truth, SCHEMA_VERSION};

/// The header of `published.csv`: one row per station and choice, the station's figures
/// repeated on each of its rows.
pub const PUBLISHED_HEADER: &str =
    "governorate,district,center,station,registered,voters,ballots,invalid,valid,choice,votes";

/// The folder of a governorate's tapes, relative to `tapes/` (`gov-07`).
pub(crate) fn governorate_dir(governorate: u32) -> String {
    format!("gov-{governorate:02}")
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> SimulateError + '_ {
    move |source| SimulateError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes a whole file.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<(), SimulateError> {
    std::fs::write(path, bytes).map_err(io_error(path))
}

/// The folder an election is written into before it is moved to the output folder. Removed
/// with everything in it if dropped before [`Staging::commit`].
pub(crate) struct Staging {
    dir: PathBuf,
    out: PathBuf,
    committed: bool,
}

impl Staging {
    /// Checks that `out` does not exist or is an empty folder, and makes a staging folder
    /// beside it.
    pub fn new(out: &Path) -> Result<Staging, SimulateError> {
        let refuse = |message: &str| SimulateError::Output {
            path: out.to_path_buf(),
            message: message.to_string(),
        };
        if out.exists() {
            if !out.is_dir() {
                return Err(refuse(
                    "exists and is not a folder: choose a new folder to write the election into",
                ));
            }
            let mut entries = std::fs::read_dir(out).map_err(io_error(out))?;
            if entries.next().is_some() {
                return Err(refuse("the folder exists and is not empty: choose a new or empty folder (tally simulate never writes over files)"));
            }
        }
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(io_error(parent))?;
        let name = out
            .file_name()
            .map_or_else(|| "election".into(), |n| n.to_string_lossy().into_owned());
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = parent.join(format!(".{name}.partial-{}-{stamp}", std::process::id()));
        std::fs::create_dir(&dir).map_err(|e| SimulateError::Output {
            path: out.to_path_buf(),
            message: format!("cannot create a working folder beside it ({e}): check that its parent folder is writable"),
        })?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            committed: false,
        })
    }

    /// Where to write the files for now.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Moves the finished election to the output folder (`truth.json` last, when the folder
    /// already existed empty and could not simply be replaced).
    pub fn commit(mut self) -> Result<(), SimulateError> {
        if std::fs::rename(&self.dir, &self.out).is_err() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(&self.dir)
                .map_err(io_error(&self.dir))?
                .map(|e| e.map(|e| e.path()))
                .collect::<Result<_, _>>()
                .map_err(io_error(&self.dir))?;
            entries.sort_by_key(|p| p.file_name() == Some("truth.json".as_ref()));
            for from in entries {
                let to = self.out.join(from.file_name().unwrap_or_default());
                std::fs::rename(&from, &to).map_err(io_error(&to))?;
            }
            std::fs::remove_dir(&self.dir).map_err(io_error(&self.dir))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Streams `published.csv`: the header, then one row per published station and choice, in
/// station order (centre, station) and choice order. Returns the number of rows.
pub(crate) fn write_published(
    path: &Path,
    stations: &[StationResult],
) -> Result<u64, SimulateError> {
    let file = File::create(path).map_err(io_error(path))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut rows = 0u64;
    let mut write = || -> std::io::Result<()> {
        writeln!(out, "{PUBLISHED_HEADER}")?;
        for p in stations.iter().filter_map(|s| s.published.as_ref()) {
            let prefix = format!(
                "{},{},{},{},{},{},{},{},{},",
                p.governorate,
                p.district,
                p.center,
                p.station,
                p.registered,
                p.voters,
                p.ballots,
                p.invalid,
                p.valid
            );
            for c in &p.choices {
                writeln!(out, "{prefix}{},{}", c.code, c.votes)?;
            }
            rows += p.choices.len() as u64;
        }
        out.flush()
    };
    write().map_err(io_error(path))?;
    Ok(rows)
}

/// Writes `truth.json`, pretty, with a final line feed.
pub(crate) fn write_truth(path: &Path, truth: &Truth) -> Result<(), SimulateError> {
    let file = File::create(path).map_err(io_error(path))?;
    let mut out = BufWriter::new(file);
    serde_json::to_writer_pretty(&mut out, truth).map_err(|e| SimulateError::Io {
        path: path.to_path_buf(),
        source: e.into(),
    })?;
    out.write_all(b"\n")
        .and_then(|()| out.flush())
        .map_err(io_error(path))
}

/// The truth of a simulated election from its stations (in plan order).
pub(crate) fn truth(settings: &Settings, stations: &[StationResult]) -> Truth {
    let mut tapes: Vec<TapeTruth> = stations
        .iter()
        .flat_map(|s| s.tapes.iter().cloned())
        .collect();
    tapes.sort_by(|a, b| a.path.cmp(&b.path));
    let mut anomalies: Vec<Anomaly> = stations.iter().filter_map(|s| s.anomaly.clone()).collect();
    anomalies.sort_by_key(|a| (a.center, a.station, a.kind));
    let mut photos: Vec<PhotoTruth> = stations
        .iter()
        .flat_map(|s| s.photos.iter().cloned())
        .collect();
    photos.sort_by(|a, b| a.path.cmp(&b.path));
    let mut manipulations: Vec<_> = stations
        .iter()
        .filter_map(|s| s.manipulation.clone())
        .collect();
    manipulations.sort_by_key(|m| (m.center, m.station));
    Truth {
        schema_version: SCHEMA_VERSION,
        generator: "tally simulate".into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        seed: settings.seed,
        election: settings.election.clone(),
        stations: settings.stations,
        choices: settings.choices,
        tapes,
        anomalies,
        photos,
        manipulations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_refuses_a_full_folder_and_cleans_up() {
        let dir = tempfile::tempdir().unwrap();
        let full = dir.path().join("full");
        std::fs::create_dir(&full).unwrap();
        std::fs::write(full.join("x"), "x").unwrap();
        let err = Staging::new(&full).err().unwrap().to_string();
        assert!(err.contains("not empty"), "{err}");
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(Staging::new(&file)
            .err()
            .unwrap()
            .to_string()
            .contains("not a folder"));
        let out = dir.path().join("new/election");
        drop(Staging::new(&out).unwrap());
        assert_eq!(
            std::fs::read_dir(dir.path().join("new")).unwrap().count(),
            0,
            "a dropped staging folder is removed"
        );
        let staging = Staging::new(&out).unwrap();
        std::fs::write(staging.path().join("truth.json"), "{}").unwrap();
        staging.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("truth.json")).unwrap(),
            "{}"
        );
    }

    #[test]
    fn an_empty_folder_is_filled() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(dir.path()).unwrap();
        std::fs::create_dir(staging.path().join("tapes")).unwrap();
        std::fs::write(staging.path().join("truth.json"), "{}").unwrap();
        staging.commit().unwrap();
        assert!(dir.path().join("tapes").is_dir() && dir.path().join("truth.json").is_file());
    }
}
