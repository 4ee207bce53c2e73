//! The manipulations a screen should catch, applied to a station's count before it is signed
//! and published (so that tapes and published results agree, and only the screen sees them):
//! ballot stuffing for the district's favourite, and a turnout written to a whole percentage.

use rand::Rng;
use serde::{Deserialize, Serialize};

use crate::screen::whole_percent;
use crate::tape::Payload;

/// A manipulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ManipulationKind {
    /// Ballots added to the box, all for the district's favourite: 5 to 20% of the register.
    Stuffing,
    /// Turnout changed to a whole percentage (to one decimal), the favourite's votes with it.
    Rounding,
}

/// A station manipulated, as `truth.json` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manipulation {
    /// What was done.
    pub kind: ManipulationKind,
    /// Polling centre.
    pub center: u32,
    /// Station.
    pub station: u32,
    /// Votes added to (or, rounding down, taken from) the favourite, and to the turnout.
    pub votes: i64,
}

/// Adds `delta` voters, ballots and valid votes, all for choice index `favourite`; `None`
/// (the payload unchanged) when that breaks the register or takes more than it has.
fn shift(p: &mut Payload, favourite: usize, delta: i64) -> Option<()> {
    let add = |v: u32| u32::try_from(i64::from(v) + delta).ok();
    let voters = add(p.voters).filter(|&v| v <= p.registered)?;
    let ballots = add(p.ballots)?;
    let valid = add(p.valid)?;
    let votes = add(p.choices.get(favourite)?.votes)?;
    p.voters = voters;
    p.ballots = ballots;
    p.valid = valid;
    p.choices[favourite].votes = votes;
    Some(())
}

/// Applies `kind` to `p`; returns the votes moved, or `None` when the station could not take
/// it (the payload is then unchanged).
pub(crate) fn manipulate(
    kind: ManipulationKind,
    p: &mut Payload,
    favourite: usize,
    rng: &mut impl Rng,
) -> Option<i64> {
    let delta = match kind {
        ManipulationKind::Stuffing => {
            let room = p.registered - p.voters;
            let wanted = (f64::from(p.registered) * rng.gen_range(0.05..0.20)).round() as u32;
            i64::from(wanted.min(room).max(1))
        }
        ManipulationKind::Rounding => {
            let n = p.registered;
            let percent = (f64::from(p.voters) * 100.0 / f64::from(n)).round() as i64;
            // The whole percentage nearest the true one that the register can show exactly
            // (to one decimal): 57.0% of 613 is 349.4, shown as 57.0%.
            (0..=4)
                .flat_map(|d| [percent + d, percent - d])
                .filter(|k| (1..=100).contains(k))
                .map(|k| (f64::from(n) * k as f64 / 100.0).round() as i64)
                .find(|&v| v >= 0 && whole_percent(v as u32, n))
                .map(|v| v - i64::from(p.voters))?
        }
    };
    shift(p, favourite, delta)?;
    Some(delta)
}
