//! `tally enter`: a tape typed in field by field (questions on stderr, answers on stdin, from a
//! terminal or a pipe), written as a tape file, and verified when a keyring is given.

use std::io::{BufRead, IsTerminal as _, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::cli::EnterArgs;
use crate::entry::{self, Dialogue, Options};
use crate::keyring::Keyring;
use crate::report::output::{write_atomic, write_atomic_new, write_output};
use crate::tape::{print_tape, Tape};
use crate::verify::{verify_tape, Status};

use super::output::is_stdout;
use super::{load_keyring, Outcome};

/// `tally enter` resolved: everything that can be refused is refused before a question is asked.
struct Settings {
    /// Where to write; `None`: `tape-CENTER-STATION.txt` in the current folder.
    output: Option<PathBuf>,
    force: bool,
    options: Options,
    /// Echo answers (piped input), so the questions and answers read as a transcript.
    echo: bool,
    keyring: Option<Keyring>,
}

impl Settings {
    fn resolve(args: EnterArgs) -> anyhow::Result<Settings> {
        let keyring = load_keyring(&args.keyring)?;
        if let Some(path) = args.output.as_deref().filter(|p| !is_stdout(p)) {
            if path.exists() && !args.force {
                anyhow::bail!(
                    "{} already exists: nothing was asked or written; give another -o FILE, or add --force to replace it",
                    path.display()
                );
            }
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            if !dir.is_dir() {
                anyhow::bail!("folder {} does not exist: nothing was asked or written; create it or give another -o FILE", dir.display());
            }
        }
        let terminal = std::io::stdin().is_terminal();
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let clear_screen = terminal && std::io::stderr().is_terminal() && !dumb;
        Ok(Settings {
            output: args.output,
            force: args.force,
            options: Options {
                double: args.double,
                clear_screen,
            },
            echo: !terminal,
            keyring,
        })
    }
}

/// Runs `tally enter`.
pub fn run(args: EnterArgs) -> anyhow::Result<Outcome> {
    let settings = Settings::resolve(args)?;
    let mut d = Dialogue::new(
        std::io::stdin().lock(),
        std::io::stderr().lock(),
        settings.echo,
    );
    let tape = entry::enter(&mut d, settings.options)?;
    let text = print_tape(&tape);
    d.say("\nThe tape as it will be written:\n")?;
    d.say(text.trim_end())?;
    let path = target(&mut d, &settings, &tape)?;
    write(&path, &text, settings.force).with_context(|| {
        format!("cannot write the tape to {}: nothing written; the tape is shown above, run again with another -o FILE", path.display())
    })?;
    if !is_stdout(&path) {
        d.say(&format!("\nWritten to {}.", path.display()))?;
    }
    let Some(keyring) = &settings.keyring else {
        return Ok(Outcome::Clean);
    };
    let written = Tape::parse(&text)
        .context("the tape just written does not read back; please report this")?;
    let verdict = verify_tape(&written, Some(keyring));
    let name = match is_stdout(&path) {
        true => "The tape".to_string(),
        false => path.display().to_string(),
    };
    d.say(&format!("\n{name}: {}", verdict.status))?;
    d.say(&format!("  {}", verdict.reason))?;
    if verdict.status == Status::BadSignature {
        d.say(
            "  Every signature line passed its check symbol, so either a figure was typed \
             differently from the paper tape (compare each one, or type it with --double), \
             or the tape is not what the device signed.",
        )?;
    }
    Ok(match verdict.status {
        Status::Verified => Outcome::Clean,
        _ => Outcome::Findings,
    })
}

/// The file to write: `-o FILE`, or `tape-CENTER-STATION.txt`; when that one exists (and no
/// --force), the person is asked for another name rather than losing the entry.
fn target<R: BufRead, W: Write>(
    d: &mut Dialogue<R, W>,
    settings: &Settings,
    tape: &Tape,
) -> anyhow::Result<PathBuf> {
    if let Some(path) = &settings.output {
        return Ok(path.clone());
    }
    let mut path = PathBuf::from(format!(
        "tape-{}-{}.txt",
        tape.payload.center, tape.payload.station
    ));
    while path.exists() && !settings.force {
        d.problem(&format!(
            "{} already exists, and is not replaced without --force.",
            path.display()
        ))?;
        let name = d.ask("Another file name for this tape (Enter to give up) > ")?;
        if name.is_empty() {
            anyhow::bail!("{} already exists: nothing written; run again with -o FILE, or --force to replace it", path.display());
        }
        path = PathBuf::from(name);
    }
    Ok(path)
}

/// Writes the tape: to standard output for `-`, else atomically, never replacing a file
/// without `force`.
fn write(path: &Path, text: &str, force: bool) -> std::io::Result<()> {
    if is_stdout(path) {
        write_output(path, text.as_bytes())
    } else if force {
        write_atomic(path, text.as_bytes())
    } else {
        write_atomic_new(path, text.as_bytes())
    }
}
