//! Command-line mistakes that clap reports without the fix, given the fix: the tapes given
//! with `--tapes` to a command that takes them as paths (`tally verify DIR`), or as paths
//! to a command that takes them with `--tapes` (`tally reconcile --tapes DIR`).

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::CommandFactory as _;

use crate::report::sanitize::terminal;

/// `err` with the tip that fixes it, when the mistake is one of those above; else as it is.
/// `args` is the command line, the program's name first.
pub fn usage_hint(mut err: clap::Error, args: &[OsString]) -> clap::Error {
    if err.kind() != ErrorKind::UnknownArgument {
        return err;
    }
    let Some(ContextValue::String(bad)) = err.get(ContextKind::InvalidArg) else {
        return err;
    };
    let bad = bad.clone();
    let words: Vec<String> = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let cli = crate::cli::Cli::command();
    let Some((at, sub)) = words
        .iter()
        .enumerate()
        .find_map(|(i, w)| cli.find_subcommand(w).map(|s| (i, s)))
    else {
        return err;
    };
    let takes_tapes = sub.get_arguments().any(|a| a.get_long() == Some("tapes"));
    let takes_paths = sub.get_positionals().next().is_some();
    let name = sub.get_name().to_string();
    let after: &[String] = &words[at + 1..];
    let tip = if !takes_tapes && takes_paths && (bad == "--tapes" || bad.starts_with("--tapes=")) {
        // `--tapes X` → `X`, `--tapes=X` → `X`.
        let fixed: Vec<&str> = after
            .iter()
            .filter(|w| w.as_str() != "--tapes")
            .map(|w| w.strip_prefix("--tapes=").unwrap_or(w))
            .collect();
        format!(
            "`tally {name}` takes the tapes' paths as they are, without --tapes: tally {name} {}",
            fixed.join(" ")
        )
    } else if takes_tapes && !takes_paths && !bad.starts_with('-') {
        let fixed: Vec<&str> = after
            .iter()
            .flat_map(|w| {
                let tapes = (*w == bad).then_some("--tapes");
                tapes.into_iter().chain([w.as_str()])
            })
            .collect();
        format!(
            "`tally {name}` takes the tapes with --tapes: tally {name} {}",
            fixed.join(" ")
        )
    } else {
        return err;
    };
    err.remove(ContextKind::SuggestedArg);
    err.insert(
        ContextKind::Suggested,
        ContextValue::StyledStrs(vec![terminal(&tip).into()]),
    );
    err
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser as _;

    fn tip(line: &str) -> String {
        let args: Vec<OsString> = line.split(' ').map(OsString::from).collect();
        let err = crate::cli::Cli::try_parse_from(&args).unwrap_err();
        usage_hint(err, &args).to_string()
    }

    #[test]
    fn tapes_given_the_other_way_are_shown_the_right_way() {
        let verify = tip("tally verify --tapes tapes/ --keyring k.csv");
        assert!(
            verify.contains("tally verify tapes/ --keyring k.csv")
                && !verify.contains("similar argument"),
            "{verify}"
        );
        let reconcile = tip("tally --color=never reconcile tapes/ --published r.csv");
        assert!(
            reconcile.contains("tally reconcile --tapes tapes/ --published r.csv"),
            "{reconcile}"
        );
        // Anything else keeps clap's own words.
        assert!(!tip("tally verify --nonsense x").contains("without --tapes"));
    }
}
