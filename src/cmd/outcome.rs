//! How a command ended, in the terms of the exit status (`diff(1)` style).

/// How a command ended: exit 0, 1 or 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Nothing found: exit 0.
    Clean,
    /// Findings (a tape that does not verify, a discrepancy): exit 1.
    Findings,
    /// Some input could not be processed: exit 2.
    Incomplete,
}

impl Outcome {
    /// The outcome of a run: incomplete beats findings beats clean.
    pub fn of(incomplete: bool, findings: bool) -> Outcome {
        if incomplete {
            Outcome::Incomplete
        } else if findings {
            Outcome::Findings
        } else {
            Outcome::Clean
        }
    }

    /// The process exit status.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Incomplete => 2,
        }
    }
}
