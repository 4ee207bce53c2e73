//! `tally seats`: the seats the published results give, and those the verified tapes give.

use crate::cli::{SeatMethod, SeatsArgs};
use crate::published::{self, ImportOptions};
use crate::report::output::write_output_with;
use crate::report::plural;
use crate::report::seats::{build, render, SeatsFormat};
use crate::seats::{self, allocate::parse_divisor, Method};

use super::output::{refuse_output_over_input, resolve_format, tell_written};
use super::progress::Bars;
use super::reconcile::{import_options, warn_rejected_rows};
use super::{optional_batch, tapes_used, verified_payloads, Outcome};

/// `tally seats` resolved: everything that can be refused is refused before any input is read.
struct Settings {
    import: ImportOptions,
    method: Method,
    format: SeatsFormat,
}

impl Settings {
    fn resolve(args: &SeatsArgs) -> anyhow::Result<Settings> {
        let method = match (args.method, &args.first_divisor) {
            (SeatMethod::Dhondt, Some(_)) => anyhow::bail!(
                "--first-divisor is Sainte-Laguë's: leave it out with --method dhondt"
            ),
            (SeatMethod::Dhondt, None) => Method::DHondt,
            (SeatMethod::SainteLague, d) => Method::SainteLague {
                first_divisor: parse_divisor(d.as_deref().unwrap_or("1.7"))
                    .map_err(|e| anyhow::anyhow!("--first-divisor {e}"))?,
            },
        };
        let output = &args.output.output;
        let inputs = [args.published.as_path(), args.seats.as_path()];
        let inputs = inputs
            .into_iter()
            .chain(args.tapes.iter().map(|p| p.as_path()));
        let inputs = inputs.chain(args.import.paths()).chain(args.photo.paths());
        refuse_output_over_input(output, inputs.chain(args.keyring.paths()))?;
        Ok(Settings {
            import: import_options(&args.import)?,
            method,
            format: resolve_format(args.format, output, SeatsFormat::Table)?,
        })
    }
}

/// Runs `tally seats`.
pub fn run(args: SeatsArgs) -> anyhow::Result<Outcome> {
    let settings = Settings::resolve(&args)?;
    let table = seats::parse_seats(&args.seats)?;
    let bars = Bars::new();
    let published = super::inputs::published_or_hint(
        published::load(&args.published, &settings.import),
        &args.published,
        "the published results cannot be used; no seat was allocated",
    )?;
    warn_rejected_rows(&args.published, &published);
    if args.by == seats::By::District {
        warn_shared_districts(&published);
    }
    let batch = optional_batch(&args.tapes, &args.keyring, &args.photo, &bars)?;
    let with_tapes = batch.is_some();
    let verified = verified_payloads(batch.as_ref());
    let (tallied, leftovers) = seats::tally(&published, &table, args.by, &verified);
    let tapes = batch.as_ref().map(|b| tapes_used(b, verified.len()));
    let report = build(
        &published,
        &table,
        args.by,
        settings.method,
        &tallied,
        &leftovers,
        tapes,
    );
    write_output_with(&args.output.output, &mut |out| {
        out.write_all(
            render(
                &report,
                settings.format,
                crate::report::style::terminal_width(super::output::is_stdout(&args.output.output)),
            )
            .as_bytes(),
        )
    })?;
    let moved = report
        .constituencies
        .iter()
        .filter(|c| !c.moved.is_empty())
        .count();
    let said = if with_tapes {
        plural(
            moved,
            "constituency where seats move",
            "constituencies where seats move",
        )
    } else {
        plural(
            report.constituencies.len(),
            "constituency",
            "constituencies",
        )
    };
    tell_written(&args.output.output, &said);
    let incomplete = !published.rejected.is_empty()
        || batch.as_ref().is_some_and(|b| !b.unreadable().is_empty());
    Ok(Outcome::of(incomplete, report.has_findings()))
}

/// Warns when one district number is found in two governorates: many commissions number
/// districts anew in each governorate, and `--by district` takes a district's number alone as
/// its constituency, so such districts would be summed as one.
fn warn_shared_districts(published: &published::Published) {
    let mut first: std::collections::BTreeMap<u32, u32> = std::collections::BTreeMap::new();
    for s in published.stations.values() {
        let (Some(d), Some(g)) = (s.district, s.governorate) else {
            continue;
        };
        match first.get(&d) {
            Some(&other) if other != g => {
                super::tell(&format!(
                    "tally: warning: district {d} is in governorate {other} and in governorate {g}: --by district takes a district's number alone as its constituency, so these are summed as one; if the commission numbers districts anew in each governorate, allocate --by governorate"
                ));
                return;
            }
            Some(_) => {}
            None => {
                first.insert(d, g);
            }
        }
    }
}
