//! What the demo's checking examples share: reading their JSON inputs and the exit codes
//! (0 all exact, 1 a check failed, 2 the inputs could not be read).

use std::path::Path;
use std::process::ExitCode;

/// `DIR/NAME` parsed as JSON; the error names the file.
pub fn load<T: serde::de::DeserializeOwned>(dir: &Path, name: &str) -> Result<T, String> {
    let path = dir.join(name);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Runs `check` on the folder named by the first argument, as `name` (`usage` when none).
pub fn run(name: &str, usage: &str, check: fn(&Path) -> Result<bool, String>) -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: {name} {usage}");
        return ExitCode::from(2);
    };
    match check(Path::new(&dir)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("{name}: {e}");
            ExitCode::from(2)
        }
    }
}
