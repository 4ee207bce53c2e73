//! Column headers: the fields a published results file can hold, the names commissions give
//! them (English and Arabic), `--map` overrides, and wide-layout choice columns.

use crate::tape::digits::ascii_digits;

/// A field of the published results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// Governorate number.
    Governorate,
    /// Electoral district number.
    District,
    /// Polling centre code.
    Center,
    /// Station number in the centre.
    Station,
    /// Choice (candidate or list) code, long layout.
    Choice,
    /// Votes for the choice, long layout.
    Votes,
    /// Registered voters.
    Registered,
    /// Voters checked in.
    Voters,
    /// Ballots counted.
    Ballots,
    /// Invalid ballots.
    Invalid,
    /// Valid ballots.
    Valid,
}

impl Field {
    /// Every field, in the order `--map` documents them.
    pub const ALL: [Field; 11] = [
        Field::Governorate,
        Field::District,
        Field::Center,
        Field::Station,
        Field::Choice,
        Field::Votes,
        Field::Registered,
        Field::Voters,
        Field::Ballots,
        Field::Invalid,
        Field::Valid,
    ];

    /// The field's name in `--map` and in the tape's payload.
    pub fn name(self) -> &'static str {
        match self {
            Field::Governorate => "governorate",
            Field::District => "district",
            Field::Center => "center",
            Field::Station => "station",
            Field::Choice => "choice",
            Field::Votes => "votes",
            Field::Registered => "registered",
            Field::Voters => "voters",
            Field::Ballots => "ballots",
            Field::Invalid => "invalid",
            Field::Valid => "valid",
        }
    }

    /// The field of a `--map` name.
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| f.name() == name.trim().to_ascii_lowercase())
    }

    /// Names commissions use for the field, already normalised (see [`normalise`]).
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Governorate => &[
                "governorate",
                "gov",
                "governorate id",
                "governorate code",
                "governorate no",
                "gov id",
                "gov code",
                "province",
                "محافظه",
                "المحافظه",
                "رقم المحافظه",
                "رمز المحافظه",
            ],
            Field::District => &[
                "district",
                "district id",
                "district no",
                "district code",
                "district number",
                "electoral district",
                "constituency",
                "دائره",
                "الدائره",
                "الدائره الانتخابيه",
                "رقم الدائره",
            ],
            Field::Center => &[
                "center",
                "centre",
                "center id",
                "centre id",
                "center code",
                "centre code",
                "center no",
                "centre no",
                "center number",
                "centre number",
                "polling center",
                "polling centre",
                "polling center id",
                "polling centre id",
                "polling center code",
                "polling centre code",
                "polling center no",
                "pc",
                "pc id",
                "pc code",
                "pc no",
                "center_id",
                "مركز",
                "المركز",
                "رقم المركز",
                "رمز المركز",
                "مركز الاقتراع",
                "رقم مركز الاقتراع",
            ],
            Field::Station => &[
                "station",
                "station id",
                "station no",
                "station number",
                "station code",
                "polling station",
                "polling station no",
                "polling station number",
                "polling station id",
                "ps",
                "ps no",
                "ps id",
                "محطه",
                "المحطه",
                "رقم المحطه",
                "محطه الاقتراع",
                "رقم محطه الاقتراع",
            ],
            Field::Choice => &[
                "choice",
                "choice code",
                "candidate",
                "candidate no",
                "candidate number",
                "candidate id",
                "candidate code",
                "list",
                "list no",
                "list number",
                "list id",
                "party",
                "party no",
                "party number",
                "party code",
                "مرشح",
                "المرشح",
                "رقم المرشح",
                "القائمه",
                "رقم القائمه",
                "الكيان",
                "رقم الكيان",
            ],
            Field::Votes => &[
                "votes",
                "vote",
                "vote count",
                "votes count",
                "number of votes",
                "total votes",
                "count",
                "اصوات",
                "الاصوات",
                "عدد الاصوات",
                "مجموع الاصوات",
            ],
            Field::Registered => &[
                "registered",
                "registered voters",
                "voters registered",
                "electors",
                "registered electors",
                "المسجلين",
                "الناخبين المسجلين",
                "عدد الناخبين المسجلين",
                "عدد المسجلين",
            ],
            Field::Voters => &[
                "voters",
                "voted",
                "turnout",
                "voters checked in",
                "checked in",
                "voters who voted",
                "المقترعين",
                "عدد المقترعين",
                "الناخبين المقترعين",
            ],
            Field::Ballots => &[
                "ballots",
                "ballots cast",
                "ballots counted",
                "total ballots",
                "ballots in box",
                "اوراق الاقتراع",
                "عدد اوراق الاقتراع",
                "الاوراق",
                "مجموع الاوراق",
            ],
            Field::Invalid => &[
                "invalid",
                "invalid ballots",
                "invalid votes",
                "spoiled",
                "spoiled ballots",
                "rejected ballots",
                "باطله",
                "الباطله",
                "الاوراق الباطله",
                "الاصوات الباطله",
                "عدد الاوراق الباطله",
            ],
            Field::Valid => &[
                "valid",
                "valid ballots",
                "valid votes",
                "صحيحه",
                "الصحيحه",
                "الاوراق الصحيحه",
                "الاصوات الصحيحه",
                "عدد الاوراق الصحيحه",
            ],
        }
    }
}

/// Normalises a header for matching: case, spacing, punctuation, Arabic letter variants and
/// diacritics, Eastern digits.
pub fn normalise(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for c in ascii_digits(header).chars() {
        let c = match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ة' => 'ه',
            'ى' => 'ي',
            '_' | '-' | '.' | '/' | '#' | ':' | '(' | ')' | '\u{00A0}' => ' ',
            '\u{0640}' | '\u{064B}'..='\u{0652}' | '\u{200B}'..='\u{200F}' | '\u{FEFF}' => continue,
            c => c,
        };
        out.extend(c.to_lowercase());
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How the columns of a file map to fields.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// Column index of each field found.
    pub fields: Vec<(Field, usize)>,
    /// Wide layout: (column index, choice code).
    pub choices: Vec<(usize, u32)>,
    /// Columns that are neither (reported, never silently dropped).
    pub ignored: Vec<String>,
    /// Fields that are the sum of several columns (a layout's `[sum]`).
    pub sums: Vec<(Field, Vec<usize>)>,
    /// The station's identity read from codes: (column, pattern) (a layout's `[station_code]`).
    pub station_code: Vec<(usize, regex::Regex)>,
    /// Numbers for names a station-code group captures (a layout's `[station_code.names]`).
    pub station_names: std::collections::BTreeMap<String, u32>,
    /// The choice code inside the choice column's value (a layout's `[choice_code]`).
    pub choice_code: Option<regex::Regex>,
    /// Rows left out: (column, rule) (a layout's `[[skip]]`).
    pub skip: Vec<(usize, super::layout::Skip)>,
    /// Columns whose name says a field but whose values are text: not taken for it.
    pub withdrawn: Vec<(Field, String)>,
    /// The station status column (a layout's `status`).
    pub status: Option<usize>,
    /// Cell values read as empty (a layout's `empty`).
    pub empty: Vec<String>,
}

impl Columns {
    /// The column of a field.
    pub fn get(&self, field: Field) -> Option<usize> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, i)| *i)
    }
}

/// The choice code a wide-layout header names: its one run of digits (`101`, `Candidate 101`,
/// `C101`, `101 - AHMED K. HASSAN`, `المرشح ١٠١`).
fn choice_code(header: &str) -> Option<u32> {
    let text = ascii_digits(header);
    let runs: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|r| !r.is_empty())
        .collect();
    match runs.as_slice() {
        [one] if one.len() <= 9 => one.parse().ok(),
        _ => None,
    }
}

/// Maps a header row to fields: `--map` overrides first, then known names. Errors list the
/// headers seen and the `--map` that would fix the file.
pub fn map_columns(header: &[String], overrides: &[(Field, String)]) -> Result<Columns, String> {
    map_with_layout(header, overrides, &super::LayoutFile::default())
}

/// Maps a header row to fields with a layout file's rules beside the `--map` overrides (which
/// win over the layout's `[columns]`).
pub fn map_with_layout(
    header: &[String],
    overrides: &[(Field, String)],
    layout: &super::LayoutFile,
) -> Result<Columns, String> {
    map_with_samples(header, overrides, layout, &[])
}

/// Whether a column's values in the sample rows are counts (most of those not empty): a
/// column of text is never guessed to hold a number. With no sample, any column fits.
fn holds_counts(sample: &[&csv::StringRecord], i: usize) -> bool {
    let values: Vec<&str> = sample
        .iter()
        .filter_map(|r| r.get(i).map(str::trim))
        .filter(|v| !v.is_empty())
        .collect();
    let counts = values
        .iter()
        .filter(|v| crate::tape::digits::parse_count(v).is_ok())
        .count();
    counts * 2 >= values.len()
}

/// The column to suggest for a field nobody named: one whose sample values are counts, the
/// one with the longest values for a centre (codes are long), else the first.
fn suggest(
    header: &[String],
    sample: &[&csv::StringRecord],
    taken: &[bool],
    field: Field,
) -> String {
    // Digits only, however long: a code too long for a count still fits a centre's column.
    let digits = |i: usize| {
        sample.iter().all(|r| {
            r.get(i)
                .is_none_or(|v| v.trim().chars().all(|c| c.is_ascii_digit()))
        })
    };
    let fitting: Vec<usize> = (0..header.len())
        .filter(|&i| !taken[i] && !sample.is_empty() && digits(i))
        .filter(|&i| {
            sample
                .iter()
                .any(|r| r.get(i).is_some_and(|v| !v.trim().is_empty()))
        })
        .collect();
    let width = |i: usize| {
        sample
            .iter()
            .map(|r| r.get(i).map_or(0, |v| v.trim().len()))
            .max()
            .unwrap_or(0)
    };
    let pick = match field {
        Field::Center => fitting
            .iter()
            .copied()
            .max_by_key(|&i| (width(i), std::cmp::Reverse(i))),
        _ => fitting.first().copied(),
    };
    pick.map_or_else(
        || header.first().cloned().unwrap_or_else(|| "Header".into()),
        |i| header[i].clone(),
    )
}

/// Maps a header row to fields as [`map_with_layout`], with the file's first rows in view: a
/// column whose name says a field but whose values are text is not taken for it (the guess is
/// withdrawn and listed in [`Columns::withdrawn`]), and an error suggests a column whose
/// values fit.
pub fn map_with_samples(
    header: &[String],
    overrides: &[(Field, String)],
    layout: &super::LayoutFile,
    sample: &[&csv::StringRecord],
) -> Result<Columns, String> {
    map_fields(header, overrides, layout, sample, true)
}

/// Maps a header row as [`map_with_samples`]; without `need_choices` a file with no choice
/// column (a list of stations) maps too.
pub(super) fn map_fields(
    header: &[String],
    overrides: &[(Field, String)],
    layout: &super::LayoutFile,
    sample: &[&csv::StringRecord],
    need_choices: bool,
) -> Result<Columns, String> {
    let normalised: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let mut columns = Columns::default();
    let mut taken = vec![false; header.len()];
    let find = |name: &str, said: &dyn Fn() -> String| {
        header
            .iter()
            .position(|h| h.trim() == name.trim())
            .or_else(|| normalised.iter().position(|h| *h == normalise(name)))
            .ok_or_else(|| {
                format!(
                    "{}: no column is called {name:?}; the columns are: {}",
                    said(),
                    quoted(header)
                )
            })
    };
    let claim = |i: usize, what: &str, taken: &mut Vec<bool>| {
        if taken[i] {
            return Err(format!(
                "column {:?} is named for {what} and for another field: one column cannot hold two; fix the layout or --map",
                header[i]
            ));
        }
        taken[i] = true;
        Ok(())
    };
    let layout_map = layout
        .map
        .iter()
        .filter(|(f, _)| !overrides.iter().any(|(o, _)| o == f));
    let named = overrides
        .iter()
        .map(|o| (o, "--map"))
        .chain(layout_map.map(|l| (l, "layout [columns]")));
    for ((field, name), from) in named {
        let field = *field;
        let i = find(name, &|| format!("{from} {}={name:?}", field.name()))?;
        claim(i, field.name(), &mut taken)?;
        columns.fields.push((field, i));
    }
    for name in &layout.ignore {
        let i = find(name, &|| "layout [columns] ignore".to_string())?;
        taken[i] = true;
        columns.ignored.push(header[i].clone());
    }
    for (field, names) in &layout.sums {
        if columns.get(*field).is_some() {
            return Err(format!(
                "layout [sum] {}: the field is also named in [columns] or --map; keep one",
                field.name()
            ));
        }
        let mut at = Vec::new();
        for name in names {
            let i = find(name, &|| format!("layout [sum] {}", field.name()))?;
            claim(i, field.name(), &mut taken)?;
            at.push(i);
        }
        columns.sums.push((*field, at));
    }
    for p in &layout.station_code {
        let i = find(&p.column, &|| "layout [station_code]".to_string())?;
        claim(i, "the station code", &mut taken)?;
        columns.station_code.push((i, p.regex.clone()));
    }
    columns.station_names = layout.station_names.clone();
    if let Some(p) = &layout.choice_code {
        let i = find(&p.column, &|| "layout [choice_code]".to_string())?;
        if columns.get(Field::Choice) != Some(i) {
            claim(i, "choice", &mut taken)?;
            columns.fields.retain(|(f, _)| *f != Field::Choice);
            columns.fields.push((Field::Choice, i));
        }
        columns.choice_code = Some(p.regex.clone());
    }
    for (code, name) in &layout.choices {
        let i = find(name, &|| format!("layout [choices] {code}"))?;
        claim(i, &format!("choice {code}"), &mut taken)?;
        columns.choices.push((i, *code));
    }
    for rule in &layout.skip {
        let i = find(&rule.column, &|| "layout [[skip]]".to_string())?;
        columns.skip.push((i, rule.clone()));
    }
    if let Some(name) = &layout.status {
        let i = find(name, &|| "layout status".to_string())?;
        // A [[skip]] rule may read the status column too: it is claimed only here.
        claim(i, "the station status", &mut taken)?;
        columns.status = Some(i);
    }
    columns.empty.clone_from(&layout.empty);
    // The identity comes from the codes: no column is guessed for it.
    let from_code = |f: Field| {
        columns
            .station_code
            .iter()
            .any(|(_, r)| r.capture_names().flatten().any(|n| n == f.name()))
    };
    let coded: Vec<Field> = [
        Field::Center,
        Field::Station,
        Field::Governorate,
        Field::District,
    ]
    .into_iter()
    .filter(|f| from_code(*f))
    .collect();
    let summed: Vec<Field> = columns.sums.iter().map(|(f, _)| *f).collect();
    for field in Field::ALL {
        if columns.get(field).is_some() || coded.contains(&field) || summed.contains(&field) {
            continue;
        }
        if let Some(i) = (0..header.len())
            .find(|&i| !taken[i] && field.synonyms().contains(&normalised[i].as_str()))
        {
            if holds_counts(sample, i) {
                columns.fields.push((field, i));
                taken[i] = true;
            } else {
                columns.withdrawn.push((field, header[i].clone()));
            }
        }
    }
    let long = columns.get(Field::Choice).is_some() || columns.get(Field::Votes).is_some();
    // A layout that lists the choices lists them all: no other column is guessed as one.
    let listed = !layout.choices.is_empty();
    for (i, h) in header.iter().enumerate() {
        if taken[i] {
            continue;
        }
        match choice_code(h) {
            Some(code) if !long && !listed => columns.choices.push((i, code)),
            _ if h.trim().is_empty() => {}
            _ => columns.ignored.push(h.clone()),
        }
    }
    let missing: Vec<Field> = [Field::Center, Field::Station]
        .into_iter()
        .filter(|f| columns.get(*f).is_none() && !coded.contains(f))
        .collect();
    let long_incomplete =
        long && (columns.get(Field::Choice).is_none() || columns.get(Field::Votes).is_none());
    let no_choices = need_choices && !long && columns.choices.is_empty();
    if !missing.is_empty() || long_incomplete || no_choices {
        let mut need: Vec<&str> = missing.iter().map(|f| f.name()).collect();
        if long_incomplete {
            need.extend(
                [Field::Choice, Field::Votes]
                    .into_iter()
                    .filter(|f| columns.get(*f).is_none())
                    .map(Field::name),
            );
        } else if no_choices {
            need.push("choice and votes (long layout) or one column per choice code (wide layout)");
        }
        let example = missing.first().copied().unwrap_or(Field::Votes);
        let withdrawn: Vec<String> = columns
            .withdrawn
            .iter()
            .map(|(f, h)| format!("{h:?} is named like {} but holds text", f.name()))
            .collect();
        let withdrawn = if withdrawn.is_empty() {
            String::new()
        } else {
            format!(" ({})", withdrawn.join("; "))
        };
        return Err(format!(
            "cannot tell which columns hold {}{withdrawn}; the columns are: {}; name them with --map or a layout file (tally published inspect FILE --write-layout L), e.g. --map {}=\"{}\"",
            need.join(", "),
            quoted(header),
            example.name(),
            suggest(header, sample, &taken, example)
        ));
    }
    refuse_ambiguous(header, &normalised, &columns)?;
    Ok(columns)
}

/// A column tally reads must be the only one of its name (and a choice column the only one of
/// its code): taking the first of two silently made false discrepancies.
fn refuse_ambiguous(
    header: &[String],
    normalised: &[String],
    columns: &Columns,
) -> Result<(), String> {
    let used = columns
        .fields
        .iter()
        .map(|(_, i)| *i)
        .chain(columns.choices.iter().map(|(i, _)| *i));
    for i in used {
        let twin = (0..header.len())
            .find(|&j| j != i && normalised[j] == normalised[i])
            .or_else(|| {
                let code = columns
                    .choices
                    .iter()
                    .find(|(c, _)| *c == i)
                    .map(|(_, code)| *code)?;
                columns
                    .choices
                    .iter()
                    .find(|(c, k)| *c != i && *k == code)
                    .map(|(c, _)| *c)
            });
        if let Some(j) = twin {
            let (a, b) = (i.min(j), i.max(j));
            return Err(format!(
                "columns {} ({:?}) and {} ({:?}) have the same name: tally cannot tell which one holds the figures; rename or remove one of them",
                a + 1,
                header[a],
                b + 1,
                header[b]
            ));
        }
    }
    Ok(())
}

fn quoted(header: &[String]) -> String {
    header
        .iter()
        .map(|h| crate::tape::excerpt(h))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn english_and_arabic_long_headers() {
        let c = map_columns(
            &strings(&["Polling Center", "Station No", "Candidate No", "Votes"]),
            &[],
        )
        .unwrap();
        assert_eq!(c.get(Field::Center), Some(0));
        assert_eq!(c.get(Field::Votes), Some(3));
        let c = map_columns(
            &strings(&[
                "الأصوات",
                "رقم المرشح",
                "رقم المحطة",
                "رقم المركز",
                "الملاحظات",
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(
            (
                c.get(Field::Center),
                c.get(Field::Station),
                c.get(Field::Choice),
                c.get(Field::Votes)
            ),
            (Some(3), Some(2), Some(1), Some(0))
        );
        assert_eq!(c.ignored, ["الملاحظات"]);
    }

    #[test]
    fn wide_headers_and_overrides() {
        let c = map_columns(
            &strings(&[
                "center_id",
                "PS",
                "Registered Voters",
                "101",
                "Candidate 102",
                "C117 - HUDA N. KAREEM",
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(c.choices, [(3, 101), (4, 102), (5, 117)]);
        assert_eq!(c.get(Field::Registered), Some(2));
        let err = map_columns(&strings(&["Kod", "Nr", "Glasovi", "Kandidat"]), &[]).unwrap_err();
        assert!(
            err.contains("\"Kod\", \"Nr\"") && err.contains("--map center="),
            "{err}"
        );
        let c = map_columns(
            &strings(&["Kod", "Nr", "Glasovi", "Kandidat"]),
            &[
                (Field::Center, "Kod".into()),
                (Field::Station, "nr".into()),
                (Field::Votes, "Glasovi".into()),
                (Field::Choice, "Kandidat".into()),
            ],
        )
        .unwrap();
        assert_eq!(c.get(Field::Choice), Some(3));
        assert!(
            map_columns(&strings(&["a"]), &[(Field::Center, "zzz".into())])
                .unwrap_err()
                .contains("no column is called")
        );
    }
}
