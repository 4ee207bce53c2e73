//! Two releases of one commission's published results, station by station: the stations
//! added and removed, and per station every figure, choice and status that changed, old →
//! new. A commission that publishes preliminary results, then final ones after an audit, says
//! what the audit changed only through this difference.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::published::{Published, PublishedStation, TOTALS};

/// What changed at a station. JSON names are a contract (`tally-releases(1)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReleaseKind {
    /// The station is in the new release, not in the old.
    ReleaseStationAdded,
    /// The station is in the old release, not in the new.
    ReleaseStationRemoved,
    /// A figure, a choice's votes or the status changed.
    ReleaseChanged,
}

impl ReleaseKind {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReleaseKind::ReleaseStationAdded => "release-station-added",
            ReleaseKind::ReleaseStationRemoved => "release-station-removed",
            ReleaseKind::ReleaseChanged => "release-changed",
        }
    }
}

/// A value as a release gives it: a count, or a text (a status).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// A count.
    Count(u32),
    /// A text.
    Text(String),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Count(n) => write!(f, "{n}"),
            Value::Text(t) => write!(f, "{t:?}"),
        }
    }
}

/// One value that differs between the releases (`None`: not given in that release).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// A field (`registered`, `governorate`, `status`), or `None` for a choice.
    pub field: Option<&'static str>,
    /// The choice, for votes.
    pub choice: Option<u32>,
    /// In the old release.
    pub old: Option<Value>,
    /// In the new release.
    pub new: Option<Value>,
}

impl Change {
    /// What changed, in words: `choice 3: 201 → 204`, `status: "Validated" → "Invalidated"`.
    pub fn detail(&self) -> String {
        let what = match (self.field, self.choice) {
            (Some(f), _) => f.to_string(),
            (None, Some(c)) => format!("choice {c}"),
            (None, None) => String::new(),
        };
        let side = |v: &Option<Value>| v.as_ref().map_or("(none)".to_string(), Value::to_string);
        format!("{what}: {} → {}", side(&self.old), side(&self.new))
    }

    /// New minus old, for counts given in both releases.
    pub fn difference(&self) -> Option<i64> {
        match (&self.old, &self.new) {
            (Some(Value::Count(o)), Some(Value::Count(n))) => Some(i64::from(*n) - i64::from(*o)),
            _ => None,
        }
    }
}

/// A station that differs between the releases.
#[derive(Debug, Clone)]
pub struct StationDiff {
    /// Polling centre.
    pub center: u32,
    /// Station number.
    pub station: u32,
    /// The code as the releases print it (the new release's, else the old's).
    pub code: Option<String>,
    /// Added, removed or changed.
    pub kind: ReleaseKind,
    /// Its first line in the old release.
    pub old_line: Option<usize>,
    /// Its first line in the new release.
    pub new_line: Option<usize>,
    /// What changed (for an added or removed station: every value it has, against none).
    pub changes: Vec<Change>,
}

/// The net change of one choice's votes, new minus old.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetChange {
    /// The choice.
    pub choice: u32,
    /// Over the stations in both releases.
    pub changed: i64,
    /// The votes of the stations added.
    pub added: i64,
    /// The votes of the stations removed (counted negative).
    pub removed: i64,
}

impl NetChange {
    /// The change of the choice's total.
    pub fn total(&self) -> i64 {
        self.changed + self.added + self.removed
    }
}

/// Two releases compared.
#[derive(Debug, Clone)]
pub struct Releases {
    /// The stations that differ, in (centre, station) order.
    pub stations: Vec<StationDiff>,
    /// Stations in both releases with nothing changed.
    pub unchanged: usize,
    /// Per choice whose votes changed anywhere, largest gain first.
    pub net: Vec<NetChange>,
    /// Fields and choices only one release gives (`registered`, `old`): not compared.
    pub one_sided: Vec<(String, &'static str)>,
}

impl Releases {
    /// Stations of a kind.
    pub fn count(&self, kind: ReleaseKind) -> usize {
        self.stations.iter().filter(|s| s.kind == kind).count()
    }
}

/// What a value is of: a field (`registered`, `status`) or a choice's votes.
type Item = (Option<&'static str>, Option<u32>);

/// The values of a station, by item, for comparing: fields, choices, status.
fn values(s: &PublishedStation) -> Vec<(Item, Value)> {
    let mut out = Vec::new();
    for (name, value) in [("governorate", s.governorate), ("district", s.district)] {
        if let Some(v) = value {
            out.push(((Some(name), None), Value::Count(v)));
        }
    }
    for f in TOTALS {
        if let Some(v) = s.total(f) {
            out.push(((Some(f.name()), None), Value::Count(v)));
        }
    }
    for c in &s.choices {
        out.push(((None, Some(c.code)), Value::Count(c.votes)));
    }
    if let Some(status) = &s.status {
        out.push(((Some("status"), None), Value::Text(status.clone())));
    }
    out
}

/// The order changes are listed in: fields in payload order, then choices by code, then
/// the status.
fn sort_key(field: Option<&str>, choice: Option<u32>) -> (u8, usize, u32) {
    const FIELDS: [&str; 7] = [
        "governorate",
        "district",
        "registered",
        "voters",
        "ballots",
        "invalid",
        "valid",
    ];
    match (field, choice) {
        (Some("status"), _) => (2, 0, 0),
        (Some(f), _) => (
            0,
            FIELDS.iter().position(|n| *n == f).unwrap_or(FIELDS.len()),
            0,
        ),
        (None, c) => (1, 0, c.unwrap_or(0)),
    }
}

/// What a release gives anywhere: its fields (`registered`, `status`…) and choice codes.
type Items = BTreeSet<Item>;

fn given(p: &Published) -> Items {
    p.stations
        .values()
        .flat_map(values)
        .map(|(key, _)| match key {
            (None, Some(c)) => (None, Some(c)),
            (field, _) => (field, None),
        })
        .collect()
}

/// Every value that differs between two versions of a station (either may be absent), among
/// the items `compared`.
fn changes(
    old: Option<&PublishedStation>,
    new: Option<&PublishedStation>,
    compared: &Items,
) -> Vec<Change> {
    let mut items: BTreeMap<(u8, usize, u32), Change> = BTreeMap::new();
    for (is_new, station) in [(false, old), (true, new)] {
        for ((field, choice), value) in station.map(values).unwrap_or_default() {
            let item = if field.is_some() {
                (field, None)
            } else {
                (None, choice)
            };
            if !compared.contains(&item) {
                continue;
            }
            let slot = items
                .entry(sort_key(field, choice))
                .or_insert_with(|| Change {
                    field,
                    choice,
                    old: None,
                    new: None,
                });
            if is_new {
                slot.new = Some(value);
            } else {
                slot.old = Some(value);
            }
        }
    }
    items.into_values().filter(|c| c.old != c.new).collect()
}

/// Compares two releases station by station (by centre and station number). A field or choice
/// only one release gives anywhere (a column the other does not publish) is not compared: it
/// is listed in [`Releases::one_sided`] instead of changing every station.
pub fn compare(old: &Published, new: &Published) -> Releases {
    let (in_old, in_new) = (given(old), given(new));
    let compared: Items = in_old.intersection(&in_new).copied().collect();
    let name = |(field, choice): &Item| match (field, choice) {
        (Some(f), _) => f.to_string(),
        (None, c) => format!("choice {}", c.unwrap_or(0)),
    };
    let one_sided = [(&in_old, &in_new, "old"), (&in_new, &in_old, "new")]
        .into_iter()
        .flat_map(|(a, b, which)| {
            a.difference(b)
                .map(move |item| (name(item), which))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut stations = Vec::new();
    let mut unchanged = 0;
    let mut net: BTreeMap<u32, NetChange> = BTreeMap::new();
    let mut keys: Vec<&(u32, u32)> = old.stations.keys().chain(new.stations.keys()).collect();
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        let (o, n) = (old.stations.get(key), new.stations.get(key));
        let kind = match (o, n) {
            (None, Some(_)) => ReleaseKind::ReleaseStationAdded,
            (Some(_), None) => ReleaseKind::ReleaseStationRemoved,
            _ => ReleaseKind::ReleaseChanged,
        };
        let changes = changes(o, n, &compared);
        if changes.is_empty() {
            unchanged += 1;
            continue;
        }
        for c in &changes {
            let Some(code) = c.choice else { continue };
            let votes = |v: &Option<Value>| match v {
                Some(Value::Count(n)) => i64::from(*n),
                _ => 0,
            };
            let entry = net.entry(code).or_insert(NetChange {
                choice: code,
                changed: 0,
                added: 0,
                removed: 0,
            });
            let d = votes(&c.new) - votes(&c.old);
            match kind {
                ReleaseKind::ReleaseStationAdded => entry.added += d,
                ReleaseKind::ReleaseStationRemoved => entry.removed += d,
                ReleaseKind::ReleaseChanged => entry.changed += d,
            }
        }
        stations.push(StationDiff {
            center: key.0,
            station: key.1,
            code: n.or(o).and_then(|s| s.code.clone()),
            kind,
            old_line: o.map(|s| s.line),
            new_line: n.map(|s| s.line),
            changes,
        });
    }
    let mut net: Vec<NetChange> = net
        .into_values()
        .filter(|n| n.changed != 0 || n.added != 0 || n.removed != 0)
        .collect();
    net.sort_by_key(|n| (std::cmp::Reverse(n.total()), n.choice));
    Releases {
        stations,
        unchanged,
        net,
        one_sided,
    }
}

#[cfg(test)]
mod tests;
